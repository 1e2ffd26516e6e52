#!/bin/sh
# gongjian-cli attach, attachments, get-attachment, detach: files attached
# to records, stored once by content beside the database, read back byte
# for byte, photos without their GPS position unless asked. Prints TAP.
set -u

CLI=${1:?usage: test-attach.sh PATH-TO-gongjian-cli PATH-TO-photo-with-GPS.jpg}
PHOTO=${2:?usage: test-attach.sh PATH-TO-gongjian-cli PATH-TO-photo-with-GPS.jpg}
DIR=$(mktemp -d)
trap 'chmod -R u+w "$DIR"; rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
FILES="$DB.files"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }

gj() { "$CLI" --db "$DB" "$@"; }
first_id() {
  gj list "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'
}
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
json_first() { python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$1'])"; }
# Whole files stored (not what is being received, not chunk sums).
stored() {
  find "$FILES" -path "$FILES/partial" -prune -o -type f ! -name '*.chunks' -print | wc -l
}
# A refusal: a status that is not 0, nothing on stdout, one line on stderr.
refused() {
  what=$1; shift
  out=$(gj "$@" 2>"$DIR/err"); rc=$?
  if [ $rc != 0 ] && [ -z "$out" ] && [ "$(wc -l < "$DIR/err")" = 1 ]; then ok "$what"
  else not_ok "$what: status $rc, stdout “$out”, stderr “$(cat "$DIR/err")”"; fi
}
# Whether the file holds the photo's latitude as exiftool wrote it (31/1, 13/1).
has_latitude() {
  python3 -c '
import sys
latitude = bytes.fromhex("0000001f000000010000000d00000001")
sys.exit(0 if latitude in open(sys.argv[1], "rb").read() else 1)' "$1"
}

gj demo --seed 3 >/dev/null || { echo "Bail out! demo data"; exit 1; }
ITEM=$(first_id agreement_item)
ORG=$(first_id organization)
VOL=$(first_id volunteer)

printf '%%PDF-1.4\n%% 共驻共建协议扫描件\n' > "$DIR/协议扫描件.pdf"
head -c 300000 /dev/urandom >> "$DIR/协议扫描件.pdf"
cp "$DIR/协议扫描件.pdf" "$DIR/copy.pdf"

# Attach: the id and nothing else.
A1=$(gj attach agreement_item "$ITEM" "$DIR/协议扫描件.pdf"); rc=$?
is "attach exits 0" "$rc" 0
echo "$A1" | grep -Eqx '[0-9a-f-]{36}' && ok "attach prints the id alone" \
  || not_ok "attach prints the id alone: “$A1”"
A2=$(gj attach organization "$(echo "$ORG" | cut -c1-24)" "$DIR/copy.pdf" --name 章程.pdf)
rc=$?
is "attach to an organization by a short id" "$rc" 0
is "one content is stored once" "$(stored)" 1
[ -z "$(find "$FILES" -name '.tmp-*')" ] && ok "no temporary file left" \
  || not_ok "temporary file left"

# The list.
out=$(gj attachments agreement_item "$ITEM" --json)
is "one attachment on the item" "$(echo "$out" | json_len)" 1
is "named after the file" "$(echo "$out" | json_first name)" "协议扫描件.pdf"
is "its type" "$(echo "$out" | json_first mime_type)" "application/pdf"
is "its size" "$(echo "$out" | json_first size)" "$(wc -c < "$DIR/协议扫描件.pdf")"
is "it is here" "$(echo "$out" | json_first downloaded)" "True"
out=$(gj attachments organization "$ORG")
echo "$out" | grep -q '章程.pdf.*application/pdf.*KB.*downloaded' && ok "the list as text" \
  || not_ok "the list as text: $out"

# Back out, byte for byte, by a short id.
out=$(gj get-attachment "$(echo "$A1" | cut -c1-24)" -o "$DIR/back.pdf"); rc=$?
is "get-attachment exits 0" "$rc" 0
cmp -s "$DIR/back.pdf" "$DIR/协议扫描件.pdf" && ok "the copy is byte-identical" \
  || not_ok "the copy is byte-identical"
echo "old contents" > "$DIR/over.pdf"
gj get-attachment "$A2" -o "$DIR/over.pdf" >/dev/null
cmp -s "$DIR/over.pdf" "$DIR/协议扫描件.pdf" && ok "an existing file is replaced whole" \
  || not_ok "an existing file is replaced whole"

# Refusals, each one line.
refused "a kind that takes no attachments" attach volunteer "$VOL" "$DIR/copy.pdf"
grep -q 'cannot be attached' "$DIR/err" && ok "says the kind takes none" \
  || not_ok "says the kind takes none: $(cat "$DIR/err")"
refused "a missing file" attach organization "$ORG" "$DIR/no-such.pdf"
grep -q 'no-such.pdf' "$DIR/err" && ok "names the missing file" || not_ok "names the missing file"
: > "$DIR/empty.txt"
refused "an empty file" attach organization "$ORG" "$DIR/empty.txt"
grep -q 'empty' "$DIR/err" && ok "says it is empty" || not_ok "says it is empty: $(cat "$DIR/err")"
refused "a record that is not there" attach organization ffffffff-0000 "$DIR/copy.pdf"
refused "an unknown kind" attach spaceship "$ORG" "$DIR/copy.pdf"
refused "get-attachment of an unknown id" get-attachment ffffffff-0000 -o "$DIR/x"
refused "detach of an unknown id" detach ffffffff-0000
refused "attachments of an unknown record" attachments organization ffffffff-0000
out=$(gj get-attachment "$A1" 2>/dev/null); rc=$?
is "get-attachment without -o is a usage error" "$rc" 2
is "nothing stored by the refusals" "$(stored)" 1

# Detach: the shared file stays until the last attachment goes.
is "detach prints the id" "$(gj detach "$A1")" "$A1"
is "the shared file stays" "$(stored)" 1
is "the item has none left" "$(gj attachments agreement_item "$ITEM" --json | json_len)" 0
# A file stored in the last hour may be about to be named by a record
# the app has not saved yet, so it stays. One stored earlier stays too
# while the district server does not hold it: this laptop may have the
# only copy, and `undelete` (Recently Deleted) brings the attachment back.
find "$FILES" -path "$FILES/partial" -prune -o -type f -exec touch -d '2 hours ago' {} +
gj detach "$A2" >/dev/null
is "the last detach keeps a file no district server holds" "$(stored)" 1
refused "get-attachment of a detached one" get-attachment "$A2" -o "$DIR/x"
gj undelete attachment "$A2" >/dev/null
gj get-attachment "$A2" -o "$DIR/undeleted.pdf" >/dev/null
cmp -s "$DIR/undeleted.pdf" "$DIR/协议扫描件.pdf" && ok "undeleted, it comes back with its file" \
  || not_ok "undeleted, it comes back with its file"
# Once the district server holds it (as a sync records), the last detach
# removes it at once: the server keeps it for Recently Deleted.
python3 - "$DB" "$(gj attachments organization "$ORG" --json | json_first sha256)" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('sync.files', ?)", (sys.argv[2],))
db.commit()
PY
gj detach "$A2" >/dev/null
is "the last detach removes a file the district server holds" "$(stored)" 0

# A photo loses its position, unless it is kept.
has_latitude "$PHOTO" && ok "the test photo has a position" \
  || not_ok "the test photo has a position"
P1=$(gj attach organization "$ORG" "$PHOTO")
gj get-attachment "$P1" -o "$DIR/photo.jpg" >/dev/null
has_latitude "$DIR/photo.jpg" && not_ok "the position is erased" || ok "the position is erased"
is "the photo keeps its length" "$(wc -c < "$DIR/photo.jpg")" "$(wc -c < "$PHOTO")"
# exiftool is required (tools/setup-deps.sh installs it): a check that
# skipped would pass without reading the photo.
is "exiftool finds no GPS tag" "$(exiftool -q -a -GPS:all "$DIR/photo.jpg" | wc -l)" 0
P2=$(gj attach organization "$ORG" "$PHOTO" --keep-location)
gj get-attachment "$P2" -o "$DIR/kept.jpg" >/dev/null
cmp -s "$DIR/kept.jpg" "$PHOTO" && ok "--keep-location keeps the photo as it was" \
  || not_ok "--keep-location keeps the photo as it was"

# A file this device does not have is fetched; without a server or a
# paired laptop that fails, in one line, and writes nothing.
rm -f "$FILES"/*/*
refused "a file that is not here and cannot be fetched" \
  get-attachment "$P1" -o "$DIR/gone.jpg"
[ ! -e "$DIR/gone.jpg" ] && ok "nothing written when the fetch fails" \
  || not_ok "nothing written when the fetch fails"
out=$(gj attachments organization "$ORG")
echo "$out" | grep -q 'not yet downloaded' && ok "the list says it is not yet downloaded" \
  || not_ok "the list says it is not yet downloaded: $out"

echo "1..$n"
