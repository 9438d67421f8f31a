#!/usr/bin/env bash
# cli_plot_publish.sh — the pictures are fit to publish (issue 15): each is opened and checked, the
# PNG for its size (from its IHDR header) and the SVG for the labels it must carry:
# - agreement_point: issue labels and units, each party's ideal point and reach (`# party:` lines
#   of agreement_point.tsv), percentages never above 100, and an issue on which every agreement
#   lands at one value (600 +- 1 ulp, on the edge between two bins) drawn as one bar holding 100%;
# - rounds: a single bar on a 5000-round horizon is shown (the axis ends at the last round in
#   which a trial ended, and past 60 rounds each bar is also an impulse 3 pixels wide);
# - sweep and sweep_heatmap: human parameter names with units ("North: reservation (utility of no
#   agreement, 0 to 1)", "Breakdown risk ..."), and a colour scale fitted to the data;
# - trace: `parley trace --out DIR` writes trace.tsv, `parley plot DIR` draws trace.png/svg with
#   each party's utility of the text and its threshold.
# The scripts are those of PLOTS (default: the source tree's plots/).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
PLOTS="${PLOTS:-$PARLEY_SRC/plots}"
export PARLEY_PLOTS_DIR="$PLOTS"
SMALL="$PARLEY_SRC/tests/data/run/small.cfg"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk (bytes 16..23, big-endian), "" if not a PNG.
png_size() {
  [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || return 0
  local h
  h=$(od -An -tu1 -j16 -N8 "$1" | tr -s ' ' ' ')
  set -- $h
  echo "$(($1 * 16777216 + $2 * 65536 + $3 * 256 + $4))x$(($5 * 16777216 + $6 * 65536 + $7 * 256 + $8))"
}
expect_size() { # expect_size FILE WxH
  local s
  s=$(png_size "$1")
  [ "$s" = "$2" ] || bad "$1: PNG size '$s', expected $2"
}
has() { # has SVG TEXT...: each TEXT appears in the SVG
  local f=$1
  shift
  for t in "$@"; do grep -qF -- "$t" "$f" || bad "$f: no '$t'"; done
}
# The numbers of an SVG's text elements (tic labels among them), one per line.
svg_numbers() { grep -o '<text>[^<]*</text>' "$1" | sed -e 's/<[^>]*>//g' -e 's/ //g' | grep -E '^-?[0-9.]+$'; }

# 1. A real run: agreement_point and rounds, png and svg.
"$PARLEY" run "$SMALL" --trials 300 --seed 7 --quiet --out "$T/run" >/dev/null 2>"$T/err" ||
  bad "run: $(cat "$T/err")"
"$PARLEY" plot "$T/run" >/dev/null 2>"$T/err" || bad "plot run: $(cat "$T/err")"
"$PARLEY" plot "$T/run" --format svg >/dev/null 2>"$T/err" || bad "plot run svg: $(cat "$T/err")"
# Two issues: one row of two panels, 130 + 340 pixels high (plots/agreement_point.gp).
expect_size "$T/run/agreement_point.png" 1000x470
expect_size "$T/run/rounds.png" 1000x650
has "$T/run/agreement_point.svg" "Troops on the border (border)" "% of today" \
  "Aid trucks per day (aid)" "trucks per day" "North: ideal 90, reservation 0.46-0.64" \
  "South: ideal 10, reservation 0.5-0.5" "South: ideal 500"
has "$T/run/rounds.svg" "Negotiation round" "cumulative P(agreement by this round)"

# 2. A constant issue at 600 whose agreements fall on both sides of the bin edge 600 by one ulp
#    (as the Gaza scenario's aid issue did): one bar of 100%, no tic above 100.
{
  printf '# parley 0.1.0\n# scenario: constant\n# title: one value\n# seed: 1\n# trials: 100\n'
  printf '# complete: true\n'
  printf '# issue: aid\tAid trucks per day\ttrucks per day\t0\t1000\t600\t599.9999999999998\t600\t600.0000000000002\n'
  printf '# agent: a\tparty\tParty A\n# agent: b\tparty\tParty B\n'
  printf '# party: aid\ta\t600\t600\t600\t0.7\t0.8\t0.9\t500\t700\t300\t900\tParty A\n'
  printf '# party: aid\tb\t550\t600\t650\t0.5\t0.5\t0.5\t0\t1000\t0\t1000\tParty B\n'
  printf 'issue\tbin_low\tbin_high\tcount\tshare\n'
  for k in $(seq 0 49); do
    c=0
    if [ "$k" = 29 ] || [ "$k" = 30 ]; then c=50; fi
    printf 'aid\t%d\t%d\t%d\t%s\n' $((k * 20)) $((k * 20 + 20)) "$c" "$([ "$c" = 50 ] && echo 0.5 || echo 0)"
  done
} >"$T/constant.tsv"
gnuplot -c "$PLOTS/agreement_point.gp" "$T/constant.tsv" "$T/constant.svg" svg 2>"$T/err" ||
  bad "constant issue: $(cat "$T/err")"
gnuplot -c "$PLOTS/agreement_point.gp" "$T/constant.tsv" "$T/constant.png" png 2>"$T/err" ||
  bad "constant issue png: $(cat "$T/err")"
expect_size "$T/constant.png" 1000x650
has "$T/constant.svg" "all agreements at 600" "Party A: ideal 600, reservation 0.7-0.9" \
  "Party B: ideal 600, reservation 0.5-0.5"
grep -qF "agreements in bin" "$T/constant.svg" && bad "constant issue drawn as bins"
svg_numbers "$T/constant.svg" | awk '$1 > 100 && $1 != 200 && $1 != 400 && $1 != 600 && $1 != 800 && $1 != 1000 { bad = 1 } END { exit bad }' ||
  bad "constant.svg: a percentage tic above 100"
# Percentages from the real run never above 100 either (no y tic 110, 120, ...).
svg_numbers "$T/run/agreement_point.svg" | grep -qx '1[1-9]0' && bad "agreement_point.svg: a tic above 100 %"
for p in outcomes rounds; do
  svg_numbers "$T/run/$p.svg" | awk '$1 > 100 { bad = 1 } END { exit bad }' || bad "$p.svg: a tic above 100 %"
done
expect_size "$T/run/outcomes.png" 1000x650

# 3. Rounds at a long horizon: one bar in round 4000 of 5000.
{
  printf '# parley 0.1.0\n# scenario: long\n# title: one bar\n# seed: 1\n# trials: 100\n'
  printf '# complete: true\nround\tagreement\tbreakdown\tdeadlock\n'
  for r in $(seq 1 5000); do
    if [ "$r" = 4000 ]; then printf '%d\t100\t0\t0\n' "$r"; else printf '%d\t0\t0\t0\n' "$r"; fi
  done
} >"$T/long.tsv"
gnuplot -c "$PLOTS/rounds.gp" "$T/long.tsv" "$T/long.svg" svg 2>"$T/err" || bad "long: $(cat "$T/err")"
has "$T/long.svg" "no trial ended after round 4000 of 5000"
# The impulse: in a group drawn 3 pixels wide, a path in the bars' colour (rgb 27, 158, 119) with a
# vertical segment "Mx,y0 Lx,y1" (y1 above y0): the bar of round 4000.
awk '/<g / { w = ($0 ~ /stroke-width="3.00"/) } /<path / { green = ($0 ~ /rgb\( 27, 158, 119\)/) }
     { for (i = 1; i <= NF; i++) {
         if ($i ~ /^M[0-9.]+,[0-9.]+$/) { split(substr($i, 2), m, ",") }
         else if ($i ~ /^L[0-9.]+,[0-9.]+$/ && w && green) {
           split(substr($i, 2), l, ","); if (l[1] == m[1] && l[2] + 20 < m[2]) found = 1 } } }
     END { exit !found }' "$T/long.svg" || bad "long.svg: no 3-pixel bar for round 4000"

# 4. Sweeps: human names and units on the axes; the heat map's scale fitted to the data.
"$PARLEY" sweep "$SMALL" --over agents.north.reservation=0.4:0.7:4 --trials 100 --quiet \
  --out "$T/s1" >/dev/null 2>"$T/err" || bad "sweep: $(cat "$T/err")"
"$PARLEY" plot "$T/s1" --format svg >/dev/null 2>"$T/err" || bad "plot s1: $(cat "$T/err")"
"$PARLEY" plot "$T/s1" >/dev/null 2>"$T/err" || bad "plot s1 png: $(cat "$T/err")"
expect_size "$T/s1/sweep.png" 1000x650
has "$T/s1/sweep.svg" "North: reservation (utility of no agreement, 0 to 1)" \
  "swept: agents.north.reservation"
"$PARLEY" sweep "$SMALL" --over agents.south.position.border=0:40:3 \
  --over protocol.breakdown=0.01:0.05:3 --trials 100 --quiet --out "$T/s2" >/dev/null 2>"$T/err" ||
  bad "sweep 2d: $(cat "$T/err")"
"$PARLEY" plot "$T/s2" --format svg >/dev/null 2>"$T/err" || bad "plot s2: $(cat "$T/err")"
"$PARLEY" plot "$T/s2" >/dev/null 2>"$T/err" || bad "plot s2 png: $(cat "$T/err")"
expect_size "$T/s2/sweep_heatmap.png" 1000x700
has "$T/s2/sweep_heatmap.svg" "South: ideal point on Troops on the border (% of today)" \
  "Breakdown risk (probability the talks collapse per round)" "colour scale fitted to the data"
# The colour box spans the data: its lowest tic is at least the lowest P on the grid, rounded down.
# The colour box starts at the lowest P on the grid rounded down to a whole percent, which is a tic
# of it (a fixed 0-100 scale has tics 0, 10, ..., 100 only; here the lowest P is not a multiple of
# 10).
lo=$(grep -v '^#' "$T/s2/sweep.tsv" | awk -F'\t' 'NR > 1 && $5 != "" { v = 100 * $5; if (m == "" || v < m) m = v } END { printf "%d", m }')
if [ $((lo % 10)) != 0 ]; then
  svg_numbers "$T/s2/sweep_heatmap.svg" | grep -qx "$lo" ||
    bad "sweep_heatmap.svg: no colour-box tic at the lowest P ($lo %): the scale is not fitted"
fi

# 5. trace --out DIR, then plot DIR: trace.tsv and trace.png/svg.
"$PARLEY" trace "$SMALL" --trial 1 --out "$T/tr" >/dev/null 2>"$T/err" || bad "trace --out: $(cat "$T/err")"
[ -s "$T/tr/trace.tsv" ] || bad "trace --out wrote no trace.tsv"
grep -q $'^round\tagent\tutility\tthreshold\treservation\tresponse$' "$T/tr/trace.tsv" ||
  bad "trace.tsv: no header"
grep -q $'^# agent: north\tparty\tNorth$' "$T/tr/trace.tsv" || bad "trace.tsv: no agent line"
"$PARLEY" plot "$T/tr" >/dev/null 2>"$T/err" || bad "plot trace: $(cat "$T/err")"
"$PARLEY" plot "$T/tr" --format svg >/dev/null 2>"$T/err" || bad "plot trace svg: $(cat "$T/err")"
expect_size "$T/tr/trace.png" 1000x650
has "$T/tr/trace.svg" "North: utility of the text" "North: threshold" "South: utility of the text" \
  "South: threshold" "Trial 1 of small" "Negotiation round"
# Its rows match the plain trace: the first round's utility of North, to the printed digits.
u=$("$PARLEY" trace "$SMALL" --trial 1 | awk '/^Round 1$/ { r = 1 } r && /North/ { print $3; exit }')
t=$(awk -F'\t' '$1 == 1 && $2 == "north" { printf "%.4f", $3 }' "$T/tr/trace.tsv")
[ -n "$u" ] && [ "$u" = "$t" ] || bad "trace.tsv: North's utility in round 1 is '$t', the trace says '$u'"
# A run folder that also holds a trace: both kinds of plot.
"$PARLEY" trace "$SMALL" --trial 1 --out "$T/run" >/dev/null 2>&1
"$PARLEY" plot "$T/run" >"$T/out" 2>"$T/err" || bad "plot run + trace: $(cat "$T/err")"
for p in trace outcomes rounds agreement_point; do
  grep -q "/$p.png$" "$T/out" || bad "run + trace: $p.png not drawn"
done
# An unwritable --out: exit 1 with the documented message, no trace printed.
mkdir -p "$T/ro" && chmod a-w "$T/ro"
if [ "$(id -u)" != 0 ]; then
  "$PARLEY" trace "$SMALL" --trial 1 --out "$T/ro/x" >"$T/out" 2>"$T/err"
  rc=$?
  [ "$rc" = 1 ] || bad "trace --out unwritable: exit $rc"
  grep -q "parley trace: error: cannot write $T/ro/x/trace.tsv" "$T/err" || bad "trace --out unwritable: $(cat "$T/err")"
  [ -s "$T/out" ] && bad "trace --out unwritable printed the trace"
fi
chmod u+w "$T/ro"

[ "$fail" = 0 ] && echo "cli_plot_publish: ok"
exit "$fail"
