#!/bin/sh
# A hostile peer across processes (issues 9 and 16): an enrolled laptop of
# 西湖街道 pushes raw changesets with its own certificate; the district
# server refuses bodies it must not parse, holds rows that fail a check or
# leave the sender's street, applies the rest, and keeps serving 东湖街道.
# Then big pages and a laptop clock a day ahead. Every connection goes to
# 127.0.0.1 only; timings are printed as diagnostics, never asserted.
# Prints TAP.
set -u
CLI=${1:?usage: test-hostile.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-hostile.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
HERE=$(dirname "$0")
. "$HERE/common.sh"

# sql DB QUERY: prints the rows, fields joined by |.
sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2], sys.argv[3:]): print("|".join("" if v is None else str(v) for v in r))' "$@"; }
meta() { sql "$1" "SELECT value FROM meta WHERE key = ?" "$2"; }
count() { "$CLI" --db "$1" list "$2" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
S="$DIR/srv/server.db"
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
# A fingerprint of everything the server holds that sync can change.
srv_state() { sql "$S" "SELECT (SELECT count(*) FROM rowlog), (SELECT max(ver) FROM rowlog), (SELECT count(*) FROM organization),
  (SELECT count(*) FROM volunteer), (SELECT count(*) FROM hours), (SELECT count(*) FROM street),
  (SELECT count(*) FROM quarantine), (SELECT count(*) FROM conflict)"; }
# field DB KIND ID FIELD: a stored value, read from the file itself.
field() { sql "$1" "SELECT $4 FROM $2 WHERE id = ?" "$3"; }
# enroll_new DB TOKEN: a brand-new laptop enrols and makes its first pull.
enroll_new() { "$CLI" --db "$1" enroll "$URL" "$2" >/dev/null && "$CLI" --db "$1" sync 2>&1; }

T_A=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_A2=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_A3=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_A4=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_W=$("$SRV" --data "$DIR/srv" enroll --street 西湖街道 | tail -n 1)
T_W2=$("$SRV" --data "$DIR/srv" enroll --street 西湖街道 | tail -n 1)
start_server

"$CLI" --db "$DIR/a.db" demo >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T_A" >/dev/null && "$CLI" --db "$DIR/a.db" sync >/dev/null \
  && ok "东湖 laptop A enrols and syncs its demo records" || not_ok "A enrols"
"$CLI" --db "$DIR/w.db" init --street 西湖街道 >/dev/null
"$CLI" --db "$DIR/w.db" add organization name=西湖书画社 category=文体娱乐 legal_form=社区备案组织 >/dev/null
"$CLI" --db "$DIR/w.db" enroll "$URL" "$T_W" >/dev/null && "$CLI" --db "$DIR/w.db" sync >/dev/null \
  && ok "西湖 laptop W enrols and syncs" || not_ok "W enrols"
EAST=$(meta "$DIR/a.db" street)
WEST=$(meta "$DIR/w.db" street)
W_SITE=$(meta "$DIR/w.db" site_id)
[ -n "$EAST" ] && [ -n "$WEST" ] && [ "$EAST" != "$WEST" ] && [ ${#W_SITE} = 32 ] \
  && ok "two streets ($EAST, $WEST)" || not_ok "streets: '$EAST' '$WEST' '$W_SITE'"
# Pages W's certificate pushes, not W's database: they claim a site id of
# their own, so that W pulls what the server took of them.
H_SITE=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
push() { python3 "$HERE/hostile-push.py" "$PORT" "$DIR/w.db.identity" "$H_SITE" "$@"; }
# reply NAME: the JSON reply of the push NAME in $DIR/push.out.
reply() { sed -n "s/^$1 [0-9]* //p" "$DIR/push.out"; }
status() { sed -n "s/^$1 \([0-9]*\) .*/\1/p" "$DIR/push.out"; }
# refused_ids: the ids the reply of push $1 names as refused, one a line.
refused_ids() { reply "$1" | python3 -c 'import json,sys
for r in json.load(sys.stdin).get("refused", []): print(r["id"], r["reason"], sep="\t")'; }

# 1. Bodies that must be refused whole: nothing applied, the server lives.
before=$(srv_state)
push bodies "$WEST" >"$DIR/push.out" 2>"$DIR/push.err"
for name in inf neg-inf hours-inf surrogate surrogate-id octal octal-id nest nest-in-value nul; do
  st=$(status "$name")
  [ "$st" = 400 ] && reply "$name" | grep -q '"error"' && ok "$name: refused as a whole with 400 ($(reply "$name" | cut -c1-120))" \
    || not_ok "$name: status '$st' $(reply "$name" | cut -c1-200)"
done
line=$(grep '^bomb(' "$DIR/push.out"); st=$(echo "$line" | cut -d' ' -f2)
[ "$st" = 400 ] && ok "16 MB of {}, under the size limit, gzip'd: refused with 400 ($(echo "$line" | cut -c1-160))" \
  || not_ok "bomb: $line"
line=$(grep '^bomb-over(' "$DIR/push.out"); st=$(echo "$line" | cut -d' ' -f2)
{ [ "$st" = 400 ] || [ "$st" = 413 ]; } && ok "16 MB of {}, just over the limit, gzip'd: refused with $st" \
  || not_ok "bomb-over: $line"
after=$(srv_state)
[ "$before" = "$after" ] && ok "nothing of them was applied or held ($after)" || not_ok "server changed: $before -> $after"
kill -0 "$SERVER" 2>/dev/null && ok "the server is still running" || not_ok "the server died: $(tail -n 5 "$DIR/server.log")"
"$CLI" --db "$DIR/a.db" set organization "$(sql "$DIR/a.db" "SELECT id FROM organization LIMIT 1")" leader=事后编辑 >/dev/null
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && echo "$out" | grep -q "1 sent" && ok "A still syncs: $out" || not_ok "A after bodies: $out"
t0=$(now_ms)
out=$(enroll_new "$DIR/a2.db" "$T_A2") && [ "$(count "$DIR/a2.db" organization)" = "$(count "$DIR/a.db" organization)" ] \
  && [ "$(count "$DIR/a2.db" volunteer)" = "$(count "$DIR/a.db" volunteer)" ] \
  && ok "a new laptop of 东湖 makes its first pull: $out" || not_ok "A2 first pull: $out"
echo "# A2's enrolment and first pull took $(( $(now_ms) - t0 )) ms"

# 2. Rows that fail a check are named and held; the rest of the page lands.
before_q=$(sql "$S" "SELECT count(*) FROM quarantine")
push values "$WEST" >"$DIR/push.out" 2>"$DIR/push.err"
[ "$(status values)" = 200 ] && ok "a page with bad rows is answered 200: $(reply values | cut -c1-100)…" \
  || not_ok "values: $(cat "$DIR/push.out" "$DIR/push.err")"
refused_ids values >"$DIR/refused"
sed 's/^/# refused: /' "$DIR/refused"
for tag in bogus date members brand credit required redeem; do
  id=$(grep -o "^hostile-$tag-[0-9]*-0" "$DIR/refused")
  [ -n "$id" ] && [ -z "$(field "$S" organization "$id" id)$(field "$S" hours "$id" id)" ] \
    && [ "$(sql "$S" "SELECT count(*) FROM quarantine WHERE row = ?" "$id")" = 1 ] \
    && ok "$tag: named in the reply, held in quarantine, not applied ($(grep "^$id" "$DIR/refused" | cut -f2))" \
    || not_ok "$tag: $(grep "hostile-$tag" "$DIR/refused")"
done
[ "$(wc -l <"$DIR/refused")" = 7 ] && ok "only those 7 rows are refused" || not_ok "refused: $(cat "$DIR/refused")"
[ "$(sql "$S" "SELECT count(*) FROM quarantine")" = $((before_q + 7)) ] && ok "and held" || not_ok "held: $(sql "$S" "SELECT count(*) FROM quarantine")"
applied=$(sql "$S" "SELECT count(*) FROM organization WHERE id LIKE 'hostile-ok-%'")
vol=$(sql "$S" "SELECT id FROM volunteer WHERE id LIKE 'hostile-vol-%'")
[ "$applied" = 3 ] && [ -n "$vol" ] && [ "$(sql "$S" "SELECT count(*) FROM hours WHERE id LIKE 'hostile-earn-%'")" = 1 ] \
  && ok "the valid rows of the same page are applied (3 organizations, a volunteer, an entry)" \
  || not_ok "applied: $applied organizations, volunteer '$vol'"
OK1=$(sql "$S" "SELECT id FROM organization WHERE id LIKE 'hostile-ok-%-1'")
[ "$(field "$S" organization "$(sql "$S" "SELECT id FROM organization WHERE id LIKE 'hostile-ok-%-2'")" founded)" = 2024-02-29 ] \
  && ok "a real leap day is taken" || not_ok "leap day"
out=$("$CLI" --db "$DIR/w.db" sync 2>&1) && [ "$(count "$DIR/w.db" organization)" = 4 ] \
  && ok "W pulls the 3 valid organizations and none of the bad ones: $out" || not_ok "W pull: $out $(count "$DIR/w.db" organization)"
bal=$("$CLI" --db "$DIR/w.db" show volunteer "$vol" --json 2>&1 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0].get("balance", "?"))' 2>/dev/null)
echo "# the hostile volunteer's balance on W: $bal"
[ "$(sql "$DIR/w.db" "SELECT count(*) FROM hours WHERE kind = 'redeem'")" = 0 ] \
  && ok "the redemption larger than the balance never reaches a laptop" || not_ok "redeem reached W"

# 3. Scope, judged on the row as the server holds it.
EORG=$(sql "$DIR/a.db" "SELECT id FROM organization ORDER BY id LIMIT 1 OFFSET 1")
EVOL=$(sql "$DIR/a.db" "SELECT id FROM volunteer WHERE resident_id IS NOT NULL ORDER BY id LIMIT 1")
ORG_NAME=$(field "$DIR/a.db" organization "$EORG" name)
STREET_NAME=$(field "$DIR/a.db" street "$EAST" name)
RID=$(field "$DIR/a.db" volunteer "$EVOL" resident_id)
push scope-rename "$WEST" "$EORG" "$EAST" >"$DIR/push.out" 2>"$DIR/push.err"
refused_ids scope-rename >"$DIR/refused"
sed 's/^/# refused: /' "$DIR/refused"
grep -q "^$EORG	" "$DIR/refused" && grep -q "^$EAST	" "$DIR/refused" \
  && ok "an old street_id naming W's street plus new names for a 东湖 organization and the 东湖 street: both refused" \
  || not_ok "scope-rename: $(cat "$DIR/push.out")"
[ "$(field "$S" organization "$EORG" name)" = "$ORG_NAME" ] && [ "$(field "$S" street "$EAST" name)" = "$STREET_NAME" ] \
  && [ "$(field "$S" organization "$EORG" street_id)" = "$EAST" ] \
  && ok "the server keeps the names and the street" || not_ok "server renamed: $(field "$S" organization "$EORG" name)"
"$CLI" --db "$DIR/a.db" sync >/dev/null
[ "$(field "$DIR/a.db" organization "$EORG" name)" = "$ORG_NAME" ] && [ "$(field "$DIR/a.db" street "$EAST" name)" = "$STREET_NAME" ] \
  && ok "A does not see the renamed records" || not_ok "A sees: $(field "$DIR/a.db" organization "$EORG" name)"
# What the server holds of W's page must not come in with A's next edit of
# the same records: held cells are judged for the device that sent them.
"$CLI" --db "$DIR/a.db" set organization "$EORG" leader=东湖负责人 >/dev/null
"$CLI" --db "$DIR/a.db" set street "$EAST" station=东湖街道社工站 >/dev/null
out=$("$CLI" --db "$DIR/a.db" sync 2>&1)
[ "$(field "$S" organization "$EORG" leader)" = 东湖负责人 ] && [ "$(field "$S" organization "$EORG" name)" = "$ORG_NAME" ] \
  && [ "$(field "$S" street "$EAST" name)" = "$STREET_NAME" ] && [ "$(field "$DIR/a.db" organization "$EORG" name)" = "$ORG_NAME" ] \
  && ok "A's later edits of those records are applied without W's held names: $out" \
  || not_ok "A's edit let W's names in: server '$(field "$S" organization "$EORG" name)' / '$(field "$S" street "$EAST" name)', A '$(field "$DIR/a.db" organization "$EORG" name)': $out"

push scope-move "$WEST" "$EVOL" >"$DIR/push.out" 2>"$DIR/push.err"
refused_ids scope-move >"$DIR/refused"
grep -q "^$EVOL	" "$DIR/refused" && ok "a newer street_id moving a 东湖 volunteer to 西湖 is refused ($(cut -f2 "$DIR/refused"))" \
  || not_ok "scope-move: $(cat "$DIR/push.out")"
[ "$(field "$S" volunteer "$EVOL" street_id)" = "$EAST" ] && ok "the volunteer stays in 东湖 on the server" || not_ok "moved on the server"
out=$(enroll_new "$DIR/w2.db" "$T_W2")
[ -z "$(field "$DIR/w2.db" volunteer "$EVOL" id)" ] && [ "$(sql "$DIR/w2.db" "SELECT count(*) FROM volunteer WHERE resident_id = ?" "$RID")" = 0 ] \
  && [ "$(sql "$DIR/w2.db" "SELECT count(*) FROM quarantine")" = 0 ] \
  && ok "a new 西湖 laptop never receives that volunteer or its resident ID: $out" || not_ok "W2 received it: $out"
"$CLI" --db "$DIR/a.db" set volunteer "$EVOL" work_unit=东湖社区服务中心 >/dev/null
out=$("$CLI" --db "$DIR/a.db" sync 2>&1); rc=$?
[ $rc = 0 ] && ! echo "$out" | grep -q refused && [ "$(field "$S" volunteer "$EVOL" work_unit)" = 东湖社区服务中心 ] \
  && ok "A then edits that volunteer and syncs fine: $out" \
  || not_ok "A's edit of the volunteer: rc $rc: $out; on the server: '$(field "$S" volunteer "$EVOL" work_unit)'; $("$CLI" --db "$DIR/a.db" problems 2>&1 | head -n 3)"
out=$("$CLI" --db "$DIR/a2.db" sync 2>&1) && [ "$(field "$DIR/a2.db" volunteer "$EVOL" work_unit)" = 东湖社区服务中心 ] \
  && ok "and the edit reaches A2" || not_ok "A2: $out"

# 4. One field of one row, 20,000 cells alternating between two devices.
c0=$(sql "$S" "SELECT count(*) FROM conflict")
t0=$(now_ms)
push alternate "$WEST" "$OK1" >"$DIR/push.out" 2>"$DIR/push.err"
echo "# the alternating page took $(( $(now_ms) - t0 )) ms"
c1=$(sql "$S" "SELECT count(*) FROM conflict")
nc=$(reply alternate | python3 -c 'import json,sys; print(json.load(sys.stdin).get("conflicts", "?"))')
[ "$(status alternate)" = 200 ] && [ $((c1 - c0)) -le 1 ] && [ "$nc" != "?" ] && [ "$nc" -le 1 ] \
  && ok "20,000 alternating cells of one field make at most one conflict ($nc in the reply, $((c1 - c0)) stored)" \
  || not_ok "alternate: $(cut -c1-300 "$DIR/push.out") stored $((c1 - c0))"
[ "$(field "$S" organization "$OK1" leader)" = 甲 ] && ok "and the newest cell wins" || not_ok "leader: $(field "$S" organization "$OK1" leader)"

# 5. Big pages: 180 organizations of 33,000 characters each (about 18 MB).
DESC=$(python3 -c 'print("东湖描述" * 8250)')
A_COM=$(sql "$DIR/a.db" "SELECT id FROM community WHERE deleted = 0 LIMIT 1")
t0=$(now_ms)
i=0; bad=0
while [ $i -lt 180 ]; do
  "$CLI" --db "$DIR/a.db" add organization name="大组织$i" category=其他 legal_form=社区备案组织 \
    community_id="$A_COM" "description=$DESC" >/dev/null || bad=$((bad + 1))
  i=$((i + 1))
done
echo "# 180 adds took $(( $(now_ms) - t0 )) ms"
[ $bad = 0 ] && ok "180 organizations with 33,000-character descriptions are added" || not_ok "$bad adds failed"
t0=$(now_ms)
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && [ "$(sql "$S" "SELECT count(*) FROM organization WHERE length(description) = 33000")" = 180 ] \
  && ok "they sync to the server: $out" || not_ok "big push: $out"
echo "# pushing them took $(( $(now_ms) - t0 )) ms"
t0=$(now_ms)
out=$(enroll_new "$DIR/a3.db" "$T_A3") && [ "$(sql "$DIR/a3.db" "SELECT count(*) FROM organization WHERE length(description) = 33000")" = 180 ] \
  && ok "a new laptop of the street receives all 180 in its first pull: $out" \
  || not_ok "big first pull: $out; $(sql "$DIR/a3.db" "SELECT count(*) FROM organization WHERE length(description) = 33000")"
echo "# the first pull took $(( $(now_ms) - t0 )) ms"

# 6. A clock a day ahead, then put right.
if command -v faketime >/dev/null 2>&1; then
  # faketime is preloaded ahead of the sanitizer runtime in the ASan build,
  # which ASan refuses unless told that this order is intended.
  ft() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" faketime "$@"; }
  out=$(ft -f +5m "$CLI" --db "$DIR/a2.db" sync 2>&1)
  [ $? = 0 ] && echo "$out" | grep -q "clock is 5 minutes ahead" && ok "a laptop 5 minutes ahead is told so: $out" \
    || not_ok "5 minutes: $out"
  out=$("$CLI" --db "$DIR/a2.db" sync 2>&1) && ! echo "$out" | grep -q clock && ok "and not when its clock is right" \
    || not_ok "right clock: $out"
  CORG=$(sql "$DIR/a.db" "SELECT id FROM organization ORDER BY id LIMIT 1 OFFSET 2")
  ft -f +1d "$CLI" --db "$DIR/a.db" set organization "$CORG" leader=明天的人 >/dev/null
  ft -f +1d "$CLI" --db "$DIR/a.db" set organization "$CORG" members=77 >/dev/null
  out=$(ft -f +1d "$CLI" --db "$DIR/a.db" sync 2>&1)
  [ $? = 0 ] && echo "$out" | grep -q "clock is 1 day ahead\|clock is 2[34] hours ahead" \
    && ok "a laptop a day ahead syncs and is told, in words, the time to set: $out" || not_ok "a day ahead: $out"
  ft -f +1d "$CLI" --db "$DIR/a.db" set organization "$CORG" phone=13800138000 >/dev/null
  # The clock is put right: the edit made a day ahead and the edits made now sync.
  "$CLI" --db "$DIR/a.db" set organization "$CORG" leader=今天的人 >/dev/null
  out=$("$CLI" --db "$DIR/a.db" sync 2>&1); rc=$?
  [ $rc = 0 ] && echo "$out" | grep -q "2 sent" && ! echo "$out" | grep -q "refused\|clock" \
    && ok "after the clock is put right it keeps syncing: $out" || not_ok "after correction: rc $rc $out"
  out=$("$CLI" --db "$DIR/a2.db" sync 2>&1)
  [ "$(field "$DIR/a2.db" organization "$CORG" leader)" = 今天的人 ] && [ "$(field "$DIR/a2.db" organization "$CORG" phone)" = 13800138000 ] \
    && [ "$(field "$DIR/a2.db" organization "$CORG" members)" = 77 ] \
    && ok "the other laptop has the edits of both days, the latest winning" \
    || not_ok "A2: $out $(field "$DIR/a2.db" organization "$CORG" leader)"
  srv_hlc=$(meta "$S" hlc); lim=$(python3 -c "print(($(now_ms) + 11 * 60000 - 1577836800000) << 8)")
  [ "$srv_hlc" -lt "$lim" ] && ok "the server's clock was not dragged a day ahead" || not_ok "server clock $srv_hlc >= $lim"
else
  for t in "5 minutes ahead" "right clock" "a day ahead" "after correction" "both days" "server clock"; do
    n=$((n + 1)); echo "ok $n # SKIP faketime is not installed ($t)"
  done
fi

# Enrolment is open to any certificate: a deeply nested request body is
# refused before json-glib would recurse into it.
code=$(python3 - "$PORT" "$DIR/w.db.identity" <<'PY'
import http.client, os, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(os.path.join(sys.argv[2], "cert.pem"), os.path.join(sys.argv[2], "key.pem"))
conn = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=60)
try:
    conn.request("POST", "/v1/enroll", body=b"[" * 60000, headers={"Content-Type": "application/json"})
    print(conn.getresponse().status)
except (OSError, http.client.HTTPException) as e:
    print("error %s" % e)
PY
)
case "$code" in 4*) ok "a 60,000-level enrolment body is refused ($code)" ;; *) not_ok "deep enrolment body: $code" ;; esac

# A "server" with the district server's own key that answers without end:
# the laptop stops reading at 16 MB and says so, rather than hold it all.
T_X=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
python3 "$HERE/endless-answer.py" "$DIR/srv/identity" "$DIR/endless.port" >"$DIR/endless.sent" 2>&1 &
ENDLESS=$!
for i in $(seq 1 100); do [ -s "$DIR/endless.port" ] && break; sleep 0.1; done
out=$("$CLI" --db "$DIR/x.db" enroll "https://127.0.0.1:$(cat "$DIR/endless.port")" "$T_X" 2>&1); rc=$?
wait $ENDLESS
sent=$(cat "$DIR/endless.sent")
[ $rc = 1 ] && echo "$out" | grep -q "larger than 16 MB" && [ "$sent" -lt 100000000 ] \
  && ok "an answer without end is refused at 16 MB ($sent bytes were sent): $out" \
  || not_ok "endless answer: rc $rc, $sent bytes sent: $out"

# The server served everyone throughout, and the street still syncs.
out=$(enroll_new "$DIR/a4.db" "$T_A4") && [ "$(count "$DIR/a4.db" organization)" = "$(count "$DIR/a.db" organization)" ] \
  && ok "a last new laptop of 东湖 gets the whole street: $out" || not_ok "A4: $out"
grep -q "CRITICAL\|Segmentation" "$DIR/server.log" && not_ok "server log: $(grep -m3 "CRITICAL\|Segmentation" "$DIR/server.log")" \
  || ok "the server logged no critical error"

finish
