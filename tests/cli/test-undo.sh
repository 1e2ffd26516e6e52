#!/bin/sh
# gongjian-cli deleted and undelete: the records deleted lately, newest
# first, as the app's Recently Deleted page lists them, and bringing one
# back. Prints TAP.
set -u

CLI=${1:?usage: test-undo.sh PATH-TO-gongjian-cli}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }

gj() { "$CLI" --db "$DB" "$@"; }
json_len() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[$1]['$2'])"; }
first_id() { gj list "$1" --json --limit 1 | json_field 0 id; }

gj demo --seed 8 >/dev/null || { echo "Bail out! demo data"; exit 1; }

out=$(gj deleted); rc=$?
is "deleted exits 0 with nothing deleted" "$rc" 0
is "says nothing was deleted" "$out" "Nothing deleted in the last 30 days."
is "an empty JSON list" "$(gj deleted --json | json_len)" 0

org=$(first_id organization)
unit=$(first_id unit)
name=$(gj show organization "$org" --json | json_field 0 name)
gj delete organization "$org" >/dev/null || not_ok "delete an organization"
sleep 1.1
gj delete unit "$unit" >/dev/null || not_ok "delete a unit"

is "two deleted records" "$(gj deleted --json | json_len)" 2
is "newest first" "$(gj deleted --json | json_field 0 id)" "$unit"
is "with its kind" "$(gj deleted --json | json_field 1 kind)" "organization"
is "deleted here" "$(gj deleted --json | json_field 1 here)" "True"
is "with its title" "$(gj deleted --json | json_field 1 title)" "$name"
gj deleted | grep -q "^$org  Social organization  $name  .*on this device$" \
  && ok "a line per record: id, kind, title, when and where" \
  || not_ok "a line per record: $(gj deleted)"
is "--limit" "$(gj deleted --json --limit 1 | json_len)" 1

gj undelete organization "$org" >/dev/null; rc=$?
is "undelete exits 0" "$rc" 0
is "restored: off the list" "$(gj deleted --json | json_field 0 id)" "$unit"
is "one left" "$(gj deleted --json | json_len)" 1
is "restored: listed again" "$(gj list organization --json | grep -c "$org")" 1

gj deleted extra >/dev/null 2>&1; rc=$?
is "deleted takes no arguments (usage error)" "$rc" 2

echo "1..$n"
