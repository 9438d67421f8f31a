#!/usr/bin/env bash
# cli_sweep.sh — `parley sweep`: 1-D and 2-D grids, explicit lists, the scenario's sweep section,
# sweep.tsv's layout, point folders byte-identical to a standalone `parley run` with the same
# --set values and options, --json, malformed --over (exit 2, a message, no trial run and no
# folder created), and common random numbers on the shipped reference scenario.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
SC="$PARLEY_SRC/tests/data/sweep/scenarios/small.cfg"
SECTION="$PARLEY_SRC/tests/data/sweep/scenarios/section.cfg"
fail() { echo "FAIL: $*" >&2; exit 1; }
rows() { grep -v '^#' "$1" | sed 1d | grep -c -v '^$'; }  # data rows of a TSV file
blanks() { grep -c '^$' "$1" || true; }

# 1. A 1-D sweep: sweep.tsv, one folder per point, each a full results folder.
"$PARLEY" sweep "$SC" --over protocol.breakdown=0:0.1:3 --trials 300 --threads 2 \
  --out "$T/s1" >"$T/s1.txt"
[ "$(rows "$T/s1/sweep.tsv")" -eq 3 ] || fail "1-D: expected 3 rows"
grep -qx '# over: protocol.breakdown' "$T/s1/sweep.tsv" || fail "1-D: no '# over:' line"
grep -qx '# complete: true' "$T/s1/sweep.tsv" || fail "1-D: not complete"
grep -qx $'protocol.breakdown\ttrials\tagreements\tp_agreement\tci_low\tci_high\tmean_rounds' \
  "$T/s1/sweep.tsv" || fail "1-D: header"
[ "$(grep -v '^#' "$T/s1/sweep.tsv" | sed 1d | cut -f1 | tr '\n' ' ')" = "0 0.05 0.1 " ] ||
  fail "1-D: values (inclusive ends, in order)"
[ "$(blanks "$T/s1/sweep.tsv")" -eq 0 ] || fail "1-D: no blank lines expected"
for k in 0001 0002 0003; do
  for f in summary.json run.json scenario.cfg outcomes.tsv rounds.tsv agreement_point.tsv; do
    [ -s "$T/s1/point-$k/$f" ] || fail "point-$k/$f missing"
  done
done
[ ! -e "$T/s1/point-0004" ] || fail "1-D: a fourth point folder"
grep -q 'P(agreement)' "$T/s1.txt" || fail "1-D: no table on stdout"
[ "$(grep -c '^0\.05 ' "$T/s1.txt")" -eq 1 ] || fail "1-D: table lacks the row of 0.05"

# 2. Byte identity with a standalone run (same --set, --trials, other thread count).
"$PARLEY" run "$SC" --set protocol.breakdown=0.05 --trials 300 --threads 1 --out "$T/r05" --quiet
for f in summary.json outcomes.tsv rounds.tsv agreement_point.tsv; do
  cmp "$T/r05/$f" "$T/s1/point-0002/$f" || fail "point-0002/$f differs from parley run's"
done
# ... also with a --set of its own and --seed, on a 2-D grid point.
"$PARLEY" sweep "$SC" --set agents.p2.flexibility=0.05 --seed 99 --trials 200 --quiet \
  --over agents.p1.flexibility=0,0.1 --over protocol.breakdown=0:0.1:3 --out "$T/s2"
"$PARLEY" run "$SC" --set agents.p2.flexibility=0.05 --set agents.p1.flexibility=0.1 \
  --set protocol.breakdown=0.1 --seed 99 --trials 200 --out "$T/r2" --quiet
cmp "$T/r2/summary.json" "$T/s2/point-0006/summary.json" || fail "2-D point 6 differs from run"
cmp "$T/r2/scenario.cfg" "$T/s2/point-0006/scenario.cfg" || fail "2-D scenario.cfg differs"

# 3. The 2-D layout: 6 rows, last path fastest, a blank line after each run of it.
[ "$(rows "$T/s2/sweep.tsv")" -eq 6 ] || fail "2-D: expected 6 rows"
[ "$(grep -c '^# over: ' "$T/s2/sweep.tsv")" -eq 2 ] || fail "2-D: two '# over:' lines"
[ "$(blanks "$T/s2/sweep.tsv")" -eq 2 ] || fail "2-D: expected 2 blank lines"
[ "$(grep -v '^#' "$T/s2/sweep.tsv" | sed 1d | grep -v '^$' | cut -f1,2 | tr '\t\n' ': ')" = \
  "0:0 0:0.05 0:0.1 0.1:0 0.1:0.05 0.1:0.1 " ] || fail "2-D: grid order"
