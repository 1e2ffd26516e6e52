#!/bin/sh
# build-release.sh TAG OUTDIR: builds a released version's gongjian-cli and
# gongjian-server, without the desktop app and without its tests, so that
# tests can run old and new versions against each other (tests/compat/).
#
# The sources are `git archive TAG` of the repository this script lives in,
# extracted to OUTDIR/src; OUTDIR itself is the Meson build directory, so the
# programs end up as OUTDIR/app/gongjian-cli and OUTDIR/app/gongjian-server.
# Where the tag is missing (a CI clone without tags) it is fetched from
# origin if origin is a folder on this machine; otherwise, or where that
# fails, tests/compat/gongjian-TAG-src.tar.xz is used.
# Which source was used is said on stderr.
#
# A second run is cheap: OUTDIR/release-stamp names the commit the programs
# were built from, and nothing is done when it is the tag's. Runs that start
# together (tests in parallel) wait for each other on OUTDIR/.lock.
set -eu

TAG=${1:?usage: build-release.sh TAG OUTDIR}
OUTDIR=${2:?usage: build-release.sh TAG OUTDIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARCHIVE=$ROOT/tests/compat/gongjian-$TAG-src.tar.xz
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
STAMP=$OUTDIR/release-stamp
# Made by the first run and never removed: a directory without it that
# holds anything but the lock was not made here, and is never emptied.
MARKER=$OUTDIR/.build-release

say() { echo "build-release: $*" >&2; }
die() { say "$*"; exit 1; }

# The commit id `git archive` writes into the tar's pax header.
archive_commit() { xz -dc "$ARCHIVE" | git get-tar-commit-id; }
tag_commit() { git -C "$ROOT" rev-parse -q --verify "refs/tags/$TAG^{commit}" 2>/dev/null; }

if [ ! -e "$MARKER" ] && find "$OUTDIR" -mindepth 1 -maxdepth 1 ! -name .lock | grep -q .; then
  die "$OUTDIR is not empty and was not made by build-release.sh; give an empty or new directory"
fi
if command -v flock >/dev/null; then
  exec 9>"$OUTDIR/.lock"
  flock 9
fi
built=$(cat "$STAMP" 2>/dev/null || true)

# Where the programs come from: the local tag, then (unless the checked-in
# archive already built what is there) the tag from origin, then the archive.
source=
if commit=$(tag_commit); then
  source="git tag $TAG in $ROOT"
elif [ -f "$ARCHIVE" ] && [ "$built" = "$TAG $(archive_commit)" ]; then
  exit 0
else
  origin=$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)
  # Only from an origin on this machine: the tests send nothing beyond
  # loopback, so a clone of a network remote uses the archive instead.
  case "$origin" in
    /*|file://*) local_origin=yes ;;
    *) local_origin=no ;;
  esac
  if [ "$local_origin" = yes ] && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    GIT_TERMINAL_PROMPT=0 timeout 60 \
      git -C "$ROOT" fetch --quiet --no-tags origin "refs/tags/$TAG:refs/tags/$TAG" >/dev/null 2>&1 || true
    if commit=$(tag_commit); then
      source="git tag $TAG fetched from origin"
    fi
  fi
  if [ -z "$source" ]; then
    [ -f "$ARCHIVE" ] || die "$TAG is not a tag of $ROOT, cannot be fetched from a local origin, and there is no $ARCHIVE"
    commit=$(archive_commit || true)
    [ -n "$commit" ] || die "$ARCHIVE does not name the commit it was made from (make it with git archive)"
    source=$ARCHIVE
  fi
fi

if [ "$built" = "$TAG $commit" ]; then
  exit 0
fi

# Anything left from another tag or a build that stopped half way goes.
find "$OUTDIR" -mindepth 1 -maxdepth 1 ! -name .lock ! -name .build-release -exec rm -rf {} +
: >"$MARKER"

say "building $TAG (commit $commit) from $source into $OUTDIR"
mkdir "$OUTDIR/src"
if [ "$source" = "$ARCHIVE" ]; then
  xz -dc "$ARCHIVE" | tar -x -C "$OUTDIR/src"
else
  git -C "$ROOT" archive --format=tar "$TAG" | tar -x -C "$OUTDIR/src"
fi

# Only options the release knows are given. Warnings are not errors here: a
# release is built as it was, by whatever newer compiler is at hand.
set -- --buildtype=debugoptimized -Dwerror=false
if grep -q "option('gui'" "$OUTDIR/src/meson_options.txt" 2>/dev/null; then
  set -- "$@" -Dgui=disabled
fi
log=$OUTDIR/build.log
if ! { meson setup "$OUTDIR" "$OUTDIR/src" "$@" &&
       ninja -C "$OUTDIR" app/gongjian-cli app/gongjian-server; } >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "building $TAG failed; the whole log is $log"
fi
echo "$TAG $commit" >"$STAMP"
