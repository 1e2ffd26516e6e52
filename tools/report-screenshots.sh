#!/bin/sh
# Renders the first page of each report on the demo street, under zh_CN, as
# the PNG images the README shows (docs/reports/). Run after a build:
#   tools/report-screenshots.sh [BUILD_DIR]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=$root/docs/reports
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export GJ_UNINSTALLED=1 LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8
gj() { "$build/app/gongjian-cli" --db "$tmp/station.db" "$@"; }
# The first record of a kind with the most of what its report lists.
pick() { gj list "$1" --json | python3 -c "$2"; }

gj init --street 东湖街道 --district 清源区 --station 东湖街道社会工作服务站 >/dev/null
gj demo >/dev/null

agreement=$(pick agreement_item '
import collections, json, sys
c = collections.Counter(r["agreement_id"] for r in json.load(sys.stdin))
print(c.most_common(1)[0][0])')
incubation=$(pick incubation_service '
import collections, json, sys
c = collections.Counter(r["incubation_id"] for r in json.load(sys.stdin))
print(c.most_common(1)[0][0])')
project=$(pick activity '
import collections, json, sys
c = collections.Counter(r["project_id"] for r in json.load(sys.stdin) if r.get("project_id"))
print(c.most_common(1)[0][0])')
volunteer=$(pick hours '
import collections, json, sys
c = collections.Counter(r["volunteer_id"] for r in json.load(sys.stdin))
print(c.most_common(1)[0][0])')

gj report indicators --period "$(date +%Y)" -o "$tmp/indicators.pdf"
gj report agreement "$agreement" -o "$tmp/agreement.pdf"
gj report evaluation "$incubation" -o "$tmp/evaluation.pdf"
gj report project "$project" -o "$tmp/project.pdf"
gj report volunteer-certificate "$volunteer" -o "$tmp/volunteer-certificate.pdf"
gj report time-bank "$volunteer" -o "$tmp/time-bank.pdf"

mkdir -p "$out"
for pdf in "$tmp"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$pdf" "$out/$name"
done
ls -l "$out"
