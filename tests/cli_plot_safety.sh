#!/usr/bin/env bash
# cli_plot_safety.sh — `parley plot` on files and folder names made by someone else (issue 11):
# - no text of a results file and no path ever reaches a shell: a sweep.tsv whose `# over:` line
#   or metadata holds shell code, and results folders named `r$(touch X)`, `r"; touch Y; "`,
#   `<touch Z` and `|touch W`, create no file;
# - the temporary picture is created by parley itself, exclusively: a symlink planted at the name
#   gnuplot used to write to (DIR/.NAME.tmp-PID) is not followed, its target is unchanged;
# - SIGINT and SIGTERM while gnuplot draws leave no temporary file and exit 130 / 143;
# - a results file that is not a regular file (a FIFO) is refused, not waited on;
# - `plot` and `plot --help` to a full stdout (/dev/full) exit 1 with a message;
# - a sensitivity folder whose labels, paths and metadata hold gnuplot code (quotes, backticks,
#   `system("touch X")`, `"; system("..."); "`) and shell code is drawn, and creates no file;
# - a run with 200 issues (more than one Cairo picture can hold, 32767 pixels high) is drawn on
#   several pages agreement_point-1.png, agreement_point-2.png, ...
# - agent labels and ids of the `# agent:` and `# party:` lines of agreement_point.tsv (run
#   panels, and the sweep axis names read from point-0001/) and of trace.tsv (rows and `# agent:`
#   lines) that hold gnuplot and shell code are drawn as text and create no file, and an issue
#   label holding a '"' does not stop the agreement_point plot (issue 15).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
DATA="$PARLEY_SRC/tests/data/sweep"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
no_tmp() { # no_tmp DIR WHAT
  if ls -a "$1" | grep -q '\.tmp'; then bad "$2: temporary file left: $(ls -a "$1" | tr '\n' ' ')"; fi
}
# Every injection below tries to create a file in $T/cwd (the current folder of parley and
# gnuplot) or next to the data; pwned lists any such file.
mkdir -p "$T/cwd"
cd "$T/cwd" || exit 1
pwned() { find "$T" -name 'PWNED*' -o -name X -o -name Y -o -name Z -o -name W | grep .; }

# 1. Shell code in the `# over:` line and metadata of sweep.tsv. The old sweep.gp pasted the path
#    into `echo '...' | awk` when it names an issue position (".position."), and sweep2d.gp did it
#    for both paths.
mk_sweep() { # mk_sweep DIR OVER...
  local d=$1
  shift
  mkdir -p "$d"
  {
    echo "# parley 0.1.0"
    echo "# scenario: x'; touch $T/PWNED_scn; echo '\$(touch $T/PWNED_scn2)"
    echo "# title: \"; touch $T/PWNED_title; \""
    echo "# seed: 1"
    echo "# complete: true"
    for o in "$@"; do echo "# over: $o"; done
  } >"$d/sweep.tsv"
}
O1="agents.a.position.x'; touch $T/PWNED1; echo '"
O2="agents.a.position.\$(touch $T/PWNED2)"
O3="agents.a.position.\`touch $T/PWNED3\`"
mk_sweep "$T/s1" "$O1"
printf '%s\ttrials\tagreements\tp_agreement\tci_low\tci_high\tmean_rounds\n' "$O1" >>"$T/s1/sweep.tsv"
grep -v '^#' "$DATA/sweep1d/sweep.tsv" | sed 1d >>"$T/s1/sweep.tsv"
mkdir -p "$T/s1/point-0001"
sed "s|^# issue: philadelphi|# issue: \$(touch $T/PWNED4)|" "$DATA/run/agreement_point.tsv" \
  >"$T/s1/point-0001/agreement_point.tsv"
"$PARLEY" plot "$T/s1" >/dev/null 2>"$T/err" || bad "1-D sweep with shell code: $(cat "$T/err")"
is_png "$T/s1/sweep.png" || bad "1-D sweep with shell code: no sweep.png"
for o in "$O2" "$O3"; do
  sed "s|^# over: .*|# over: $o|" "$T/s1/sweep.tsv" >"$T/s1/s.tmp" && mv "$T/s1/s.tmp" "$T/s1/sweep.tsv"
  "$PARLEY" plot "$T/s1" >/dev/null 2>"$T/err" || bad "over '$o': $(cat "$T/err")"
