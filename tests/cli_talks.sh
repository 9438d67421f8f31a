#!/usr/bin/env bash
# cli_talks.sh — qualified majority, the Nash text and the zone-of-agreement diagnostic through
# the built binary (docs/protocols.md, docs/model.md). Expected values are derived in the headers
# of scenarios/validation/quota.cfg and nash-package.cfg:
#   quota.cfg          quota 0.6 by count agrees; 0.5 by capability agrees; 0.6 by capability and
#                      the default (unanimity) do not; c's rejection_rate is 1 in every case
#   nash-package.cfg   mean: P = 0; nash: P = 1 at (0, 1); the zone share is 1 under both
# and the errors of docs/errors.md for settings the protocol does not take; results are the same
# bytes for 1, 2 and 3 threads with every new setting in use.
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
command -v jq >/dev/null || { echo "jq is required"; exit 1; }
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
V="$PARLEY_SRC/scenarios/validation"
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
# check NAME GOT EXPECTED: exact string equality.
check() { if [ "$2" = "$3" ]; then echo "ok:   $1 = $2"; else fail "$1: got '$2', expected '$3'"; fi; }
# run NAME ARGS...: parley run --json into $T/NAME.json.
run() {
  local name=$1
  shift
  "$PARLEY" run "$@" --json --quiet --out "$T/$name" >"$T/$name.json" 2>"$T/$name.err" ||
    fail "$name: run exited $?: $(cat "$T/$name.err")"
}
q() { jq -c "$2" "$T/$1.json" 2>/dev/null; }

# Qualified majority.
run q1 "$V/quota.cfg"
check "quota 0.6 by count: P" "$(q q1 .p_agreement)" 1
check "quota 0.6 by count: blame" "$(q q1 '[.agents[].rejection_rate]')" "[0,0,1]"
run q2 "$V/quota.cfg" --set protocol.quota_weight=capability --set protocol.quota=0.5
check "quota 0.5 by capability: P" "$(q q2 .p_agreement)" 1
run q3 "$V/quota.cfg" --set protocol.quota_weight=capability --set protocol.quota=0.6
check "quota 0.6 by capability: P" "$(q q3 .p_agreement)" 0
check "quota 0.6 by capability: deadlocks" "$(q q3 .outcomes.deadlock)" 100
run q4 "$V/quota.cfg" --set protocol.quota=1
check "unanimity: P" "$(q q4 .p_agreement)" 0
check "unanimity: blame" "$(q q4 '[.agents[].rejection_rate]')" "[0,0,1]"
# A quota drawn per trial: uniform on [0.5, 0.7] by count agrees iff the draw is <= 2/3, with
# probability (2/3 - 0.5) / 0.2 = 5/6; 4000 trials, 4 standard errors = 4 * sqrt(5/36 / 4000).
sed 's/quota        = 0.6;/quota = { dist = "uniform"; min = 0.5; max = 0.7; };/' "$V/quota.cfg" >"$T/qdist.cfg"
run qd "$T/qdist.cfg" --trials 4000
awk -v p="$(q qd .p_agreement)" 'BEGIN { e = 5 / 6; s = sqrt(e * (1 - e) / 4000);
  exit !(p >= e - 4 * s && p <= e + 4 * s) }' && echo "ok:   drawn quota P near 5/6" ||
  fail "drawn quota: P $(q qd .p_agreement), expected 5/6 within 4 standard errors"

# An event may change the quota like any protocol number (docs/model.md, "Events"): unanimity in
# round 1 (c vetoes), quota 0.6 by count from round 2, so every trial agrees in round 2.
sed -e 's/max_rounds   = 1;/max_rounds   = 2;/' -e 's/quota        = 0.6;/quota = 1.0;/' \
  "$V/quota.cfg" >"$T/qevent.cfg"
cat >>"$T/qevent.cfg" <<'EOF'
events = (
  { id = "vote"; round = 2; probability = 1.0;
    set = ( { path = "protocol.quota"; value = 0.6; } ); }
);
EOF
run qe "$T/qevent.cfg"
check "quota by an event: P" "$(q qe .p_agreement)" 1
check "quota by an event: round" "$(q qe .rounds.mean)" 2

