#!/bin/sh
# gongjian-cli history: what each change of a record changed, old → new,
# when and on which device, for local edits, a delete and its restore, and
# a change that came from a paired laptop. Prints TAP.
set -u

CLI=${1:?usage: test-history.sh PATH-TO-gongjian-cli}
DIR=$(mktemp -d)
SERVING=
trap '[ -n "$SERVING" ] && kill $SERVING 2>/dev/null; rm -rf "$DIR"' EXIT
A="$DIR/a.db"
B="$DIR/b.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }
# Field $2 of entry $1 of a JSON array on stdin.
json_at() { python3 -c "import json,sys; e=json.load(sys.stdin)[$1]; print(e.get('$2', '-'))"; }
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

"$CLI" --db "$A" init --street 东湖街道 >/dev/null || { echo "Bail out! init"; exit 1; }
ORG=$("$CLI" --db "$A" add organization name=甲社 legal_form=social_group category=charity \
      phone=13800138000) || { echo "Bail out! add"; exit 1; }

# Created only: each field's value alone, on this device.
out=$("$CLI" --db "$A" history organization "$ORG")
echo "$out" | grep -q "^Name .*this device  *甲社$" && ok "a new record shows its values" \
  || not_ok "new record: $out"
echo "$out" | grep -q "→" && not_ok "nothing before a new record: $out" || ok "nothing before them"

# Two edits of the name and one of the phone: newest first, old → new.
"$CLI" --db "$A" set organization "$ORG" name=乙社 >/dev/null
"$CLI" --db "$A" set organization "$ORG" name=丙社 phone=13900139000 >/dev/null
out=$("$CLI" --db "$A" history organization "$ORG")
first=$(echo "$out" | grep "^Name" | head -n 1)
second=$(echo "$out" | grep "^Name" | sed -n 2p)
echo "$first" | grep -q "this device  *乙社 → 丙社$" && ok "latest change first: $first" \
  || not_ok "latest: $out"
echo "$second" | grep -q "甲社 → 乙社$" && ok "then the one before" || not_ok "before: $out"
echo "$out" | grep -q "138\*\*\*\*8000 → 139\*\*\*\*9000" && ! echo "$out" | grep -q 13900139000 \
  && ok "phones masked" || not_ok "masking: $out"
"$CLI" --db "$A" history organization "$ORG" --reveal | grep -q "13800138000 → 13900139000" \
  && ok "--reveal shows them" || not_ok "--reveal"
json=$("$CLI" --db "$A" history organization "$ORG" --json)
is "JSON: field" "$(echo "$json" | json_at 0 field)" "name"
is "JSON: old" "$(echo "$json" | json_at 0 old)" "乙社"
is "JSON: new" "$(echo "$json" | json_at 0 new)" "丙社"
is "JSON: a created value has no old" "$(echo "$json" | json_at -1 old)" "-"

# A delete and a restore are changes too.
"$CLI" --db "$A" delete organization "$ORG" >/dev/null
"$CLI" --db "$A" undelete organization "$ORG" >/dev/null
out=$("$CLI" --db "$A" history organization "$ORG")
is "restore first" "$(echo "$out" | head -n 1 | cut -c1-8)" "Restored"
is "then the delete" "$(echo "$out" | sed -n 2p | cut -c1-7)" "Deleted"

# A limit shows the latest and says how many more there are.
all=$("$CLI" --db "$A" history organization "$ORG" --json | json_len)
out=$("$CLI" --db "$A" history organization "$ORG" --limit 2)
is "--limit 2 shows two" "$(echo "$out" | grep -c "this device")" 2
echo "$out" | tail -n 1 | grep -q "^($((all - 2)) older changes not shown)$" \
  && ok "and counts the rest" || not_ok "rest: $out"

# A change from a paired laptop: its old value here and the other device.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() {
  for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null \
      && return 0
    sleep 0.3
  done
  return 1
}
PA=$(free_port)
# A tells B its name (GJ_DEVICE_NAME, since both run on this host).
GJ_DEVICE_NAME=甲的笔记本 "$CLI" --db "$A" serve --listen "127.0.0.1:$PA" >"$DIR/serve.log" 2>&1 &
SERVING=$!
wait_port "$PA"
"$CLI" --db "$B" pair "https://127.0.0.1:$PA" >"$DIR/pair.log" 2>&1 &
asker=$!
for i in $(seq 1 30); do grep -q "Pairing code" "$DIR/pair.log" && break; sleep 0.2; done
code=$(sed -n 's/.*its code is \([0-9 ]*\)\..*/\1/p' "$DIR/serve.log" | tail -n 1)
"$CLI" --db "$A" accept "$code" >/dev/null 2>&1
wait $asker
"$CLI" --db "$B" sync >"$DIR/sync.log" 2>&1 \
  || { echo "Bail out! sync: $(cat "$DIR/sync.log")"; exit 1; }
SITE_A=$("$CLI" --db "$A" history organization "$ORG" --json | json_at 0 device)
"$CLI" --db "$A" set organization "$ORG" leader=王芳 >/dev/null
"$CLI" --db "$B" sync >/dev/null 2>&1
out=$("$CLI" --db "$B" history organization "$ORG")
line=$(echo "$out" | grep "^Leader " | head -n 1)
echo "$line" | grep -q "device 甲的笔记本  *(empty) → 王芳$" \
  && ok "a synced change names the other device and the value before: $line" \
  || not_ok "synced: $out"
is "JSON: the other device's site" \
  "$("$CLI" --db "$B" history organization "$ORG" --json | json_at 0 device)" "$SITE_A"
kill $SERVING 2>/dev/null
wait $SERVING 2>/dev/null
SERVING=

# Errors: a record that is not there, and the wrong number of arguments.
"$CLI" --db "$A" history organization no-such-id >/dev/null 2>&1
is "an unknown record is an error" "$?" 1
"$CLI" --db "$A" history organization >/dev/null 2>&1
is "KIND and ID are needed" "$?" 2

echo "1..$n"
