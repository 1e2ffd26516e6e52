#!/bin/sh
# A laptop's first sync is killed (SIGKILL) at random moments, and the
# server is restarted in the middle of another; the next sync must finish
# with nothing lost and nothing twice. Prints TAP.
set -u
CLI=${1:?usage: test-interrupt.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-interrupt.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"

T_A=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_B=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
start_server

"$CLI" --db "$DIR/a.db" demo >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T_A" >/dev/null
"$CLI" --db "$DIR/a.db" sync >/dev/null || not_ok "A syncs"
"$CLI" --db "$DIR/b.db" enroll "$URL" "$T_B" >/dev/null || not_ok "B enrols"

killed=0
for delay in 0.05 0.1 0.15 0.2 0.3; do
  "$CLI" --db "$DIR/b.db" sync >/dev/null 2>&1 &
  pid=$!
  sleep $delay
  kill -9 $pid 2>/dev/null && killed=$((killed + 1))
  wait $pid 2>/dev/null
done
echo "# killed $killed syncs mid-way"

# The server goes away and comes back in the middle of a sync.
"$CLI" --db "$DIR/a.db" add organization name=断线期间新建的组织 category=其他 legal_form=社区备案组织 >/dev/null
kill $SERVER; wait $SERVER 2>/dev/null
out=$("$CLI" --db "$DIR/a.db" sync 2>&1); [ $? = 1 ] && echo "$out" | grep -q "Could not reach" \
  && ok "a sync with the server down fails with a plain message" || not_ok "server down: $out"
start_server
"$CLI" --db "$DIR/a.db" sync >/dev/null && ok "A syncs again once the server is back" || not_ok "A resumes"
"$CLI" --db "$DIR/b.db" sync >/dev/null && ok "B's interrupted sync resumes" || not_ok "B resumes"

same=1
for kind in organization incubation volunteer hours agreement agreement_item project project_party activity; do
  a=$("$CLI" --db "$DIR/a.db" list $kind --all --json --reveal | python3 -c 'import json,sys; print(sorted(json.dumps(o, sort_keys=True) for o in json.load(sys.stdin)))' | md5sum)
  b=$("$CLI" --db "$DIR/b.db" list $kind --all --json --reveal | python3 -c 'import json,sys; print(sorted(json.dumps(o, sort_keys=True) for o in json.load(sys.stdin)))' | md5sum)
  [ "$a" = "$b" ] || { same=0; echo "# $kind differs"; }
done
[ $same = 1 ] && ok "nothing lost and nothing twice after interrupted syncs" || not_ok "B differs from A"
out=$("$CLI" --db "$DIR/b.db" sync) && echo "$out" | grep -q "0 sent, 0 received" \
  && ok "a further sync moves nothing" || not_ok "idempotent: $out"

finish
