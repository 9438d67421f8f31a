#!/usr/bin/env bash
# cli_outputs.sh — the bytes `parley run` writes for programs, against a fixed run of an earlier
# version. tests/data/outputs/ holds the files written by parley 0.1.0 (before every JSON output
# shared one writer and every double one format; its TSV files printed doubles with "%.17g") for
#   parley run tests/data/run/small.cfg --trials 300 --seed 2024 --threads 2 --per-trial \
#     --set protocol.noise=0.3 --set protocol.breakdown=0.1
# Checked (docs/outputs.md): summary.json is that file byte for byte (the version aside) and
# `run --json` prints the same text; rounds.tsv is unchanged; every TSV file holds the same values,
# each double reading back to the same double (compared as numbers by jq), now written as the
# shortest text that reads back (0.78, no longer 0.78000000000000003).
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
# ... and the "blocking" member, added after 0.1.0 (docs/outputs.md, "Who blocks"): its lines, from
# '  "blocking": {' to the '  },' that closes it, are left out of the comparison.
no_blocking() { sed -e '/^  "blocking": {$/,/^  },$/d' "$1"; }

# 1. summary.json, byte for byte (the blocking member aside).
cmp <(no_version "$T/run/summary.json" | no_blocking /dev/stdin) <(no_version "$GOLD/summary.json") ||
  fail "summary.json differs from the recorded one"
grep -q '^  "blocking": {$' "$T/run/summary.json" || fail "summary.json: no blocking member"
cmp "$T/run.json" "$T/run/summary.json" || fail "run --json does not print summary.json"
grep -q '^  "p_agreement": 0.78,$' "$T/run/summary.json" || fail "summary.json: p_agreement"

# 2. rounds.tsv holds counts only: unchanged.
cmp <(no_version "$T/run/rounds.tsv") <(no_version "$GOLD/rounds.tsv") || fail "rounds.tsv differs"

# 3. The other TSV files: the same values, every field read as a number where it is one.
values() {
  no_version "$1" | jq -R -s -c 'split("\n") | map(split("\t") | map(. as $s | try tonumber catch $s))'
}
for f in outcomes.tsv agreement_point.tsv per_trial.tsv; do
  [ "$(values "$T/run/$f")" = "$(values "$GOLD/$f")" ] || fail "$f: values differ from the recorded file"
done
# ... in the shortest text: 234 agreements of 300.
grep -q $'^agreement\t234\t0.78000000000000003\t' "$GOLD/outcomes.tsv" || fail "recorded outcomes.tsv"
grep -q $'^agreement\t234\t0.78\t' "$T/run/outcomes.tsv" || fail "outcomes.tsv: share not shortest"
# No field has more significant digits than the recorded one (%.17g gives 17, or fewer only when
# the trailing digits are zeros).
longer=$(paste <(no_version "$T/run/per_trial.tsv" | cut -f4-) <(no_version "$GOLD/per_trial.tsv" | cut -f4-) |
  awk -F'\t' '{ h = NF / 2; for (i = 1; i <= h; i++) if (length($i) > length($(i + h))) n++ }
              END { print n + 0 }')
[ "$longer" = 0 ] || fail "per_trial.tsv: $longer fields longer than with %.17g"
cmp -s "$T/run/per_trial.tsv" "$GOLD/per_trial.tsv" && fail "per_trial.tsv: still the %.17g text"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli_outputs: all checks passed"
