#!/usr/bin/env bash
# cli_sensitivity.sh — `parley sensitivity` (docs/sensitivity.md) against answers known in closed
# form, and its contracts:
# 1. scenarios/validation/sensitivity-known.cfg (derivation in the file): Y = X L with X the
#    judgement 1{r_A <= 0.5} and L the luck (breakdown 0.5), both Bernoulli(1/2): S1 = 1/3 and
#    ST = 2/3 for r_A and for the luck, 0 for r_B; tornado swing of r_A -1/2 (sampling error of the
#    breakdown draws), of r_B exactly 0; P(agreement | judgements) mean 1/4, sd 1/4.
#    Each estimate lies in its 95% interval (fixed seed) and within 0.06 of the truth: the
#    bootstrap half-widths are about 0.035 (1.96 standard errors), so 0.06 is over 3 of them.
# 2. With breakdown 0 the luck has no effect: r_A's indices are 1 (inside their intervals), the
#    others exactly 0, and the tornado ranks r_A first.
# 3. A tornado swing is two `parley run --set` runs on the same trials, to the last digit.
# 4. The same bytes for 1 and 3 threads; --json prints summary.json.
# 5. --range on a fixed number: breakdown at 0.1 and 0.9 gives P = 0.45 and 0.05 (1/2 of the
#    surviving trials), within 4 binomial standard errors.
# 5b. A range on a setting (an event's probability, max_rounds) is two `run --set` runs.
# 6. Usage errors (exit 2, a message): unknown path, LOW >= HIGH, outside the domain, bad method,
#    bad output; a SIGINT keeps what completed ("complete": false, exit 130).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
K="$PARLEY_SRC/scenarios/validation/sensitivity-known.cfg"
G="$PARLEY_SRC/scenarios/gaza-2024-08.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The sobol.tsv row of PATH: "S1 S1_lo S1_hi ST ST_lo ST_hi".
sobol_row() { awk -F'\t' -v p="$2" '$1 == p { print $3, $4, $5, $6, $7, $8 }' "$1/sobol.tsv"; }
# Checks that estimate e lies in [lo, hi] and within tol of truth.
near() { # name e lo hi truth tol
  awk -v e="$2" -v lo="$3" -v hi="$4" -v t="$5" -v tol="$6" \
    'BEGIN { exit !(e >= lo && e <= hi && lo <= t && t <= hi && (e - t <= tol && t - e <= tol)) }' ||
    fail "$1: estimate $2 in [$3, $4], expected $5 inside and within $6"
}

# 1. Known indices.
"$PARLEY" sensitivity "$K" --samples 4096 --trials 10000 --quiet --out "$T/k" 2>"$T/err" ||
  fail "sensitivity on the known scenario: exit $? $(cat "$T/err")"
read -r s1 s1lo s1hi st stlo sthi <<<"$(sobol_row "$T/k" agents.a.reservation)"
near "S1(r_A)" "$s1" "$s1lo" "$s1hi" 0.333333 0.06
near "ST(r_A)" "$st" "$stlo" "$sthi" 0.666667 0.06
read -r s1 s1lo s1hi st stlo sthi <<<"$(sobol_row "$T/k" luck)"
near "S1(luck)" "$s1" "$s1lo" "$s1hi" 0.333333 0.06
near "ST(luck)" "$st" "$stlo" "$sthi" 0.666667 0.06
[ "$(sobol_row "$T/k" agents.b.reservation)" = "0 0 0 0 0 0" ] ||
  fail "r_B has no effect: indices $(sobol_row "$T/k" agents.b.reservation)"
swing_a=$(awk -F'\t' '$2 == "agents.a.reservation" { print $9 }' "$T/k/sensitivity.tsv")
# P at r_A = 0.05 is the share of 10000 trials surviving the breakdown draw: sd 0.005; at 0.95, 0.
awk -v s="$swing_a" 'BEGIN { exit !(s <= -0.48 && s >= -0.52) }' || fail "swing of r_A $swing_a"
awk -F'\t' '$2 == "agents.b.reservation" && $9 != "0" { bad = 1 } END { exit bad }' \
  "$T/k/sensitivity.tsv" || fail "swing of r_B is not exactly 0"
