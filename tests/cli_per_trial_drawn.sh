#!/usr/bin/env bash
# cli_per_trial_drawn.sh — per_trial.tsv has one column per uncertain input, named by its path,
# holding the value drawn in that trial (docs/outputs.md, "per_trial.tsv"); the values are those
# `parley trace` shows for the same trial.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
# Two uncertain inputs: agents.north.reservation ~ uniform(0.2, 0.4) and
# agents.south.salience.aid ~ normal(0.6, 0.15) on the domain [0, 1].
DRAWN="$PARLEY_SRC/tests/data/run/drawn.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

"$PARLEY" run "$DRAWN" --trials 2000 --per-trial --threads 1 --quiet --out "$T/run" > /dev/null
[ $? -eq 0 ] || fail "run --per-trial: nonzero exit"
TSV="$T/run/per_trial.tsv"

# 1. The header: trial, outcome, rounds, the issues, then the uncertain inputs in parameter order.
header=$(grep -v '^#' "$TSV" | head -1)
want=$(printf 'trial\toutcome\trounds\tborder\taid\tagents.north.reservation\tagents.south.salience.aid')
[ "$header" = "$want" ] || fail "per_trial.tsv header is '$header', expected '$want'"

# 2. Every row has a value in each drawn column, inside the distribution's domain: uniform(0.2,
# 0.4) draws lie in [0.2, 0.4]; the normal's draws are clamped to the salience domain [0, 1]
# (docs/scenario-format.md, "Distributions").
grep -v '^#' "$TSV" | awk -F'\t' 'NR > 1 {
    rows++
    if (NF != 7 || $6 == "" || $7 == "") { print "row " $1 ": " NF " fields, drawn \"" $6 "\" \"" $7 "\""; exit }
    if (!($6 + 0 >= 0.2 && $6 + 0 <= 0.4)) { print "row " $1 ": reservation " $6 " outside [0.2, 0.4]"; exit }
    if (!($7 + 0 >= 0 && $7 + 0 <= 1)) { print "row " $1 ": salience " $7 " outside [0, 1]"; exit }
  }
  END { if (rows != 2000) print rows " rows, expected 2000" }' > "$T/domain.txt"
[ -s "$T/domain.txt" ] && fail "drawn columns: $(cat "$T/domain.txt")"

# 3. The uniform column's mean is within 4 standard errors of 0.3: a uniform(a, b) has mean
# (a + b) / 2 = 0.3 and sd (b - a) / sqrt(12) = 0.0577, so the standard error of the mean of
# 2000 independent draws is 0.0577 / sqrt(2000) = 0.00129 (central limit theorem; a correct
# sampler lands outside 4 standard errors with probability 6e-5). The normal column is clamped
# only beyond 2.67 sd (0.4% of draws), so its mean is within 4 standard errors (0.15 /
# sqrt(2000) = 0.00335) of 0.6 as well, up to a clamping shift below 1e-4.
grep -v '^#' "$TSV" | awk -F'\t' 'NR > 1 { n++; s6 += $6; s7 += $7 }
  END {
    m6 = s6 / n; m7 = s7 / n
    if ((m6 - 0.3) ^ 2 > (4 * 0.2 / sqrt(12) / sqrt(n)) ^ 2) print "uniform mean " m6 " not within 4 SE of 0.3"
    if ((m7 - 0.6) ^ 2 > (4 * 0.15 / sqrt(n)) ^ 2) print "normal mean " m7 " not within 4 SE of 0.6"
  }' > "$T/mean.txt"
[ -s "$T/mean.txt" ] && fail "$(cat "$T/mean.txt")"

# 4. Row k holds what `parley trace --trial k` shows: its "params" (docs/outputs.md, trace JSON)
# give each drawn value with every digit, and they must be the same doubles.
for k in 0 1 7 100 1999; do
  "$PARLEY" trace "$DRAWN" --trial $k --json > "$T/t$k.json" 2> /dev/null
  [ $? -eq 0 ] || fail "trace --trial $k: nonzero exit"
  tr=$(jq -r '[.params["agents.north.reservation"], .params["agents.south.salience.aid"]] | @tsv' \
    "$T/t$k.json")
  row=$(grep -v '^#' "$TSV" | awk -F'\t' -v k=$k '$1 == k { print $6 "\t" $7 }')
  printf '%s\t%s\n' "$tr" "$row" | awk -F'\t' '!(NF == 4 && $1 + 0 == $3 + 0 && $2 + 0 == $4 + 0) { exit 1 }' ||
    fail "trial $k: trace shows '$tr', per_trial.tsv '$row'"
  # The text account lists the same parameters (6 significant digits).
  r6=$(printf '%.6g' "$(echo "$row" | cut -f1)")
  "$PARLEY" trace "$DRAWN" --trial $k 2> /dev/null | grep -qF "agents.north.reservation = $r6" ||
    fail "trial $k: the trace text does not show agents.north.reservation = $r6"
done

# 5. Threads do not change the rows (each trial draws from its own stream).
"$PARLEY" run "$DRAWN" --trials 2000 --per-trial --threads 2 --quiet --out "$T/run2" > /dev/null
cmp -s <(grep -v '^#' "$TSV") <(grep -v '^#' "$T/run2/per_trial.tsv") ||
  fail "per_trial.tsv differs between 1 and 2 threads"

# 6. A scenario without uncertain inputs keeps the old columns (and a fixed override removes one).
"$PARLEY" run "$DRAWN" --trials 10 --per-trial --quiet --out "$T/fixed" \
  --set agents.north.reservation=0.3 --set agents.south.salience.aid=0.6 > /dev/null
header=$(grep -v '^#' "$T/fixed/per_trial.tsv" | head -1)
[ "$header" = "$(printf 'trial\toutcome\trounds\tborder\taid')" ] ||
  fail "all fixed: header is '$header'"

# 7. A protocol number written as a distribution is an uncertain input like any other: its column
# comes after the agents' (parameter order), named by its path.
sed 's/breakdown = 0.03;/breakdown = { dist = "uniform"; min = 0.01; max = 0.05; };/' "$DRAWN" > "$T/proto.cfg"
"$PARLEY" run "$T/proto.cfg" --trials 200 --per-trial --quiet --out "$T/proto" > /dev/null 2>&1 ||
  fail "run with a drawn protocol.breakdown: nonzero exit"
header=$(grep -v '^#' "$T/proto/per_trial.tsv" | head -1 | cut -f6-)
[ "$header" = "$(printf 'agents.north.reservation\tagents.south.salience.aid\tprotocol.breakdown')" ] ||
  fail "drawn protocol.breakdown: drawn columns are '$header'"
grep -v '^#' "$T/proto/per_trial.tsv" | awk -F'\t' 'NR > 1 && !($8 != "" && $8 + 0 >= 0.01 && $8 + 0 <= 0.05) { print $1; exit }' |
  grep -q . && fail "drawn protocol.breakdown: a value outside [0.01, 0.05]"

[ "$failures" -eq 0 ] || exit 1
echo "cli_per_trial_drawn: all passed"
