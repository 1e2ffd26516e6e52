#!/bin/sh
# Device names in a record's history (issue 15, item 10): laptop A's change
# seen on laptop B through the district server is said to be A's by A's
# name, not its site id; so is a record A deleted, in B's list of deleted
# records; a name that cannot be shown (GJ_DEVICE_NAME with a control
# character) leaves the short id. Each laptop is its own process with its
# own GJ_DEVICE_NAME, since they share this host's name. Prints TAP.
set -u

CLI=${1:?usage: test-device-names.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
SRV=${2:?usage: test-device-names.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/../sync/common.sh"

is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }
# Field $1 of the first entry of a JSON array on stdin whose field $2 is $3.
json_where() {
  python3 -c "import json,sys
for e in json.load(sys.stdin):
    if str(e.get('$2')) == '$3':
        print(e.get('$1', '-')); break
else:
    print('none')"
}
cli() { name=$1; shift; GJ_DEVICE_NAME="$name" "$CLI" "$@"; }

A="$DIR/a.db"
B="$DIR/b.db"
C="$DIR/c.db"
start_server || { echo "Bail out! server"; exit 1; }
# A holds the street's records first; B and C take them from the server.
"$CLI" --db "$A" init --street 东湖街道 >/dev/null || { echo "Bail out! init"; exit 1; }
for l in a b c; do
  tok=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
  "$CLI" --db "$DIR/$l.db" enroll "$URL" "$tok" >/dev/null || not_ok "enrol laptop $l"
done

ORG=$(cli 王芳的笔记本 --db "$A" add organization name=甲社 legal_form=social_group \
      category=charity) || { echo "Bail out! add"; exit 1; }
cli 王芳的笔记本 --db "$A" set organization "$ORG" name=乙社 >/dev/null
cli 王芳的笔记本 --db "$A" sync --server >/dev/null || not_ok "laptop A syncs"
cli 李娜-laptop --db "$B" sync --server >/dev/null || not_ok "laptop B syncs"

out=$(cli 李娜-laptop --db "$B" history organization "$ORG")
echo "$out" | grep -q "^Name .*device 王芳的笔记本  *乙社$" \
  && ok "B's history names A's change by A's name" || not_ok "B's history: $out"
echo "$out" | grep -q "device [0-9a-f]\{8\} " && not_ok "no short id left: $out" \
  || ok "no short id where the name is known"
json=$(cli 李娜-laptop --db "$B" history organization "$ORG" --json)
is "the JSON gives the name" "$(echo "$json" | json_where device_name field name)" 王芳的笔记本
is "and the site id" "$(echo "$json" | json_where device field name | wc -c)" 33

# A's own history still says this device.
out=$(cli 王芳的笔记本 --db "$A" history organization "$ORG" | grep "^Name" | head -n 1)
echo "$out" | grep -q "this device" && ok "A's own change is this device's" || not_ok "A: $out"

# B edits it: A learns B's name from the server.
cli 李娜-laptop --db "$B" set organization "$ORG" members=33 >/dev/null
cli 李娜-laptop --db "$B" sync --server >/dev/null || not_ok "laptop B syncs again"
cli 王芳的笔记本 --db "$A" sync --server >/dev/null || not_ok "laptop A syncs again"
out=$(cli 王芳的笔记本 --db "$A" history organization "$ORG" | grep "^Members" | head -n 1)
echo "$out" | grep -q "device 李娜-laptop " && ok "A shows B's change by B's name" \
  || not_ok "A's history: $out"

# Deleted on A: B's list of deleted records names A.
cli 王芳的笔记本 --db "$A" delete organization "$ORG" >/dev/null
cli 王芳的笔记本 --db "$A" sync --server >/dev/null || not_ok "laptop A syncs the delete"
cli 李娜-laptop --db "$B" sync --server >/dev/null || not_ok "laptop B takes the delete"
json=$(cli 李娜-laptop --db "$B" deleted --json)
is "B's deleted list names A" "$(echo "$json" | json_where device_name id "$ORG")" 王芳的笔记本
out=$(cli 李娜-laptop --db "$B" deleted)
echo "$out" | grep -q "王芳的笔记本" && ok "and its text does" || not_ok "deleted: $out"

# A name that cannot be shown is not sent: C's change keeps its short id.
cli 李娜-laptop --db "$B" undelete organization "$ORG" >/dev/null
cli 李娜-laptop --db "$B" sync --server >/dev/null
cli "$(printf 'bad\033[2Jname')" --db "$C" sync --server >/dev/null || not_ok "laptop C syncs"
cli "$(printf 'bad\033[2Jname')" --db "$C" set organization "$ORG" members=12 >/dev/null
GJ_DEVICE_NAME="$(printf 'bad\033[2Jname')" "$CLI" --db "$C" sync --server >/dev/null \
  || not_ok "laptop C pushes"
cli 李娜-laptop --db "$B" sync --server >/dev/null
out=$(cli 李娜-laptop --db "$B" history organization "$ORG" | grep "^Members" | head -n 1)
C_HOST=$(hostname)
if echo "$out" | grep -q "bad"; then
  not_ok "a name with a control character is never shown: $out"
else
  ok "a name with a control character is never shown"
fi
echo "$out" | grep -q "device $C_HOST \|device [0-9a-f]\{8\} " \
  && ok "C is shown by its host name or short id: $out" || not_ok "C: $out"

finish
