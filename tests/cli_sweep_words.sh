#!/usr/bin/env bash
# cli_sweep_words.sh — a sweep over a setting that takes a word (docs/sweeps-and-plots.md):
# `--over protocol.kind=mediated,eum` and `values = ["mediated", "eum"]` in the sweep section give
# the same sweep.tsv; each point is exactly `parley run --set protocol.kind=WORD` (its
# summary.json byte for byte); sweep.tsv marks the axis with `# words:`; --json gives the word as
# a string; a bad word, a range or a repeated word is an error before anything runs; the plots draw
# the words as tic labels. Fixture: tests/data/run/small.cfg (two parties, one mediator).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
S=$PARLEY_SRC/tests/data/run/small.cfg
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# 1. --over with words: one row per word, in the order given, and a `# words:` line.
"$PARLEY" sweep "$S" --over protocol.kind=eum,mediated,alternating --trials 300 --quiet \
  --out "$T/over" >/dev/null 2>&1 || fail "sweep --over protocol.kind"
grep -qx '# words: protocol.kind' "$T/over/sweep.tsv" || fail "no '# words:' line"
[ "$(grep -v '^#' "$T/over/sweep.tsv" | cut -f1 | tr '\n' ' ')" = \
  "protocol.kind eum mediated alternating " ] || fail "sweep.tsv rows are not the words in order"

# 2. Each point is the run with --set PATH=WORD (summary.json byte-identical).
"$PARLEY" run "$S" --set protocol.kind=alternating --trials 300 --quiet --out "$T/alt" \
  >/dev/null 2>&1 || fail "run --set protocol.kind=alternating"
cmp -s "$T/over/point-0003/summary.json" "$T/alt/summary.json" ||
  fail "point 3 differs from run --set protocol.kind=alternating"
# and the protocols do differ on this fixture (else the sweep shows nothing): mean rounds differ.
[ "$(grep -v '^#' "$T/over/sweep.tsv" | sed -n 2p | cut -f7)" != \
  "$(grep -v '^#' "$T/over/sweep.tsv" | sed -n 4p | cut -f7)" ] ||
  fail "eum and alternating give the same mean rounds"

# 3. The scenario's sweep section with words gives the same sweep.tsv (but the scenario line).
F=$T/section.cfg
{
  cat "$S"
  printf 'sweep = ( { path = "protocol.kind"; values = ["eum", "mediated", "alternating"]; } );\n'
} >"$F"
"$PARLEY" validate "$F" >"$T/validate.txt" 2>&1 || fail "validate the section"
grep -qx 'sweep: protocol.kind over 3 values: eum mediated alternating' "$T/validate.txt" ||
  fail "validate does not describe the words"
"$PARLEY" sweep "$F" --trials 300 --quiet --out "$T/section" >/dev/null 2>&1 || fail "sweep section"
cmp -s <(grep -v '^# scenario' "$T/section/sweep.tsv") <(grep -v '^# scenario' "$T/over/sweep.tsv") ||
  fail "section and --over give different sweep.tsv"

# 4. Two axes, one of words (protocol.first, the agent ids); --json prints the word as a string.
"$PARLEY" sweep "$S" --over protocol.first=south,north --over protocol.noise=0.01,0.1 \
  --set protocol.kind=alternating --trials 200 --quiet --out "$T/two" --json >"$T/two.json" 2>&1 ||
  fail "sweep over protocol.first and noise"
grep -q '"point": {"protocol.first": "north", "protocol.noise": 0.1}' "$T/two.json" ||
  fail "--json: no point with the word as a string"
"$PARLEY" sweep "$S" --over protocol.text=mean,nash --over protocol.quota_weight=count,capability \
  --trials 100 --quiet --out "$T/words2" >/dev/null 2>&1 || fail "sweep over text and quota_weight"
[ "$(grep -c '^# words: ' "$T/words2/sweep.tsv")" = 2 ] || fail "two '# words:' lines expected"

