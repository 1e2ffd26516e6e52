#!/bin/sh
# test-fixture.sh gongjian-cli FIXTURE: a laptop database written by a
# released version (FIXTURE.db.xz, made by make-fixture-*.sh) opened by this
# build's CLI: every fact of FIXTURE.expect holds, conflicts, problems,
# stats and search work, and the database takes new edits. The fixture is
# copied first; the checked-in file is never opened. Prints TAP.
set -u
NEW_CLI=${1:?usage: test-fixture.sh gongjian-cli FIXTURE}
FIXTURE=${2:?usage: test-fixture.sh gongjian-cli FIXTURE}
# No older program runs here; common.sh wants one all the same.
NEW_SRV=$NEW_CLI
OLD_CLI=$NEW_CLI
OLD_SRV=$NEW_CLI
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
DB=$DIR/$(basename "$FIXTURE").db

xz -dc "$FIXTURE.db.xz" >"$DB" || { echo "Bail out! cannot read $FIXTURE.db.xz"; exit 1; }
# The first command opens (and may migrate) the file; say so on its own.
out=$(gj new "$DB" kinds 2>&1) && ok "this build opens the database" || { not_ok "open: $out"; finish; exit 1; }

conflicts=$(gj new "$DB" conflicts --json --reveal)
org=
while read -r what kind id rest <&3; do
  case $what in
    count)
      got=$(count new "$DB" "$kind")
      [ "$got" = "$id" ] && ok "$id live ${kind} records" || not_ok "$kind: $got live records, $id expected"
      ;;
    field)
      name=${rest%% *}
      want=${rest#* }
      got=$(field new "$DB" "$kind" "$id" "$name" 2>&1)
      [ "$got" = "$want" ] && ok "$kind $id $name = $want" || not_ok "$kind $id $name: '$got', '$want' expected"
      [ "$kind" != organization ] || org=$id
      ;;
    deleted)
      if ! ids new "$DB" "$kind" | grep -qx "$id" \
         && gj new "$DB" list "$kind" --all --json | grep -q "\"$id\""; then
        ok "$kind $id stays deleted"
      else
        not_ok "$kind $id: not deleted, or gone altogether"
      fi
      ;;
    conflict)
      # $rest is FIELD KEPT LOST, three arguments.
      echo "$conflicts" | python3 -c '
import json, sys
kind, rid, field, kept, lost = sys.argv[1:]
sys.exit(not any(c["record_kind"] == kind and c["record_id"] == rid and c["field"] == field
                 and c["kept_value"] == kept and c["lost_value"] == lost
                 for c in json.load(sys.stdin)))' "$kind" "$id" $rest \
        && ok "conflicts lists $kind $id ${rest%% *} ($rest)" || not_ok "conflict on $kind $id $rest not listed"
      ;;
    '#'*|'') ;;
    *) not_ok "$FIXTURE.expect: a line this test does not know: $what" ;;
  esac
done 3<"$FIXTURE.expect"

out=$(gj new "$DB" problems 2>&1) && ok "problems: $out" || not_ok "problems: $out"
out=$(json_query "len(d)" new "$DB" stats --json 2>&1) && [ "$out" -gt 0 ] && ok "stats: $out communities" || not_ok "stats: $out"
name=$(field new "$DB" organization "$org" name)
gj new "$DB" search "$name" --json | grep -q "\"$org\"" && ok "search finds $name" || not_ok "search $name"

# Still writable: an edit and a new record, read back; the edit's clock is
# later than any the old version gave.
clock() { json_query "[h['clock'] for h in d if h['field'] == '$1'][0]" new "$DB" history organization "$org" --json; }
before=$(clock members)
com=$(json_query "d[0]['id']" new "$DB" list community --json)
if [ "$(json_query "d[0]['community_id'] is None" new "$DB" show organization "$org" --json)" = True ]; then
  # An organization saved without its community, before that was a rule:
  # an edit says what to add (issue 15).
  out=$(gj new "$DB" set organization "$org" members=77 2>&1) \
    && not_ok "an old organization without a community is edited without a word" \
    || { echo "$out" | grep -q "Community: choose the community" \
           && ok "an edit of an old organization asks for its community" || not_ok "set: $out"; }
  give_com="community_id=$com"
else
  give_com=
fi
out=$(gj new "$DB" set organization "$org" members=77 $give_com 2>&1) \
  && [ "$(field new "$DB" organization "$org" members)" = 77 ] \
  && ok "set on an old record" || not_ok "set: $out"
added=$(gj new "$DB" add organization name=升级后新建社 legal_form=社会团体 category=其他 \
        community_id="$com" 2>&1) \
  && [ "$(field new "$DB" organization "$added" name)" = 升级后新建社 ] \
  && ok "add a new record" || not_ok "add: $added"
after=$(clock members)
[ "$after" -gt "$before" ] && ok "history has the edit's later clock" || not_ok "history: clock $before, then $after"

finish
