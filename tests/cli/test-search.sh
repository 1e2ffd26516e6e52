#!/bin/sh
# Searching by phone and the time bank by volunteer (issue 15): `search`
# finds a volunteer, a leader, a social worker and a unit's contact by the
# whole phone and by its last four digits; `list hours --search` finds the
# entries by the volunteer's name, surname, phone, community and checker,
# and by the new name after a rename; lists and JSON still mask the
# numbers. Then a database written by release 0.2.0 is opened, which
# rebuilds its search table, and finds the same way. Prints TAP.
set -u

CLI=${1:?usage: test-search.sh PATH-TO-gongjian-cli FIXTURE.db.xz}
FIXTURE=${2:?usage: test-search.sh PATH-TO-gongjian-cli FIXTURE.db.xz}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

gj() { "$CLI" --db "$DB" "$@"; }
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
# The number of records `list KIND --search TEXT` prints, as JSON.
found() { "$CLI" --db "${3:-$DB}" list "$1" --search "$2" --json | json_len; }
# `search TEXT` (as JSON) names the record $2.
search_has() { gj search "$1" --json | grep -q "\"$2\""; }

expect() {
  what=$1; want=$2; got=$3
  [ "$got" = "$want" ] && ok "$what" || not_ok "$what: $got, $want expected"
}

gj init --street 东湖街道 --district 清源区 >/dev/null
COM=$(gj add community name=东湖社区 type=urban)
WEST=$(gj add community name=西岭社区 type=urban)
TEAM=$(gj add volunteer_team name=银龄先锋队 community_id="$COM")
FENG=$(gj add volunteer name=冯晓梅 phone=18865719602 resident_id=330102198805124037 \
       community_id="$COM" team_id="$TEAM")
WANG=$(gj add volunteer name=王芳 phone=13911112222 community_id="$WEST")
ORG=$(gj add organization name=东湖书画研习社 legal_form=社会团体 category=其他 leader=周德明 \
      phone=13912345678 community_id="$COM")
SW=$(gj add social_worker name=陈静 certificate=assistant phone=15067781234)
UNIT=$(gj add unit name=东湖小学 type=学校 contact=刘洋 phone=17755503311)
for h in "2 李建国 敬老院陪护" "3 李建国 社区巡逻" "1 张敏 兑换理发"; do
  set -- $h
  gj add hours volunteer_id="$FENG" kind=earn hours="$1" date=2026-11-02 verified_by="$2" \
    note="$3" >/dev/null
done
gj add hours volunteer_id="$WANG" kind=earn hours=4 date=2026-11-03 verified_by=赵强 \
  note=图书整理 >/dev/null

# The whole database, by phone: whole, and the last four digits.
for pair in "18865719602 $FENG" "9602 $FENG" "13912345678 $ORG" "5678 $ORG" \
            "15067781234 $SW" "1234 $SW" "17755503311 $UNIT" "3311 $UNIT" \
            "330102198805124037 $FENG" "4037 $FENG"; do
  set -- $pair
  search_has "$1" "$2" && ok "search $1 finds it" || not_ok "search $1 finds nothing"
done
out=$(gj search 18865719602)
echo "$out" | grep -q 冯晓梅 && ok "search 18865719602 prints the volunteer" \
  || not_ok "search 18865719602: $out"
out=$(gj search 9602)
echo "$out" | grep -q 冯晓梅 && ok "search 9602 prints the volunteer" || not_ok "search 9602: $out"
echo "$out" | grep -q 18865719602 && not_ok "search prints the phone whole" \
  || ok "search does not print the phone"
search_has 9603 "$FENG" && not_ok "search 9603 finds 冯晓梅" || ok "another number finds nobody"

# A list page's search, by phone; the list still masks it.
expect "list volunteer --search 9602" 1 "$(found volunteer 9602)"
expect "list volunteer --search 02 (two characters)" 1 "$(found volunteer 02)"
expect "list organization --search 5678" 1 "$(found organization 5678)"
out=$(gj list volunteer --search 9602)
echo "$out" | grep -q "188\*\*\*\*9602" && ok "the list masks the phone" \
  || not_ok "masked phone not in the list: $out"
