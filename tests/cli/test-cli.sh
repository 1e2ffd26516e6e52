#!/bin/sh
# Drives gongjian-cli the way a person or a script would and checks what it
# prints and what ends up in the database. Prints TAP.
set -u

CLI=${1:?usage: test-cli.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
SRV=${2:?usage: test-cli.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok "$desc"; else not_ok "$desc"; fi; }

gj() { "$CLI" --db "$DB" "$@"; }
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$1'])"; }

# Setting up the station.
check "init creates the street" gj init --street 东湖街道 --district 清源区
check "init refuses a second time" sh -c "! \"$CLI\" --db \"$DB\" init --street 西湖街道"
[ "$(gj list street --json | json_len)" = 1 ] && ok "one street" || not_ok "one street"

# Adding records with Chinese enumeration labels and English keys.
COM=$(gj add community name=东湖社区 type=城市社区 households=2100 population=6300)
[ -n "$COM" ] && ok "community added" || not_ok "community added"
ORG=$(gj add organization name=东湖社区银龄互助会 category=养老照护 legal_form=social_group \
      community_id="$COM" phone=13812345678 members=25)
[ -n "$ORG" ] && ok "organization added" || not_ok "organization added"
[ "$(gj show organization "$ORG" --json | json_field category)" = elderly_care ] \
  && ok "Chinese label stored as its key" || not_ok "Chinese label stored as its key"

# Bad input: one line naming the field, exit status 1, nothing written.
before=$(gj list organization --json | json_len)
out=$(gj add organization name=坏数据 category=养老照护 legal_form=社会团体 credit_code=91350100M000100Y44 2>&1)
rc=$?
[ $rc = 1 ] && ok "bad credit code exits 1" || not_ok "bad credit code exits 1 (got $rc)"
echo "$out" | grep -q "credit code" && ok "error names the field" || not_ok "error names the field: $out"
[ "$(echo "$out" | wc -l)" = 1 ] && ok "error is one line" || not_ok "error is one line: $out"
[ "$(gj list organization --json | json_len)" = "$before" ] && ok "nothing written" || not_ok "nothing written"

out=$(gj add organization name=无类别 legal_form=社会团体 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Category" && ok "missing required field named" || not_ok "missing required field: $out"
out=$(gj add volunteer name=张三 resident_id=110101199003071234 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Resident ID" && ok "bad resident ID refused" || not_ok "bad resident ID: $out"
out=$(gj add volunteer name=张三 phone=1234 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Phone" && ok "bad phone refused" || not_ok "bad phone: $out"
out=$(gj add organization name=X category=火星 legal_form=社会团体 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "火星" && ok "unknown enumeration refused" || not_ok "unknown enum: $out"
out=$(gj add planet name=X 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "planet" && ok "unknown kind refused" || not_ok "unknown kind: $out"
out=$(gj frobnicate 2>&1); rc=$?
[ $rc = 2 ] && ok "unknown command is a usage error" || not_ok "unknown command: $rc $out"

# Stage transitions.
INC=$(gj add incubation organization_id="$ORG" stage=applied mentor=李老师)
out=$(gj set incubation "$INC" stage=graduated 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Stage" && ok "applied cannot jump to graduated" || not_ok "jump: $out"
check "applied to admitted" gj set incubation "$INC" stage=已入驻
check "admitted to incubating (id prefix)" gj set incubation "$(echo "$INC" | cut -c1-13)" stage=incubating
[ "$(gj show incubation "$INC" --json | json_field stage)" = incubating ] && ok "stage stored" || not_ok "stage stored"

# Time bank.
VOL=$(gj add volunteer name=王秀英 phone=13900001111 gender=女)
check "hours earned" gj add hours volunteer_id="$VOL" kind=earn hours=4 date=2026-05-01
out=$(gj add hours volunteer_id="$VOL" kind=redeem hours=5 date=2026-05-02 2>&1); rc=$?
[ $rc = 1 ] && ok "redeem beyond balance refused" || not_ok "redeem: $out"

# Listing, masking, search, stats, changes, delete.
gj list volunteer | grep -q "139\*\*\*\*1111" && ok "phone masked in lists" || not_ok "phone masked"
[ "$(gj search 银龄互助 --json | json_len)" = 1 ] && ok "trigram search" || not_ok "trigram search"
[ "$(gj search 银龄 --json | json_len)" = 1 ] && ok "short search falls back to LIKE" || not_ok "short search"
[ "$(gj list organization --filter category=养老照护 --json | json_len)" = 1 ] && ok "filter by Chinese label" || not_ok "filter"
gj stats --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["organizations"]==1 and d[0]["organizations_target"]==10 and d[0]["shortfalls"]>=1' \
  && ok "stats per community against targets" || not_ok "stats"
n_changes=$(gj changes --json --limit 100000 | json_len)
[ "$n_changes" -gt 20 ] && ok "changes lists stamped cells ($n_changes)" || not_ok "changes: $n_changes"
v=$(gj changes | tail -n 1 | sed 's/.*local version \([0-9]*\).*/\1/')
check "delete" gj delete organization "$ORG"
[ "$(gj list organization --json | json_len)" = 0 ] && ok "deleted record hidden" || not_ok "deleted hidden"
[ "$(gj changes --since "$v" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["field"], d[0]["value"])')" = "deleted 1" ] \
  && ok "delete is a tombstone cell" || not_ok "tombstone"
check "undelete" gj undelete organization "$ORG"
gj history organization "$ORG" | grep -q "this device" && ok "history names the device" || not_ok "history"

# Demo data on a fresh database.
DEMO="$DIR/demo.db"
check "demo loads" "$CLI" --db "$DEMO" demo
c() { "$CLI" --db "$DEMO" list "$1" --json | json_len; }
[ "$(c community)" -ge 8 ] && ok "demo communities" || not_ok "demo communities"
[ "$(c organization)" -ge 60 ] && ok "demo organizations" || not_ok "demo organizations"
[ "$(c project)" -ge 20 ] && ok "demo projects" || not_ok "demo projects"
[ "$(c agreement)" -ge 10 ] && ok "demo agreements" || not_ok "demo agreements"
[ "$(c volunteer)" -ge 100 ] && ok "demo volunteers" || not_ok "demo volunteers"
check "demo refuses a second load" sh -c "! \"$CLI\" --db \"$DEMO\" demo"
"$CLI" --db "$DEMO" stats --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) >= 9 and any(x["shortfalls"] > 0 for x in d)' \
  && ok "demo stats show shortfalls" || not_ok "demo stats"
"$CLI" --db "$DEMO" due --json | python3 -c '
import datetime, json, sys
d = json.load(sys.stdin)
today = datetime.date.today()
horizon = {"overdue": -1, "week": 7, "ending": 30}
assert {e["list"] for e in d} <= set(horizon) and len(d) > 0
for e in d:
    day = datetime.date.fromisoformat(e["date"])
    assert day <= today + datetime.timedelta(days=horizon[e["list"]]), e
    assert e["overdue"] == (day < today) == (e["list"] == "overdue"), e
    assert e["days"] == (day - today).days, e
' && ok "due lists what falls due, overdue flagged" || not_ok "due"
out=$("$CLI" --db "$DEMO" due 2>&1) && echo "$out" | grep -q "^Agreements Ending in 30 Days" \
  && ok "due prints each list under its heading" || not_ok "due text: $out"
check "due refuses arguments" sh -c "\"$CLI\" --db \"$DEMO\" due x; [ \$? = 2 ]"

# A file that is not a database.
echo "hello" > "$DIR/notes.txt"
out=$("$CLI" --db "$DIR/notes.txt" list organization 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "not a Gongjian database" && ok "not a database" || not_ok "not a database: $out"

# Backups and damaged files (issue 9).
TODAY=$(date +%F)
[ -f "$DIR/backups/station-$TODAY.db" ] && ok "a write makes the daily backup" \
  || not_ok "daily backup: $(ls "$DIR" "$DIR/backups" 2>&1)"
BK=$(gj backup); [ -f "$BK" ] && [ "$BK" = "$DIR/backups/station-$TODAY.db" ] \
  && ok "backup prints the new file" || not_ok "backup: $BK"
gj backups | grep -q "^$TODAY  $DIR/backups/station-$TODAY.db" && ok "backups lists it" \
  || not_ok "backups: $(gj backups 2>&1)"
N=$(gj list community --json | json_len)
gj add community name=备份后社区 type=城市社区 households=10 population=30 >/dev/null
out=$(gj restore "$DIR/notes.txt" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "not a Gongjian backup" && ok "restore refuses a non-database" \
  || not_ok "restore non-database: $out"
[ "$(gj list community --json | json_len)" = $((N + 1)) ] && ok "a refused restore changes nothing" \
  || not_ok "refused restore changed the database"
out=$(gj restore "$TODAY" 2>&1); rc=$?
aside=$(echo "$out" | sed -n 's/.*kept as “\(.*\)”\./\1/p')
[ $rc = 0 ] && echo "$out" | grep -q "Restored the backup of $TODAY" && [ -f "$aside" ] \
  && ok "restore by date says what it did and where the old file went" || not_ok "restore: $out"
[ "$(gj list community --json | json_len)" = "$N" ] && ok "the restored database is the backup" \
  || not_ok "restored content"
[ "$("$CLI" --db "$aside" list community --json | json_len)" = $((N + 1)) ] \
  && ok "the replaced file keeps the later change" || not_ok "replaced file"

# Flipped bytes in a table page: found before the write, and refused in words.
mkdir -p "$DIR/dmg" && cp "$DB" "$DIR/dmg/station.db"
python3 - "$DIR/dmg/station.db" <<'PY'
import sqlite3, sys
p = sys.argv[1]
c = sqlite3.connect(p)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
size = c.execute("PRAGMA page_size").fetchone()[0]
root = c.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'organization'").fetchone()[0]
c.close()
b = bytearray(open(p, "rb").read())
for i in range(1, 7):
    b[(root - 1) * size + i] ^= 0x5A
open(p, "wb").write(b)
PY
out=$("$CLI" --db "$DIR/dmg/station.db" add community name=坏社区 type=城市社区 households=1 population=1 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "is damaged" && echo "$out" | grep -q "no backup" \
  && ok "a damaged file is refused before a write" || not_ok "damaged: $out"
out=$("$CLI" --db "$DIR/dmg/station.db" set community "$COM" households=2 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "is damaged" && ok "and stays refused" || not_ok "damaged again: $out"
: > "$DIR/empty.db"
out=$("$CLI" --db "$DIR/empty.db" list community 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "empty (0 bytes)" && [ ! -s "$DIR/empty.db" ] \
  && ok "an empty file is refused, not made a new database" || not_ok "empty file: $out"

# Honest output (issue 9).
valid_json() { python3 -c 'import json,sys; json.load(sys.stdin)'; }
one_line_err() { [ "$(wc -l < "$1")" = 1 ]; }

# --json is valid JSON for every command that prints it, whatever the values hold.
ODD=$(printf 'quote " backslash \\ tab\there\nnew line')
DEMO_COM=$("$CLI" --db "$DEMO" list community --json \
           | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
OID=$("$CLI" --db "$DEMO" add organization name=怪字符社 category=其他 legal_form=社区备案组织 \
      community_id="$DEMO_COM" description="$ODD")
[ "$("$CLI" --db "$DEMO" show organization "$OID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["description"] == sys.argv[1])' "$ODD")" = True ] \
  && ok "quotes, backslashes, tabs and newlines round-trip through --json" || not_ok "odd text through --json"
VID=$("$CLI" --db "$DEMO" list volunteer --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
for args in "list organization" "list volunteer --all" "show organization $OID" "show volunteer $VID" \
            "history organization $OID" "search 怪字符" "stats" "changes --limit 5000" "peers" "conflicts --all"; do
  # shellcheck disable=SC2086
  "$CLI" --db "$DEMO" $args --json 2>"$DIR/err" | valid_json && ok "$args --json is valid JSON" || not_ok "$args --json: $(cat "$DIR/err")"
done
# Values stored before validation existed, or by an older peer: damaged bytes, infinity.
cp "$DEMO" "$DIR/old.db"
python3 - "$DIR/old.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE organization SET leader = CAST(X'61CE35' AS TEXT) WHERE rowid = (SELECT MIN(rowid) FROM organization)")
c.execute("UPDATE hours SET hours = 1e999 WHERE rowid = (SELECT MIN(rowid) FROM hours)")
c.commit()
PY
for kind in organization hours; do
  out=$("$CLI" --db "$DIR/old.db" list $kind --json 2>/dev/null)
  { [ -z "$out" ] || printf '%s\n' "$out" | valid_json; } && ok "old damaged $kind values still give valid JSON (or nothing)" || not_ok "damaged $kind JSON"
done
# Errors under --json: stdout empty, one line on stderr.
out=$("$CLI" --db "$DEMO" show organization 00000000 --json 2>"$DIR/err"); rc=$?
[ $rc = 1 ] && [ -z "$out" ] && one_line_err "$DIR/err" && ok "an error under --json: nothing on stdout, one line on stderr" \
  || not_ok "error under --json: $rc '$out' $(cat "$DIR/err")"
out=$("$CLI" --db "$DEMO" add organization name=X --json 2>"$DIR/err"); rc=$?
[ $rc = 2 ] && [ -z "$out" ] && one_line_err "$DIR/err" && grep -q "JSON" "$DIR/err" \
  && ok "a command that prints no JSON refuses --json" || not_ok "add --json: $rc '$out' $(cat "$DIR/err")"

# The ID column is unique, and every short id shows its own record.
"$CLI" --db "$DEMO" list volunteer | sed '1d;$d' | cut -d' ' -f1 > "$DIR/ids"
[ "$(sort "$DIR/ids" | uniq -d | wc -l)" = 0 ] && [ "$(wc -l < "$DIR/ids")" -ge 100 ] \
  && ok "list's ID column has no duplicates ($(wc -l < "$DIR/ids") volunteers, $(head -c 40 "$DIR/ids" | head -n 1))" || not_ok "duplicate short ids"
bad=0
"$CLI" --db "$DEMO" list volunteer --json | python3 -c 'import json,sys; [print(v["id"]) for v in json.load(sys.stdin)]' > "$DIR/full"
i=0
while read -r short; do
  i=$((i + 1))
  full=$(sed -n "${i}p" "$DIR/full")
  "$CLI" --db "$DEMO" show volunteer "$short" | head -n 1 | grep -q "$full" || bad=$((bad + 1))
done < "$DIR/ids"
[ $bad = 0 ] && ok "every short id resolves to its own record with show" || not_ok "$bad short ids do not resolve"
"$CLI" --db "$DEMO" search 社区 | sed '$d' | cut -d' ' -f1 | sort | uniq -d | grep -q . \
  && not_ok "search repeats a short id" || ok "search's short ids are unique"

# A prefix that several records share says so and shows some of them.
PREFIX=$(head -n 1 "$DIR/full" | cut -c1-9)
out=$("$CLI" --db "$DEMO" show volunteer "$PREFIX" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "more than one" && [ "$(echo "$out" | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | wc -l)" -ge 2 ] \
  && ok "an ambiguous prefix is named as such, with matches" || not_ok "ambiguous prefix: $out"

# Resident IDs and phones are masked unless --reveal.
RID=$("$CLI" --db "$DEMO" show volunteer "$VID" --json --reveal | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["resident_id"] or "")')
PHONE=$("$CLI" --db "$DEMO" show volunteer "$VID" --json --reveal | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["phone"] or "")')
[ ${#RID} = 18 ] && [ ${#PHONE} = 11 ] && ok "--reveal gives the full resident ID and phone" || not_ok "reveal: '$RID' '$PHONE'"
masked=1
for args in "show volunteer $VID" "show volunteer $VID --json" "list volunteer" "list volunteer --json" \
            "changes --limit 100000" "changes --limit 100000 --json"; do
  # shellcheck disable=SC2086
  "$CLI" --db "$DEMO" $args | grep -q -e "$RID" -e "$PHONE" && { masked=0; not_ok "$args shows a resident ID or phone in full"; }
done
[ $masked = 1 ] && ok "show, list and changes mask resident IDs and phones, text and JSON"
"$CLI" --db "$DEMO" show volunteer "$VID" --reveal | grep -q "$RID" && "$CLI" --db "$DEMO" changes --limit 100000 --reveal | grep -q "$PHONE" \
  && ok "show and changes with --reveal print them in full" || not_ok "show/changes --reveal"

# Numeric options: not numbers, negative, trailing garbage, overflow; each names the option.
for bad in "--limit abc" "--limit -1" "--limit 5x" "--limit 99999999999999999999" "--since -5" "--since 1e3" \
           "--seed x" "--year 20x6"; do
  # shellcheck disable=SC2086
  out=$("$CLI" --db "$DEMO" changes $bad 2>&1); rc=$?
  [ $rc = 2 ] && echo "$out" | grep -q -- "${bad%% *}" && ok "refused: $bad" || not_ok "$bad: $rc $out"
done
out=$("$CLI" --db "$DEMO" pair https://127.0.0.1:1 --listen 99999 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q -- "--listen" && ok "a port out of range is refused" || not_ok "port: $rc $out"
[ "$("$CLI" --db "$DEMO" list volunteer --limit 3 --json | json_len)" = 3 ] && ok "a good --limit still works" || not_ok "--limit 3"

# Arguments that are not UTF-8 are refused at the door, naming the field; nothing is created.
out=$("$CLI" --db "$DIR/fresh.db" init --street "$(printf 'a\316\065')" 2>&1); rc=$?
[ $rc != 0 ] && echo "$out" | grep -q -- "--street" && [ ! -e "$DIR/fresh.db" ] \
  && ok "a street name that is not UTF-8 is refused before the file is made" || not_ok "init non-UTF-8: $rc $out"
before=$(gj changes | tail -n 1)
out=$(gj add volunteer name="$(printf 'a\316\065')" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Name" && echo "$out" | grep -q "UTF-8" && ok "a field value that is not UTF-8 is refused, naming the field" \
  || not_ok "non-UTF-8 value: $rc $out"
out=$(gj search "$(printf 'a\316\065')" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "UTF-8" && ok "search text that is not UTF-8 is refused" || not_ok "search non-UTF-8: $rc $out"
out=$(gj add volunteer name="$(printf 'a\033[31mb')" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Name" && ok "a control character in a text field is refused" || not_ok "control character: $rc $out"
[ "$(gj changes | tail -n 1)" = "$before" ] && ok "and nothing was written" || not_ok "something was written"
out=$(gj init --street "" 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q -- "--street" && ok "an empty --street is refused" || not_ok "empty --street: $rc $out"

# sync never says "Synced" when it failed: an enrolment pointing at a closed loopback port.
enrol_closed() { python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
              [("sync.url", "https://127.0.0.1:1"), ("sync.server", "ab" * 32),
               ("sync.push", "0,0"), ("sync.pull", "0,0")])
c.commit()
PY
}
enrol_closed "$DB"
for args in "sync" "sync --server"; do
  # shellcheck disable=SC2086
  out=$(gj $args 2>&1); rc=$?
  [ $rc = 1 ] && ! echo "$out" | grep -q "Synced" && echo "$out" | grep -q "district server" \
    && ok "$args against a closed port fails, says what failed, and not \"Synced\"" || not_ok "$args: $rc $out"
done

# A partial failure says which: the district server fails, a paired laptop syncs.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}
PA=$(free_port)
"$CLI" --db "$DEMO" serve --listen "127.0.0.1:$PA" >"$DIR/serve.log" 2>&1 &
SERVING=$!
trap 'kill $SERVING 2>/dev/null; rm -rf "$DIR"' EXIT
wait_port "$PA"
"$CLI" --db "$DIR/p.db" pair "https://127.0.0.1:$PA" >"$DIR/pair.log" 2>&1 &
asker=$!
for i in $(seq 1 30); do grep -q "Pairing code" "$DIR/pair.log" && break; sleep 0.2; done
code=$(sed -n 's/.*its code is \([0-9 ]*\)\..*/\1/p' "$DIR/serve.log" | tail -n 1)
"$CLI" --db "$DEMO" accept "$code" >/dev/null 2>&1
wait $asker
enrol_closed "$DIR/p.db"
out=$("$CLI" --db "$DIR/p.db" sync 2>"$DIR/err"); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "Partly synced" && grep -q "failed: .*district server" "$DIR/err" \
  && ok "a partial sync says so and names what failed: $out" || not_ok "partial sync: $rc $out $(cat "$DIR/err")"
[ "$("$CLI" --db "$DIR/p.db" list organization --json | json_len)" -ge 60 ] \
  && ok "and the laptop that answered was synced" || not_ok "partial sync moved nothing"
# A conflict over a phone number is as private as the phone itself.
"$CLI" --db "$DEMO" set volunteer "$VID" phone=13900003333 >/dev/null
"$CLI" --db "$DIR/p.db" set volunteer "$VID" phone=13900004444 >/dev/null
"$CLI" --db "$DIR/p.db" sync >/dev/null 2>&1
if [ "$("$CLI" --db "$DIR/p.db" conflicts --json | json_len)" -ge 1 ]; then
  "$CLI" --db "$DIR/p.db" conflicts; "$CLI" --db "$DIR/p.db" conflicts --json
fi > "$DIR/conflicts.out"
grep -q "139\*\*\*\*" "$DIR/conflicts.out" && ! grep -q -e 13900003333 -e 13900004444 "$DIR/conflicts.out" \
  && ok "conflicts mask both phone numbers" || not_ok "conflicts masking: $(cat "$DIR/conflicts.out")"
"$CLI" --db "$DIR/p.db" conflicts --reveal | grep -q -e 13900003333 -e 13900004444 \
  && ok "conflicts --reveal shows them" || not_ok "conflicts --reveal"
kill $SERVING 2>/dev/null

# Spreadsheet import: a ledger as Excel on Chinese Windows saves it (GB18030
# CSV), under a title row, with a 合计 row, full-width and spaced values, a
# month-only date, a name repeated with a trailing space, an impossible date.
IDB="$DIR/import.db"
gi() { "$CLI" --db "$IDB" "$@"; }
gi init --street 东湖街道 >/dev/null
gi add community name=东湖社区 type=城市社区 >/dev/null
printf '%s\r\n' \
  '东湖街道社区社会组织台账（2025年度）,,,,,,,,' \
  '填报单位：东湖街道社工站,,,,填报日期：2025年12月1日,,,,' \
  '序号,组织名称,统一社会信用代码,法人类型,类别,所属社区,成立日期,负责人,联系电话' \
  '1,东湖社区银龄互助会,９１３５０１００ｍ０００１００ｙ４３,社团,养老,东湖社区,2023年3月21日,张三,188 6571 9602' \
  '2,东湖文体队,无,备案,文体类,东湖社区,2023.3,李四,+86-139-0000-1111' \
  '3,东湖文体队 ,无,备案,文体类,东湖社区,2023.3,李四,13900001111' \
  '4,调解小组,,民非,调解,东湖社区,2023-02-30,王五,13900002222' \
  '合计,3个,,,,,,,' | iconv -f UTF-8 -t GB18030 > "$DIR/orgs.csv"
out=$(gi import organization "$DIR/orgs.csv" --dry-run 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^2 new, 0 updated, 0 unchanged, 1 duplicate in the file, 1 row with problems$" \
  && echo "$out" | grep -q "Dry run" && ok "import --dry-run previews the ledger" || not_ok "import --dry-run: $rc $out"
[ "$(gi list organization --json | json_len)" = 0 ] && ok "--dry-run writes nothing" || not_ok "--dry-run wrote"
out=$(gi import organization "$DIR/orgs.csv" 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^2 new, 0 updated, 0 unchanged, 1 duplicate in the file, 1 row with problems$" \
  && ok "import prints the summary" || not_ok "import: $rc $out"
echo "$out" | grep -q "^Row 7: Founded: .*2023-02-30" && echo "$out" | grep -q "^Row 6: the same as row 5" \
  && echo "$out" | grep -q "^Row 5, note: Only the month was given (2023.3)" \
  && ok "import names each problem, duplicate and note by sheet row" || not_ok "import rows: $out"
gi list organization --json --reveal | python3 -c '
import json, sys
recs = {r["name"]: r for r in json.load(sys.stdin)}
assert sorted(recs) == ["东湖文体队", "东湖社区银龄互助会"], list(recs)
a, b = recs["东湖社区银龄互助会"], recs["东湖文体队"]
assert (a["credit_code"], a["legal_form"], a["category"]) == ("91350100M000100Y43", "social_group", "elderly_care"), a
assert (a["founded"], a["leader"], a["phone"]) == ("2023-03-21", "张三", "18865719602"), a
assert (b["credit_code"], b["legal_form"], b["category"]) == (None, "community_filed", "culture_sports"), b
assert (b["founded"], b["phone"]) == ("2023-03-01", "13900001111"), b
assert a["community_id"] is not None and a["community_id"] == b["community_id"], (a, b)
' && ok "imported values as the ledger meant them" || not_ok "imported values"
out=$(gi import organization "$DIR/orgs.csv" 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "^0 new, 0 updated, 2 unchanged" && [ "$(gi list organization --json | json_len)" = 2 ] \
  && ok "a second import adds nothing" || not_ok "second import: $rc $out"
BATCH=$(gi imports --json | python3 -c 'import json,sys; b=json.load(sys.stdin); assert len(b)==1 and b[0]["new"]==2, b; print(b[0]["id"])')
[ -n "$BATCH" ] && gi imports | grep -q "orgs.csv" && ok "imports lists the one batch" || not_ok "imports: $(gi imports)"
out=$(gi import organization "$DIR/orgs.csv" --json --dry-run)
echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["batch"] is None and d["counts"]["unchanged"] == 2 and len(d["rows"]) == 4, d
assert d["header_row"] == 3 and d["mapping_remembered"], d
assert [r["outcome"] for r in d["rows"]] == ["match", "match", "duplicate", "problem"], d["rows"]
assert d["rows"][3]["problems"][0]["field"] == "founded", d["rows"][3]
' && ok "import --json gives every row" || not_ok "import --json: $out"
out=$(gi undo-import "$BATCH" 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q "2 records" && [ "$(gi list organization --json | json_len)" = 0 ] \
  && ok "undo-import removes the batch" || not_ok "undo-import: $rc $out"
out=$(gi undo-import "$BATCH" 2>&1); rc=$?
[ $rc = 1 ] && ok "a batch is undone once" || not_ok "undo twice: $rc $out"
printf '\211PNG\r\n\032\n' > "$DIR/photo.xlsx"; head -c 500 /dev/zero >> "$DIR/photo.xlsx"
out=$(gi import organization "$DIR/photo.xlsx" 2>&1); rc=$?
[ $rc = 1 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "photo.xlsx.*not a spreadsheet" \
  && ok "a file that is no spreadsheet is refused in one line" || not_ok "not a spreadsheet: $rc $out"
out=$(gi import organization "$DIR/orgs.csv" --on-match sometimes 2>&1); rc=$?
[ $rc = 2 ] && ok "a bad --on-match is a usage error" || not_ok "--on-match: $rc $out"
out=$(gi import organization "$DIR/orgs.csv" --sheet 第二页 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "its sheets are “orgs”" && ok "an unknown --sheet lists the sheets" \
  || not_ok "--sheet: $rc $out"
out=$(gi import organization "$DIR/orgs.csv" --dry-run --map '负责人=-' --map 'I=description' 2>&1)
echo "$out" | grep -q "H   负责人 .*→ skipped" && echo "$out" | grep -q "I   联系电话 .*(description)" \
  && ok "--map skips a column by header and maps one by letter" || not_ok "--map: $out"
[ "$(gi list organization --json | json_len)" = 0 ] && ok "and wrote nothing" || not_ok "--map wrote"

# An agreement imported again with one more item: no new or changed
# agreement, but the item must still be written.
gi add unit name=市第一医院 type=医院 >/dev/null
printf '%s\n' '协议名称,驻区单位,社区,签订日期,共建事项' \
  '医社共建协议,市第一医院,东湖社区,2026-01-10,义诊进社区' > "$DIR/agreements.csv"
gi import agreement "$DIR/agreements.csv" >/dev/null 2>&1
printf '%s\n' '医社共建协议,市第一医院,东湖社区,2026-01-10,健康讲座' >> "$DIR/agreements.csv"
out=$(gi import agreement "$DIR/agreements.csv" 2>&1); rc=$?
[ $rc = 0 ] && [ "$(gi list agreement_item --json | json_len)" = 2 ] \
  && [ "$(gi list agreement --json | json_len)" = 1 ] \
  && ok "an agreement's new item is imported though the agreement is not new" \
  || not_ok "agreement item on re-import: $rc $out"

# The district server refuses a token for an empty street.
out=$("$SRV" --data "$DIR/srv" init >/dev/null 2>&1 && "$SRV" --data "$DIR/srv" enroll --street "" 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q -- "--street" && ok "server: enroll --street \"\" is refused" || not_ok "server empty street: $rc $out"
out=$("$SRV" --data "$DIR/srv" enroll --street "   " 2>&1); rc=$?
[ $rc = 2 ] && ok "server: a street of spaces is refused" || not_ok "server blank street: $rc $out"

echo "1..$n"
[ $failed = 0 ]
