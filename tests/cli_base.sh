#!/usr/bin/env bash
# cli_base.sh — `base = "FILE";` (docs/scenario-format.md, "Varying a base file"): a file read on
# top of its base gives the same results as the same scenario written out in full; the results
# folder's scenario.cfg is flat; a base is read as boundedly as an @include (a cycle, a file that
# is its own base, a missing file, a FIFO, a chain too long are errors with FILE:LINE, never a
# hang); problems are reported at the file and line they were written at. Fixtures:
# tests/data/base/ (small-variant-flat.cfg is small-variant.cfg written out by hand).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
D=$PARLEY_SRC/tests/data/base
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
# Runs parley validate on $1, expecting exit status $2 and the exact line $3 on stderr.
expect_error() {
  local out=$T/err.txt
  timeout 10 "$PARLEY" validate "$1" >/dev/null 2>"$out"
  local rc=$?
  [ "$rc" -eq "$2" ] || fail "validate $1: exit $rc, expected $2"
  grep -qxF -- "$3" "$out" || {
    fail "validate $1: no line '$3'"
    cat "$out" >&2
  }
}

# 1. The variant and its flat equivalent give the same summary.json, byte for byte (same name,
#    same seed); the changed reservations change the result (else the test shows nothing).
"$PARLEY" run "$D/small-variant.cfg" --quiet --out "$T/variant" >/dev/null 2>&1 || fail "run variant"
"$PARLEY" run "$D/small-variant-flat.cfg" --quiet --out "$T/flat" >/dev/null 2>&1 || fail "run flat"
"$PARLEY" run "$PARLEY_SRC/tests/data/run/small.cfg" --quiet --out "$T/small" >/dev/null 2>&1 ||
  fail "run small"
cmp -s "$T/variant/summary.json" "$T/flat/summary.json" ||
  fail "summary.json of small-variant.cfg differs from that of small-variant-flat.cfg"
cmp -s "$T/variant/summary.json" "$T/small/summary.json" &&
  fail "small-variant.cfg gives the summary of small.cfg: the redefinitions were not applied"

# 2. The results folder's scenario.cfg is the merged scenario, flat: no base key, South at 0.6,
#    and it runs to the same summary.
grep -q '^ *base *=' "$T/variant/scenario.cfg" && fail "scenario.cfg still has a base key"
"$PARLEY" validate "$T/variant/scenario.cfg" >"$T/flat.txt" 2>&1 || fail "validate scenario.cfg"
grep -q 'south (South): capability 0.6, reservation 0.6,' "$T/flat.txt" ||
  fail "scenario.cfg: South's reservation is not 0.6"
"$PARLEY" run "$T/variant/scenario.cfg" --quiet --out "$T/again" >/dev/null 2>&1 || fail "rerun"
cmp -s "$T/variant/summary.json" "$T/again/summary.json" ||
  fail "the written scenario.cfg does not give the same summary.json"

# 3. The Gaza scenario varied by a file gives what --set gives (the summaries without the name
#    and the warnings, whose locations differ).
G=$PARLEY_SRC/scenarios/gaza-2024-08.cfg
"$PARLEY" run "$D/gaza-israel-066.cfg" --trials 400 --quiet --out "$T/gb" >/dev/null 2>&1 ||
  fail "run gaza-israel-066.cfg"
"$PARLEY" run "$G" --set agents.israel.reservation=0.66 --trials 400 --quiet --out "$T/gs" \
  >/dev/null 2>&1 || fail "run gaza --set"
cmp -s <(jq -S 'del(.scenario, .warnings)' "$T/gb/summary.json") \
  <(jq -S 'del(.scenario, .warnings)' "$T/gs/summary.json") ||
  fail "gaza-israel-066.cfg and --set agents.israel.reservation=0.66 differ"
grep -q '"scenario": "gaza-2024-08-israel-066"' "$T/gb/summary.json" || fail "the name is not set"

# 4. A base's @include is found in the base's folder; the base's settings keep their file:line.
"$PARLEY" validate "$D/uses-inc-base.cfg" >"$T/inc.txt" 2>&1 || fail "validate uses-inc-base.cfg"
grep -q '^protocol: mediated, max_rounds 10,' "$T/inc.txt" || fail "uses-inc-base: max_rounds"
grep -q '^montecarlo: trials 500, seed 7,' "$T/inc.txt" || fail "uses-inc-base: montecarlo"
printf 'base = "%s";\nagents = ( { id = "south"; reservation = 1.5; } );\n' "$D/small-variant.cfg" \
  >"$T/bad_value.cfg"
expect_error "$T/bad_value.cfg" 2 "$T/bad_value.cfg:2: error: agents.south.reservation: value 1.5 outside [0, 1]"
printf 'base = "../run/small.cfg";\nprotocol = { noise = -1.0; };\n' >"$T/x.cfg"
mkdir -p "$T/sub/run"
cp "$PARLEY_SRC/tests/data/run/small.cfg" "$T/sub/run/small.cfg"
sed -i 's/max_rounds = 20;/max_rounds = 0;/' "$T/sub/run/small.cfg"
mkdir -p "$T/sub/v"
printf 'base = "../run/small.cfg";\nname = "v";\n' >"$T/sub/v/v.cfg"
L=$(grep -n 'max_rounds = 0' "$T/sub/run/small.cfg" | cut -d: -f1)
expect_error "$T/sub/v/v.cfg" 2 "$T/sub/v/../run/small.cfg:$L: error: protocol.max_rounds: must be between 1 and 100000 (found 0)"

