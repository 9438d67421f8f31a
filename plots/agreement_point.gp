# agreement_point.gp — where the agreements land, one panel per issue.
#
# Usage: gnuplot -c plots/agreement_point.gp AGREEMENT_POINT_TSV OUTFILE [png|svg [FIRST [LAST]]]
# Reads only agreement_point.tsv of a parley results folder: '#' metadata lines, among them one
# `# issue: ID<TAB>LABEL<TAB>UNIT<TAB>MIN<TAB>MAX<TAB>MEAN<TAB>P05<TAB>P50<TAB>P95` per issue; one header row
# `issue bin_low bin_high count share`; then the histogram bins of each issue, issues separated by
# two blank lines (gnuplot's `index k` is issue k). One panel per issue (multiplot, one image):
# bars = share of the agreements whose point on that issue falls in the bin (in %), dashed line =
# the mean agreement point (the exact one of the metadata line; from the bins if it is absent).
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
M_scenario = ""; M_title = ""; M_seed = ""; M_complete = ""
n = 0
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      n = n + is_issue(m_), 0) nooutput
if (n < 1) {
  print sprintf("agreement_point.gp: %s has no '# issue:' lines", datafile)
  exit status 1
}
# The issue lines, without "# issue: ": ID, LABEL, UNIT, MIN, MAX, MEAN, ... (tab-separated).
array I_line[n]
k_ = 0
stats datafile using (is_issue(strcol(1)) ? (k_ = k_ + 1, I_line[k_] = strcol(1)[10:], 0) : 0) \
  nooutput
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
  "Where the agreements land, per issue%s: %s%s\n%s\n(seed %s; bars: share of the agreements per bin, dashed line: mean)", \
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
  lo = real(field(I_line[k], 4))
  hi = real(field(I_line[k], 5))
  # stats honours the current axis ranges: clear the previous panel's before reading.
  set autoscale xy
  # The exact mean from the metadata line; files without it: the count-weighted bin centres.
  stats datafile index (k - 1) using (($2 + $3) / 2 * $4):4 nooutput name "S"
  mean = (S_sum_y > 0) ? S_sum_x / S_sum_y : NaN
  exact = field(I_line[k], 6)
  if (strlen(exact) > 0 && exact ne "nan" && exact ne "-nan") {
    mean = real(exact)
  }
  stats datafile index (k - 1) using (100.0 * $5) nooutput name "H"
  ytop = (H_max > 0) ? 1.3 * H_max : 10
  set title sprintf("%s (%s)", label, id)
  set xlabel (strlen(unit) > 0) ? unit : "issue units"
  set xrange [lo:hi]
  set yrange [0:ytop]
  unset arrow
  if (mean == mean) {
    set arrow 1 from mean, graph 0 to mean, graph 1 nohead front dt 2 lw 2 lc rgb "#d95f02"
  }
  plot datafile index (k - 1) using (($2 + $3) / 2):(100.0 * $5):($3 - $2) with boxes \
         lc rgb "#1b9e77" title "agreements in bin", \
       NaN with lines dt 2 lw 2 lc rgb "#d95f02" \
         title (mean == mean) ? sprintf("mean %.3g", mean) : "no agreement"
}
unset multiplot
