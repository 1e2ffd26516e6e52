#!/bin/sh
# gongjian-cli report: each document written as a PDF that holds the names
# of its data (read back with pdftotext), and every refusal one line with
# exit status 1 and nothing written. Prints TAP.
set -u

CLI=${1:?usage: test-report.sh PATH-TO-gongjian-cli}
PDFTOTEXT=${PDFTOTEXT:?the environment names pdftotext (tests/meson.build)}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/station.db"
export LC_ALL=C.UTF-8 LANGUAGE=

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

gj() { "$CLI" --db "$DB" "$@"; }
text_of() { "$PDFTOTEXT" -layout "$1" - 2>/dev/null; }

# Every page of a PDF carries some text: a blank page is a layout bug.
no_blank_page() {
  "$PDFTOTEXT" -layout "$1" - 2>/dev/null | python3 -c '
import sys
pages = sys.stdin.read().split("\f")
if pages and pages[-1].strip() == "":
    pages = pages[:-1]
sys.exit(0 if pages and all(p.strip() for p in pages) else 1)'
}

# Writes document $1 to $2 (the rest are its arguments) and checks that
# the PDF has each name of $NAMES and none of $ABSENT.
report_has() {
  what=$1; file=$2; shift 2
  out=$(gj report "$@" -o "$file" 2>&1); rc=$?
  if [ $rc != 0 ] || ! echo "$out" | grep -q "Wrote the" || [ ! -s "$file" ]; then
    not_ok "$what: written ($rc: $out)"; return
  fi
  ok "$what: written"
  text=$(text_of "$file")
  missing=
  for name in $NAMES; do
    echo "$text" | grep -q -- "$name" || missing="$missing $name"
  done
  for name in $ABSENT; do
    echo "$text" | grep -q -- "$name" && missing="$missing !$name"
  done
  [ -z "$missing" ] && ok "$what: every name in the PDF" || not_ok "$what: missing:$missing"
  no_blank_page "$file" && ok "$what: no blank page" || not_ok "$what: a blank page"
}

# Refused: exit 1, one line naming $2, and no file.
refused() {
  what=$1; expect=$2; file=$3; shift 3
  rm -f "$file"
  out=$(gj report "$@" 2>&1); rc=$?
  if [ $rc = 1 ] && echo "$out" | grep -q -- "$expect" && [ "$(echo "$out" | wc -l)" = 1 ] &&
     [ ! -e "$file" ]; then
    ok "$what"
  else
    not_ok "$what ($rc: $out)"
  fi
}

gj init --street 东湖街道 --district 清源区 >/dev/null
COM=$(gj add community name=清源社区 type=urban)
UNIT=$(gj add unit name=泉州五中 type=school contact=林老师 address=东海大街88号)
AG=$(gj add agreement title=清源五中共建协议 unit_id="$UNIT" community_id="$COM" status=signed \
     start_on=2026-01-01 end_on=2027-12-31)
gj add agreement_item agreement_id="$AG" content=开放操场 status=done due_on=2026-09-30 \
  responsible=五中总务处 evidence=开放登记表 >/dev/null
GONE=$(gj add agreement_item agreement_id="$AG" content=作废讲座 status=pending)
gj delete agreement_item "$GONE" >/dev/null

ORG=$(gj add organization name=金山互助会 legal_form=social_group category=elderly_care \
      community_id="$COM" leader=王秀兰)
INC=$(gj add incubation organization_id="$ORG" stage=applied)
gj add incubation_service incubation_id="$INC" type=training date=2026-03-10 hours=2.5 \
  content=骨干培训 provider=林社工 >/dev/null
gj add evaluation incubation_id="$INC" date=2026-11-20 score=88.5 result=pass \
  evaluator=区评估组 >/dev/null

PRJ=$(gj add project name=银龄守护 field=elderly status=approved budget=80000 gov_funds=50000 \
      social_funds=20000 community_id="$COM")
gj add project_party project_id="$PRJ" role=organization party_id="$ORG" >/dev/null
gj add activity title=重阳敬老宴 date=2026-10-29 project_id="$PRJ" participants=85 >/dev/null

VOL=$(gj add volunteer name=陈美玲 resident_id=350503199003151224 gender=female)
IDLE=$(gj add volunteer name=张闲)
gj add hours volunteer_id="$VOL" kind=earn hours=2.5 date=2026-03-01 note=防汛值守 >/dev/null
gj add hours volunteer_id="$VOL" kind=earn hours=3 date=2025-12-31 note=年末慰问 >/dev/null
gj add hours volunteer_id="$VOL" kind=redeem hours=1 date=2026-04-01 note=兑换理发 >/dev/null

