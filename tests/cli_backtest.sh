#!/usr/bin/env bash
# cli_backtest.sh — `parley backtest` (docs/backtest.md) on a synthetic folder whose outcomes are
# drawn from the model's own probabilities, and its contracts:
# 1. 48 scenarios of scenarios/validation/compare-breakdown.cfg's shape with breakdown b_i, so
#    P_i = 1 - b_i exactly (derivation in that file); each outcome is drawn as agreement with
#    probability P_i from a fixed linear congruential sequence (below), so the folder is the same
#    on every machine. If outcomes are drawn from p, E[(p - y)^2] = p (1 - p)^2 + (1 - p) p^2 =
#    p (1 - p) (docs/backtest.md), so E[Brier] = mean p_i (1 - p_i): the expected value lies in the
#    bootstrap interval of the Brier score, within 3 of its exact standard deviations, and
#    Spiegelhalter's z is within [-3, 3].
# 2. The base rate is the folder's frequency of agreements; the table of reliability counts every
#    case once; a file without an outcome is skipped with a note; the same bytes for 1 and 3
#    threads.
# 3. The outcome keys are validated (words, date, date and source required); errors exit 2.
#    Ctrl-C keeps the cases that completed (exit 130).
# 4. `parley plot` draws reliability.svg with its labels.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# One scenario: NAME BREAKDOWN OUTCOME (OUTCOME "" = no outcome keys).
scenario() {
  cat <<CFG
name = "$1";
$([ -n "$3" ] && printf 'outcome = "%s"; outcome_date = "2024-01-%02d"; outcome_source = "synthetic: drawn in tests/cli_backtest.sh";' "$3" "$4")
issues = ( { id = "x"; min = 0.0; max = 1.0; } );
agents = (
  { id = "a"; role = "party"; capability = 1.0; reservation = 0.2;
    position = { x = 0.0; }; salience = { x = 1.0; }; },
  { id = "b"; role = "party"; capability = 1.0; reservation = 0.2;
    position = { x = 1.0; }; salience = { x = 1.0; }; } );
protocol = { kind = "mediated"; max_rounds = 1; breakdown = $2; noise = 0.0; };
montecarlo = { trials = 4000; seed = 1L; };
CFG
}
mkdir -p "$T/syn"
# b_i = 0.02 + 0.02 i (i = 0 .. 47): P from 0.98 down to 0.04. u_i from the LCG x -> (a x + c) mod
# m with the constants of Numerical Recipes (2nd ed., sect. 7.1: a = 1664525, c = 1013904223,
# m = 2^32), seed 12345; the outcome is an agreement when u_i < P_i.
awk 'BEGIN { x = 12345; m = 4294967296;
  for (i = 0; i < 48; i++) { x = (1664525 * x + 1013904223) % m; u = x / m;
    b = 0.02 + 0.02 * i; printf "%02d %.2f %s\n", i, b, (u < 1 - b) ? "agreement" : "no_agreement" } }' \
  >"$T/draws"
