# Shared by the sync test scripts: TAP helpers, a district server on a
# free loopback port, laptops that listen, and pairing as a person does it.
# Source it after setting CLI, SRV and DIR.
export LC_ALL=C.UTF-8 LANGUAGE=
n=0
failed=0
# A description may quote a command's output: one TAP line all the same.
ok() { n=$((n + 1)); printf 'ok %s - %s\n' "$n" "$(printf '%s' "$1" | tr '\n' ' ')"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); printf 'not ok %s - %s\n' "$n" "$(printf '%s' "$1" | tr '\n' ' ')"; }
finish() { echo "1..$n"; [ $failed = 0 ]; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}

PORT=$(free_port)
URL="https://127.0.0.1:$PORT"
SERVER=
SERVING=

# Starts the server on $PORT and waits until it accepts connections.
start_server() {
  "$SRV" --data "$DIR/srv" serve --listen "127.0.0.1:$PORT" 2>>"$DIR/server.log" &
  SERVER=$!
  wait_port "$PORT"
}

# serve_laptop DB PORT: the laptop listens for paired laptops until the
# test ends; what it prints goes to DB.serve.log.
serve_laptop() {
  "$CLI" --db "$1" serve --listen "127.0.0.1:$2" >"$1.serve.log" 2>&1 &
  SERVING="$SERVING $!"
  wait_port "$2"
}

# pair_laptops ASKER_DB ASKED_DB ASKED_PORT [ASKER_PORT]: the asker asks in
# the background; the code it prints must be the one the asked laptop
# prints, and is then accepted there, as its user would.
pair_laptops() {
  "$CLI" --db "$1" pair "https://127.0.0.1:$3" ${4:+--listen $4} >"$1.pair.log" 2>&1 &
  asker=$!
  for i in $(seq 1 30); do grep -q "Pairing code" "$1.pair.log" && break; sleep 0.2; done
  mine=$(sed -n 's/^Pairing code: //p' "$1.pair.log")
  theirs=$(sed -n 's/.*its code is \([0-9 ]*\)\..*/\1/p' "$2.serve.log" | tail -n 1)
  [ -n "$mine" ] && [ "$mine" = "$theirs" ] || { kill $asker; echo "# codes: '$mine' vs '$theirs'"; return 1; }
  "$CLI" --db "$2" accept "$theirs" >/dev/null || { kill $asker; return 1; }
  wait $asker
}

trap 'for p in $SERVER $SERVING; do kill $p 2>/dev/null; done; rm -rf "$DIR"' EXIT
"$SRV" --data "$DIR/srv" init >/dev/null
