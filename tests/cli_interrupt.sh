#!/usr/bin/env bash
# cli_interrupt.sh — SIGTERM and SIGINT during long runs, through the built binary (SPEC §5:
# "Ctrl-C stops at the next block, writes what has been completed, marked "complete": false, and
# exits 130"; §7: nothing a run has completed is lost). tests/cli_run.sh covers one SIGINT of
# `run --per-trial` with the default threads; this script covers SIGTERM, two threads, the per-trial
# rows under SIGTERM, --precision runs and `sweep`, and checks each time:
# - exit status 130 after SIGINT, 143 after SIGTERM, and a message naming the results folder;
# - summary.json parses (jq, when installed) and says "complete": false, with
#   agreement + breakdown + deadlock == trials and 0 < trials < the number requested;
# - every TSV says "# complete: false" and its counts agree with summary.json;
# - per_trial.tsv has exactly `trials` data rows, numbered 0 .. trials-1 (each completed trial once);
# - no temporary file is left in the folder.
# The signal is sent only once the run is under way (its results folder exists and, with
# --per-trial, rows are streaming), so that it reaches parley's handler and not the default action.
set -u
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
S="$PARLEY_SRC/tests/data/run/small.cfg"
BIG=1000000000000 # PL_MAX_TRIALS: a run that cannot finish before the signal
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# json_num FILE KEY — the first number after "KEY": in FILE (summary.json is printed one key per
# line; jq is not a dependency of parley, so the counts are read with awk).
json_num() { awk -v k="\"$2\":" '$1 == k { gsub(/[,]/, "", $2); print $2; exit }' "$1"; }

# wait_for PATH_GLOB SECONDS — waits until a file matching the glob exists and is non-empty.
wait_for() {
  local k
  for ((k = 0; k < $2 * 10; k++)); do
    for f in $1; do [ -s "$f" ] && return 0; done
    sleep 0.1
  done
  return 1
}

