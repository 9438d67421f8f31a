#!/usr/bin/env bash
# cli_history.sh — the folder scenarios/history/ (its README.md gives the coding rule):
# 1. every file loads (`parley validate`, exit 0) and records what happened: an outcome word, a
#    date YYYY-MM-DD, a source that names a web address;
# 2. `parley backtest` runs on the folder: 16 cases, 3 agreements (the rounds of the table in
#    scenarios/history/README.md), none skipped, each case's outcome and date as in its file;
# 3. every position of a party carries a SOURCE comment (the rule: no position without a page).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
H="$PARLEY_SRC/scenarios/history"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

n=0
for f in "$H"/*.cfg; do
  n=$((n + 1))
  b=$(basename "$f")
  "$PARLEY" validate "$f" >"$T/v.out" 2>"$T/v.err" || fail "$b does not validate: $(cat "$T/v.err")"
  grep -q '^outcome *= *"\(agreement\|no_agreement\)";$' "$f" || fail "$b: no outcome"
  grep -q '^outcome_date *= *"[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}";$' "$f" || fail "$b: no outcome_date"
  grep -q '^outcome_source *= *".*https\?://[^ ]*";$' "$f" || fail "$b: outcome_source names no address"
  # Every position line of the file is preceded by a comment line (its SOURCE and reasoning).
  awk -v b="$b" '/^    position = \{/ { inpos = 1; next }
                 inpos && /^    \};/ { inpos = 0 }
                 inpos && /^      [a-z_]+ = / && prev !~ /^ *#/ { print b ": uncommented position: " $0; bad = 1 }
                 { prev = $0 } END { exit bad }' "$f" || fail "$b: a position without its comment"
done
[ "$n" -eq 16 ] || fail "expected the 16 rounds of scenarios/history/README.md, found $n files"

# Small designs: the command's plumbing, not the scores (docs/backtest.md has those).
"$PARLEY" backtest "$H" --trials 2000 --bootstrap 200 --threads 2 --quiet --out "$T/bt" >"$T/bt.out" 2>"$T/bt.err" ||
  fail "backtest on scenarios/history failed: $(cat "$T/bt.err")"
s="$T/bt/summary.json"
[ "$(jq '.cases' "$s")" = 16 ] || fail "backtest cases: $(jq '.cases' "$s")"
[ "$(jq '.agreements' "$s")" = 3 ] || fail "backtest agreements: $(jq '.agreements' "$s")"
[ "$(jq '.skipped | length' "$s")" = 0 ] || fail "backtest skipped files: $(jq -c '.skipped' "$s")"
for f in "$H"/*.cfg; do
  name=$(sed -n 's/^name *= *"\(.*\)";$/\1/p' "$f")
  o=$(sed -n 's/^outcome *= *"\(.*\)";$/\1/p' "$f")
  d=$(sed -n 's/^outcome_date *= *"\(.*\)";$/\1/p' "$f")
  got=$(jq -r --arg n "$name" '.forecasts[] | select(.name == $n) | "\(.outcome) \(.outcome_date)"' "$s")
  [ "$got" = "$o $d" ] || fail "$name: backtest has '$got', the file '$o $d'"
done

[ "$failures" -eq 0 ] && echo "cli_history: ok ($n files)"
exit $((failures > 0))
