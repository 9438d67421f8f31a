#!/usr/bin/env bash
# cli_install.sh — `cmake --install` of this build into a scratch prefix, then the installed
# things used as a user would, from a folder outside the source tree:
#  1. the layout (GNUInstallDirs): bin/parley, LIBDIR/libparley.so.0 (SONAME) and its links,
#     include/parley/*.h, LIBDIR/pkgconfig/parley.pc, share/parley/plots/*.gp (all of plots/),
#     share/parley/scenarios/, share/man/man1/parley.1;
#  2. the shared library exports pl_ symbols only (no pli_ internals);
#  3. examples/embed.c built with `pkg-config --cflags --libs parley` against the installed
#     library, and examples/parley_ctypes.py loading the installed .so, both print what the
#     installed `parley run --json` says (same scenario, seed and trials);
#  4. the installed `parley plot` draws a results folder with the installed scripts: from a copy
#     of the prefix moved elsewhere too (found relative to the executable), never from the
#     working directory or the results folder, and, once the installed scripts are removed, it
#     fails naming the installed folder, not the source tree's plots/;
#  5. `man -l` of the installed page;
#  6. DESTDIR staging: files under DESTDIR/PREFIX, parley.pc naming PREFIX.
# The prefix and the working folder are made in ${TMPDIR:-/tmp}, away from the source and build
# trees; the logs go to PARLEY_TMP.
# Environment: PARLEY (the built binary; its folder is the build folder), PARLEY_SRC (source
# tree), PARLEY_TMP (scratch folder).
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:?}"
T="$PARLEY_TMP"
rm -rf "$T"
mkdir -p "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
B=$(cd "$(dirname "$PARLEY")" && pwd)
cache() { sed -n "s/^$1:[A-Z]*=//p" "$B/CMakeCache.txt"; }
CC=$(cache CMAKE_C_COMPILER)
SANITIZE=$(cache PARLEY_SANITIZE)
X=$(mktemp -d "${TMPDIR:-/tmp}/parley-install.XXXXXX")
trap 'rm -rf "$X"' EXIT
P="$X/prefix"

