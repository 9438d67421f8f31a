#!/usr/bin/env bash
# cli_options.sh — one option parser and one number grammar in every command (docs/outputs.md,
# "Options"): `--` ends the options, --name=VALUE equals --name VALUE, usage errors are one line
# "parley CMD: error: ..." with exit 2, -h/--help everywhere, and every number on the command
# line reads as in a scenario file (parley/number.h: decimal, 0x hex, an L suffix), so
# `--seed 0x10`, `--seed 16L`, `--set montecarlo.seed=0x10` and `--seed 16` are the same run.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
S="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect WANT_STATUS STDERR_LINE ARGS...: runs parley ARGS; the status must be WANT_STATUS and,
# when STDERR_LINE is not empty, stderr must be exactly that one line.
expect() {
  local want=$1 line=$2 rc
  shift 2
  checks=$((checks + 1))
  timeout 60 "$PARLEY" "$@" > "$T/out" 2> "$T/err"
  rc=$?
  [ "$rc" -eq "$want" ] || fail "parley $*: exit $rc, expected $want: $(head -3 "$T/err")"
  if [ -n "$line" ]; then
    [ "$(cat "$T/err")" = "$line" ] || fail "parley $*: stderr is '$(cat "$T/err")', expected '$line'"
  fi
}
same() { # same FILE1 FILE2 WHAT
  checks=$((checks + 1))
  cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"
}

# 1. `--` ends the options in every command: what follows is an operand even if it looks like an
#    option.
expect 0 "" run --trials 100 --quiet --out "$T/dd-run" -- "$S"
[ -s "$T/dd-run/summary.json" ] || fail "run -- SCENARIO wrote no summary"
expect 2 "--json: error: cannot read the scenario: No such file or directory" run --quiet -- --json
expect 0 "" sweep --over protocol.noise=0,0.1 --trials 50 --quiet --out "$T/dd-sweep" -- "$S"
[ -s "$T/dd-sweep/sweep.tsv" ] || fail "sweep -- SCENARIO wrote no sweep.tsv"
expect 0 "" trace --trial 3 -- "$S"
grep -q "^Trial 3 of " "$T/out" || fail "trace -- SCENARIO: $(head -1 "$T/out")"
expect 0 "" validate -- "$S"
grep -qx "$S: ok" "$T/out" || fail "validate -- SCENARIO: $(head -1 "$T/out")"
expect 2 "parley plot: error: --format is not a folder" plot -- --format
mkdir -p "$T/empty"
expect 2 "parley plot: error: $T/empty is not a parley results folder (no outcomes.tsv, sweep.tsv, sensitivity.tsv, sobol.tsv, compare.tsv or reliability.tsv)" plot -- "$T/empty"
expect 0 "" -- run --help
grep -q "^usage: parley run" "$T/out" || fail "parley -- run --help"
expect 2 "parley: error: unknown command '--version' (see 'parley --help')" -- --version

# 2. --name=VALUE is --name VALUE, in every command.
"$PARLEY" run "$S" --trials 3000 --seed 16 --threads 2 --precision 0.05 --set protocol.noise=0.1 \
  --quiet --out "$T/sp"
"$PARLEY" run "$S" --trials=3000 --seed=16 --threads=2 --precision=0.05 --set=protocol.noise=0.1 \
  --quiet --out="$T/eq"
same "$T/sp/summary.json" "$T/eq/summary.json" "run --name=VALUE"
"$PARLEY" trace "$S" --trial 7 --seed 5 --set protocol.noise=0.1 --json > "$T/trace-sp.json"
"$PARLEY" trace "$S" --trial=7 --seed=5 --set=protocol.noise=0.1 --json > "$T/trace-eq.json"
same "$T/trace-sp.json" "$T/trace-eq.json" "trace --name=VALUE"
"$PARLEY" sweep "$S" --over protocol.noise=0,0.1 --trials 50 --quiet --out "$T/sw-sp"
"$PARLEY" sweep "$S" --over=protocol.noise=0,0.1 --trials=50 --quiet --out="$T/sw-eq"
same "$T/sw-sp/point-0002/summary.json" "$T/sw-eq/point-0002/summary.json" "sweep --over=VALUE"
"$PARLEY" validate --set agents.north.reservation=0.6 "$S" > "$T/v-sp.out"
"$PARLEY" validate --set=agents.north.reservation=0.6 "$S" > "$T/v-eq.out"
same "$T/v-sp.out" "$T/v-eq.out" "validate --set=VALUE"
expect 2 "parley plot: error: --format 'pdf': expected png or svg" plot --format=pdf "$T/empty"

