#!/usr/bin/env bash
# cli_run.sh — `parley run` through the built binary: the results folder, --json, reproducibility
# across thread counts, overrides, exit statuses, interruption (docs/model.md, docs/outputs.md).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
SMALL="$PARLEY_SRC/tests/data/run/small.cfg"
FILES="summary.json run.json scenario.cfg outcomes.tsv rounds.tsv agreement_point.tsv"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_status() { # expect_status WANT GOT WHAT
  [ "$2" -eq "$1" ] || fail "$3: exit status $2, expected $1"
}

# 1. No scenario, from /: the reference scenario, a complete results folder.
(cd / && "$PARLEY" run --trials 3000 --out "$T/ref" > "$T/ref.out" 2> "$T/ref.err")
expect_status 0 $? "run from / without a scenario"
for f in $FILES; do [ -s "$T/ref/$f" ] || fail "reference run: $f missing or empty"; done
[ -z "$(find "$T/ref" -name '.*' -type f)" ] || fail "temporary files left in $T/ref"
[ "$(jq -r .scenario "$T/ref/summary.json")" = gaza-2024-08 ] || fail "reference scenario name"
[ "$(jq -r .trials "$T/ref/summary.json")" = 3000 ] || fail "--trials not applied"
[ "$(jq -r .complete "$T/ref/summary.json")" = true ] || fail "complete should be true"
grep -q "P(agreement)" "$T/ref.out" || fail "table lacks P(agreement)"
grep -q "Results written to $T/ref/" "$T/ref.out" || fail "table does not say where results are"
# stderr, not a terminal: only the reference's two warnings, its normal(0.9, 0.08) saliences
# clamping Q(1.25) = 10.6% of their draws to [0, 1] (scenarios/gaza-2024-08.cfg lines 102 and 108)
[ "$(grep -vc ': warning: agents.israel.salience.[a-z_]*: normal(0.9, 0.08) puts 10.6% of its draws outside \[0, 1\]' "$T/ref.err")" = 0 ] ||
  fail "stderr has more than the warnings when it is not a terminal: $(cat "$T/ref.err")"
[ "$(grep -c '^gaza-2024-08.cfg (built in):\(102\|108\): warning: ' "$T/ref.err")" = 2 ] || fail "reference warnings: $(cat "$T/ref.err")"
[ "$(jq '.warnings | length' "$T/ref/summary.json")" = 2 ] || fail "summary.json lacks the two warnings"
# the resolved scenario carries --trials and loads back
grep -q "trials = 3000" "$T/ref/scenario.cfg" || fail "scenario.cfg lacks the resolved trials"
"$PARLEY" run "$T/ref/scenario.cfg" --trials 3000 --out "$T/ref2" --quiet
expect_status 0 $? "run of the written scenario.cfg"
# the same summary; the warnings name the written file and its lines, with the same messages
cmp -s <(jq 'del(.warnings)' "$T/ref/summary.json") <(jq 'del(.warnings)' "$T/ref2/summary.json") ||
  fail "scenario.cfg does not reproduce the run"
cmp -s <(jq '[.warnings[].message]' "$T/ref/summary.json") <(jq '[.warnings[].message]' "$T/ref2/summary.json") ||
  fail "scenario.cfg does not give the same warnings"

# 2. --json: exactly the summary keys, and the same bytes as summary.json.
"$PARLEY" run "$SMALL" --json --out "$T/json" > "$T/json.out"
expect_status 0 $? "run --json"
keys=$(jq -S -c keys "$T/json.out")
want='["agents","agreement_point","blocking","ci95","complete","outcomes","p_agreement","rounds","scenario","seed","trials","version"]'
[ "$keys" = "$want" ] || fail "--json keys: $keys"
[ "$(jq -S -c '.outcomes|keys' "$T/json.out")" = '["agreement","breakdown","deadlock"]' ] ||
  fail "outcomes keys"
