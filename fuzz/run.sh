#!/usr/bin/env bash
# Builds the libFuzzer target over the scenario loader and the override parser (fuzz_scenario.c)
# with clang (-fsanitize=fuzzer,address,undefined; the library sources compiled with clang too,
# libconfig/GSL/jansson from the system) and runs it for SECONDS (default 60) on one core.
#
# Usage: fuzz/run.sh [SECONDS]
# Environment: FUZZ_WORK   work folder (default build-fuzz/ at the top of the tree): the binary,
#                          the generated corpus and any crash files live there, never in git.
#              FUZZ_ONLY_BUILD=1  build and stop.
#              FUZZ_KEEP_GOING=1  long runs: fork mode, keep fuzzing after a finding (each is saved
#                                 as $FUZZ_WORK/crash-*, leak-*, timeout-*; the status is then 1
#                                 if any was saved).
# The seed corpus is every shipped scenario, every test fixture and fuzz/seeds/*; libFuzzer adds
# what it finds to $FUZZ_WORK/corpus (kept between runs). Exit status: 0 when the run found
# nothing, 1 when libFuzzer reported a crash, a leak, a timeout or a broken invariant (the input
# is saved as $FUZZ_WORK/crash-* and printed), 2 on a usage error.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
case "$seconds" in
  '' | *[!0-9]*) echo "fuzz/run.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac
work="${FUZZ_WORK:-$root/build-fuzz}"
cc="${CC_FUZZ:-clang}"
command -v "$cc" >/dev/null || { echo "fuzz/run.sh: $cc not found (scripts/setup.sh --with-dev)" >&2; exit 1; }
mkdir -p "$work/obj" "$work/corpus" "$work/seeds"

# The library objects the loader needs (the scenario module and the status/diagnostics module),
# plus the embedded reference scenario, compiled with the fuzzing instrumentation.
cmake -DINPUT="$root/scenarios/gaza-2024-08.cfg" -DOUTPUT="$work/reference_scenario.c" \
  -DSYMBOL=pli_reference_scenario -P "$root/cmake/embed.cmake"
cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
        -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -I"$root/include" -I"$root/src" $(pkg-config --cflags libconfig jansson gsl)
        -DPARLEY_VERSION="\"fuzz\"")
srcs=("$root"/src/scenario*.c "$root/src/schema.c" "$root/src/cfgguard.c" "$root/src/cfgread.c"
      "$root/src/cfgbase.c" "$root/src/events.c" "$root/src/utility.c"
      "$root/src/number.c" "$root/src/text.c" "$root/src/status.c" "$root/src/dist.c" "$root/src/rng.c"
      "$root/src/stats.c"
      "$work/reference_scenario.c")
# An object is rebuilt when its source, this script or any header is newer: a header that changes
# a struct must never leave objects of two layouts in one binary.
newest_header=$(ls -t "$root"/include/parley/*.h "$root"/src/*.h | head -n 1)
objs=()
for s in "${srcs[@]}"; do
  o="$work/obj/$(basename "${s%.c}").o"
  if [ ! -e "$o" ] || [ "$s" -nt "$o" ] || [ "$0" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
    "$cc" "${cflags[@]}" -c "$s" -o "$o"
  fi
  objs+=("$o")
done
"$cc" "${cflags[@]}" -fsanitize=fuzzer -DFUZZ_INCLUDE_DIR="\"$root/tests/data/scenario/inc\"" \
  "$root/fuzz/fuzz_scenario.c" "${objs[@]}" \
  $(pkg-config --libs libconfig jansson gsl) -lm -o "$work/fuzz_scenario"
# The dictionary: the words of fuzz/scenario.dict plus every key and kind of the schema.
# (linked with the library objects: the schema names the record keys through scenario.c)
"$cc" "${cflags[@]}" "$root/fuzz/dict.c" "${objs[@]}" \
  $(pkg-config --libs libconfig jansson gsl) -lm -o "$work/dict"
{ cat "$root/fuzz/scenario.dict"; "$work/dict"; } >"$work/scenario.dict"
[ "${FUZZ_ONLY_BUILD:-0}" = 1 ] && exit 0

# Seeds: small files only (libFuzzer's -max_len bounds what it grows from them).
rm -f "$work/seeds"/*
i=0
for f in "$root"/scenarios/*.cfg "$root"/scenarios/validation/*.cfg "$root"/tests/data/*/*.cfg \
         "$root"/tests/data/*/*/*.cfg "$root"/tests/data/scenario/inc/*.inc \
         "$root"/tests/data/bad/*.cfg "$root"/fuzz/seeds/*; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  cp "$f" "$work/seeds/$(printf '%04d' "$i")-$(basename "$f")"
done

cd "$work"
extra=()
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
before=$(ls "$work" | grep -cE '^(crash|leak|timeout|oom)-' || true)
set +e
ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1" \
  LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0" \
  ./fuzz_scenario -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -dict="$work/scenario.dict" -print_final_stats=1 -artifact_prefix="$work/" \
  "${extra[@]}" corpus seeds 2>&1 | tee "$work/last-run.log" | grep -E '^#[0-9]+[[:space:]]*(INITED|DONE|pulse)|^#[0-9]+: cov|ERROR|SUMMARY|stat::|==[0-9]+==|fuzz:' | tail -40
rc=${PIPESTATUS[0]}
set -e
after=$(ls "$work" | grep -cE '^(crash|leak|timeout|oom)-' || true)
[ "$after" -gt "$before" ] && rc=1
if [ "$rc" -ne 0 ]; then
  echo "fuzz/run.sh: libFuzzer stopped with status $rc; see $work/last-run.log and $work/crash-*" >&2
  exit 1
fi
