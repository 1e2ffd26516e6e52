#!/bin/sh
# test-new-server.sh gongjian-cli gongjian-server RELEASE_BUILD_DIR: this
# build's district server with a laptop of release 0.2.0 and one of this
# build: each adds an organization, both end with both, and a conflict made
# across versions is listed by both. Then laptops pair across versions
# with no server: a new laptop pairs with an old one that listens, an old
# laptop with a new one, and records made on either side reach all four
# laptops. 0.2.0 is built from git by tools/build-release.sh into
# RELEASE_BUILD_DIR, once. Every connection goes to 127.0.0.1 only. Prints TAP.
set -u
. "$(dirname "$0")/with-release.sh"
N1=$DIR/new1.db
O1=$DIR/old1.db
# Laptops that join later by pairing: P1 of this build with O1, P2 of 0.2.0 with N1.
P1=$DIR/pair-new.db
P2=$DIR/pair-old.db

sync_server() {
  gj old "$O1" sync --server >/dev/null 2>>"$DIR/sync.log" && gj new "$N1" sync --server >/dev/null 2>>"$DIR/sync.log"
}

# same_orgs VER:DB…: every laptop named holds the same organizations as N1.
same_orgs() {
  local l want got
  want=$(names new "$N1" organization)
  for l in "$@"; do
    got=$(names "${l%%:*}" "${l#*:}" organization)
    [ "$got" = "$want" ] || { echo "# ${l#*:}: $(echo $got) vs $(echo $want)"; return 1; }
  done
}

start_server new "$DIR/srv" && ok "this build's server starts" || { not_ok "server: $(cat "$DIR/srv.log")"; finish; exit 1; }

# The old laptop sets the street up; the new one receives it.
gj old "$O1" init --street 东湖街道 --district 清源区 >/dev/null
out=$(enroll_laptop old "$O1" 2>&1) && ok "an old laptop enrols on the new server" || not_ok "enrol old: $out"
out=$(enroll_laptop new "$N1" 2>&1) && ok "a new laptop enrols" || not_ok "enrol new: $out"
sync_server && sync_server && ok "both sync" || not_ok "first sync: $(cat "$DIR/sync.log")"
[ "$(count new "$N1" street)" = 1 ] && ok "the old laptop's street reaches the new one" || not_ok "street"

gj old "$O1" add organization name=旧版互助社 legal_form=社会团体 category=其他 >/dev/null
gj new "$N1" add organization name=新版互助社 legal_form=社会团体 category=其他 >/dev/null
sync_server && sync_server || not_ok "sync: $(cat "$DIR/sync.log")"
[ "$(names new "$N1" organization | tr '\n' ' ')" = "新版互助社 旧版互助社 " ] && same_orgs "old:$O1" \
  && ok "both laptops hold both organizations" || not_ok "organizations: $(names new "$N1" organization)"

ORG=$(ids new "$N1" organization | head -n 1)
gj old "$O1" set organization "$ORG" phone=13800000001 >/dev/null
gj new "$N1" set organization "$ORG" phone=13800000002 >/dev/null
sync_server && sync_server || not_ok "sync after the concurrent edit: $(cat "$DIR/sync.log")"
a=$(field old "$O1" organization "$ORG" phone)
b=$(field new "$N1" organization "$ORG" phone)
[ "$a" = "$b" ] && ok "a concurrent edit converges ($a)" || not_ok "converge: $a vs $b"
[ "$(json_query "len(d)" old "$O1" conflicts --json)" = 1 ] \
  && [ "$(json_query "len(d)" new "$N1" conflicts --json)" = 1 ] \
  && ok "both list the conflict" || not_ok "conflict lists"

# A field only this build knows: the old laptop keeps syncing (it is not
# sent what it cannot keep) and the new laptop loses nothing.
gj new "$N1" set organization "$ORG" annual_report_year=2025 >/dev/null || not_ok "set a new field"
sync_server && sync_server && ok "an old laptop syncs while new laptops use a field it does not know" \
  || not_ok "sync with a new field: $(cat "$DIR/sync.log")"
[ "$(field new "$N1" organization "$ORG" annual_report_year)" = 2025 ] && ok "the new laptop keeps it" \
  || not_ok "annual_report_year on N1: $(field new "$N1" organization "$ORG" annual_report_year)"

