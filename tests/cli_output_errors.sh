#!/usr/bin/env bash
# cli_output_errors.sh — results that cannot be written: `parley run` and `parley sweep` must exit
# with status 1 (SPEC §5: runtime or I/O failure), say which path failed and why, and leave no
# partial file under a final name (no summary.json, TSV, run.json or scenario.cfg of a failed run,
# no temporary ".NAME.tmp-*" files, and no folder they created themselves).
#
# Read-only targets: the suite runs as root in CI, and permissions do not stop root, so a folder
# is made unwritable by other means: a path below a regular FILE (ENOTDIR), a path in /proc
# (which refuses new folders), and, when root may mount, a read-only tmpfs (EROFS). A full disk is
# a tiny tmpfs filled to within a few KB, stepping the free space so that each results file in
# turn is the one that fails (ENOSPC); /dev/full stands in for a full stdout. Cases that the
# machine cannot stage (no mount permission) are skipped with the reason printed.
set -u
mkdir -p "$PARLEY_TMP"
T="$PARLEY_TMP"
S="$PARLEY_SRC/tests/data/run/small.cfg"
fail=0
mnt="$T/mnt"
mounted=0
cleanup() { [ "$mounted" -eq 1 ] && umount "$mnt" 2>/dev/null; mounted=0; }
trap cleanup EXIT

# expect NAME STATUS SUBSTRING CMD... — runs CMD, checks its status and that stderr has SUBSTRING.
expect() {
  local name="$1" want="$2" sub="$3"
  shift 3
  timeout 120 "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $name: exit $rc, expected $want"; sed 's/^/  | /' "$T/err" | head -5; fail=1
  elif ! grep -qF -- "$sub" "$T/err"; then
    echo "FAIL: $name: stderr lacks: $sub"; sed 's/^/  | /' "$T/err" | head -5; fail=1
  else
    echo "ok: $name"
  fi
}

# absent NAME PATH — nothing at PATH.
absent() {
  if [ -e "$2" ]; then echo "FAIL: $1: $2 exists after a failed run"; ls -la "$2"; fail=1; fi
}

# no_partial NAME DIR — DIR holds no temporary file and only complete results files, if any.
no_partial() {
  if [ -d "$2" ] && ls -A "$2" | grep -q '\.tmp-'; then
    echo "FAIL: $1: temporary files left in $2: $(ls -A "$2" | tr '\n' ' ')"; fail=1
  fi
}

# 1. The output path goes through a regular file (ENOTDIR).
: >"$T/plainfile"
expect "run --out below a file" 1 "cannot create the folder '$T/plainfile': Not a directory" \
  "$PARLEY" run "$S" --quiet --out "$T/plainfile/res"
absent "run --out below a file" "$T/plainfile/res"
expect "run --out is a file" 1 "$T/plainfile" "$PARLEY" run "$S" --quiet --out "$T/plainfile"
[ -s "$T/plainfile" ] && { echo "FAIL: the file given as --out was written to"; fail=1; }
expect "run --per-trial --out below a file" 1 "Not a directory" \
  "$PARLEY" run "$S" --quiet --per-trial --out "$T/plainfile/res"
expect "sweep --out below a file" 1 "Not a directory" \
  "$PARLEY" sweep "$S" --quiet --trials 50 --over agents.north.reservation=0.5:0.6:2 --out "$T/plainfile/sw"
absent "sweep --out below a file" "$T/plainfile/sw"

# 2. A folder that cannot be created (/proc accepts no new entries, even from root).
if [ -d /proc/self ]; then
  expect "run --out in /proc" 1 "cannot create the folder '/proc/parley-results'" \
    "$PARLEY" run "$S" --quiet --out /proc/parley-results
fi

# 3. The default folder results/NAME-DATE/ when ./results is a file.
mkdir -p "$T/cwd" && : >"$T/cwd/results"
(cd "$T/cwd" && expect "default results/ is a file" 1 "results" "$PARLEY" run "$S" --quiet
 [ "$fail" -eq 0 ]) || fail=1
[ "$(ls -A "$T/cwd")" = "results" ] || { echo "FAIL: files left in $T/cwd"; fail=1; }