done
mk_sweep "$T/s2" "$O2" "$O1"
grep -v '^#' "$DATA/sweep2d/sweep.tsv" >>"$T/s2/sweep.tsv"
"$PARLEY" plot "$T/s2" >/dev/null 2>"$T/err" || bad "2-D sweep with shell code: $(cat "$T/err")"
is_png "$T/s2/sweep_heatmap.png" || bad "2-D sweep with shell code: no sweep_heatmap.png"
pwned && bad "shell code in sweep.tsv ran"

# 2. Shell code in the results folder's name (the old scripts put it in "..." of sh -c lines),
#    and gnuplot's own pipes: a file name starting with '<' is read from a command, an output
#    name starting with '|' is written to one.
for name in 'r$(touch X)' 'r"; touch Y; "' '<touch Z' '|touch W' 'r`touch X`'; do
  cp -r "$DATA/run" "$T/cwd/$name"
  "$PARLEY" plot "$name" >/dev/null 2>"$T/err" || bad "folder '$name': $(cat "$T/err")"
  is_png "$T/cwd/$name/outcomes.png" || bad "folder '$name': no outcomes.png"
  cp -r "$DATA/sweep1d" "$T/cwd/$name-s"
  "$PARLEY" plot "$name-s" >/dev/null 2>"$T/err" || bad "folder '$name-s': $(cat "$T/err")"
done
pwned && bad "shell code in a folder name ran"

# 3. A symlink planted at the temporary name the old code used (.NAME.tmp-PID, PID = parley's):
#    `exec` keeps the shell's PID, so the name is known in advance.
cp -r "$DATA/run" "$T/sym"
echo "precious" >"$T/target"
sh -c 'for p in outcomes rounds agreement_point; do ln -s "$2" "$1/.$p.png.tmp-$$"; done
       exec "$3" plot "$1"' sh "$T/sym" "$T/target" "$PARLEY" >/dev/null 2>"$T/err" ||
  bad "plot with planted symlinks failed: $(cat "$T/err")"
[ "$(cat "$T/target")" = "precious" ] || bad "the target of a planted symlink was overwritten"
is_png "$T/sym/outcomes.png" || bad "planted symlinks: no outcomes.png"
find "$T/sym" -name '.*.tmp-*' -type f | grep . && bad "planted symlinks: temporary file left"

# 4. SIGINT / SIGTERM while gnuplot draws: a gnuplot that draws and then takes its time, so the
#    temporary picture exists when the signal comes. `env --default-signal` undoes the SIG_IGN of
#    SIGINT that a background job of a non-interactive shell gets.
mkdir -p "$T/slow"
real_gnuplot=$(command -v gnuplot)
printf '#!/bin/sh\n"%s" "$@"; rc=$?; sleep 20; exit $rc\n' "$real_gnuplot" >"$T/slow/gnuplot"
chmod +x "$T/slow/gnuplot"
for sig in INT TERM; do
  d="$T/sig$sig"
  cp -r "$DATA/run" "$d"
  PATH="$T/slow:$PATH" env --default-signal=INT "$PARLEY" plot "$d" >/dev/null 2>"$T/err-$sig" &
  pid=$!
  for ((k = 0; k < 100; k++)); do
    ls -a "$d" | grep -q '\.tmp' && [ -n "$(find "$d" -name '.*tmp*' -size +0)" ] && break
    sleep 0.1
  done
  [ "$k" -lt 100 ] || bad "SIG$sig: no temporary picture appeared"
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  want=$([ "$sig" = INT ] && echo 130 || echo 143)
  [ "$rc" -eq "$want" ] || bad "SIG$sig during plot: exit $rc, expected $want: $(cat "$T/err-$sig")"
  grep -q "interrupted" "$T/err-$sig" || bad "SIG$sig: no message: $(cat "$T/err-$sig")"
  no_tmp "$d" "SIG$sig"
  [ ! -e "$d/outcomes.png" ] || bad "SIG$sig: a picture was still renamed into place"
done

# 4b. A second SIGINT while a gnuplot that ignores SIGTERM is still drawing: parley ends at once
#     (by the signal: 130) and removes the temporary picture itself.
mkdir -p "$T/stubborn"
printf '#!/bin/sh\ntrap "" TERM INT\n"%s" "$@"; rc=$?; sleep 20; exit $rc\n' "$real_gnuplot" >"$T/stubborn/gnuplot"
chmod +x "$T/stubborn/gnuplot"
d="$T/sig2"
cp -r "$DATA/run" "$d"
PATH="$T/stubborn:$PATH" env --default-signal=INT "$PARLEY" plot "$d" >/dev/null 2>"$T/err-2" &
pid=$!
for ((k = 0; k < 100; k++)); do
  [ -n "$(find "$d" -name '.*tmp*' -size +0)" ] && break
  sleep 0.1
