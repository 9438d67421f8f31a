#!/usr/bin/env bash
# cli_validate.sh — `parley validate` through the built binary: exit codes, output, diagnostics.
# Expected lines come from the fixtures in tests/data/scenario/ (see tests/check_scenario.c).
set -u
mkdir -p "$PARLEY_TMP"
D="$PARLEY_SRC/tests/data/scenario"
fail=0
check() { # description, command status, expected status
  if [ "$2" -ne "$3" ]; then echo "FAIL: $1 (exit $2, expected $3)"; fail=1; else echo "ok: $1"; fi
}
expect_line() { # file, exact line
  if ! grep -qxF -- "$2" "$1"; then echo "FAIL: missing line: $2"; cat "$1"; fail=1; fi
}

"$PARLEY" validate "$D/valid_full.cfg" "$PARLEY_SRC/scenarios/example.cfg" >"$PARLEY_TMP/out" 2>"$PARLEY_TMP/err"
check "valid files" $? 0
expect_line "$PARLEY_TMP/out" "$D/valid_full.cfg: ok"
expect_line "$PARLEY_TMP/out" "$PARLEY_SRC/scenarios/example.cfg: ok"
expect_line "$PARLEY_TMP/out" "  agents.north.reservation ~ normal(mean 0.55, sd 0.05)"
# valid_full.cfg's mediator 'broker' states a position on 'border' only (salience 0 elsewhere): the
# others are shown as "none", not as the midpoint the loader stores as a placeholder.
expect_line "$PARLEY_TMP/out" "    position: border ~ triangular(min 30, mode 50, max 80), hostages none, aid none"
# ... and the resolved scenario.cfg of a run omits them (the loader fills the same placeholder back).
"$PARLEY" run "$D/valid_full.cfg" --trials 10 --quiet --out "$PARLEY_TMP/vf" >/dev/null 2>&1
check "run valid_full.cfg" $? 0
expect_line "$PARLEY_TMP/vf/scenario.cfg" '    position = { border = { dist = "triangular"; min = 30.0; mode = 50.0; max = 80.0; }; };'
# valid_full.cfg gives protocol.first under eum, which only alternating reads: its one warning.
[ "$(cat "$PARLEY_TMP/err")" = "$D/valid_full.cfg:39: warning: protocol.first has no effect under protocol 'eum' (used by: alternating)" ] ||
  { echo "FAIL: stderr is not the one warning: $(cat "$PARLEY_TMP/err")"; fail=1; }

(cd "$D" && "$PARLEY" validate three_mistakes.cfg >"$PARLEY_TMP/out" 2>"$PARLEY_TMP/err")
check "three mistakes" $? 2
expect_line "$PARLEY_TMP/err" "three_mistakes.cfg:8: error: agents.p1.reservation: value 1.5 outside [0, 1]"
expect_line "$PARLEY_TMP/err" "three_mistakes.cfg:13: error: agents.m.salience: unknown issue 'q'"
# The list of protocols grows with the map: its start is pinned.
grep -qF "three_mistakes.cfg:16: error: protocol.kind: unknown protocol 'auction' (expected mediated, alternating" "$PARLEY_TMP/err" ||
  { echo "FAIL: missing the unknown protocol line"; fail=1; }
[ -s "$PARLEY_TMP/out" ] && { echo "FAIL: stdout not empty for an invalid file"; fail=1; }

(cd "$D" && "$PARLEY" validate int_overflow.cfg 2>"$PARLEY_TMP/err" >/dev/null)
check "32-bit overflow" $? 2
expect_line "$PARLEY_TMP/err" "int_overflow.cfg:17: error: integer 5000000000 does not fit in 32 bits; write 64-bit integers with the L suffix (5000000000L)"

(cd "$D" && "$PARLEY" validate syntax_error.cfg 2>"$PARLEY_TMP/err" >/dev/null)
check "syntax error" $? 2
expect_line "$PARLEY_TMP/err" "syntax_error.cfg:16: error: syntax error"

"$PARLEY" validate "$D/base.cfg" "$D/dup_agent.cfg" >"$PARLEY_TMP/out" 2>"$PARLEY_TMP/err"
check "one valid, one invalid" $? 2
expect_line "$PARLEY_TMP/out" "$D/base.cfg: ok"
expect_line "$PARLEY_TMP/err" "$D/dup_agent.cfg:10: error: duplicate agent id 'p1' (first defined at line 8)"

"$PARLEY" validate --set agents.p1.reservation=0.7 "$D/base.cfg" >"$PARLEY_TMP/out" 2>&1
check "--set ok" $? 0
grep -qF "reservation 0.7" "$PARLEY_TMP/out" || { echo "FAIL: override not described"; fail=1; }

"$PARLEY" validate --set agents.p1.reservation=1.5 "$D/base.cfg" >/dev/null 2>"$PARLEY_TMP/err"
check "--set out of domain" $? 2
expect_line "$PARLEY_TMP/err" "--set: error: agents.p1.reservation=1.5: value outside [0, 1]"

"$PARLEY" validate --set agents.p1.resrvation=1 "$D/base.cfg" >/dev/null 2>"$PARLEY_TMP/err"
check "--set unknown path" $? 2
grep -qF -- "--set: error: unknown parameter path 'agents.p1.resrvation'" "$PARLEY_TMP/err" || { echo "FAIL: unknown path message"; fail=1; }

"$PARLEY" validate "$D/no-such-file.cfg" >/dev/null 2>"$PARLEY_TMP/err"
check "missing file" $? 2
expect_line "$PARLEY_TMP/err" "$D/no-such-file.cfg: error: cannot read the scenario: No such file or directory"

"$PARLEY" validate >/dev/null 2>&1
check "no file" $? 2
"$PARLEY" validate --bogus "$D/base.cfg" >/dev/null 2>&1
check "unknown option" $? 2
"$PARLEY" validate --help >"$PARLEY_TMP/out" 2>&1
check "--help" $? 0
grep -q "^usage: parley validate" "$PARLEY_TMP/out" || { echo "FAIL: usage text"; fail=1; }
"$PARLEY" --version >"$PARLEY_TMP/out" 2>&1
check "--version" $? 0
grep -q "^parley [0-9]" "$PARLEY_TMP/out" || { echo "FAIL: version text"; fail=1; }

exit $fail
