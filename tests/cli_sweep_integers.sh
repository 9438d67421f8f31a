#!/usr/bin/env bash
# cli_sweep_integers.sh — integer settings stay integers in `parley sweep` (include/parley/sweep.h):
# seeds beyond 2^53 run exactly the seed given (before, --over read them as doubles and
# 9007199254740993 ran as ...992), in the point summaries, sweep.tsv and sweep --json; a grid value
# that is not an integer is refused with exit 2. Expected seeds: the values on the command line.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
S="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. The seeds of the issue: 2^53 + 1 and 2^64 - 1 (grep, not jq: jq reads numbers as doubles).
"$PARLEY" sweep "$S" --trials 20 --quiet --out "$T/s" \
  --over montecarlo.seed=9007199254740993,18446744073709551615 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "sweep over big seeds: exit $rc: $(cat "$T/err")"
grep -qx '  "seed": 9007199254740993,' "$T/s/point-0001/summary.json" || fail "point 1 seed not exact"
grep -qx '  "seed": 18446744073709551615,' "$T/s/point-0002/summary.json" ||
  fail "point 2 seed not exact"
grep -q $'^9007199254740993\t20\t' "$T/s/sweep.tsv" || fail "sweep.tsv: row 1 not exact"
grep -q $'^18446744073709551615\t20\t' "$T/s/sweep.tsv" || fail "sweep.tsv: row 2 not exact"
# Each point is exactly `parley run --seed S`: the same summary.json, byte for byte.
"$PARLEY" run "$S" --trials 20 --seed 9007199254740993 --json --out "$T/r" >"$T/r.json"
cmp -s "$T/r.json" "$T/s/point-0001/summary.json" || fail "point 1 differs from run --seed"
"$PARLEY" sweep "$S" --trials 20 --json --out "$T/sj" \
  --over montecarlo.seed=9007199254740993,18446744073709551615 >"$T/sj.json" 2>/dev/null
grep -qF '"point": {"montecarlo.seed": 9007199254740993}' "$T/sj.json" ||
  fail "sweep --json: point 1 not exact"
grep -qF '"point": {"montecarlo.seed": 18446744073709551615}' "$T/sj.json" ||
  fail "sweep --json: point 2 not exact"

# 2. A range over integers at the top of the 64-bit range, exact.
"$PARLEY" sweep "$S" --trials 20 --quiet --out "$T/range" \
  --over montecarlo.seed=18446744073709551613:18446744073709551615:3 2>/dev/null
[ "$(grep -v '^#' "$T/range/sweep.tsv" | tail -n +2 | cut -f1 | tr '\n' ' ')" = \
  "18446744073709551613 18446744073709551614 18446744073709551615 " ] || fail "range not exact"

# 3. Values an integer path cannot take: exit 2 and a message naming the path; nothing is run.
bad() { # bad SPEC SUBSTRING
  "$PARLEY" sweep "$S" --trials 20 --quiet --out "$T/bad" --over "$1" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "--over $1: exit $rc, expected 2"
  grep -qF -- "$2" "$T/err" || fail "--over $1: stderr lacks '$2': $(cat "$T/err")"
  [ -e "$T/bad" ] && fail "--over $1: a folder was created"
  rm -rf "$T/bad"
}
bad montecarlo.seed=1:10:3 "montecarlo.seed takes integers, and 3 values from FROM to TO would be 9/2 apart"
bad montecarlo.seed=1,1.5 "value 2 '1.5' is not an integer, and montecarlo.seed takes integers"
bad montecarlo.trials=1e3 "value 1 '1e3' is not an integer, and montecarlo.trials takes integers"
bad montecarlo.seed=-1 "value 1 '-1' is negative, and montecarlo.seed takes integers from 0"
bad montecarlo.seed=18446744073709551616 "does not fit in 64 bits"
bad protocol.max_rounds=5:10:3 "protocol.max_rounds takes integers"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all integer sweep checks passed"