# 3. Every number reads as in a scenario file (parley/number.h): hex, the L suffix, the same run
#    as the decimal and as --set (summary.json byte for byte).
"$PARLEY" run "$S" --trials 3000 --seed 16 --quiet --out "$T/n-dec"
for args in "--seed 0x10 --trials 3000" "--seed 16L --trials 3000" "--seed 0X10LL --trials 3000" \
  "--seed 16 --trials 3000L" "--seed 16 --trials 0xBB8" "--seed=+16 --trials=3000LL" \
  "--set montecarlo.seed=0x10 --set montecarlo.trials=3000L" \
  "--set montecarlo.seed=16 --trials 0xbb8"; do
  dir="$T/n-$(echo "$args" | tr -c 'a-zA-Z0-9' _)"
  # shellcheck disable=SC2086
  "$PARLEY" run "$S" $args --quiet --out "$dir"
  same "$T/n-dec/summary.json" "$dir/summary.json" "run $args"
done
"$PARLEY" run "$S" --trials 3000 --seed 16 --threads 0x2 --quiet --out "$T/n-threads"
same "$T/n-dec/summary.json" "$T/n-threads/summary.json" "--threads 0x2"
"$PARLEY" run "$S" --precision 0.05 --trials 200000 --quiet --out "$T/n-p1"
"$PARLEY" run "$S" --precision 5e-2 --trials 2e5 --quiet --out "$T/n-p2" 2> "$T/err"
[ $? -eq 2 ] || fail "--trials 2e5 (a real where an integer is needed) should exit 2"
"$PARLEY" run "$S" --precision 5e-2 --trials 0x30D40 --quiet --out "$T/n-p2"
same "$T/n-p1/summary.json" "$T/n-p2/summary.json" "--precision 5e-2 --trials 0x30D40"
"$PARLEY" trace "$S" --trial 0x1F --json > "$T/trace-hex.json"
"$PARLEY" trace "$S" --trial 31 --json > "$T/trace-dec.json"
same "$T/trace-dec.json" "$T/trace-hex.json" "trace --trial 0x1F"
"$PARLEY" trace "$S" --trial 31L --seed 0x10 --json > "$T/trace-l.json"
"$PARLEY" trace "$S" --trial 31 --seed 16 --json > "$T/trace-16.json"
same "$T/trace-16.json" "$T/trace-l.json" "trace --trial 31L --seed 0x10"

# 4. Usage errors: exit 2 and exactly one line naming the command, the option and the value.
N="not a number (decimal, 0x hex for integers, optional L suffix)"
expect 2 "parley run: error: unknown option '--bogus' (see 'parley run --help')" run "$S" --bogus
expect 2 "parley run: error: unknown option '--bogus' (see 'parley run --help')" run --bogus=1 "$S"
expect 2 "parley run: error: unknown option '-x' (see 'parley run --help')" run -x "$S"
expect 2 "parley run: error: unknown option '--tri' (see 'parley run --help')" run "$S" --tri 5
expect 2 "parley run: error: --trials needs a value (see 'parley run --help')" run "$S" --trials
expect 2 "parley run: error: --json takes no value (see 'parley run --help')" run "$S" --json=1
expect 2 "parley run: error: --help takes no value (see 'parley run --help')" run --help=yes
expect 2 "parley run: error: one scenario at a time ('a.cfg' and 'b.cfg')" run a.cfg b.cfg
expect 2 "parley run: error: --seed '0x1p3': $N" run "$S" --seed 0x1p3
expect 2 "parley run: error: --seed ' 16': $N" run "$S" --seed " 16"
expect 2 "parley run: error: --seed '1.5L': $N" run "$S" --seed 1.5L
expect 2 "parley run: error: --seed '-0x10': $N" run "$S" --seed -0x10
expect 2 "parley run: error: --seed '-1': a negative number where a non-negative integer is needed" run "$S" --seed -1
expect 2 "parley run: error: --seed '18446744073709551616': out of range (integers fit in 64 bits, reals are finite and not so close to 0 that they round to 0)" run "$S" --seed 18446744073709551616
expect 2 "parley run: error: --trials '3000x': $N" run "$S" --trials 3000x
expect 2 "parley run: error: --trials '0x': $N" run "$S" --trials 0x
expect 2 "parley run: error: --trials '0': not an integer in 1..1000000000000" run "$S" --trials 0
expect 2 "parley run: error: --threads '4097': not an integer in 0..4096" run "$S" --threads 4097
expect 2 "parley run: error: --threads '': $N" run "$S" --threads=
expect 2 "parley run: error: --precision 'inf': $N" run "$S" --precision inf
expect 2 "parley run: error: --precision '1e999': out of range (integers fit in 64 bits, reals are finite and not so close to 0 that they round to 0)" run "$S" --precision 1e999
expect 2 "parley run: error: --precision '0.5': not a number in (0, 0.5)" run "$S" --precision 0.5
expect 2 "parley sweep: error: unknown option '--bogus' (see 'parley sweep --help')" sweep "$S" --bogus
expect 2 "parley sweep: error: --over needs a value (see 'parley sweep --help')" sweep "$S" --over
expect 2 "parley sweep: error: --quiet takes no value (see 'parley sweep --help')" sweep "$S" --quiet=no
expect 2 "parley sweep: error: one scenario at a time ('$S' and 'extra')" sweep "$S" extra --over protocol.noise=0,1
expect 2 "parley sweep: error: --seed '--5': $N" sweep "$S" --seed --5
expect 2 "parley trace: error: unknown option '--threads' (see 'parley trace --help')" trace "$S" --trial 1 --threads 2
expect 2 "parley trace: error: --trial needs a value (see 'parley trace --help')" trace "$S" --trial
expect 2 "parley trace: error: --trial 'x': $N" trace "$S" --trial x
expect 2 "parley trace: error: one scenario at a time ('$S' and 'extra')" trace "$S" extra --trial 1
expect 2 "parley trace: error: --trial K is required (see 'parley trace --help')" trace "$S"
expect 2 "parley validate: error: unknown option '--bogus' (see 'parley validate --help')" validate --bogus "$S"
expect 2 "parley validate: error: --set needs a value (see 'parley validate --help')" validate "$S" --set
expect 2 "parley plot: error: unknown option '--colour' (see 'parley plot --help')" plot "$T/empty" --colour
expect 2 "parley plot: error: --format needs a value (see 'parley plot --help')" plot "$T/empty" --format
expect 2 "parley plot: error: one RESULTS_DIR expected, got '$T/empty' and 'extra'" plot "$T/empty" extra
expect 2 "parley: error: unknown option '--bogus' (see 'parley --help')" --bogus
expect 2 "parley: error: unexpected argument 'extra' after --version (see 'parley --help')" --version extra
expect 2 "parley: error: unexpected argument 'run' after --help (see 'parley --help')" --help run
expect 2 "parley: error: --version takes no value (see 'parley --help')" --version=1
expect 2 "parley: error: 'parley help' takes no arguments (see 'parley --help')" help run
expect 2 "parley: error: unknown command 'runn' (see 'parley --help')" runn
# Nothing was created by a usage error.
[ ! -e "$T/o" ] || fail "a usage error created a folder"

