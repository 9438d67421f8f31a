# p_given_judgements.gp — the distribution of P(agreement | judgements) from `parley sensitivity`:
# how probable an agreement is for one draw of all the judgements, apart from the luck of the
# rounds.
#
# Usage: gnuplot -c plots/p_given_judgements.gp P_GIVEN_JUDGEMENTS_TSV OUTFILE [png|svg]
# Reads only p_given_judgements.tsv of a parley sensitivity folder: '#' metadata lines (scenario,
# title, seed, complete, design, mean, sd, sd_without_binomial_noise, p05, p25, p50, p75, p95), one
# header row `bin_low bin_high count share`, then one row per bin. Draws the histogram (share of
# the draws of the judgements per bin, in %), the mean and the median as vertical lines and the
# 5%-95% range as a shaded band. Every text of the file is read by gnuplot's own data reader and
# used only as a string: nothing of it is evaluated or handed to a shell. Exit status 2 on a
# usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c p_given_judgements.gp P_GIVEN_JUDGEMENTS_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "p_given_judgements.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated (see sweep.gp): meta_take keeps the first
# VALUE of "# KEY: VALUE" ("" when absent); numbers are converted by num_of, NaN when not one.
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_scenario = ""; M_title = ""; M_seed = ""; M_complete = ""; M_design = ""; M_mean = ""
M_sd = ""; M_sdt = ""; M_p05 = ""; M_p50 = ""; M_p95 = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      M_design = meta_take(m_, "design", M_design), \
                      M_mean = meta_take(m_, "mean", M_mean), \
                      M_sd = meta_take(m_, "sd", M_sd), \
                      M_sdt = meta_take(m_, "sd_without_binomial_noise", M_sdt), \
                      M_p05 = meta_take(m_, "p05", M_p05), \
                      M_p50 = meta_take(m_, "p50", M_p50), \
                      M_p95 = meta_take(m_, "p95", M_p95), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"
# A number of the metadata, or NaN: the text is kept only when it has the characters of a number
# (so that real() never sees anything else).
numeric(s) = strlen(s) > 0 && strlen(s) < 40 && \
             (sum [i = 1:strlen(s)] (strstrt("0123456789.eE+-", s[i:i]) > 0 ? 0 : 1)) == 0
num_of(s) = numeric(s) ? real(s) : NaN
mean = num_of(M_mean); sd = num_of(M_sd); sdt = num_of(M_sdt)
p05 = num_of(M_p05); p50 = num_of(M_p50); p95 = num_of(M_p95)

if (fmt eq "svg") {
  set terminal svg size 1000,650 dynamic noenhanced font "DejaVu Sans,14" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,650 noenhanced font "DejaVu Sans,11" background rgb "white"
  } else {
    print sprintf("p_given_judgements.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

set datafile columnheaders
stats datafile using (100.0 * $4) nooutput name "H"
ytop = (H_max > 0) ? 1.25 * H_max : 10

note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted analysis]" : ""
set title sprintf("How probable an agreement is for one draw of the judgements, apart from luck: %s%s\n%s\n(%s, seed %s)\nmean %.1f%%, sd %.1f points (%.1f without the binomial noise of the finite lucks); 5%%-95%%: %.1f%% to %.1f%%", \
                  M_scenario, note, M_title, M_design, M_seed, 100 * mean, 100 * sd, 100 * sdt, \
                  100 * p05, 100 * p95)
set xlabel "P(agreement | judgements), % (each draw of every uncertain input played against many lucks of the rounds)"
set ylabel "Share of the draws of the judgements (%)"
set xrange [0:100]
set yrange [0:ytop]
set xtics 10 nomirror out
set ytics nomirror
set grid ytics lc rgb "#dddddd"
set border 3
set key top left box opaque
set style fill solid 0.8 border lc rgb "#1b5e4a"
if (p05 == p05 && p95 == p95) {
  set object 1 rect from 100 * p05, graph 0 to 100 * p95, graph 1 back fc rgb "#fdebd8" fs solid 1.0 noborder
}
if (mean == mean) {
  set arrow 1 from 100 * mean, graph 0 to 100 * mean, graph 1 nohead front lw 2 lc rgb "#d95f02"
}
if (p50 == p50) {
  set arrow 2 from 100 * p50, graph 0 to 100 * p50, graph 1 nohead front lw 2 dt 2 lc rgb "#7570b3"
}
plot datafile using (50 * ($1 + $2)):(100.0 * $4):(100 * ($2 - $1)) with boxes lc rgb "#1b9e77" \
       title "share of the draws in the bin", \
     NaN with lines lw 2 lc rgb "#d95f02" title sprintf("mean %.1f%%", 100 * mean), \
     NaN with lines lw 2 dt 2 lc rgb "#7570b3" title sprintf("median %.1f%%", 100 * p50), \
     NaN with boxes fc rgb "#fdebd8" fs solid 1.0 noborder title "5% to 95% of the draws"
