#!/usr/bin/env bash
# cli_interval.sh — `--interval wilson|exact` (docs/outputs.md, "Which interval"). The exact
# (Clopper-Pearson) interval of a run holds the same point estimate as Wilson's and is wider for
# P(agreement) near 0.5 (e.g. 1,072 agreements in 2,000 trials: Wilson [0.51410, 0.55777], exact
# [0.51385, 0.55804], from pl_stats_wilson and pl_stats_clopper_pearson, whose values
# tests/check_stats.c checks against Newcombe 1998 and mpmath). The run says which interval it
# used (table, summary.json's "interval" key, outcomes.tsv's "# interval:" line) only when it is
# exact, so a Wilson run keeps its bytes; --precision stops on the chosen interval; a sweep's rows
# carry it; a bad value is a usage error.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. The reference scenario, 2,000 trials, both intervals (and --interval wilson given explicitly).
"$PARLEY" run --trials 2000 --seed 7 --out "$T/default" >"$T/default.out" 2>/dev/null ||
  fail "default run failed"
"$PARLEY" run --trials 2000 --seed 7 --interval wilson --out "$T/wilson" >"$T/wilson.out" \
  2>/dev/null || fail "--interval wilson run failed"
"$PARLEY" run --trials 2000 --seed 7 --interval=exact --out "$T/exact" >"$T/exact.out" \
  2>/dev/null || fail "--interval=exact run failed"
W="$T/default/summary.json" E="$T/exact/summary.json"

# Wilson given explicitly is the default, byte for byte, with no trace of the option.
for f in summary.json outcomes.tsv rounds.tsv agreement_point.tsv; do
  cmp -s "$T/default/$f" "$T/wilson/$f" || fail "--interval wilson changed $f"
done
jq -e 'has("interval") | not' "$W" >/dev/null || fail "a Wilson summary.json has \"interval\""
grep -q '^# interval' "$T/default/outcomes.tsv" && fail "a Wilson outcomes.tsv has '# interval'"
grep -qF "95% interval [" "$T/default.out" || fail "the Wilson table lacks '95% interval ['"
grep -q "exact interval" "$T/default.out" && fail "the Wilson table says exact interval"

# The exact run: same counts and estimate; "interval": "exact" right after ci95; an interval that
# holds the estimate and is wider than Wilson's.
jq -e --slurpfile w "$W" '.interval == "exact" and .p_agreement == $w[0].p_agreement
    and .outcomes == $w[0].outcomes and .trials == 2000
    and .ci95[0] <= .p_agreement and .p_agreement <= .ci95[1]
    and (.ci95[1] - .ci95[0]) > ($w[0].ci95[1] - $w[0].ci95[0])
    and .ci95[0] < $w[0].ci95[0] and .ci95[1] > $w[0].ci95[1]' "$E" >/dev/null ||
  fail "exact summary.json: $(jq -c '{p_agreement, ci95, interval}' "$E") against Wilson's $(jq -c .ci95 "$W")"
jq -r 'keys_unsorted | join(" ")' "$E" | grep -qF "ci95 interval outcomes" ||
  fail "\"interval\" is not right after \"ci95\": $(jq -r 'keys_unsorted | join(" ")' "$E")"
# Apart from ci95 and that key, summary.json is the Wilson run's.
diff <(jq 'del(.ci95, .interval, .created)' "$W") <(jq 'del(.ci95, .interval, .created)' "$E") \
  >/dev/null || fail "the exact run changed more than ci95"
grep -qx '# interval: exact' "$T/exact/outcomes.tsv" || fail "exact outcomes.tsv lacks '# interval: exact'"
awk -F'\t' '$1 == "agreement" { print $4, $5 }' "$T/exact/outcomes.tsv" >"$T/tsv-ci"
jq -r '.ci95 | "\(.[0]) \(.[1])"' "$E" >"$T/json-ci"
cmp -s "$T/tsv-ci" "$T/json-ci" || fail "outcomes.tsv's agreement interval is not summary.json's ci95"
# The tables print the summaries' intervals (to 4 decimals), saying which.
line=$(grep "^P(agreement)" "$T/exact.out")
case "$line" in
*"95% exact interval ["*) ;;
*) fail "the exact table: $line" ;;
esac
# printf's rounding, not jq's, decides the fourth decimal: compare numerically instead
lo=$(echo "$line" | sed 's/.*\[\(.*\), .*/\1/') hi=$(echo "$line" | sed 's/.*, \(.*\)\]/\1/')
jq -e --argjson lo "$lo" --argjson hi "$hi" '(.ci95[0] - $lo | fabs) <= 0.00005
    and (.ci95[1] - $hi | fabs) <= 0.00005' "$E" >/dev/null ||
  fail "the exact table's interval [$lo, $hi] is not summary.json's $(jq -c .ci95 "$E")"