# 5. -h and --help in every command: the command's usage on stdout, exit 0; every option of the
#    command is in it, and `parley --help` names every command.
for cmd in run sweep trace validate plot; do
  for h in -h --help; do
    expect 0 "" $cmd $h
    grep -q "^usage: parley $cmd" "$T/out" || fail "parley $cmd $h: $(head -1 "$T/out")"
  done
done
"$PARLEY" run --help > "$T/help-run"
for o in --trials --seed --threads --set --out --json --per-trial --precision --quiet --help; do
  grep -q -- "$o" "$T/help-run" || fail "run --help lacks $o"
done
"$PARLEY" sweep --help > "$T/help-sweep"
for o in --over --trials --seed --threads --set --out --json --per-trial --precision --quiet --help; do
  grep -q -- "$o" "$T/help-sweep" || fail "sweep --help lacks $o"
done
"$PARLEY" trace --help > "$T/help-trace"
for o in --trial --json --set --seed --help; do
  grep -q -- "$o" "$T/help-trace" || fail "trace --help lacks $o"
done
"$PARLEY" plot --help | grep -q -- "--format" || fail "plot --help lacks --format"
"$PARLEY" validate --help | grep -q -- "--set" || fail "validate --help lacks --set"
for h in -h --help help; do
  expect 0 "" $h
  for w in run sweep trace validate plot --help --version; do
    grep -q -- "$w" "$T/out" || fail "parley $h does not mention $w"
  done
done
expect 0 "" --version
grep -q "^parley " "$T/out" || fail "--version: $(cat "$T/out")"

# 6. Options in any order, argv never permuted: run.json keeps the command line as typed, and
#    POSIXLY_CORRECT (which makes a plain getopt stop at the first operand) changes nothing.
"$PARLEY" run --trials 200 "$S" --seed 3 --quiet --out "$T/order1"
POSIXLY_CORRECT=1 "$PARLEY" run --trials 200 "$S" --seed 3 --quiet --out "$T/order2"
rc=$?
checks=$((checks + 1))
[ "$rc" -eq 0 ] || fail "POSIXLY_CORRECT run: exit $rc"
same "$T/order1/summary.json" "$T/order2/summary.json" "POSIXLY_CORRECT"
[ "$(jq -c '.command_line[1:]' "$T/order1/run.json")" = \
  "[\"run\",\"--trials\",\"200\",\"$S\",\"--seed\",\"3\",\"--quiet\",\"--out\",\"$T/order1\"]" ] ||
  fail "run.json command line: $(jq -c .command_line "$T/order1/run.json")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s) in $checks checks" >&2
  exit 1
fi
echo "cli_options: all $checks checks passed"
