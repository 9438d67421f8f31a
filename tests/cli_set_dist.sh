#!/usr/bin/env bash
# cli_set_dist.sh — `--set PATH.PARAM=VALUE` changes one parameter of a number's distribution and
# keeps the rest (docs/scenario-format.md, "Parameter paths"), checked as the loader checks a
# file; the same paths work in `--over` and in the sweep section.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
# agents.north.reservation ~ uniform(0.2, 0.4), agents.south.salience.aid ~ normal(0.6, 0.15);
# agents.south.reservation = 0.5 (fixed).
DRAWN="$PARLEY_SRC/tests/data/run/drawn.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# ok NAME ARGS...: a run that must succeed; its results folder is $T/NAME.
ok() {
  local name=$1
  shift
  "$PARLEY" run "$DRAWN" --trials 200 --per-trial --quiet --out "$T/$name" "$@" > /dev/null 2> "$T/$name.err"
  [ $? -eq 0 ] || fail "$name: nonzero exit: $(cat "$T/$name.err")"
}
# refused WANT ARGS...: a run that must exit 2 with WANT in its message.
refused() {
  local want=$1
  shift
  "$PARLEY" run "$DRAWN" --trials 10 --quiet --out "$T/refused" "$@" > /dev/null 2> "$T/refused.err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
  grep -qF -- "$want" "$T/refused.err" || fail "$*: message '$(cat "$T/refused.err")' lacks '$want'"
  [ -e "$T/refused" ] && fail "$*: a refused override still wrote results"
  rm -rf "$T/refused"
}
# drawn_range NAME COLUMN: "min max" of a drawn column of NAME's per_trial.tsv.
drawn_range() {
  grep -v '^#' "$T/$1/per_trial.tsv" | awk -F'\t' -v c="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) col = i; next }
    { v = $col + 0; if (n++ == 0 || v < lo) lo = v; if (n == 1 || v > hi) hi = v }
    END { print lo, hi }'
}

# 1. A normal's mean: the spread stays, and the resolved scenario shows the new distribution.
ok mean --set agents.south.salience.aid.mean=0.4
grep -qF 'aid = { dist = "normal"; mean = 0.4; sd = 0.15; }' "$T/mean/scenario.cfg" ||
  fail "mean: scenario.cfg does not show normal(0.4, 0.15): $(grep -F 'aid' "$T/mean/scenario.cfg" | tail -1)"
ok sd --set agents.south.salience.aid.sd=0
grep -qF 'aid = { dist = "normal"; mean = 0.6; sd = 0.0; }' "$T/sd/scenario.cfg" ||
  fail "sd: scenario.cfg does not show normal(0.6, 0)"
[ "$(drawn_range sd agents.south.salience.aid)" = "0.6 0.6" ] ||
  fail "sd=0: the draws are not all 0.6: $(drawn_range sd agents.south.salience.aid)"

# 2. A uniform's bounds, one after the other (--set applies in order): the draws follow.
ok bounds --set agents.north.reservation.max=0.7 --set agents.north.reservation.min=0.6
grep -qF 'reservation = { dist = "uniform"; min = 0.6; max = 0.7; }' "$T/bounds/scenario.cfg" ||
  fail "bounds: scenario.cfg does not show uniform(0.6, 0.7)"
read -r lo hi <<< "$(drawn_range bounds agents.north.reservation)"
awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo >= 0.6 && hi <= 0.7 && lo < 0.62 && hi > 0.68) }' ||
  fail "bounds: draws span [$lo, $hi], expected most of [0.6, 0.7]"
# The resolved scenario loads back and runs the same trials (docs/scenario-format.md, "The
# resolved scenario").
"$PARLEY" run "$T/bounds/scenario.cfg" --trials 200 --per-trial --quiet --out "$T/reload" > /dev/null 2>&1 ||
  fail "bounds: the resolved scenario does not run"
cmp -s <(grep -v '^#' "$T/bounds/per_trial.tsv") <(grep -v '^#' "$T/reload/per_trial.tsv") ||
  fail "bounds: the resolved scenario gives other trials"

# 3. A fixed number has only 'value', which sets it as PATH=VALUE does.
ok value --set agents.south.reservation.value=0.55
ok plain --set agents.south.reservation=0.55
cmp -s <(grep -v '^#' "$T/value/per_trial.tsv") <(grep -v '^#' "$T/plain/per_trial.tsv") ||
  fail "PATH.value and PATH differ"

# 4. Parameters the distribution does not have: the error names the path and lists the ones it has.
refused "unknown parameter path 'agents.north.reservation.mean': agents.north.reservation is a uniform distribution, which has no parameter 'mean' (it has min, max)" \
  --set agents.north.reservation.mean=0.3
refused "agents.south.salience.aid is a normal distribution, which has no parameter 'min' (it has mean, sd)" \
  --set agents.south.salience.aid.min=0.1
refused "agents.south.reservation is a fixed number, which has no parameter 'mean' (only value)" \
  --set agents.south.reservation.mean=0.5
refused "agents.north.reservation is a uniform distribution, which has no parameter 'bogus' (it has min, max)" \
  --set agents.north.reservation.bogus=1
