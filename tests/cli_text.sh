#!/usr/bin/env bash
# Scenario strings from a file reach programs as valid UTF-8 and terminals without control
# characters: a title with invalid UTF-8 bytes, a tab and an escape sequence gives TSV and JSON
# files that decode strictly as UTF-8 (each invalid byte written as U+FFFD), TSV lines that keep
# their columns, and a `validate` description with no raw ESC byte. The tables of `run` and
# `sweep` and the text of `trace` show the title, labels and units with every control character
# as \xNN (pl_text_terminal, include/parley/text.h): an ESC in an agent's label, an issue's label
# or unit never reaches the terminal raw, and neither does a tab.
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

# Terminal output of run, sweep and trace: ESC and tab as \x1B and \x09, never raw.
L=$T/labels.cfg
sed -e $'s/label = "Troops on the border"/label = "Troops\x1b[2J"/' \
  -e $'s/unit = "% of today"/unit = "%\x1b]0;owned\x07"/' \
  -e $'s/label = "North"/label = "No\trth\x1b[31m"/' "$S" >"$L"
grep -q $'Troops\x1b' "$L" || fail "fixture: the label was not written"
"$PARLEY" run "$L" --trials 200 --out "$T/r2" >"$T/run.out" 2>"$T/err" || fail "run (table) exited $?"
"$PARLEY" sweep "$L" --trials 50 --over protocol.breakdown=0,0.1 --out "$T/s2" >"$T/sweep.out" \
  2>"$T/err" || fail "sweep (table) exited $?"
"$PARLEY" trace "$L" --trial 0 >"$T/trace.out" 2>"$T/err" || fail "trace exited $?"
for out in run sweep trace; do
  if grep -q $'\x1b' "$T/$out.out"; then fail "$out printed a raw ESC byte"; fi
  if grep -q $'\x07' "$T/$out.out"; then fail "$out printed a raw BEL byte"; fi
  # The title's tab and ESC (run and sweep print the title; trace prints the name only).
  if [ $out != trace ]; then
    grep -qF 'South\x09border\x1B[31m red' "$T/$out.out" || fail "$out: the title is not escaped as \\xNN"
    if grep -q $'South\tborder' "$T/$out.out"; then fail "$out printed the title's raw tab"; fi
  fi
done
grep -qF 'Troops\x1B[2J' "$T/run.out" || fail "run: the issue label is not escaped"
grep -qF '%\x1B]0;owned\x07' "$T/run.out" || fail "run: the unit is not escaped"
grep -qF 'No\x09rth\x1B[31m' "$T/run.out" || fail "run: the agent label is not escaped"
grep -qF 'Troops\x1B[2J' "$T/trace.out" || fail "trace: the issue label is not escaped"
grep -qF 'No\x09rth\x1B[31m' "$T/trace.out" || fail "trace: the agent label is not escaped"
echo "cli_text: $fails failure(s)"
[ "$fails" -eq 0 ]
