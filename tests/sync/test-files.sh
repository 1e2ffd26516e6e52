#!/bin/sh
# Attached files between laptops, as people run them: a photo and a scan
# attached on one laptop reach another through the district server and
# through a paired laptop, byte for byte; the small one with the sync, the
# large one when asked for. A fetch killed midway resumes, and so does an
# upload; a damaged file on the server is refused; another street's laptop
# gets nothing; a file over the district's limit is refused before it is
# sent. Every connection goes to 127.0.0.1 only. Prints TAP.
set -u
CLI=${1:?usage: test-files.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-files.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
RELAY_PY="$(dirname "$0")/relay.py"
# The laptops and the relay are waited for, so that none still writes in
# $DIR as it is removed.
trap 'for p in $SERVER $SERVING; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$DIR"' EXIT

# attachment DB ID FIELD: a field of the attachment ID of the organization $ORG.
attachment() {
  "$CLI" --db "$1" attachments organization "$ORG" --json \
    | python3 -c "import json,sys; print([a for a in json.load(sys.stdin) if a['id'].startswith('$2')][0]['$3'])"
}
# whole DB HASH: the file HASH is here whole (not only begun).
whole() { find "$1.files" -name "$2" -type f | grep -q .; }
partial_size() { find "$1.files/partial" -type f -exec stat -c %s {} + 2>/dev/null | sort -n | tail -n 1; }
# server_partial: the largest unfinished upload in the server's file store.
server_partial() { find "$DIR/srv" -path '*partial*' -name '*.part' -type f -exec stat -c %s {} + 2>/dev/null | sort -n | tail -n 1; }

T_A=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_B=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_D=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_E=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_F=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
T_W=$("$SRV" --data "$DIR/srv" enroll --street 西湖街道 | tail -n 1)
start_server

# Laptop A attaches a 3 MB photo and a 40 MB scan to an organization.
"$CLI" --db "$DIR/a.db" demo --seed 3 >/dev/null
"$CLI" --db "$DIR/a.db" enroll "$URL" "$T_A" >/dev/null || not_ok "A enrols"
ORG=$("$CLI" --db "$DIR/a.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
convert -size 1100x900 xc: +noise Random -quality 98 "$DIR/photo.jpg"
head -c 40000000 /dev/urandom >"$DIR/scan.pdf"
PHOTO=$("$CLI" --db "$DIR/a.db" attach organization "$ORG" "$DIR/photo.jpg" | tail -n 1)
SCAN=$("$CLI" --db "$DIR/a.db" attach organization "$ORG" "$DIR/scan.pdf" | tail -n 1)
PHOTO_HASH=$(attachment "$DIR/a.db" "$PHOTO" sha256)
SCAN_HASH=$(attachment "$DIR/a.db" "$SCAN" sha256)
"$CLI" --db "$DIR/a.db" get-attachment "$PHOTO" -o "$DIR/photo.a" >/dev/null
"$CLI" --db "$DIR/a.db" get-attachment "$SCAN" -o "$DIR/scan.a" >/dev/null
size=$(stat -c %s "$DIR/photo.a")
[ "$size" -gt 2000000 ] && [ "$size" -lt 5242880 ] && cmp -s "$DIR/scan.a" "$DIR/scan.pdf" \
  && ok "A attaches a $size-byte photo and a 40 MB scan" || not_ok "attach on A: $PHOTO $SCAN $size"

out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && echo "$out" | grep -q "2 files sent" \
  && ok "A's sync sends both files to the server: $out" || not_ok "A sync: $out"
out=$("$CLI" --db "$DIR/a.db" sync 2>&1) && ! echo "$out" | grep -q "files* sent" \
  && ok "a second sync sends no file again: $out" || not_ok "A second sync: $out"

# Laptop B of the same street: the photo comes with the sync, the scan
# (over the 5 MB default) waits until asked for.
"$CLI" --db "$DIR/b.db" enroll "$URL" "$T_B" >/dev/null || not_ok "B enrols"
out=$("$CLI" --db "$DIR/b.db" sync --fetch-limit 5MB 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "fetch-limit takes a size in MB" \
  && ok "--fetch-limit refuses what is not a size in MB: $out" || not_ok "--fetch-limit 5MB: $rc $out"
# Under a limit of 1 MB the photo waits too; the limit stays until changed.
out=$("$CLI" --db "$DIR/b.db" sync --fetch-limit 1 2>&1) && echo "$out" | grep -q "2 large files not yet downloaded" \
  && ! echo "$out" | grep -q "files* received" && ! whole "$DIR/b.db" "$PHOTO_HASH" \
  && ok "with --fetch-limit 1 both files wait: $out" || not_ok "B sync --fetch-limit 1: $out"
out=$("$CLI" --db "$DIR/b.db" sync --fetch-limit 5 2>&1) && echo "$out" | grep -q "1 file received" \
  && echo "$out" | grep -q "1 large file not yet downloaded" \
  && ok "B's sync brings the photo and leaves the scan: $out" || not_ok "B sync: $out"
"$CLI" --db "$DIR/b.db" get-attachment "$PHOTO" -o "$DIR/photo.b" >/dev/null 2>&1
whole "$DIR/b.db" "$PHOTO_HASH" && cmp -s "$DIR/photo.a" "$DIR/photo.b" \
  && ok "the photo arrived byte-identical with the sync" || not_ok "photo on B"
! whole "$DIR/b.db" "$SCAN_HASH" && ok "the scan did not come with the sync" || not_ok "scan came unasked"
out=$("$CLI" --db "$DIR/b.db" get-attachment "$SCAN" -o "$DIR/scan.b" 2>&1) && cmp -s "$DIR/scan.a" "$DIR/scan.b" \
  && ok "get-attachment fetches the scan byte-identical" || not_ok "scan on B: $out"

# Through a paired laptop: C has no server; it pairs with A, which listens.
PA=$(free_port)
serve_laptop "$DIR/a.db" "$PA"
pair_laptops "$DIR/c.db" "$DIR/a.db" "$PA" && ok "C pairs with A" || not_ok "pairing C with A"
out=$("$CLI" --db "$DIR/c.db" sync 2>&1) && echo "$out" | grep -q "1 file received" \
  && ok "C's sync with A brings the photo: $out" || not_ok "C sync: $out"
"$CLI" --db "$DIR/c.db" get-attachment "$PHOTO" -o "$DIR/photo.c" >/dev/null 2>&1
out=$("$CLI" --db "$DIR/c.db" get-attachment "$SCAN" -o "$DIR/scan.c" 2>&1)
cmp -s "$DIR/photo.a" "$DIR/photo.c" && cmp -s "$DIR/scan.a" "$DIR/scan.c" \
  && ok "both files reach C from A byte-identical" || not_ok "files on C: $out"
out=$("$CLI" --db "$DIR/c.db" attachments organization "$ORG" --json 2>&1)
echo "$out" | python3 -c 'import json,sys; a=json.load(sys.stdin); sys.exit(0 if len(a) == 2 and all(x["downloaded"] for x in a) else 1)' \
  && ok "C lists both attachments, both on this laptop" || not_ok "C lists: $out"

# A fetch killed midway resumes where it stopped. D reaches the server
# through a relay that counts what the server sends and slows it down.
RP=$(free_port)
python3 "$RELAY_PY" "$RP" "$PORT" "$DIR/relay.count" 0.002 >"$DIR/relay.log" 2>&1 &
SERVING="$SERVING $!"
wait_port "$RP"
"$CLI" --db "$DIR/d.db" enroll "https://127.0.0.1:$RP" "$T_D" >/dev/null || not_ok "D enrols"
"$CLI" --db "$DIR/d.db" sync >/dev/null 2>&1 || not_ok "D syncs"
"$CLI" --db "$DIR/d.db" get-attachment "$SCAN" -o "$DIR/scan.d" >/dev/null 2>&1 &
fetch=$!
for i in $(seq 1 600); do
  p=$(partial_size "$DIR/d.db"); [ "${p:-0}" -ge 8388608 ] && break; sleep 0.02
done
kill -9 $fetch 2>/dev/null; wait $fetch 2>/dev/null
kept=$(partial_size "$DIR/d.db")
[ "${kept:-0}" -ge 4194304 ] && [ "$kept" -lt 40000000 ] && [ ! -e "$DIR/scan.d" ] \
  && ok "a fetch killed midway keeps $kept bytes received" || not_ok "killed fetch kept ${kept:-nothing}"
# The relay may count a last piece of the killed connection; let it end.
sleep 0.5
before=$(cat "$DIR/relay.count")
out=$("$CLI" --db "$DIR/d.db" get-attachment "$SCAN" -o "$DIR/scan.d" 2>&1)
sent=$(( $(cat "$DIR/relay.count") - before ))
cmp -s "$DIR/scan.a" "$DIR/scan.d" && [ "$sent" -lt $((40000000 - kept + 1000000)) ] \
  && ok "fetching again completes it with $sent bytes from the server, not 40 MB" \
  || not_ok "resume: $sent bytes after $kept kept: $out"

# An upload killed midway resumes where it stopped too. F reaches the
# server through a relay that counts what F sends and slows it down; F
# attaches a new 40 MB scan of its own.
RU=$(free_port)
python3 "$RELAY_PY" "$RU" "$PORT" "$DIR/relay-up.count" 0.002 up >"$DIR/relay-up.log" 2>&1 &
SERVING="$SERVING $!"
wait_port "$RU"
"$CLI" --db "$DIR/f.db" enroll "https://127.0.0.1:$RU" "$T_F" >/dev/null || not_ok "F enrols"
"$CLI" --db "$DIR/f.db" sync >/dev/null 2>&1 || not_ok "F syncs"
head -c 40000000 /dev/urandom >"$DIR/scan2.pdf"
SCAN2=$("$CLI" --db "$DIR/f.db" attach organization "$ORG" "$DIR/scan2.pdf" | tail -n 1)
SCAN2_HASH=$(attachment "$DIR/f.db" "$SCAN2" sha256)
"$CLI" --db "$DIR/f.db" sync >/dev/null 2>&1 &
upload=$!
for i in $(seq 1 600); do
  p=$(server_partial); [ "${p:-0}" -ge 8388608 ] && break; sleep 0.02
done
kill -9 $upload 2>/dev/null; wait $upload 2>/dev/null
sleep 0.5
kept=$(server_partial)
[ "${kept:-0}" -ge 4194304 ] && [ "$kept" -lt 40000000 ] \
  && [ -z "$(find "$DIR/srv" -name "$SCAN2_HASH" -type f -not -path '*partial*')" ] \
  && ok "an upload killed midway leaves $kept bytes on the server" || not_ok "killed upload kept ${kept:-nothing}"
before=$(cat "$DIR/relay-up.count")
out=$("$CLI" --db "$DIR/f.db" sync 2>&1)
sent=$(( $(cat "$DIR/relay-up.count") - before ))
SRV_SCAN2=$(find "$DIR/srv" -name "$SCAN2_HASH" -type f -not -path '*partial*' | head -n 1)
echo "$out" | grep -q "1 file sent" && [ -n "$SRV_SCAN2" ] && cmp -s "$SRV_SCAN2" "$DIR/scan2.pdf" \
  && [ "$sent" -lt $((40000000 - kept + 1000000)) ] \
  && ok "syncing again completes the upload with $sent bytes, not 40 MB" \
  || not_ok "upload resume: $sent bytes after $kept kept: $out"

# A file damaged on the server's disk is refused, and nothing of it is kept
# whole; once the server has it right again, it is fetched.
SRV_FILE=$(find "$DIR/srv" -name "$SCAN_HASH" -type f -not -path '*partial*' | head -n 1)
cp "$SRV_FILE" "$DIR/scan.good"
printf 'damaged' | dd of="$SRV_FILE" bs=1 seek=9000000 conv=notrunc 2>/dev/null
"$CLI" --db "$DIR/e.db" enroll "$URL" "$T_E" >/dev/null && "$CLI" --db "$DIR/e.db" sync >/dev/null 2>&1
out=$("$CLI" --db "$DIR/e.db" get-attachment "$SCAN" -o "$DIR/scan.e" 2>&1); rc=$?
[ $rc = 1 ] && [ ! -e "$DIR/scan.e" ] && ! whole "$DIR/e.db" "$SCAN_HASH" \
  && echo "$out" | grep -q "arrived damaged 3 times" \
  && ok "a damaged chunk is refused and no bad file is kept: $out" || not_ok "damaged: $rc $out"
cp "$DIR/scan.good" "$SRV_FILE"
out=$("$CLI" --db "$DIR/e.db" get-attachment "$SCAN" -o "$DIR/scan.e" 2>&1) && cmp -s "$DIR/scan.a" "$DIR/scan.e" \
  && ok "fetched again once the server's copy is whole" || not_ok "refetch: $out"

# A laptop of another street has no record of the file and may not fetch
# it even by its hash.
"$CLI" --db "$DIR/w.db" init --street 西湖街道 >/dev/null
"$CLI" --db "$DIR/w.db" enroll "$URL" "$T_W" >/dev/null && "$CLI" --db "$DIR/w.db" sync >/dev/null 2>&1 \
  || not_ok "W enrols and syncs"
out=$("$CLI" --db "$DIR/w.db" get-attachment "$SCAN" -o "$DIR/scan.w" 2>&1); [ $? != 0 ] && [ ! -e "$DIR/scan.w" ] \
  && ok "another street's laptop has no such attachment: $out" || not_ok "other street: $out"
out=$(python3 - "$DIR/w.db" "$PORT" "$SCAN_HASH" <<'PY'
import json, ssl, sys, urllib.request
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(sys.argv[1] + ".identity/cert.pem", sys.argv[1] + ".identity/key.pem")
for path in ("/v1/files/%s" % sys.argv[3], "/v1/files/%s?offset=0&length=4194304" % sys.argv[3]):
    try:
        urllib.request.urlopen("https://127.0.0.1:%s%s" % (sys.argv[2], path), context=ctx, timeout=10)
        print("served %s" % path); sys.exit(1)
    except urllib.error.HTTPError as e:
        print(e.code, json.loads(e.read() or b"{}").get("error", ""))
PY
); [ $? = 0 ] && echo "$out" | grep -q "^403 No record of this street refers to the file" \
  && ok "a direct request with its certificate is refused: $out" \
  || not_ok "direct request: $out"

# The district allows 1 MB a file: a 2 MB file is refused before any of it
# is sent, and `sync` says so.
kill $SERVER; wait $SERVER 2>/dev/null
"$SRV" --data "$DIR/srv" limits --max-file-size 1 >/dev/null || not_ok "limits"
start_server
head -c 2097152 /dev/urandom >"$DIR/big.bin"
BIG=$("$CLI" --db "$DIR/a.db" attach organization "$ORG" "$DIR/big.bin" | tail -n 1)
BIG_HASH=$(attachment "$DIR/a.db" "$BIG" sha256)
out=$("$CLI" --db "$DIR/a.db" sync --server 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "“big.bin” was not sent" && echo "$out" | grep -q "at most 1 MB" \
  && ok "a file over the district's limit is refused, and sync says so: $out" || not_ok "limit: $rc $out"
[ -z "$(find "$DIR/srv" -name "$BIG_HASH*")" ] \
  && ok "nothing of the refused file is on the server's disk" || not_ok "refused file on the server"

# A removes the photo. Once the delete reaches B, B keeps no file that no
# record names, except one stored within the hour, which a record being
# saved may be about to name.
"$CLI" --db "$DIR/a.db" detach "$PHOTO" >/dev/null || not_ok "detach on A"
"$CLI" --db "$DIR/a.db" sync --server >/dev/null 2>&1
out=$("$CLI" --db "$DIR/b.db" sync 2>&1)
whole "$DIR/b.db" "$PHOTO_HASH" && ok "B keeps the photo it stored minutes ago" \
  || not_ok "B removed a file stored minutes ago: $out"
find "$DIR/b.db.files" -name "$PHOTO_HASH" -type f -exec touch -d '2 hours ago' {} +
out=$("$CLI" --db "$DIR/b.db" sync 2>&1)
! whole "$DIR/b.db" "$PHOTO_HASH" && whole "$DIR/b.db" "$SCAN_HASH" \
  && ok "B's next sync removes the photo no record names, and keeps the scan" \
  || not_ok "photo on B after the delete synced: $out"

finish
