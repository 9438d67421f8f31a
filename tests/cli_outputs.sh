#!/usr/bin/env bash
# cli_outputs.sh — the bytes `parley run` writes for programs, against a recorded run.
# tests/data/outputs/ holds the files written (tests/data/outputs/record.sh) for
#   parley run tests/data/run/small.cfg --trials 300 --seed 2024 --threads 2 --per-trial \
#     --set protocol.noise=0.3 --set protocol.breakdown=0.1
# recorded when each uncertain parameter got a random stream of its own (keyed by its path), which
# changed every draw; per_trial.tsv again when it gained one column per uncertain input (its
# first five columns unchanged); earlier recordings (parley 0.1.0, "%.17g" doubles) are in git
# history.
# Checked (docs/outputs.md): summary.json is that file byte for byte (the version aside) and
# `run --json` prints the same text; every TSV file likewise; and doubles are written as the
# shortest text that reads back (0.7866666666666666, never 0.78666666666666663).
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
GOLD="$PARLEY_SRC/tests/data/outputs"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ARGS=("$PARLEY_SRC/tests/data/run/small.cfg" --trials 300 --seed 2024 --threads 2
  --set protocol.noise=0.3 --set protocol.breakdown=0.1)

"$PARLEY" run "${ARGS[@]}" --per-trial --quiet --out "$T/run" || fail "parley run exited $?"
"$PARLEY" run "${ARGS[@]}" --json > "$T/run.json" || fail "parley run --json exited $?"

# The version line or field is the only text allowed to differ from the recorded files.
no_version() { sed -e 's/^  "version": "[^"]*"$/  "version": ""/' -e 's/^# parley .*$/# parley/' "$1"; }

# 1. summary.json, byte for byte.
cmp <(no_version "$T/run/summary.json") <(no_version "$GOLD/summary.json") ||
  fail "summary.json differs from the recorded one"
grep -q '^  "blocking": {$' "$T/run/summary.json" || fail "summary.json: no blocking member"
cmp "$T/run.json" "$T/run/summary.json" || fail "run --json does not print summary.json"
grep -q '^  "p_agreement": 0.7866666666666666,$' "$T/run/summary.json" || fail "summary.json: p_agreement"
# 2. Every TSV file, byte for byte.
for f in rounds.tsv outcomes.tsv agreement_point.tsv per_trial.tsv; do
  cmp <(no_version "$T/run/$f") <(no_version "$GOLD/$f") || fail "$f differs from the recorded one"
done
# 3. The shortest text: 236 agreements of 300 is 0.7866666666666666 (16 digits, where "%.17g" gives
# 0.78666666666666663), and no field of per_trial.tsv has more than 17 significant digits.
grep -q $'^agreement\t236\t0.7866666666666666\t' "$T/run/outcomes.tsv" || fail "outcomes.tsv: share not shortest"
longer=$(no_version "$T/run/per_trial.tsv" | grep -v '^#' | tr '\t' '\n' |
  awk '/^-?[0-9.]+(e[-+]?[0-9]+)?$/ { m = $0; sub(/e.*/, "", m); gsub(/[-.]/, "", m); sub(/^0+/, "", m);
        if (length(m) > 17) n++ } END { print n + 0 }')
[ "$longer" = 0 ] || fail "per_trial.tsv: $longer fields with more than 17 significant digits"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_outputs: all checks passed"
