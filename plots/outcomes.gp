# outcomes.gp — shares of agreement, breakdown and deadlock with their 95% intervals.
#
# Usage: gnuplot -c plots/outcomes.gp OUTCOMES_TSV OUTFILE [png|svg]
# Reads only outcomes.tsv of a parley results folder: '#' metadata lines (scenario, title, trials,
# seed, complete), one header row `outcome count share ci_low ci_high`, then the rows agreement,
# breakdown, deadlock. Draws one bar per outcome (share of trials, in %) with its 95% Wilson score
# interval as an error bar and the share printed above it. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c outcomes.gp OUTCOMES_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# The value of metadata line "# KEY: VALUE" (first occurrence), or "" when absent.
meta(key) = system(sprintf("sed -n 's/^# %s: //p' \"%s\" | head -n 1", key, datafile))

if (fmt eq "svg") {
  set terminal svg size 1000,650 dynamic noenhanced font "DejaVu Sans,14" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,650 noenhanced font "DejaVu Sans,11" background rgb "white"
  } else {
    print sprintf("outcomes.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

scenario = meta("scenario")
title = meta("title")
trials = meta("trials")
seed = meta("seed")
complete = meta("complete")
note = (complete eq "false") ? "  [INCOMPLETE: interrupted run]" : ""

set datafile separator "\t"
set datafile columnheaders

set title sprintf("Outcomes of the negotiation: %s%s\n%s\n(%s trials, seed %s)", \
                  scenario, note, title, trials, seed)
set ylabel "Share of trials (%)"
set xlabel "Outcome of the trial"
set yrange [0:105]
set xrange [-0.6:2.6]
set ytics 10 nomirror
set xtics nomirror scale 0
set grid ytics lc rgb "#dddddd"
set border 3
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.6
set key top right box opaque
set errorbars 3

# Colour per outcome: agreement green, breakdown red, deadlock grey (colour-blind safe shades).
colour(o) = (o eq "agreement") ? 0x1b9e77 : (o eq "breakdown") ? 0xd95f02 : 0x7570b3
label_of(o) = (o eq "agreement") ? "Agreement" : (o eq "breakdown") ? "Breakdown" : \
              (o eq "deadlock") ? "Deadlock" : o

plot datafile using 0:(100*$3):(colour(strcol(1))):xtic(label_of(strcol(1))) \
       with boxes lc rgb variable title "share of trials ending this way", \
     "" using 0:(100*$3):(100*$4):(100*$5) with yerrorbars lc rgb "black" lw 1.5 pt -1 \
       title "95% Wilson score interval", \
     "" using 0:(100*$5 + 7):(sprintf("%.1f%%  [%.1f, %.1f]\nn = %d", 100*$3, 100*$4, 100*$5, $2)) with labels \
       notitle
