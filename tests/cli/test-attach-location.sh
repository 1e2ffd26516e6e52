#!/bin/sh
# gongjian-cli attach of photos whose position is in XMP, in Extended XMP
# and in an EXIF segment behind 300 KB of other segments: get-attachment
# gives back a copy of the same length with no position that exiftool can
# find, the orientation, dates and rating kept; a photo with more than
# 16 MB before its picture is refused unless its location is kept; a PNG
# whose EXIF and GPS text chunks follow its image data loses them too.
# Prints TAP.
set -u

usage="usage: test-attach-location.sh PATH-TO-gongjian-cli PHOTO-XMP-GPS.jpg PHOTO-GPS.png"
CLI=${1:?$usage}
PHOTO=${2:?$usage}
PNG=${3:?$usage}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }
gj() { "$CLI" --db "$DB" "$@"; }
first_id() {
  gj list "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'
}

# The photo with PADDING bytes of APP2 segments after its start of image,
# then Extended XMP whose only position, GPSAltitude, has its "GPS" split
# between two pieces.
build() {
  python3 - "$PHOTO" "$1" "$2" <<'PY'
import struct, sys
src, padding, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
photo = open(src, 'rb').read()
def seg(marker, payload):
    return bytes([0xff, marker]) + struct.pack('>H', len(payload) + 2) + payload
xml = (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
       b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
       b"rdf:about='' xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSAltitude='77/1'/>"
       b"</rdf:RDF></x:xmpmeta>")
cut = xml.index(b'GPS') + 1
def ext(a, b):
    return seg(0xe1, b'http://ns.adobe.com/xmp/extension/\0' + b'0123456789ABCDEF' * 2 +
               struct.pack('>II', len(xml), a) + xml[a:b])
data = photo[:2]
while padding > 0:
    size = min(60000, padding)
    data += seg(0xe2, b'GJ-TEST\0' + b'G' * (size - 8))
    padding -= size
data += ext(0, cut) + ext(cut, len(xml)) + photo[2:]
open(out, 'wb').write(data)
PY
}
tags() {
  exiftool -a -G1 -s -api ExtendedXMP=2 -GPS:all -XMP:all -Orientation# -DateTimeOriginal "$1"
}

# exiftool (tools/setup-deps.sh installs it) is the reader that judges.
command -v exiftool >/dev/null \
  || { echo "Bail out! exiftool is not installed (tools/setup-deps.sh installs it)"; exit 1; }
gj demo --seed 3 >/dev/null || { echo "Bail out! demo data"; exit 1; }
ORG=$(first_id organization)
build 300000 "$DIR/far.jpg"

before=$(tags "$DIR/far.jpg")
has() {
  echo "$before" | grep -q "$2" && ok "the built photo has $1" || not_ok "the built photo has $1"
}
has "an EXIF latitude" '\[GPS\] *GPSLatitude'
has "an XMP latitude" '\[XMP-exif\] *GPSLatitude'
has "an Extended XMP altitude" '\[XMP-exif\] *GPSAltitude *: 77 m'

P1=$(gj attach organization "$ORG" "$DIR/far.jpg"); rc=$?
is "attach exits 0" "$rc" 0
gj get-attachment "$P1" -o "$DIR/back.jpg" >/dev/null
is "the copy keeps its length" "$(wc -c < "$DIR/back.jpg")" "$(wc -c < "$DIR/far.jpg")"
after=$(tags "$DIR/back.jpg")
echo "$after" | grep -q GPS && not_ok "exiftool finds no position: $after" \
  || ok "exiftool finds no position"
echo "$after" | grep -q 'Orientation *: 6' && ok "the orientation is kept" \
  || not_ok "the orientation is kept: $after"
echo "$after" | grep -q 'DateTimeOriginal *: 2024:05:01 10:00:00' && ok "the date is kept" \
  || not_ok "the date is kept: $after"
echo "$after" | grep -q '\[XMP-xmp\] *Rating *: 3' && ok "the XMP rating is kept" \
  || not_ok "the XMP rating is kept: $after"
# The image data, from the start of scan on, is untouched.
image() {
  python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
pos = 2
while d[pos + 1] != 0xda:
    pos += 2 + (d[pos + 2] << 8 | d[pos + 3])
sys.stdout.buffer.write(d[pos:])' "$1" > "$2"
}
image "$DIR/far.jpg" "$DIR/far.image"
image "$DIR/back.jpg" "$DIR/back.image"
[ -s "$DIR/far.image" ] && cmp -s "$DIR/far.image" "$DIR/back.image" \
  && ok "the image data is unchanged" || not_ok "the image data is unchanged"
P2=$(gj attach organization "$ORG" "$DIR/far.jpg" --keep-location)
gj get-attachment "$P2" -o "$DIR/kept.jpg" >/dev/null
cmp -s "$DIR/kept.jpg" "$DIR/far.jpg" && ok "--keep-location keeps the photo as it was" \
  || not_ok "--keep-location keeps the photo as it was"

# More than 16 MB before the picture: refused, in one line naming the file.
build 16777216 "$DIR/huge.jpg"
out=$(gj attach organization "$ORG" "$DIR/huge.jpg" 2>"$DIR/err"); rc=$?
if [ $rc != 0 ] && [ -z "$out" ] && [ "$(wc -l < "$DIR/err")" = 1 ]; then
  ok "a photo with more than 16 MB before its picture is refused"
else
  not_ok "a photo with more than 16 MB before its picture is refused: $rc “$out” \
$(cat "$DIR/err")"
fi
grep -q 'huge.jpg.*16 MB' "$DIR/err" && ok "the refusal names the file and the limit" \
  || not_ok "the refusal names the file and the limit: $(cat "$DIR/err")"
gj attach organization "$ORG" "$DIR/huge.jpg" --keep-location >/dev/null; rc=$?
is "with its location kept it is attached" "$rc" 0

# A PNG whose eXIf and "exif:GPSLatitude" text chunks follow IDAT.
exiftool -a -G1 "$PNG" | grep -q 'GPS Latitude' && ok "the PNG has a position" \
  || not_ok "the PNG has a position"
P3=$(gj attach organization "$ORG" "$PNG")
gj get-attachment "$P3" -o "$DIR/back.png" >/dev/null
is "the PNG keeps its length" "$(wc -c < "$DIR/back.png")" "$(wc -c < "$PNG")"
after=$(exiftool -a -G1 -s -validate -all "$DIR/back.png")
echo "$after" | grep -q GPS && not_ok "exiftool finds no position in the PNG: $after" \
  || ok "exiftool finds no position in the PNG"
echo "$after" | grep -q CRC && not_ok "the PNG's CRCs are right: $after" \
  || ok "the PNG's CRCs are right"
echo "$after" | grep -q 'Orientation *: Rotate 90 CW' && ok "the PNG keeps its orientation" \
  || not_ok "the PNG keeps its orientation: $after"

echo "1..$n"
