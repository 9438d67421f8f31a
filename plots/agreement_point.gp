# agreement_point.gp — where the agreements land, one panel per issue.
#
# Usage: gnuplot -c plots/agreement_point.gp AGREEMENT_POINT_TSV OUTFILE [png|svg [FIRST [LAST]]]
# Reads only agreement_point.tsv of a parley results folder: '#' metadata lines, among them one
# `# issue: ID<TAB>LABEL<TAB>UNIT<TAB>MIN<TAB>MAX<TAB>MEAN<TAB>P05<TAB>P50<TAB>P95` per issue; one header row
# `issue bin_low bin_high count share`; then the histogram bins of each issue, issues separated by
# two blank lines (gnuplot's `index k` is issue k); optional `# party: ISSUE<TAB>AGENT<TAB>IDEAL_P05<TAB>
# IDEAL_P50<TAB>IDEAL_P95<TAB>RES_P05<TAB>RES_P50<TAB>RES_P95<TAB>NARROW_LO<TAB>NARROW_HI<TAB>
# WIDE_LO<TAB>WIDE_HI<TAB>LABEL` lines (docs/outputs.md). One panel per issue (multiplot, one
# image): bars = share of the agreements whose point on that issue falls in the bin (in %, at most
# 100), dashed line = the mean agreement point (the exact one of the metadata line; from the bins
# if it is absent). Bins from the data: an issue on which every agreement lands at one value (its
# 5th and 95th percentiles equal to 1e-9 of the range) is one bar at that value holding every
# agreement, not the file's bins on either side of an edge; otherwise the file's bins, merged two
# by two when the 5-95% spread covers more than 25 of them. Below the bars, one row per party: its
# ideal point (dot: median, thick bar: 5-95% of its distribution) and its reach on the issue
# (the interval within which a text that differs from its ideal only on this issue still meets its
# reservation: thin line at the reservation's 5th percentile, wider line at its 95th).
# The image grows with the number of issues; one picture holds at most 60 of them (Cairo cannot
# draw an image higher than 32767 pixels), so FIRST and LAST (1-based) choose the issues of a page
# (`parley plot` draws pages of 60: agreement_point-1.png, -2.png, ...); without them the first 60.
# Every text of the file is read by gnuplot's own data reader and used only as a string: nothing
# of it is evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c agreement_point.gp AGREEMENT_POINT_TSV OUTFILE [png|svg [FIRST [LAST]]]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "agreement_point.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}
page_max = 60

# Metadata, read without a shell: with no comment character and a separator that a line does not
# hold, every line is one record whose column 1 is the whole line. meta_take keeps the first VALUE
# of "# KEY: VALUE"; field(s, f) is the f-th tab-separated field of s ("" when it has fewer).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
is_issue(s) = s[1:9] eq "# issue: "
tab_ = "\t"
after(s) = (strstrt(s, tab_) > 0) ? s[strstrt(s, tab_) + 1:] : ""
upto(s) = (strstrt(s, tab_) > 0) ? s[1:strstrt(s, tab_) - 1] : s
field(s, f) = (f <= 1) ? upto(s) : field(after(s), f - 1)
# A number field: NaN when absent or "nan" (files of older versions have no quantiles).
num_(s) = (strlen(s) > 0 && s ne "nan" && s ne "-nan") ? real(s) : NaN
M_scenario = ""; M_title = ""; M_seed = ""; M_complete = ""
n = 0
np = 0
is_party(s) = s[1:9] eq "# party: "
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      n = n + is_issue(m_), np = np + is_party(m_), 0) nooutput
if (n < 1) {
  print sprintf("agreement_point.gp: %s has no '# issue:' lines", datafile)
  exit status 1
}
# The issue lines, without "# issue: ": ID, LABEL, UNIT, MIN, MAX, MEAN, ... (tab-separated).
array I_line[n]
k_ = 0
stats datafile using (is_issue(strcol(1)) ? (k_ = k_ + 1, I_line[k_] = strcol(1)[10:], 0) : 0) \
  nooutput
