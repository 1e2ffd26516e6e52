#!/bin/sh
# release-archive.sh [--check] TAG: writes gongjian-TAG-src.tar.xz beside this
# script, the sources tools/build-release.sh builds TAG from when the tag is
# not in the repository (a CI clone without tags, no network). It is
# `git archive TAG` without what a build with -Dgui=disabled does not read:
# the widgets (ui/), the screenshots and the Flatpak manifest.
# With --check it writes nothing and says, in TAP, whether the archive holds
# exactly those files of TAG; without the tag there is nothing to compare.
set -eu
check=
[ "${1:-}" != --check ] || { check=1; shift; }
TAG=${1:?usage: release-archive.sh [--check] TAG}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ARCHIVE=$HERE/gongjian-$TAG-src.tar.xz

tag_archive() {
  git -C "$ROOT" archive --format=tar "$TAG" -- . ':(exclude)ui' ':(exclude)app/share/screenshots' ':(exclude)flatpak'
}

if [ -z "$check" ]; then
  tag_archive >"$ARCHIVE.tar"
  xz -9 -c "$ARCHIVE.tar" >"$ARCHIVE"
  rm "$ARCHIVE.tar"
  echo "Wrote $ARCHIVE ($(wc -c <"$ARCHIVE") bytes)"
  exit 0
fi

if ! git -C "$ROOT" rev-parse -q --verify "refs/tags/$TAG" >/dev/null 2>&1; then
  echo "1..0 # SKIP $TAG is not a tag of this repository"
  exit 0
fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
mkdir "$DIR/archive" "$DIR/tag"
xz -dc "$ARCHIVE" | tar -x -C "$DIR/archive"
tag_archive | tar -x -C "$DIR/tag"
[ "$(xz -dc "$ARCHIVE" | git get-tar-commit-id)" = "$(git -C "$ROOT" rev-parse "$TAG^{commit}")" ] \
  && echo "ok 1 - $(basename "$ARCHIVE") names $TAG's commit" || echo "not ok 1 - $(basename "$ARCHIVE") names another commit"
out=$(diff -r "$DIR/archive" "$DIR/tag" 2>&1) \
  && echo "ok 2 - it holds the files of $TAG" || echo "not ok 2 - it differs from $TAG: $(echo "$out" | head -n 5 | tr '\n' ' ')"
echo "1..2"
