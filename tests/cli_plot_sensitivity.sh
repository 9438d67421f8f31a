#!/usr/bin/env bash
# cli_plot_sensitivity.sh — `parley plot` on a folder written by `parley sensitivity` (issue 12):
# tornado, sobol and p_given_judgements pictures exist in both formats, are PNGs of the size the
# scripts set (1400 x (300 + 62 per bar) for the tornado, 1300 x (300 + 62 per bar) for sobol,
# 1000 x 650 for the histogram: plots/tornado.gp, sobol.gp, p_given_judgements.gp), and their SVG
# text holds the labels of the folder's files (human labels, units, the luck, the share the
# judgements explain, the swings); a folder with only some of the files gets only their pictures;
# an agreement-point output draws too; a file that is not a regular file is refused.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
SC="$PARLEY_SRC/tests/data/sweep/scenarios/small.cfg"
fail() { echo "FAIL: $*" >&2; exit 1; }
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
is_svg() { [ -s "$1" ] && grep -q '<svg' "$1"; }
# png_size FILE: "WIDTH HEIGHT" from the IHDR chunk (bytes 17-24, big-endian).
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2'"; }

# 1. A real folder: small.cfg (two uncertain reservations) with the breakdown
#    given a range, so the tornado has 3 varied inputs and Sobol 3 factors + the luck.
"$PARLEY" sensitivity "$SC" --trials 300 --samples 256 --bootstrap 100 --judgements 50 --lucks 20 \
  --range protocol.breakdown=0.01:0.05 --out "$T/sens" --quiet
"$PARLEY" plot "$T/sens" >"$T/out.txt"
for p in tornado sobol p_given_judgements; do
  is_png "$T/sens/$p.png" || fail "$p.png missing or not a PNG"
  grep -qx "$T/sens/$p.png" "$T/out.txt" || fail "parley plot did not list $p.png"
  [ "$(stat -c %s "$T/sens/$p.png")" -gt 10000 ] || fail "$p.png is suspiciously small"
done
[ "$(wc -l <"$T/out.txt")" -eq 3 ] || fail "expected 3 pictures: $(cat "$T/out.txt")"
nvar=$(awk -F'\t' '$4 == "yes"' "$T/sens/sensitivity.tsv" | wc -l)
[ "$nvar" -eq 3 ] || fail "expected 3 varied inputs, got $nvar"
[ "$(png_size "$T/sens/tornado.png")" = "1400 $((300 + 62 * 3))" ] ||
  fail "tornado.png is $(png_size "$T/sens/tornado.png")"
nfac=$(grep -vc '^#' "$T/sens/sobol.tsv")
[ "$(png_size "$T/sens/sobol.png")" = "1300 $((300 + 62 * (nfac - 1)))" ] ||
  fail "sobol.png is $(png_size "$T/sens/sobol.png") for $((nfac - 1)) factors"
[ "$(png_size "$T/sens/p_given_judgements.png")" = "1000 650" ] || fail "p_given_judgements.png size"
if ls -a "$T/sens" | grep -q '\.tmp-'; then fail "temporary file left"; fi

# 2. SVG: the labels come from the files. Labels: src/sensitivity.c (pl_sens_label); units:
#    plots/tornado.gp (unit_of); swing of the breakdown = p_high - p_low of sensitivity.tsv, in
#    percentage points with one decimal.
"$PARLEY" plot "$T/sens" --format svg >/dev/null
for p in tornado sobol p_given_judgements; do is_svg "$T/sens/$p.svg" || fail "$p.svg"; done
has "$T/sens/tornado.svg" "p1: reservation"
has "$T/sens/tornado.svg" "breakdown risk per round"
has "$T/sens/tornado.svg" "(probability of collapse per round)"
has "$T/sens/tornado.svg" "(utility of no agreement, 0 to 1)"
has "$T/sens/tornado.svg" "small"
swing=$(awk -F'\t' '$2 == "protocol.breakdown" { printf "swing %+.1f pts", 100 * $9 }' "$T/sens/sensitivity.tsv")
has "$T/sens/tornado.svg" "$swing"
base=$(sed -n 's/^# baseline: //p' "$T/sens/sensitivity.tsv")
has "$T/sens/tornado.svg" "baseline $(awk -v b="$base" 'BEGIN { printf "%.4g", 100 * b }')"
has "$T/sens/tornado.svg" "input at its low value"
has "$T/sens/sobol.svg" "LUCK of the rounds"
has "$T/sens/sobol.svg" "agents.p2.reservation"
has "$T/sens/sobol.svg" "first-order index S1"
st_luck=$(awk -F'\t' '$1 == "luck" { print $6 }' "$T/sens/sobol.tsv")
has "$T/sens/sobol.svg" "$(awk -v s="$st_luck" 'BEGIN { printf "%.0f%% of the variance", 100 * (1 - s) }')"
mean=$(sed -n 's/^# mean: //p' "$T/sens/p_given_judgements.tsv")
has "$T/sens/p_given_judgements.svg" "$(awk -v m="$mean" 'BEGIN { printf "mean %.1f%%", 100 * m }')"

