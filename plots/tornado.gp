# tornado.gp — the tornado chart of `parley sensitivity`: how far P(agreement) moves when one
# input is set to its low and then its high value, all else (every other input, every round's
# luck) drawn as at the baseline.
#
# Usage: gnuplot -c plots/tornado.gp SENSITIVITY_TSV OUTFILE [png|svg [TOP]]
# Reads only sensitivity.tsv of a parley sensitivity folder: '#' metadata lines (scenario, title,
# seed, trials, complete, output, tornado, baseline), one header row
# `rank path label varied low high p_low p_high swing swing_lo swing_hi`, then one row per input,
# the varied ones first, ranked by |swing| (docs/outputs.md). Draws, for the TOP (default 15)
# inputs of largest swing, one horizontal bar from the baseline to the output at the input's low
# value and one to the output at its high value, with the low and high values printed at the bar
# ends, the baseline as a vertical line and the swing with its 95% interval on the right axis. The
# bars are labelled with the human label column (name on the first line, unit or scale on the
# second). Every text of the file is read by gnuplot's own data reader and used only as a string:
# nothing of it is evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c tornado.gp SENSITIVITY_TSV OUTFILE [png|svg [TOP]]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
top = (ARGC >= 4 && strlen(ARG4) > 0) ? int(ARG4) : 15
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "tornado.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}
if (top < 1 || top > 60) {
  print "tornado.gp: TOP must be between 1 and 60"
  exit status 2
}

# Metadata, read without a shell and never evaluated: with no comment character and a separator
# that a line does not hold, every line is one record whose column 1 is the whole line; meta_take
# keeps the first VALUE of "# KEY: VALUE" ("" when absent).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_scenario = ""; M_title = ""; M_seed = ""; M_trials = ""; M_complete = ""; M_output = ""
M_tornado = ""; M_baseline = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_trials = meta_take(m_, "trials", M_trials), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      M_output = meta_take(m_, "output", M_output), \
                      M_tornado = meta_take(m_, "tornado", M_tornado), \
                      M_baseline = meta_take(m_, "baseline", M_baseline), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"

# The output: the agreement indicator (drawn in % of trials) or an agreement point (issue units).
is_p = (strlen(M_output) == 0 || M_output eq "agreement")
scale = is_p ? 100.0 : 1.0
what = is_p ? "P(agreement)" : sprintf("mean %s", M_output)
# The baseline, kept only when it has the characters of a number (real() never sees anything else).
numeric(s) = strlen(s) > 0 && strlen(s) < 40 && \
             (sum [i = 1:strlen(s)] (strstrt("0123456789.eE+-", s[i:i]) > 0 ? 0 : 1)) == 0
base = numeric(M_baseline) ? real(M_baseline) : NaN

# The varied inputs among the first `top` data rows (the writer puts them first, ranked), and the
# range of the bars. Column 4 is "yes" for a varied input.
set datafile columnheaders
nvar = 0; nfixed = 0; xmin = base; xmax = base
stats datafile using (v_ = (strcol(4) eq "yes"), nvar = nvar + v_, nfixed = nfixed + (1 - v_), \
                      (v_ && nvar <= top) ? (xmin = (column(7) < xmin || xmin != xmin) ? column(7) : xmin, \
                                             xmin = (column(8) < xmin) ? column(8) : xmin, \
                                             xmax = (column(7) > xmax || xmax != xmax) ? column(7) : xmax, \
                                             xmax = (column(8) > xmax) ? column(8) : xmax) : 0, 0) nooutput
unset datafile columnheaders
if (nvar < 1) {
  print sprintf("tornado.gp: %s has no varied input", datafile)
  exit status 1
}
nbar = (nvar < top) ? nvar : top

# The unit of an input, from its path (docs/scenario-format.md); an issue position carries its
# unit or scale in the label, after " (".
has(p, s) = strstrt(p, s) > 0
unit_of(p) = has(p, ".salience.") ? "salience, 0 to 1" : \
             has(p, ".reservation") ? "utility of no agreement, 0 to 1" : \
             has(p, ".flexibility") ? "share of the gap conceded per rejected round" : \
             has(p, ".patience") ? "discount factor per round" : \
             has(p, ".capability") ? "relative influence" : \
             has(p, ".leverage.") ? "reservation drop per rejected round" : \
             (p eq "protocol.breakdown") ? "probability of collapse per round" : \
             (p eq "protocol.noise") ? "acceptance temperature, utility units" : \
             (p eq "protocol.max_rounds") ? "rounds" : ""
cut(s, w) = (strlen(s) > w) ? s[1:w - 3] . "..." : s
name_of(l) = (strstrt(l, " (") > 0) ? l[1:strstrt(l, " (") - 1] : l
scale_of(l, p) = (strstrt(l, " (") > 0) ? l[strstrt(l, " (") + 1:] : \
                 (strlen(unit_of(p)) > 0) ? "(" . unit_of(p) . ")" : p