[ "$(jq -S -c '.rounds|keys' "$T/json.out")" = '["mean","p50","p90"]' ] || fail "rounds keys"
[ "$(jq -S -c '.agreement_point.border|keys' "$T/json.out")" = '["mean","p05","p50","p95","sd"]' ] ||
  fail "agreement_point keys"
[ "$(jq -S -c '.agents.north|keys' "$T/json.out")" = '["mean_utility","rejection_rate"]' ] ||
  fail "agents keys"
[ "$(jq -c '.agents.broker.rejection_rate' "$T/json.out")" = null ] || fail "mediator rejection rate should be null"
[ "$(jq -c '.ci95|length' "$T/json.out")" = 2 ] || fail "ci95 is not a pair"
cmp -s "$T/json.out" "$T/json/summary.json" || fail "--json output differs from summary.json"

# 3. Byte-identical files for 1, 2 and 3 threads (docs/model.md: a guarantee).
for t in 1 2 3; do
  "$PARLEY" run "$SMALL" --trials 7001 --threads $t --per-trial --quiet --out "$T/th$t"
  expect_status 0 $? "run --threads $t"
done
for f in summary.json outcomes.tsv rounds.tsv agreement_point.tsv per_trial.tsv scenario.cfg; do
  cmp -s "$T/th1/$f" "$T/th2/$f" || fail "$f differs between 1 and 2 threads"
  cmp -s "$T/th1/$f" "$T/th3/$f" || fail "$f differs between 1 and 3 threads"
done
rows=$(grep -vc '^#' "$T/th1/per_trial.tsv")
[ "$rows" -eq 7002 ] || fail "per_trial.tsv has $rows lines after the metadata, expected 1 + 7001"
[ "$(jq .threads "$T/th3/run.json")" = 3 ] || fail "run.json threads"

# 4. TSV layout: metadata, then one header row.
head -n 7 "$T/th1/outcomes.tsv" | grep -c '^#' | grep -qx 6 || fail "outcomes.tsv metadata"
sed -n 7p "$T/th1/outcomes.tsv" | grep -qx $'outcome\tcount\tshare\tci_low\tci_high' ||
  fail "outcomes.tsv header"
grep -qx '# trials: 7001' "$T/th1/rounds.tsv" || fail "rounds.tsv metadata trials"
sum=$(awk -F'\t' '!/^#/ && NR > 1 && $1 != "outcome" { s += $2 } END { print s }' "$T/th1/outcomes.tsv")
[ "$sum" = 7001 ] || fail "outcome counts sum to $sum"

# 5. --set changes the result; a bad --set is a scenario error (exit 2) naming the path.
"$PARLEY" run "$SMALL" --set protocol.breakdown=0.3 --json --out "$T/set" > "$T/set.out"
expect_status 0 $? "run --set"
[ "$(jq .p_agreement "$T/set.out")" != "$(jq .p_agreement "$T/json.out")" ] ||
  fail "--set protocol.breakdown=0.3 did not change P(agreement)"
grep -q "breakdown = 0.3" "$T/set/scenario.cfg" || fail "scenario.cfg lacks the override"
"$PARLEY" run "$SMALL" --set protocol.no_such_thing=1 --out "$T/badset" 2> "$T/badset.err"
expect_status 2 $? "unknown --set path"
grep -q "error: .*protocol.no_such_thing" "$T/badset.err" || fail "bad --set message: $(cat "$T/badset.err")"
"$PARLEY" run "$SMALL" --set agents.north.reservation=7 --out "$T/badset" 2> "$T/badset.err"
expect_status 2 $? "out-of-domain --set value"
grep -q "error:" "$T/badset.err" || fail "no error message for a bad --set value"
[ ! -e "$T/badset" ] || fail "a failed --set left a results folder"

