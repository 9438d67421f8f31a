#!/usr/bin/env bash
# cli_trace.sh — `parley trace` through the built binary: the JSON shape of docs/outputs.md, the plain
# account, agreement with the per-trial rows of `parley run`, and exit statuses.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
SMALL="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_status() { # expect_status WANT GOT WHAT
  [ "$2" -eq "$1" ] || fail "$3: exit status $2, expected $1"
}

# 1. JSON shape (docs/outputs.md): trial, outcome, rounds[{round, text, responses, positions, reservations}].
"$PARLEY" run "$SMALL" --trials 40 --per-trial --quiet --out "$T/run" --set protocol.breakdown=0.2
expect_status 0 $? "run --per-trial"
for k in 0 1 2 3 5 8 13 21 34; do
  "$PARLEY" trace "$SMALL" --trial $k --json --set protocol.breakdown=0.2 > "$T/t$k.json"
  expect_status 0 $? "trace --trial $k --json"
  jq -e --argjson k $k '
    .trial == $k
    and (.outcome | IN("agreement", "breakdown", "deadlock"))
    and (.rounds | type == "array" and length >= 1)
    and all(.rounds[]; has("round") and has("text") and has("responses") and has("positions")
                       and has("reservations"))
    and ([.rounds[].round] == [range(1; (.rounds | length) + 1)])
    and all(.rounds[]; (.positions | keys) == ["broker", "north", "south"])
    and all(.rounds[]; (.reservations | keys) == ["north", "south"])
    and all(.rounds[]; .text == null or (.text | keys) == ["aid", "border"])
    and all(.rounds[]; .responses | to_entries | all(.value | type == "boolean"))' \
    "$T/t$k.json" > /dev/null || fail "trace --trial $k --json shape: $(head -c 400 "$T/t$k.json")"
  outcome=$(jq -r .outcome "$T/t$k.json")
  last=$(jq '.rounds[-1]' "$T/t$k.json")
  case "$outcome" in
  agreement)
    echo "$last" | jq -e '.text != null and (.responses | length == 2 and all(.[]; .))' > /dev/null ||
      fail "trial $k: agreement but the last round is not accepted by both parties" ;;
  breakdown)
    echo "$last" | jq -e '.text == null and (.responses | length == 0)' > /dev/null ||
      fail "trial $k: breakdown round should have text null and no responses" ;;
  deadlock)
    [ "$(jq '.rounds | length' "$T/t$k.json")" = 20 ] || fail "trial $k: deadlock before max_rounds" ;;
  esac
  # The same trial as row k of the run's per_trial.tsv (same streams, same overrides).
  row=$(awk -F'\t' -v k=$k '$1 == k && $2 != "outcome" { print $2 "/" $3 }' "$T/run/per_trial.tsv")
  [ "$row" = "$outcome/$(jq .ended_round "$T/t$k.json")" ] ||
    fail "trial $k: trace says $outcome/$(jq .ended_round "$T/t$k.json"), per_trial.tsv says $row"
  # 2. Plain words: the outcome, round by round.
  "$PARLEY" trace "$SMALL" --trial $k --set protocol.breakdown=0.2 > "$T/t$k.txt"
  expect_status 0 $? "trace --trial $k"
  grep -q "Outcome: $(echo "$outcome" | tr "[:lower:]" "[:upper:]")" "$T/t$k.txt" || fail "trial $k: plain output lacks the outcome"
  grep -q "^Round 1$" "$T/t$k.txt" || fail "trial $k: plain output lacks round 1"
  grep -q "agents.north.reservation = " "$T/t$k.txt" || fail "trial $k: drawn parameters missing"
done

# 3. The reference scenario from any folder; a protocol with a proposer names it.
(cd / && "$PARLEY" trace --trial 7 --json > "$T/ref.json")
expect_status 0 $? "trace of the reference scenario from /"
[ "$(jq -r '.scenario' "$T/ref.json")" = gaza-2024-08 ] || fail "reference trace scenario"
"$PARLEY" trace "$SMALL" --trial 2 --json --set protocol.kind=alternating > "$T/alt.json"
expect_status 0 $? "trace --set protocol.kind=alternating"
jq -e '.rounds[0].proposer == "north"' "$T/alt.json" > /dev/null || fail "alternating: proposer of round 1"
"$PARLEY" trace "$SMALL" --trial 2 --set protocol.kind=alternating | grep -q "proposed by North" ||
  fail "alternating: plain output does not name the proposer"

