#!/usr/bin/env bash
# cli_precision.sh — a --precision target that --trials caps short of it is reported, not hidden
# (docs/outputs.md, "precision_met"): in summary.json ("precision_met": false and the half-width
# reached), in the table, in `sweep` rows and on stderr; the run itself is complete (exit 0). A
# target that is met says so; a run without --precision has none of these keys.
# Expected half-widths: the Wilson 95% interval of the printed ci95, (ci_high - ci_low) / 2 — the
# same numbers, so the test compares them with jq rather than with constants.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
S="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. A target 100 trials cannot reach (half-width about 0.037 at P = 0.97): reported everywhere.
"$PARLEY" run "$S" --precision 0.001 --trials 100 --out "$T/capped" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "capped precision run: exit $rc, expected 0"
jq -e '.complete == true and .trials == 100 and .precision == 0.001
       and .precision_met == false and .half_width == (.ci95[1] - .ci95[0]) / 2
       and .half_width > 0.001' "$T/capped/summary.json" >/dev/null ||
  fail "capped: summary.json lacks precision_met false with the half-width reached"
grep -qF "Precision target      +/-0.001 NOT REACHED: 95% half-width" "$T/out" ||
  fail "capped: the table does not say the target was missed"
grep -qF 'parley run: warning: the --precision target 0.001 was not reached' "$T/err" ||
  fail "capped: no warning on stderr"
grep -qF '"precision_met": false' "$T/err" || fail "capped: the warning does not name the key"

# --json prints the same summary.json text.
"$PARLEY" run "$S" --precision 0.001 --trials 100 --json --out "$T/capped-json" >"$T/json" \
  2>/dev/null
cmp -s "$T/json" "$T/capped-json/summary.json" || fail "--json and summary.json differ"
jq -e '.precision_met == false' "$T/json" >/dev/null || fail "--json: precision_met not false"

# 2. A target that is reached: precision_met true, no warning.
"$PARLEY" run "$S" --precision 0.1 --out "$T/met" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "met precision run: exit $rc"
jq -e '.precision == 0.1 and .precision_met == true and .half_width <= 0.1
       and .half_width == (.ci95[1] - .ci95[0]) / 2' "$T/met/summary.json" >/dev/null ||
  fail "met: summary.json lacks precision_met true"
grep -qF "warning" "$T/err" && fail "met: a warning was printed: $(cat "$T/err")"
grep -qF "Precision target      +/-0.1 reached" "$T/out" || fail "met: the table does not say so"

# 3. No --precision: none of the keys, and the table has no precision line.
"$PARLEY" run "$S" --trials 100 --out "$T/plain" >"$T/out" 2>"$T/err"
jq -e 'has("precision") or has("precision_met") or has("half_width") | not' \
  "$T/plain/summary.json" >/dev/null || fail "plain run: precision keys present"
grep -q "Precision" "$T/out" && fail "plain run: the table mentions precision"

# 4. A sweep: the point that misses is marked in its row, its summary and on stderr.
"$PARLEY" sweep "$S" --precision 0.01 --trials 200 --over protocol.breakdown=0,0.5 \
  --out "$T/sweep" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "sweep with a capped precision: exit $rc"
jq -e '.precision_met == true' "$T/sweep/point-0001/summary.json" >/dev/null ||
  fail "sweep point 1 (P = 1, half-width 0.0094 <= 0.01) should meet the target"
jq -e '.precision_met == false and .half_width > 0.01' "$T/sweep/point-0002/summary.json" \
  >/dev/null || fail "sweep point 2 should miss the target"
[ "$(grep -c "precision NOT REACHED" "$T/out")" -eq 1 ] || fail "sweep: not one row marked"
grep -qF "parley sweep: warning: the --precision target 0.01 was not reached at 1 of 2 points" \
  "$T/err" || fail "sweep: no warning on stderr: $(cat "$T/err")"
"$PARLEY" sweep "$S" --precision 0.01 --trials 200 --over protocol.breakdown=0,0.5 --json \
  --out "$T/sweep-json" >"$T/json" 2>/dev/null
jq -e '[.[].precision_met] == [true, false]' "$T/json" >/dev/null ||
  fail "sweep --json: precision_met per point not [true, false]"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all precision checks passed"
