# sweep.gp — P(agreement) against one swept parameter, with its 95% band.
#
# Usage: gnuplot -c plots/sweep.gp SWEEP_TSV OUTFILE [png|svg [UNITS_TSV]]
# Reads only sweep.tsv of a parley sweep folder: '#' metadata lines (among them `# over: PATH`),
# one header row `PATH trials agreements p_agreement ci_low ci_high mean_rounds`, then one row per
# grid point. Draws P(agreement) (in % of trials) against the swept value, the 95% Wilson score
# band around it (filledcurves), and the mean round of agreement on the right axis. The x label is
# the parameter path with its unit; for an issue position the unit is read from UNITS_TSV, an
# agreement_point.tsv (`parley plot` passes the first point's, point-0001/agreement_point.tsv, when
# it is there). Every text of the files is read by gnuplot's own data reader and used only as a
# string: nothing of it is evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c sweep.gp SWEEP_TSV OUTFILE [png|svg [UNITS_TSV]]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
unitsfile = (ARGC >= 4) ? ARG4 : ""
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|" || unitsfile[1:1] eq "<") {
  print "sweep.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated: with no comment character and a separator
# that a line does not hold, every line is one record whose column 1 is the whole line; meta_take
# keeps the first VALUE of "# KEY: VALUE" ("" when absent).
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
M_scenario = ""; M_title = ""; M_seed = ""; M_trials = ""; M_complete = ""; M_over1 = ""
M_over2 = ""; M_words = ""
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_trials = meta_take(m_, "trials", M_trials), \
                      M_complete = meta_take(m_, "complete", M_complete), \
                      M_words = meta_take(m_, "words", M_words), \
                      M_over2 = (strlen(M_over1) > 0) ? meta_take(m_, "over", M_over2) : M_over2, \
                      M_over1 = meta_take(m_, "over", M_over1), 0) nooutput
set datafile commentschars "#"
path = M_over1
if (strlen(path) == 0) {
  print sprintf("sweep.gp: %s has no '# over:' line", datafile)
  exit status 1
}
# A word axis (`# words: PATH`, e.g. protocol.kind = mediated, eum): categories, drawn as labelled
# points with their intervals, in the order of the list, not as a curve over a number line.
is_words = (M_words eq path)

# The unit of a parameter path (docs/scenario-format.md); an issue position has its issue's unit,
# the third field of its `# issue: ID<TAB>LABEL<TAB>UNIT...` line in UNITS_TSV.
tab_ = "\t"
after(s) = (strstrt(s, tab_) > 0) ? s[strstrt(s, tab_) + 1:] : ""
upto(s) = (strstrt(s, tab_) > 0) ? s[1:strstrt(s, tab_) - 1] : s
field(s, f) = (f <= 1) ? upto(s) : field(after(s), f - 1)
has(p, s) = strstrt(p, s) > 0
npath = 1
array PATH[1] = [path]
# Human names of the swept paths (docs/sweeps-and-plots.md, "Labels"): agents.A.FIELD[.SUB] is
# "LABEL of A: what FIELD is [of SUB's label]", protocol and montecarlo settings are named in
# words; agent and issue labels come from the `# agent:` and `# issue:` lines of UNITS_TSV (ids
# where it has none). Labels are read as data and used only as strings.
array H_agent[npath]; array H_field[npath]; array H_sub[npath]
array H_alab[npath]; array H_slab[npath]; array H_unit[npath]; array H_name[npath]
do for [q = 1:npath] {
  p_ = PATH[q]
  H_agent[q] = ""; H_field[q] = ""; H_sub[q] = ""; H_unit[q] = ""
  if (p_[1:7] eq "agents.") {
    r_ = p_[8:]
    d_ = strstrt(r_, ".")
    H_agent[q] = (d_ > 0) ? r_[1:d_ - 1] : r_
    r_ = (d_ > 0) ? r_[d_ + 1:] : ""
    d_ = strstrt(r_, ".")
    H_field[q] = (d_ > 0) ? r_[1:d_ - 1] : r_
    H_sub[q] = (d_ > 0) ? r_[d_ + 1:] : ""
  }
  H_alab[q] = H_agent[q]; H_slab[q] = H_sub[q]
}
if (strlen(unitsfile) > 0) {
  set datafile separator "\r"
  set datafile commentschars ""
  do for [q = 1:npath] {
    if (strlen(H_agent[q]) > 0) {
      fa_ = 0; fs_ = 0
      stats unitsfile using (m_ = strcol(1), \
        ag_ = (m_[1:9] eq "# agent: ") ? m_[10:] : "", is_ = (m_[1:9] eq "# issue: ") ? m_[10:] : "", \
        (!fa_ && strlen(ag_) > 0 && field(ag_, 1) eq H_agent[q]) ? (fa_ = 1, H_alab[q] = field(ag_, 3)) : 0, \
        (!fs_ && strlen(ag_) > 0 && H_field[q] eq "leverage" && field(ag_, 1) eq H_sub[q]) ? \
          (fs_ = 1, H_slab[q] = field(ag_, 3)) : 0, \
        (!fs_ && strlen(is_) > 0 && H_field[q] ne "leverage" && field(is_, 1) eq H_sub[q]) ? \
          (fs_ = 1, H_slab[q] = field(is_, 2), H_unit[q] = field(is_, 3)) : 0, 0) nooutput
    }
  }
  set datafile commentschars "#"
}
do for [q = 1:npath] {
  p_ = PATH[q]; f_ = H_field[q]; a_ = H_alab[q]; s_ = H_slab[q]
  H_name[q] = (f_ eq "position") ? sprintf("%s: ideal point on %s (%s)", a_, s_, \
                                    strlen(H_unit[q]) > 0 ? H_unit[q] : "issue units") : \
    (f_ eq "salience") ? sprintf("%s: salience of %s (0 to 1)", a_, s_) : \
    (f_ eq "reservation") ? sprintf("%s: reservation (utility of no agreement, 0 to 1)", a_) : \
    (f_ eq "flexibility") ? sprintf("%s: flexibility (share of the gap conceded per rejected round)", a_) : \
    (f_ eq "patience") ? sprintf("%s: patience (discount factor per round)", a_) : \
    (f_ eq "capability") ? sprintf("%s: capability (relative influence)", a_) : \
    (f_ eq "leverage") ? sprintf("%s: leverage on %s (reservation drop per rejected round)", a_, s_) : \
    (strlen(f_) > 0) ? sprintf("%s: %s", a_, f_) : \
    (p_ eq "protocol.breakdown") ? "Breakdown risk (probability the talks collapse per round)" : \
    (p_ eq "protocol.noise") ? "Acceptance noise (temperature, utility units)" : \
    (p_ eq "protocol.max_rounds") ? "Horizon (maximum number of rounds)" : \
    (p_ eq "protocol.quota") ? "Qualified majority (share of the parties' weight)" : \
    (p_ eq "protocol.kind") ? "Protocol" : \
    (p_ eq "montecarlo.trials") ? "Trials per point" : p_
}

