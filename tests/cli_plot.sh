#!/usr/bin/env bash
# cli_plot.sh — `parley plot` and the gnuplot scripts in plots/: every plot renders to a non-empty
# PNG (checked by its magic bytes) and SVG (an <svg element), from hand-made results files
# (tests/data/sweep/) and from real run and sweep folders; usage errors exit 2, a missing gnuplot
# or plots folder exits 1 with a message.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
DATA="$PARLEY_SRC/tests/data/sweep"
fail() { echo "FAIL: $*" >&2; exit 1; }

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
is_svg() { [ -s "$1" ] && grep -q '<svg' "$1"; }

# 1. Each script by hand, both formats.
for spec in outcomes:run/outcomes.tsv rounds:run/rounds.tsv \
            agreement_point:run/agreement_point.tsv sweep:sweep1d/sweep.tsv \
            sweep2d:sweep2d/sweep.tsv; do
  name=${spec%%:*}
  file=${spec#*:}
  gnuplot -c "$PARLEY_SRC/plots/$name.gp" "$DATA/$file" "$T/$name.png" png 2>"$T/$name.err" ||
    fail "gnuplot $name.gp png: $(cat "$T/$name.err")"
  is_png "$T/$name.png" || fail "$name.png is not a PNG"
  gnuplot -c "$PARLEY_SRC/plots/$name.gp" "$DATA/$file" "$T/$name.svg" svg 2>"$T/$name.err" ||
    fail "gnuplot $name.gp svg"
  is_svg "$T/$name.svg" || fail "$name.svg is not an SVG"
done
# A script without its arguments is a usage error (exit status 2).
set +e
gnuplot -c "$PARLEY_SRC/plots/outcomes.gp" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "outcomes.gp without arguments exited $rc, expected 2"

# 2. parley plot on hand-made run and sweep folders.
cp -r "$DATA/run" "$T/run"
cp -r "$DATA/sweep1d" "$T/sweep1d"
cp -r "$DATA/sweep2d" "$T/sweep2d"
"$PARLEY" plot "$T/run" >"$T/out.txt"
for p in outcomes rounds agreement_point; do
  is_png "$T/run/$p.png" || fail "run/$p.png missing or not a PNG"
  grep -qx "$T/run/$p.png" "$T/out.txt" || fail "parley plot did not list $p.png"
done
"$PARLEY" plot "$T/run" --format svg >/dev/null
for p in outcomes rounds agreement_point; do
  is_svg "$T/run/$p.svg" || fail "run/$p.svg missing or not an SVG"
done
"$PARLEY" plot "$T/sweep1d" >"$T/out.txt"
is_png "$T/sweep1d/sweep.png" || fail "sweep.png"
[ "$(wc -l <"$T/out.txt")" -eq 1 ] || fail "a sweep folder gets one plot: $(cat "$T/out.txt")"
"$PARLEY" plot "$T/sweep2d" --format=svg >/dev/null
is_svg "$T/sweep2d/sweep_heatmap.svg" || fail "sweep_heatmap.svg"
"$PARLEY" plot "$T/sweep2d" >/dev/null
is_png "$T/sweep2d/sweep_heatmap.png" || fail "sweep_heatmap.png"
[ ! -e "$T/sweep2d/sweep.png" ] || fail "a 2-D sweep drew a 1-D plot"
# No temporary files left behind.
if ls -a "$T"/run "$T"/sweep1d "$T"/sweep2d | grep -q '\.tmp-'; then fail "temporary file left"; fi

# 3. Real folders written by parley run and parley sweep.
SC="$DATA/scenarios/small.cfg"
"$PARLEY" run "$SC" --trials 300 --out "$T/real-run" --quiet
"$PARLEY" plot "$T/real-run" >/dev/null
for p in outcomes rounds agreement_point; do is_png "$T/real-run/$p.png" || fail "real $p.png"; done
"$PARLEY" sweep "$SC" --over protocol.breakdown=0:0.1:3 --trials 200 --out "$T/real-sweep" --quiet
"$PARLEY" plot "$T/real-sweep" >/dev/null
is_png "$T/real-sweep/sweep.png" || fail "real sweep.png"
"$PARLEY" sweep "$SC" --over protocol.breakdown=0,0.1 --over agents.p1.flexibility=0,0.05,0.2 \
  --trials 200 --out "$T/real-sweep2" --quiet
"$PARLEY" plot "$T/real-sweep2" --format svg >/dev/null
is_svg "$T/real-sweep2/sweep_heatmap.svg" || fail "real sweep_heatmap.svg"

# 4. Errors.
expect() { # expect STATUS PATTERN CMD...
  local want=$1 pat=$2 rc
  shift 2
  set +e
  "$@" >"$T/e.out" 2>"$T/e.err"
  rc=$?
  set -e
  [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(cat "$T/e.err")"
  grep -q -- "$pat" "$T/e.err" || fail "'$*': stderr lacks '$pat': $(cat "$T/e.err")"
}
expect 2 "usage" "$PARLEY" plot
expect 2 "not a folder" "$PARLEY" plot "$T/nonexistent"
mkdir -p "$T/empty"
expect 2 "not a parley results folder" "$PARLEY" plot "$T/empty"
expect 2 "png or svg" "$PARLEY" plot "$T/run" --format pdf
expect 2 "unknown option" "$PARLEY" plot "$T/run" --colour
expect 1 "PARLEY_PLOTS_DIR" env PARLEY_PLOTS_DIR="$T/empty" "$PARLEY" plot "$T/run"
expect 1 "install it" env PATH="$T/empty" "$PARLEY" plot "$T/run"
echo "cli_plot: all checks passed"
