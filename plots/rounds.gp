# rounds.gp — in which round the talks end in agreement.
#
# Usage: gnuplot -c plots/rounds.gp ROUNDS_TSV OUTFILE [png|svg]
# Reads only rounds.tsv of a parley results folder: '#' metadata lines, one header row
# `round agreement breakdown deadlock`, then one row per round 1..max_rounds with the number of
# trials that ended in that round with that outcome. Draws, per round, the share of the agreements
# reached in that round (bars, left axis) and the cumulative probability that the talks have
# agreed by the end of that round, as a share of all trials (line, right axis). Readable at any
# horizon: the x axis ends at the last round in which any trial ended (the rounds after it hold no
# trial; the label says so), and past 60 rounds on the axis each round is also drawn as an impulse
# at least 3 pixels wide, so that a single bar is never thinner than a pixel. Percentages stop at
# 100.
# Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c rounds.gp ROUNDS_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "rounds.gp: a file name starting with '<' or '|' would run a command; refused"
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
    print sprintf("rounds.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

scenario = M_scenario
title = M_title
seed = M_seed
note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted run]" : ""

set datafile separator "\t"
set datafile columnheaders

# Totals: agreements, and all trials (every trial ends in exactly one row and column).
stats datafile using 2 nooutput name "A"
stats datafile using ($2 + $3 + $4) nooutput name "T"
agreements = A_sum
total = T_sum
maxround = A_records
# The last round in which any trial ended (0 when none did).
stats datafile using ($2 + $3 + $4 > 0 ? $1 : 0) nooutput name "L"
lastround = (L_max >= 1) ? int(L_max) : maxround
shown = (lastround < 10 && maxround >= 10) ? 10 : lastround
if (total <= 0) { total = 1 }
den = (agreements > 0) ? agreements : 1
# Head room above the tallest bar for the legend.
ytop = (A_max > 0) ? 1.3 * 100.0 * A_max / den : 10
ytop = (ytop > 100) ? 100 : ytop

set title sprintf("Round in which the talks reach agreement: %s%s\n%s\n(%d of %d trials agreed, seed %s)", \
                  scenario, note, title, agreements, total, seed)
set xlabel (shown < maxround) ? \
  sprintf("Negotiation round (1 = first text on the table; no trial ended after round %d of %d)", \
          lastround, maxround) : "Negotiation round (1 = first text on the table)"
set ylabel "Share of the agreements reached in this round (%)"
set y2label "Trials that have agreed by the end of the round (%)"
pad = (shown > 30) ? 0.02 * shown : 0.6
set xrange [1 - pad:shown + pad]
set yrange [0:ytop]
set y2range [0:100]
set ytics nomirror
set y2tics 10
set xtics nomirror out
if (shown > 40) { set xtics autofreq } else { set xtics 1 }
if (shown > 20 && shown <= 40) { set xtics 2 }
set grid ytics lc rgb "#dddddd"
set style fill solid 0.8 border lc rgb "#1b5e4a"
set boxwidth 0.8 relative
set key below box

cum = 0
wide = (shown > 60) ? 1 : 0
set bmargin 7
# Bars, then the line over them, then (past 60 rounds) the impulses over the line: a single bar
# in the round where the line jumps stays visible.
plot datafile using 1:(100.0 * $2 / den) with boxes lc rgb "#1b9e77" \
       title "agreements reached in this round (left axis)", \
     "" using 1:(cum = cum + $2, 100.0 * cum / total) axes x1y2 with lines lw 2.5 \
       lc rgb "#d95f02" title "cumulative P(agreement by this round), % of all trials (right axis)", \
     "" using 1:(wide ? 100.0 * $2 / den : NaN) with impulses lw 3 lc rgb "#1b9e77" notitle