# 1. The layout.
cmake --install "$B" --prefix "$P" >"$T/install.log" 2>&1 || fail "cmake --install: $(cat "$T/install.log")"
[ -x "$P/bin/parley" ] || fail "no bin/parley"
pc=$(find "$P" -name parley.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || fail "no parley.pc installed"
LIBDIR=$(dirname "$(dirname "$pc")")
for f in "$LIBDIR/libparley.so" "$LIBDIR/libparley.so.0" "$P/include/parley/parley.h" \
         "$P/include/parley/montecarlo.h" "$P/share/parley/scenarios/gaza-2024-08.cfg" \
         "$P/share/parley/scenarios/validation/rubinstein.cfg" "$P/share/man/man1/parley.1"; do
  [ -e "$f" ] || fail "not installed: ${f#"$P"/}"
done
for gp in "$PARLEY_SRC"/plots/*.gp; do
  cmp -s "$gp" "$P/share/parley/plots/$(basename "$gp")" || fail "plots/$(basename "$gp") not installed"
done
soname=$(readelf -d "$LIBDIR/libparley.so.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libparley.so.0" ] || fail "SONAME is '$soname', expected libparley.so.0"

# 2. Exported symbols: the public API, nothing else.
nm -D --defined-only "$LIBDIR/libparley.so.0" | awk '{print $NF}' >"$T/exported.txt"
grep -qx pl_mc_run "$T/exported.txt" || fail "pl_mc_run is not exported"
grep -qx pl_scenario_load "$T/exported.txt" || fail "pl_scenario_load is not exported"
if grep -v '^pl_' "$T/exported.txt" >"$T/leaked.txt"; then
  fail "libparley.so exports symbols outside the public API: $(head -5 "$T/leaked.txt" | tr '\n' ' ')"
fi
nm "$LIBDIR/libparley.so.0" >"$T/all-symbols.txt"
grep -q ' t pli_' "$T/all-symbols.txt" || fail "no local pli_ symbol (is the library stripped?)"

# 3. The examples, built and run from a folder outside the source tree.
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
version=$("$P/bin/parley" --version | awk '{print $NF}')
[ "$(pkg-config --modversion parley)" = "$version" ] || fail "parley.pc version is not $version"
W="$X/work"
mkdir -p "$W"
cp "$PARLEY_SRC/examples/embed.c" "$PARLEY_SRC/examples/parley_ctypes.py" "$W/"
cd "$W"
san=()
if [ "$SANITIZE" = ON ]; then
  san=(-fsanitize=address,undefined)
fi
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror "${san[@]}" $(pkg-config --cflags parley) embed.c \
  $(pkg-config --libs parley) -o embed 2>"$T/cc.err" || fail "building embed.c: $(cat "$T/cc.err")"
SC="$P/share/parley/scenarios/example.cfg"
LD_LIBRARY_PATH="$LIBDIR" ./embed "$SC" 3000 >"$T/embed.out" 2>"$T/embed.err" ||
  fail "embed: $(cat "$T/embed.err")"
"$P/bin/parley" run "$SC" --trials 3000 --json --quiet --out "$W/ref" >"$T/ref.json"
p=$(jq -r .p_agreement "$T/ref.json")
lo=$(jq -r '.ci95[0]' "$T/ref.json")
hi=$(jq -r '.ci95[1]' "$T/ref.json")
name=$(jq -r .scenario "$T/ref.json")
want="$name: P(agreement) = $p (95% interval $lo to $hi) over 3000 trials (parley $version)"
[ "$(cat "$T/embed.out")" = "$want" ] || fail "embed printed '$(cat "$T/embed.out")', expected '$want'"
LD_LIBRARY_PATH="$LIBDIR" ./embed "$W/missing.cfg" 10 2>"$T/embed.err" && fail "embed of a missing file succeeded"
grep -q 'missing.cfg' "$T/embed.err" || fail "embed did not name the missing file"

py_env=()
if [ "$SANITIZE" = ON ]; then
  # Python is not built with the sanitizers: their runtime (gcc's or clang's) must be loaded first.
  rt=$("$CC" -print-file-name=libasan.so)
  case "$rt" in /*) ;; *) rt=$("$CC" -print-file-name=libclang_rt.asan-x86_64.so) ;; esac
  case "$rt" in /*) ;; *) fail "cannot find the AddressSanitizer runtime of $CC for Python" ;; esac
  py_env=(LD_PRELOAD="$rt" ASAN_OPTIONS=detect_leaks=0)
fi
env "${py_env[@]}" python3 parley_ctypes.py "$SC" 3000 "$LIBDIR/libparley.so.0" >"$T/py.out" \
  2>"$T/py.err" || fail "parley_ctypes.py: $(cat "$T/py.err")"
[ "$(cat "$T/py.out")" = "$want" ] || fail "parley_ctypes.py printed '$(cat "$T/py.out")', expected '$want'"
env "${py_env[@]}" python3 parley_ctypes.py "$W/missing.cfg" 10 "$LIBDIR/libparley.so.0" \
  2>"$T/py.err" && fail "parley_ctypes.py of a missing file succeeded"
grep -q 'missing.cfg' "$T/py.err" || fail "parley_ctypes.py did not name the missing file"

# 4. The installed parley plot, from outside the source tree. The working folder and the results
# folder hold plots/*.gp that would leave a marker if gnuplot ran them: they must not be used.
mkdir -p "$W/plots" "$W/ref/plots"
for d in "$W/plots" "$W/ref/plots"; do
  for gp in "$PARLEY_SRC"/plots/*.gp; do
    printf 'system("touch %s")\n' "$X/marker" >"$d/$(basename "$gp")"
  done
done
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
env -u PARLEY_PLOTS_DIR "$P/bin/parley" plot ref >"$T/plot.out" 2>"$T/plot.err" ||
  fail "installed parley plot: $(cat "$T/plot.err")"
for f in outcomes rounds agreement_point; do
  is_png "ref/$f.png" || fail "installed parley plot drew no ref/$f.png"
done
[ ! -e "$X/marker" ] || fail "parley plot ran a script of the working or results folder"
# A copy of the prefix elsewhere finds its own scripts (relative to the executable) ...
cp -a "$P" "$X/moved"
rm -f ref/*.png
env -u PARLEY_PLOTS_DIR "$X/moved/bin/parley" plot --format svg ref >"$T/plot.out" 2>"$T/plot.err" ||
  fail "relocated parley plot: $(cat "$T/plot.err")"
grep -q '<svg' ref/outcomes.svg || fail "relocated parley plot drew no outcomes.svg"
# ... and without them fails (1), naming the installed folder: never the source tree's plots/.
rm -rf "$X/moved/share/parley/plots"
set +e
env -u PARLEY_PLOTS_DIR "$X/moved/bin/parley" plot ref >/dev/null 2>"$T/plot.err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "parley plot without its scripts exited $rc, expected 1"
grep -q 'cannot read the gnuplot script' "$T/plot.err" || fail "no message: $(cat "$T/plot.err")"
grep -qF "$PARLEY_SRC" "$T/plot.err" && fail "the installed parley looked in the source tree: $(cat "$T/plot.err")"
[ ! -e "$X/marker" ] || fail "parley plot ran a script of the working or results folder"

# 5. The installed manual page.
LC_ALL=C MANPAGER=cat MANWIDTH=100 man -l "$P/share/man/man1/parley.1" >"$T/man.txt" 2>"$T/man.err" ||
  fail "man -l: $(cat "$T/man.err")"
grep -q '^EXIT STATUS' "$T/man.txt" || fail "man -l shows no EXIT STATUS"
grep -q 'parley plot RESULTS_DIR' "$T/man.txt" || fail "man -l shows no parley plot"

# 6. DESTDIR staging into the configured prefix.
prefix=$(cache CMAKE_INSTALL_PREFIX)
DESTDIR="$X/stage" cmake --install "$B" >"$X/stage.log" 2>&1 || fail "DESTDIR install: $(cat "$X/stage.log")"
[ -x "$X/stage$prefix/bin/parley" ] || fail "DESTDIR install: no $prefix/bin/parley under DESTDIR"
spc=$(find "$X/stage" -name parley.pc)
grep -qx "prefix=$prefix" "$spc" || fail "DESTDIR install: parley.pc does not say prefix=$prefix"
echo "ok: installed into $P and used from $W"
