#!/usr/bin/env bash
# cli_mpi.sh — parley under mpirun (docs/cluster.md; issue 13, "Done when"):
# - `run` (with --per-trial), `sweep` and `sensitivity` under `mpirun --oversubscribe -np N`,
#   N = 1, 2, 3, 4, give the bytes of one process (every file but run.json, which records time and
#   the command); also 2 ranks x 2 threads, and a --precision run, which must stop at the same
#   trial as one process;
# - SIGINT: to mpirun (Open MPI then ends the ranks with SIGTERM and exits 1 itself), and to the
#   ranks as a terminal's Ctrl-C does (every rank stops, rank 0 writes, status 130): no hang,
#   partial results marked "complete": false;
# - a rank that fails: an unwritable --out, seen only by rank 0, which alone creates the folder:
#   the other ranks do not wait for it (status 1, one message, nothing run).
# Expected values: the single-process runs themselves. Skipped (status 77) in a build without
# MPI (PARLEY_MPIRUN empty). Every mpirun is under `timeout`, so a hang fails instead of blocking.
set -u
if [ -z "${PARLEY_MPIRUN:-}" ]; then
  echo "cli_mpi: parley was built without MPI: skipped"
  exit 77
fi
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
rm -rf "${T:?}"/*
S="$PARLEY_SRC/tests/data/run/small.cfg"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# CI runs as root, which Open MPI refuses unless told twice.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() {
  local np="$1"
  shift
  timeout 120 "$PARLEY_MPIRUN" --oversubscribe -np "$np" "$@"
}

# same NAME DIR1 DIR2 — every file of DIR1 (recursively, but run.json) is in DIR2 with the same
# bytes, and DIR2 has no other file.
same() {
  local d
  d=$(diff -r -x run.json "$2" "$3" 2>&1) || bad "$1: differs from one process: $d"
}

# run: 4 full blocks and a short one, with per-trial rows.
run_args=(run "$S" --trials 4500 --seed 11 --quiet --per-trial)
"$PARLEY" "${run_args[@]}" --threads 1 --out "$T/run1" || bad "run: one process failed"
for np in 1 2 3 4; do
  mpi "$np" "$PARLEY" "${run_args[@]}" --threads 1 --out "$T/run-np$np" ||
    bad "run -np $np: status $?"
  same "run -np $np" "$T/run1" "$T/run-np$np"
done
mpi 2 "$PARLEY" "${run_args[@]}" --threads 2 --out "$T/run-2x2" || bad "run 2x2: status $?"
same "run 2 ranks x 2 threads" "$T/run1" "$T/run-2x2"

# A scenario with events (their rounds are per-trial columns) and warnings (in summary.json).
E="$PARLEY_SRC/bench/gaza-events.cfg"
"$PARLEY" run "$E" --trials 2500 --threads 1 --quiet --per-trial --out "$T/ev1" 2>/dev/null ||
  bad "events: one process failed"
mpi 3 "$PARLEY" run "$E" --trials 2500 --threads 1 --quiet --per-trial --out "$T/ev3" ||
  bad "events -np 3: status $?"
same "events -np 3" "$T/ev1" "$T/ev3"

# --precision: the stopping point is decided on the merged prefix, block by block.
"$PARLEY" run "$S" --precision 0.004 --threads 2 --quiet --out "$T/prec1" || bad "precision run"
mpi 3 "$PARLEY" run "$S" --precision 0.004 --threads 1 --quiet --out "$T/prec3" ||
  bad "precision -np 3: status $?"
same "precision -np 3" "$T/prec1" "$T/prec3"

# sweep: 3 points, each shared by the ranks.
sweep_args=(sweep "$S" --trials 2500 --quiet --per-trial --over agents.north.reservation=0.3:0.5:3)
"$PARLEY" "${sweep_args[@]}" --threads 1 --out "$T/sw1" || bad "sweep: one process failed"
for np in 1 2 3 4; do
  mpi "$np" "$PARLEY" "${sweep_args[@]}" --threads 1 --out "$T/sw-np$np" ||
    bad "sweep -np $np: status $?"
  same "sweep -np $np" "$T/sw1" "$T/sw-np$np"
done

# sensitivity: tornado, Sobol and judgements, blocks of each shared by the ranks.
sens_args=(sensitivity "$S" --trials 1500 --samples 700 --judgements 300 --lucks 10 --quiet)
"$PARLEY" "${sens_args[@]}" --threads 1 --out "$T/se1" || bad "sensitivity: one process failed"
for np in 1 2 3 4; do
  mpi "$np" "$PARLEY" "${sens_args[@]}" --threads 1 --out "$T/se-np$np" ||
    bad "sensitivity -np $np: status $?"
  same "sensitivity -np $np" "$T/se1" "$T/se-np$np"
done

# A tornado over a setting too (its rows run whole scenarios of their own, after the parameters).
tor_args=(sensitivity "$S" --method tornado --range protocol.max_rounds=5:20 --trials 3000 --quiet)
"$PARLEY" "${tor_args[@]}" --threads 1 --out "$T/tor1" || bad "tornado: one process failed"
mpi 3 "$PARLEY" "${tor_args[@]}" --threads 1 --out "$T/tor3" || bad "tornado -np 3: status $?"
same "tornado over a setting -np 3" "$T/tor1" "$T/tor3"

# A rank that fails: --out below a regular file. Only rank 0 creates the folder.
: >"$T/file"
for cmd in run sweep sensitivity; do
  extra=()
  [ "$cmd" = sweep ] && extra=(--over agents.north.reservation=0.3:0.5:2)
  mpi 3 "$PARLEY" "$cmd" "$S" --trials 2000 --threads 1 --quiet "${extra[@]}" \
    --out "$T/file/out" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 1 ] || bad "$cmd, unwritable --out under mpirun: status $rc, expected 1"
  n=$(grep -c "cannot create the folder" "$T/err")
  [ "$n" -eq 1 ] || bad "$cmd, unwritable --out: $n messages, expected 1: $(cat "$T/err")"
done

# wait_ranks PID N — waits until the mpirun under `timeout` PID has N parley children and the run
# is under way; sets MPIRUN and RANKS to their process ids.
wait_ranks() {
  local k
  MPIRUN="" RANKS=""
  for ((k = 0; k < 300; k++)); do
    MPIRUN=$(pgrep -P "$1" | head -1)
    RANKS=$([ -n "$MPIRUN" ] && pgrep -P "$MPIRUN" -x parley | sort -n | tr '\n' ' ')
    [ "$(echo $RANKS | wc -w)" -ge "$2" ] && break
    sleep 0.1
  done
  sleep 1
}

# SIGINT to the ranks (a terminal's Ctrl-C reaches every process of the job): 130, partial results.
big=(run "$S" --trials 1000000000000 --threads 1 --quiet)
# (timeout is started directly, not through mpi(): $! is then its process id.)
timeout 120 "$PARLEY_MPIRUN" --oversubscribe -np 3 "$PARLEY" "${big[@]}" --out "$T/int-ranks" \
  2>"$T/err" &
mp=$!
wait_ranks "$mp" 3
kill -INT $RANKS
wait "$mp"
rc=$?
[ "$rc" -eq 130 ] || bad "SIGINT to the ranks: status $rc, expected 130"
grep -q '"complete": false' "$T/int-ranks/summary.json" 2>/dev/null ||
  bad "SIGINT to the ranks: no partial summary.json"
n=$(grep -c "parley run: interrupted after" "$T/err")
[ "$n" -eq 1 ] || bad "SIGINT to the ranks: $n messages, expected 1"

# SIGINT to one rank only (not rank 0): rank 0 sees it stop and ends the run for everyone.
timeout 120 "$PARLEY_MPIRUN" --oversubscribe -np 3 "$PARLEY" "${big[@]}" --out "$T/int-one" \
  2>"$T/err" &
mp=$!
wait_ranks "$mp" 3
kill -INT "$(echo $RANKS | awk '{ print $NF }')"
wait "$mp"
rc=$?
[ "$rc" -eq 130 ] || bad "SIGINT to one rank: status $rc, expected 130"
grep -q '"complete": false' "$T/int-one/summary.json" 2>/dev/null ||
  bad "SIGINT to one rank: no partial summary.json"

# SIGINT to mpirun: Open MPI sends SIGTERM to the ranks, then SIGKILL after
# odls_base_sigkill_timeout seconds, and exits 1 itself. With time enough to write, rank 0 writes.
timeout 120 "$PARLEY_MPIRUN" --oversubscribe --mca odls_base_sigkill_timeout 20 -np 3 \
  "$PARLEY" "${big[@]}" --out "$T/int-mpirun" 2>"$T/err" &
mp=$!
wait_ranks "$mp" 3
kill -INT "$MPIRUN"
wait "$mp"
rc=$?
[ "$rc" -eq 1 ] || [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ] ||
  bad "SIGINT to mpirun: status $rc, expected 1 (or 130/143)"
grep -q '"complete": false' "$T/int-mpirun/summary.json" 2>/dev/null ||
  bad "SIGINT to mpirun: no partial summary.json"

# A sweep interrupted under MPI stops every rank after the point in progress.
timeout 120 "$PARLEY_MPIRUN" --oversubscribe -np 2 "$PARLEY" sweep "$S" --trials 1000000000000 \
  --threads 1 --quiet \
  --over agents.north.reservation=0.3:0.5:3 --out "$T/int-sweep" 2>"$T/err" &
mp=$!
wait_ranks "$mp" 2
kill -INT $RANKS
wait "$mp"
rc=$?
[ "$rc" -eq 130 ] || bad "SIGINT to a sweep's ranks: status $rc, expected 130"
grep -q "complete: false" "$T/int-sweep/sweep.tsv" 2>/dev/null ||
  bad "SIGINT to a sweep: sweep.tsv not marked incomplete"

# bench/mpi still works (a smoke run: its figures mean nothing at this size).
bash "$PARLEY_SRC/bench/mpi" --runs 1 --trials 20000 --parley "$PARLEY" >"$T/bench" 2>&1 ||
  bad "bench/mpi failed: $(tail -3 "$T/bench")"
grep -q "^ranks / threads: " "$T/bench" || bad "bench/mpi printed no ratio"

[ "$fail" -eq 0 ] && echo "cli_mpi: all passed"
exit "$fail"