if (fmt eq "svg") {
  set terminal svg size 1000,650 dynamic noenhanced font "DejaVu Sans,14" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,650 noenhanced font "DejaVu Sans,11" background rgb "white"
  } else {
    print sprintf("sweep.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

scenario = M_scenario
title = M_title
seed = M_seed
note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted sweep]" : ""

# The data rows (no metadata, no header) ordered by the swept value, so that an explicit list
# given out of order still draws a band and a line from left to right: read into arrays, sorted
# by insertion (linear for the ordered grids of a range), written to the datablock $rows.
set datafile separator "\t"
set datafile columnheaders
stats datafile using 2 nooutput name "N"
npts = N_records
array X[npts]; array T[npts]; array P[npts]; array LO[npts]; array HI[npts]; array MR[npts]
array O[npts]; array W[npts]
r_ = 0
stats datafile using (r_ = r_ + 1, X[r_] = is_words ? r_ - 1 : column(1), W[r_] = strcol(1), \
                      T[r_] = column(2), P[r_] = column(4), \
                      LO[r_] = column(5), HI[r_] = column(6), MR[r_] = column(7), O[r_] = r_, 0) \
  nooutput
unset datafile columnheaders
do for [i = 2:npts] {
  o_ = O[i]
  j = i - 1
  while (j >= 1 && X[O[j]] > X[o_]) { O[j + 1] = O[j]; j = j - 1 }
  O[j + 1] = o_
}
set print $rows
do for [i = 1:npts] {
  print sprintf("%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%s", X[O[i]], T[O[i]], P[O[i]], \
                LO[O[i]], HI[O[i]], MR[O[i]], is_words ? W[O[i]] : "")
}
unset print
trials_min = T[1]
do for [i = 1:npts] { trials_min = (T[i] < trials_min) ? T[i] : trials_min }
set title sprintf("P(agreement) as %s varies: %s%s\n%s\n(%d points, %d trials per point, same random streams at every point, seed %s; swept: %s)", \
                  H_name[1], scenario, note, title, npts, trials_min, seed, path)
set xlabel H_name[1]
set ylabel "P(agreement) (% of trials)"
set y2label "Mean round of agreement (rounds)"
set yrange [0:100]
set ytics 10 nomirror
set y2tics nomirror
set y2range [0:*]
set xtics nomirror out
set grid xtics ytics lc rgb "#e0e0e0"
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set bmargin 7
set key at screen 0.5, screen 0.015 center bottom horizontal box opaque maxrows 2
set style fill transparent solid 0.3 noborder

if (is_words) {
  set xrange [-0.5:npts - 0.5]
  set offsets 0, 0, 0, 0
  set xtics () nomirror out
  plot $rows using 1:(100 * $3):(100 * $4):(100 * $5):xtic(7) with yerrorbars lw 2.5 pt 7 \
         ps 1.6 lc rgb "#1b5e4a" title "P(agreement), estimate, with its 95% Wilson score interval", \
       "" using 1:6 axes x1y2 with points pt 6 ps 1.6 lc rgb "#7570b3" \
         title "mean round of agreement (right axis)"
  exit
}
plot $rows using 1:(100 * $4):(100 * $5) with filledcurves lc rgb "#1b9e77" \
       title "95% Wilson score band", \
     "" using 1:(100 * $3) with linespoints lw 2.5 pt 7 ps 1.1 lc rgb "#1b5e4a" \
       title "P(agreement), estimate", \
     "" using 1:6 axes x1y2 with linespoints lw 1.5 dt 2 pt 6 lc rgb "#7570b3" \
       title "mean round of agreement (right axis)"