# 6. An unwritable --out: exit 1, a message, nothing written.
mkdir -p "$T/unw" && : > "$T/unw/plain"
"$PARLEY" run "$SMALL" --out "$T/unw/plain/sub" 2> "$T/unw.err"
expect_status 1 $? "unwritable --out"
grep -q "error:" "$T/unw.err" || fail "unwritable --out: no message"
[ "$(ls -A "$T/unw")" = plain ] || fail "unwritable --out left files: $(ls -A "$T/unw")"
[ ! -s "$T/unw/plain" ] || fail "unwritable --out wrote into a file"

# 7. Default folder results/NAME-YYYYmmdd-HHMMSS, a suffix when it exists.
mkdir -p "$T/cwd"
(cd "$T/cwd" && "$PARLEY" run "$SMALL" --trials 100 --quiet && "$PARLEY" run "$SMALL" --trials 100 --quiet)
expect_status 0 $? "run into the default folder"
n=$(find "$T/cwd/results" -mindepth 1 -maxdepth 1 -type d -name 'small-[0-9]*-[0-9]*' | wc -l)
[ "$n" -eq 2 ] || fail "expected 2 default results folders, found $n"
for d in "$T"/cwd/results/small-*; do
  [ -s "$d/summary.json" ] || fail "$d lacks summary.json"
done

# 8. --quiet prints nothing; --precision stops early once the interval is narrow enough.
out=$("$PARLEY" run "$SMALL" --quiet --out "$T/quiet")
[ -z "$out" ] || fail "--quiet printed: $out"
[ -s "$T/quiet/summary.json" ] || fail "--quiet wrote no results"
"$PARLEY" run "$SMALL" --precision 0.02 --trials 200000 --json --out "$T/prec" > "$T/prec.out"
expect_status 0 $? "run --precision"
jq -e '.trials < 200000 and (.ci95[1] - .ci95[0]) / 2 <= 0.02 and .complete' "$T/prec.out" > /dev/null ||
  fail "--precision 0.02: $(jq -c '[.trials, .ci95, .complete]' "$T/prec.out")"

# 9. Usage errors exit 2; --help exits 0.
for args in "--trials abc" "--trials 0" "--threads -1" "--precision 0" "--precision 2" \
  "--bogus" "--trials" "--json=1" "a.cfg b.cfg"; do
  # shellcheck disable=SC2086
  "$PARLEY" run $args > /dev/null 2> "$T/usage.err"
  expect_status 2 $? "run $args"
  grep -q "error" "$T/usage.err" || fail "run $args: no message"
done
"$PARLEY" run "$T/no-such-file.cfg" 2> "$T/nofile.err"
expect_status 2 $? "missing scenario file"
grep -q "no-such-file.cfg.*error" "$T/nofile.err" || fail "missing file message: $(cat "$T/nofile.err")"
"$PARLEY" run --help | grep -q "usage: parley run" || fail "run --help"

# 10. Ctrl-C: finishes the blocks in flight, writes complete=false, exits 130.
"$PARLEY" run "$SMALL" --trials 1000000000000 --per-trial --quiet --out "$T/int" 2> "$T/int.err" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
expect_status 130 $? "interrupted run"
if [ -s "$T/int/summary.json" ]; then
  jq -e '.complete == false and (.outcomes.agreement + .outcomes.breakdown + .outcomes.deadlock) == .trials and .trials > 0' \
    "$T/int/summary.json" > /dev/null || fail "interrupted summary: $(jq -c '[.complete, .trials, .outcomes]' "$T/int/summary.json")"
  trials=$(jq .trials "$T/int/summary.json")
  rows=$(grep -vc '^#' "$T/int/per_trial.tsv")
  [ "$rows" -eq $((trials + 1)) ] || fail "interrupted per_trial.tsv: $rows lines for $trials trials"
  grep -qx '# complete: false' "$T/int/outcomes.tsv" || fail "interrupted outcomes.tsv not marked"
  [ -z "$(find "$T/int" -name '.*' -type f)" ] || fail "temporary files left after the interruption"
else
  fail "interrupted run wrote no summary.json ($(cat "$T/int.err"))"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_run: all checks passed"
