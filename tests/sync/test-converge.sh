#!/bin/sh
# Three laptops and the district server as separate processes over
# loopback: random edits on each laptop, random sync schedules through the
# server and directly between paired laptops (1 with 0, 2 with 1), then
# every laptop must hold the same organizations and the same conflicts.
# Prints TAP.
set -u
CLI=${1:?usage: test-converge.sh gongjian-cli gongjian-server [ROUNDS]}
SRV=${2:?usage: test-converge.sh gongjian-cli gongjian-server [ROUNDS]}
ROUNDS=${3:-40}
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"

start_server

"$CLI" --db "$DIR/l0.db" demo --seed 7 >/dev/null
for l in 0 1 2; do
  tok=$("$SRV" --data "$DIR/srv" enroll --street 东湖街道 | tail -n 1)
  "$CLI" --db "$DIR/l$l.db" enroll "$URL" "$tok" >/dev/null || not_ok "enrol laptop $l"
  "$CLI" --db "$DIR/l$l.db" sync >/dev/null || not_ok "first sync of laptop $l"
done
# Laptops 0 and 1 listen; 1 pairs with 0 and 2 with 1.
P0=$(free_port); P1=$(free_port)
serve_laptop "$DIR/l0.db" "$P0" || not_ok "laptop 0 listens"
serve_laptop "$DIR/l1.db" "$P1" || not_ok "laptop 1 listens"
pair_laptops "$DIR/l1.db" "$DIR/l0.db" "$P0" || not_ok "pair laptop 1 with 0"
pair_laptops "$DIR/l2.db" "$DIR/l1.db" "$P1" || not_ok "pair laptop 2 with 1"

ORGS=$("$CLI" --db "$DIR/l0.db" list organization --json | python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)[:6]))')

# The schedule is drawn by Python with a fixed seed so a failure repeats.
python3 - "$ROUNDS" $ORGS > "$DIR/plan" <<'PY'
import random, sys
rounds, orgs = int(sys.argv[1]), sys.argv[2:]
r = random.Random(2026)
leaders = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]
for _ in range(rounds):
    laptop = r.randrange(3)
    what = r.random()
    if what < 0.55:
        field = r.choice(["leader=" + r.choice(leaders), "members=%d" % r.randrange(5, 90),
                          "brand=" + r.choice(["yes", "no"])])
        print("set", laptop, r.choice(orgs), field)
    elif what < 0.62:
        print("delete", laptop, r.choice(orgs))
    elif what < 0.68:
        print("undelete", laptop, r.choice(orgs))
    elif what < 0.84:
        print("sync", laptop)
    else:
        print("p2p", r.choice([1, 2]))
PY
while read -r op laptop rest; do
  db="$DIR/l$laptop.db"
  case $op in
    set) set -- $rest; "$CLI" --db "$db" set organization "$1" "$2" >/dev/null 2>&1 ;;
    delete) "$CLI" --db "$db" delete organization "$rest" >/dev/null 2>&1 ;;
    undelete) "$CLI" --db "$db" undelete organization "$rest" >/dev/null 2>&1 ;;
    sync) "$CLI" --db "$db" sync --server >/dev/null || not_ok "sync of laptop $laptop failed" ;;
    p2p) eval port=\$P$((laptop - 1))
         "$CLI" --db "$db" sync --peer "https://127.0.0.1:$port" >/dev/null || not_ok "laptop $laptop to $((laptop - 1)) failed" ;;
  esac
done < "$DIR/plan"

# Settle: three rounds of everyone syncing with everyone it knows carry
# every change and every conflict record to every laptop.
for round in 1 2 3; do
  for l in 0 1 2; do "$CLI" --db "$DIR/l$l.db" sync >/dev/null || not_ok "settling sync $l"; done
done
for l in 0 1 2; do
  "$CLI" --db "$DIR/l$l.db" list organization --all --json --reveal > "$DIR/orgs$l.json"
  "$CLI" --db "$DIR/l$l.db" conflicts --all --json --reveal | python3 -c 'import json,sys; print(sorted((c["id"], c["record_id"], c["field"], c["lost_value"]) for c in json.load(sys.stdin)))' > "$DIR/conf$l.txt"
done
cmp -s "$DIR/orgs0.json" "$DIR/orgs1.json" && cmp -s "$DIR/orgs0.json" "$DIR/orgs2.json" \
  && ok "three laptops hold the same organizations after $ROUNDS random steps" || not_ok "organizations differ"
cmp -s "$DIR/conf0.txt" "$DIR/conf1.txt" && cmp -s "$DIR/conf0.txt" "$DIR/conf2.txt" \
  && ok "and the same conflicts ($(python3 -c "import ast; print(len(ast.literal_eval(open('$DIR/conf0.txt').read())))"))" || not_ok "conflicts differ"

finish
