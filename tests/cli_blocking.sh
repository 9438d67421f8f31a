#!/usr/bin/env bash
# cli_blocking.sh — "who blocks on what" (docs/outputs.md): summary.json's "blocking", the "Who
# blocks" block of the table, the same bytes for any number of threads; and what `parley trace`
# says of each response: the utility each issue cost the party, and the answers noise decided.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
ONE="$PARLEY_SRC/tests/data/blocking/one_blocks.cfg"
SMALL="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. One party blocks everything (tests/data/blocking/one_blocks.cfg, whose comments derive the
# numbers): North rejects every text, South none; every trial that put a text fails, the trials
# that broke down in round 1 (rounds.tsv) put none. North's mean issue costs are what the text
# costs it: border 9/38, aid 5/52 (the mean of 2381 equal terms: equal to 1e-12).
"$PARLEY" run "$ONE" --out "$T/one" > "$T/one.txt" || fail "run one_blocks exited $?"
S="$T/one/summary.json"
r1=$(awk -F'\t' '$1 == 1 { print $3 }' "$T/one/rounds.tsv")
jq -e --argjson r1 "$r1" '
  .outcomes.agreement == 0
  and .blocking.failed_trials == .trials - $r1
  and (.blocking.parties | keys_unsorted) == ["north", "south"]
  and .blocking.parties.north.share_of_failures == 1
  and .blocking.parties.south.share_of_failures == 0
  and ((.blocking.parties.north.issue_cost.border - 9 / 38) | fabs) < 1e-12
  and ((.blocking.parties.north.issue_cost.aid - 5 / 52) | fabs) < 1e-12
  and .blocking.parties.south.issue_cost == {"border": null, "aid": null}' "$S" > /dev/null ||
  fail "one_blocks summary: $(jq -c '[.outcomes, .blocking]' "$S") (round-1 breakdowns $r1)"
[ "$r1" -gt 0 ] || fail "one_blocks: no breakdown in round 1 to leave out"
grep -qxF "Who blocks ($(jq .blocking.failed_trials "$S") failed trials in which a text was put: who rejected the last one)" \
  "$T/one.txt" || fail "table: no 'Who blocks' heading"
grep -qE '^  North +100\.0%  border 0\.237, aid 0\.096$' "$T/one.txt" || fail "table: North's line"
grep -qE '^  South +0\.0%  -$' "$T/one.txt" || fail "table: South's line"
grep -q "Broker" <(sed -n '/^Who blocks/,/^$/p' "$T/one.txt") && fail "table: a mediator among the blockers"

# 2. Byte-identical summary.json for 1, 2 and 3 threads, with noise and breakdown (the sums of
# issue costs are floating point: accumulated in trial order, merged in block order; 5000 trials
# are 5 blocks).
for t in 1 2 3; do
  "$PARLEY" run "$SMALL" --trials 5000 --threads $t --quiet --out "$T/th$t" \
    --set protocol.noise=0.3 --set protocol.breakdown=0.1 || fail "run --threads $t exited $?"
done
cmp -s "$T/th1/summary.json" "$T/th2/summary.json" || fail "summary.json: 1 and 2 threads differ"
cmp -s "$T/th1/summary.json" "$T/th3/summary.json" || fail "summary.json: 1 and 3 threads differ"
jq -e '.blocking.failed_trials > 100 and all(.blocking.parties[]; .share_of_failures > 0
       and .share_of_failures < 1 and all(.issue_cost[]; . > 0))' "$T/th1/summary.json" > /dev/null ||
  fail "noisy run: blocking not exercised: $(jq -c .blocking "$T/th1/summary.json")"

# 3. trace: each response's utility lost by issue (one_blocks: North's are 9/38 and 5/52), summing
# to 1 - utility; without noise, the probability of accepting is the answer and noise decides
# nothing.
"$PARLEY" trace "$ONE" --trial 0 > "$T/one_trace.txt" || fail "trace one_blocks exited $?"
grep -qxF "    North                    utility 0.6670 vs threshold 1.0000: rejects" "$T/one_trace.txt" ||
  fail "trace: North's response"
grep -qxF "      utility lost by issue: border 0.2368, aid 0.0962" "$T/one_trace.txt" ||
  fail "trace: North's costs by issue"
