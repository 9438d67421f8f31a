#!/usr/bin/env bash
# cli_bench.sh — the benchmark harness still works: `bench/run --smoke` builds its drivers against
# the library under test, runs both workloads with tiny trial counts and prints every section of
# its table (bench/README.md). No timing is asserted: figures from a smoke run mean nothing.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

bash "$PARLEY_SRC/bench/run" --parley "$PARLEY" --smoke --work "$PARLEY_TMP/work" \
  > "$PARLEY_TMP/out" 2> "$PARLEY_TMP/err"
status=$?
[ "$status" -eq 0 ] || fail "bench/run --smoke exited $status: $(tail -5 "$PARLEY_TMP/err")"
out="$PARLEY_TMP/out"
for want in "1. Trials per second" "2. Peak memory" "3. Time per trial against its floor" \
  "reference (gaza-2024-08)" "large-20x12" "SMOKE RUN"; do
  grep -qF "$want" "$out" || fail "the table lacks '$want'"
done
# Both workloads have a rate, a memory figure and a floor: numbers, not blanks.
[ "$(grep -cE '^(reference \(gaza-2024-08\)|large-20x12) +[0-9]+ +[0-9]+ \[' "$out")" -eq 2 ] ||
  fail "trials per second missing for a workload"
[ "$(grep -cE '^(reference \(gaza-2024-08\)|large-20x12) +[0-9]+ KiB +[0-9]+ KiB' "$out")" -eq 2 ] ||
  fail "peak memory missing for a workload"
[ "$(grep -cE '^(reference \(gaza-2024-08\)|large-20x12) +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+ \[' "$out")" -eq 2 ] ||
  fail "floor missing for a workload"
# The harness checks reproducibility across thread counts on the way.
[ "$(grep -c 'same summary.json at 1 and [0-9]* threads: yes' "$out")" -eq 2 ] ||
  fail "summary.json differs between thread counts (or the check is missing)"
# The committed large scenario is what its generator writes.
bash "$PARLEY_SRC/bench/gen-large.sh" | cmp -s - "$PARLEY_SRC/bench/large-20x12.cfg" ||
  fail "bench/large-20x12.cfg differs from bench/gen-large.sh's output"
# A bad option is a usage error.
bash "$PARLEY_SRC/bench/run" --runs 0 > /dev/null 2>&1
[ $? -eq 2 ] || fail "bench/run --runs 0 should exit 2"

if [ "$failures" -gt 0 ]; then
  cat "$out" >&2
  echo "cli_bench: $failures failure(s)" >&2
  exit 1
fi
echo "cli_bench: ok"
