# agreement_point.gp — where the agreements land, one panel per issue.
#
# Usage: gnuplot -c plots/agreement_point.gp AGREEMENT_POINT_TSV OUTFILE [png|svg]
# Reads only agreement_point.tsv of a parley results folder: '#' metadata lines, among them one
# `# issue: ID<TAB>LABEL<TAB>UNIT<TAB>MIN<TAB>MAX<TAB>MEAN<TAB>P05<TAB>P50<TAB>P95` per issue; one header row
# `issue bin_low bin_high count share`; then the histogram bins of each issue, issues separated by
# two blank lines (gnuplot's `index k` is issue k). One panel per issue (multiplot, one image):
# bars = share of the agreements whose point on that issue falls in the bin (in %), dashed line =
# the mean agreement point (the exact one of the metadata line; from the bins if it is absent). The image grows with the number of issues.
# Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c agreement_point.gp AGREEMENT_POINT_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# The value of metadata line "# KEY: VALUE" (first occurrence), or "" when absent.
meta(key) = system(sprintf("sed -n 's/^# %s: //p' \"%s\" | head -n 1", key, datafile))
# Field f (1 = id, 2 = label, 3 = unit, 4 = min, 5 = max, 6 = mean, 7..9 = p05 p50 p95) of the k-th (1-based) issue line.
issue(k, f) = system(sprintf("sed -n 's/^# issue: //p' \"%s\" | sed -n '%dp' | cut -f %d", \
                             datafile, k, f))
# The same, folded at spaces into lines of at most w characters (long labels and units).
issue_folded(k, f, w) = system(sprintf("sed -n 's/^# issue: //p' \"%s\" | sed -n '%dp' | " . \
                                       "cut -f %d | fold -s -w %d", datafile, k, f, w))

n = int(system(sprintf("grep -c '^# issue: ' \"%s\"", datafile)))
if (n < 1) {
  print sprintf("agreement_point.gp: %s has no '# issue:' lines", datafile)
  exit status 1
}
# One panel for one issue, else two columns (a panel stays wide enough for long labels).
cols = (n == 1) ? 1 : 2
rows = int(ceil(real(n) / cols))
width = 1000
height = (n == 1) ? 650 : 130 + 340 * rows

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

scenario = meta("scenario")
title = meta("title")
seed = meta("seed")
note = (meta("complete") eq "false") ? "  [INCOMPLETE: interrupted run]" : ""

set datafile separator "\t"
# No `set datafile columnheaders` here: with `index` it would eat the first bin of every issue.
# The header row has no numbers, so gnuplot skips it as an invalid point.

set multiplot layout rows,cols title sprintf( \
  "Where the agreements land, per issue: %s%s\n%s\n(seed %s; bars: share of the agreements per bin, dashed line: mean)", \
  scenario, note, title, seed)
set style fill solid 0.8 border lc rgb "#1b5e4a"
set grid ytics lc rgb "#dddddd"
set ytics nomirror
set xtics nomirror out
set border 3
set key top right opaque samplen 2 font ",9"
set ylabel "Share of agreements (%)"

do for [k = 1:n] {
  id = issue(k, 1)
  label = issue_folded(k, 2, 55)
  unit = issue_folded(k, 3, 70)
  lo = real(issue(k, 4))
  hi = real(issue(k, 5))
  # stats honours the current axis ranges: clear the previous panel's before reading.
  set autoscale xy
  # The exact mean from the metadata line; files without it: the count-weighted bin centres.
  stats datafile index (k - 1) using (($2 + $3) / 2 * $4):4 nooutput name "S"
  mean = (S_sum_y > 0) ? S_sum_x / S_sum_y : NaN
  exact = issue(k, 6)
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
