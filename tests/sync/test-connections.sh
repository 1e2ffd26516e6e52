#!/bin/sh
# Connections that never authenticate: idle TCP connections do not keep an
# enrolled laptop out, a connection that never starts TLS is closed, and a
# device that is not enrolled is refused before its body is read. Every
# connection goes to 127.0.0.1 only. Timing targets live in the benchmarks;
# the times here are printed as TAP diagnostics. Prints TAP.
set -u
CLI=${1:?usage: test-connections.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-connections.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
PROBE="python3 $(dirname "$0")/probe.py"
now() { python3 -c 'import time; print(time.monotonic())'; }
since() { python3 -c "import sys, time; print('%.2f' % (time.monotonic() - float(sys.argv[1])))" "$1"; }
IDLE=

T=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T2=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
start_server
"$CLI" --db "$DIR/a.db" demo >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T" >/dev/null && "$CLI" --db "$DIR/a.db" sync >/dev/null \
  && ok "a laptop enrols and syncs" || not_ok "setup"
ORG=$("$CLI" --db "$DIR/a.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

start=$(now)
"$CLI" --db "$DIR/a.db" sync >/dev/null
echo "# sync with no idle connections: $(since "$start") s"

$PROBE idle "$PORT" 200 120 >"$DIR/idle.out" &
IDLE=$!
trap 'kill $IDLE $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for i in $(seq 1 100); do grep -q open "$DIR/idle.out" && break; sleep 0.1; done
echo "# $(cat "$DIR/idle.out") idle connections"
"$CLI" --db "$DIR/a.db" set organization "$ORG" leader=甲 >/dev/null
start=$(now)
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && echo "$out" | grep -q "1 sent" \
  && ok "with 200 idle connections an enrolled laptop still syncs: $out" || not_ok "sync under idle connections: $out"
echo "# sync with 200 idle connections: $(since "$start") s"
start=$(now)
out=$("$CLI" --db "$DIR/b.db" enroll "$URL" "$T2" 2>&1) && ok "and a new laptop still enrols" || not_ok "enrol: $out"
echo "# enrolment with 200 idle connections: $(since "$start") s"
kill $IDLE 2>/dev/null

# Connections that start TLS and stop half way through their first record.
$PROBE idle "$PORT" 200 120 partial >"$DIR/idle.out" &
IDLE=$!
for i in $(seq 1 100); do grep -q open "$DIR/idle.out" && break; sleep 0.1; done
"$CLI" --db "$DIR/a.db" set organization "$ORG" leader=乙 >/dev/null
start=$(now)
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && echo "$out" | grep -q "1 sent" \
  && ok "with 200 half-started TLS connections the laptop still syncs: $out" || not_ok "half-started: $out"
echo "# sync with 200 half-started TLS connections: $(since "$start") s"
kill $IDLE 2>/dev/null

secs=$($PROBE silent "$PORT")
echo "# a connection that never starts TLS was closed after $secs s"
python3 -c "import sys; sys.exit(0 if float('$secs') < 30 else 1)" \
  && ok "a connection that never starts TLS is closed" || not_ok "silent connection held $secs s"

# A device the server does not know: its identity is made by a refused
# enrolment. It announces 10 MB and sends none; the answer comes anyway.
"$CLI" --db "$DIR/c.db" enroll "$URL" "AAAAAAAAAAAAAAAAAAAA-${T##*-}" >/dev/null 2>&1
out=$($PROBE early "$PORT" "$DIR/c.db.identity/cert.pem" "$DIR/c.db.identity/key.pem" 2>&1)
echo "$out" | head -n 1 | grep -q " 403 " && echo "$out" | grep -q "not enrolled" \
  && ok "an unenrolled certificate is refused before its body is read" || not_ok "early refusal: $out"
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && ok "the enrolled laptop syncs after all that: $out" || not_ok "last sync: $out"
finish
