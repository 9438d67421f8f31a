#!/usr/bin/env bash
# cli_events.sh — events during a trial (docs/model.md, "Events") through the built binary.
#
# Known answers (derivations in the header of each scenario file):
#   events-hazard.cfg     two parties that reject every text, a hazard h = 0.1 that sets both
#                         reservations to 0, T = 10 rounds: P = 1 - 0.9^10 = 0.6513215599, mean
#                         round of agreement (1/h - (1-h)^T (T + 1/h)) / (1 - (1-h)^T) = 4.6466007
#                         (truncated geometric law; sd of the round 2.7941228); each checked within
#                         4 standard errors. With --set events.opening.hazard=0.2: 1 - 0.8^10.
#   events-scheduled.cfg  the same talk and a scheduled event in round 4 with probability 0.3:
#                         P = 0.3 (4 standard errors), every agreement in round 4 (exact).
#   alternating           two parties with reservations 0.9, patience 1: no offer is ever
#                         acceptable; an event in round 3 sets both reservations to 0, the game is
#                         solved again, and with patience 1 the last proposer (B, round 10) takes
#                         everything (Ståhl 1972): agreement in round 3 at B's ideal point 1.
# Properties: summary.json is the same bytes at 1, 2 and 3 threads (bench/gaza-events.cfg); an
# event's round in per_trial.tsv is the same whatever other inputs change (common random numbers:
# other numbers, another event added); the resolved scenario.cfg reloads to the same summary and
# writes itself again; trace says which event fired when, as per_trial.tsv does; the loader's and
# --set's messages.
set -u
: "${PARLEY:?PARLEY must name the parley binary}"
: "${PARLEY_SRC:?PARLEY_SRC must name the source tree}"
: "${PARLEY_TMP:?PARLEY_TMP must name a scratch folder}"
command -v jq >/dev/null || { echo "jq is required"; exit 1; }
rm -rf "$PARLEY_TMP"
mkdir -p "$PARLEY_TMP"
V="$PARLEY_SRC/scenarios/validation"
T="$PARLEY_TMP"
fail=0

ok() { echo "ok:   $1"; }
bad() { echo "FAIL: $1"; fail=1; }
# near NAME GOT EXPECTED TOL
near() {
  if awk -v v="$2" -v e="$3" -v t="$4" 'BEGIN {
        if (v !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1
        d = v - e; if (d < 0) d = -d; exit !(d <= t) }'; then
    ok "$1 = $2 (expected $3 +- $4)"
  else
    bad "$1: got '$2', expected $3 +- $4"
  fi
}
same() { if [ "$2" = "$3" ]; then ok "$1 = $2"; else bad "$1: got '$2', expected '$3'"; fi; }
# se4 P N: four standard errors of a proportion P over N trials.
se4() { awk -v p="$1" -v n="$2" 'BEGIN { printf "%.6f", 4 * sqrt(p * (1 - p) / n) }'; }
q() { jq -r "$2" "$1" 2>/dev/null; }
# column FILE NAME: the values of per_trial.tsv's column NAME, one a line.
column() {
  grep -v '^#' "$1" | awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
    { print $k }'
}

# ---- known answers ----
"$PARLEY" run "$V/events-hazard.cfg" --json --quiet --per-trial --out "$T/hz" >"$T/hz.json" ||
  bad "run events-hazard"
N=20000
P_H=0.6513215599
near "hazard P(agreement)" "$(q "$T/hz.json" .p_agreement)" $P_H "$(se4 $P_H $N)"
AG=$(q "$T/hz.json" .outcomes.agreement)
near "hazard mean round" "$(q "$T/hz.json" .rounds.mean)" 4.6466007 \
  "$(awk -v a="$AG" 'BEGIN { printf "%.6f", 4 * 2.7941228 / sqrt(a) }')"
same "hazard: share fired = P(agreement)" "$(q "$T/hz.json" .events.opening.share)" \
  "$(q "$T/hz.json" .p_agreement)"
same "hazard: P(agreement | fired)" "$(q "$T/hz.json" .events.opening.p_agreement_with)" 1
same "hazard: P(agreement | not fired)" "$(q "$T/hz.json" .events.opening.p_agreement_without)" 0
same "per_trial: the round an event fired is the round of agreement" \
  "$(grep -v '^#' "$T/hz/per_trial.tsv" | awk -F'\t' 'NR > 1 && ($2 == "agreement") != ($5 == $3) { n++ } END { print n + 0 }')" 0

