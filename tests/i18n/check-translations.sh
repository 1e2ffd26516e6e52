#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when po/zh_CN.po misses or fuzzes any string of the
# current sources. Prints TAP.
set -u
SRC=${1:?usage: check-translations.sh SOURCE-ROOT}
cd "$SRC"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# 1. Every C file or UI template with translatable strings is listed.
missing=""
for f in $(git ls-files '*.c' '*.ui' 2>/dev/null || find app ui data sync -name '*.c' -o -name '*.ui'); do
  case "$f" in tests/*|bench/*) continue ;; esac
  if grep -qE '(\b_|\bN_|ngettext|C_) ?\(|translatable="yes"' "$f"; then
    grep -qx "$f" po/POTFILES.in || missing="$missing $f"
  fi
done
[ -z "$missing" ] && ok "POTFILES.in lists every file with translatable strings" \
  || not_ok "missing from po/POTFILES.in:$missing"

# 2. Every listed file exists.
gone=""
for f in $(grep -v '^#' po/POTFILES.in); do [ -f "$f" ] || gone="$gone $f"; done
[ -z "$gone" ] && ok "POTFILES.in names only existing files" || not_ok "listed but absent:$gone"

# 3. zh_CN covers every current string, none fuzzy or untranslated.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=ngettext:1,2 \
  -o "$tmp/gj.pot" -f po/POTFILES.in -D . 2>"$tmp/xgettext.err" || { not_ok "xgettext failed: $(cat "$tmp/xgettext.err")"; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" po/zh_CN.po "$tmp/gj.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1 | tail -n 1)
echo "# zh_CN: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) not_ok "zh_CN translation is incomplete: $stats" ;;
  *" translated message"*) ok "zh_CN translation is complete" ;;
  *) not_ok "msgfmt: $stats" ;;
esac
msgfmt --check -o /dev/null po/zh_CN.po 2>"$tmp/check.err" && ok "zh_CN.po passes msgfmt --check" \
  || not_ok "msgfmt --check: $(cat "$tmp/check.err")"

echo "1..$n"
[ $failed = 0 ]
