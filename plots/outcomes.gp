# outcomes.gp — shares of agreement, breakdown and deadlock with their 95% intervals.
#
# Usage: gnuplot -c plots/outcomes.gp OUTCOMES_TSV OUTFILE [png|svg]
# Reads only outcomes.tsv of a parley results folder: '#' metadata lines (scenario, title, trials,
# seed, complete), one header row `outcome count share ci_low ci_high`, then the rows agreement,
# breakdown, deadlock. Draws one bar per outcome (share of trials, in %) with its 95% Wilson score
# interval as an error bar and the share printed above it. Nothing of the file is evaluated or
# handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c outcomes.gp OUTCOMES_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "outcomes.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated: with no comment character and a separator
# that a line does not hold, every line is one record whose column 1 is the whole line; meta_take
# keeps the first VALUE of "# KEY: VALUE" ("" when absent).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_scenario = ""; M_title = ""; M_seed = ""; M_trials = ""; M_complete = ""; M_over1 = ""
M_over2 = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_trials = meta_take(m_, "trials", M_trials), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      M_over2 = (strlen(M_over1) > 0) ? meta_take(m_, "over", M_over2) : M_over2, \
                      M_over1 = meta_take(m_, "over", M_over1), 0) nooutput
set datafile commentschars "#"

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

scenario = M_scenario
title = M_title
trials = M_trials
seed = M_seed
complete = M_complete
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