echo "$out" | grep -q "330102\*\*\*\*\*\*\*\*4037" && ok "the list masks the ID number" \
  || not_ok "masked ID number not in the list: $out"
echo "$out" | grep -q "18865719602\|330102198805124037" && not_ok "a number shown whole: $out" \
  || ok "no number shown whole"
gj list volunteer --search 9602 --json | grep -q 18865719602 && not_ok "JSON shows the phone" \
  || ok "JSON masks the phone"
gj list volunteer --search 9602 --json --reveal | grep -q 18865719602 \
  && ok "--reveal shows the phone" || not_ok "--reveal does not show the phone"

# The time bank, by the volunteer and around.
expect "list hours --search 冯晓梅" 3 "$(found hours 冯晓梅)"
expect "list hours --search 冯 (surname)" 3 "$(found hours 冯)"
expect "list hours --search 18865719602" 3 "$(found hours 18865719602)"
expect "list hours --search 9602" 3 "$(found hours 9602)"
expect "list hours --search 东湖社区 (the volunteer's community)" 3 "$(found hours 东湖社区)"
expect "list hours --search 银龄先锋 (the volunteer's team)" 3 "$(found hours 银龄先锋)"
expect "list hours --search 李建国 (checker)" 2 "$(found hours 李建国)"
expect "list hours --search 图书 (note)" 1 "$(found hours 图书)"
expect "list hours --search 王芳" 1 "$(found hours 王芳)"
out=$(gj list hours --search 冯)
[ "$(echo "$out" | grep -c 冯晓梅)" = 3 ] && ok "list hours --search 冯 prints her three entries" \
  || not_ok "list hours --search 冯: $out"
out=$(gj list hours --search 冯 --filter kind=earn --json | json_len)
expect "a search and a filter together" 3 "$out"

# Renamed: found by the new name, not the old one.
gj set volunteer "$FENG" name=冯晓兰 >/dev/null
expect "after a rename, list hours --search 冯晓兰" 3 "$(found hours 冯晓兰)"
expect "after a rename, list hours --search 冯晓梅" 0 "$(found hours 冯晓梅)"
out=$(gj list hours --search 冯晓梅)
echo "$out" | grep -q "No records" && ok "the old name: No records" || not_ok "old name: $out"

# A database of release 0.2.0: opening it rebuilds the search table.
OLD="$DIR/v0.2.0.db"
xz -dc "$FIXTURE" >"$OLD" || { echo "Bail out! cannot read $FIXTURE"; exit 1; }
out=$("$CLI" --db "$OLD" search 13912345678 2>&1)
echo "$out" | grep -q 东湖书画研习社 && ok "0.2.0 database: search by a leader's phone" \
  || not_ok "0.2.0 database, search 13912345678: $out"
out=$("$CLI" --db "$OLD" search 5678 --limit 200 2>&1)
echo "$out" | grep -q 东湖书画研习社 && ok "0.2.0 database: search by its last four digits" \
  || not_ok "0.2.0 database, search 5678: $out"
# Each of a few volunteers' entries, by the volunteer's name.
checked=0
for v in $("$CLI" --db "$OLD" list hours --json | python3 -c '
import json, sys
seen = []
for h in json.load(sys.stdin):
    if h["volunteer_id"] not in seen:
        seen.append(h["volunteer_id"])
print(" ".join(seen[:4]))'); do
  name=$("$CLI" --db "$OLD" show volunteer "$v" --json \
         | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')
  own=$("$CLI" --db "$OLD" list hours --filter volunteer_id="$v" --json | json_len)
  mine=$("$CLI" --db "$OLD" list hours --search "$name" --json | python3 -c '
import json, sys
print(sum(h["volunteer_id"] == sys.argv[1] for h in json.load(sys.stdin)))' "$v")
  [ "$own" -gt 0 ] && [ "$mine" = "$own" ] && ok "0.2.0 database: $name's $own entries by name" \
    || not_ok "0.2.0 database: $name: $mine of $own entries found by name"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] && ok "0.2.0 database: $checked volunteers checked" \
  || not_ok "0.2.0 database: no time-bank entries"

echo "1..$n"
[ "$failed" = 0 ]
