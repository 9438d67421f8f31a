#!/usr/bin/env bash
# compilers.sh — checks that parley's results do not depend on the compiler or its optimisation.
#
# Builds parley five times, each in its own folder under build-compilers/ (tests off):
#   gcc-O0           gcc -O0            (the reference every other build is compared against)
#   gcc-O2           gcc -O2
#   gcc-O3-native    gcc -O3 -march=native
#   clang-O2         clang -O2
#   clang-O3-native  clang -O3 -march=native
# then, with each binary, runs every shipped scenario (scenarios/*.cfg, scenarios/validation/*.cfg)
# as written and once under each protocol kind (--set protocol.kind=K; a combination the scenario
# rejects, status 2 with the reference binary, is skipped), with --trials N --per-trial, and
# compares summary.json and every TSV file of the results folder byte for byte with the reference
# build's; likewise a small `parley sensitivity` of the reference scenario. run.json is not
# compared: it records times and paths.
#
# The guarantee checked is the one docs/model.md states: the CMake build compiles with
# -ffp-contract=off and the code calls no libm function in a form a compiler may rewrite, so the
# same machine and C library give the same bytes whatever the compiler and flags.
#
# Usage: scripts/compilers.sh [--trials N]
#   --trials N  trials of every run (default 3000)
# Environment: PARLEY_COMPILERS_DIR  where the builds and results go (default build-compilers).
# Exit status: 0 all identical; 1 a difference, or a build or run failed; 2 usage error.
# Needs gcc, clang and clang's OpenMP runtime (scripts/setup.sh --with-dev installs them).
# About a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

trials=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --trials)
      [ $# -ge 2 ] || { echo "compilers.sh: --trials needs a value" >&2; exit 2; }
      trials=$2
      shift 2
      ;;
    *) echo "compilers.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
case "$trials" in
  '' | 0 | *[!0-9]*) echo "compilers.sh: --trials wants a positive integer, not '$trials'" >&2; exit 2 ;;
esac

scripts/setup.sh --with-dev
top=${PARLEY_COMPILERS_DIR:-build-compilers}
rm -rf "$top"
mkdir -p "$top"

# name, compiler, C flags. The first is the reference.
builds=(
  "gcc-O0 gcc -O0"
  "gcc-O2 gcc -O2"
  "gcc-O3-native gcc -O3 -march=native"
  "clang-O2 clang -O2"
  "clang-O3-native clang -O3 -march=native"
)
# The protocol kinds (parley run --set protocol.kind=nonsense lists them); every scenario is also
# run as written, so a protocol used by a shipped scenario is covered even if missing here.
kinds=(mediated alternating eum)

for b in "${builds[@]}"; do
  read -r name cc flags <<<"$b"
  echo "compilers.sh: building $name ($cc $flags)" >&2
  if ! cmake -S . -B "$top/$name" -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_C_FLAGS="$flags" -DPARLEY_TESTS=OFF >"$top/$name.cmake.log" 2>&1 ||
    ! cmake --build "$top/$name" -j 2 >>"$top/$name.cmake.log" 2>&1; then
    cat "$top/$name.cmake.log" >&2
    echo "compilers.sh: the $name build failed" >&2
    exit 1
  fi
done

# The runs: "label|scenario|extra argument" (the extra argument may be empty).
runs=()
for s in scenarios/*.cfg scenarios/validation/*.cfg; do
  base=$(basename "$s" .cfg)
  runs+=("$base|$s|")
  for k in "${kinds[@]}"; do
    runs+=("$base-$k|$s|--set=protocol.kind=$k")
  done
  # The two solvers of src/nash.c: the Nash text, and the zone-of-agreement diagnostic.
  runs+=("$base-nash|$s|--set=protocol.text=nash" "$base-zone|$s|--set=montecarlo.zone=1")
done

ref=${builds[0]%% *}
failed=0
compared=0
for b in "${builds[@]}"; do
  name=${b%% *}
  for r in "${runs[@]}"; do
    IFS='|' read -r label scen extra <<<"$r"
    out="$top/$name.out/$label"
    [ "$name" = "$ref" ] || [ -d "$top/$ref.out/$label" ] || continue # skipped by the reference
    args=(run "$scen" --trials "$trials" --threads 2 --per-trial --quiet --out "$out")
    [ -z "$extra" ] || args+=("${extra%%=*}" "${extra#*=}")
    set +e
    "$top/$name/parley" "${args[@]}" 2>"$top/$name.err"
    rc=$?
    set -e
    if [ "$rc" -eq 2 ] && [ "$name" = "$ref" ] && [ -n "$extra" ]; then
      rm -rf "$out" # the scenario does not fit this protocol: not a run to compare
      continue
    fi
    if [ "$rc" -ne 0 ]; then
      cat "$top/$name.err" >&2
      echo "compilers.sh: $name: parley ${args[*]}: status $rc" >&2
      failed=1
      continue
    fi
    [ "$name" != "$ref" ] || continue
    for f in "$top/$ref.out/$label"/summary.json "$top/$ref.out/$label"/*.tsv; do
      g="$out/${f##*/}"
      compared=$((compared + 1))
      if ! cmp -s "$f" "$g"; then
        failed=1
        echo "compilers.sh: $name differs from $ref: $label/${f##*/}" >&2
        diff "$f" "$g" | head -n 6 >&2 || true
      fi
    done
  done
done

# `parley sensitivity` (tornado, Sobol with its bootstrap, P(agreement | judgements)) on the
# reference scenario, small: its files compared the same way.
for b in "${builds[@]}"; do
  name=${b%% *}
  out="$top/$name.out/sensitivity"
  if ! "$top/$name/parley" sensitivity scenarios/gaza-2024-08.cfg --trials 300 --samples 256 \
    --bootstrap 200 --judgements 40 --lucks 20 --threads 2 --quiet --out "$out" 2>"$top/$name.err"; then
    cat "$top/$name.err" >&2
    echo "compilers.sh: $name: parley sensitivity failed" >&2
    failed=1
    continue
  fi
  [ "$name" != "$ref" ] || continue
  for f in "$top/$ref.out/sensitivity"/summary.json "$top/$ref.out/sensitivity"/*.tsv; do
    compared=$((compared + 1))
    if ! cmp -s "$f" "$out/${f##*/}"; then
      failed=1
      echo "compilers.sh: $name differs from $ref: sensitivity/${f##*/}" >&2
      diff "$f" "$out/${f##*/}" | head -n 6 >&2 || true
    fi
  done
done

if [ "$failed" -ne 0 ]; then
  echo "compilers.sh: FAILED: results depend on the compiler (folders in $top)" >&2
  exit 1
fi
nruns=$(find "$top/$ref.out" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "compilers.sh: ${#builds[@]} builds, $nruns runs of $trials trials each, $compared files identical to $ref" >&2
