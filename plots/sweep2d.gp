# sweep2d.gp — P(agreement) over a two-parameter grid, as a heat map.
#
# Usage: gnuplot -c plots/sweep2d.gp SWEEP_TSV OUTFILE [png|svg]
# Reads only sweep.tsv of a parley sweep folder with two `# over: PATH` lines: one header row
# `PATH1 PATH2 trials agreements p_agreement ci_low ci_high mean_rounds`, one row per grid point
# (PATH2 varies fastest) and a blank line after each run of PATH2. Draws P(agreement) as a heat
# map with a viridis-like palette defined point by point (perceptually uniform, readable in grey
# and by colour-blind readers), and prints each cell's estimate on it when the grid is small enough
# to read. Cells are laid out by grid index (column -1 = block = PATH1 value, column 0 = row in the
# block = PATH2 value) and the tics carry the values, so an unevenly spaced list (--over P=1,2,10)
# still gets one equal cell per point; `with image` draws grids of at least 2 x 2, a grid with a
# single value on one path is drawn cell by cell (boxxyerror). Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c sweep2d.gp SWEEP_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# The value of metadata line "# KEY: VALUE" (first occurrence), or "" when absent; overs(k) is
# the k-th `# over:` line.
meta(key) = system(sprintf("sed -n 's/^# %s: //p' \"%s\" | head -n 1", key, datafile))
overs(k) = system(sprintf("sed -n 's/^# over: //p' \"%s\" | sed -n '%dp'", datafile, k))

# The unit of a parameter path (docs/scenario-format.md); an issue position has its issue's unit,
# read from the metadata of point-0001/agreement_point.tsv next to the sweep file.
folder = system(sprintf("dirname \"%s\"", datafile))
issue_unit(id) = system(sprintf("sed -n 's/^# issue: //p' \"%s/point-0001/agreement_point.tsv\" " . \
                                "2>/dev/null | awk -F '\t' '$1 == \"%s\" { print $3; exit }'", folder, id))
last(p) = system(sprintf("echo '%s' | awk -F . '{ print $NF }'", p))
has(p, s) = strstrt(p, s) > 0
unit_of(p) = has(p, ".position.") ? \
               (strlen(issue_unit(last(p))) > 0 ? issue_unit(last(p)) : "issue units") : \
             has(p, ".salience.") ? "salience, 0 to 1" : \
             has(p, ".reservation") ? "utility of no agreement, 0 to 1" : \
             has(p, ".flexibility") ? "share of the gap conceded per rejected round" : \
             has(p, ".patience") ? "discount factor per round" : \
             has(p, ".capability") ? "relative influence" : \
             has(p, ".leverage.") ? "reservation drop per rejected round" : \
             (p eq "protocol.breakdown") ? "probability of collapse per round" : \
             (p eq "protocol.noise") ? "acceptance temperature, utility units" : \
             (p eq "protocol.max_rounds") ? "rounds" : \
             (p eq "montecarlo.trials") ? "trials" : ""
axis_label(p) = (strlen(unit_of(p)) > 0) ? sprintf("%s (%s)", p, unit_of(p)) : p

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

scenario = meta("scenario")
title = meta("title")
seed = meta("seed")
px = overs(1)
py = overs(2)
if (strlen(px) == 0 || strlen(py) == 0) {
  print sprintf("sweep2d.gp: %s needs two '# over:' lines", datafile)
  exit status 1
}
note = (meta("complete") eq "false") ? "  [INCOMPLETE: interrupted sweep]" : ""

set datafile separator "\t"
set datafile columnheaders

stats datafile using 1:3 nooutput name "G"
stats datafile using 2 nooutput name "Y"
npoints = G_records
trials = G_min_y
# Number of distinct values of the fastest path = rows per block.
ny = int(system(sprintf("grep -v '^#' \"%s\" | sed 1d | awk 'NF == 0 { print n; exit } { n++ }'", \
                        datafile)))
if (ny <= 0) { ny = npoints }
nx = (ny > 0) ? npoints / ny : 1

# Tic labels at grid indices: the distinct values of column c in file order, every k-th labelled.
tics(c, k) = system(sprintf("grep -v '^#' \"%s\" | sed 1d | awk -F '\t' -v c=%d -v k=%d " . \
  "'NF > 0 && !($c in s) { s[$c]; if (n %% k == 0) printf \"%%s\\\"%%.6g\\\" %%d\", " . \
  "(m++ ? \", \" : \"\"), $c + 0, n; n++ }'", datafile, c, k))
kx = int(ceil(nx / 12.0))
ky = int(ceil(ny / 14.0))
eval sprintf("set xtics (%s)", tics(1, kx))
eval sprintf("set ytics (%s)", tics(2, ky))

set title sprintf("P(agreement) over a grid of %s and %s: %s%s\n%s\n(%d x %d points, %d trials per point, same random streams at every point, seed %s)", \
                  px, py, scenario, note, title, nx, ny, trials, seed)
set xlabel axis_label(px)
set ylabel axis_label(py)
set cblabel "P(agreement) (% of trials)"
set cbrange [0:100]
set cbtics 10
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
label_colour(p) = (p < 0.55) ? 0xffffff : 0x000000

if (nx >= 2 && ny >= 2) {
  plot datafile using (int(column(0)) / ny):(int(column(0)) % ny):(100 * $5) with image pixels, \
       "" using (int(column(0)) / ny):(int(column(0)) % ny):(show_labels ? sprintf("%.0f%%", 100 * $5) : ""):(label_colour($5)) \
         with labels tc rgb variable font ",10"
} else {
  plot datafile using (int(column(0)) / ny):(int(column(0)) % ny):(0.5):(0.5):(100 * $5) with boxxyerror fc palette, \
       "" using (int(column(0)) / ny):(int(column(0)) % ny):(show_labels ? sprintf("%.0f%%", 100 * $5) : ""):(label_colour($5)) \
         with labels tc rgb variable font ",10"
}
