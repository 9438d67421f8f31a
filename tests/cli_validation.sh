#!/usr/bin/env bash
# cli_validation.sh — the validation scenarios (scenarios/validation/*.cfg) through the built
# binary: each known answer of the specification's section 8, read from `parley run --json`
# (summary.json keys) and `parley trace --trial 0 --json`, checked with jq.
#
# Sources of the expected values are in each scenario file's header comment:
#   rubinstein.cfg   A's share (1 - d)/(1 - d^2) = 0.1/0.19 = 0.526316, round 1 (Rubinstein 1982)
#   stahl-finite.cfg A's share 0.91 with T = 3, d = 0.9, round 1 (Ståhl 1972)
#   eu-emissions.cfg weighted mean 7.389955686853767; after the model's round 1 Belgium
#                    8.415932315426764, Luxembourg 7.0, Ireland 4.0, mean 7.461314378277189
#                    (Scholz, Calbert & Smith 2011)
#   decide-toll.cfg  Stokman compromise 49.353234 as the round-1 text (Stokman & van den Bos 1992)
# Every trial of these scenarios is the same (no uncertainty, no noise, no breakdown), so the mean
# agreement point over trials equals the single trial's point: checked to 1e-6, and the trace's
# text to 1e-9.
set -u
: "${PARLEY:?PARLEY must name the parley binary}"
: "${PARLEY_SRC:?PARLEY_SRC must name the source tree}"
: "${PARLEY_TMP:?PARLEY_TMP must name a scratch folder}"
command -v jq >/dev/null || { echo "jq is required"; exit 1; }
mkdir -p "$PARLEY_TMP"
V="$PARLEY_SRC/scenarios/validation"
fail=0

# near NAME GOT EXPECTED TOL: GOT is a number within TOL of EXPECTED.
near() {
  if awk -v v="$2" -v e="$3" -v t="$4" 'BEGIN {
        if (v !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1
        d = v - e; if (d < 0) d = -d; exit !(d <= t) }'; then
    echo "ok:   $1 = $2"
  else
    echo "FAIL: $1: got '$2', expected $3 +- $4"
    fail=1
  fi
}
# same NAME GOT EXPECTED: exact string equality.
same() {
  if [ "$2" = "$3" ]; then echo "ok:   $1 = $2"; else echo "FAIL: $1: got '$2', expected '$3'"; fail=1; fi
}
# runs NAME CMD...: the command succeeds; its stdout goes to $PARLEY_TMP/NAME.json.
runs() {
  local name=$1
  shift
  if "$@" >"$PARLEY_TMP/$name.json" 2>"$PARLEY_TMP/$name.err"; then
    echo "ok:   $name runs"
  else
    echo "FAIL: $name: exit $? ($*)"
    cat "$PARLEY_TMP/$name.err"
    fail=1
  fi
}
q() { jq -r "$2" "$PARLEY_TMP/$1.json" 2>/dev/null; }

for f in rubinstein stahl-finite eu-emissions decide-toll; do
  if "$PARLEY" validate "$V/$f.cfg" >/dev/null 2>"$PARLEY_TMP/validate-$f.err"; then
    echo "ok:   validate $f"
  else
    echo "FAIL: validate $f"
    cat "$PARLEY_TMP/validate-$f.err"
    fail=1
  fi
done

# Rubinstein: 0.1 / 0.19 = 0.526315789473684...
runs rub-run "$PARLEY" run "$V/rubinstein.cfg" --json --quiet --trials 200 --out "$PARLEY_TMP/rub"
near "rubinstein p_agreement" "$(q rub-run .p_agreement)" 1 0
near "rubinstein agreement_point.share.mean" "$(q rub-run .agreement_point.share.mean)" \
  0.526316 1e-6
near "rubinstein rounds.mean" "$(q rub-run .rounds.mean)" 1 0
same "rubinstein outcomes.agreement" "$(q rub-run .outcomes.agreement)" 200
runs rub-trace "$PARLEY" trace "$V/rubinstein.cfg" --trial 0 --json
same "rubinstein trace outcome" "$(q rub-trace .outcome)" agreement
same "rubinstein trace rounds" "$(q rub-trace '.rounds | length')" 1
near "rubinstein trace text" "$(q rub-trace .rounds[0].text.share)" 0.52631578947368421 1e-9

# Ståhl, T = 3, d = 0.9: 1 - 0.9 * (1 - 0.9) = 0.91.
runs stahl-run "$PARLEY" run "$V/stahl-finite.cfg" --json --quiet --trials 200 --out "$PARLEY_TMP/stahl"
near "stahl p_agreement" "$(q stahl-run .p_agreement)" 1 0
near "stahl agreement_point.share.mean" "$(q stahl-run .agreement_point.share.mean)" 0.91 1e-6
near "stahl rounds.mean" "$(q stahl-run .rounds.mean)" 1 0
runs stahl-trace "$PARLEY" trace "$V/stahl-finite.cfg" --trial 0 --json
near "stahl trace text" "$(q stahl-trace .rounds[0].text.share)" 0.91 1e-9

# EUM on the EU car-emission data.
runs eu-trace "$PARLEY" trace "$V/eu-emissions.cfg" --trial 0 --json
near "eu round-1 text" "$(q eu-trace .rounds[0].text.standard)" 7.389955686853767 1e-9
same "eu round-1 rejected" "$(q eu-trace '[.rounds[0].responses[]] | all')" false
near "eu Belgium after round 1" "$(q eu-trace .rounds[1].positions.be.standard)" \
  8.415932315426764 1e-9
near "eu Luxembourg after round 1" "$(q eu-trace .rounds[1].positions.lu.standard)" 7.0 1e-9
near "eu Ireland after round 1" "$(q eu-trace .rounds[1].positions.ie.standard)" 4.0 1e-9
near "eu Germany after round 1" "$(q eu-trace .rounds[1].positions.de.standard)" 4.0 1e-9
# Round-1 risk exponents of every actor (docs/protocols.md known answers, to their 6 decimals).
for pair in nl:1.405653 be:0.754196 lu:0.508864 de:1.405653 fr:1.046524 it:1.046524 \
  uk:1.964898 ie:0.5 dk:2.0 gr:1.112125; do
  near "eu round-1 risk ${pair%%:*}" "$(q eu-trace ".rounds[0].risk.${pair%%:*}.standard")" \
    "${pair#*:}" 5e-7
done
near "eu round-2 text" "$(q eu-trace .rounds[1].text.standard)" 7.461314378277189 1e-9
runs eu-run "$PARLEY" run "$V/eu-emissions.cfg" --json --quiet --trials 20 --out "$PARLEY_TMP/eu"
same "eu summary trials" "$(q eu-run .trials)" 20

# Stokman compromise: 248 / 5.025 = 49.3532338...
runs toll-trace "$PARLEY" trace "$V/decide-toll.cfg" --trial 0 --json
near "decide round-1 text" "$(q toll-trace .rounds[0].text.toll)" 49.353234 5e-7
near "decide round-1 text (full)" "$(q toll-trace .rounds[0].text.toll)" 49.35323383084577 1e-9
runs toll-run "$PARLEY" run "$V/decide-toll.cfg" --json --quiet --trials 20 --out "$PARLEY_TMP/toll"
same "decide summary scenario" "$(q toll-run .scenario)" decide-toll

if [ "$fail" -ne 0 ]; then
  echo "cli_validation: FAILED"
  exit 1
fi
echo "cli_validation: all known answers reproduced"