"$PARLEY" run "$V/events-hazard.cfg" --json --quiet --set events.opening.hazard=0.2 \
  --out "$T/hz2" >"$T/hz2.json" || bad "run --set events.opening.hazard=0.2"
P_H2=$(awk 'BEGIN { printf "%.10f", 1 - 0.8 ^ 10 }')
near "hazard 0.2 P(agreement) = 1 - 0.8^10" "$(q "$T/hz2.json" .p_agreement)" "$P_H2" \
  "$(se4 "$P_H2" $N)"

"$PARLEY" run "$V/events-scheduled.cfg" --json --quiet --out "$T/sch" >"$T/sch.json" ||
  bad "run events-scheduled"
near "scheduled P(agreement) = q" "$(q "$T/sch.json" .p_agreement)" 0.3 "$(se4 0.3 $N)"
same "scheduled: every agreement in round 4" \
  "$(q "$T/sch.json" '[.rounds.mean, .rounds.p50, .rounds.p90] | map(tostring) | join(" ")')" "4 4 4"
same "scheduled: agreements by round" \
  "$(grep -v '^#' "$T/sch/rounds.tsv" | awk -F'\t' 'NR > 1 && $2 > 0 { printf "%s ", $1 }')" "4 "
"$PARLEY" sweep "$V/events-scheduled.cfg" --over events.deadline.round=2:6:3 --trials 2000 --json \
  --quiet --out "$T/sw" >"$T/sw.json" || bad "sweep over events.deadline.round"
same "sweep over an event's round: rounds of agreement" \
  "$(q "$T/sw.json" '[.[].rounds.mean] | map(tostring) | join(" ")')" "2 4 6"

cat >"$T/alt.cfg" <<'EOF'
name = "alt-events";
issues = ( { id = "x"; label = "x"; min = 0.0; max = 1.0; } );
agents = (
  { id = "a"; label = "A"; role = "party"; capability = 1.0; position = { x = 0.0; };
    salience = { x = 1.0; }; reservation = 0.9; patience = 1.0; },
  { id = "b"; label = "B"; role = "party"; capability = 1.0; position = { x = 1.0; };
    salience = { x = 1.0; }; reservation = 0.9; patience = 1.0; }
);
protocol = { kind = "alternating"; max_rounds = 10; breakdown = 0.0; noise = 0.0; };
montecarlo = { trials = 50; seed = 3; };
events = ( { id = "deadline"; round = 3;
             set = ( { path = "agents.a.reservation"; value = 0.0; },
                     { path = "agents.b.reservation"; value = 0.0; } ); } );
EOF
"$PARLEY" run "$T/alt.cfg" --json --quiet --out "$T/alt" >"$T/alt.json" || bad "run alternating"
same "alternating: re-solved after the event: P, round, point" \
  "$(q "$T/alt.json" '[.p_agreement, .rounds.mean, .agreement_point.x.mean] | map(tostring) | join(" ")')" "1 3 1"
"$PARLEY" run "$T/alt.cfg" --json --quiet --set events.deadline.probability=0 --out "$T/alt0" \
  >"$T/alt0.json" || bad "run alternating without the event"
same "alternating without the event: no agreement" "$(q "$T/alt0.json" .p_agreement)" 0

# A salience changed by an event: the weights are normalised again and the mediated text's weights
# rebuilt. A: ideal (0, 0), saliences (1, 0), reservation 0.8; B: ideal (1, 1), saliences (0, 1),
# reservation 0; equal capabilities. Without events the text is (0, 1), worth 1 to each: agreement
# in round 1. Event `focus` (round 1) sets A's salience on y to 1: A's weights become (0.5, 0.5),
# the text's y is (1 x 1 x 0 + 1 x 1 x 1) / 2 = 0.5, worth 1 - 0.5 x 0.5 = 0.75 < 0.8 to A, which
# rejects it, and nobody concedes. Event `move` (round 2) adds -0.25 to B's position on x
# (1 -> 0.75, as the trace's round-2 positions show), and `stop` (round 3) sets
# protocol.breakdown to 1: the talks break down in round 3, every trial.
cat >"$T/sal.cfg" <<'EOF'
name = "salience-events";
issues = ( { id = "x"; label = "x"; min = 0.0; max = 1.0; }, { id = "y"; label = "y"; min = 0.0; max = 1.0; } );
agents = (
  { id = "a"; label = "A"; role = "party"; capability = 1.0; position = { x = 0.0; y = 0.0; };
    salience = { x = 1.0; y = 0.0; }; reservation = 0.8; },
  { id = "b"; label = "B"; role = "party"; capability = 1.0; position = { x = 1.0; y = 1.0; };
    salience = { x = 0.0; y = 1.0; }; reservation = 0.0; }
);
protocol = { kind = "mediated"; max_rounds = 10; breakdown = 0.0; noise = 0.0; };
montecarlo = { trials = 50; seed = 3; };
events = ( { id = "focus"; round = 1; set = ( { path = "agents.a.salience.y"; value = 1.0; } ); },
           { id = "move"; round = 2; set = ( { path = "agents.b.position.x"; add = -0.25; } ); },
           { id = "stop"; round = 3; set = ( { path = "protocol.breakdown"; value = 1.0; } ); } );
