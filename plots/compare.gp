# compare.gp — P(agreement) of each scenario of `parley compare`, with its 95% interval, and its
# paired difference from the first.
#
# Usage: gnuplot -c plots/compare.gp COMPARE_TSV OUTFILE [png|svg]
# Reads only compare.tsv of a parley compare folder: '#' metadata lines (compare, seed, trials,
# complete, one "scenario K: LABEL" per scenario), one header row `scenario label outcome share
# ci_low ci_high diff diff_low diff_high unpaired_half ratio`, then three rows per scenario
# (agreement, breakdown, deadlock, in that order; docs/compare.md). Draws one bar per scenario (P
# in %) with its 95% Wilson interval; under each bar the scenario's label and, from the second
# on, its difference from the first with the paired 95% interval, in percentage points. Every text
# of the file is read by gnuplot's own data reader and used only as a string: nothing of it is
# evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c compare.gp COMPARE_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "compare.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated (as in tornado.gp).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_seed = ""; M_trials = ""; M_complete = ""; M_compare = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_seed = meta_take(m_, "seed", M_seed), \
                      M_trials = meta_take(m_, "trials", M_trials), \
                      M_compare = meta_take(m_, "compare", M_compare), \
                      M_complete = meta_take(m_, "complete", M_complete), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"

# Scenarios: the agreement rows (every third data row, from the first).
set datafile columnheaders
n = 0
stats datafile every 3::0 using (n = n + (strcol(3) eq "agreement"), 0) nooutput
unset datafile columnheaders
if (n < 1) {
  print sprintf("compare.gp: %s has no agreement row", datafile)
  exit status 1
}

width = 360 + 230 * n
width = (width < 900) ? 900 : width
if (fmt eq "svg") {
  set terminal svg size width,720 dynamic noenhanced font "DejaVu Sans,13" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size width,720 noenhanced font "DejaVu Sans,10" background rgb "white"
  } else {
    print sprintf("compare.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted comparison]" : ""
set title sprintf("P(agreement) of each scenario, on the same trials%s\n(%s trials, seed %s; the difference from scenario 1 has a paired 95%% interval)", \
                  note, M_trials, M_seed)
set ylabel "P(agreement), % of trials (bar: 95% Wilson interval)"
unset xlabel
set yrange [0:112]
set xrange [0.4:n + 0.6]
set ytics 0,10,100 nomirror
set xtics nomirror scale 0
set grid ytics lc rgb "#dddddd"
set border 3
set bmargin 9
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.6
set key top left box opaque
set errorbars 3

cut(s, w) = (strlen(s) > w) ? s[1:w - 3] . "..." : s
# A label: the scenario's name on one line, its own overrides (after " [") on the next, each cut
# to 36 characters.
at(s) = strstrt(s, " [")
wrap(s) = (at(s) > 0) ? cut(s[1:at(s) - 1], 36) . "\n" . cut(s[at(s) + 1:], 36) : cut(s, 36)
diff_of(k, d, lo, hi) = (k == 1) ? "reference" : \
                        sprintf("diff %+.1f pts\n[%+.1f, %+.1f]", 100 * d, 100 * lo, 100 * hi)
tic_of(k, l, d, lo, hi) = sprintf("%d: %s\n%s", k, wrap(l), diff_of(k, d, lo, hi))

set datafile columnheaders
plot datafile every 3::0 using 1:(100 * $4):xtic(tic_of(int($1), strcol(2), $7, $8, $9)) \
       with boxes lc rgb "#1b9e77" title "P(agreement)", \
     "" every 3::0 using 1:(100 * $4):(100 * $5):(100 * $6) with yerrorbars lc rgb "black" lw 1.5 \
       pt 7 ps 0 title "95% Wilson interval", \
     "" every 3::0 using 1:(100 * $6 + 4):(sprintf("%.1f%%", 100 * $4)) with labels notitle
