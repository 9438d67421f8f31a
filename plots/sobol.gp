# sobol.gp — the variance-based (Sobol) indices of `parley sensitivity`: how much of the variance
# of the outcome each factor explains alone (first order) and with all its interactions (total).
#
# Usage: gnuplot -c plots/sobol.gp SOBOL_TSV OUTFILE [png|svg [TOP]]
# Reads only sobol.tsv of a parley sensitivity folder: '#' metadata lines (scenario, title, seed,
# trials = design rows, complete, output, design), one header row
# `path label S1 S1_lo S1_hi ST ST_lo ST_hi`, then one row per factor by decreasing total index,
# among them `luck` (the round-by-round randomness). Draws, for the TOP (default 15) factors of
# largest total index, two horizontal bars, the total index and the first-order index, each with
# its 95% bootstrap interval as an error bar; the luck is drawn in grey and named as such (always:
# when it is not among the TOP largest, it takes the last bar), and the
# share of the variance the judgements explain together, 1 - ST(luck), is printed with its
# interval. Every text of the file is read by gnuplot's own data reader and used only as a string:
# nothing of it is evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c sobol.gp SOBOL_TSV OUTFILE [png|svg [TOP]]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
top = (ARGC >= 4 && strlen(ARG4) > 0) ? int(ARG4) : 15
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "sobol.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}
if (top < 1 || top > 60) {
  print "sobol.gp: TOP must be between 1 and 60"
  exit status 2
}

# Metadata, read without a shell and never evaluated: with no comment character and a separator
# that a line does not hold, every line is one record whose column 1 is the whole line; meta_take
# keeps the first VALUE of "# KEY: VALUE" ("" when absent).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_scenario = ""; M_title = ""; M_seed = ""; M_trials = ""; M_complete = ""; M_output = ""
M_design = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_trials = meta_take(m_, "trials", M_trials), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      M_output = meta_take(m_, "output", M_output), \
                      M_design = meta_take(m_, "design", M_design), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"

# Factors, the luck's total index and interval, and the smallest lower bound drawn.
set datafile columnheaders
nf = 0; luck_st = NaN; luck_lo = NaN; luck_hi = NaN; luck_row = -1; xmin = 0; xmax = 1
stats datafile using (nf = nf + 1, \
                      (strcol(1) eq "luck") ? (luck_st = column(6), luck_lo = column(7), luck_hi = column(8), \
                                               luck_row = nf - 1) : 0, \
                      (nf <= top || strcol(1) eq "luck") ? (xmin = (column(4) < xmin) ? column(4) : xmin, \
                                     xmin = (column(7) < xmin) ? column(7) : xmin, \
                                     xmax = (column(5) > xmax) ? column(5) : xmax, \
                                     xmax = (column(8) > xmax) ? column(8) : xmax) : 0, 0) nooutput
unset datafile columnheaders
if (nf < 1) {
  print sprintf("sobol.gp: %s has no factor", datafile)
  exit status 1
}
nbar = (nf < top) ? nf : top
# The luck is always drawn: when it is not among the `top` largest, it takes the last bar. The bars
# are drawn in ng segments of rows: rows first_(1) .. last_(1) from the top, then the luck's row.
ng = (luck_row >= nbar) ? 2 : 1
first_(g) = (g == 1) ? 0 : luck_row
last_(g) = (g == 1) ? ((ng == 2) ? nbar - 2 : nbar - 1) : luck_row

cut(s, w) = (strlen(s) > w) ? s[1:w - 3] . "..." : s
name_of(l) = (strstrt(l, " (") > 0) ? l[1:strstrt(l, " (") - 1] : l
is_luck(p) = (p eq "luck")
tic_of(l, p) = is_luck(p) ? "LUCK of the rounds\n(breakdown and acceptance draws; not a judgement)" : \
               cut(name_of(l), 58) . "\n" . cut(p, 58)

