# trace.gp — one traced trial: each party's utility of the text against its threshold, per round.
#
# Usage: gnuplot -c plots/trace.gp TRACE_TSV OUTFILE [png|svg]
# Reads only trace.tsv (`parley trace SCENARIO --trial K --out DIR`, docs/outputs.md): '#' metadata
# lines (among them `# trial:`, `# outcome:`, `# rounds:` and one `# agent: ID<TAB>ROLE<TAB>LABEL`
# per agent), the header `round agent utility threshold reservation response`, then one row per
# round in which an agent answered a text, one block per agent (blocks separated by two blank
# lines, gnuplot's `index`). Draws, per party in its colour, its utility of the text on the table
# (solid line; filled dot = accepted, open circle = rejected) and its acceptance threshold (dashed:
# its reservation as leverage and discounting left it). A party accepts when its utility reaches
# the threshold (up to the noise). Every text of the file is read by gnuplot's own data reader and
# used only as a string: nothing of it is evaluated or handed to a shell. Exit status 2 on a usage
# error.

if (ARGC < 2) {
  print "usage: gnuplot -c trace.gp TRACE_TSV OUTFILE [png|svg]"
  exit status 2
}
datafile = ARG1
outfile = ARG2
fmt = (ARGC >= 3 && strlen(ARG3) > 0) ? ARG3 : "png"
# gnuplot reads a file named "<cmd" from a command and writes to "|cmd" through one.
if (datafile[1:1] eq "<" || outfile[1:1] eq "|") {
  print "trace.gp: a file name starting with '<' or '|' would run a command; refused"
  exit status 2
}

# Metadata, read without a shell and never evaluated: with no comment character and a separator
# that a line does not hold, every line is one record whose column 1 is the whole line.
meta_take(s, key, old) = (strlen(old) == 0 && s[1:strlen(key) + 4] eq "# " . key . ": ") ? \
                         s[strlen(key) + 5:] : old
is_agent(s) = s[1:9] eq "# agent: "
tab_ = "\t"
after(s) = (strstrt(s, tab_) > 0) ? s[strstrt(s, tab_) + 1:] : ""
upto(s) = (strstrt(s, tab_) > 0) ? s[1:strstrt(s, tab_) - 1] : s
field(s, f) = (f <= 1) ? upto(s) : field(after(s), f - 1)
M_scenario = ""; M_title = ""; M_seed = ""; M_trial = ""; M_outcome = ""; M_rounds = ""
na = 0
set datafile separator "\r"
set datafile commentschars ""
stats datafile using (m_ = strcol(1), M_scenario = meta_take(m_, "scenario", M_scenario), \
                      M_title = meta_take(m_, "title", M_title), \
                      M_seed = meta_take(m_, "seed", M_seed), \
                      M_trial = meta_take(m_, "trial", M_trial), \
                      M_outcome = meta_take(m_, "outcome", M_outcome), \
                      M_rounds = meta_take(m_, "rounds", M_rounds), \
                      na = na + is_agent(m_), 0) nooutput
array A_line[na > 0 ? na : 1]
A_line[1] = ""
k_ = 0
if (na > 0) {
  stats datafile using (is_agent(strcol(1)) ? (k_ = k_ + 1, A_line[k_] = strcol(1)[10:], 0) : 0) \
    nooutput
}
set datafile commentschars "#"
set datafile separator "\t"

if (fmt eq "svg") {
  set terminal svg size 1000,650 dynamic noenhanced font "DejaVu Sans,14" background rgb "white"
} else {
  if (fmt eq "png") {
    set terminal pngcairo size 1000,650 noenhanced font "DejaVu Sans,11" background rgb "white"
  } else {
    print sprintf("trace.gp: unknown format '%s' (png or svg)", fmt)
    exit status 2
  }
}
set output outfile

# The blocks (one per agent that answered a text) and the label of each: the agent id of its first
# row looked up among the `# agent:` lines (the id itself when it has none).
stats datafile using 1 nooutput name "R"
nb = (R_records > 0) ? R_blocks : 0
array B_label[nb > 0 ? nb : 1]
do for [b = 1:nb] {
  id_ = ""
  stats datafile index (b - 1) using (id_ = (strlen(id_) == 0 && valid(1)) ? strcol(2) : id_, 0) \
    nooutput
  B_label[b] = id_
  do for [a = 1:na] {
    if (field(A_line[a], 1) eq id_) { B_label[b] = field(A_line[a], 3) }
  }
  # At most 60 characters in the key (a key wider than the picture is not drawn at all).
  if (strlen(B_label[b]) > 60) { B_label[b] = B_label[b][1:57] . "..." }
}
array C[6] = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d"]

outcome = (M_outcome eq "agreement") ? sprintf("agreement in round %s", M_rounds) : \
          (M_outcome eq "breakdown") ? sprintf("breakdown in round %s", M_rounds) : \
          (M_outcome eq "deadlock") ? sprintf("deadlock after %s rounds", M_rounds) : M_outcome
set title sprintf("Trial %s of %s: %s\n%s\n(seed %s; solid: utility of the text on the table, dashed: threshold; filled dot: accepted, open circle: rejected)", \
                  M_trial, M_scenario, outcome, M_title, M_seed)
set xlabel "Negotiation round"
set ylabel "Utility (0 = worst text, 1 = the party's ideal)"
# The utility axis fitted to the data (utilities and thresholds), in steps of 0.05 within [0, 1].
stats datafile using 3:4 nooutput name "U"
u_lo = (R_records > 0) ? ((U_min_x < U_min_y) ? U_min_x : U_min_y) : 0
u_hi = (R_records > 0) ? ((U_max_x > U_max_y) ? U_max_x : U_max_y) : 1
u_lo = floor(u_lo * 20 - 0.5) / 20.0
u_hi = ceil(u_hi * 20 + 0.5) / 20.0
u_lo = (u_lo < 0) ? 0 : u_lo
u_hi = (u_hi > 1) ? 1 : u_hi
if (u_hi - u_lo < 0.1) { u_hi = (u_lo + 0.1 > 1) ? 1 : u_lo + 0.1; u_lo = u_hi - 0.1 }
set yrange [u_lo:u_hi]
set ytics autofreq nomirror
set xtics nomirror out
if (R_records > 0 && R_max <= 30) { set xtics 1 }
set xrange [(R_records > 0 ? R_min : 1) - 0.5:(R_records > 0 ? R_max : 1) + 0.5]
set grid ytics lc rgb "#e0e0e0"
set bmargin 7
set key at screen 0.5, screen 0.015 center bottom horizontal box opaque maxrows 3

if (nb == 0) {
  set label 1 "No text was put to the parties in this trial." at graph 0.5, graph 0.5 center
  plot NaN notitle
} else {
  plot for [b = 1:nb] datafile index (b - 1) using 1:3 with lines lw 2.5 lc rgb C[(b - 1) % 6 + 1] \
         title sprintf("%s: utility of the text", B_label[b]), \
       for [b = 1:nb] datafile index (b - 1) using 1:4 with lines lw 2 dt 2 lc rgb C[(b - 1) % 6 + 1] \
         title sprintf("%s: threshold", B_label[b]), \
       for [b = 1:nb] datafile index (b - 1) using 1:(strcol(6) eq "accept" ? $3 : NaN) \
         with points pt 7 ps 1.2 lc rgb C[(b - 1) % 6 + 1] notitle, \
       for [b = 1:nb] datafile index (b - 1) using 1:(strcol(6) eq "reject" ? $3 : NaN) \
         with points pt 6 ps 1.2 lc rgb C[(b - 1) % 6 + 1] notitle
}
