# Sourced by the scripts that run release 0.2.0 beside this build, with
# their arguments (gongjian-cli gongjian-server RELEASE_BUILD_DIR): builds
# 0.2.0 once into RELEASE_BUILD_DIR with tools/build-release.sh, names both
# versions' programs, makes DIR and sources common.sh.
usage="usage: $(basename "$0") gongjian-cli gongjian-server RELEASE_BUILD_DIR"
NEW_CLI=${1:?$usage}
NEW_SRV=${2:?$usage}
REL=${3:?$usage}
"$(dirname "$0")/../../tools/build-release.sh" v0.2.0 "$REL" || { echo "Bail out! 0.2.0 was not built"; exit 1; }
OLD_CLI=$REL/app/gongjian-cli
OLD_SRV=$REL/app/gongjian-server
DIR=$(mktemp -d)
. "$(dirname "$0")/common.sh"
