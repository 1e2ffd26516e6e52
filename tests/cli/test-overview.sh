#!/bin/sh
# gongjian-cli due and stats as the Overview shows them: each entry in one
# list, the overdue the longest first; the street's total of organizations
# is every organization, those of no community included and said so.
# Prints TAP.
set -u

CLI=${1:?usage: test-overview.sh PATH-TO-gongjian-cli}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
gj() { "$CLI" --db "$DB" "$@"; }

gj demo >/dev/null 2>&1 && ok "demo loaded" || not_ok "demo loaded"

gj due --json | python3 -c '
import datetime, json, sys
d = json.load(sys.stdin)
today = datetime.date.today()
ids = [e["id"] for e in d]
assert len(ids) == len(set(ids)), "an entry is in two lists"
by = {}
for e in d:
    by.setdefault(e["list"], []).append(e)
assert set(by) == {"overdue", "week", "ending"}, set(by)
for name, entries in by.items():
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates), name
for e in by["overdue"]:
    assert e["days"] < 0 and e["overdue"], e
for e in by["week"]:
    assert 0 <= e["days"] <= 7 and e["kind"] in ("incubation", "agreement_item"), e
for e in by["ending"]:
    assert 0 <= e["days"] <= 30 and e["kind"] == "agreement", e
' && ok "due: three lists, none overlapping, each in its window, earliest first" \
  || not_ok "due lists"

out=$(gj due 2>&1)
if echo "$out" | grep -q "^Overdue$" && echo "$out" | grep -q "^Due in the Next 7 Days$" \
   && echo "$out" | grep -q "^Agreements Ending in 30 Days$" \
   && echo "$out" | grep -q "days overdue$"; then
  ok "due: headings and how far off each entry is"
else
  not_ok "due text: $out"
fi

orgs() { gj list organization --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
street() { gj stats --json | python3 -c "import json,sys; print(json.load(sys.stdin)[-1][\"$1\"])"; }

[ "$(street organizations)" = "$(orgs)" ] && [ "$(street unassigned_organizations)" = 0 ] \
  && ok "stats: the street's total is every organization" || not_ok "stats total"

COMMUNITY=$(gj add community name=临时社区 type=urban)
gj add organization name=无社区测试社 category=charity legal_form=community_filed \
  community_id="$COMMUNITY" >/dev/null
gj delete community "$COMMUNITY" >/dev/null
[ "$(street organizations)" = "$(orgs)" ] && [ "$(street unassigned_organizations)" = 1 ] \
  && ok "stats: an organization of a deleted community counts in the street's total" \
  || not_ok "stats total with a deleted community: $(street organizations) vs $(orgs)"
gj stats | grep -q "1 organizations, 0 volunteer teams, 0 social workers" \
  && ok "stats: a note says how many name no community" || not_ok "stats note: $(gj stats)"

echo "1..$n"
[ $failed = 0 ]
