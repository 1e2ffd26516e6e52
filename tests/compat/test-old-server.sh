#!/bin/sh
# test-old-server.sh gongjian-cli gongjian-server RELEASE_BUILD_DIR: a district
# server of release 0.2.0 with two laptops of this build and one of 0.2.0;
# each adds an organization, and after two rounds of syncing every laptop
# holds all of them, and a conflict made across versions is listed by both
# sides. A field only this build knows, written while the server is old,
# waits on its laptop. Then the server is upgraded in place (this build's
# server on the same data): everything is still there and still syncs, the
# held value reaches the other new laptop, and the old laptop, updated
# last, fetches it too. 0.2.0 is built
# from git by tools/build-release.sh into RELEASE_BUILD_DIR, once. Every
# connection goes to 127.0.0.1 only. Prints TAP.
set -u
. "$(dirname "$0")/with-release.sh"
N1=$DIR/new1.db
N2=$DIR/new2.db
O1=$DIR/old1.db
ALL="new:$N1 new:$N2 old:$O1"

# sync_all: every laptop syncs with the server once, in turn; fails when
# one of them does.
sync_all() {
  local l status=0
  for l in $ALL; do
    gj "${l%%:*}" "${l#*:}" sync --server >/dev/null 2>>"$DIR/sync.log" || status=1
  done
  return $status
}

# all_hold NAMES: every laptop's organizations are exactly NAMES (sorted, one a line).
all_hold() {
  local l got
  for l in $ALL; do
    got=$(names "${l%%:*}" "${l#*:}" organization)
    [ "$got" = "$1" ] || { echo "# ${l#*:}: $(echo $got)"; return 1; }
  done
}

start_server old "$DIR/srv" && ok "the 0.2.0 server starts" || { not_ok "old server: $(cat "$DIR/srv.log")"; finish; exit 1; }

# A new laptop sets the street up; the others receive it by enrolling and syncing.
gj new "$N1" init --street 东湖街道 --district 清源区 >/dev/null
out=$(enroll_laptop new "$N1" 2>&1) && ok "a new laptop enrols on the old server" || not_ok "enrol new1: $out"
out=$(enroll_laptop new "$N2" 2>&1) && ok "a second new laptop enrols" || not_ok "enrol new2: $out"
out=$(enroll_laptop old "$O1" 2>&1) && ok "an old laptop enrols" || not_ok "enrol old1: $out"
sync_all && ok "all sync once" || not_ok "first sync: $(cat "$DIR/sync.log")"
[ "$(count old "$O1" street)" = 1 ] && [ "$(count new "$N2" street)" = 1 ] \
  && ok "the street reaches every laptop" || not_ok "street: $(count old "$O1" street) $(count new "$N2" street)"

