#!/usr/bin/env bash
# cli_compare.sh — `parley compare` (docs/compare.md) against answers known in closed form, and its
# contracts:
# 1. A file compared with itself: every difference is exactly 0, with the interval [0, 0] (the
#    same trials give the same outcomes).
# 2. scenarios/validation/compare-breakdown.cfg (derivation in the file): P(agreement) = 1 - b,
#    so breakdown 0.1 against 0.3 differs by -0.2; the truth lies in the paired 95% interval and
#    the estimate within 0.012 of it (3 paired standard errors at 20000 trials: 3 * 0.4 / 141).
#    The paired interval is narrower than an unpaired one: the ratio of the half-widths is
#    sqrt(0.16 / 0.30) = 0.730 in theory; it must be < 1, and within 0.03 of 0.730.
# 3. Each scenario's P(agreement) is what `parley run` gives for it, to the last digit, and the
#    folder is the same bytes for 1 and 3 threads.
# 4. Scenarios may differ in anything: a protocol, issues (an issue missing from one is written as
#    missing, not as a number); a different seed is replaced by the first's, with a note.
#    `parley plot` draws compare.svg with every label and difference.
# 5. Usage errors (exit 2, a message); a SIGINT keeps what completed ("complete": false, 130).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
K="$PARLEY_SRC/scenarios/validation/compare-breakdown.cfg"
E="$PARLEY_SRC/scenarios/example.cfg"
G="$PARLEY_SRC/scenarios/gaza-2024-08.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. Identity.
"$PARLEY" compare "$G" "$G" --trials 3000 --quiet --out "$T/same" 2>"$T/err" ||
  fail "compare G G: exit $? $(cat "$T/err")"
jq -e '[.scenarios[1].outcomes[] | .diff == 0 and .diff_ci95 == [0, 0] and .only_first == 0
        and .only_this == 0] | all' "$T/same/summary.json" >/dev/null ||
  fail "a file against itself: differences not all exactly 0"
awk -F'\t' '!/^#/ && $1 == "2" && ($7 != "0" || $8 != "0" || $9 != "0") { bad = 1 } END { exit bad }' \
  "$T/same/compare.tsv" || fail "compare.tsv: differences of a file with itself not 0"

# 2. Known answer and the paired/unpaired ratio.
"$PARLEY" compare "$K" "$K" --set-for 2:protocol.breakdown=0.3 --quiet --out "$T/k" 2>"$T/err" ||
  fail "compare known: exit $? $(cat "$T/err")"
read -r d lo hi ratio <<<"$(jq -r '.scenarios[1].outcomes.agreement |
  "\(.diff) \(.diff_ci95[0]) \(.diff_ci95[1]) \(.paired_to_unpaired)"' "$T/k/summary.json")"
awk -v d="$d" -v lo="$lo" -v hi="$hi" \
  'BEGIN { exit !(lo <= -0.2 && -0.2 <= hi && d > -0.212 && d < -0.188) }' ||
  fail "known difference -0.2: got $d in [$lo, $hi]"
awk -v r="$ratio" 'BEGIN { exit !(r < 1 && r > 0.70 && r < 0.76) }' ||
  fail "paired/unpaired ratio $ratio, expected about 0.730 and < 1"
[ "$(jq -r '.scenarios[1].label' "$T/k/summary.json")" = "compare-breakdown [protocol.breakdown=0.3]" ] ||
  fail "label of the variant: $(jq -r '.scenarios[1].label' "$T/k/summary.json")"
grep -q 'breakdown = 0.3;' "$T/k/scenario-2.cfg" || fail "scenario-2.cfg does not carry the override"
grep -q 'breakdown = 0.1;' "$T/k/scenario-1.cfg" || fail "scenario-1.cfg changed"

# 3. The same P as `parley run`, the same bytes for any thread count.
"$PARLEY" run "$K" --set protocol.breakdown=0.3 --quiet --out "$T/run" 2>/dev/null || fail "run: exit $?"
[ "$(jq '.p_agreement' "$T/run/summary.json")" = "$(jq '.scenarios[1].p_agreement' "$T/k/summary.json")" ] ||
  fail "scenario 2's P differs from parley run's"
"$PARLEY" compare "$E" "$G" "$E" --set-for 3:protocol.kind=alternating --trials 2500 --threads 1 \
  --quiet --out "$T/t1" 2>/dev/null || fail "threads 1: exit $?"
