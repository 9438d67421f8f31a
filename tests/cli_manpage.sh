#!/usr/bin/env bash
# cli_manpage.sh — docs/parley.1 (the manual page cmake --install puts in share/man/man1) matches
# the binary: every command that `parley --help` lists has its section (.SS "parley COMMAND ..."),
# and every option that `parley COMMAND --help` names (--long or -x) is in that section or in the
# page's DESCRIPTION (the conventions shared by every command); `parley --help`'s own options are
# in the section "parley --help ...". The page also has the sections a man page needs, and renders
# with `man -l` without warnings.
# Environment: PARLEY (the binary), PARLEY_SRC (source tree), PARLEY_TMP (scratch folder).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
PAGE="$PARLEY_SRC/docs/parley.1"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The page as plain text lines, roff escapes of the characters options use undone: \- is "-",
# \fB \fI \fR \fP font changes and \e removed.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\e//g' "$PAGE" >"$T/page.txt"

# The lines of the section whose .SS title starts with "$1 " (up to the next .SS or .SH).
section() {
  awk -v t="$1" '
    /^\.S[SH] / { on = index($0, ".SS \"" t " ") == 1 }
    on' "$T/page.txt"
}
# The DESCRIPTION section.
description() { awk '/^\.SH / { on = ($0 == ".SH DESCRIPTION") } on' "$T/page.txt"; }

# Every option a help text names: --long and short -x (not inside words like multi-party).
options_of() {
  grep -oE -- '--[a-z][a-z0-9-]*' "$1" || true
  grep -oE -- '(^|[][ ,(|])-[a-zA-Z]([], )|]|$)' "$1" | grep -oE -- '-[a-zA-Z]' || true
}

for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
  grep -qx ".SH \"\\?$s\"\\?" "$T/page.txt" || fail "docs/parley.1 has no section $s"
done

# The page is of this version (.TH PARLEY 1 DATE "parley VERSION" ...).
version=$("$PARLEY" --version | awk '{print $NF}')
grep -q "^\.TH PARLEY 1 [0-9-]* \"parley $version\"" "$T/page.txt" ||
  fail "docs/parley.1's .TH line does not name parley $version"

"$PARLEY" --help >"$T/help.txt"
commands=$(sed -n '/^commands:/,/^$/p' "$T/help.txt" | sed -nE 's/^  ([a-z]+) .*/\1/p' | grep -vx parley)
[ -n "$commands" ] || fail "no command found in parley --help"
description >"$T/description.txt"
n=0
for cmd in $commands; do
  section "parley $cmd" >"$T/sec-$cmd.txt"
  [ -s "$T/sec-$cmd.txt" ] || fail "docs/parley.1 has no section .SS \"parley $cmd ...\""
  "$PARLEY" "$cmd" --help >"$T/help-$cmd.txt"
  for opt in $(options_of "$T/help-$cmd.txt" | sort -u); do
    grep -qF -- "$opt" "$T/sec-$cmd.txt" || grep -qF -- "$opt" "$T/description.txt" ||
      fail "parley $cmd --help names $opt, the section 'parley $cmd' of docs/parley.1 does not"
    n=$((n + 1))
  done
done
# parley's own options: the line "  parley --help | --version | COMMAND --help" (the options on the
# command lines above it are the commands', checked with their own --help).
section "parley --help" >"$T/sec-main.txt"
grep -E '^  parley ' "$T/help.txt" >"$T/help-main.txt" || fail "no 'parley --help' line in parley --help"
for opt in $(options_of "$T/help-main.txt" | sort -u); do
  grep -qF -- "$opt" "$T/sec-main.txt" || fail "parley --help names $opt, docs/parley.1 does not"
done
# The exit statuses the help texts name are in EXIT STATUS.
awk '/^\.SH / { on = ($0 == ".SH EXIT STATUS") } on' "$T/page.txt" >"$T/exit.txt"
for st in 0 1 2 130 143; do
  grep -qx "\.B $st" "$T/exit.txt" || fail "EXIT STATUS does not describe $st"
done

# The test itself: an option missing from a section is found (a copy of the page without the
# run section's --per-trial must fail the check above).
grep -qF -- '--per-trial' "$T/sec-run.txt" || fail "the run section lost --per-trial"

# It renders: man -l, no warnings from groff, the commands in the text.
if command -v man >/dev/null; then
  LC_ALL=C MANWIDTH=100 MANPAGER=cat man --warnings -l "$PAGE" >"$T/man.txt" 2>"$T/man.err" ||
    fail "man -l docs/parley.1 failed: $(cat "$T/man.err")"
  [ ! -s "$T/man.err" ] || fail "man -l docs/parley.1 warns: $(cat "$T/man.err")"
  for cmd in $commands; do
    grep -q "^   parley $cmd" "$T/man.txt" || fail "the rendered page has no subsection parley $cmd"
  done
else
  fail "man is not installed (scripts/setup.sh installs man-db)"
fi
echo "ok: $(echo $commands | wc -w) commands, $n options checked against docs/parley.1"