EOF
"$PARLEY" trace "$T/sal.cfg" --trial 0 --json >"$T/sal.json" || bad "trace salience-events"
same "salience event: round-1 text and A's utility" \
  "$(q "$T/sal.json" '[.rounds[0].text.x, .rounds[0].text.y, .rounds[0].utilities.a] | map(tostring) | join(" ")')" "0 0.5 0.75"
same "position event: B's position in round 2" "$(q "$T/sal.json" .rounds[1].positions.b.x)" 0.75
same "breakdown event: the trial breaks down in round 3" \
  "$(q "$T/sal.json" '[.outcome, .ended_round] | map(tostring) | join(" ")')" "breakdown 3"
"$PARLEY" trace "$T/sal.cfg" --trial 0 --json --set events.focus.probability=0 \
  --set events.stop.probability=0 >"$T/sal0.json" || bad "trace salience-events without focus"
same "without the salience event: agreement in round 1 at (0, 1)" \
  "$(q "$T/sal0.json" '[.outcome, .ended_round, .agreement_point.x, .agreement_point.y] | map(tostring) | join(" ")')" "agreement 1 0 1"

# ---- threads ----
for n in 1 2 3; do
  "$PARLEY" run "$PARLEY_SRC/bench/gaza-events.cfg" --trials 3000 --threads $n --quiet \
    --out "$T/g$n" 2>/dev/null || bad "run gaza-events at $n threads"
done
if cmp -s "$T/g1/summary.json" "$T/g2/summary.json" && cmp -s "$T/g1/summary.json" "$T/g3/summary.json"; then
  ok "gaza-events: summary.json identical at 1, 2, 3 threads"
else
  bad "gaza-events: summary.json differs between thread counts"
fi
same "gaza-events: both events in the summary" "$(q "$T/g1/summary.json" '.events | keys | join(" ")')" \
  "pressure rafah"

# ---- common random numbers ----
# Other inputs changed, and another event added before it: event opening fires in the same round
# of each trial (here every trial lasts until it fires, so the whole column compares).
"$PARLEY" run "$V/events-hazard.cfg" --quiet --per-trial --trials 3000 --out "$T/crn0" ||
  bad "crn base"
"$PARLEY" run "$V/events-hazard.cfg" --quiet --per-trial --trials 3000 --out "$T/crn1" \
  --set agents.b.position.x=0.8 --set agents.a.capability=3 --set protocol.noise=0.01 ||
  bad "crn other inputs"
sed 's/^events = ($/events = (\n  { id = "other"; hazard = 0.5; set = ( { path = "agents.a.flexibility"; value = 0.5; } ); },/' \
  "$V/events-hazard.cfg" >"$T/crn2.cfg"
"$PARLEY" run "$T/crn2.cfg" --quiet --per-trial --trials 3000 --out "$T/crn2" || bad "crn other event"
column "$T/crn0/per_trial.tsv" events.opening >"$T/c0"
column "$T/crn1/per_trial.tsv" events.opening >"$T/c1"
column "$T/crn2/per_trial.tsv" events.opening >"$T/c2"
same "crn: column rows" "$(wc -l <"$T/c0")" 3000
if cmp -s "$T/c0" "$T/c1" && cmp -s "$T/c0" "$T/c2"; then
  ok "crn: event opening fires in the same round of every trial whatever the other inputs"
else
  bad "crn: event opening's rounds moved with other inputs"
fi
same "crn: the added event has its own column" "$(column "$T/crn2/per_trial.tsv" events.other | grep -c .)" \
  "$(column "$T/crn2/per_trial.tsv" events.other | grep -c '^[0-9]')"