# 5. Errors, before any point runs.
expect_error() { # description, expected stderr line, parley arguments...
  local what=$1 line=$2
  shift 2
  "$PARLEY" "$@" >/dev/null 2>"$T/err.txt"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$what: exit $rc, expected 2"
  grep -qxF -- "$line" "$T/err.txt" || {
    fail "$what: no line '$line'"
    cat "$T/err.txt" >&2
  }
}
expect_error "unknown protocol" \
  "parley sweep: error: sweep point 2 of 2 (protocol.kind=auction) is invalid; nothing was run" \
  sweep "$S" --over protocol.kind=mediated,auction --out "$T/e1"
expect_error "a range of words" \
  "parley sweep: error: --over 'protocol.kind=0:1:2': protocol.kind takes a word: list the words, W1,W2,... (no range) (expected PATH=FROM:TO:STEPS or PATH=V1,V2,...)" \
  sweep "$S" --over protocol.kind=0:1:2 --out "$T/e2"
expect_error "a word twice" \
  "parley sweep: error: --over 'protocol.kind=eum,eum': the value eum appears twice (expected PATH=FROM:TO:STEPS or PATH=V1,V2,...)" \
  sweep "$S" --over protocol.kind=eum,eum --out "$T/e3"
expect_error "an empty word" \
  "parley sweep: error: --over 'protocol.kind=eum,,mediated': a word of the list is empty or longer than 100 characters (expected PATH=FROM:TO:STEPS or PATH=V1,V2,...)" \
  sweep "$S" --over protocol.kind=eum,,mediated --out "$T/e4"
[ -e "$T/e1" ] && fail "a folder was made for an invalid sweep"
section_error() { # sweep group, expected message (after FILE:LINE: error: )
  local f=$T/bad.cfg
  {
    cat "$S"
    printf 'sweep = ( %s );\n' "$1"
  } >"$f"
  local l
  l=$(wc -l <"$f")
  "$PARLEY" validate "$f" >/dev/null 2>"$T/err.txt" && fail "validate accepted: $1"
  grep -qxF -- "$f:$l: error: $2" "$T/err.txt" || {
    fail "validate '$1': no line '$2'"
    cat "$T/err.txt" >&2
  }
}
section_error '{ path = "protocol.kind"; values = ["mediated", "auction"]; }' \
  "sweep: protocol.kind=auction: unknown protocol 'auction' (expected mediated, alternating or eum)"
section_error '{ path = "protocol.kind"; from = 0.0; to = 1.0; steps = 2; }' \
  'sweep: protocol.kind takes a word, not a number: list the words, values = ["A", "B"]'
section_error '{ path = "protocol.kind"; values = [1, 2]; }' \
  'sweep: protocol.kind takes a word, not a number: list the words, values = ["A", "B"]'
section_error '{ path = "protocol.text"; values = ["nash", "nash"]; }' \
  "sweep.values: the value 'nash' appears twice"
section_error '{ path = "protocol.kind"; values = ""; }' \
  "sweep.values: expected an array [ ... ] of words, found a string"
section_error '{ path = "protocol.first"; values = ["south", "broker"]; }' \
  "sweep: protocol.first=broker: 'broker' is a mediator; the first proposer must be a party"

# 6. The plots: the words are the tic labels (svg text), for one axis and for two.
if command -v gnuplot >/dev/null 2>&1; then
  "$PARLEY" plot "$T/over" --format svg >/dev/null 2>&1 || fail "plot of a word sweep"
  for w in eum mediated alternating; do
    grep -q ">$w<" "$T/over/sweep.svg" || fail "sweep.svg has no label '$w'"
  done
  "$PARLEY" plot "$T/two" --format svg >/dev/null 2>&1 || fail "plot of a word x number grid"
  for w in south north; do
    grep -q ">$w<" "$T/two/sweep_heatmap.svg" || fail "sweep_heatmap.svg has no label '$w'"
  done
  [ "$(stat -c %s "$T/over/sweep.svg")" -gt 5000 ] || fail "sweep.svg is too small"
fi

if [ "$fails" -gt 0 ]; then
  echo "$fails failure(s)" >&2
  exit 1
fi
echo "cli_sweep_words: all passed"
