#!/bin/sh
# gongjian-server limits, usage and collect: the district's limits on
# attached files shown, set and refused when they are not whole MB above
# 0; the files of no street; nothing to collect. Prints TAP.
set -u

SRV=${1:?usage: test-server-limits.sh PATH-TO-gongjian-server}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
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

echo "1..$n"
