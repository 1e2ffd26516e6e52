#!/bin/sh
# gongjian-cli add and set under the rules between fields (a credit code
# already used, an end before its start, funds above the budget, an
# organization without its community), and the forms of dates and money
# people type, read back as stored (issue 15, items 3-4). Prints TAP.
set -u

CLI=${1:?usage: test-rules.sh PATH-TO-gongjian-cli}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }

gj() { "$CLI" --db "$DB" "$@"; }
# A field of the one record `show --json` prints; money in yuan, as %.2f.
field() {
  python3 -c "import json,sys; v=json.load(sys.stdin)[0]['$1']
print('%.2f' % v if isinstance(v, float) else v)"
}
# A refusal: a status that is not 0, nothing on stdout, and stderr saying
# each of WORDS (separated by |): refused WHAT WORDS COMMAND ARGUMENT…
refused() {
  what=$1; words=$2; shift 2
  out=$(gj "$@" 2>"$DIR/err"); rc=$?
  missing=""
  old_ifs=$IFS; IFS='|'
  for w in $words; do grep -qF -- "$w" "$DIR/err" || missing="$missing “$w”"; done
  IFS=$old_ifs
  if [ $rc != 0 ] && [ -z "$out" ] && [ -z "$missing" ]; then ok "$what"
  else not_ok "$what: status $rc, stdout “$out”, stderr “$(cat "$DIR/err")”, missing$missing"; fi
}

echo "1..15"

COM=$(gj add community name=东湖社区 type=urban)
ORG=$(gj add organization name=东湖社区银龄互助会 credit_code=91350100M000100Y43 \
      legal_form=social_group category=elderly_care community_id="$COM")
[ -n "$ORG" ] && ok "an organization with its community is added" \
  || not_ok "an organization with its community is added"

# 1. The same credit code a second time, in small letters: refused, naming
#    the record that has it.
refused "a second organization with the credit code is refused" \
  "Unified social credit code|91350100M000100Y43|already used by “东湖社区银龄互助会”" \
  add organization name=东湖银龄会 credit_code=91350100m000100y43 legal_form=social_group \
  category=elderly_care community_id="$COM"
OTHER=$(gj add organization name=东湖邻里帮 legal_form=community_filed category=elderly_care \
        community_id="$COM")
refused "an organization given another's credit code is refused" \
  "already used by “东湖社区银龄互助会”" \
  set organization "$OTHER" credit_code=91350100M000100Y43
is "the owner of the code can still be edited" \
  "$(gj set organization "$ORG" leader=林晓红 credit_code=91350100M000100Y43 >/dev/null 2>&1; \
     echo $?)" 0

# 2. An organization without its community.
refused "an organization without a community is refused" "Community|choose the community" \
  add organization name=无社区组织 legal_form=community_filed category=other

# 3. An end before the start, and funds above the budget.
refused "a project ending before it starts is refused" \
  "Ends|2026-03-04|before “Starts” (2026-03-05)" \
  add project name=银龄助餐 field=elderly status=in_progress start_on=2026-03-05 \
  end_on=2026-03-04
refused "an agreement whose term ends before it starts is refused" \
  "Term ends|2026-12-31|2027-01-15" \
  add agreement title=共驻共建协议 unit_id="$(gj add unit name=清源供电所 type=enterprise)" \
  community_id="$COM" status=in_force start_on=2027年1月15日 end_on=2026/12/31
refused "funds above the budget are refused" \
  "Leveraged social funds|205,000.00|200,000.00" \
  add project name=邻里节 field=elderly status=in_progress budget=20万 gov_funds=15万 \
  social_funds=5.5万
P=$(gj add project name=银龄守护 field=elderly status=in_progress budget=20万 gov_funds=15万 \
    social_funds=5万 start_on=2026/3/5 end_on=2027年1月15日)
refused "lowering the budget under the funds is refused" \
  "add up to 200,000.00 yuan|budget of 15,000.00 yuan" \
  set project "$P" budget=1.5万

# 4. Forms of dates and money, stored as YYYY-MM-DD and exact yuan.
JSON=$(gj show project "$P" --json)
is "2026/3/5 is stored as 2026-03-05" "$(echo "$JSON" | field start_on)" 2026-03-05
is "2027年1月15日 is stored as 2027-01-15" "$(echo "$JSON" | field end_on)" 2027-01-15
is "20万 is 200000 yuan" "$(echo "$JSON" | field budget)" 200000.00
gj set project "$P" start_on=2026.3.5 social_funds=1.5万 gov_funds=¥300 >/dev/null
JSON=$(gj show project "$P" --json)
is "2026.3.5 is stored as 2026-03-05" "$(echo "$JSON" | field start_on)" 2026-03-05
is "1.5万 and ¥300 are stored" \
  "$(echo "$JSON" | field social_funds) $(echo "$JSON" | field gov_funds)" "15000.00 300.00"

# 5. What cannot be read says what to write.
refused "a date without its day says to write the day" "write the day as well" \
  set project "$P" end_on=2027年1月