rank_a=$(awk -F'\t' '$2 == "agents.a.reservation" { print $1 }' "$T/k/sensitivity.tsv")
[ "$rank_a" = 1 ] || fail "r_A ranked $rank_a, expected 1"
# P(agreement | judgements): 1000 draws, mean 1/4 (sd of the mean about 0.25 / sqrt(1000) = 0.008).
pj_mean=$(jq '.p_given_judgements.mean' "$T/k/summary.json")
pj_sd=$(jq '.p_given_judgements.sd_without_binomial_noise' "$T/k/summary.json")
awk -v m="$pj_mean" -v s="$pj_sd" 'BEGIN { exit !(m > 0.218 && m < 0.282 && s > 0.22 && s < 0.28) }' ||
  fail "P(agreement | judgements): mean $pj_mean sd $pj_sd, expected 0.25 and 0.25"
[ "$(jq '.complete' "$T/k/summary.json")" = true ] || fail "summary.json: not complete"
# Trials played: tornado 10000 x (1 + 2 x 2 inputs), Sobol 4096 x (2 + 3), judgements 1000 x 200.
[ "$(jq '.trials_played' "$T/k/summary.json")" = 270480 ] ||
  fail "trials_played $(jq '.trials_played' "$T/k/summary.json"), expected 270480"
[ "$(jq -r '.tornado.inputs[0].from' "$T/k/summary.json")" = quantiles ] || fail "tornado from: not quantiles"

# 2. No luck: breakdown 0.
"$PARLEY" sensitivity "$K" --set protocol.breakdown=0 --method sobol,tornado --samples 2048 \
  --trials 2000 --quiet --out "$T/k0" 2>/dev/null || fail "breakdown 0: exit $?"
read -r s1 s1lo s1hi st stlo sthi <<<"$(sobol_row "$T/k0" agents.a.reservation)"
near "S1(r_A), no luck" "$s1" "$s1lo" "$s1hi" 1 0.06
near "ST(r_A), no luck" "$st" "$stlo" "$sthi" 1 0.06
[ "$(sobol_row "$T/k0" luck)" = "0 0 0 0 0 0" ] || fail "luck without breakdown or noise: $(sobol_row "$T/k0" luck)"
[ "$(awk -F'\t' '$1 == "1" { print $2 }' "$T/k0/sensitivity.tsv")" = agents.a.reservation ] ||
  fail "tornado without luck: r_A not first"
[ -e "$T/k0/p_given_judgements.tsv" ] && fail "--method sobol,tornado wrote p_given_judgements.tsv"

# 3. Swings are `run --set` pairs (Gaza, 2000 trials).
"$PARLEY" sensitivity "$G" --method tornado --trials 2000 --quiet --out "$T/g1" 2>/dev/null ||
  fail "tornado on Gaza: exit $?"
for rank in 1 2 5; do
  read -r path low high plow phigh <<<"$(awk -F'\t' -v r="$rank" '$1 == r { print $2, $5, $6, $7, $8 }' "$T/g1/sensitivity.tsv")"
  for end in low high; do
    v=$low want=$plow
    [ "$end" = high ] && v=$high want=$phigh
    got=$("$PARLEY" run "$G" --trials 2000 --set "$path=$v" --json --quiet 2>/dev/null | jq -r '.p_agreement')
    [ "$got" = "$want" ] || fail "rank $rank $path=$v: run gives $got, tornado $want"
  done
done

# 4. Threads and --json.
"$PARLEY" sensitivity "$G" --trials 1000 --samples 512 --judgements 100 --lucks 20 --threads 1 \
  --quiet --out "$T/t1" 2>/dev/null || fail "threads 1: exit $?"
"$PARLEY" sensitivity "$G" --trials 1000 --samples 512 --judgements 100 --lucks 20 --threads 3 \
  --json --out "$T/t3" >"$T/t3.json" 2>/dev/null || fail "threads 3: exit $?"
for f in summary.json sensitivity.tsv sobol.tsv p_given_judgements.tsv scenario.cfg; do
  cmp -s "$T/t1/$f" "$T/t3/$f" || fail "$f differs between 1 and 3 threads"
done
cmp -s "$T/t3.json" "$T/t3/summary.json" || fail "--json does not print summary.json"