height = 300 + 62 * nbar
if (fmt eq "svg") {
  set terminal svg size 1300,height dynamic noenhanced font "DejaVu Sans,13" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1300,height noenhanced font "DejaVu Sans,10" background rgb "white"
  } else {
    print sprintf("sobol.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted analysis]" : ""
what = (strlen(M_output) == 0 || M_output eq "agreement") ? "agreement or not" : M_output
explained = (luck_st == luck_st) ? \
  sprintf("The judgements together explain %.0f%% of the variance of the outcome (1 - total index of the luck; 95%% interval %.0f%% to %.0f%%).", \
          100 * (1 - luck_st), 100 * (1 - luck_hi), 100 * (1 - luck_lo)) : \
  "No luck factor in this file: the share explained by the judgements is not known."
set title sprintf("Which factors explain the variance of the outcome (%s): %s%s\n%s\n(Sobol indices, %s design rows, seed %s; the %d largest total indices of %d factors%s)\n%s", \
                  what, M_scenario, note, M_title, M_trials, M_seed, (ng == 2) ? nbar - 1 : nbar, nf, \
                  (ng == 2) ? ", and the luck" : "", explained)
set xlabel "Sobol index = share of the variance of the outcome, with its 95% bootstrap interval\nfirst order: the factor alone; total: the factor with all its interactions (the luck's among them)\na first-order estimate near 0 or below it: no effect of its own that the design can tell from noise\n"
if (luck_st == luck_st) {
  set label 2 sprintf("judgements together:\n%.0f%% of the variance\n(1 - ST(luck); 95%%: %.0f%% to %.0f%%)", \
                      100 * (1 - luck_st), 100 * (1 - luck_hi), 100 * (1 - luck_lo)) \
    at graph 0.62, graph 0.55 left font ",15" tc rgb "#1b5e4a" front
}
set xrange [(xmin < 0 ? xmin - 0.02 : -0.02) : (xmax > 1 ? xmax + 0.02 : 1.02)]
set yrange [0.4 : nbar + 0.6]
set ytics scale 0 nomirror
set xtics 0.1 nomirror out
set mxtics 2
set grid xtics lc rgb "#e6e6e6"
set border 1
set lmargin 62
set rmargin 4
set key outside below center horizontal box opaque
set arrow 1 from 0, graph 0 to 0, graph 1 nohead back lw 1 lc rgb "#888888"
set style fill solid 0.85 border lc rgb "#333333"
set errorbars 2

Y(g, r) = (g == 1) ? nbar - r : 1
colST(p) = is_luck(p) ? 0x888888 : 0x1b5e4a
colS1(p) = is_luck(p) ? 0xcccccc : 0x66c2a5
lo_(x) = (x < 0) ? x : 0
hi_(x) = (x < 0) ? 0 : x
set datafile columnheaders
plot for [g = 1:ng] datafile every ::(first_(g))::(last_(g)) using (hi_(column(6))):(Y(g, $0) + 0.17):(lo_(column(6))):(hi_(column(6))):(Y(g, $0) + 0.02):(Y(g, $0) + 0.34):(colST(strcol(1))):ytic(tic_of(strcol(2), strcol(1))) \
       with boxxyerror lc rgb variable notitle, \
     for [g = 1:ng] "" every ::(first_(g))::(last_(g)) using (hi_(column(3))):(Y(g, $0) - 0.17):(lo_(column(3))):(hi_(column(3))):(Y(g, $0) - 0.34):(Y(g, $0) - 0.02):(colS1(strcol(1))) \
       with boxxyerror lc rgb variable notitle, \
     for [g = 1:ng] "" every ::(first_(g))::(last_(g)) using 6:(Y(g, $0) + 0.17):7:8 with xerrorbars pt -1 lw 1.5 lc rgb "black" \
       title (g == 1) ? "95% bootstrap interval" : "", \
     for [g = 1:ng] "" every ::(first_(g))::(last_(g)) using 3:(Y(g, $0) - 0.17):4:5 with xerrorbars pt -1 lw 1.5 lc rgb "black" \
       notitle, \
     for [g = 1:ng] "" every ::(first_(g))::(last_(g)) using (column(8)):(Y(g, $0) + 0.17):(sprintf("ST %.3f", column(6))) \
       with labels left offset 0.8,0 font ",9" notitle, \
     for [g = 1:ng] "" every ::(first_(g))::(last_(g)) using ((column(5) > 0) ? column(5) : 0):(Y(g, $0) - 0.17):(sprintf("S1 %.3f", column(3))) \
       with labels left offset 0.8,0 font ",9" notitle, \
     NaN with boxes lc rgb "#1b5e4a" title "total index ST", \
     NaN with boxes lc rgb "#66c2a5" title "first-order index S1", \
     NaN with boxes lc rgb "#888888" title "luck (ST dark, S1 light)"
