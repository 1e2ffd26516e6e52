# Shared by the mixed-version test scripts: TAP helpers, a district server
# of either version on a free loopback port, laptops of either version, and
# pairing between them as people do it. Source it after setting NEW_CLI,
# NEW_SRV, OLD_CLI, OLD_SRV (paths to the programs) and DIR (a new temporary
# directory, removed at exit).
#
# Every helper that runs a program takes the version first: "old" or "new".
# A laptop database stays with the version that wrote it, or moves from old
# to new; a newer database is refused by an older program by design.
# Helpers keep their variables with `local`, which every sh Debian has.
export LC_ALL=C.UTF-8 LANGUAGE=

for p in "$NEW_CLI" "$NEW_SRV" "$OLD_CLI" "$OLD_SRV"; do
  [ -x "$p" ] || { echo "Bail out! $p is not a program"; exit 1; }
done

n=0
failed=0
# A description may quote a command's output: one TAP line all the same.
ok() { n=$((n + 1)); printf 'ok %s - %s\n' "$n" "$(printf '%s' "$1" | tr '\n' ' ')"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); printf 'not ok %s - %s\n' "$n" "$(printf '%s' "$1" | tr '\n' ' ')"; }
finish() { echo "1..$n"; [ $failed = 0 ]; }

# cli VER, srv VER: the path of that version's program.
cli() {
  case $1 in old) echo "$OLD_CLI" ;; new) echo "$NEW_CLI" ;; *) echo "cli: no version '$1'" >&2; return 2 ;; esac
}
srv() {
  case $1 in old) echo "$OLD_SRV" ;; new) echo "$NEW_SRV" ;; *) echo "srv: no version '$1'" >&2; return 2 ;; esac
}

# gj VER DB ARGS…: runs that version's gongjian-cli on the laptop database DB.
gj() {
  local program db
  program=$(cli "$1") || return 2
  db=$2
  shift 2
  "$program" --db "$db" "$@"
}

# json_query EXPR VER DB ARGS…: runs gj VER DB ARGS…, which prints JSON, and
# prints the Python expression EXPR of it, d; text(v) is v as field prints
# it. Prints nothing and fails when gj fails (gj says why on stderr).
json_query() {
  local expr=$1 out
  shift
  out=$(gj "$@") || return 1
  printf '%s' "$out" | python3 -c "
import json, sys
def text(v): return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
d = json.load(sys.stdin)
print($expr)"
}

# count VER DB KIND: how many live (not deleted) records of KIND DB holds.
count() { json_query 'len(d)' "$1" "$2" list "$3" --json; }

# ids VER DB KIND, names VER DB KIND: the live records' ids or names,
# sorted, one a line; equal between laptops that converged.
ids() { json_query '"\n".join(sorted(r["id"] for r in d))' "$1" "$2" list "$3" --json; }
names() { json_query '"\n".join(sorted(text(r["name"]) for r in d))' "$1" "$2" list "$3" --json; }

# field VER DB KIND ID FIELD: one field as text, unmasked; JSON for anything
# that is not a string (null, true, 12, 3.5).
field() { json_query "text(d[0]['$5'])" "$1" "$2" show "$3" "$4" --json --reveal; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  local i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}

# The district server: one at a time, always on the same port, so that the
# address laptops enrolled with stays right when it is restarted.
SERVER_PORT=$(free_port)
URL="https://127.0.0.1:$SERVER_PORT"
SERVER=
SERVER_VER=
SERVER_DATA=
SERVING=

# start_server VER DATA: that version's server on $URL with its data in the
# directory DATA, which it sets up first when DATA does not exist yet. What
# it prints goes to DATA.log. Fails when it does not listen within 3 s.
start_server() {
  [ -z "$SERVER" ] || { echo "# start_server: a server is already running" >&2; return 1; }
  if [ ! -e "$2" ]; then
    "$(srv "$1")" --data "$2" init >>"$2.log" 2>&1 || return 1
  fi
  "$(srv "$1")" --data "$2" serve --listen "127.0.0.1:$SERVER_PORT" >>"$2.log" 2>&1 &
  SERVER=$!
  SERVER_VER=$1
  SERVER_DATA=$2
  wait_port "$SERVER_PORT"
}

# stop_server: the running server stops as on shutdown (SIGTERM).
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null
  wait "$SERVER" 2>/dev/null
  SERVER=
}

# restart_server VER: stops the running server and starts VER's on the same
# data directory and port; "restart_server new" after "start_server old"
# is an upgrade in place.
restart_server() {
  local data=$SERVER_DATA
  stop_server
  start_server "$1" "$data"
}

# enroll_token [STREET]: a new enrolment token from the running server's
# data, made by the server program of its version; STREET is 东湖街道 unless given.
enroll_token() {
  "$(srv "$SERVER_VER")" --data "$SERVER_DATA" enroll --street "${1:-东湖街道}" | tail -n 1
}

# enroll_laptop VER DB [STREET]: the laptop database DB is enrolled on the
# running server with VER's gongjian-cli; DB need not exist yet.
enroll_laptop() {
  local token
  token=$(enroll_token "${3:-东湖街道}") || return 1
  gj "$1" "$2" enroll "$URL" "$token" >/dev/null
}

# serve_laptop VER DB PORT: the laptop listens for paired laptops on
# 127.0.0.1:PORT until stop_laptop DB or the end of the test; what it
# prints goes to DB.serve.log. Here and in pair_laptops the program is
# started directly, never through gj: $! would be a subshell's, and killing
# that would leave the program running.
serve_laptop() {
  "$(cli "$1")" --db "$2" serve --listen "127.0.0.1:$3" >"$2.serve.log" 2>&1 &
  echo $! >"$2.serve.pid"
  SERVING="$SERVING $!"
  wait_port "$3"
}

stop_laptop() {
  local pid
  [ -f "$1.serve.pid" ] || return 0
  pid=$(cat "$1.serve.pid")
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -f "$1.serve.pid"
}

# pair_laptops ASKER_VER ASKER_DB ASKED_VER ASKED_DB ASKED_PORT [ASKER_PORT]:
# the asker asks the laptop that serve_laptop started on ASKED_PORT, in the
# background; the code it prints must be the one the asked laptop prints,
# which is then accepted there, as its user would. ASKER_PORT is where the
# asker says it listens.
pair_laptops() {
  local asker i mine theirs
  "$(cli "$1")" --db "$2" pair "https://127.0.0.1:$5" ${6:+--listen $6} >"$2.pair.log" 2>&1 &
  asker=$!
  for i in $(seq 1 30); do grep -q "Pairing code" "$2.pair.log" && break; sleep 0.2; done
  mine=$(sed -n 's/^Pairing code: //p' "$2.pair.log")
  theirs=$(sed -n 's/.*its code is \([0-9 ]*\)\..*/\1/p' "$4.serve.log" | tail -n 1)
  if [ -z "$mine" ] || [ "$mine" != "$theirs" ]; then
    kill $asker 2>/dev/null
    echo "# codes: '$mine' vs '$theirs'"
    return 1
  fi
  gj "$3" "$4" accept "$theirs" >/dev/null || { kill $asker 2>/dev/null; return 1; }
  wait $asker
}

# Everything started is stopped, and waited for, before its files go.
trap 'for p in $SERVER $SERVING; do kill $p 2>/dev/null; done; wait; rm -rf "$DIR"' EXIT