"$PARLEY" trace "$ONE" --trial 0 --json > "$T/one_trace.json" || fail "trace --json exited $?"
jq -e '.rounds[0] as $r
  | (($r.issue_costs.north.border - 9 / 38) | fabs) < 1e-12
  and (($r.issue_costs.north.aid - 5 / 52) | fabs) < 1e-12
  and $r.accept_probability == {"north": 0, "south": 1}
  and $r.decided_by_noise == {"north": false, "south": false}' "$T/one_trace.json" > /dev/null ||
  fail "trace --json one_blocks: $(jq -c '.rounds[0] | [.issue_costs, .accept_probability]' "$T/one_trace.json")"

# With noise tau = 0.3 (docs/model.md): accept_probability = 1 / (1 + exp(-(U - thr) / tau)); a
# response is decided by noise when U >= thr - 1e-12 says the other answer. Over 30 trials: every
# responder's costs sum to 1 - U, every probability is the logistic, the flags follow the rule, and
# the plain account words each noise-decided answer with the gap and the answer's probability.
NOISY=(--set protocol.noise=0.3 --set protocol.breakdown=0.1)
seen=0
for k in $(seq 0 29); do
  "$PARLEY" trace "$SMALL" --trial "$k" --json "${NOISY[@]}" > "$T/n$k.json" || fail "trace $k --json"
  jq -e '[.rounds[] | select(.text != null) | . as $r | .responses | keys[] as $p
      | ($r.utilities[$p]) as $u | ($r.thresholds[$p]) as $thr
      | (((1 - ($r.issue_costs[$p] | add)) - $u) | fabs) < 1e-12
        and ((($r.accept_probability[$p]) - 1 / (1 + ((-($u - $thr) / 0.3) | exp))) | fabs) < 1e-12
        and $r.decided_by_noise[$p] == ($r.responses[$p] != ($u >= $thr - 1e-12))] | all' \
    "$T/n$k.json" > /dev/null || fail "trace $k --json: costs, probabilities or noise flags"
  "$PARLEY" trace "$SMALL" --trial "$k" "${NOISY[@]}" > "$T/n$k.txt" || fail "trace $k"
  want=$(jq '[.rounds[].decided_by_noise[] | select(.)] | length' "$T/n$k.json")
  got=$(grep -c "(decided by noise)$" "$T/n$k.txt")
  [ "$want" = "$got" ] || fail "trace $k: $got noise-decided lines, the JSON has $want"
  seen=$((seen + got))
  # The first noise-decided answer, word for word from the JSON's numbers.
  line=$(jq -r 'first(.rounds[] | . as $r | .decided_by_noise | to_entries[] | select(.value)
      | .key as $p | ($r.utilities[$p] - $r.thresholds[$p]) as $gap
      | [$p, ($r.responses[$p] | tostring), $gap, $r.accept_probability[$p]] | @tsv) // empty' "$T/n$k.json")
  [ -n "$line" ] || continue
  IFS=$'\t' read -r who acc gap p <<< "$line"
  if [ "$acc" = true ]; then word=accepts; side=below; pa=$p; else word=rejects; side=above; pa=$(awk -v p="$p" 'BEGIN { print 1 - p }'); fi
  text=$(awk -v g="$gap" -v p="$pa" -v w="$word" -v s="$side" \
    'BEGIN { printf "%s, %#.2g %s threshold, probability %.2g%% (decided by noise)", w, (g < 0 ? -g : g), s, 100 * p }')
  label=$(jq -r --arg p "$who" '$p | ascii_upcase[0:1] + .[1:]' -n)
  grep -qE "^    $label +utility [0-9.]+ vs threshold [0-9.]+: $(printf '%s' "$text" | sed 's/[.()%]/\\&/g')$" "$T/n$k.txt" ||
    fail "trace $k: no line '$label ... $text'"
done
[ "$seen" -gt 0 ] || fail "no noise-decided response in 30 noisy trials"
# Where noise decided nothing, the response line ends with the answer as before.
grep -qE '^    (North|South) +utility [0-9.]+ vs threshold [0-9.]+: (accepts|rejects)$' "$T/n0.txt" ||
  fail "trace: plain response lines changed"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_blocking: all checks passed (noise-decided answers seen: $seen)"