# Pairing across versions, in both directions.
PO=$(free_port)
PN=$(free_port)
serve_laptop old "$O1" "$PO" && ok "the old laptop listens" || not_ok "old serve: $(cat "$O1.serve.log")"
serve_laptop new "$N1" "$PN" && ok "the new laptop listens" || not_ok "new serve: $(cat "$N1.serve.log")"
pair_laptops new "$P1" old "$O1" "$PO" && ok "a new laptop pairs with an old one" || not_ok "pair new with old: $(cat "$P1.pair.log")"
pair_laptops old "$P2" new "$N1" "$PN" && ok "an old laptop pairs with a new one" || not_ok "pair old with new: $(cat "$P2.pair.log")"
out=$(gj new "$P1" sync --peer "https://127.0.0.1:$PO" 2>&1) && same_orgs "new:$P1" \
  && ok "the new laptop receives the old one's records: $out" || not_ok "new from old: $out"
out=$(gj old "$P2" sync --peer "https://127.0.0.1:$PN" 2>&1) && same_orgs "old:$P2" \
  && ok "the old laptop receives the new one's records: $out" || not_ok "old from new: $out"

# A record from each paired laptop travels to everyone: P1 -> O1 -> server
# -> N1 -> P2, and back.
gj new "$P1" add organization name=配对新版社 legal_form=社会团体 category=其他 >/dev/null
gj old "$P2" add organization name=配对旧版社 legal_form=社会团体 category=其他 >/dev/null
gj new "$P1" sync --peer "https://127.0.0.1:$PO" >/dev/null 2>>"$DIR/sync.log" \
  && gj old "$P2" sync --peer "https://127.0.0.1:$PN" >/dev/null 2>>"$DIR/sync.log" \
  && sync_server && sync_server \
  && gj new "$P1" sync --peer "https://127.0.0.1:$PO" >/dev/null 2>>"$DIR/sync.log" \
  && gj old "$P2" sync --peer "https://127.0.0.1:$PN" >/dev/null 2>>"$DIR/sync.log" \
  || not_ok "sync round: $(cat "$DIR/sync.log")"
[ "$(count new "$N1" organization)" = 4 ] && same_orgs "old:$O1" "new:$P1" "old:$P2" \
  && ok "all four laptops hold all four organizations" || not_ok "organizations: $(names new "$N1" organization)"
a=$(field new "$P1" organization "$ORG" phone)
b=$(field old "$P2" organization "$ORG" phone)
[ "$a" = "$b" ] && ok "and the same value of the edited field" || not_ok "phone: $a vs $b"
[ "$(json_query "len(d)" new "$P1" conflicts --json)" = 1 ] \
  && [ "$(json_query "len(d)" old "$P2" conflicts --json)" = 1 ] \
  && ok "and the conflict" || not_ok "conflicts on the paired laptops"

# The new laptop paired with the old one writes a new field: held there,
# the old laptop's records still come and go.
gj new "$P1" set organization "$ORG" registration_authority=清源区民政局 >/dev/null || not_ok "set on P1"
out=$(gj new "$P1" sync --peer "https://127.0.0.1:$PO" 2>&1) && echo "$out" | grep -q "kept here until" \
  && ok "a new laptop paired with an old one holds what it cannot keep: $out" || not_ok "P1 to O1: $out"

# Every laptop is updated; what was held flows by itself.
stop_laptop "$O1"
serve_laptop new "$O1" "$PO" && ok "the old laptop, updated, listens again" || not_ok "serve updated O1"
out=$(gj new "$P1" sync --peer "https://127.0.0.1:$PO" 2>&1) && ! echo "$out" | grep -q "kept here" \
  && ok "the paired laptop sends what it held: $out" || not_ok "P1 to updated O1: $out"
[ "$(field new "$O1" organization "$ORG" registration_authority)" = 清源区民政局 ] \
  && ok "the updated laptop has the held value" || not_ok "O1: $(field new "$O1" organization "$ORG" registration_authority)"
out=$(gj new "$O1" sync --server 2>&1) || not_ok "updated O1 with the server: $out"
[ "$(field new "$O1" organization "$ORG" annual_report_year)" = 2025 ] \
  && ok "and fetches from the server the field it was not sent as 0.2.0" \
  || not_ok "annual_report_year on O1: $(field new "$O1" organization "$ORG" annual_report_year)"
gj new "$N1" sync --server >/dev/null 2>>"$DIR/sync.log"
[ "$(field new "$N1" organization "$ORG" registration_authority)" = 清源区民政局 ] \
  && ok "and the value reaches the first new laptop through the server" \
  || not_ok "N1: $(field new "$N1" organization "$ORG" registration_authority)"

finish
