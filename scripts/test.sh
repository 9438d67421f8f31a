#!/usr/bin/env bash
# Installs what is missing, builds parley and runs the whole test suite.
# Usage: scripts/test.sh [--sanitize] [--werror]
#   --sanitize  build in build-sanitize/ with AddressSanitizer + UndefinedBehaviorSanitizer
#   --werror    turn warnings into errors (CI does)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
for arg in "$@"; do
  case "$arg" in
    --sanitize) build=build-sanitize; flags+=(-DPARLEY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
    --werror) flags+=(-DPARLEY_WERROR=ON) ;;
    *) echo "test.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
scripts/setup.sh
cmake -S . -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" | tee "$build/ctest.log"
