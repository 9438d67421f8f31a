#!/usr/bin/env bash
# cli_bench_sensitivity.sh — the sensitivity benchmark still works: `bench/sensitivity --smoke`
# runs the reference scenario's analysis at 1 and all threads, each method alone and the large
# workload's tornado and Sobol with tiny designs, and prints every section of its table
# (bench/README.md, "parley sensitivity"). No timing is asserted: smoke figures mean nothing.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

bash "$PARLEY_SRC/bench/sensitivity" --parley "$PARLEY" --smoke --work "$PARLEY_TMP/work" \
  >"$PARLEY_TMP/out" 2>"$PARLEY_TMP/err"
status=$?
[ "$status" -eq 0 ] || fail "bench/sensitivity --smoke exited $status: $(tail -5 "$PARLEY_TMP/err")"
out="$PARLEY_TMP/out"
for want in "1. Default analysis" "2. Each method alone" "3. Growth with the number of inputs" \
  "smoke run"; do
  grep -qF "$want" "$out" || fail "the table lacks '$want'"
done
# The smoke designs (bench/sensitivity): N = 256 trials, 256 rows, 64 x 10 judgements; the
# reference scenario has 46 uncertain inputs (bench/README.md), the large one 644.
grep -qF "K = 46 uncertain inputs; tornado 256 x (1 + 2K) = 23808, Sobol 256 x (K + 3) = 12544, judgements 64 x 10 = 640" "$out" ||
  fail "trial counts of the reference design"
grep -qE '^ +tornado +644 +64 +82496 ' "$out" || fail "large tornado: 64 x (1 + 2 x 644) = 82496 trials"
grep -qE '^ +sobol +644 +64 +41408 ' "$out" || fail "large sobol: 64 x (644 + 3) = 41408 trials"
grep -q 'same summary.json at 1 and [0-9]* threads: yes' "$out" ||
  fail "summary.json differs between thread counts (or the check is missing)"
bash "$PARLEY_SRC/bench/sensitivity" --runs 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "bench/sensitivity --runs 0 should exit 2"

if [ "$failures" -gt 0 ]; then
  cat "$out" >&2
  echo "cli_bench_sensitivity: $failures failure(s)" >&2
  exit 1
fi
echo "cli_bench_sensitivity: all checks passed"
