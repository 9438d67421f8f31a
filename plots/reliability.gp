# reliability.gp — the reliability diagram of `parley backtest`: in bins of forecast P(agreement),
# the observed frequency of agreement against the mean forecast, with 95% Wilson intervals.
#
# Usage: gnuplot -c plots/reliability.gp RELIABILITY_TSV OUTFILE [png|svg]
# Reads only reliability.tsv of a parley backtest folder: '#' metadata lines (backtest, bootstrap,
# seed, brier, base_brier, base_rate), one header row `from to count mean_forecast observed
# obs_low obs_high`, then one row per bin (docs/backtest.md). Draws each non-empty bin as a point
# at (mean forecast, observed frequency) with its Wilson interval and its count, the diagonal of
# perfect calibration and the base rate. Nothing of the file is evaluated or handed to a shell.
# Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c reliability.gp RELIABILITY_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "reliability.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated (as in tornado.gp).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_backtest = ""; M_brier = ""; M_base_brier = ""; M_base_rate = ""; M_bootstrap = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_backtest = meta_take(m_, "backtest", M_backtest), \
                      M_brier = meta_take(m_, "brier", M_brier), \
                      M_base_brier = meta_take(m_, "base_brier", M_base_brier), \
                      M_base_rate = meta_take(m_, "base_rate", M_base_rate), \
                      M_bootstrap = meta_take(m_, "bootstrap", M_bootstrap), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"
# A number is kept only when it has the characters of one (real() never sees anything else).
numeric(s) = strlen(s) > 0 && strlen(s) < 40 && \
             (sum [i = 1:strlen(s)] (strstrt("0123456789.eE+-", s[i:i]) > 0 ? 0 : 1)) == 0
num(s) = numeric(s) ? real(s) : NaN
base = num(M_base_rate)

if (fmt eq "svg") {
  set terminal svg size 900,860 dynamic noenhanced font "DejaVu Sans,13" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 900,860 noenhanced font "DejaVu Sans,10" background rgb "white"
  } else {
    print sprintf("reliability.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

set title sprintf("Reliability of the forecasts: %s\nBrier score %.3f (base rate %.3f: %.3f); few cases per bin say little: see the intervals", \
                  M_backtest, num(M_brier), base, num(M_base_brier))
set xlabel "Forecast P(agreement) (mean of the bin, bins of 0.1)"
set ylabel "Observed frequency of agreement (95% Wilson interval)"
set xrange [0:1]
set yrange [-0.02:1.02]
set xtics 0,0.1,1 nomirror
set ytics 0,0.1,1 nomirror
set grid lc rgb "#e6e6e6"
set border 3
set size square
set key top left box opaque
set errorbars 3

set datafile columnheaders
plot x with lines dt 2 lc rgb "#555555" title "perfect calibration", \
     (base == base ? base : NaN) with lines lc rgb "#d95f02" title sprintf("base rate %.2f", base), \
     datafile using ($3 > 0 ? $4 : NaN):5:6:7 with yerrorbars lc rgb "#1b9e77" lw 1.5 pt 7 ps 1.3 \
       title "bin: observed share of agreements", \
     "" using ($3 > 0 ? $4 : NaN):5:(sprintf("  n = %d", $3)) with labels left font ",9" notitle
