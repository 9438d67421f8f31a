#!/usr/bin/env bash
# The scenario language means the same wherever it is written (issue "one schema"): a scenario's
# sweep section and `--over` give the same grid, values and bytes; `validate` and `sweep` agree on
# every sweep section, with FILE:LINE; a number reads the same in a file, in --set and in --over;
# distribution bounds may reach the closure of a domain. The fixture is tests/data/run/small.cfg
# with a sweep section appended.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
S=$PARLEY_SRC/tests/data/run/small.cfg
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# A copy of small.cfg with the given sweep section; prints its path.
with_sweep() {
  local f=$T/$1.cfg
  { cat "$S"; printf '\nsweep = (\n  %s\n);\n' "$2"; } >"$f"
  echo "$f"
}
line_of_group() { grep -n "^  {" "$1" | tail -1 | cut -d: -f1; }

# 1. The grid 0:0.3:4 from a section and from --over: same values (0.1, not 0.09999999999999999)
#    and the same sweep.tsv bytes.
F=$(with_sweep grid '{ path = "protocol.breakdown"; from = 0.0; to = 0.3; steps = 4; }')
"$PARLEY" sweep "$F" --trials 200 --quiet --out "$T/section" >/dev/null 2>&1 || fail "sweep of the section"
"$PARLEY" sweep "$S" --trials 200 --quiet --out "$T/over" --over protocol.breakdown=0:0.3:4 \
  >/dev/null 2>&1 || fail "sweep --over"
if ! grep -q $'^0.1\t' "$T/section/sweep.tsv"; then
  fail "section grid: no 0.1 row in sweep.tsv"
fi
if grep -q '0.0999999' "$T/section/sweep.tsv"; then
  fail "section grid: 0.09999999999999999 in sweep.tsv"
fi
# The metadata lines name the scenario file, which differs: compare the rest.
cmp -s <(grep -v '^# scenario' "$T/section/sweep.tsv") <(grep -v '^# scenario' "$T/over/sweep.tsv") ||
  fail "sweep.tsv differs between the section and --over"
for k in 0 1 2 3; do
  a=$(ls -d "$T/section/"*/ | sed -n "$((k + 1))p")
  b=$(ls -d "$T/over/"*/ | sed -n "$((k + 1))p")
  cmp -s "$a/summary.json" "$b/summary.json" || fail "point $k: summary.json differs"
done

# 2. validate and sweep agree on every bad sweep section, with the group's FILE:LINE.
check_both() { # name, section, expected message (after "error: ")
  local F line
  F=$(with_sweep "$1" "$2")
  line=$(line_of_group "$F")
  for cmd in validate sweep; do
    local args=("$PARLEY" "$cmd" "$F")
    [ "$cmd" = sweep ] && args+=(--quiet --out "$T/o-$1")
    "${args[@]}" >/dev/null 2>"$T/err"
    local rc=$?
    [ "$rc" -eq 2 ] || fail "$1: $cmd exited $rc, expected 2"
    grep -qF "$F:$line: error: $3" "$T/err" || {
      fail "$1: $cmd did not say '$F:$line: error: $3'"
      sed 's/^/  | /' "$T/err" >&2
    }
  done
}
check_both dup_values '{ path = "protocol.breakdown"; values = [0.1, 0.1]; }' \
  "sweep.values: the value 0.1 appears twice"
check_both from_is_to '{ path = "protocol.breakdown"; from = 0.1; to = 0.1; steps = 3; }' \
  "sweep: from equals to (use steps = 1 for a single value)"
check_both too_fine '{ path = "protocol.breakdown"; from = 0.1; to = 0.100000000000002; steps = 10; }' \
  "sweep: the steps are too fine: two grid values coincide"
check_both out_of_domain '{ path = "protocol.breakdown"; values = [0.5, 1.5]; }' \
  "sweep: protocol.breakdown=1.5: value outside [0, 1]"
check_both word_path '{ path = "protocol.kind"; values = [1.0]; }' \
  'sweep: protocol.kind takes a word, not a number: list the words, values = ["A", "B"]'
check_both three_groups '{ path = "protocol.breakdown"; values = [0.1]; }, { path = "protocol.noise"; values = [0.1]; }, { path = "protocol.max_rounds"; values = [5]; }' \
  "sweep: at most 2 groups (a sweep varies one or two parameters); found 3"