# --json prints summary.json's bytes, the key included.
"$PARLEY" run --trials 2000 --seed 7 --interval exact --json --out "$T/exact-json" >"$T/json" \
  2>/dev/null
cmp -s "$T/json" "$T/exact-json/summary.json" || fail "--json and summary.json differ (exact)"

# 2. --precision stops on the chosen interval: its half-width is the exact one, within target,
# and the exact run, wider, needs at least as many trials as the Wilson one, and more for some
# targets (blocks are 1,024 trials; near P = 0.96 the exact interval is a few % wider, enough to
# cross a block boundary for 2 of these 13 targets when written: at 0.0055, 5,120 trials against
# 6,144, and at 0.009, 2,048 against 3,072). A rule that stopped on Wilson's would fail here.
S="$PARLEY_SRC/tests/data/run/small.cfg"
more=0
for eps in 0.004 0.0045 0.005 0.0055 0.006 0.0065 0.007 0.0075 0.008 0.009 0.01 0.011 0.012; do
  "$PARLEY" run "$S" --precision $eps --seed 7 --quiet --out "$T/pw-$eps" 2>/dev/null ||
    fail "precision $eps wilson"
  "$PARLEY" run "$S" --precision $eps --seed 7 --quiet --interval exact --out "$T/pe-$eps" \
    2>/dev/null || fail "precision $eps exact"
  jq -e --slurpfile w "$T/pw-$eps/summary.json" --argjson eps $eps '.interval == "exact"
      and .precision_met == true and .half_width <= $eps
      and .half_width == (.ci95[1] - .ci95[0]) / 2 and .trials >= $w[0].trials' \
    "$T/pe-$eps/summary.json" >/dev/null ||
    fail "exact precision $eps: $(jq -c '{trials, half_width, precision_met}' "$T/pe-$eps/summary.json")"
  jq -e --slurpfile w "$T/pw-$eps/summary.json" '.trials > $w[0].trials' \
    "$T/pe-$eps/summary.json" >/dev/null && more=$((more + 1))
done
[ "$more" -gt 0 ] || fail "no --precision target needed more trials with the exact interval"

# 3. A sweep: its rows are the points' exact intervals; the header says so.
"$PARLEY" sweep "$PARLEY_SRC/tests/data/run/small.cfg" --trials 300 --interval exact \
  --over protocol.breakdown=0,0.2 --out "$T/sweep" >"$T/sweep.out" 2>/dev/null ||
  fail "sweep --interval exact failed"
grep -qF "95% exact interval" "$T/sweep.out" || fail "the sweep table does not say exact"
for k in 1 2; do
  p="$T/sweep/point-000$k/summary.json"
  jq -e '.interval == "exact"' "$p" >/dev/null || fail "sweep point $k: no \"interval\""
  want=$(jq -r '.ci95 | "\(.[0]) \(.[1])"' "$p")
  got=$(grep -v '^#' "$T/sweep/sweep.tsv" | awk -F'\t' -v r=$((k + 1)) 'NR == r { print $5, $6 }')
  [ "$got" = "$want" ] || fail "sweep.tsv row $k: '$got', its summary.json: '$want'"
done

# 4. A bad value: exit 2, one line naming the option and the value; --help lists the option.
"$PARLEY" run --interval agresti --trials 10 --out "$T/bad" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] || fail "--interval agresti: exit $rc, expected 2"
grep -qxF "parley run: error: --interval 'agresti': not 'wilson' or 'exact'" "$T/err" ||
  fail "--interval agresti: $(cat "$T/err")"
[ -e "$T/bad" ] && fail "--interval agresti created its folder"
for cmd in run sweep; do
  "$PARLEY" "$cmd" --help | grep -q -- "--interval" || fail "parley $cmd --help lacks --interval"
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_interval: all passed"
