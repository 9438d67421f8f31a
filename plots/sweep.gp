# sweep.gp — P(agreement) against one swept parameter, with its 95% band.
#
# Usage: gnuplot -c plots/sweep.gp SWEEP_TSV OUTFILE [png|svg]
# Reads only sweep.tsv of a parley sweep folder: '#' metadata lines (among them `# over: PATH`),
# one header row `PATH trials agreements p_agreement ci_low ci_high mean_rounds`, then one row per
# grid point. Draws P(agreement) (in % of trials) against the swept value, the 95% Wilson score
# band around it (filledcurves), and the mean round of agreement on the right axis. The x label is
# the parameter path with its unit; for an issue position the unit is read from the first point's
# agreement_point.tsv when it is there. Exit status 2 on a usage error.

if (ARGC < 2) {
  print "usage: gnuplot -c sweep.gp SWEEP_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"

# The value of metadata line "# KEY: VALUE" (first occurrence), or "" when absent.
meta(key) = system(sprintf("sed -n 's/^# %s: //p' \"%s\" | head -n 1", key, datafile))

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

scenario = meta("scenario")
title = meta("title")
seed = meta("seed")
path = meta("over")
if (strlen(path) == 0) {
  print sprintf("sweep.gp: %s has no '# over:' line", datafile)
  exit status 1
}
note = (meta("complete") eq "false") ? "  [INCOMPLETE: interrupted sweep]" : ""

set datafile separator "\t"
# The data rows only (no metadata, no header), ordered by the swept value, so that an explicit
# list given out of order still draws a band and a line from left to right.
rows = sprintf("< grep -v '^#' \"%s\" | sed 1d | grep -v '^$' | sort -g -k1,1", datafile)

stats rows using 1:2 nooutput name "N"
set title sprintf("P(agreement) as %s varies: %s%s\n%s\n(%d points, %d trials per point, same random streams at every point, seed %s)", \
                  path, scenario, note, title, N_records, N_min_y, seed)
set xlabel axis_label(path)
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

plot rows using 1:(100 * $5):(100 * $6) with filledcurves lc rgb "#1b9e77" \
       title "95% Wilson score band", \
     "" using 1:(100 * $4) with linespoints lw 2.5 pt 7 ps 1.1 lc rgb "#1b5e4a" \
       title "P(agreement), estimate", \
     "" using 1:7 axes x1y2 with linespoints lw 1.5 dt 2 pt 6 lc rgb "#7570b3" \
       title "mean round of agreement (right axis)"