# Once fixed, a number has no distribution parameters left.
refused "agents.north.reservation is a fixed number, which has no parameter 'min' (only value)" \
  --set agents.north.reservation=0.3 --set agents.north.reservation.min=0.2

# 5. The distribution after the change keeps the loader's rules (messages of docs/errors.md).
refused "agents.south.salience.aid.sd=-0.1: normal sd must be >= 0 (found -0.1)" \
  --set agents.south.salience.aid.sd=-0.1
refused "agents.south.salience.aid.mean=1.03: normal mean 1.03 outside [0, 1]" \
  --set agents.south.salience.aid.mean=1.03
refused "agents.north.reservation.min=0.5: uniform min (0.5) greater than max (0.4)" \
  --set agents.north.reservation.min=0.5
refused "agents.north.reservation.max=1.2: uniform range [0.2, 1.2] outside [0, 1]" \
  --set agents.north.reservation.max=1.2
refused "agents.north.reservation.max=x: not a number" --set agents.north.reservation.max=x
# A fixed value outside the domain stays refused (a distribution's draws are clamped instead).
refused "agents.south.salience.border=1.03: value outside [0, 1]" --set agents.south.salience.border=1.03

# 5b. Protocol numbers written as distributions take the same paths.
sed 's/breakdown = 0.03;/breakdown = { dist = "uniform"; min = 0.01; max = 0.05; };/' "$DRAWN" > "$T/proto.cfg"
"$PARLEY" run "$T/proto.cfg" --trials 10 --quiet --out "$T/proto" --set protocol.breakdown.max=0.03 > /dev/null 2>&1 ||
  fail "protocol.breakdown.max: nonzero exit"
grep -qF 'breakdown = { dist = "uniform"; min = 0.01; max = 0.03; };' "$T/proto/scenario.cfg" ||
  fail "protocol.breakdown.max: scenario.cfg does not show uniform(0.01, 0.03)"
"$PARLEY" run "$T/proto.cfg" --trials 10 --quiet --out "$T/proto2" --set protocol.breakdown.mean=0.03 > /dev/null 2> "$T/proto2.err"
[ $? -eq 2 ] && grep -qF "protocol.breakdown is a uniform distribution, which has no parameter 'mean' (it has min, max)" "$T/proto2.err" ||
  fail "protocol.breakdown.mean on a uniform: $(cat "$T/proto2.err")"

# 6. Sweeps take the same paths: --over ...
"$PARLEY" sweep "$DRAWN" --trials 100 --quiet --out "$T/over" \
  --over agents.south.salience.aid.mean=0.4:0.6:3 > /dev/null 2> "$T/over.err" ||
  fail "--over PATH.mean: $(cat "$T/over.err")"
grep -v '^#' "$T/over/sweep.tsv" | cut -f1 | tr '\n' ' ' | grep -qx 'agents.south.salience.aid.mean 0.4 0.5 0.6 ' ||
  fail "--over PATH.mean: sweep.tsv column is '$(grep -v '^#' "$T/over/sweep.tsv" | cut -f1 | tr '\n' ' ')'"
grep -qF 'aid = { dist = "normal"; mean = 0.5; sd = 0.15; }' "$T/over/point-0002/scenario.cfg" ||
  fail "--over PATH.mean: point 2's scenario.cfg does not show normal(0.5, 0.15)"
"$PARLEY" sweep "$DRAWN" --trials 10 --quiet --out "$T/overbad" \
  --over agents.south.salience.aid.sd=-0.1:0.1:3 > /dev/null 2> "$T/overbad.err"
[ $? -eq 2 ] && grep -qF 'normal sd must be >= 0 (found -0.1)' "$T/overbad.err" ||
  fail "--over with a negative sd: $(cat "$T/overbad.err")"
# ... and the sweep section of a scenario file.
{
  cat "$DRAWN"
  echo 'sweep = ( { path = "agents.north.reservation.max"; values = [0.3, 0.5]; } );'
} > "$T/section.cfg"
"$PARLEY" sweep "$T/section.cfg" --trials 100 --quiet --out "$T/section" > /dev/null 2> "$T/section.err" ||
  fail "sweep section with PATH.max: $(cat "$T/section.err")"
grep -qF 'reservation = { dist = "uniform"; min = 0.2; max = 0.5; }' "$T/section/point-0002/scenario.cfg" ||
  fail "sweep section: point 2's scenario.cfg does not show uniform(0.2, 0.5)"
{
  cat "$DRAWN"
  echo 'sweep = ( { path = "agents.north.reservation.max"; values = [0.3, 0.1]; } );'
} > "$T/section-bad.cfg"
"$PARLEY" validate "$T/section-bad.cfg" > /dev/null 2> "$T/section-bad.err"
[ $? -eq 2 ] && grep -qF 'uniform min (0.2) greater than max (0.1)' "$T/section-bad.err" ||
  fail "sweep section with max below min: $(cat "$T/section-bad.err")"

[ "$failures" -eq 0 ] || exit 1
echo "cli_set_dist: all passed"
