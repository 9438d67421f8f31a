#!/usr/bin/env bash
# cli_bad_inputs.sh — the catalogue of malformed scenarios (tests/data/bad/) through the built
# binary. For every row of tests/data/bad/EXPECT.tsv (file, exit status, expected stderr substring
# with FILE:LINE), both `parley validate FILE` and `parley run FILE --out DIR` must exit with that
# status and print that substring on stderr, print nothing on stdout, and `run` must leave no
# results folder behind. Then the cases too big or too machine-specific to keep in git are built
# here: a very long string, very deep nesting, a huge list, an unreadable file, a folder, a FIFO,
# a device, files and inclusions over the limits.
# Each mismatch prints FAIL and the test fails. The expected texts are the loader's diagnostics as
# documented in docs/errors.md; exit statuses are those of the specification (2 = scenario error).
set -u
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
B="$PARLEY_SRC/tests/data/bad"
# libconfig 1.5 leaks a token on some syntax errors (fuzz/lsan.supp); harmless outside sanitizers.
export LSAN_OPTIONS="suppressions=$PARLEY_SRC/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fail=0
n=0

# run_case NAME EXPECTED_STATUS SUBSTRING CMD... — runs CMD (30 s at most), checks it.
run_case() {
  local name="$1" want="$2" sub="$3"
  shift 3
  n=$((n + 1))
  timeout 30 "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  local ok=1
  if [ "$rc" -eq 124 ]; then
    echo "FAIL: $name: timed out (a hang)"
    ok=0
  elif [ "$rc" -ne "$want" ]; then
    echo "FAIL: $name: exit $rc, expected $want"
    ok=0
  fi
  if [ -n "$sub" ] && ! grep -qF -- "$sub" "$T/err"; then
    echo "FAIL: $name: stderr lacks: $sub"
    ok=0
  fi
  if [ "$want" -ne 0 ] && [ -s "$T/out" ]; then
    echo "FAIL: $name: stdout not empty on an error"
    ok=0
  fi
  if grep -qE 'Sanitizer|runtime error|flex scanner|Segmentation|Aborted' "$T/err"; then
    echo "FAIL: $name: crash or sanitizer report"
    ok=0
  fi
  if [ "$ok" -eq 0 ]; then
    sed 's/^/  | /' "$T/err" | head -5
    fail=1
  fi
}

# no_results NAME DIR — a failed run must not leave a results folder (or any file in it).
no_results() {
  if [ -e "$2" ]; then
    echo "FAIL: $1: a failed run left $2 behind"
    fail=1
  fi
}

# 1. The catalogue. Run from the catalogue's folder so that messages name FILE as written.
rows=0
while IFS=$'\t' read -r file status msg; do
  case "$file" in '' | '#'*) continue ;; esac
  rows=$((rows + 1))
  [ -e "$B/$file" ] || { echo "FAIL: $file listed in EXPECT.tsv but missing"; fail=1; continue; }
  (cd "$B" && run_case "validate $file" "$status" "$msg" "$PARLEY" validate "$file"
   [ "$fail" -eq 0 ] || exit 1) || fail=1
  out="$T/run-${file%.cfg}"
  (cd "$B" && run_case "run $file" "$status" "$msg" "$PARLEY" run "$file" --quiet --out "$out"
   [ "$fail" -eq 0 ] || exit 1) || fail=1
  [ "$status" -ne 0 ] && no_results "run $file" "$out"
  n=$((n + 2))