"$PARLEY" compare "$E" "$G" "$E" --set-for 3:protocol.kind=alternating --trials 2500 --threads 3 \
  --quiet --out "$T/t3" 2>/dev/null || fail "threads 3: exit $?"
diff -r "$T/t1" "$T/t3" >/dev/null || fail "1 and 3 threads give different files"

# 4. Anything may differ: the protocol, the issues; the seed is the first's.
[ "$(jq -r '.scenarios[2].protocol' "$T/t1/summary.json")" = alternating ] || fail "protocol of 3"
awk -F'\t' '$1 == "wage" && $4 == "2" && $6 == "no" && $8 == "nan" { ok = 1 } END { exit !ok }' \
  "$T/t1/compare_points.tsv" || fail "compare_points.tsv: a missing issue is not written as missing"
[ "$(jq '.scenarios[1].agreement_point.wage.present' "$T/t1/summary.json")" = false ] ||
  fail "summary.json: a missing issue is not present: false"
"$PARLEY" compare "$K" "$E" --trials 1000 --quiet --out "$T/seed" 2>"$T/err" || fail "seed: exit $?"
grep -q "note: scenario 2 .* has seed 20240819; every scenario runs with the first's, 11" "$T/err" ||
  fail "no note on the replaced seed: $(cat "$T/err")"
[ "$(jq '.seed' "$T/seed/summary.json")" = 11 ] || fail "seed of the comparison"
grep -q 'seed = 11' "$T/seed/scenario-2.cfg" || fail "scenario-2.cfg does not carry the common seed"
"$PARLEY" compare "$K" "$E" --trials 1000 --seed 5 --quiet --out "$T/seed5" 2>"$T/err" || fail "--seed: exit $?"
[ -s "$T/err" ] && fail "--seed still gives a note: $(cat "$T/err")"
[ "$(jq '.seed' "$T/seed5/summary.json")" = 5 ] || fail "--seed 5 not used"

# The plot (when gnuplot is there): a picture with every scenario's label and the difference.
if command -v gnuplot >/dev/null 2>&1; then
  PARLEY_PLOTS_DIR="$PARLEY_SRC/plots" "$PARLEY" plot "$T/k" --format svg >/dev/null 2>"$T/err" ||
    fail "plot of a compare folder: exit $? $(cat "$T/err")"
  [ "$(wc -c <"$T/k/compare.svg" 2>/dev/null || echo 0)" -gt 5000 ] || fail "compare.svg missing or tiny"
  for want in "1: compare-breakdown" "[protocol.breakdown=0.3]" "reference" "diff -20"; do
    grep -qF -- "$want" "$T/k/compare.svg" || fail "compare.svg lacks '$want'"
  done
fi

# 5. Usage errors and Ctrl-C.
expect_usage() { # message-pattern args...
  local pat=$1
  shift
  "$PARLEY" compare "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "compare $*: exit $rc, expected 2"
  grep -q -- "$pat" "$T/err" || fail "compare $*: message '$(cat "$T/err")' lacks '$pat'"
}
expect_usage "two scenarios or more" "$K"
expect_usage "there are only 2 scenarios" "$K" "$K" --set-for 3:protocol.breakdown=0.2
expect_usage "wants K:PATH=VALUE" "$K" "$K" --set-for protocol.breakdown=0.2
expect_usage "counted from 1" "$K" "$K" --set-for 0:protocol.breakdown=0.2
expect_usage "protocol.breakdown" "$K" "$K" --set-for 2:protocol.breakdown=2
[ -e "$T/out" ] && [ -s "$T/out" ] && fail "a usage error printed on stdout"

"$PARLEY" compare "$G" "$G" --trials 100000000 --quiet --out "$T/int" 2>"$T/err" &
pid=$!
for _ in $(seq 1 100); do
  [ -e "$T/int/.parley.lock" ] && break
  sleep 0.05
done
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
[ "$(jq '.complete' "$T/int/summary.json" 2>/dev/null)" = false ] || fail "SIGINT: not complete: false"
[ "$(jq '.trials > 0' "$T/int/summary.json" 2>/dev/null)" = true ] || fail "SIGINT: no trial kept"
grep -q '^# complete: false$' "$T/int/compare.tsv" || fail "SIGINT: compare.tsv not marked"
ls -a "$T/int" | grep -q 'tmp\|lock' && fail "SIGINT left temporary files: $(ls -a "$T/int")"

[ "$failures" -eq 0 ] && echo "cli_compare: all passed"
exit $((failures > 0))