# check_partial NAME DIR REQUESTED — the checks above on a results folder.
check_partial() {
  local name="$1" dir="$2" requested="$3" sj="$2/summary.json"
  [ -s "$sj" ] || { bad "$name: no summary.json"; return; }
  if command -v jq >/dev/null; then
    jq -e . "$sj" >/dev/null || bad "$name: summary.json does not parse"
  fi
  grep -q '"complete": false' "$sj" || bad "$name: summary.json not marked \"complete\": false"
  local trials a b d
  trials=$(json_num "$sj" trials)
  a=$(json_num "$sj" agreement)
  b=$(json_num "$sj" breakdown)
  d=$(json_num "$sj" deadlock)
  if [ -z "$trials" ] || [ -z "$a" ] || [ -z "$b" ] || [ -z "$d" ]; then
    bad "$name: cannot read the counts of summary.json"; return
  fi
  [ $((a + b + d)) -eq "$trials" ] || bad "$name: outcomes $a + $b + $d != trials $trials"
  [ "$trials" -gt 0 ] || bad "$name: no trial completed"
  [ "$trials" -lt "$requested" ] || bad "$name: trials $trials not below the $requested requested"
  for f in outcomes.tsv rounds.tsv agreement_point.tsv; do
    grep -qx '# complete: false' "$dir/$f" || bad "$name: $f not marked '# complete: false'"
  done
  # outcomes.tsv rows: outcome, count, ...: the counts must be those of summary.json.
  local ta tb td
  ta=$(awk -F'\t' '$1 == "agreement" {print $2}' "$dir/outcomes.tsv")
  tb=$(awk -F'\t' '$1 == "breakdown" {print $2}' "$dir/outcomes.tsv")
  td=$(awk -F'\t' '$1 == "deadlock" {print $2}' "$dir/outcomes.tsv")
  [ "$ta $tb $td" = "$a $b $d" ] || bad "$name: outcomes.tsv ($ta $tb $td) differs from summary.json ($a $b $d)"
  # rounds.tsv: the per-round counts add up to the trials.
  local rsum
  rsum=$(awk -F'\t' '!/^#/ && $1 ~ /^[0-9]+$/ {s += $2 + $3 + $4} END {print s + 0}' "$dir/rounds.tsv")
  [ "$rsum" -eq "$trials" ] || bad "$name: rounds.tsv counts $rsum trials, summary.json $trials"
  if [ -e "$dir/per_trial.tsv" ]; then
    local rows first last distinct
    rows=$(awk '!/^#/ && NR > 0' "$dir/per_trial.tsv" | tail -n +2 | grep -c .)
    [ "$rows" -eq "$trials" ] || bad "$name: per_trial.tsv has $rows rows for $trials trials"
    read -r first last distinct < <(awk -F'\t' '!/^#/ && $1 ~ /^[0-9]+$/ {if (!n++) f = $1; l = $1; seen[$1] = 1}
      END {print f + 0, l + 0, length(seen)}' "$dir/per_trial.tsv")
    [ "$distinct" -eq "$trials" ] || bad "$name: per_trial.tsv has $distinct distinct trials for $trials"
    # Completed blocks are written in order: trial numbers 0 .. trials-1, each once.
    awk -F'\t' -v n="$trials" '!/^#/ && $1 ~ /^[0-9]+$/ {if ($1 < 0 || $1 >= n) bad = 1} END {exit bad}' \
      "$dir/per_trial.tsv" || bad "$name: per_trial.tsv has trial numbers outside 0..$((trials - 1))"
    local na
    na=$(awk -F'\t' '!/^#/ && $2 == "agreement"' "$dir/per_trial.tsv" | grep -c .)
    [ "$na" -eq "$a" ] || bad "$name: per_trial.tsv has $na agreements, summary.json $a"
  fi
  [ -z "$(find "$dir" -name '.*tmp*' -type f)" ] || bad "$name: temporary files left: $(find "$dir" -name '.*tmp*')"
  echo "ok: $name ($trials trials before the signal)"
}

# interrupt NAME SIGNAL WAIT_GLOB OUTDIR CMD... — starts CMD, waits for WAIT_GLOB, sends SIGNAL.
interrupt() {
  local name="$1" sig="$2" glob="$3" out="$4"
  shift 4
  rm -rf "$out"
  "$@" >"$T/out" 2>"$T/err" &
  local pid=$!
  if ! wait_for "$glob" 60; then
    bad "$name: the run did not get under way"; kill -KILL "$pid" 2>/dev/null; wait "$pid"; return 1
  fi
  sleep 1 # so that at least one block of trials is complete, even in a sanitizer build
  kill -s "$sig" "$pid"
  # The run stops at the end of its current block: give it a generous minute (sanitizer builds).
  local k
  for ((k = 0; k < 600; k++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    bad "$name: still running 60 s after $sig (a hang)"; kill -KILL "$pid"; wait "$pid"; return 1
  fi
  wait "$pid"
  local rc=$?
  local want=130
  [ "$sig" = TERM ] && want=143
  [ "$rc" -eq "$want" ] || bad "$name: exit $rc after $sig, expected $want ($(head -3 "$T/err"))"
  grep -qF "interrupted" "$T/err" || bad "$name: no 'interrupted' message on stderr"
  grep -qF "$out" "$T/err" || bad "$name: the message does not name the results folder"
  return 0
}

# 1. SIGTERM, two threads, no per-trial rows.
interrupt "run SIGTERM --threads 2" TERM "$T/term" "$T/term" \
  "$PARLEY" run "$S" --trials $BIG --threads 2 --quiet --out "$T/term" &&
  check_partial "run SIGTERM --threads 2" "$T/term" $BIG

# 2. SIGTERM with --per-trial, two threads: one row per completed trial.
interrupt "run SIGTERM --per-trial" TERM "$T/termpt/.*per_trial* $T/termpt/per_trial*" "$T/termpt" \
  "$PARLEY" run "$S" --trials $BIG --threads 2 --per-trial --quiet --out "$T/termpt" &&
  check_partial "run SIGTERM --per-trial" "$T/termpt" $BIG

# 3. SIGINT with --per-trial, one thread.
interrupt "run SIGINT --per-trial --threads 1" INT "$T/intpt/.*per_trial* $T/intpt/per_trial*" "$T/intpt" \
  "$PARLEY" run "$S" --trials $BIG --threads 1 --per-trial --quiet --out "$T/intpt" &&
  check_partial "run SIGINT --per-trial --threads 1" "$T/intpt" $BIG

# 4. SIGINT during a --precision run that cannot reach its target.
interrupt "run SIGINT --precision" INT "$T/prec" "$T/prec" \
  "$PARLEY" run "$S" --precision 0.0000001 --quiet --out "$T/prec" &&
  check_partial "run SIGINT --precision" "$T/prec" $BIG

# 5. SIGTERM during a sweep: the points done so far plus the partial one, sweep.tsv marked.
interrupt "sweep SIGTERM" TERM "$T/sweep/point-0001" "$T/sweep" \
  "$PARLEY" sweep "$S" --trials $BIG --threads 2 --quiet --over agents.north.reservation=0.4:0.6:3 \
  --out "$T/sweep" && {
  check_partial "sweep SIGTERM, point 1" "$T/sweep/point-0001" $BIG
  grep -qx '# complete: false' "$T/sweep/sweep.tsv" || bad "sweep SIGTERM: sweep.tsv not marked '# complete: false'"
  rows=$(grep -v '^#' "$T/sweep/sweep.tsv" | tail -n +2 | grep -c .)
  [ "$rows" -ge 1 ] && [ "$rows" -le 3 ] || bad "sweep SIGTERM: $rows rows in sweep.tsv"
  st=$(awk -F'\t' '!/^#/ && $1 ~ /^[0-9.]/ {print $2; exit}' "$T/sweep/sweep.tsv")
  [ "$st" = "$(json_num "$T/sweep/point-0001/summary.json" trials)" ] ||
    bad "sweep SIGTERM: sweep.tsv trials $st differ from point-0001/summary.json"
}

# 6. An interrupted run gives the same counts as an uninterrupted run of that many trials
# (common random numbers: trial k is trial k whatever stopped the run).
if [ -s "$T/intpt/summary.json" ]; then
  n=$(json_num "$T/intpt/summary.json" trials)
  if [ "$n" -le 5000000 ]; then
    "$PARLEY" run "$S" --trials "$n" --threads 1 --quiet --out "$T/again" >/dev/null 2>&1 ||
      bad "rerun of $n trials failed"
    for k in agreement breakdown deadlock; do
      [ "$(json_num "$T/again/summary.json" $k)" = "$(json_num "$T/intpt/summary.json" $k)" ] ||
        bad "rerun of $n trials: $k differs from the interrupted run"
    done
    echo "ok: the interrupted run's $n trials match a complete run of $n trials"
  fi
fi

# The per-trial files of these runs are large (tens of MB per second of running): drop them.
rm -rf "$T/termpt" "$T/intpt" "$T/again"

# 7. A signal while the results are written (issue 11: the handlers used to be switched off before
# the write, so it killed parley, lost every trial and left the temporary files). The write phase
# is found by polling for the staged per_trial.tsv (".per_trial.tsv.tmp-*", written after the
# trials, from the rows; about 50 MB for 1 M trials) and the signal is sent as soon as it appears.
# Expected: the write finishes, every trial is there and "complete": true (the trials had all
# finished), exit 130 / 143, no temporary file and no lock file.
NW=1000000
write_phase() {
  local sig="$1" want="$2" out="$T/write-$1" attempt k rc hit
  for attempt in 1 2 3; do
    rm -rf "$out"
    "$PARLEY" run "$S" --trials $NW --threads 2 --per-trial --quiet --out "$out" >"$T/out" 2>"$T/err" &
    local pid=$!
    hit=0
    for ((k = 0; k < 12000; k++)); do
      kill -0 "$pid" 2>/dev/null || break
      if compgen -G "$out/.per_trial.tsv.tmp-*" >/dev/null; then
        kill -s "$sig" "$pid" && hit=1
        break
      fi
      sleep 0.005
    done
    wait "$pid"
    rc=$?
    [ "$hit" -eq 1 ] && break
    echo "note: write phase of attempt $attempt missed (rc $rc); trying again"
  done
  [ "$hit" -eq 1 ] || { bad "signal $sig during the write: never caught the write phase"; return; }
  [ "$rc" -eq "$want" ] || bad "signal $sig during the write: exit $rc, expected $want ($(head -3 "$T/err"))"
  [ -s "$out/summary.json" ] || { bad "signal $sig during the write: no summary.json"; return; }
  grep -q '"complete": true' "$out/summary.json" || bad "signal $sig during the write: not \"complete\": true"
  [ "$(json_num "$out/summary.json" trials)" = "$NW" ] || bad "signal $sig during the write: trials != $NW"
  local rows
  rows=$(grep -vc '^#' "$out/per_trial.tsv")
  [ "$rows" -eq $((NW + 1)) ] || bad "signal $sig during the write: per_trial.tsv has $((rows - 1)) rows, expected $NW"
  grep -qF "interrupted while writing" "$T/err" || bad "signal $sig during the write: no message ($(head -2 "$T/err"))"
  [ -z "$(find "$out" -name '.*' -type f)" ] || bad "signal $sig during the write: left $(find "$out" -name '.*' -type f)"
  echo "ok: $sig during the write of $NW per-trial rows (exit $rc, all written)"
  rm -rf "$out"
}
write_phase INT 130
write_phase TERM 143

# 8. Two runs into one --out: the second is refused before it runs (exit 1, naming the first's
# process) and the folder holds the first run's files only (issue 11: they used to mix, e.g. a
# per_trial.tsv of one run next to the summary of the other).
X="$T/shared"
rm -rf "$X"
"$PARLEY" run "$S" --trials $BIG --seed 1 --threads 1 --quiet --out "$X" >"$T/out" 2>"$T/err" &
pa=$!
if wait_for "$X/.parley.lock $X/.*tmp*" 60 || [ -d "$X" ]; then
  "$PARLEY" run "$S" --trials 2000 --seed 2 --threads 1 --per-trial --quiet --out "$X" >"$T/outb" 2>"$T/errb"
  rc=$?
  [ "$rc" -eq 1 ] || bad "second writer to one --out: exit $rc, expected 1"
  grep -qF "another parley (process $pa) is writing to this folder" "$T/errb" ||
    bad "second writer to one --out: message '$(head -2 "$T/errb")'"
  sleep 1
  kill -INT "$pa"
  wait "$pa"
  rc=$?
  [ "$rc" -eq 130 ] || bad "first writer to one --out: exit $rc after SIGINT"
  [ "$(json_num "$X/summary.json" seed)" = 1 ] || bad "one --out: summary.json is not the first run's"
  [ ! -e "$X/per_trial.tsv" ] || bad "one --out: the folder mixes the two runs (per_trial.tsv of the second)"
  [ -z "$(find "$X" -name '.*' -type f)" ] || bad "one --out: left $(find "$X" -name '.*' -type f)"
  echo "ok: a second writer to one --out is refused; the folder is the first run's"
else
  bad "one --out: the first run did not get under way"; kill -KILL "$pa"; wait "$pa"
fi
rm -rf "$X"

# 9. A second Ctrl-C during the trials ends parley at once, and removes what the run had made: the
# per-trial rows and the folders it created (here three levels of them).
rm -rf "$T/twice"
"$PARLEY" run "$S" --trials $BIG --threads 2 --per-trial --quiet --out "$T/twice/a/b" >"$T/out" 2>"$T/err" &
pid=$!
if wait_for "$T/twice/a/b/.*per_trial*" 60; then
  kill -INT "$pid"
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  [ "$rc" -eq 130 ] || bad "second Ctrl-C: exit $rc, expected 130"
  if [ -e "$T/twice/a/b/summary.json" ]; then
    # The first signal's write had begun before the second came: it finished, which is allowed.
    [ -z "$(find "$T/twice" -name '.*' -type f)" ] || bad "second Ctrl-C: left $(find "$T/twice" -name '.*' -type f)"
  else
    [ ! -e "$T/twice" ] || bad "second Ctrl-C: left $(find "$T/twice")"
  fi
  echo "ok: a second Ctrl-C during the trials leaves nothing behind"
else
  bad "second Ctrl-C: the run did not get under way"; kill -KILL "$pid"; wait "$pid"
fi
rm -rf "$T/twice"

# 10. A run that fails after making its folders leaves none of them: here the per-trial rows hit a
# file-size limit (ulimit -f, in 1024-byte blocks; SIGXFSZ ignored so that write() fails with EFBIG).
rm -rf "$T/fsize"
(
  trap '' XFSZ
  ulimit -f 64
  exec "$PARLEY" run "$S" --trials 100000 --threads 1 --per-trial --quiet --out "$T/fsize/a/b"
) >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || bad "failing run: exit $rc, expected 1 ($(head -2 "$T/err"))"
[ ! -e "$T/fsize" ] || bad "failing run: left $(find "$T/fsize")"
echo "ok: a failing run leaves no folder behind"
exit "$fail"
