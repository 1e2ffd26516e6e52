#!/bin/sh
# Enrolment that survives a lost answer, and a server identity that only
# “init” makes. Every connection goes to 127.0.0.1 only. Prints TAP.
set -u
CLI=${1:?usage: test-enroll.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-enroll.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"

# What the laptop writes when the answer arrives; removing it is what a
# laptop killed between the server's answer and its own write looks like.
forget_enrolment() { python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM meta WHERE key LIKE 'sync.%'")
c.commit()
PY
}
sum() { sha256sum "$1" | cut -d' ' -f1; }

T=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
start_server

"$CLI" --db "$DIR/a.db" demo >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T" >/dev/null && ok "a laptop enrols" || not_ok "first enrolment"
forget_enrolment "$DIR/a.db"
out=$("$CLI" --db "$DIR/a.db" sync 2>&1); [ $? = 1 ] && echo "$out" | grep -q "neither enrolled" \
  && ok "with its answer lost the laptop is not enrolled" || not_ok "lost answer: $out"
out=$("$CLI" --db "$DIR/a.db" enroll "$URL" "$T" 2>&1) && ok "the same laptop enrols again with the same token" \
  || not_ok "retry: $out"
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && echo "$out" | grep -q "sent" && ok "and syncs: $out" || not_ok "sync after retry: $out"
out=$("$CLI" --db "$DIR/a.db" enroll "$URL" "$T" 2>&1) && ok "asking a third time changes nothing" || not_ok "third: $out"
[ "$("$SRV" --data "$DIR/srv" devices | grep -c 东湖街道)" = 1 ] && ok "the server lists the laptop once" \
  || not_ok "devices: $("$SRV" --data "$DIR/srv" devices)"

out=$("$CLI" --db "$DIR/b.db" enroll "$URL" "$T" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "already used" \
  && ok "another device cannot use that token" || not_ok "second device: $out"
"$CLI" --db "$DIR/c.db" kinds >/dev/null
out=$("$CLI" --db "$DIR/c.db" enroll "$URL" "$T" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "already used" \
  && ok "nor a new database with a new certificate" || not_ok "new database: $out"

A_ID=$("$SRV" --data "$DIR/srv" devices | grep 东湖街道 | cut -c1-16)
"$SRV" --data "$DIR/srv" revoke "$A_ID" >/dev/null
forget_enrolment "$DIR/a.db"
out=$("$CLI" --db "$DIR/a.db" enroll "$URL" "$T" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "revoked" \
  && ok "a revoked laptop cannot enrol again with its old token" || not_ok "revoked retry: $out"
kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=

# The server's identity: only init makes one, nothing replaces a key.
ID="$DIR/srv/identity"
KEY_SUM=$(sum "$ID/key.pem")
mv "$ID/cert.pem" "$DIR/cert.pem.saved"
for cmd in "serve --listen 127.0.0.1:$PORT" "enroll --street 东湖街道" "devices"; do
  out=$("$SRV" --data "$DIR/srv" $cmd 2>&1); rc=$?
  [ $rc = 1 ] && echo "$out" | grep -q "cert.pem" && [ "$(sum "$ID/key.pem")" = "$KEY_SUM" ] \
    && ok "without cert.pem, ${cmd%% *} refuses naming the file and key.pem is unchanged" \
    || not_ok "${cmd%% *} without cert.pem ($rc): $out"
done
out=$("$SRV" --data "$DIR/srv" init 2>&1); [ $? = 1 ] && echo "$out" | grep -q "cert.pem" \
  && [ "$(sum "$ID/key.pem")" = "$KEY_SUM" ] && ok "init does not replace a key either" || not_ok "init: $out"
[ ! -e "$ID/cert.pem" ] && ok "and writes no certificate" || not_ok "init wrote a certificate"

mv "$DIR/cert.pem.saved" "$ID/cert.pem"
mv "$ID/key.pem" "$DIR/key.pem.saved"
out=$("$SRV" --data "$DIR/srv" devices 2>&1); [ $? = 1 ] && echo "$out" | grep -q "key.pem" \
  && ok "without key.pem the server refuses naming it" || not_ok "no key: $out"
[ ! -e "$ID/key.pem" ] && ok "and makes no new key" || not_ok "a key was made"

"$SRV" --data "$DIR/other" init >/dev/null
cp "$DIR/other/identity/key.pem" "$ID/key.pem"
out=$("$SRV" --data "$DIR/srv" devices 2>&1); [ $? = 1 ] && echo "$out" | grep -q "does not belong" \
  && ok "a key of another identity is refused" || not_ok "mismatch: $out"
cp "$DIR/key.pem.saved" "$ID/key.pem"
"$SRV" --data "$DIR/srv" devices >/dev/null && ok "the original pair works again" || not_ok "restored pair"

rm -rf "$DIR/empty"
out=$("$SRV" --data "$DIR/empty" serve --listen "127.0.0.1:$PORT" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "init" \
  && [ ! -e "$DIR/empty/identity/key.pem" ] && ok "a new data folder needs init first" || not_ok "empty: $out"

# A laptop makes its own identity on first need, but never replaces a key.
LKEY=$(sum "$DIR/a.db.identity/key.pem")
rm "$DIR/a.db.identity/cert.pem"
out=$("$CLI" --db "$DIR/a.db" sync 2>&1); [ $? = 1 ] && echo "$out" | grep -q "cert.pem" \
  && [ "$(sum "$DIR/a.db.identity/key.pem")" = "$LKEY" ] && ok "a laptop without its certificate keeps its key" \
  || not_ok "laptop: $out"
finish
