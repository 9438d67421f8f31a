#!/usr/bin/env bash
# Scenario strings from a file reach programs as valid UTF-8 and terminals without control
# characters: a title with invalid UTF-8 bytes, a tab and an escape sequence gives TSV and JSON
# files that decode strictly as UTF-8 (each invalid byte written as U+FFFD), TSV lines that keep
# their columns, and a `validate` description with no raw ESC byte.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
S=$T/title.cfg
printf -v title 'North\xff\xc0 \xe2\x80\x93 South\tborder\x1b[31m red' # invalid UTF-8, a tab, ESC
sed "s/^title = .*/title = \"$title\";/" "$PARLEY_SRC/tests/data/run/small.cfg" >"$S"
grep -q $'\xff' "$S" || fail "fixture: the title was not written"
"$PARLEY" run "$S" --trials 200 --quiet --out "$T/r" >/dev/null 2>"$T/err" || {
  fail "run exited $?"
  cat "$T/err" >&2
}
for f in "$T"/r/*.tsv "$T"/r/*.json; do
  python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8", "strict")' "$f" 2>/dev/null ||
    fail "$(basename "$f") is not valid UTF-8"
done
grep -q $'^# title: North\xef\xbf\xbd\xef\xbf\xbd \xe2\x80\x93 South border' "$T/r/outcomes.tsv" ||
  fail "outcomes.tsv: the title line is not cleaned as documented"
if grep -q $'\x1b' "$T/r/outcomes.tsv"; then fail "outcomes.tsv holds an ESC byte"; fi
python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/r/summary.json" ||
  fail "summary.json does not parse"
"$PARLEY" validate "$S" >"$T/desc" 2>&1 || fail "validate exited $?"
if grep -q $'\x1b' "$T/desc"; then fail "validate printed a raw ESC byte"; fi
grep -q 'North' "$T/desc" || fail "validate: no title"
echo "cli_text: $fails failure(s)"
[ "$fails" -eq 0 ]
