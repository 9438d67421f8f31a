#!/usr/bin/env bash
# Installs what is missing (Open MPI included), builds parley and runs the whole test suite.
# Usage: scripts/test.sh [--sanitize] [--werror]
#   --sanitize  build in build-sanitize/ with AddressSanitizer + UndefinedBehaviorSanitizer
#   --werror    turn warnings into errors (CI does)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
for arg in "$@"; do
  case "$arg" in
    # Without MPI: Open MPI's own allocations at MPI_Init are reported as leaks by LeakSanitizer.
    # tests/cli_mpi.sh runs in the plain build.
    --sanitize) build=build-sanitize; flags+=(-DPARLEY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DPARLEY_MPI=OFF) ;;
    --werror) flags+=(-DPARLEY_WERROR=ON) ;;
    *) echo "test.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
scripts/setup.sh --with-mpi # Open MPI for tests/cli_mpi.sh (docs/cluster.md)
cmake -S . -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" | tee "$build/ctest.log"
