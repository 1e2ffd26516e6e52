# Shared by the sync test scripts: TAP helpers and a district server on a
# free loopback port. Source it after setting CLI, SRV and DIR.
export LC_ALL=C.UTF-8 LANGUAGE=
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
finish() { echo "1..$n"; [ $failed = 0 ]; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="https://127.0.0.1:$PORT"
SERVER=

# Starts the server on $PORT and waits until it accepts connections.
start_server() {
  "$SRV" --data "$DIR/srv" serve --listen "127.0.0.1:$PORT" 2>>"$DIR/server.log" &
  SERVER=$!
  for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && return 0
    sleep 0.3
  done
}
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
"$SRV" --data "$DIR/srv" init >/dev/null