[ -d "$T/s2/point-0006" ] && [ ! -e "$T/s2/point-0007" ] || fail "2-D: point folders"

# 4. An explicit list keeps its order; STEPS = 1 is a single point.
"$PARLEY" sweep "$SC" --over protocol.noise=0.1,0,0.05 --trials 100 --out "$T/s3" --quiet
[ "$(grep -v '^#' "$T/s3/sweep.tsv" | sed 1d | cut -f1 | tr '\n' ' ')" = "0.1 0 0.05 " ] ||
  fail "list order"
"$PARLEY" sweep "$SC" --over=protocol.noise=0.2:0.9:1 --trials 100 --out "$T/s4" --quiet
[ "$(rows "$T/s4/sweep.tsv")" -eq 1 ] || fail "STEPS = 1"

# 5. The scenario's own sweep section, when no --over is given.
"$PARLEY" sweep "$SECTION" --trials 100 --out "$T/s5" --quiet
grep -qx '# over: agents.p1.flexibility' "$T/s5/sweep.tsv" || fail "section: first path"
grep -qx '# over: protocol.breakdown' "$T/s5/sweep.tsv" || fail "section: second path"
[ "$(rows "$T/s5/sweep.tsv")" -eq 6 ] || fail "section: expected 3 x 2 rows"

# 6. --json: a JSON array of the points' summaries, each with its point.
"$PARLEY" sweep "$SC" --over protocol.breakdown=0:0.1:3 --trials 300 --json --out "$T/s6" \
  >"$T/s6.json"
jq -e 'type == "array" and length == 3' "$T/s6.json" >/dev/null || fail "--json: not an array of 3"
jq -e 'all(.[]; has("scenario") and has("seed") and has("trials") and has("p_agreement")
        and has("ci95") and has("outcomes") and has("rounds") and has("agreement_point")
        and has("agents") and has("complete") and has("version"))' "$T/s6.json" >/dev/null ||
  fail "--json: an element lacks a summary key"
jq -e '[.[].point["protocol.breakdown"]] == [0, 0.05, 0.1]' "$T/s6.json" >/dev/null ||
  fail "--json: point values"
jq -e --slurpfile s "$T/s1/point-0002/summary.json" '.[1] | del(.point) == $s[0]' \
  "$T/s6.json" >/dev/null || fail "--json: element 2 is not point-0002's summary"

# Byte for byte (docs/sweeps-and-plots.md): "[", then each point's summary.json with its "point"
# line after the opening brace, elements separated by ",", then "]".
{
  echo "["
  for k in 1 2 3; do
    v=$(sed -n "${k}p" <<<$'0\n0.05\n0.1')
    echo "{"
    echo "  \"point\": {\"protocol.breakdown\": $v},"
    sed -e '1d' -e '$d' "$T/s6/point-000$k/summary.json"
    [ "$k" -lt 3 ] && echo "}," || echo "}"
  done
  echo "]"
} >"$T/s6.expected"
cmp "$T/s6.json" "$T/s6.expected" || fail "--json: not the points' summary.json texts"
# sweep.tsv holds the summaries' numbers, p_agreement in the same text as summary.json (one
# number format for JSON and TSV).
for k in 1 2 3; do
  row=$(grep -v '^#' "$T/s6/sweep.tsv" | sed 1d | sed -n "${k}p")
  jq -e --arg row "$row" '($row | split("\t") | .[1:] | map(tonumber))
      == [.trials, .outcomes.agreement, .p_agreement, .ci95[0], .ci95[1], .rounds.mean]' \
    "$T/s6/point-000$k/summary.json" >/dev/null || fail "sweep.tsv row $k '$row' differs from its summary"
  p=$(sed -n 's/^  "p_agreement": \(.*\),$/\1/p' "$T/s6/point-000$k/summary.json")
  [ "$(cut -f4 <<<"$row")" = "$p" ] || fail "sweep.tsv row $k: p_agreement text differs from '$p'"
done

