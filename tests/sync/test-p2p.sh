#!/bin/sh
# Laptops syncing directly on a LAN, as people run them: one laptop
# serves, another asks to pair, a person compares the code and accepts;
# then A -> B -> C carries changes with no server, and every refusal holds.
# Every connection goes to 127.0.0.1 only. Prints TAP.
set -u
CLI=${1:?usage: test-p2p.sh gongjian-cli gongjian-server}
SRV=${2:?usage: test-p2p.sh gongjian-cli gongjian-server}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
field() { "$CLI" --db "$1" show organization "$2" --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$3'])"; }
count() { "$CLI" --db "$1" list "$2" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

PA=$(free_port); PB=$(free_port); PC=$(free_port)
"$CLI" --db "$DIR/a.db" demo --seed 5 >/dev/null
serve_laptop "$DIR/a.db" "$PA"

# A new, empty laptop B pairs with A and takes its street.
out=$("$CLI" --db "$DIR/b.db" sync --peer "https://127.0.0.1:$PA" 2>&1); [ $? = 1 ] \
  && ok "a laptop it never paired with is refused: $out" || not_ok "unpaired sync: $out"
pair_laptops "$DIR/b.db" "$DIR/a.db" "$PA" "$PB" && ok "B pairs with A after the codes match" || not_ok "pairing B with A"
"$CLI" --db "$DIR/a.db" peers | grep -q "paired" && ok "A lists B as paired" || not_ok "A's peers"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1) && ok "B syncs with A: $out" || not_ok "B sync: $out"
[ "$(count "$DIR/b.db" organization)" = "$(count "$DIR/a.db" organization)" ] \
  && ok "A's records reach B directly ($(count "$DIR/b.db" organization) organizations)" || not_ok "A to B"
out=$("$CLI" --db "$DIR/b.db" sync 2>&1) && echo "$out" | grep -q "0 sent, 0 received" \
  && ok "a second sync moves nothing: $out" || not_ok "idempotent: $out"

# C pairs with B; an edit on A reaches C through B; one on C reaches A.
serve_laptop "$DIR/b.db" "$PB"
pair_laptops "$DIR/c.db" "$DIR/b.db" "$PB" "$PC" && ok "C pairs with B" || not_ok "pairing C with B"
out=$("$CLI" --db "$DIR/c.db" sync 2>&1) || not_ok "C first sync: $out"
ORG=$("$CLI" --db "$DIR/a.db" list organization --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$CLI" --db "$DIR/a.db" set organization "$ORG" leader=甲乙丙 >/dev/null
out=$("$CLI" --db "$DIR/b.db" sync 2>&1; "$CLI" --db "$DIR/c.db" sync 2>&1)
[ "$(field "$DIR/c.db" "$ORG" leader)" = 甲乙丙 ] && ok "A -> B -> C carries an edit" || not_ok "A to C: $out"
"$CLI" --db "$DIR/c.db" set organization "$ORG" members=77 >/dev/null
"$CLI" --db "$DIR/c.db" sync >/dev/null 2>&1 && "$CLI" --db "$DIR/b.db" sync >/dev/null 2>&1
[ "$(field "$DIR/a.db" "$ORG" members)" = 77 ] && ok "C -> B -> A carries an edit back" || not_ok "C to A"
[ "$(field "$DIR/a.db" "$ORG" leader)" = 甲乙丙 ] && ok "without echoing the first edit as a new one" || not_ok "echo"

# Refusals.
"$CLI" --db "$DIR/w.db" init --street 西湖街道 >/dev/null
out=$("$CLI" --db "$DIR/w.db" pair "https://127.0.0.1:$PA" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "different streets" \
  && ok "a laptop of another street cannot pair" || not_ok "other street: $out"
cp "$DIR/a.db" "$DIR/copy.db"
out=$("$CLI" --db "$DIR/copy.db" pair "https://127.0.0.1:$PA" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "copies of the same database" \
  && ok "a copy of A's database cannot pair with A" || not_ok "copy: $out"
"$CLI" --db "$DIR/d.db" pair "https://127.0.0.1:$PA" >"$DIR/d.pair.log" 2>&1 &
D=$!
for i in $(seq 1 30); do grep -q "Pairing code" "$DIR/d.pair.log" && break; sleep 0.2; done
out=$("$CLI" --db "$DIR/a.db" accept 000000 2>&1); [ $? = 1 ] && echo "$out" | grep -q "No laptop is waiting" \
  && ok "a wrong code accepts nothing" || not_ok "wrong code: $out"
kill $D 2>/dev/null; wait $D 2>/dev/null
"$CLI" --db "$DIR/a.db" peers | grep -q "waiting" && ok "the refused request stays waiting, unpaired" || not_ok "waiting"
python3 - "$DIR/d.db" "$PA" <<'PY' && ok "a waiting laptop gets no rows" || not_ok "waiting laptop read rows"
import ssl, sys, urllib.request, os
# The waiting laptop's own certificate, as the CLI would present it.
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(sys.argv[1] + ".identity/cert.pem", sys.argv[1] + ".identity/key.pem")
try:
    urllib.request.urlopen(urllib.request.Request("https://127.0.0.1:%s/v1/changes" % sys.argv[2]), context=ctx, timeout=10)
    sys.exit(1)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 403 else 1)
PY
BID=$("$CLI" --db "$DIR/a.db" peers --json | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin) if p["state"] == "paired"][0])')
"$CLI" --db "$DIR/a.db" unpair "$BID" >/dev/null && ok "A unpairs B" || not_ok "unpair"
out=$("$CLI" --db "$DIR/b.db" sync --peer "https://127.0.0.1:$PA" 2>&1); [ $? = 1 ] && echo "$out" | grep -q "unpaired" \
  && ok "an unpaired laptop is refused: $out" || not_ok "after unpair: $out"

finish