# 4. stdout that cannot be written (--json into /dev/full): exit 1, the message says so.
if [ -w /dev/full ]; then
  rm -rf "$T/full-json"
  timeout 60 "$PARLEY" run "$S" --json --trials 100 --out "$T/full-json" >/dev/full 2>"$T/err"
  rc=$?
  if [ "$rc" -ne 1 ] || ! grep -qF "cannot write to standard output" "$T/err"; then
    echo "FAIL: --json to /dev/full: exit $rc"; cat "$T/err"; fail=1
  else
    echo "ok: --json to /dev/full"
  fi
fi

# 5. Read-only and full file systems: tmpfs mounts (root only, and only where mounting is allowed).
mkdir -p "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=1m,ro tmpfs "$mnt" 2>/dev/null; then
  mounted=1
  expect "run --out on a read-only file system" 1 "Read-only file system" \
    "$PARLEY" run "$S" --quiet --out "$mnt/res"
  absent "read-only" "$mnt/res"
  cleanup
  # A 128 KB file system filled but for FREE KB: each of the six results files takes a 4 KB page,
  # so stepping FREE from 0 to 24 makes each file in turn the one that hits ENOSPC; 24 KB is
  # enough for all. Either every file is there and complete (exit 0) or none is (exit 1).
  if mount -t tmpfs -o size=128k tmpfs "$mnt" 2>/dev/null; then
    mounted=1
    for free in 0 4 8 12 16 20 24 32; do
      rm -rf "${mnt:?}"/*
      dd if=/dev/zero of="$mnt/filler" bs=1k count=$((128 - free)) 2>/dev/null
      timeout 60 "$PARLEY" run "$S" --quiet --trials 200 --out "$mnt/res" >/dev/null 2>"$T/err"
      rc=$?
      if [ "$rc" -eq 0 ]; then
        for f in summary.json run.json scenario.cfg outcomes.tsv rounds.tsv agreement_point.tsv; do
          [ -s "$mnt/res/$f" ] || { echo "FAIL: full disk, $free KB free: exit 0 but no $f"; fail=1; }
        done
        grep -q '"complete": true' "$mnt/res/summary.json" || { echo "FAIL: $free KB: summary incomplete"; fail=1; }
      elif [ "$rc" -eq 1 ]; then
        grep -qF "No space left on device" "$T/err" || { echo "FAIL: full disk, $free KB free: no ENOSPC message"; cat "$T/err"; fail=1; }
        absent "full disk, $free KB free" "$mnt/res"
      else
        echo "FAIL: full disk, $free KB free: exit $rc"; cat "$T/err"; fail=1
      fi
      echo "ok: full disk with $free KB free (exit $rc)"
    done
    [ "$rc" -eq 0 ] || { echo "FAIL: 32 KB free should be enough for the results"; fail=1; }

    # --per-trial rows stream to disk during the run: the run stops with exit 1, no partial file.
    rm -rf "${mnt:?}"/*
    expect "per-trial rows on a full disk" 1 "No space left on device" \
      "$PARLEY" run "$S" --quiet --per-trial --trials 20000 --out "$mnt/res"
    absent "per-trial rows on a full disk" "$mnt/res"

    # An existing folder with complete results, then a run that fails in it: the old files stay
    # whole (each is replaced only by a complete new one), and no temporary file remains.
    rm -rf "${mnt:?}"/*
    "$PARLEY" run "$S" --quiet --trials 200 --out "$mnt/res" >/dev/null 2>&1
    cp "$mnt/res/summary.json" "$T/old-summary.json"
    dd if=/dev/zero of="$mnt/filler" bs=1k count=200 2>/dev/null
    expect "a failed run in a folder of old results" 1 "No space left on device" \
      "$PARLEY" run "$S" --quiet --trials 300 --out "$mnt/res"
    cmp -s "$mnt/res/summary.json" "$T/old-summary.json" || { echo "FAIL: the old summary.json was changed"; fail=1; }
    no_partial "a failed run in a folder of old results" "$mnt/res"
    cleanup
  else
    echo "skip: full disk: cannot mount a writable tmpfs here"
  fi
else
  echo "skip: read-only and full file systems: need root with permission to mount tmpfs"
fi

exit "$fail"