# A deadlock: South accepts nothing (reservation 1 > any utility), no breakdown, no noise.
DL="--set agents.south.reservation=1 --set protocol.breakdown=0 --set protocol.noise=0 --set protocol.max_rounds=3"
# shellcheck disable=SC2086
"$PARLEY" trace "$SMALL" --trial 0 --json $DL > "$T/dl.json"
expect_status 0 $? "trace of a deadlock"
jq -e '.outcome == "deadlock" and (.rounds | length) == 3 and .rounds[2].responses.south == false' \
  "$T/dl.json" > /dev/null || fail "deadlock trace: $(jq -c '[.outcome, (.rounds | length)]' "$T/dl.json")"
# shellcheck disable=SC2086
"$PARLEY" trace "$SMALL" --trial 0 $DL | grep -q "Outcome: DEADLOCK" || fail "deadlock: plain output"

# Numbers and layout (docs/outputs.md, the one JSON writer): whole numbers as integers (90, not
# 90.0), a seed beyond 2^63 as an unsigned integer (not a string, not wrapped), two-space
# indentation, one final newline.
grep -q '^          "border": 90,$' "$T/dl.json" || fail "trace --json: whole position not an integer"
grep -q '^        "south": 1$' "$T/dl.json" || fail "trace --json: reservation 1 not written as 1"
[ "$(tail -c 2 "$T/dl.json" | od -An -c | tr -d ' ')" = '}\n' ] || fail "trace --json: final newline"
"$PARLEY" trace "$SMALL" --trial 0 --json --seed 18446744073709551615 > "$T/seed.json"
expect_status 0 $? "trace --seed 2^64-1"
grep -q '^  "seed": 18446744073709551615,$' "$T/seed.json" || fail "trace --json: seed 2^64-1"

# 4. Exit statuses.
"$PARLEY" trace "$SMALL" 2> /dev/null
expect_status 2 $? "trace without --trial"
"$PARLEY" trace "$SMALL" --trial x 2> /dev/null
expect_status 2 $? "trace --trial x"
"$PARLEY" trace "$SMALL" --trial 1 --threads 2 2> /dev/null
expect_status 2 $? "trace with an option of run"
"$PARLEY" trace "$SMALL" --trial 1 --set protocol.nope=1 2> "$T/err"
expect_status 2 $? "trace with a bad --set"
grep -q "protocol.nope" "$T/err" || fail "bad --set message"
"$PARLEY" trace "$T/missing.cfg" --trial 1 2> /dev/null
expect_status 2 $? "trace of a missing file"
"$PARLEY" trace --help | grep -q "usage: parley trace" || fail "trace --help"

# 5. --json is streamed round by round (pl_results_trace_json): a 100,000-round trial (about 75 MB
# of JSON) needs no more memory than the plain account, which holds only the trace. Under a
# virtual-memory limit (ulimit -v, KB) just above the smallest at which the plain account runs,
# --json runs too; built whole in memory, it needed the trace plus about twice the text (measured:
# the plain account ran at 80 MB, the whole-text --json failed at 120 MB). Not under sanitizers,
# whose shadow memory no such limit allows.
LONG=(--trial 0 --set protocol.max_rounds=100000 --set protocol.breakdown=0 --set protocol.noise=0
  --set agents.north.reservation=1 --set agents.south.reservation=1 --set agents.north.flexibility=0
  --set agents.south.flexibility=0 --set agents.broker.leverage.north=0
  --set agents.broker.leverage.south=0)
if grep -qa __asan_init "$PARLEY"; then
  echo "cli_trace: sanitizer build, the memory check of --json skipped"
else
  limit=0
  for kb in 40000 60000 80000 100000 120000 140000 160000 200000 300000; do
    if (ulimit -v $kb && "$PARLEY" trace "$SMALL" "${LONG[@]}" >/dev/null 2>&1); then
      limit=$kb
      break
    fi
  done
  [ "$limit" -gt 0 ] || fail "the plain account of a 100,000-round trial did not run"
  (ulimit -v $((limit + 20000)) && "$PARLEY" trace "$SMALL" "${LONG[@]}" --json >"$T/long.json" 2>"$T/err")
  expect_status 0 $? "trace --json of 100,000 rounds under ulimit -v $((limit + 20000))"
  [ "$(grep -c '^      "round": ' "$T/long.json")" -eq 100000 ] || fail "long --json: not 100,000 rounds"
  [ "$(tail -c 2 "$T/long.json")" = "}" ] || fail "long --json: does not end with '}'"
  rm -f "$T/long.json"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_trace: all checks passed"