# ---- the resolved scenario ----
"$PARLEY" run "$T/hz/scenario.cfg" --json --quiet --out "$T/hzr" >/dev/null || bad "run the resolved scenario"
if cmp -s "$T/hz/summary.json" "$T/hzr/summary.json"; then ok "resolved scenario.cfg: same summary"; else
  bad "resolved scenario.cfg: summary differs"; fi
if diff <(grep -v '^#' "$T/hz/scenario.cfg") <(grep -v '^#' "$T/hzr/scenario.cfg") >/dev/null; then
  ok "resolved scenario.cfg writes itself again"
else
  bad "resolved scenario.cfg: written differently the second time"
fi
"$PARLEY" run "$PARLEY_SRC/bench/gaza-events.cfg" --trials 3000 --threads 2 --quiet \
  --out "$T/g1r" --set events.rafah.probability=0.5 --set events.pressure.from=3 2>/dev/null
"$PARLEY" run "$T/g1r/scenario.cfg" --trials 3000 --threads 2 --quiet --out "$T/g1rr" 2>/dev/null
same "gaza-events resolved: same summary but the warnings' file" \
  "$(diff <(jq -S 'del(.warnings)' "$T/g1r/summary.json") <(jq -S 'del(.warnings)' "$T/g1rr/summary.json") >/dev/null && echo same)" same
grep -q 'hazard = 0.02; from = 3;' "$T/g1r/scenario.cfg" && grep -q 'round = 8; probability = 0.5;' "$T/g1r/scenario.cfg" &&
  ok "--set of an event's numbers is in the resolved scenario" || bad "--set of events not written"
"$PARLEY" validate "$V/events-hazard.cfg" >"$T/val.txt" 2>&1
grep -q '^  opening: hazard 0.1 per round from round 1; agents.a.reservation = 0, agents.b.reservation = 0$' "$T/val.txt" &&
  ok "validate describes the event" || bad "validate: $(cat "$T/val.txt")"

"$PARLEY" validate "$V/events-scheduled.cfg" --set events.deadline.round=11 2>&1 |
  grep -qF 'deadline: in round 11 with probability 0.3 (after max_rounds 10: never fires);' &&
  ok "validate: an event after max_rounds never fires" || bad "validate: no note of an event after max_rounds"

# ---- trace ----
for k in 0 1 2 3 4 5 6 7; do
  want=$(grep -v '^#' "$T/hz/per_trial.tsv" | awk -F'\t' -v k=$k '$1 == k { print ($5 == "" ? "null" : $5) }')
  "$PARLEY" trace "$V/events-hazard.cfg" --trial $k --json >"$T/tr.json" || bad "trace $k"
  same "trace --json trial $k: events.opening" "$(q "$T/tr.json" .events.opening)" "$want"
  if [ "$want" != null ]; then
    "$PARLEY" trace "$V/events-hazard.cfg" --trial $k >"$T/tr.txt"
    grep -q "^Events: opening fired in round $want\$" "$T/tr.txt" &&
      grep -q '^  Event opening fired at the start of this round' "$T/tr.txt" &&
      ok "trace trial $k says the event fired in round $want" || bad "trace trial $k: $(head -8 "$T/tr.txt")"
    same "trace trial $k: reservations after the event" \
      "$(q "$T/tr.json" ".rounds[$want - 1].reservations | [.a, .b] | map(tostring) | join(\" \")")" "0 0"
  fi
done

# ---- errors ----
# expect_load NAME EVENTS-TEXT MESSAGE: the hazard scenario with its events list replaced fails to
# load with MESSAGE (a fixed string) in its diagnostics.
expect_load() {
  awk -v ev="$2" '/^events = \($/ { print ev; skip = 1; next } skip && /^\);$/ { skip = 0; next } !skip' \
    "$V/events-hazard.cfg" >"$T/bad.cfg"
  if "$PARLEY" validate "$T/bad.cfg" >"$T/bad.out" 2>&1; then
    bad "$1: accepted"
  elif grep -qF -- "$3" "$T/bad.out"; then
    ok "$1"
  else
    bad "$1: $(cat "$T/bad.out")"
  fi
}
expect_load "round and hazard" 'events = ( { id = "e"; round = 2; hazard = 0.1; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e: give exactly one of 'round' (a scheduled event) or 'hazard'"
expect_load "neither round nor hazard" 'events = ( { id = "e"; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e: give exactly one of 'round'"
expect_load "from with round" 'events = ( { id = "e"; round = 2; from = 1; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e: 'from' and 'until' go with 'hazard', not with 'round'"
expect_load "probability with hazard" 'events = ( { id = "e"; hazard = 0.1; probability = 0.5; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e: 'probability' goes with 'round'"
expect_load "until before from" 'events = ( { id = "e"; hazard = 0.1; from = 5; until = 3; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e: until (3) must not be before from (5)"
expect_load "hazard above 1" 'events = ( { id = "e"; hazard = 1.5; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e.hazard: 1.5 is outside [0, 1]"
expect_load "unknown path" 'events = ( { id = "e"; round = 2; set = ( { path = "agents.a.resrvation"; value = 0.0; } ); } );' \
  "events.e.set 1: 'agents.a.resrvation' is not a number of the model"