done
[ "$k" -lt 100 ] || bad "second SIGINT: no temporary picture appeared"
kill -s INT "$pid"
sleep 0.5
t0=$SECONDS
kill -s INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || bad "second SIGINT during plot: exit $rc, expected 130"
# (gnuplot sleeps 20 s: a parley that waited for it did not end at the second signal)
[ $((SECONDS - t0)) -lt 10 ] || bad "second SIGINT: parley waited $((SECONDS - t0)) s for gnuplot"
no_tmp "$d" "second SIGINT"
pkill -f "$T/stubborn/gnuplot" 2>/dev/null

# 5. A data file that is not a regular file is refused at once (a FIFO would block gnuplot).
mkdir -p "$T/fifo"
cp "$DATA/run/outcomes.tsv" "$DATA/run/agreement_point.tsv" "$T/fifo/"
mkfifo "$T/fifo/rounds.tsv"
timeout 20 "$PARLEY" plot "$T/fifo" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || bad "FIFO rounds.tsv: exit $rc, expected 1: $(cat "$T/err")"
grep -q "not a regular file" "$T/err" || bad "FIFO rounds.tsv: message: $(cat "$T/err")"

# 6. stdout is /dev/full.
if [ -w /dev/full ]; then
  cp -r "$DATA/run" "$T/full"
  "$PARLEY" plot "$T/full" >/dev/full 2>"$T/err"
  rc=$?
  [ "$rc" -eq 1 ] || bad "plot >/dev/full: exit $rc, expected 1"
  grep -q "standard output" "$T/err" || bad "plot >/dev/full: message: $(cat "$T/err")"
  "$PARLEY" plot --help >/dev/full 2>"$T/err"
  rc=$?
  [ "$rc" -eq 1 ] || bad "plot --help >/dev/full: exit $rc, expected 1"
  grep -q "standard output" "$T/err" || bad "plot --help >/dev/full: message: $(cat "$T/err")"
fi

# 7. 200 issues: pages of at most 60 panels (one picture of 100 rows of 340 pixels is higher
#    than Cairo's limit of 32767 pixels).
mkdir -p "$T/many"
{
  grep '^#' "$DATA/run/agreement_point.tsv" | grep -v '^# issue: '
  for ((i = 1; i <= 200; i++)); do printf '# issue: i%d\tIssue %d\tunits\t0.0\t100.0\n' "$i" "$i"; done
  printf 'issue\tbin_low\tbin_high\tcount\tshare\n'
  for ((i = 1; i <= 200; i++)); do
    [ "$i" -gt 1 ] && printf '\n\n'
    printf 'i%d\t0.0\t50.0\t3\t0.6\ni%d\t50.0\t100.0\t2\t0.4\n' "$i" "$i"
  done
} >"$T/many/agreement_point.tsv"
cp "$DATA/run/outcomes.tsv" "$DATA/run/rounds.tsv" "$T/many/"
"$PARLEY" plot "$T/many" >"$T/many.out" 2>"$T/err" || bad "200 issues: $(cat "$T/err")"
for k in 1 2 3 4; do
  is_png "$T/many/agreement_point-$k.png" || bad "200 issues: no agreement_point-$k.png"
  grep -qx "$T/many/agreement_point-$k.png" "$T/many.out" || bad "200 issues: page $k not listed"
done
[ ! -e "$T/many/agreement_point-5.png" ] || bad "200 issues: a fifth page"
[ ! -e "$T/many/agreement_point.png" ] || bad "200 issues: a single picture too"