done <"$B/EXPECT.tsv"
# Every catalogue file has its row (a new file without expectations would test nothing).
for f in "$B"/*.cfg; do
  grep -q "^$(basename "$f")	" "$B/EXPECT.tsv" || { echo "FAIL: $(basename "$f") has no row in EXPECT.tsv"; fail=1; }
done
[ "$rows" -ge 40 ] || { echo "FAIL: only $rows rows in EXPECT.tsv"; fail=1; }

# 2. Generated inputs. A valid two-party base to grow from (the first 17 lines of a catalogue
# file are a valid scenario but for the one mistake each carries; domain_breakdown.cfg's is on
# line 17, so its breakdown is reset here).
base="$T/base.cfg"
sed 's/ breakdown = 1.5;//' "$B/domain_breakdown.cfg" >"$base"
run_case "generated base is valid" 0 "" "$PARLEY" validate "$base"

# A 1 MB label: accepted (free text), no crash.
awk 'NR==4{c = ""; for (k = 0; k < 1000; k++) c = c "x"; l = ""; for (k = 0; k < 1000; k++) l = l c; sub(/Issue A/, l)} {print}' "$base" >"$T/long_label.cfg"
run_case "1 MB label" 0 "" "$PARLEY" validate "$T/long_label.cfg"

# A 100000-character name: refused, since it names the results folder.
awk 'NR==2{$0="name = \""; for (k = 0; k < 100000; k++) $0 = $0 "n"; $0 = $0 "\";"} {print}' "$base" >"$T/long_name.cfg"
run_case "100000-character name" 2 "long_name.cfg:2: error: name: longer than 100 characters (100000)" "$PARLEY" validate "$T/long_name.cfg"

# 100000 nested groups, and 100000 nested lists: the parser's stack is bounded, a clean error.
{ cat "$base"; awk 'BEGIN{printf "deep = "; for (k = 0; k < 100000; k++) printf "{ a = "; printf "1"; for (k = 0; k < 100000; k++) printf "; }"; print ";"}'; } >"$T/deep_groups.cfg"
run_case "100000 nested groups" 2 "deep_groups.cfg:18: error: memory exhausted" "$PARLEY" validate "$T/deep_groups.cfg"
{ cat "$base"; awk 'BEGIN{printf "deep = "; for (k = 0; k < 100000; k++) printf "( "; printf "1"; for (k = 0; k < 100000; k++) printf " )"; print ";"}'; } >"$T/deep_lists.cfg"
run_case "100000 nested lists" 2 "deep_lists.cfg:18: error: memory exhausted" "$PARLEY" validate "$T/deep_lists.cfg"

# 20000 issues that nobody cares about: every one reported, in bounded time.
awk 'NR==3{print; for (k = 0; k < 20000; k++) printf "  { id = \"i%d\"; min = 0.0; max = 1.0; },\n", k; next} {print}' "$base" >"$T/huge_list.cfg"
run_case "20000 issues" 2 "huge_list.cfg:20003: error: no agent has a positive salience on issue 'i19999'" "$PARLEY" validate "$T/huge_list.cfg"

# A sweep list of 200000 values: over the limit of 100000 points.
{ cat "$base"; awk 'BEGIN{printf "sweep = ( { path = \"protocol.breakdown\"; values = [ 0.0"; for (k = 0; k < 200000; k++) printf ", 0.0"; print " ]; } );"}'; } >"$T/huge_sweep.cfg"
run_case "200001 sweep values" 2 "huge_sweep.cfg:18: error: sweep.values: at most 100000 values (found 200001)" "$PARLEY" validate "$T/huge_sweep.cfg"

# 3. Files that are not scenario files.
run_case "a folder" 2 "$B: error: cannot read the scenario: Is a directory" "$PARLEY" validate "$B"
run_case "run a folder" 2 "$B: error: cannot read the scenario: Is a directory" "$PARLEY" run "$B" --quiet --out "$T/run-dir"
no_results "run a folder" "$T/run-dir"
run_case "a missing file" 2 "$T/nope.cfg: error: cannot read the scenario: No such file or directory" "$PARLEY" validate "$T/nope.cfg"
run_case "run a missing file" 2 "$T/nope.cfg: error: cannot read the scenario: No such file or directory" "$PARLEY" run "$T/nope.cfg" --quiet --out "$T/run-missing"
no_results "run a missing file" "$T/run-missing"
# Loading is bounded (docs/scenario-format.md, "Limits"): whatever is not a regular file is
# refused before a byte is read, and so is a file over 16 MiB; each case must end at once (a
# 2-second timeout stands for "within a second", with room for sanitizer builds).
# fast_case NAME SUBSTRING FILE — both validate and run exit 2 within the time, with SUBSTRING.
fast_case() {
  local t0 t1
  rm -rf "$T/run-fast"
  t0=$(date +%s%N)
  run_case "validate $1" 2 "$2" timeout 2 "$PARLEY" validate "$3"
  run_case "run $1" 2 "$2" timeout 2 "$PARLEY" run "$3" --quiet --out "$T/run-fast"
  no_results "run $1" "$T/run-fast"
  t1=$(date +%s%N)
  if [ $(((t1 - t0) / 1000000)) -gt 2000 ]; then
    echo "FAIL: $1: took $(((t1 - t0) / 1000000)) ms for two commands"
    fail=1
  fi
}
# A FIFO with no writer: refused at once, not read (reading one would block for ever).
rm -f "$T/fifo.cfg"
if mkfifo "$T/fifo.cfg" 2>/dev/null; then
  fast_case "a FIFO" "$T/fifo.cfg: error: cannot read the scenario: not a regular file (a FIFO, a device or a socket)" "$T/fifo.cfg"
fi
# A device that never ends.
if [ -c /dev/zero ]; then
  fast_case "/dev/zero" "/dev/zero: error: cannot read the scenario: not a regular file (a FIFO, a device or a socket)" /dev/zero
fi
# A 1 GB sparse file (no disk used) and a file of 16 MiB + 1 byte: over the limit.
rm -f "$T/sparse.cfg" "$T/big.cfg"
if truncate -s 1G "$T/sparse.cfg" 2>/dev/null; then
  fast_case "a 1 GB sparse file" "$T/sparse.cfg: error: cannot read the scenario: larger than the limit of 16 MiB per file" "$T/sparse.cfg"
  rm -f "$T/sparse.cfg"
fi
{ cat "$base"; head -c $((16 * 1024 * 1024 + 1 - $(wc -c <"$base"))) /dev/zero | tr '\0' ' '; } >"$T/big.cfg"
fast_case "a file of 16 MiB + 1 byte" "$T/big.cfg: error: cannot read the scenario: larger than the limit of 16 MiB per file" "$T/big.cfg"
# Exactly 16 MiB is allowed (the limit is inclusive).
{ cat "$base"; head -c $((16 * 1024 * 1024 - $(wc -c <"$base"))) /dev/zero | tr '\0' ' '; } >"$T/big.cfg"
run_case "a file of exactly 16 MiB" 0 "" "$PARLEY" validate "$T/big.cfg"
rm -f "$T/big.cfg"
fast_case "a folder (fast)" "$B: error: cannot read the scenario: Is a directory" "$B"

# An @include fan-out: 11 files, each including the next 10 times (10^10 inclusions for
# libconfig): refused by the pre-check at the 1001st inclusion.
mkdir -p "$T/fan"
for k in 0 1 2 3 4 5 6 7 8 9; do
  : >"$T/fan/f$k.cfg"
  for r in 1 2 3 4 5 6 7 8 9 10; do echo "@include \"f$((k + 1)).cfg\"" >>"$T/fan/f$k.cfg"; done
done
echo 'x = 1;' >"$T/fan/f10.cfg"
fast_case "an @include fan-out" "f9.cfg:5: error: cannot include 'f10.cfg': more than 1000 inclusions in all (each @include counts, nested ones too)" "$T/fan/f0.cfg"
# 1000 inclusions are allowed: the base plus 1000 includes of an empty file.
: >"$T/fan/empty.inc"
{ cat "$base"; for k in $(seq 1 1000); do echo '@include "empty.inc"'; done; } >"$T/fan/thousand.cfg"
run_case "1000 inclusions" 0 "" "$PARLEY" validate "$T/fan/thousand.cfg"
# A 3 MiB comment included 6 times: each file is within the limit, the total is not.
{ printf '# '; head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'x'; echo; } >"$T/fan/big.inc"
{ cat "$base"; for k in 1 2 3 4 5 6; do echo '@include "big.inc"'; done; } >"$T/fan/total.cfg"
fast_case "16 MiB in all" "total.cfg:23: error: cannot include 'big.inc': the scenario and its inclusions would exceed the limit of 16 MiB in all (each inclusion counts)" "$T/fan/total.cfg"
# An included FIFO, and an included file over the limit.
rm -f "$T/fan/pipe.inc"
if mkfifo "$T/fan/pipe.inc" 2>/dev/null; then
  { cat "$base"; echo '@include "pipe.inc"'; } >"$T/fan/pipe.cfg"
  fast_case "an included FIFO" "pipe.cfg:18: error: cannot include 'pipe.inc': it is not a regular file" "$T/fan/pipe.cfg"
fi
if truncate -s 17M "$T/fan/huge.inc" 2>/dev/null; then
  { cat "$base"; echo '@include "huge.inc"'; } >"$T/fan/huge.cfg"
  fast_case "an included file over 16 MiB" "huge.cfg:18: error: cannot include 'huge.inc': larger than the limit of 16 MiB per file" "$T/fan/huge.cfg"
fi
rm -rf "$T/fan"

# An unreadable file. Permissions do not stop root (CI runs as root), so as root the test uses a
# path whose component is a regular file (ENOTDIR) and, where it exists, /proc/self/mem (EIO on
# read at offset 0); as another user, chmod 000 is the real thing.
cp "$base" "$T/locked.cfg"
if [ "$(id -u)" -ne 0 ]; then
  chmod 000 "$T/locked.cfg"
  run_case "unreadable (chmod 000)" 2 "$T/locked.cfg: error: cannot read the scenario: Permission denied" "$PARLEY" validate "$T/locked.cfg"
  chmod 644 "$T/locked.cfg"
else
  echo "note: running as root: chmod 000 does not stop root; using ENOTDIR and /proc/self/mem instead"
fi
run_case "path under a file (ENOTDIR)" 2 "$T/locked.cfg/x.cfg: error: cannot read the scenario: Not a directory" "$PARLEY" validate "$T/locked.cfg/x.cfg"
if [ -e /proc/self/mem ]; then
  run_case "unreadable /proc/self/mem" 2 "/proc/self/mem: error: cannot read the scenario: Input/output error" "$PARLEY" validate /proc/self/mem
fi

# 4. Bad overrides and options on a good file (exit 2, the offending text named).
S="$PARLEY_SRC/tests/data/run/small.cfg"
run_case "--set typo" 2 "--set: error: unknown parameter path 'agents.nrth.reservation': no agent 'nrth'" "$PARLEY" run "$S" --quiet --out "$T/o" --set agents.nrth.reservation=0.5
run_case "--set absurd trials" 2 "--set: error: montecarlo.trials=10000000000000: value outside [1, 1000000000000]" "$PARLEY" run "$S" --quiet --out "$T/o" --set montecarlo.trials=10000000000000
run_case "--set absurd rounds" 2 "--set: error: protocol.max_rounds=4294967296: " "$PARLEY" run "$S" --quiet --out "$T/o" --set protocol.max_rounds=4294967296
run_case "--set not a number" 2 "--set: error: agents.north.reservation=high: not a number" "$PARLEY" run "$S" --quiet --out "$T/o" --set agents.north.reservation=high
run_case "--set overflowing float" 2 "--set: error: agents.north.position.border=1e999: out of range (integers fit in 64 bits, reals are finite and not so close to 0 that they round to 0)" "$PARLEY" validate --set agents.north.position.border=1e999 "$S"
run_case "--set underflowing float" 2 "--set: error: agents.north.position.border=1e-400: out of range (integers fit in 64 bits, reals are finite and not so close to 0 that they round to 0)" "$PARLEY" validate --set agents.north.position.border=1e-400 "$S"
# A real that rounds to 0 in a file (libconfig reads 1e-400 as 0.0): refused at its line.
sed 's/reservation = 0.5;/reservation = 1e-400;/' "$S" > "$T/underflow.cfg"
grep -q 'reservation = 1e-400;' "$T/underflow.cfg" || echo "FAIL: underflow fixture not made"
run_case "underflowing float in a file" 2 "so close to 0 that it rounds to 0 in a double" "$PARLEY" validate "$T/underflow.cfg"
run_case "empty scenario path" 2 "parley run: error: the scenario path is empty" "$PARLEY" run ""
run_case "--set nan" 2 "--set: error: agents.north.reservation=nan: not a number" "$PARLEY" validate --set agents.north.reservation=nan "$S"
run_case "--set first = a mediator" 2 "--set: error: protocol.first=broker: 'broker' is a mediator" "$PARLEY" validate --set protocol.first=broker "$S"
run_case "--set capability 1e308" 2 "--set: error: agents.north.capability=1e308: issue 'border': capability (up to 1e+308, agent 'north')" "$PARLEY" validate --set agents.north.capability=1e308 "$S"
run_case "--set 1000-character path" 2 "--set: error: unknown parameter path 'aaaa" "$PARLEY" validate --set "$(printf 'a%.0s' $(seq 1 1000))=1" "$S"
run_case "--set no =" 2 "--set wants PATH=VALUE" "$PARLEY" run "$S" --quiet --out "$T/o" --set agents.north.reservation
run_case "--trials absurd" 2 "--trials '99999999999999999999': not an integer in 1..1000000000000" "$PARLEY" run "$S" --quiet --out "$T/o" --trials 99999999999999999999
run_case "--trials 0" 2 "--trials '0': not an integer in 1..1000000000000" "$PARLEY" run "$S" --quiet --out "$T/o" --trials 0
run_case "--seed too big" 2 "--seed '18446744073709551616': out of range (integers fit in 64 bits" "$PARLEY" run "$S" --quiet --out "$T/o" --seed 18446744073709551616
run_case "--precision 0" 2 "--precision '0': not a number in (0, 0.5)" "$PARLEY" run "$S" --quiet --out "$T/o" --precision 0
run_case "sweep --over typo" 2 "unknown parameter path 'agents.north.resrvation'" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.resrvation=0.4:0.6:3
run_case "sweep --over bad steps" 2 "STEPS must be at most 100000" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.reservation=0.4:0.6:99999999999
run_case "sweep --over fractional steps" 2 "STEPS is not a whole number" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.reservation=0.4:0.6:2.5
run_case "sweep --over out of domain" 2 "agents.north.reservation=1.6: value outside [0, 1]" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.reservation=0.4:1.6:3
run_case "sweep --over not a number" 2 "value 2 'x' is not a number" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.reservation=0.4,x
run_case "sweep grid too big" 2 "the grid has more than 100000 points" "$PARLEY" sweep "$S" --quiet --out "$T/o" --over agents.north.reservation=0.4:0.6:1000 --over agents.south.reservation=0.4:0.6:1000
run_case "trace --trial negative" 2 "--trial '-1': a negative number where a non-negative integer is needed" "$PARLEY" trace "$S" --trial -1
run_case "trace --trial overflow" 2 "--trial '99999999999999999999999': not an integer in 0..9223372036854775807" "$PARLEY" trace "$S" --trial 99999999999999999999999
run_case "trace a folder" 2 "$B: error: cannot read the scenario: Is a directory" "$PARLEY" trace "$B" --trial 1
run_case "plot a non-results folder" 2 "is not a parley results folder" "$PARLEY" plot "$B"
run_case "unknown command" 2 "unknown command 'runn'" "$PARLEY" runn "$S"
run_case "--out empty" 2 "--out wants a folder name" "$PARLEY" run "$S" --quiet --out ""
no_results "bad options" "$T/o"

# 5. A closed stdout: the run's results are on disk, but --json could not be printed: status 1.
timeout 30 "$PARLEY" run "$S" --json --trials 10 --out "$T/closed" >&- 2>"$T/err"
rc=$?
n=$((n + 1))
if [ "$rc" -ne 1 ] || ! grep -qF "cannot write to standard output" "$T/err"; then
  echo "FAIL: --json to a closed stdout: exit $rc"; cat "$T/err"; fail=1
fi

echo "$n checks"
exit "$fail"
