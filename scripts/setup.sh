#!/usr/bin/env bash
# Installs the Debian 12 packages parley needs, only those that are missing. Idempotent; runs as
# root or through sudo. Usage: scripts/setup.sh [--with-mpi] [--with-dev]
#   --with-mpi  also Open MPI (optional: runs, sweeps and sensitivity analyses shared by MPI
#               ranks, docs/cluster.md; scripts/test.sh installs it for tests/cli_mpi.sh)
#   --with-dev  also the tools of the hardening checks (clang for libFuzzer and for
#               scripts/compilers.sh, with its OpenMP runtime; valgrind)
set -euo pipefail
# man-db (man -l) and python3 (examples/parley_ctypes.py): for tests/cli_install.sh and
# tests/cli_manpage.sh.
pkgs=(build-essential cmake pkg-config libgsl-dev libconfig-dev check librandom123-dev
      libjansson-dev gnuplot-nox jq man-db python3)
for arg in "$@"; do
  case "$arg" in
    --with-mpi) pkgs+=(libopenmpi-dev openmpi-bin) ;;
    --with-dev) pkgs+=(clang libclang-rt-14-dev libomp-14-dev valgrind) ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup.sh: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