tic_of(l, p) = cut(name_of(l), 58) . "\n" . cut(scale_of(l, p), 58)
num(x) = (x != x) ? "?" : (abs(x) >= 1e4 || (abs(x) < 1e-3 && x != 0)) ? sprintf("%.3g", x) : \
         sprintf("%.4g", x)
swing_of(s, lo, hi) = is_p ? sprintf("swing %+.1f pts\n95%%: [%+.1f, %+.1f]", 100 * s, 100 * lo, 100 * hi) : \
                      sprintf("swing %+.3g\n95%%: [%+.3g, %+.3g]", s, lo, hi)

height = 300 + 62 * nbar
if (fmt eq "svg") {
  set terminal svg size 1400,height dynamic noenhanced font "DejaVu Sans,13" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1400,height noenhanced font "DejaVu Sans,10" background rgb "white"
  } else {
    print sprintf("tornado.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted analysis]" : ""
quant = (strlen(M_tornado) > 0) ? M_tornado : "low and high values"
set title sprintf("Which inputs move %s, one at a time: %s%s\n%s\n(%s trials per setting, the same trials and random streams at every setting, seed %s; the %d largest swings of %d inputs varied)", \
                  what, M_scenario, note, M_title, M_trials, M_seed, nbar, nvar)
fixed_note = (nfixed > 0) ? sprintf("; %d fixed inputs not varied (--range PATH=LOW:HIGH varies one)", nfixed) : ""
set xlabel sprintf("%s%s\nbars run from the baseline (dashed line) to the value with the input at its low and at its high setting;\nswing = value at high - value at low (right), %s\n(%s%s)\n", \
                   is_p ? "P(agreement), % of trials" : what, \
                   is_p ? "" : "", is_p ? "in percentage points" : "in the issue's units", quant, fixed_note)
set ylabel ""
span = scale * (xmax - xmin)
span = (span > 0) ? span : 1
set xrange [scale * xmin - 0.16 * span : scale * xmax + 0.16 * span]
set yrange [0.4 : nbar + 0.6]
set y2range [0.4 : nbar + 0.6]
set ytics scale 0 nomirror
set y2tics scale 0
set xtics nomirror out
set mxtics 2
set grid xtics lc rgb "#e6e6e6"
set border 1
set lmargin 62
set rmargin 30
set key outside below center horizontal box opaque maxrows 1
set style fill solid 0.85 border lc rgb "#333333"
if (base == base) {
  set arrow 1 from scale * base, graph 0 to scale * base, graph 1 nohead front lw 2 dt 2 lc rgb "#222222"
}

# Row r (0-based, in rank order) is bar r + 1 from the top: y = nbar - r. Rows past the top or not
# varied are NaN (not drawn, no tic).
ok(r) = (r < nbar && strcol(4) eq "yes")
Y(r) = ok(r) ? nbar - r : NaN
bar(p) = scale * ((p < base) ? p : base)
bar_end(p) = scale * ((p < base) ? base : p)
set datafile columnheaders
plot datafile every ::0::(nbar - 1) using (bar(column(7))):(Y($0)):(bar(column(7))):(bar_end(column(7))):(Y($0) - 0.02):(Y($0) + 0.34):ytic(ok($0) ? tic_of(strcol(3), strcol(2)) : "") \
       with boxxyerror lc rgb "#7570b3" title "input at its low value", \
     "" using (bar(column(8))):(Y($0)):(bar(column(8))):(bar_end(column(8))):(Y($0) - 0.34):(Y($0) + 0.02) \
       with boxxyerror lc rgb "#d95f02" title "input at its high value", \
     "" every ::0::(nbar - 1) using (scale * base):(Y($0)):y2tic(ok($0) ? swing_of(column(9), column(10), column(11)) : "") axes x1y2 with points ps 0 notitle, \
     "" using (column(7) < base ? scale * column(7) : NaN):(Y($0) + 0.16):(num(column(5))) \
       with labels right offset -0.6,0 font ",9" notitle, \
     "" using (column(7) >= base ? scale * column(7) : NaN):(Y($0) + 0.16):(num(column(5))) \
       with labels left offset 0.6,0 font ",9" notitle, \
     "" using (column(8) < base ? scale * column(8) : NaN):(Y($0) - 0.16):(num(column(6))) \
       with labels right offset -0.6,0 font ",9" notitle, \
     "" using (column(8) >= base ? scale * column(8) : NaN):(Y($0) - 0.16):(num(column(6))) \
       with labels left offset 0.6,0 font ",9" notitle, \
     NaN with lines lw 2 dt 2 lc rgb "#222222" title sprintf("baseline %s", num(scale * base))
