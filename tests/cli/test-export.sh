#!/bin/sh
# gongjian-cli export: a list into an XLSX file as list shows it, read back
# with xlsx2csv and imported again with gongjian-cli import. Prints TAP.
set -u

CLI=${1:?usage: test-export.sh PATH-TO-gongjian-cli PATH-TO-xlsx2csv}
XLSX2CSV=${2:?usage: test-export.sh PATH-TO-gongjian-cli PATH-TO-xlsx2csv}
DIR=$(mktemp -d)
trap 'chmod -R u+w "$DIR"; rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }

gj() { "$CLI" --db "$DB" "$@"; }
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
json_count() { python3 -c "import json,sys; print(json.load(sys.stdin)['counts']['$1'])"; }
# The data rows of the first sheet, as CSV.
rows() { "$XLSX2CSV" "$1" | tail -n +2; }
header() { "$XLSX2CSV" "$1" | head -n 1; }

gj demo --seed 8 >/dev/null || { echo "Bail out! demo data"; exit 1; }

# Every organization, as list shows them.
out=$(gj export organization -o "$DIR/orgs.xlsx"); rc=$?
want=$(gj list organization --json | json_len)
is "export exits 0" "$rc" 0
is "says how many went where" "$out" "Exported $want records to $DIR/orgs.xlsx"
is "one row a record" "$(rows "$DIR/orgs.xlsx" | wc -l)" "$want"
header "$DIR/orgs.xlsx" \
  | grep -q '^Name,Unified social credit code,Legal form,Category,Community,Founded' \
  && ok "header of labels" || not_ok "header of labels: $(header "$DIR/orgs.xlsx")"
[ -z "$(find "$DIR" -name '.gongjian-export-*')" ] && ok "no temporary file left" \
  || not_ok "temporary file left"

# A filter and a search: the rows list gives, in its order.
gj export organization -o "$DIR/some.xlsx" --filter category=养老照护 --search 社区 >/dev/null
want=$(gj list organization --filter category=elderly_care --search 社区 --json \
       | python3 -c 'import json,sys; print("|".join(r["name"] for r in json.load(sys.stdin)))')
got=$(rows "$DIR/some.xlsx" | cut -d, -f1 | paste -sd '|')
if [ -n "$want" ]; then is "filter and search as list" "$got" "$want"
else not_ok "the filter selects nothing"; fi

# ID numbers masked unless --reveal.
ID=$(gj list volunteer --reveal --json | python3 -c '
import json, sys
print([r for r in json.load(sys.stdin) if r.get("resident_id")][0]["resident_id"])')
gj export volunteer -o "$DIR/vols.xlsx" >/dev/null
grep_id() { "$XLSX2CSV" "$1" | grep -c "$ID"; }
is "ID numbers masked" "$(grep_id "$DIR/vols.xlsx")" 0
"$XLSX2CSV" "$DIR/vols.xlsx" | grep -q '\*\*\*\*' && ok "masks shown" || not_ok "masks shown"
gj export volunteer -o "$DIR/vols.xlsx" --reveal >/dev/null
is "--reveal writes them whole" "$(grep_id "$DIR/vols.xlsx")" 1

# Read back by the import: every row matches, nothing new. Masked phones
# cannot be read back, so the export for it reveals them.
gj export organization -o "$DIR/orgs.xlsx" --reveal >/dev/null
out=$(gj import organization "$DIR/orgs.xlsx" --dry-run --json)
is "import finds no new organization" "$(echo "$out" | json_count new)" 0
is "import matches every organization" "$(echo "$out" | json_count matched)" \
   "$(gj list organization --json | json_len)"
is "import finds no problem" "$(echo "$out" | json_count problems)" 0

# Refusals, each with a clear message.
out=$(gj export organization 2>&1); rc=$?
is "missing -o is a usage error" "$rc" 2
echo "$out" | grep -q -- "-o FILE.xlsx" && ok "says -o is needed" || not_ok "says -o: $out"
out=$(gj export organization -o "$DIR/orgs.csv" 2>&1); rc=$?
is "a name not ending in .xlsx is a usage error" "$rc" 2
echo "$out" | grep -q "orgs.csv.*\.xlsx" && ok "names the file and .xlsx" \
  || not_ok "names .xlsx: $out"
[ ! -e "$DIR/orgs.csv" ] && ok "nothing written" || not_ok "nothing written"
out=$(gj export organization -o "$DIR/missing/orgs.xlsx" 2>&1); rc=$?
is "a folder that is not there fails" "$rc" 1
echo "$out" | grep -q "$DIR/missing/orgs.xlsx" && ok "names the file" \
  || not_ok "names the file: $out"
# A folder that cannot be written into; a regular file in the way fails
# the same way for root, which CI runs as (root writes into read-only
# folders).
: >"$DIR/plain-file"
out=$(gj export organization -o "$DIR/plain-file/orgs.xlsx" 2>&1); rc=$?
is "a folder that cannot be written into fails" "$rc" 1
echo "$out" | grep -q "$DIR/plain-file/orgs.xlsx" && ok "names the file it could not write" \
  || not_ok "names the file: $out"
out=$(gj export organization -o "$DIR/x.xlsx" --json 2>&1); rc=$?
is "--json refused" "$rc" 2
out=$(gj export planet -o "$DIR/x.xlsx" 2>&1); rc=$?
is "unknown kind refused" "$rc" 1
out=$(gj export organization -o "$DIR/x.xlsx" --filter nonsense=1 2>&1); rc=$?
is "unknown field in a filter refused" "$rc" 1
[ ! -e "$DIR/x.xlsx" ] && ok "no file after a refusal" || not_ok "no file after a refusal"

echo "1..$n"