# The party lines, without "# party: ": ISSUE, AGENT, IDEAL_P05, ..., LABEL (tab-separated). gnuplot
# reads a line only up to a '"' (its quoting), so a label holding one is cut there: labels come
# last, after every number.
array P_line[np > 0 ? np : 1]
k_ = 0
if (np > 0) {
  stats datafile using (is_party(strcol(1)) ? (k_ = k_ + 1, P_line[k_] = strcol(1)[10:], 0) : 0) \
    nooutput
}
array P_col[6] = ["#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
set datafile commentschars "#"
set datafile separator "\t"

first = (ARGC >= 4 && strlen(ARG4) > 0) ? int(ARG4) : 1
last = (ARGC >= 5 && strlen(ARG5) > 0) ? int(ARG5) : first + page_max - 1
last = (last > n) ? n : last
if (first < 1 || first > last || last - first + 1 > page_max) {
  print sprintf("agreement_point.gp: issues %d to %d: expected 1 <= FIRST <= LAST <= %d, at most %d issues per picture", \
                first, last, n, page_max)
  exit status 2
}
npanels = last - first + 1
pages = (first > 1 || last < n) ? sprintf(" (issues %d-%d of %d)", first, last, n) : ""

# One panel for one issue, else two columns (a panel stays wide enough for long labels).
cols = (npanels == 1) ? 1 : 2
rows = int(ceil(real(npanels) / cols))
width = 1000
height = (npanels == 1) ? 650 : 130 + 340 * rows

if (fmt eq "svg") {
  set terminal svg size width,height dynamic noenhanced font "DejaVu Sans,13" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size width,height noenhanced font "DejaVu Sans,10" background rgb "white"
  } else {
    print sprintf("agreement_point.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

scenario = M_scenario
title = M_title
seed = M_seed
note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted run]" : ""

# No `set datafile columnheaders` here: with `index` it would eat the first bin of every issue.
# The header row has no numbers, so gnuplot skips it as an invalid point.

set multiplot layout rows,cols title sprintf( \
  "Where the agreements land, per issue%s: %s%s\n%s\n(seed %s; bars: share of the agreements per bin, dashed line: mean; below: each party's ideal point, dot = median, bar = 5-95%%,\nand its reach on the issue alone at its reservation's 5th (thin) and 95th (thick) percentile)", \
  pages, scenario, note, title, seed)
set style fill solid 0.8 border lc rgb "#1b5e4a"
set grid ytics lc rgb "#dddddd"
set ytics nomirror
set xtics nomirror out
set border 3
set key top right opaque samplen 2 font ",9"
set ylabel "Share of agreements (%)"

# Labels and units are folded at spaces into lines of at most fold_w characters (a loop, not a
# recursive function, so that no text can exhaust gnuplot's evaluation stack).
do for [k = first:last] {
  id = field(I_line[k], 1)
  fold_in = field(I_line[k], 2); fold_w = 55
  fold_out = ""; fold_line = ""
  do for [j = 1:words(fold_in)] {
    w_ = word(fold_in, j)
    if (strlen(fold_line) > 0 && strlen(fold_line) + 1 + strlen(w_) > fold_w) {
      fold_out = fold_out . fold_line . "\n"; fold_line = w_
    } else {
      fold_line = (strlen(fold_line) > 0) ? fold_line . " " . w_ : w_
    }
  }
  label = fold_out . fold_line
  fold_in = field(I_line[k], 3); fold_w = 70
  fold_out = ""; fold_line = ""
  do for [j = 1:words(fold_in)] {
    w_ = word(fold_in, j)
    if (strlen(fold_line) > 0 && strlen(fold_line) + 1 + strlen(w_) > fold_w) {
      fold_out = fold_out . fold_line . "\n"; fold_line = w_
    } else {
      fold_line = (strlen(fold_line) > 0) ? fold_line . " " . w_ : w_
    }
  }
  unit = fold_out . fold_line
  lo = num_(field(I_line[k], 4))
  hi = num_(field(I_line[k], 5))
  # stats honours the current axis ranges: clear the previous panel's before reading.
  set autoscale xy
  # A label holding a '"' cuts its line there (gnuplot's quoting): the range from the bins then.
  stats datafile index (k - 1) using 2:3 nooutput name "B"
  if (!(lo == lo && hi == hi)) { lo = B_min_x; hi = B_max_y }
  # The exact mean from the metadata line; files without it: the count-weighted bin centres.
  stats datafile index (k - 1) using (($2 + $3) / 2 * $4):4 nooutput name "S"
  mean = (S_sum_y > 0) ? S_sum_x / S_sum_y : NaN
  exact = num_(field(I_line[k], 6))
  mean = (exact == exact) ? exact : mean
  # Bins from the data (see the header): one bar at the mean when every agreement lands at one
  # value, else the file's bins, merged two by two when the 5-95% spread covers more than 25.
  fw = (B_records > 0) ? (B_max_y - B_min_x) / B_records : (hi - lo) / 50.0
  q05 = num_(field(I_line[k], 7)); q95 = num_(field(I_line[k], 9))
  single = (mean == mean && q05 == q05 && q95 == q95 && q95 - q05 <= 1e-9 * (hi - lo)) ? 1 : 0
  group = (!single && fw > 0 && q05 == q05 && q95 == q95 && (q95 - q05) / fw > 25) ? 2 : 1
  bw = fw * group
  binx(a, b) = single ? mean : B_min_x + bw * (floor(((a + b) / 2 - B_min_x) / bw) + 0.5)
  stats datafile index (k - 1) using (100.0 * $5) nooutput name "H"
  top = single ? 100.0 * H_sum : ((group == 1) ? H_max : 2 * H_max)
  ytop = (top > 0) ? 1.3 * top : 10
  ytop = (ytop > 100) ? 100 : ytop
  # Party rows below 0: row r at y = -band * r; tics only from 0 (percentages, never above 100).
  pk = 0
  # (A line cut short by a '"' in an id, so without its twelve numbers, is left out.)
  party_ok(l) = field(l, 1) eq id && strlen(field(l, 12)) > 0
  do for [q = 1:np] { pk = pk + party_ok(P_line[q]) }
  band = 0.13 * ytop
  ybot = (pk > 0) ? -band * (pk + 0.6) : 0
  set title sprintf("%s (%s)", label, id)
  set xlabel (strlen(unit) > 0) ? unit : "issue units"
  set xrange [lo:hi]
  set yrange [ybot:ytop]
  set ytics 0, ((ytop > 50) ? 20 : (ytop > 20) ? 10 : (ytop > 8) ? 2 : (ytop > 2) ? 0.5 : 0.1)
  set boxwidth bw absolute
  # The key goes to the side away from the agreements.
  if (mean == mean && mean > (lo + hi) / 2) { set key top left } else { set key top right }
  unset arrow
  unset label
  if (mean == mean) {
    set arrow 1 from mean, 0 to mean, graph 1 nohead front dt 2 lw 2 lc rgb "#d95f02"
  }
  if (pk > 0) {
    set arrow 2 from lo, 0 to hi, 0 nohead lc rgb "#999999" lw 1
  }
  r_ = 0
  do for [q = 1:np] {
    if (party_ok(P_line[q])) {
      r_ = r_ + 1
      c_ = P_col[(r_ - 1) % 6 + 1]
      y_ = -band * r_
      set arrow (10 + 4 * r_) from real(field(P_line[q], 11)), y_ to real(field(P_line[q], 12)), y_ \
        heads size screen 0.004,90 lw 1 lc rgb c_ front
      set arrow (11 + 4 * r_) from real(field(P_line[q], 9)), y_ to real(field(P_line[q], 10)), y_ \
        nohead lw 4 lc rgb c_ front
      set arrow (12 + 4 * r_) from real(field(P_line[q], 3)), y_ to real(field(P_line[q], 5)), y_ \
        nohead lw 9 lc rgb "#222222" front
      set label (10 + r_) "" at real(field(P_line[q], 4)), y_ point pt 7 ps 1.3 lc rgb c_ front
      set label (40 + r_) sprintf("%s: ideal %.4g, reservation %.3g-%.3g", field(P_line[q], 13), \
        real(field(P_line[q], 4)), real(field(P_line[q], 6)), real(field(P_line[q], 8))) \
        at graph 0.01, first (y_ + 0.45 * band) left font ",8" tc rgb c_ front
    }
  }
  plot datafile index (k - 1) using (binx($2, $3)):(100.0 * $5) smooth frequency with boxes \
         lc rgb "#1b9e77" title single ? sprintf("all agreements at %.6g", mean) : "agreements in bin", \
       NaN with lines dt 2 lw 2 lc rgb "#d95f02" \
         title (mean == mean) ? sprintf("mean %.4g", mean) : "no agreement"
}
unset multiplot