while read -r i b o; do
  scenario "case-$i" "$b" "$o" $((10#$i % 28 + 1)) >"$T/syn/case-$i.cfg"
done <"$T/draws"
scenario "no-outcome" 0.5 "" >"$T/syn/zz-no-outcome.cfg"

"$PARLEY" backtest "$T/syn" --quiet --out "$T/bt" --threads 1 2>"$T/err" ||
  fail "backtest: exit $? $(cat "$T/err")"
grep -q "note: .*zz-no-outcome.cfg records no outcome; skipped" "$T/err" || fail "no note on the skipped file"
S="$T/bt/summary.json"
[ "$(jq '.cases' "$S")" = 48 ] || fail "cases $(jq '.cases' "$S"), expected 48"
[ "$(jq '.skipped | length' "$S")" = 1 ] || fail "skipped list"
# E[Brier] from the exact P_i, not the estimates.
expected=$(awk '{ p = 1 - $2; s += p * (1 - p); v += p * (1 - p) * (1 - 2 * p) ^ 2 } END {
  printf "%.6f %.6f\n", s / NR, sqrt(v) / NR }' "$T/draws")
read -r eb esd <<<"$expected"
read -r brier lo hi z <<<"$(jq -r '"\(.brier.value) \(.brier.ci95[0]) \(.brier.ci95[1]) \(.calibrated.spiegelhalter_z)"' "$S")"
awk -v e="$eb" -v sd="$esd" -v b="$brier" -v lo="$lo" -v hi="$hi" -v z="$z" \
  'BEGIN { exit !(lo <= e && e <= hi && (b - e) <= 3 * sd && (e - b) <= 3 * sd && z > -3 && z < 3) }' ||
  fail "Brier $brier [$lo, $hi], expected $eb (sd $esd) inside; z $z"
agreements=$(grep -c ' agreement$' "$T/draws")
[ "$(jq '.agreements' "$S")" = "$agreements" ] || fail "agreements $(jq '.agreements' "$S") != $agreements"
awk -v a="$agreements" -v r="$(jq '.base_rate' "$S")" 'BEGIN { exit !(r == a / 48) }' || fail "base rate"
[ "$(jq '[.reliability[].count] | add' "$S")" = 48 ] || fail "reliability counts do not add to 48"
# Each forecast is within 4 binomial sd of 1 - b (4000 trials).
paste <(jq -r '.forecasts[].p_agreement' "$S") "$T/draws" | awk '{ p = 1 - $3; if (($1 - p) ^ 2 > 16 * p * (1 - p) / 4000) bad = 1 } END { exit bad }' ||
  fail "a forecast is far from 1 - breakdown"
"$PARLEY" backtest "$T/syn" --quiet --out "$T/bt3" --threads 3 2>/dev/null || fail "threads 3: exit $?"
diff -r "$T/bt" "$T/bt3" >/dev/null || fail "1 and 3 threads give different files"
"$PARLEY" backtest "$T/syn" --json --out "$T/btj" 2>/dev/null >"$T/json" || fail "--json: exit $?"
cmp -s "$T/json" "$T/btj/summary.json" || fail "--json does not print summary.json"

# 3. Validation of the outcome keys, and folders without cases.
mkdir -p "$T/bad" "$T/none"
scenario "none" 0.1 "" >"$T/none/a.cfg"
"$PARLEY" backtest "$T/none" --quiet --out "$T/o1" 2>"$T/err"
[ $? -eq 2 ] && grep -q "no scenario file in .* records an outcome" "$T/err" || fail "no case: $(cat "$T/err")"
scenario "bad" 0.1 "maybe" 3 >"$T/bad/a.cfg"
"$PARLEY" backtest "$T/bad" --quiet --out "$T/o2" 2>"$T/err"
[ $? -eq 2 ] && grep -q "outcome 'maybe': expected \"agreement\" or \"no_agreement\"" "$T/err" || fail "bad outcome: $(cat "$T/err")"
sed 's/2024-01-03/2024-1-3/' "$T/bad/a.cfg" | sed 's/"maybe"/"agreement"/' >"$T/bad/a2.cfg"
"$PARLEY" validate "$T/bad/a2.cfg" >/dev/null 2>"$T/err"
grep -q "outcome_date '2024-1-3': expected a date YYYY-MM-DD" "$T/err" || fail "bad date: $(cat "$T/err")"
sed 's/outcome_source = [^;]*;//' "$T/bad/a.cfg" | sed 's/"maybe"/"agreement"/' >"$T/bad/a3.cfg"
"$PARLEY" validate "$T/bad/a3.cfg" >/dev/null 2>"$T/err"
grep -q "outcome without 'outcome_source'" "$T/err" || fail "missing source: $(cat "$T/err")"
sed 's/outcome = "maybe";//' "$T/bad/a.cfg" >"$T/bad/a4.cfg"
"$PARLEY" validate "$T/bad/a4.cfg" >/dev/null 2>"$T/err"
grep -q "outcome_date without 'outcome'" "$T/err" || fail "date without outcome: $(cat "$T/err")"
"$PARLEY" backtest "$T/nowhere" 2>"$T/err"
[ $? -eq 2 ] && grep -q "is not a folder" "$T/err" || fail "not a folder: $(cat "$T/err")"
"$PARLEY" run "$T/syn/case-01.cfg" --quiet --trials 100 --out "$T/r" 2>/dev/null || fail "run of a case"
grep -q '^outcome = "' "$T/r/scenario.cfg" || fail "scenario.cfg drops the outcome"

# Ctrl-C: the case that completed is scored, the one in flight listed as skipped; exit 130.
mkdir -p "$T/int"
scenario "a-fast" 0.1 agreement 5 >"$T/int/a.cfg"
scenario "b-slow" 0.1 agreement 6 | sed 's/trials = 4000;/trials = 100000000000L;/' >"$T/int/b.cfg"
"$PARLEY" backtest "$T/int" --quiet --out "$T/into" 2>"$T/err" &
pid=$!
for _ in $(seq 1 100); do
  [ -e "$T/into/.parley.lock" ] && break
  sleep 0.05
done
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, expected 130 $(cat "$T/err")"
[ "$(jq '.cases' "$T/into/summary.json" 2>/dev/null)" = 1 ] || fail "SIGINT: the completed case is not scored"
[ "$(jq -r '.skipped[0].why' "$T/into/summary.json" 2>/dev/null)" = "not run: interrupted" ] ||
  fail "SIGINT: the case in flight is not listed as skipped"
grep -q "interrupted after 1 case(s)" "$T/err" || fail "SIGINT: no message: $(cat "$T/err")"
ls -a "$T/into" | grep -q 'tmp\|lock' && fail "SIGINT left temporary files: $(ls -a "$T/into")"

# 4. The reliability plot.
if command -v gnuplot >/dev/null 2>&1; then
  PARLEY_PLOTS_DIR="$PARLEY_SRC/plots" "$PARLEY" plot "$T/bt" --format svg >/dev/null 2>"$T/err" ||
    fail "plot of a backtest folder: exit $? $(cat "$T/err")"
  [ "$(wc -c <"$T/bt/reliability.svg" 2>/dev/null || echo 0)" -gt 5000 ] || fail "reliability.svg missing or tiny"
  for want in "Observed frequency of agreement" "Forecast P(agreement)" "perfect calibration" "48 cases"; do
    grep -qF -- "$want" "$T/bt/reliability.svg" || fail "reliability.svg lacks '$want'"
  done
fi

[ "$failures" -eq 0 ] && echo "cli_backtest: all passed"
exit $((failures > 0))