NAMES="清源五中共建协议 清源社区 泉州五中 林老师 开放操场 五中总务处 开放登记表" ABSENT="作废讲座" \
  report_has "agreement" "$DIR/a.pdf" agreement "$AG"
NAMES="金山互助会 王秀兰 骨干培训 林社工 区评估组 88.5" ABSENT="" \
  report_has "evaluation" "$DIR/e.pdf" evaluation "$INC"
NAMES="银龄守护 金山互助会 重阳敬老宴 80,000.00 50,000.00 20,000.00" ABSENT="" \
  report_has "project" "$DIR/p.pdf" project "$PRJ"
NAMES="陈美玲 350503\*\*\*\*\*\*\*\*1224 防汛值守 2.5" ABSENT="年末慰问 兑换理发 350503199003151224" \
  report_has "certificate" "$DIR/v.pdf" volunteer-certificate "$VOL" --from 2026-01-01 \
  --to 2026年12月31日
NAMES="陈美玲 防汛值守 兑换理发 年末慰问" ABSENT="" \
  report_has "time-bank" "$DIR/t.pdf" time-bank "$VOL"
NAMES="东湖街道" ABSENT="" report_has "indicators" "$DIR/i.pdf" indicators --period 2026Q4

out=$(gj report indicators --period 2026 -o "$DIR/i.xlsx" 2>&1); rc=$?
[ $rc = 0 ] && [ -s "$DIR/i.xlsx" ] && ok "indicators as XLSX" || not_ok "indicators XLSX: $rc $out"

# A prefix of the id is enough, as everywhere. 23 characters reach past the
# millisecond a UUIDv7 begins with, which records made together share.
short=$(echo "$AG" | cut -c1-23)
out=$(gj report agreement "$short" -o "$DIR/short.pdf" 2>&1); rc=$?
[ $rc = 0 ] && [ -s "$DIR/short.pdf" ] && ok "an id prefix names the agreement" \
  || not_ok "id prefix: $rc $out"

# No service: the certificate says so and certifies nothing.
out=$(gj report volunteer-certificate "$IDLE" -o "$DIR/idle.pdf" 2>&1); rc=$?
[ $rc = 0 ] && text_of "$DIR/idle.pdf" | grep -q "张闲" &&
  ! text_of "$DIR/idle.pdf" | grep -q "certify" && ok "no service, no certification" \
  || not_ok "idle volunteer: $rc $out"

refused "a wrong id is refused" "0190aaaa-0000" "$DIR/x.pdf" \
  agreement 0190aaaa-0000 -o "$DIR/x.pdf"
refused "a deleted record is refused" "$GONE" "$DIR/x.pdf" \
  agreement "$GONE" -o "$DIR/x.pdf"
refused "an id of another kind is refused" "$VOL" "$DIR/x.pdf" project "$VOL" -o "$DIR/x.pdf"
refused "an unknown extension is refused" ".docx" "$DIR/x.docx" \
  agreement "$AG" -o "$DIR/x.docx"
refused "XLSX is for the indicator report only" "spreadsheet" "$DIR/x.xlsx" \
  project "$PRJ" -o "$DIR/x.xlsx"
refused "a file without extension is refused" "extension" "$DIR/x" agreement "$AG" -o "$DIR/x"
refused "-o is required" "-o FILE.pdf" "$DIR/none.pdf" agreement "$AG"
refused "a bad period is refused" "2026Q5" "$DIR/x.pdf" indicators --period 2026Q5 -o "$DIR/x.pdf"
refused "a bad day is refused" "2026-13-01" "$DIR/x.pdf" \
  volunteer-certificate "$VOL" --from 2026-13-01 -o "$DIR/x.pdf"
refused "a period that ends before it starts is refused" "before it starts" "$DIR/x.pdf" \
  time-bank "$VOL" --from 2026-06-01 --to 2026-01-01 -o "$DIR/x.pdf"
refused "--period is refused for a volunteer document" "--period" "$DIR/x.pdf" \
  volunteer-certificate "$VOL" --period 2026 -o "$DIR/x.pdf"
refused "--from is refused for an agreement" "--from" "$DIR/x.pdf" \
  agreement "$AG" --from 2026-01-01 -o "$DIR/x.pdf"

out=$(gj report brochure "$AG" -o "$DIR/x.pdf" 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "brochure" && ok "an unknown document is a usage error" \
  || not_ok "unknown document: $rc $out"
out=$(gj report agreement -o "$DIR/x.pdf" 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "ID" && ok "a missing id is a usage error" \
  || not_ok "missing id: $rc $out"

echo "1..$n"
[ $failed = 0 ]
