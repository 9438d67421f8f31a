#!/usr/bin/env bash
# cli_shard.sh — `parley run --shard I/K` and `parley merge` (docs/cluster.md; issue 13, "Done
# when": --shard + merge for K = 1, 2, 5 give the bytes of the unsharded run). No MPI needed.
# Expected values: the unsharded run itself (summary.json, every TSV, per_trial.tsv and
# scenario.cfg must be byte-identical; run.json records time and the command, so it differs).
# Also: every way a set of shards can fail to be one run is refused with status 2 and a message
# naming the shard (a missing shard, one given twice, a shard of another seed, of another count,
# one whose scenario.cfg was edited, a truncated shard file), --shard's usage errors, and a shard
# whose run was interrupted leaves no shard file.
set -u
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
rm -rf "${T:?}"/*
S="$PARLEY_SRC/tests/data/run/small.cfg"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
FILES="summary.json outcomes.tsv rounds.tsv agreement_point.tsv per_trial.tsv scenario.cfg"

# 10 blocks of 1024 and a short one: every K below gets shards of unequal sizes.
args=(--trials 10500 --seed 7 --threads 2 --quiet --per-trial)
"$PARLEY" run "$S" "${args[@]}" --out "$T/whole" || bad "unsharded run failed"

for K in 1 2 5; do
  for ((i = 1; i <= K; i++)); do
    "$PARLEY" run "$S" "${args[@]}" --shard "$i/$K" --out "$T/k$K/s$i" ||
      bad "K=$K: shard $i failed"
    [ -s "$T/k$K/s$i/shard.bin" ] || bad "K=$K: shard $i has no shard.bin"
  done
  # Given in reverse order: the merge takes them in any order.
  mapfile -t dirs < <(ls -d "$T/k$K"/s* | sort -r)
  "$PARLEY" merge "${dirs[@]}" --out "$T/m$K" --quiet || bad "K=$K: merge failed"
  for f in $FILES; do
    cmp -s "$T/whole/$f" "$T/m$K/$f" || bad "K=$K: $f differs from the unsharded run"
  done
done

# A scenario with events (per-trial columns) and warnings, which summary.json lists with the file
# and line of the scenario as the run read it (an included file here): the merge, which reads the
# shards' scenario.cfg, must list them as the unsharded run did.
E="$PARLEY_SRC/bench/gaza-events.cfg"
eargs=(--trials 3000 --threads 1 --quiet --per-trial)
"$PARLEY" run "$E" "${eargs[@]}" --out "$T/ev" 2>/dev/null || bad "events: unsharded run failed"
grep -q '"warnings": \[$' "$T/ev/summary.json" || bad "events: the test wants a scenario with warnings"
for i in 1 2; do
  "$PARLEY" run "$E" "${eargs[@]}" --shard "$i/2" --out "$T/evs$i" 2>/dev/null ||
    bad "events: shard $i failed"
done
"$PARLEY" merge "$T/evs1" "$T/evs2" --quiet --out "$T/evm" || bad "events: merge failed"
for f in $FILES; do
  cmp -s "$T/ev/$f" "$T/evm/$f" || bad "events: $f differs from the unsharded run"
done

# A shard's own folder holds its trials only: shard 2 of 5 ran blocks 1 and 6 (2048 trials).
grep -q '"trials": 2048,' "$T/k5/s2/summary.json" || bad "shard 2/5 does not hold 2048 trials"

# merge --json prints summary.json.
"$PARLEY" merge "$T"/k2/s* --out "$T/mj" --json >"$T/mj.out" || bad "merge --json failed"
cmp -s "$T/mj.out" "$T/whole/summary.json" || bad "merge --json is not summary.json"

# merge_fails NAME MESSAGE SHARD_DIR... — status 2, MESSAGE on stderr, no results folder.
merge_fails() {
  local name="$1" msg="$2"
  shift 2
  rm -rf "$T/bad"
  "$PARLEY" merge "$@" --out "$T/bad" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 2 ] || bad "$name: status $rc, expected 2"
  grep -qF -- "$msg" "$T/err" || bad "$name: no '$msg' in: $(cat "$T/err")"
  [ ! -e "$T/bad/summary.json" ] || bad "$name: wrote results"
}
merge_fails "missing shard" "shard 5 of 5 is missing" "$T"/k5/s1 "$T"/k5/s2 "$T"/k5/s3 "$T"/k5/s4
merge_fails "shard twice" "shard 2 of 2 again" "$T"/k2/s1 "$T"/k2/s2 "$T"/k2/s2
merge_fails "shards of two counts" "another shard count" "$T"/k2/s1 "$T"/k5/s2
"$PARLEY" run "$S" --trials 10500 --seed 8 --threads 2 --quiet --per-trial --shard 2/2 \
  --out "$T/seed8" || bad "seed 8 shard failed"
merge_fails "another seed" "another seed" "$T"/k2/s1 "$T/seed8"
"$PARLEY" run "$S" --trials 10500 --seed 7 --threads 2 --quiet --shard 2/2 --out "$T/norows" ||
  bad "shard without rows failed"
merge_fails "rows and none" "another --per-trial setting" "$T"/k2/s1 "$T/norows"
"$PARLEY" run "$S" --trials 10500 --seed 7 --threads 2 --quiet --per-trial --shard 2/2 \
  --set protocol.breakdown=0.2 --out "$T/other" || bad "other scenario shard failed"
merge_fails "another scenario" "another scenario" "$T"/k2/s1 "$T/other"
cp -r "$T/k2/s2" "$T/edited"
sed -i 's/^/ /' "$T/edited/scenario.cfg"
merge_fails "edited scenario.cfg" "not the scenario the shard ran" "$T"/k2/s1 "$T/edited"
cp -r "$T/k2/s2" "$T/cut"
truncate -s -100 "$T/cut/shard.bin"
merge_fails "truncated shard" "truncated or damaged" "$T"/k2/s1 "$T/cut"
merge_fails "not a shard folder" "cannot open the shard file" "$T"/k2/s1 "$T/whole"
"$PARLEY" merge --out "$T/bad" 2>"$T/err"
[ $? -eq 2 ] && grep -q "no shard folder given" "$T/err" || bad "merge without shards"

# --shard's usage errors (status 2, nothing run).
run_fails() {
  local name="$1" msg="$2"
  shift 2
  "$PARLEY" run "$S" --trials 2000 --quiet "$@" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 2 ] || bad "$name: status $rc, expected 2"
  grep -qF -- "$msg" "$T/err" || bad "$name: no '$msg' in: $(cat "$T/err")"
}
run_fails "shard 0" "not an integer in 1..3" --shard 0/3 --out "$T/u"
run_fails "shard 4 of 3" "not an integer in 1..3" --shard 4/3 --out "$T/u"
run_fails "shard without slash" "--shard wants I/K" --shard 3 --out "$T/u"
run_fails "shard without --out" "--shard needs --out" --shard 1/2
run_fails "shard with --precision" "--precision" --shard 1/2 --out "$T/u" --precision 0.01

# An interrupted shard keeps its partial results but no shard file (it could not be merged).
"$PARLEY" run "$S" --trials 1000000000000 --threads 1 --quiet --shard 1/2 --out "$T/int" &
pid=$!
for ((k = 0; k < 100; k++)); do
  ls "$T/int"/.shard.bin.tmp-* >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || bad "interrupted shard: status $rc, expected 130"
[ ! -e "$T/int/shard.bin" ] || bad "interrupted shard: a shard.bin was left"
ls "$T/int"/.shard.bin.tmp-* >/dev/null 2>&1 && bad "interrupted shard: a temporary file was left"
grep -q '"complete": false' "$T/int/summary.json" || bad "interrupted shard: not marked incomplete"

[ "$fail" -eq 0 ] && echo "cli_shard: all passed"
exit "$fail"