check_both same_path_twice '{ path = "protocol.breakdown"; values = [0.1]; }, { path = "protocol.breakdown"; values = [0.2]; }' \
  "sweep: the parameter 'protocol.breakdown' is swept twice"
# Each value valid alone, one combination invalid: the broker cares about nothing at (0, 0).
check_both bad_pair '{ path = "agents.broker.salience.border"; values = [0.0, 0.5]; }, { path = "agents.broker.salience.aid"; values = [0.0, 0.5]; }' \
  "sweep: the point agents.broker.salience.border=0, agents.broker.salience.aid=0: agent 'broker' has zero salience"
F=$(with_sweep empty '')
for cmd in validate sweep; do
  if [ "$cmd" = sweep ]; then "$PARLEY" sweep "$F" --quiet --out "$T/o-empty" >/dev/null 2>"$T/err"; else "$PARLEY" validate "$F" >/dev/null 2>"$T/err"; fi
  rc=$?
  [ "$rc" -eq 2 ] && grep -q "sweep: an empty list" "$T/err" || fail "empty sweep list: $cmd exited $rc"
done

# 3. One grammar: 16, 0x10, 16L and 0x10L name the same seed in a file, in --set and in --over;
#    3000 and 3000L the same trial count.
ref=$T/ref
"$PARLEY" run "$S" --trials 300 --set montecarlo.seed=16 --quiet --out "$ref" >/dev/null 2>&1 ||
  fail "run with --set montecarlo.seed=16"
for v in 0x10 16L 0x10L; do
  "$PARLEY" run "$S" --trials 300 --set "montecarlo.seed=$v" --quiet --out "$T/s$v" >/dev/null 2>&1 ||
    fail "--set montecarlo.seed=$v rejected"
  cmp -s "$ref/summary.json" "$T/s$v/summary.json" || fail "--set montecarlo.seed=$v is not seed 16"
  sed "s/seed = 12345L;/seed = $v;/" "$S" >"$T/seed.cfg"
  "$PARLEY" run "$T/seed.cfg" --trials 300 --quiet --out "$T/f$v" >/dev/null 2>&1 ||
    fail "seed = $v in a file rejected"
  cmp -s "$ref/summary.json" "$T/f$v/summary.json" || fail "seed = $v in a file is not seed 16"
done
"$PARLEY" run "$S" --set montecarlo.trials=300L --set montecarlo.seed=16 --quiet --out "$T/tL" \
  >/dev/null 2>&1 || fail "--set montecarlo.trials=300L rejected"
cmp -s "$ref/summary.json" "$T/tL/summary.json" || fail "montecarlo.trials=300L is not 300"
"$PARLEY" sweep "$S" --trials 100 --quiet --out "$T/ox" --over protocol.max_rounds=0x10,20L \
  >/dev/null 2>&1 || fail "--over protocol.max_rounds=0x10,20L rejected"
grep -q $'^16\t' "$T/ox/sweep.tsv" || fail "--over 0x10 is not 16"
grep -q $'^20\t' "$T/ox/sweep.tsv" || fail "--over 20L is not 20"
for bad in 0x1p3 inf nan ' 5' 1.5L; do
  "$PARLEY" validate "$S" --set "protocol.breakdown=$bad" >/dev/null 2>&1
  [ $? -eq 2 ] || fail "--set protocol.breakdown='$bad' was accepted"
done

# 4. Distribution bounds may reach the closure of the domain: patience (0, 1] takes uniform(0, 1),
#    capability (0, inf) takes uniform(0, 2); a fixed 0 stays outside.
sed 's/flexibility = 0.12; }/flexibility = 0.12; patience = { dist = "uniform"; min = 0.0; max = 1.0; }; }/' \
  "$S" >"$T/closure.cfg"
grep -q 'patience = { dist = "uniform"; min = 0.0' "$T/closure.cfg" || fail "closure fixture not made"
"$PARLEY" validate "$T/closure.cfg" >/dev/null 2>"$T/err" || {
  fail "patience uniform(0, 1) rejected"
  cat "$T/err" >&2
}
"$PARLEY" validate "$S" --set agents.south.patience=0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "patience 0 accepted"

echo "cli_schema: $fails failure(s)"
[ "$fails" -eq 0 ]