# 3. Only the files of the methods that ran are drawn.
"$PARLEY" sensitivity "$SC" --method sobol --samples 128 --bootstrap 50 --out "$T/sobol-only" --quiet
"$PARLEY" plot "$T/sobol-only" >"$T/out.txt"
[ "$(cat "$T/out.txt")" = "$T/sobol-only/sobol.png" ] || fail "sobol only: $(cat "$T/out.txt")"
"$PARLEY" sensitivity "$SC" --method tornado --trials 200 --out "$T/tornado-only" --quiet
"$PARLEY" plot "$T/tornado-only" --format svg >"$T/out.txt"
[ "$(cat "$T/out.txt")" = "$T/tornado-only/tornado.svg" ] || fail "tornado only: $(cat "$T/out.txt")"
has "$T/tornado-only/tornado.svg" "fixed inputs not varied"

# 4. The agreement point on an issue as the output (issue units, no percentages).
"$PARLEY" sensitivity "$SC" --method tornado,sobol --output agreement_point.a --trials 200 \
  --samples 128 --bootstrap 50 --out "$T/point" --quiet
"$PARLEY" plot "$T/point" --format svg >/dev/null
has "$T/point/tornado.svg" "mean agreement_point.a"
is_svg "$T/point/sobol.svg" || fail "agreement point: sobol.svg"
[ ! -e "$T/point/p_given_judgements.svg" ] || fail "agreement point: a judgements histogram"

# 5. A data file that is not a regular file is refused; the others are still drawn.
mkdir -p "$T/fifo"
cp "$T/sens/sobol.tsv" "$T/fifo/"
mkfifo "$T/fifo/sensitivity.tsv"
set +e
timeout 20 "$PARLEY" plot "$T/fifo" >"$T/out.txt" 2>"$T/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "FIFO sensitivity.tsv: exit $rc, expected 1"
grep -q "sensitivity.tsv is not a regular file" "$T/err" || fail "FIFO: message: $(cat "$T/err")"
is_png "$T/fifo/sobol.png" || fail "FIFO: sobol.png not drawn"

# 6. The luck is always drawn: a sobol.tsv whose luck has the smallest total index, drawn with
#    TOP = 2, shows the largest factor and the luck (last bar), and says so in the title.
{
  grep '^#' "$T/sens/sobol.tsv"
  grep -v '^#' "$T/sens/sobol.tsv" | sed -n 1p
  grep -v '^#' "$T/sens/sobol.tsv" | sed 1d | grep -v '^luck'
  grep '^luck' "$T/sens/sobol.tsv"
} >"$T/luck-last.tsv"
top1=$(grep -v '^#' "$T/luck-last.tsv" | sed -n 2p | cut -f1)
gnuplot -c "$PARLEY_SRC/plots/sobol.gp" "$T/luck-last.tsv" "$T/luck-last.svg" svg 2 ||
  fail "sobol.gp with the luck last"
has "$T/luck-last.svg" "LUCK of the rounds"
has "$T/luck-last.svg" "$top1"
has "$T/luck-last.svg" "the 1 largest total indices of $((nfac - 1)) factors, and the luck"

# 7. The scripts by hand; without arguments, a usage error.
gnuplot -c "$PARLEY_SRC/plots/tornado.gp" "$T/sens/sensitivity.tsv" "$T/hand.png" png 5 ||
  fail "tornado.gp by hand"
is_png "$T/hand.png" || fail "tornado.gp by hand: not a PNG"
set +e
gnuplot -c "$PARLEY_SRC/plots/sobol.gp" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "sobol.gp without arguments exited $rc, expected 2"
echo "cli_plot_sensitivity: all checks passed"
