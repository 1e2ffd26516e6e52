#!/bin/sh
# gongjian-server limits, usage and collect: the district's limits on
# attached files shown, set and refused when they are not whole MB above
# 0; each street's files once a laptop's records name one; nothing to
# collect. Prints TAP.
set -u

CLI=${1:?usage: test-server-limits.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
SRV=${2:?usage: test-server-limits.sh PATH-TO-gongjian-cli PATH-TO-gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/../sync/common.sh"
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT

is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got “$2”, want “$3”"; fi; }

srv() { "$SRV" --data "$DIR/srv" "$@"; }

srv init >/dev/null || { echo "Bail out! init"; exit 1; }

out=$(srv limits); rc=$?
is "limits exits 0" "$rc" 0
is "the defaults" "$out" "Largest attached file: 64 MB
Quota of each street on this server: 10240 MB"

out=$(srv limits --max-file-size 80 --street-quota 20480); rc=$?
is "setting exits 0" "$rc" 0
is "says what is set and when it applies" "$out" "Largest attached file: 80 MB
Quota of each street on this server: 20480 MB
A server that is running applies new limits when it is restarted."
is "kept" "$(srv limits | head -n 1)" "Largest attached file: 80 MB"
srv limits --street-quota 5000 >/dev/null
is "one alone leaves the other" "$(srv limits)" "Largest attached file: 80 MB
Quota of each street on this server: 5000 MB"

for bad in 0 -5 1.5 64MB "" " 64" 99999999999999999999; do
  err=$(srv limits --max-file-size "$bad" --street-quota 7 2>&1 >/dev/null); rc=$?
  is "“$bad” refused" "$rc" 2
  case "$err" in
    *"--max-file-size takes a whole number of megabytes above 0"*) ok "“$bad”: says why" ;;
    *) not_ok "“$bad”: says why: $err" ;;
  esac
done
is "nothing kept of a refused command" "$(srv limits | tail -n 1)" \
  "Quota of each street on this server: 5000 MB"
err=$(srv usage --street-quota 7 2>&1 >/dev/null); rc=$?
is "limits' options on another command refused" "$rc" 2
case "$err" in
  *"go with the command limits"*) ok "says which command takes them" ;;
  *) not_ok "says which command takes them: $err" ;;
esac

is "usage of a server without files" "$(srv usage)" \
  "No record of any street refers to an attached file yet."
is "nothing to collect" "$(srv collect)" "0 files removed that no record has named for 30 days."
[ -d "$DIR/srv/files" ] && ok "the files folder is made" || not_ok "the files folder is made"

# A laptop's records name a file of 5 MB it has not sent yet: the street
# has one file, none of it on the disk, one not uploaded.
gj() { "$CLI" --db "$DIR/a.db" "$@"; }
gj demo >/dev/null || { echo "Bail out! demo data"; exit 1; }
AGREEMENT=$(gj list agreement --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
HASH=$(printf 'a scanned agreement' | sha256sum | cut -d' ' -f1)
gj add attachment sha256="$HASH" size=5242880 owner_kind=agreement owner_id="$AGREEMENT" \
  name=scan.pdf >/dev/null || not_ok "attachment record"
TOKEN=$(srv enroll --street 东湖街道 | tail -n 1)
start_server || { echo "Bail out! server"; exit 1; }
gj enroll "$URL" "$TOKEN" >/dev/null && gj sync >/dev/null && ok "the laptop syncs its records" \
  || not_ok "the laptop syncs its records"
kill "$SERVER"; wait "$SERVER" 2>/dev/null
is "usage lists the street's file, not uploaded" "$(srv usage)" \
"Street                       Files          Size  Not uploaded
东湖街道                         1        0.0 MB             1
All streets                      1        0.0 MB             1"
is "a file a live record names is kept" "$(srv collect)" \
  "0 files removed that no record has named for 30 days."

finish
