#!/usr/bin/env bash
# Installs what is missing, builds parley, runs the reference scenario (Gaza, August 2024) end to
# end and draws its plots. Prints where the results and plots are.
# Usage: scripts/quickstart.sh [extra options for `parley run`]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
out="results/gaza-2024-08-$(date -u +%Y%m%d-%H%M%S)"
build/parley run scenarios/gaza-2024-08.cfg --out "$out" "$@"
build/parley plot "$out"
echo "results and plots: $out/"