# 8. Hostile text in a sensitivity folder (issue 12): labels and paths of sensitivity.tsv and
#    sobol.tsv and the metadata of every file hold gnuplot code and shell code. gnuplot reads them
#    as data (strcol) and uses them only as tic labels and strings: nothing is evaluated.
mkdir -p "$T/sens"
G1="x\"; system(\"touch $T/PWNED_g1\"); \""
G2="\`touch $T/PWNED_g2\` system('touch $T/PWNED_g3') \$(touch $T/PWNED_g4)"
G3="'; system(\"touch $T/PWNED_g5\") #"
# gnuplot's data reader ends a field at a double quote, so labels without one reach the script
# whole: single quotes that close a string, gnuplot's backticks and system().
G4="x' . system('touch $T/PWNED_g6') . '\`touch $T/PWNED_g7\`"
meta() {
  echo "# parley 0.1.0"
  echo "# scenario: $G1"
  echo "# title: $G2"
  echo "# seed: 1\`touch $T/PWNED_m1\`"
  echo "# trials: 100\"; system(\"touch $T/PWNED_m2\"); \""
  echo "# complete: true"
}
{
  meta
  echo "# output: agreement$G3"
  echo "# tornado: $G1"
  echo "# baseline: 0.5"
  printf 'rank\tpath\tlabel\tvaried\tlow\thigh\tp_low\tp_high\tswing\tswing_lo\tswing_hi\n'
  printf '1\t%s\t%s (%s)\tyes\t0.1\t0.9\t0.3\t0.7\t0.4\t0.35\t0.45\n' "$G2" "$G1" "$G3"
  printf '2\tagents.a.reservation\t%s\tyes\t0.2\t0.8\t0.6\t0.45\t-0.15\t-0.2\t-0.1\n' "$G4"
  printf '3\t%s\t%s\tyes\t0.2\t0.8\t0.5\t0.55\t0.05\t0.01\t0.09\n' "$G4" "$G2"
  printf -- '-\t%s\t%s\tno\tnan\tnan\tnan\tnan\tnan\tnan\tnan\n' "$G1" "$G2"
} >"$T/sens/sensitivity.tsv"
{
  meta
  echo "# output: $G1"
  echo "# design: $G2"
  printf 'path\tlabel\tS1\tS1_lo\tS1_hi\tST\tST_lo\tST_hi\n'
  printf 'luck\t%s\t0.6\t0.55\t0.65\t0.9\t0.85\t0.95\n' "$G1"
  printf '%s\t%s\t0.05\t-0.01\t0.1\t0.2\t0.15\t0.25\n' "$G2" "$G3"
  printf '%s\t%s\t0.01\t-0.01\t0.03\t0.1\t0.05\t0.15\n' "$G4" "$G4"
} >"$T/sens/sobol.tsv"
{
  meta
  echo "# design: $G3"
  echo "# mean: 0.5; system(\"touch $T/PWNED_p1\")"
  echo "# sd: \`touch $T/PWNED_p2\`"
  echo "# sd_without_binomial_noise: 0.1"
  echo "# p05: system(\"touch $T/PWNED_p3\")"
  echo "# p50: 0.5"
  echo "# p95: 0.9"
  printf 'bin_low\tbin_high\tcount\tshare\n'
  printf '0.4\t0.45\t3\t0.3\n0.5\t0.55\t7\t0.7\n'
} >"$T/sens/p_given_judgements.tsv"
"$PARLEY" plot "$T/sens" >/dev/null 2>"$T/err" || bad "hostile sensitivity folder: $(cat "$T/err")"
"$PARLEY" plot "$T/sens" --format svg >/dev/null 2>"$T/err" ||
  bad "hostile sensitivity folder (svg): $(cat "$T/err")"
for p in tornado sobol p_given_judgements; do
  is_png "$T/sens/$p.png" || bad "hostile sensitivity folder: no $p.png"
done
# The hostile label is drawn as text (SVG escapes the quotes).
grep -qF "system(&apos;touch" "$T/sens/tornado.svg" || grep -qF "system('touch" "$T/sens/tornado.svg" ||
  bad "hostile label not drawn as text in tornado.svg"
pwned && bad "gnuplot or shell code in a sensitivity folder ran"

# 9. Hostile agent labels and ids (issue 15): the `# agent:` and `# party:` lines that
#    agreement_point.gp reads (ideal points and reach) and sweep.gp / sweep2d.gp read (axis names),
#    and the agent lines and rows of trace.tsv that trace.gp reads.
mkdir -p "$T/hrun"
cp "$DATA/run/outcomes.tsv" "$DATA/run/rounds.tsv" "$T/hrun/"
awk -v g1="$G1" -v g2="$G2" -v g3="$G3" -v g4="$G4" '
  /^issue\tbin_low/ {
    print "# agent: israel\tparty\t" g4
    print "# agent: " g2 "\tmediator\t" g1
    print "# party: philadelphi\tisrael\t100\t100\t100\t0.7\t0.8\t0.9\t40\t100\t0\t100\t" g4
    print "# party: philadelphi\tisrael\t50\t50\t50\t0.7\t0.8\t0.9\t40\t100\t0\t100\t" g1
    print "# party: philadelphi\t" g3 "\t0\t10\t20\t0.5\t0.6\t0.7\t0\t60\t0\t90\t" g2
  }
  { print }' "$DATA/run/agreement_point.tsv" >"$T/hrun/agreement_point.tsv"
