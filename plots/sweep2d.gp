# sweep2d.gp — P(agreement) over a two-parameter grid, as a heat map.
#
# Usage: gnuplot -c plots/sweep2d.gp SWEEP_TSV OUTFILE [png|svg [UNITS_TSV]]
# Reads only sweep.tsv of a parley sweep folder with two `# over: PATH` lines: one header row
# `PATH1 PATH2 trials agreements p_agreement ci_low ci_high mean_rounds`, one row per grid point
# (PATH2 varies fastest) and a blank line after each run of PATH2. Draws P(agreement) as a heat
# map with a viridis-like palette defined point by point (perceptually uniform, readable in grey
# and by colour-blind readers), and prints each cell's estimate on it when the grid is small enough
# to read. Cells are laid out by grid index (column -1 = block = PATH1 value, column 0 = row in the
# block = PATH2 value) and the tics carry the values, so an unevenly spaced list (--over P=1,2,10)
# still gets one equal cell per point; `with image` draws grids of at least 2 x 2, a grid with a
# single value on one path is drawn cell by cell (boxxyerror). For an issue position the unit is
# read from UNITS_TSV, an agreement_point.tsv (`parley plot` passes point-0001's when it is there).
# Every text of the files is read by gnuplot's own data reader and used only as a string: nothing
# of it is evaluated or handed to a shell. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c sweep2d.gp SWEEP_TSV OUTFILE [png|svg [UNITS_TSV]]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
unitsfile = (ARGC >= 4) ? ARG4 : ""
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|" || unitsfile[1:1] eq "<") {
  print "sweep2d.gp: a file name starting with '<' or '|' would run a command; refused"
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
px = M_over1
py = M_over2
if (strlen(px) == 0 || strlen(py) == 0) {
  print sprintf("sweep2d.gp: %s needs two '# over:' lines", datafile)
  exit status 1
}

# The unit of a parameter path (docs/scenario-format.md); an issue position has its issue's unit,
# the third field of its `# issue: ID<TAB>LABEL<TAB>UNIT...` line in UNITS_TSV.
tab_ = "\t"
after(s) = (strstrt(s, tab_) > 0) ? s[strstrt(s, tab_) + 1:] : ""
upto(s) = (strstrt(s, tab_) > 0) ? s[1:strstrt(s, tab_) - 1] : s
field(s, f) = (f <= 1) ? upto(s) : field(after(s), f - 1)
has(p, s) = strstrt(p, s) > 0
npath = 2
array PATH[2] = [px, py]
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
  set terminal svg size 1000,700 dynamic noenhanced font "DejaVu Sans,14" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,700 noenhanced font "DejaVu Sans,11" background rgb "white"
  } else {
    print sprintf("sweep2d.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

scenario = M_scenario
title = M_title
seed = M_seed
note = (M_complete eq "false") ? "  [INCOMPLETE: interrupted sweep]" : ""

set datafile separator "\t"
set datafile columnheaders

stats datafile using (0):3 nooutput name "G"
npoints = G_records
trials = G_min_y
# Rows per block (= distinct values of the fastest path), and the values of both paths in file
# order: PATH1 from the first row of each block, PATH2 from the rows of the first block.
ny = 0
xs_ = ""
ys_ = ""
b_ = -1
# A word axis (`# words: PATH`, e.g. protocol.kind) keeps its words (identifiers: no blanks).
wx = 0; wy = 0
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), wx = wx || (m_ eq "# words: " . px), \
                      wy = wy || (m_ eq "# words: " . py), 0) nooutput
set datafile commentschars "#"
set datafile separator "\t"
set datafile columnheaders
stats datafile using (ny = ny + (column(-1) == 0), \
                      xs_ = (column(-1) != b_) ? (b_ = column(-1), xs_ . (wx ? " " . strcol(1) : sprintf(" %.17g", column(1)))) : xs_, \
                      ys_ = (column(-1) == 0) ? ys_ . (wy ? " " . strcol(2) : sprintf(" %.17g", column(2))) : ys_, 0) nooutput
if (ny <= 0) { ny = npoints }
nx = (ny > 0) ? npoints / ny : 1

# Tic labels at grid indices: every k-th value, printed with %.6g (numbers only: nothing read from
# the file is evaluated).
kx = int(ceil(nx / 12.0))
ky = int(ceil(ny / 14.0))
set xtics ("" 0)
set ytics ("" 0)
do for [i = 1:words(xs_)] {
  if ((i - 1) % kx == 0) { set xtics add ((wx ? word(xs_, i) : sprintf("%.6g", real(word(xs_, i)))) i - 1) }
}
do for [i = 1:words(ys_)] {
  if ((i - 1) % ky == 0) { set ytics add ((wy ? word(ys_, i) : sprintf("%.6g", real(word(ys_, i)))) i - 1) }
}

set title sprintf("P(agreement) over a grid of two parameters: %s%s\n%s\n(%d x %d points, %d trials per point, same random streams at every point, seed %s;\nswept: %s and %s; colour scale fitted to the data)", \
                  scenario, note, title, nx, ny, trials, seed, px, py)
set xlabel H_name[1]
set ylabel H_name[2]
set cblabel "P(agreement) (% of trials)"
# The colour scale fitted to the data: from the lowest to the highest P on the grid, widened to
# whole percents (and to at least 1 point), so that the palette's contrast goes to the data.
stats datafile using (100 * $5) nooutput name "C"
cb_lo = floor(C_min)
cb_hi = ceil(C_max)
if (cb_hi - cb_lo < 1) { cb_hi = cb_lo + 1 }
if (cb_hi > 100) { cb_hi = 100; cb_lo = (cb_lo > 99) ? 99 : cb_lo }
set cbrange [cb_lo:cb_hi]
set cbtics autofreq
set xrange [-0.5:nx - 0.5]
set yrange [-0.5:ny - 0.5]
set xtics out nomirror
set ytics out nomirror
set tics front
# A viridis-like palette: 9 control points of matplotlib's viridis (van der Walt and Smith, 2015),
# linearly interpolated. Dark purple = low, yellow = high.
set palette defined (0 "#440154", 1 "#472d7b", 2 "#3b528b", 3 "#2c728e", 4 "#21918c", \
                     5 "#28ae80", 6 "#5ec962", 7 "#addc30", 8 "#fde725")
set key off
set style fill solid 1.0 noborder
# Labels in each cell: white on dark cells, black on light ones; only when they fit.
show_labels = (nx <= 16 && ny <= 16) ? 1 : 0
label_colour(p) = ((100 * p - cb_lo) / (cb_hi - cb_lo) < 0.55) ? 0xffffff : 0x000000

if (nx >= 2 && ny >= 2) {
  plot datafile using (int(column(0)) / ny):(int(column(0)) % ny):(100 * $5) with image pixels, \
       "" using (int(column(0)) / ny):(int(column(0)) % ny):(show_labels ? sprintf("%.0f%%", 100 * $5) : ""):(label_colour($5)) \
         with labels tc rgb variable font ",10"
} else {
  plot datafile using (int(column(0)) / ny):(int(column(0)) % ny):(0.5):(0.5):(100 * $5) with boxxyerror fc palette, \
       "" using (int(column(0)) / ny):(int(column(0)) % ny):(show_labels ? sprintf("%.0f%%", 100 * $5) : ""):(label_colour($5)) \
         with labels tc rgb variable font ",10"
}
