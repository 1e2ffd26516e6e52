#!/bin/sh
# make-fixture-0.2.0.sh [RELEASE_BUILD_DIR]: writes fixtures/v0.2.0.db.xz,
# a laptop database as Gongjian 0.2.0 leaves it, and fixtures/v0.2.0.expect,
# what a newer version must find in it (tests/compat/test-fixture.sh).
#
# Everything is done by the 0.2.0 programs, built by tools/build-release.sh
# into RELEASE_BUILD_DIR (a temporary directory unless given):
#  1. laptop A loads the demo data (demo --seed 2) and is edited with the
#     CLI: an organization's phone, a project moved from in_progress to
#     closed, an incubation moved one stage on, a volunteer deleted, a unit
#     deleted and undeleted, a new organization added;
#  2. a 0.2.0 district server on 127.0.0.1 enrols A and then B; both sync;
#  3. A and B set the same organization's leader without syncing in
#     between, then A syncs and B syncs, so that B records the conflict;
#  4. B edits the new organization's members and does not sync again, so
#     the fixture also holds a change not yet sent.
# The fixture is B's database file alone: its device identity (B.db.identity)
# and the server are not kept. Ids and clocks differ on every run, so a new
# fixture always goes with the .expect written with it. Only loopback
# connections are made.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/fixtures
DIR=$(mktemp -d)
REL=${1:-$DIR/v0.2.0}
"$HERE/../../tools/build-release.sh" v0.2.0 "$REL"
OLD_CLI=$REL/app/gongjian-cli
OLD_SRV=$REL/app/gongjian-server
# Only "old" is used here; common.sh wants both.
NEW_CLI=$OLD_CLI
NEW_SRV=$OLD_SRV
. "$HERE/common.sh"
A=$DIR/a.db
B=$DIR/b.db

# first DB KIND CONDITION: the id of the first record of KIND, in list
# order, for which the Python expression CONDITION on r holds.
first() { json_query "[r['id'] for r in d if $3][0]" old "$1" list "$2" --json; }

gj old "$A" demo --seed 2 >/dev/null
PHONE_ORG=$(first "$A" organization 'r["phone"]')
gj old "$A" set organization "$PHONE_ORG" phone=13912345678 >/dev/null
PROJECT=$(first "$A" project 'r["status"] == "in_progress"')
gj old "$A" set project "$PROJECT" status=closed >/dev/null
INCUBATION=$(first "$A" incubation 'r["stage"] == "admitted"')
gj old "$A" set incubation "$INCUBATION" stage=incubating >/dev/null
GONE=$(first "$A" volunteer 'True')
gj old "$A" delete volunteer "$GONE" >/dev/null
BACK=$(first "$A" unit 'True')
gj old "$A" delete unit "$BACK" >/dev/null
gj old "$A" undelete unit "$BACK" >/dev/null
NEW_ORG=$(gj old "$A" add organization name=兼容测试社 legal_form=社会团体 category=其他 leader=赵一)

start_server old "$DIR/srv"
enroll_laptop old "$A"
gj old "$A" sync >/dev/null
enroll_laptop old "$B"
gj old "$B" sync >/dev/null

CONFLICT_ORG=$(first "$A" organization 'r["id"] != "'"$PHONE_ORG"'"')
gj old "$A" set organization "$CONFLICT_ORG" leader=甲方案 >/dev/null
gj old "$B" set organization "$CONFLICT_ORG" leader=乙方案 >/dev/null
gj old "$A" sync >/dev/null
gj old "$B" sync >/dev/null
gj old "$B" set organization "$NEW_ORG" members=42 >/dev/null
stop_server

# B must hold exactly the one conflict made above.
CONFLICT=$(json_query '" ".join(d[0][k] for k in ("record_kind", "record_id", "field", "kept_value", "lost_value"))
      if len(d) == 1 else len(d)' old "$B" conflicts --json)
case $CONFLICT in
  "organization $CONFLICT_ORG leader "*) ;;
  *) echo "make-fixture: B does not hold the one conflict made: $CONFLICT" >&2; exit 1 ;;
esac
# SQLite removes the write-ahead log when the last connection closes; a
# file left beside the database would hold part of it.
[ ! -e "$B-wal" ] || { echo "make-fixture: $B-wal is still there" >&2; exit 1; }

{
  echo "# What a newer Gongjian must find in v0.2.0.db.xz, written with it by"
  echo "# make-fixture-0.2.0.sh from v0.2.0 (commit $(cut -d' ' -f2 "$REL/release-stamp"))."
  echo "# count KIND N: live records of KIND; field KIND ID FIELD VALUE: as"
  echo "# show --json --reveal prints it (JSON unless a string); deleted KIND ID:"
  echo "# listed only with --all; conflict KIND ID FIELD KEPT LOST: listed by conflicts."
  for kind in $(gj old "$B" kinds | awk '{print $1}'); do
    echo "count $kind $(count old "$B" "$kind")"
  done
  for f in name phone; do echo "field organization $PHONE_ORG $f $(field old "$B" organization "$PHONE_ORG" $f)"; done
  for f in name status; do echo "field project $PROJECT $f $(field old "$B" project "$PROJECT" $f)"; done
  for f in organization_id stage; do echo "field incubation $INCUBATION $f $(field old "$B" incubation "$INCUBATION" $f)"; done
  echo "deleted volunteer $GONE"
  echo "field unit $BACK name $(field old "$B" unit "$BACK" name)"
  echo "field organization $CONFLICT_ORG leader $(field old "$B" organization "$CONFLICT_ORG" leader)"
  echo "conflict $CONFLICT"
  echo "# Added on A; its members were set on B after B's last sync, not yet sent."
  for f in name leader members; do echo "field organization $NEW_ORG $f $(field old "$B" organization "$NEW_ORG" $f)"; done
} >"$DIR/expect"

mkdir -p "$OUT"
xz -9 -c "$B" >"$OUT/v0.2.0.db.xz"
mv "$DIR/expect" "$OUT/v0.2.0.expect"
echo "Wrote $OUT/v0.2.0.db.xz ($(wc -c <"$OUT/v0.2.0.db.xz") bytes) and $OUT/v0.2.0.expect"
