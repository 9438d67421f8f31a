#!/usr/bin/env bash
# cli_warnings.sh — warnings (docs/scenario-format.md, "Warnings"): on stderr for validate, run and
# sweep with the exit status unchanged, in `validate --json`, and in summary.json only when there
# are any. The fixtures in tests/data/warn/ say in their first lines which warning they give.
set -u
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
W="$PARLEY_SRC/tests/data/warn"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Each fixture: validate exits 0, prints its one warning on stderr.
expect_warning() { # fixture, exact stderr line
  "$PARLEY" validate "$W/$1" >"$T/out" 2>"$T/err" || bad "$1: validate exit $?"
  [ "$(cat "$T/err")" = "$W/$1:$2" ] || bad "$1: stderr is: $(cat "$T/err")"
  grep -qxF "$W/$1: ok" "$T/out" || bad "$1: no 'ok' line"
}
expect_warning reservation_mediator.cfg "11: warning: agents.m.reservation has no effect: mediators do not use reservation"
expect_warning first_mediated.cfg "11: warning: protocol.first has no effect under protocol 'mediated' (used by: alternating)"
expect_warning zero_salience.cfg "8: warning: agents.q: every salience is 0 at once in 100% of the trials, where the agent values every outcome alike and accepts any agreement"
# Q(0.1) + P(-4.9) = 0.460172 + 0.00000048 (standard normal table) = 46.0%
expect_warning clamp_normal.cfg "8: warning: agents.p.salience.a: normal(0.98, 0.2) puts 46.0% of its draws outside [0, 1], where they are clamped to the bounds"

# An override that makes the setting matter removes the warning; one that keeps it keeps its line.
"$PARLEY" validate --set protocol.kind=alternating "$W/first_mediated.cfg" >/dev/null 2>"$T/err" || bad "alternating: exit $?"
[ ! -s "$T/err" ] || bad "protocol.first under alternating still warns: $(cat "$T/err")"
"$PARLEY" validate --set agents.p.salience.a=0.5 "$W/clamp_normal.cfg" >/dev/null 2>"$T/err" || bad "fixed salience: exit $?"
[ ! -s "$T/err" ] || bad "a fixed salience still warns: $(cat "$T/err")"
"$PARLEY" validate --set agents.q.reservation=0.2 "$W/clamp_normal.cfg" >/dev/null 2>"$T/err" || bad "other override: exit $?"
grep -qF "$W/clamp_normal.cfg:8: warning: agents.p.salience.a:" "$T/err" || bad "warning lost after an override: $(cat "$T/err")"

# validate --json: one object for one file, an array for several; valid or not, exit 0 or 2.
"$PARLEY" validate --json "$W/clamp_normal.cfg" >"$T/one.json" 2>"$T/err" || bad "--json exit $?"
[ ! -s "$T/err" ] || bad "--json wrote on stderr: $(cat "$T/err")"
[ "$(jq -r '.valid' "$T/one.json")" = true ] || bad "--json valid"
[ "$(jq '.errors | length' "$T/one.json")" = 0 ] || bad "--json errors"
[ "$(jq -r '.warnings[0].line' "$T/one.json")" = 8 ] || bad "--json warning line"
[ "$(jq -r '.warnings[0].file' "$T/one.json")" = "$W/clamp_normal.cfg" ] || bad "--json warning file"
jq -r '.warnings[0].message' "$T/one.json" | grep -qF "46.0%" || bad "--json warning message"
"$PARLEY" validate --json "$W/reservation_mediator.cfg" "$PARLEY_SRC/tests/data/scenario/three_mistakes.cfg" >"$T/two.json"
[ $? -eq 2 ] || bad "--json with an invalid file should exit 2"
[ "$(jq -r '[.[].valid] | join(",")' "$T/two.json" 2>/dev/null)" = "true,false" ] || bad "--json array: $(cat "$T/two.json")"
[ "$(jq '.[1].errors | length' "$T/two.json")" = 3 ] || bad "--json errors of three_mistakes.cfg"
[ "$(jq -r '.[1].errors[0].line' "$T/two.json")" = 8 ] || bad "--json error line"
[ "$(jq '.[0].warnings | length' "$T/two.json")" = 1 ] || bad "--json warnings of reservation_mediator.cfg"

# run: the warning on stderr before running, exit 0, and in summary.json; none, no key.
"$PARLEY" run "$W/reservation_mediator.cfg" --out "$T/run1" --quiet >/dev/null 2>"$T/err" || bad "run exit $?"
grep -qxF "$W/reservation_mediator.cfg:11: warning: agents.m.reservation has no effect: mediators do not use reservation" "$T/err" || bad "run stderr: $(cat "$T/err")"
[ "$(jq -c '.warnings' "$T/run1/summary.json")" = "[{\"file\":\"$W/reservation_mediator.cfg\",\"line\":11,\"message\":\"agents.m.reservation has no effect: mediators do not use reservation\"}]" ] ||
  bad "summary.json warnings: $(jq -c .warnings "$T/run1/summary.json")"
"$PARLEY" run "$PARLEY_SRC/scenarios/example.cfg" --trials 50 --out "$T/run3" --quiet >/dev/null 2>"$T/err" || bad "example run exit $?"
[ ! -s "$T/err" ] || bad "example.cfg warns: $(cat "$T/err")"
[ "$(jq 'has("warnings")' "$T/run3/summary.json")" = false ] || bad "summary.json has warnings without any"
# the resolved scenario of a run with a mediator loads without warnings of its own making
"$PARLEY" validate "$T/run3/scenario.cfg" >/dev/null 2>"$T/err" || bad "resolved scenario exit $?"
[ ! -s "$T/err" ] || bad "the resolved scenario warns: $(cat "$T/err")"

# sweep: the warnings once, on stderr, before the points.
"$PARLEY" sweep "$W/first_mediated.cfg" --over protocol.max_rounds=5,10 --out "$T/sw" --quiet >/dev/null 2>"$T/err" || bad "sweep exit $?"
[ "$(grep -c ': warning: ' "$T/err")" = 1 ] || bad "sweep stderr: $(cat "$T/err")"

# ... and a warning that only a point has (a swept sd that makes a normal clamp: normal(0.5, 0.5)
# on [0, 1] puts 2 (1 - Phi(1)) = 31.7% of its draws outside), once, naming the point.
cat >"$T/sw.cfg" <<'EOF2'
name = "sw";
issues = ( { id = "a"; min = 0.0; max = 1.0; } );
agents = (
  { id = "x"; role = "party"; capability = 1; position = { a = 0; }; salience = { a = 1; };
    reservation = { dist = "normal"; mean = 0.5; sd = 0.01; }; },
  { id = "y"; role = "party"; capability = 1; position = { a = 1; }; salience = { a = 1; };
    reservation = 0.5; }
);
EOF2
"$PARLEY" sweep "$T/sw.cfg" --over agents.x.reservation.sd=0.01,0.5 --trials 20 --out "$T/sw2" --quiet >/dev/null 2>"$T/err" || bad "sweep over sd exit $?"
[ "$(grep -c ': warning: ' "$T/err")" = 1 ] || bad "sweep over sd stderr: $(cat "$T/err")"
grep -qF "sw.cfg:5: warning: point 2: agents.x.reservation: normal(0.5, 0.5) puts 31.7% of its draws outside [0, 1]" "$T/err" ||
  bad "the point's warning: $(cat "$T/err")"

[ "$fail" -eq 0 ] && echo "cli_warnings: all ok"
exit "$fail"