expect_load "two operations" 'events = ( { id = "e"; round = 2; set = ( { path = "agents.a.reservation"; value = 0.0; add = 0.1; } ); } );' \
  "events.e.set 1: give exactly one of 'value', 'add' or 'scale' (found 2)"
expect_load "value outside the domain" 'events = ( { id = "e"; round = 2; set = ( { path = "agents.a.reservation"; value = 1.5; } ); } );' \
  "events.e.set 1.value: 1.5 is outside [0, 1], the domain of agents.a.reservation"
expect_load "missing set" 'events = ( { id = "e"; round = 2; } );' "events.e: missing 'set'"
expect_load "empty set" 'events = ( { id = "e"; round = 2; set = ( ); } );' "events.e.set: expected a non-empty list"
expect_load "duplicate id" 'events = ( { id = "e"; round = 2; set = ( { path = "agents.a.reservation"; value = 0.0; } ); }, { id = "e"; round = 3; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "duplicate event id 'e'"
expect_load "unknown key" 'events = ( { id = "e"; round = 2; when = 3; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "when"
expect_load "round 0" 'events = ( { id = "e"; round = 0; set = ( { path = "agents.a.reservation"; value = 0.0; } ); } );' \
  "events.e.round"
# expect_set NAME ASSIGNMENT MESSAGE
expect_set() {
  if "$PARLEY" validate "$V/events-hazard.cfg" --set "$2" >"$T/set.out" 2>&1; then
    bad "$1: accepted"
  elif grep -qF -- "$3" "$T/set.out"; then
    ok "$1"
  else
    bad "$1: $(cat "$T/set.out")"
  fi
}
expect_set "--set: unknown event" events.nope.hazard=0.1 "unknown parameter path 'events.nope.hazard': no event 'nope'"
expect_set "--set: unknown key" events.opening.set=1 "an event's numbers are events.opening.KEY"
expect_set "--set: wrong kind" events.opening.round=3 \
  "events.opening.round=3: event 'opening' is a hazard event (hazard, from, until), which has no round"
expect_set "--set: outside [0, 1]" events.opening.hazard=2 "events.opening.hazard=2: value outside [0, 1]"
expect_set "--set: until 0" events.opening.until=0 "value outside [1, 100000]"
expect_set "--set: change index" events.opening.set.3.value=0 "event 'opening' has changes 1 to 2"
expect_set "--set: change operation" events.opening.set.1.add=0 \
  "change 1 of event 'opening' is a 'value' change: events.opening.set.1.value"
expect_set "--set: change value outside the domain" events.opening.set.1.value=2 \
  "events.opening.set.1.value=2: value outside [0, 1]"
# The amount of a change through --set: scaling the reservations by 0.5 leaves each at 0.5, the
# text's worth, which ties accept, so P stays q = 0.3; by 0.6 (0.6 > 0.5) no agreement at all.
"$PARLEY" run "$V/events-scheduled.cfg" --json --quiet --set events.deadline.set.1.scale=0.6 \
  --out "$T/cs" >"$T/cs.json" || bad "run --set events.deadline.set.1.scale"
same "--set of a change's amount: no agreement when A's reservation stays above the text" \
  "$(q "$T/cs.json" .p_agreement)" 0
grep -q 'path = "agents.a.reservation"; scale = 0.6;' "$T/cs/scenario.cfg" &&
  ok "--set of a change's amount is in the resolved scenario" || bad "change amount not written"

if [ "$fail" -ne 0 ]; then
  echo "cli_events: FAILED"
  exit 1
fi
echo "cli_events: all checks passed"
