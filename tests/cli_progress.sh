#!/usr/bin/env bash
# The progress bar fits the terminal (src/cli/progress.h): run through a pseudo-terminal (util-linux
# `script`) whose width is set with `stty cols`, every line the bar draws (the text between two
# carriage returns, less the erase-to-end sequence ESC [ K) is at most COLUMNS - 1 characters, so
# the terminal never wraps it; a wide terminal gets the bar itself ([###...]).
set -u
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T=$PARLEY_TMP
rm -rf "$T"
mkdir -p "$T"
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
if ! command -v script >/dev/null || ! script -qc true /dev/null </dev/null >/dev/null 2>&1; then
  echo "cli_progress: no usable 'script' (util-linux): skipped"
  exit 0
fi
S=$PARLEY_SRC/tests/data/run/small.cfg
for cols in 20 40 100; do
  script -qc "stty cols $cols; '$PARLEY' run '$S' --trials 200000 --threads 1 --out '$T/r$cols' \
    >/dev/null" "$T/tty$cols" </dev/null >/dev/null 2>&1 || fail "cols $cols: run exited $?"
  # Only what the command wrote: from the first carriage return to the last.
  lines=$(sed -e '1d' -e '$d' "$T/tty$cols" | tr '\r' '\n' | sed $'s/\x1b\\[K//g' | grep -v '^$')
  [ -n "$lines" ] || fail "cols $cols: no progress line drawn"
  widest=$(awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' <<<"$lines")
  [ "$widest" -le $((cols - 1)) ] || fail "cols $cols: a line of $widest characters: $lines"
done
grep -q '\[#' "$T/tty100" || fail "cols 100: no bar drawn"
echo "cli_progress: $fails failure(s)"
[ "$fails" -eq 0 ]
