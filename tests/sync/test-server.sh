#!/bin/sh
# The district server and laptops as a person runs them: enrolment, sync
# through the server, concurrent edits, street scope, and refusals. Every
# connection goes to 127.0.0.1 only. Prints TAP.
set -u
CLI=${1:?usage: test-server.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-server.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
count() { "$CLI" --db "$1" list "$2" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
meta_copy() { python3 - "$@" <<'PY'
import sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
rows = list(sqlite3.connect(src).execute("SELECT key, value FROM meta WHERE key LIKE 'sync.%'"))
c = sqlite3.connect(dst)
c.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", rows)
c.commit()
PY
}

T_A=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_B=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_W=$("$SRV" --data "$DIR/srv" enroll --street 西湖街道 | tail -n 1)
start_server

# A laptop with the street's records enrols first, a new one second.
"$CLI" --db "$DIR/a.db" demo >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T_A" >/dev/null && ok "first laptop enrols" || not_ok "first laptop enrols"
[ "$(stat -c %a "$DIR/a.db.identity/key.pem")" = 600 ] && ok "device key is private (0600)" || not_ok "key permissions"
out=$("$CLI" --db "$DIR/a.db" sync) && echo "$out" | grep -q "sent" && ok "first laptop syncs: $out" || not_ok "first sync: $out"
"$CLI" --db "$DIR/b.db" enroll "$URL" "$T_B" >/dev/null && ok "second laptop enrols" || not_ok "second laptop enrols"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1) || not_ok "second sync: $out"
[ "$(count "$DIR/b.db" organization)" = "$(count "$DIR/a.db" organization)" ] && ok "A's records reach B through the server" || not_ok "A to B"
[ "$(count "$DIR/b.db" volunteer)" = "$(count "$DIR/a.db" volunteer)" ] && ok "volunteers too" || not_ok "volunteers"

# Concurrent edits of one field: both converge and both list the conflict.
ORG=$("$CLI" --db "$DIR/a.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$CLI" --db "$DIR/a.db" set organization "$ORG" leader=甲 >/dev/null
"$CLI" --db "$DIR/b.db" set organization "$ORG" leader=乙 >/dev/null
"$CLI" --db "$DIR/a.db" sync >/dev/null; "$CLI" --db "$DIR/b.db" sync >/dev/null; "$CLI" --db "$DIR/a.db" sync >/dev/null
la=$("$CLI" --db "$DIR/a.db" show organization "$ORG" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["leader"])')
lb=$("$CLI" --db "$DIR/b.db" show organization "$ORG" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["leader"])')
[ "$la" = "$lb" ] && ok "concurrent edit converges ($la)" || not_ok "converge: $la vs $lb"
[ "$("$CLI" --db "$DIR/a.db" conflicts --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] \
  && [ "$("$CLI" --db "$DIR/b.db" conflicts --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] \
  && ok "both laptops list the one conflict" || not_ok "conflict lists"
out=$("$CLI" --db "$DIR/b.db" sync) && echo "$out" | grep -q "0 sent, 0 received" && ok "a second sync moves nothing: $out" || not_ok "idempotent: $out"

# One step keeps the other value; it travels like any edit.
CID=$("$CLI" --db "$DIR/b.db" conflicts --json | python3 -c 'import json,sys; c=json.load(sys.stdin)[0]; print(c["id"], c["lost_value"])')
"$CLI" --db "$DIR/b.db" resolve "${CID%% *}" --keep-other >/dev/null && ok "resolve keeping the other value" || not_ok "resolve"
"$CLI" --db "$DIR/b.db" sync >/dev/null; "$CLI" --db "$DIR/a.db" sync >/dev/null
la=$("$CLI" --db "$DIR/a.db" show organization "$ORG" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["leader"])')
[ "$la" = "${CID#* }" ] && ok "the other value reaches A ($la)" || not_ok "kept value: $la vs ${CID#* }"
[ "$("$CLI" --db "$DIR/a.db" conflicts --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0 ] \
  && ok "and A no longer lists the conflict" || not_ok "conflict still listed on A"

# Refusals.
out=$("$CLI" --db "$DIR/c.db" enroll "$URL" "$T_B" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "already used" \
  && ok "a used token is refused" || not_ok "used token: $out"
out=$("$CLI" --db "$DIR/c.db" enroll "$URL" "AAAAAAAAAAAAAAAAAAAA-${T_B##*-}" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "not known" \
  && ok "an unknown token is refused" || not_ok "unknown token: $out"
out=$("$CLI" --db "$DIR/c.db" enroll "$URL" "${T_W%-*}-0000000000000000" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "not the district server" \
  && ok "a server whose certificate does not match the token is refused" || not_ok "pinning: $out"
"$CLI" --db "$DIR/c.db" kinds >/dev/null
meta_copy "$DIR/b.db" "$DIR/c.db"
out=$("$CLI" --db "$DIR/c.db" sync 2>&1); [ $? = 1 ] && echo "$out" | grep -q "not enrolled" \
  && ok "a device with its own, unenrolled certificate gets nothing" || not_ok "unenrolled: $out"
B_ID=$("$SRV" --data "$DIR/srv" devices | sed -n 2p | cut -c1-16)
"$SRV" --data "$DIR/srv" revoke "$B_ID" >/dev/null && ok "revoke" || not_ok "revoke"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1); [ $? = 1 ] && echo "$out" | grep -q "revoked" \
  && ok "a revoked device is refused" || not_ok "revoked: $out"

# Another street sees nothing of this one and cannot write into it.
"$CLI" --db "$DIR/w.db" init --street 西湖街道 >/dev/null
"$CLI" --db "$DIR/w.db" add organization name=西湖书画社 category=文体娱乐 legal_form=社区备案组织 >/dev/null
"$CLI" --db "$DIR/w.db" enroll "$URL" "$T_W" >/dev/null && "$CLI" --db "$DIR/w.db" sync >/dev/null \
  && ok "a laptop of another street enrols and syncs" || not_ok "other street"
[ "$(count "$DIR/w.db" organization)" = 1 ] && ok "it receives none of the first street's rows" || not_ok "scope: $(count "$DIR/w.db" organization)"
"$CLI" --db "$DIR/a.db" sync >/dev/null
[ "$(count "$DIR/a.db" organization)" = "$(count "$DIR/b.db" organization)" ] && ok "and the first street none of its rows" || not_ok "scope back"
EAST=$(python3 -c "import sqlite3; print(sqlite3.connect('$DIR/a.db').execute(\"SELECT value FROM meta WHERE key='street'\").fetchone()[0])")
python3 -c "import sqlite3; c=sqlite3.connect('$DIR/w.db'); c.execute(\"UPDATE meta SET value=? WHERE key='street'\", ('$EAST',)); c.commit()"
"$CLI" --db "$DIR/w.db" add organization name=越界组织 category=其他 legal_form=社区备案组织 >/dev/null
# The row is refused and named; the sync itself goes on (issue 9).
out=$("$CLI" --db "$DIR/w.db" sync 2>&1); [ $? = 0 ] && echo "$out" | grep -q "1 record was refused" \
  && "$CLI" --db "$DIR/w.db" problems | grep -q "another street" \
  && ok "writing another street's rows is refused, and the sender is told which" || not_ok "cross-street write: $out"
[ "$(count "$DIR/a.db" organization)" = "$(count "$DIR/b.db" organization)" ] && "$CLI" --db "$DIR/a.db" sync >/dev/null \
  && ! "$CLI" --db "$DIR/a.db" search 越界组织 | grep -q 越界 && ok "and nothing of it was applied" || not_ok "nothing applied"

# A value an older server stored without checking it: found by "check",
# sent to no laptop, and the laptop's fix brings the record back.
BAD=$("$CLI" --db "$DIR/a.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
python3 -c "import sqlite3; c=sqlite3.connect('$DIR/srv/server.db'); c.execute(\"UPDATE organization SET leader=CAST(X'61CE35' AS TEXT) WHERE id='$BAD'\"); c.commit()"
out=$("$SRV" --data "$DIR/srv" check 2>&1); echo "$out" | grep -q "$BAD" && echo "$out" | grep -q "^1 record found invalid" \
  && ok "server check finds a value an older version stored" || not_ok "server check: $out"
T_D=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
"$CLI" --db "$DIR/d.db" enroll "$URL" "$T_D" >/dev/null && "$CLI" --db "$DIR/d.db" sync >/dev/null \
  && ! "$CLI" --db "$DIR/d.db" show organization "$BAD" >/dev/null 2>&1 && ok "and a new laptop does not receive it" \
  || not_ok "held row served"
DIST=$("$CLI" --db "$DIR/d.db" list street --json | python3 -c 'import json,sys; print([s for s in json.load(sys.stdin) if s["name"] == "东湖街道"][0]["district_id"])')
"$CLI" --db "$DIR/d.db" show district "$DIST" | grep -q 清源区 && ok "a laptop enrolled later finds the district its street points to" \
  || not_ok "district: $DIST $("$CLI" --db "$DIR/d.db" list district 2>&1)"
"$CLI" --db "$DIR/a.db" set organization "$BAD" leader=王五 >/dev/null && "$CLI" --db "$DIR/a.db" sync >/dev/null \
  && "$CLI" --db "$DIR/d.db" sync >/dev/null && "$CLI" --db "$DIR/d.db" show organization "$BAD" | grep -q 王五 \
  && ok "the laptop's fix brings it to the others" || not_ok "fix: $("$CLI" --db "$DIR/d.db" show organization "$BAD" 2>&1)"

finish