# The Nash text and the zone.
run n1 "$V/nash-package.cfg" --set montecarlo.zone=1
check "nash: P" "$(q n1 .p_agreement)" 1
check "nash: point" "$(q n1 '[.agreement_point.x.mean, .agreement_point.y.mean]')" "[0,1]"
check "nash: zone share" "$(q n1 .zone.share)" 1
check "nash: P with zone" "$(q n1 .zone.p_agreement_with)" 1
run n2 "$V/nash-package.cfg" --set protocol.text=mean --set montecarlo.zone=1
check "mean: P" "$(q n2 .p_agreement)" 0
check "mean: zone share" "$(q n2 .zone.share)" 1
check "mean: P with zone" "$(q n2 .zone.p_agreement_with)" 0
check "mean: P without zone" "$(q n2 .zone.p_agreement_without)" null
run n3 "$V/nash-package.cfg" --set protocol.kind=eum
check "nash under eum: P" "$(q n3 .p_agreement)" 1
run n4 "$V/nash-package.cfg"
check "no zone key unless asked" "$(q n4 'has("zone")')" false
"$PARLEY" trace "$V/nash-package.cfg" --trial 0 --json >"$T/tr.json" || fail "trace exited $?"
check "trace: the Nash text" "$(jq -c '.rounds[0].text' "$T/tr.json")" '{"x":0,"y":1}'
check "trace: no zone unless asked" "$(jq -c 'has("zone")' "$T/tr.json")" false
"$PARLEY" trace "$V/nash-package.cfg" --trial 0 --set montecarlo.zone=1 --json >"$T/trz.json" ||
  fail "trace --set montecarlo.zone=1 exited $?"
check "trace: zone exists" "$(jq -c '.zone.exists' "$T/trz.json")" true
# The best margin is 0.05 at (0, 1), found exactly up to the rounding of 1 - 0.8 * 0 - 0.2 * 0...
awk -v m="$(jq -r '.zone.margin' "$T/trz.json")" 'BEGIN { d = m - 0.05; exit !(d < 1e-12 && d > -1e-12) }' &&
  echo "ok:   trace: zone margin 0.05" || fail "trace: zone margin $(jq -r '.zone.margin' "$T/trz.json")"
"$PARLEY" trace "$V/nash-package.cfg" --trial 0 --set montecarlo.zone=1 >"$T/trz.txt" 2>&1
grep -q '^Zone of agreement at the start: yes, .* (best margin 0.05)$' "$T/trz.txt" ||
  fail "trace: no zone line"
"$PARLEY" run "$V/nash-package.cfg" --set montecarlo.zone=1 --out "$T/table" >"$T/table.txt" 2>&1
grep -q '^Zone of agreement     100.0% of trials at their start   P(agreement) with 1.0000, without -$' \
  "$T/table.txt" || fail "run table: no zone line: $(cat "$T/table.txt")"
"$PARLEY" validate "$V/nash-package.cfg" >"$T/val.txt" 2>&1 || fail "validate exited $?"
grep -q '^zone of agreement: 100.0% of the first 1000 trials' "$T/val.txt" ||
  fail "validate: no zone share"
"$PARLEY" validate "$V/quota.cfg" >"$T/valq.txt" 2>&1 || fail "validate exited $?"
grep -q '^zone of agreement: 0.0% of the first 1000 trials' "$T/valq.txt" ||
  fail "validate: quota.cfg has no zone (c's reservation 1 needs its ideal point 1, a's 0.25 is 0.75 away)"

# Errors (docs/errors.md).
err() {
  local want=$1
  shift
  "$PARLEY" run "$@" --quiet --out "$T/bad" >/dev/null 2>"$T/err.txt"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$*: exit $rc, expected 2"
  grep -qF -- "$want" "$T/err.txt" || fail "$*: message '$(cat "$T/err.txt")' lacks '$want'"
}
err "protocol.quota=0: value outside (0, 1]" "$V/quota.cfg" --set protocol.quota=0
err "protocol.quota applies to mediated and eum only; protocol 'alternating' needs the consent of both parties (quota 1)" \
  "$V/rubinstein.cfg" --set protocol.quota=0.5
err "protocol.text applies to mediated and eum only; protocol 'alternating' has no mediated text" \
  "$V/rubinstein.cfg" --set protocol.text=nash
err "protocol.text=median: unknown value 'median' (expected \"mean\" or \"nash\")" \
  "$V/quota.cfg" --set protocol.text=median
sed 's/quota_weight = "count";/quota_weight = "votes";/' "$V/quota.cfg" >"$T/badword.cfg"
err "protocol.quota_weight: unknown value 'votes' (expected \"count\" or \"capability\")" "$T/badword.cfg"

# Thread invariance with every new setting in use (Gaza, drawn parameters, noise, breakdown).
for th in 1 2 3; do
  "$PARLEY" run --trials 300 --threads "$th" --set protocol.text=nash --set montecarlo.zone=1 \
    --set protocol.quota=0.5 --set protocol.quota_weight=capability --quiet --out "$T/th$th" \
    >/dev/null 2>&1 || fail "threads $th: exit $?"
done
cmp -s "$T/th1/summary.json" "$T/th2/summary.json" || fail "summary.json differs, 1 vs 2 threads"
cmp -s "$T/th1/summary.json" "$T/th3/summary.json" || fail "summary.json differs, 1 vs 3 threads"
jq -e '.zone.trials == 300' "$T/th1/summary.json" >/dev/null || fail "threads: no zone summary"

if [ "$fails" -ne 0 ]; then
  echo "cli_talks: $fails failure(s)"
  exit 1
fi
echo "cli_talks: all checks passed"