# 7. Malformed or invalid sweeps: exit 2, a message naming the problem, nothing run or created.
expect_usage() { # expect_usage PATTERN ARGS...
  local pat=$1 rc
  shift
  set +e
  "$PARLEY" sweep "$@" --trials 100 --out "$T/bad" >"$T/e.out" 2>"$T/e.err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "sweep $* exited $rc, expected 2: $(cat "$T/e.err")"
  grep -q -- "$pat" "$T/e.err" || fail "sweep $*: stderr lacks '$pat': $(cat "$T/e.err")"
  [ ! -e "$T/bad" ] || fail "sweep $*: created the results folder"
  [ ! -s "$T/e.out" ] || fail "sweep $*: printed on stdout"
}
for spec in protocol.breakdown protocol.breakdown=0:0.1 protocol.breakdown=0:0.1:0 \
            protocol.breakdown=0:0.1:x protocol.breakdown=a:0.1:3 protocol.breakdown=0,,1 \
            protocol.breakdown=0,0 =0,1 protocol.breakdown= protocol.breakdown=0:1,2; do
  expect_usage "--over '$spec'" "$SC" --over "$spec"
done
expect_usage "one or two" "$SC" --over protocol.noise=0,1 --over protocol.breakdown=0,1 \
  --over agents.p1.flexibility=0,1
expect_usage "twice" "$SC" --over protocol.noise=0,1 --over protocol.noise=0.2
expect_usage "agents.nobody.reservation" "$SC" --over agents.nobody.reservation=0.1,0.2
# Point 3 of 3 is out of range: found before point 1 runs.
expect_usage "sweep point 3 of 3" "$SC" --over agents.p1.reservation=0.5:1.5:3
expect_usage "nothing to sweep" "$SC"
# --over as the last argument has no value (getopt_long: a value may be the next argument even
# when it starts with '-', so only the end of the line leaves --over without one).
set +e
"$PARLEY" sweep "$SC" --trials 100 --out "$T/bad" --over >"$T/e.out" 2>"$T/e.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "sweep ... --over exited $rc, expected 2"
grep -qx "parley sweep: error: --over needs a value (see 'parley sweep --help')" "$T/e.err" ||
  fail "sweep ... --over: $(cat "$T/e.err")"
[ ! -e "$T/bad" ] || fail "sweep ... --over: created the results folder"
expect_usage "SCENARIO" --over protocol.noise=0,1
expect_usage "unknown option" "$SC" --over protocol.noise=0,1 --bogus

# 8. Common random numbers on the shipped reference scenario: the variance of the difference of
# per-trial agreement indicators between two adjacent points, with common streams (one sweep,
# same seed) and with independent streams (point 2 rerun with another seed).
# Var(A - B) = Var A + Var B - 2 Cov(A, B): Cov = 0 for independent streams; with common streams
# most trials end the same way at both points, Cov is close to sqrt(Var A Var B) and the variance
# collapses. A ratio below 0.5 means a correlation above 0.5 (for equal variances the ratio is
# 1 - rho); with 4000 trials the estimates' relative errors are a few percent.
GAZA="$PARLEY_SRC/scenarios/gaza-2024-08.cfg"
"$PARLEY" sweep "$GAZA" --over agents.hamas.reservation=0.80,0.83 --trials 4000 --per-trial \
  --out "$T/crn" --quiet
"$PARLEY" run "$GAZA" --set agents.hamas.reservation=0.83 --trials 4000 --seed 12345 \
  --per-trial --out "$T/crn-indep" --quiet
var_diff() { # var_diff A.tsv B.tsv -> sample variance of 1[A agreed] - 1[B agreed]
  paste <(grep -v '^#' "$1" | sed 1d | cut -f2) <(grep -v '^#' "$2" | sed 1d | cut -f2) |
    awk '{ d = ($1 == "agreement") - ($2 == "agreement"); s += d; ss += d * d; n++ }
         END { printf "%.8f\n", (ss - s * s / n) / (n - 1) }'
}
v_crn=$(var_diff "$T/crn/point-0001/per_trial.tsv" "$T/crn/point-0002/per_trial.tsv")
v_ind=$(var_diff "$T/crn/point-0001/per_trial.tsv" "$T/crn-indep/per_trial.tsv")
ratio=$(awk -v a="$v_crn" -v b="$v_ind" 'BEGIN { printf "%.4f", a / b }')
echo "cli_sweep: CRN on gaza-2024-08: Var(A-B) common $v_crn, independent $v_ind, ratio $ratio"
awk -v b="$v_ind" 'BEGIN { exit !(b > 0.1) }' || fail "CRN: independent variance too small"
awk -v r="$ratio" 'BEGIN { exit !(r < 0.5) }' || fail "CRN: ratio $ratio is not below 0.5"
echo "cli_sweep: all checks passed"
