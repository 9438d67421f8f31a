#!/usr/bin/env bash
# cli_stdout.sh — every command checks its writes (docs/errors.md, "cannot write to standard
# output"): with stdout on /dev/full (every write fails with ENOSPC, as on a full disk), each
# command, --help and --version exit 1 and say so on stderr in the form
# "parley CMD: error: cannot write to standard output: REASON"; a closed stdout (EBADF) is the
# same. A write to stderr that fails turns a success into exit 1 (there is nowhere to say so).
# Before this check, `validate`, `plot` and `--help` exited 0 and `trace` exited 1 silently.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch, created here).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
rm -rf "$PARLEY_TMP" && mkdir -p "$PARLEY_TMP" || exit 1
T=$(cd "$PARLEY_TMP" && pwd)
S="$PARLEY_SRC/tests/data/run/small.cfg"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if [ ! -w /dev/full ]; then
  echo "skipped: no writable /dev/full on this machine"
  exit 0
fi

# full CMD_NAME ARGS... — runs parley ARGS with stdout on /dev/full: exit 1 and the message.
full() {
  local name="$1"
  shift
  timeout 120 "$PARLEY" "$@" >/dev/full 2>"$T/err"
  local rc=$?
  local want="parley${name:+ $name}: error: cannot write to standard output: No space left on device"
  if [ "$rc" -ne 1 ]; then
    fail "$* >/dev/full: exit $rc, expected 1"
  elif ! grep -qxF -- "$want" "$T/err"; then
    fail "$* >/dev/full: stderr lacks the line '$want':"; sed 's/^/  | /' "$T/err" >&2
  else
    echo "ok: $* >/dev/full"
  fi
}

full "" --help
full "" help
full "" --version
for cmd in run sweep trace validate plot; do
  full "$cmd" "$cmd" --help
done
full validate validate "$S"
full validate validate "$S" "$S"
full trace trace "$S" --trial 0
full trace trace "$S" --trial 0 --json
# A trace whose rounds are longer than stdout's buffer fails inside the streamed JSON, not at the
# last flush: the same message, with the system's reason (it said "Input/output error"), once.
full trace trace --trial 0 --json
[ "$(grep -c 'cannot write' "$T/err")" = 1 ] || fail "trace --json >/dev/full: not one message"
full run run "$S" --trials 50 --out "$T/run"
full run run "$S" --trials 50 --json --out "$T/run-json"
full sweep sweep "$S" --trials 20 --over protocol.breakdown=0,0.1 --out "$T/sweep"
full sweep sweep "$S" --trials 20 --over protocol.breakdown=0,0.1 --json --out "$T/sweep-json"
# The results are still written: only the printed copy was lost.
[ -s "$T/run/summary.json" ] || fail "run >/dev/full: no summary.json"
[ -s "$T/sweep/sweep.tsv" ] || fail "sweep >/dev/full: no sweep.tsv"

# A closed stdout: EBADF, the same exit and message form.
"$PARLEY" --version >&- 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && grep -qF "parley: error: cannot write to standard output: Bad file descriptor" \
  "$T/err" || fail "--version with stdout closed: exit $rc"

# Quiet commands write nothing to stdout and succeed; a usage error keeps its status 2.
"$PARLEY" run "$S" --trials 20 --quiet --out "$T/quiet" >/dev/full 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "run --quiet >/dev/full: exit $rc, expected 0"
"$PARLEY" run --no-such-option >/dev/full 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a usage error with stdout on /dev/full: exit $rc, expected 2"

# stderr on /dev/full: a command that writes nothing there still succeeds; an error keeps its
# status; a success that had to write to stderr (a missed --precision target) is exit 1.
"$PARLEY" validate "$S" >/dev/null 2>/dev/full
rc=$?
[ "$rc" -eq 0 ] || fail "validate 2>/dev/full: exit $rc, expected 0"
"$PARLEY" validate "$T/no-such-file.cfg" >/dev/null 2>/dev/full
rc=$?
[ "$rc" -eq 2 ] || fail "validate of a missing file 2>/dev/full: exit $rc, expected 2"
"$PARLEY" run "$S" --precision 0.001 --trials 20 --quiet --out "$T/prec" >/dev/null 2>/dev/full
rc=$?
[ "$rc" -eq 1 ] || fail "run with a warning 2>/dev/full: exit $rc, expected 1"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all stdout checks passed"