# 5. --range on a fixed number.
"$PARLEY" sensitivity "$K" --method tornado --range protocol.breakdown=0.1:0.9 --trials 10000 \
  --quiet --out "$T/r" 2>/dev/null || fail "--range: exit $?"
read -r plow phigh <<<"$(awk -F'\t' '$2 == "protocol.breakdown" { print $7, $8 }' "$T/r/sensitivity.tsv")"
awk -v a="$plow" -v b="$phigh" 'BEGIN { exit !(a > 0.45 - 4 * 0.005 && a < 0.45 + 4 * 0.005 &&
                                               b > 0.05 - 4 * 0.0022 && b < 0.05 + 4 * 0.0022) }' ||
  fail "--range protocol.breakdown=0.1:0.9: P $plow and $phigh, expected 0.45 and 0.05"
[ "$(jq -r '.tornado.inputs[] | select(.path == "protocol.breakdown") | .from' "$T/r/summary.json")" = range ] ||
  fail "--range: summary.json does not say the input's values came from a range"

# 5b. A range on a setting that is not drawn per trial (an event's probability, max_rounds): the
#     tornado runs the scenario with PATH=LOW and PATH=HIGH on the same trials, so its values are
#     two `run --set` runs exactly.
E="$PARLEY_SRC/bench/gaza-events.cfg"
"$PARLEY" sensitivity "$E" --method tornado --trials 1000 --range events.rafah.probability=0:1 \
  --range protocol.max_rounds=10:80 --quiet --out "$T/ev" 2>/dev/null || fail "--range on settings: exit $?"
for path in events.rafah.probability protocol.max_rounds; do
  read -r low high plow phigh <<<"$(awk -F'\t' -v p="$path" '$2 == p { print $5, $6, $7, $8 }' "$T/ev/sensitivity.tsv")"
  for end in low high; do
    v=$low want=$plow
    [ "$end" = high ] && v=$high want=$phigh
    got=$("$PARLEY" run "$E" --trials 1000 --set "$path=$v" --json --quiet 2>/dev/null | jq -r '.p_agreement')
    [ "$got" = "$want" ] || fail "$path=$v: run gives $got, tornado $want"
  done
done

# 6. Usage errors.
bad() { # expected-message args...
  local want="$1"
  shift
  "$PARLEY" sensitivity "$K" --quiet --out "$T/bad" "$@" >/dev/null 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$*: exit $rc, expected 2"
  grep -qF -- "$want" "$T/err" || fail "$*: stderr lacks '$want': $(cat "$T/err")"
}
bad "unknown parameter path 'agents.zz.reservation': no agent 'zz'" --range agents.zz.reservation=0:1
bad "protocol.max_rounds is not drawn per trial; only --method tornado varies it" --method sobol --range protocol.max_rounds=1:5
bad "LOW must be less than HIGH" --range agents.a.reservation=0.5:0.5
bad "value outside [0, 1]" --range agents.a.reservation=0.5:1.5
bad "--method 'tornados'" --method tornados
bad "--output 'agreement_point.zz'" --output agreement_point.zz
[ -e "$T/bad" ] && fail "a usage error left a results folder"
"$PARLEY" sensitivity "$K" --output agreement_point.x --method sobol --samples 256 --quiet \
  --out "$T/pt" 2>/dev/null || fail "--output agreement_point.x: exit $?"
grep -q '^# output: agreement_point.x$' "$T/pt/sobol.tsv" || fail "sobol.tsv does not name its output"

# A SIGINT keeps what completed: the tornado of 2000 trials finishes at once, the long Sobol
# design is cut.
"$PARLEY" sensitivity "$G" --trials 2000 --samples 1000000 --quiet --out "$T/int" 2>"$T/err" &
pid=$!
for _ in $(seq 1 100); do
  [ -e "$T/int/.parley.lock" ] && break
  sleep 0.05
done
sleep 1.5
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
[ "$(jq '.complete' "$T/int/summary.json" 2>/dev/null)" = false ] || fail "SIGINT: summary.json not complete: false"
[ "$(jq '.tornado.complete' "$T/int/summary.json" 2>/dev/null)" = true ] || fail "SIGINT: the tornado was lost"
ls -a "$T/int" | grep -q 'tmp\|lock' && fail "SIGINT left temporary files: $(ls -a "$T/int")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_sensitivity: all checks passed"