grep -q '^# party: philadelphi' "$T/hrun/agreement_point.tsv" || bad "hostile party lines not written"
"$PARLEY" plot "$T/hrun" --format svg >/dev/null 2>"$T/err" || bad "hostile party labels: $(cat "$T/err")"
grep -qF "touch $T/PWNED_g6" "$T/hrun/agreement_point.svg" || bad "hostile party label not drawn as text"
mk_sweep "$T/hs1" "agents.israel.reservation"
printf 'agents.israel.reservation\ttrials\tagreements\tp_agreement\tci_low\tci_high\tmean_rounds\n' >>"$T/hs1/sweep.tsv"
grep -v '^#' "$DATA/sweep1d/sweep.tsv" | sed 1d >>"$T/hs1/sweep.tsv"
mkdir -p "$T/hs1/point-0001"
cp "$T/hrun/agreement_point.tsv" "$T/hs1/point-0001/"
"$PARLEY" plot "$T/hs1" --format svg >/dev/null 2>"$T/err" || bad "hostile sweep labels: $(cat "$T/err")"
grep -qF "touch $T/PWNED_g6" "$T/hs1/sweep.svg" || bad "hostile agent label not on the sweep axis"
mk_sweep "$T/hs2" "agents.$G2.leverage.israel" "agents.israel.position.philadelphi"
grep -v '^#' "$DATA/sweep2d/sweep.tsv" >>"$T/hs2/sweep.tsv"
mkdir -p "$T/hs2/point-0001"
cp "$T/hrun/agreement_point.tsv" "$T/hs2/point-0001/"
"$PARLEY" plot "$T/hs2" --format svg >/dev/null 2>"$T/err" || bad "hostile heat-map labels: $(cat "$T/err")"
mkdir -p "$T/htr"
{
  echo "# parley 0.1.0"
  echo "# scenario: x\"; system(\"touch $T/PWNED_t1\"); \""
  echo "# title: \$(touch $T/PWNED_t2)"
  echo "# seed: 1"
  echo "# trials: 1"
  echo "# complete: true"
  echo "# trial: 0; system(\"touch $T/PWNED_t3\")"
  echo "# outcome: agreement"
  echo "# rounds: 2"
  printf '# agent: a\tparty\t%s\n# agent: %s\tparty\t%s\n' "$G1" "$G2" "$G4"
  printf 'round\tagent\tutility\tthreshold\treservation\tresponse\n'
  printf '1\ta\t0.6\t0.7\t0.7\treject\n2\ta\t0.72\t0.7\t0.7\taccept\n\n\n'
  printf '1\t%s\t0.5\t0.6\t0.6\treject\n2\t%s\t0.65\t0.6\t0.6\taccept\n' "$G2" "$G2"
} >"$T/htr/trace.tsv"
"$PARLEY" plot "$T/htr" >/dev/null 2>"$T/err" || bad "hostile trace.tsv: $(cat "$T/err")"
"$PARLEY" plot "$T/htr" --format svg >/dev/null 2>"$T/err" || bad "hostile trace.tsv (svg): $(cat "$T/err")"
is_png "$T/htr/trace.png" || bad "hostile trace.tsv: no trace.png"
grep -qF "x' . system('touch" "$T/htr/trace.svg" || grep -qF "x&apos; . system(&apos;touch" "$T/htr/trace.svg" ||
  bad "hostile trace label not drawn as text"
# An issue label holding a '"' (gnuplot cuts the metadata line there, losing the numbers after
# it): the panel is still drawn, its range taken from the bins.
mkdir -p "$T/hq"
cp "$DATA/run/outcomes.tsv" "$DATA/run/rounds.tsv" "$T/hq/"
sed 's/^# issue: philadelphi\tIDF presence/# issue: philadelphi\tIDF "presence/' \
  "$DATA/run/agreement_point.tsv" >"$T/hq/agreement_point.tsv"
grep -q 'IDF "presence' "$T/hq/agreement_point.tsv" || bad "issue label with a quote not written"
"$PARLEY" plot "$T/hq" >/dev/null 2>"$T/err" || bad "issue label with a quote: $(cat "$T/err")"
is_png "$T/hq/agreement_point.png" || bad "issue label with a quote: no agreement_point.png"
pwned && bad "gnuplot or shell code in agent labels ran"

[ "$fail" -eq 0 ] && echo "cli_plot_safety: all checks passed"
exit "$fail"