# The wrapped-integer check reads the base's own line (cfgguard.h), not the varying file's.
mkdir -p "$T/wrap"
sed 's/trials = 2000;/trials = 5000000000;/' "$PARLEY_SRC/tests/data/run/small.cfg" >"$T/wrap/b.cfg"
printf 'base = "wrap/b.cfg";\n' >"$T/wrap_user.cfg"
L=$(grep -n 'trials = 5000000000' "$T/wrap/b.cfg" | cut -d: -f1)
expect_error "$T/wrap_user.cfg" 2 "$T/wrap/b.cfg:$L: error: integer 5000000000 does not fit in 32 bits; write 64-bit integers with the L suffix (5000000000L)"

# 5. What a base may not be: each an error at the base key, never a hang.
printf 'base = "b.cfg";\nname = "a";\n' >"$T/a.cfg"
printf 'base = "a.cfg";\nname = "b";\n' >"$T/b.cfg"
expect_error "$T/a.cfg" 2 "$T/b.cfg:1: error: base 'a.cfg': it is based on this file (a cycle)"
printf '# me\nbase = "self.cfg";\n' >"$T/self.cfg"
expect_error "$T/self.cfg" 2 "$T/self.cfg:2: error: base 'self.cfg': a file cannot be its own base"
printf 'base = "missing.cfg";\n' >"$T/missing_user.cfg"
expect_error "$T/missing_user.cfg" 2 \
  "$T/missing_user.cfg:1: error: base 'missing.cfg': No such file or directory"
mkfifo "$T/fifo.cfg"
printf 'base = "fifo.cfg";\n' >"$T/fifo_user.cfg"
expect_error "$T/fifo_user.cfg" 2 \
  "$T/fifo_user.cfg:1: error: base 'fifo.cfg': not a regular file (a FIFO, a device or a socket)"
printf 'base = "sub";\n' >"$T/dir_user.cfg"
expect_error "$T/dir_user.cfg" 2 "$T/dir_user.cfg:1: error: base 'sub': Is a directory"
printf 'base = 3;\n' >"$T/int.cfg"
expect_error "$T/int.cfg" 2 "$T/int.cfg:1: error: base: expected a string, found an integer"
printf 'base = "";\n' >"$T/empty.cfg"
expect_error "$T/empty.cfg" 2 "$T/empty.cfg:1: error: base: an empty file name"
printf 'name = "s"\nagents = (\n' >"$T/broken.cfg"
printf 'base = "broken.cfg";\n' >"$T/broken_user.cfg"
expect_error "$T/broken_user.cfg" 2 "$T/broken.cfg:3: error: syntax error"
# A chain of 12 files, each based on the next: the 11th base is one too many.
for k in $(seq 0 11); do printf 'base = "c%d.cfg";\n' $((k + 1)) >"$T/c$k.cfg"; done
cp "$PARLEY_SRC/tests/data/run/small.cfg" "$T/c12.cfg"
expect_error "$T/c0.cfg" 2 "$T/c10.cfg:1: error: base 'c11.cfg': more than 10 bases in a chain"
# Ten bases are allowed.
printf 'base = "c3.cfg";\n' >"$T/ten.cfg"
"$PARLEY" validate "$T/ten.cfg" >/dev/null 2>&1 || fail "a chain of ten bases is refused"

# 6. The merge rules: a list without ids (sweep) replaces the base's; a new id is appended; a
#    group (position, salience) merges key by key, so the parties keep their other positions.
cat >"$T/rules.cfg" <<EOF
base = "$PARLEY_SRC/scenarios/example.cfg";
sweep = ( { path = "protocol.noise"; from = 0.0; to = 0.1; steps = 3; } );
issues = ( { id = "leave"; label = "Parental leave"; unit = "weeks"; min = 0.0; max = 20.0; } );
agents = (
  { id = "union"; position = { leave = 16.0; }; salience = { leave = 0.4; }; },
  { id = "firm"; position = { leave = 6.0; }; salience = { leave = 0.2; }; }
);
EOF
"$PARLEY" sweep "$T/rules.cfg" --trials 100 --quiet --out "$T/rules" >/dev/null 2>&1 ||
  fail "sweep of rules.cfg"
grep -q '^protocol.noise' "$T/rules/sweep.tsv" || fail "the sweep list was not replaced"
"$PARLEY" validate "$T/rules.cfg" >"$T/rules.txt" 2>&1 || fail "validate rules.cfg"
grep -q '^issues (4):' "$T/rules.txt" || fail "the new issue was not appended"
grep -q '^  leave: Parental leave' "$T/rules.txt" || fail "the new issue is not listed"
grep -q 'position: wage 8, hours 35, bonus 1500, leave 16$' "$T/rules.txt" ||
  fail "union's positions were not merged key by key"

if [ "$fails" -gt 0 ]; then
  echo "$fails failure(s)" >&2
  exit 1
fi
echo "cli_base: all passed"
