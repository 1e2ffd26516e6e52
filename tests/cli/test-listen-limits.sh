#!/bin/sh
# What a listening laptop takes from a paired colleague, as people run
# them: a file over 64 MB is refused before it is sent and said by name;
# with the listener's disk near its floor (GJ_FILES_FREE_SPACE_FOR_TEST
# stands in for the disk, in programs run uninstalled) a small file is
# refused too, and so is a file the colleague would fetch onto a disk
# near its own floor. Every connection goes to 127.0.0.1 only. Prints TAP.
set -u
CLI=${1:?usage: test-listen-limits.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-listen-limits.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/../sync/common.sh"
trap 'for p in $SERVING; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$DIR"' EXIT
unset GJ_FILES_FREE_SPACE_FOR_TEST
export GJ_UNINSTALLED=1

partial_files() { find "$1.files/partial" -type f 2>/dev/null | wc -l; }

# A listens; B, new, pairs with it and takes its street and records.
"$CLI" --db "$DIR/a.db" demo --seed 3 >/dev/null
PA=$(free_port)
serve_laptop "$DIR/a.db" "$PA"
pair_laptops "$DIR/b.db" "$DIR/a.db" "$PA" && ok "B pairs with A" || not_ok "pairing B with A"
"$CLI" --db "$DIR/b.db" sync >/dev/null 2>&1 || not_ok "B's first sync"
ORG=$("$CLI" --db "$DIR/b.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# B attaches a file of 65 MB and one of 1 MB; A takes only the small one.
head -c 68157440 /dev/urandom >"$DIR/big.bin"
head -c 1048576 /dev/urandom >"$DIR/small.pdf"
"$CLI" --db "$DIR/b.db" attach organization "$ORG" "$DIR/big.bin" >/dev/null || not_ok "attach big"
"$CLI" --db "$DIR/b.db" attach organization "$ORG" "$DIR/small.pdf" >/dev/null || not_ok "attach small"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1)
echo "$out" | grep -q "1 file sent" \
  && echo "$out" | grep -q "The file “big.bin” was not sent: .*The file is 65 MB; a laptop takes at most 64 MB per file from another laptop" \
  && [ "$(partial_files "$DIR/a.db")" = 0 ] \
  && ok "A refuses the 65 MB file before any of it is sent: $out" || not_ok "big file: $out"

# A's disk at its floor: 1 GB free of a 20 GB disk, which keeps 1 GB free
# (5 %), so no byte more fits. The refusal of one file does not stop the
# sync's others: the larger big.bin after it is still offered, and refused
# for its own reason.
for p in $SERVING; do kill $p 2>/dev/null; done; wait 2>/dev/null; SERVING=
export GJ_FILES_FREE_SPACE_FOR_TEST=1073741824:21474836480
serve_laptop "$DIR/a.db" "$PA"
unset GJ_FILES_FREE_SPACE_FOR_TEST
head -c 2097152 /dev/urandom >"$DIR/notes.pdf"
"$CLI" --db "$DIR/b.db" attach organization "$ORG" "$DIR/notes.pdf" >/dev/null || not_ok "attach notes"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1)
echo "$out" | grep -q "The file “notes.pdf” was not sent: .*The receiving laptop's disk has 1 GB free; receiving 2 MB more would leave less than the 1 GB it keeps free" \
  && echo "$out" | grep -q "The file “big.bin” was not sent: .*The file is 65 MB; a laptop takes at most 64 MB" \
  && ! echo "$out" | grep -q "files* sent" && [ "$(partial_files "$DIR/a.db")" = 0 ] \
  && ok "A near its disk floor refuses the 2 MB file by name: $out" || not_ok "floor on A: $out"

# A attaches a file of its own; B, near its own floor, does not fetch it,
# with the sync or when asked for.
head -c 1048576 /dev/urandom >"$DIR/minutes.pdf"
"$CLI" --db "$DIR/a.db" attach organization "$ORG" "$DIR/minutes.pdf" >/dev/null || not_ok "attach on A"
out=$(GJ_FILES_FREE_SPACE_FOR_TEST=1073741824:21474836480 "$CLI" --db "$DIR/b.db" sync 2>&1)
echo "$out" | grep -q "The file “minutes.pdf” was not received: This laptop's disk has 1 GB free; fetching 1 MB more would leave less than the 1 GB it keeps free" \
  && ! echo "$out" | grep -q "files* received" && [ "$(partial_files "$DIR/b.db")" = 0 ] \
  && ok "B near its disk floor does not fetch A's file: $out" || not_ok "floor on B: $out"
MINUTES=$("$CLI" --db "$DIR/b.db" attachments organization "$ORG" --json \
  | python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin) if a["name"] == "minutes.pdf"][0])')
out=$(GJ_FILES_FREE_SPACE_FOR_TEST=1073741824:21474836480 "$CLI" --db "$DIR/b.db" get-attachment "$MINUTES" -o "$DIR/minutes.b" 2>&1); rc=$?
[ $rc != 0 ] && echo "$out" | grep -q "This laptop's disk has 1 GB free; fetching 1 MB more" \
  && [ ! -e "$DIR/minutes.b" ] && [ "$(partial_files "$DIR/b.db")" = 0 ] \
  && ok "asked for by name, the file is not fetched either: $out" || not_ok "get-attachment at the floor: $rc $out"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1)
echo "$out" | grep -q "1 file received" && ok "with room, B fetches it: $out" || not_ok "B fetch: $out"

finish