for l in $ALL; do
  v=${l%%:*}
  db=${l#*:}
  org=$(gj "$v" "$db" add organization name="$(basename "$db" .db)互助社" legal_form=社会团体 category=其他 2>&1) \
    || not_ok "add on $db: $org"
done
sync_all && sync_all && ok "all sync twice" || not_ok "sync: $(cat "$DIR/sync.log")"
WANT=$(printf '%s\n' new1互助社 new2互助社 old1互助社 | sort)
all_hold "$WANT" && ok "every laptop holds all three organizations" || not_ok "organizations differ"

# One field edited on a new and an old laptop without syncing in between.
ORG=$(ids old "$O1" organization | head -n 1)
gj new "$N1" set organization "$ORG" leader=新版 >/dev/null
gj old "$O1" set organization "$ORG" leader=旧版 >/dev/null
sync_all && sync_all || not_ok "sync after the concurrent edit: $(cat "$DIR/sync.log")"
a=$(field new "$N1" organization "$ORG" leader)
b=$(field old "$O1" organization "$ORG" leader)
c=$(field new "$N2" organization "$ORG" leader)
[ "$a" = "$b" ] && [ "$b" = "$c" ] && ok "a concurrent edit converges ($a)" || not_ok "converge: $a $b $c"
for l in $ALL; do
  k=$(json_query "len(d)" "${l%%:*}" "${l#*:}" conflicts --json)
  [ "$k" = 1 ] && ok "$(basename "${l#*:}") lists the conflict" || not_ok "$(basename "${l#*:}"): $k conflicts"
done

# A field this build added, written on a new laptop while the server is
# 0.2.0: the server cannot keep it, so the laptop holds it and says so; the
# rest of the edit goes through.
gj new "$N1" set organization "$ORG" registration_authority=清源区民政局 description=旧服务器期间 >/dev/null \
  || not_ok "set a new field"
out=$(gj new "$N1" sync --server 2>&1) && echo "$out" | grep -q "kept here until the other device" \
  && ok "a new laptop syncs with the old server and says what it keeps: $out" || not_ok "sync with old: $out"
sync_all || not_ok "sync: $(cat "$DIR/sync.log")"
[ "$(field new "$N2" organization "$ORG" description)" = 旧服务器期间 ] \
  && [ "$(field old "$O1" organization "$ORG" description)" = 旧服务器期间 ] \
  && ok "the fields the old server knows reach every laptop" || not_ok "description did not travel"
[ "$(field new "$N2" organization "$ORG" registration_authority)" = null ] \
  && ok "the new field waits on the laptop that wrote it" || not_ok "new field: $(field new "$N2" organization "$ORG" registration_authority)"

# The district upgrades its server in place.
restart_server new && ok "this build's server starts on the 0.2.0 server's data" \
  || { not_ok "new server: $(tail -n 5 "$DIR/srv.log")"; finish; exit 1; }
sync_all && ok "all sync with the upgraded server" || not_ok "sync after upgrade: $(cat "$DIR/sync.log")"
all_hold "$WANT" && ok "every laptop still holds the three organizations" || not_ok "after upgrade"
[ "$(field new "$N2" organization "$ORG" registration_authority)" = 清源区民政局 ] \
  && ok "the held value reaches the other new laptop once the server is upgraded" \
  || not_ok "held value: $(field new "$N2" organization "$ORG" registration_authority)"
out=$(gj new "$N1" sync --server 2>&1)
echo "$out" | grep -q "kept here" && not_ok "still holding after the upgrade: $out" || ok "nothing is held any more"
gj old "$O1" add organization name=升级后互助社 legal_form=社会团体 category=其他 >/dev/null
gj new "$N2" set organization "$ORG" members=31 >/dev/null
sync_all && sync_all || not_ok "sync: $(cat "$DIR/sync.log")"
all_hold "$(printf '%s\n' "$WANT" 升级后互助社 | sort)" && ok "an old laptop's new record reaches all through it" \
  || not_ok "after upgrade, old to new"
[ "$(field old "$O1" organization "$ORG" members)" = 31 ] && ok "a new laptop's edit reaches the old one" \
  || not_ok "after upgrade, new to old"
T=$(enroll_token) && gj old "$DIR/old2.db" enroll "$URL" "$T" >/dev/null && gj old "$DIR/old2.db" sync --server >/dev/null \
  && [ "$(names old "$DIR/old2.db" organization)" = "$(names new "$N1" organization)" ] \
  && ok "an old laptop enrols on the upgraded server and receives everything" || not_ok "enrol after upgrade"

# The old laptop is updated last: it fetches the field it was not sent.
out=$(gj new "$O1" sync --server 2>&1) && ok "the old laptop, updated, syncs: $out" || not_ok "updated old laptop: $out"
[ "$(field new "$O1" organization "$ORG" registration_authority)" = 清源区民政局 ] \
  && [ "$(field new "$O1" organization "$ORG" members)" = 31 ] \
  && ok "and has the new field's value and everything else" \
  || not_ok "updated old laptop: $(field new "$O1" organization "$ORG" registration_authority)"

finish
