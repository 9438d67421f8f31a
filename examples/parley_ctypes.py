#!/usr/bin/env python3
"""parley_ctypes.py: calls parley's engine from Python through ctypes (standard library only).

Loads a scenario, runs N trials and prints P(agreement) with its 95% interval, as examples/embed.c
does; the numbers are those of `parley run SCENARIO --trials N --json`. The summary is read as the
JSON text pl_results_summary_json writes (docs/outputs.md), so no C struct layout is copied here.

    python3 parley_ctypes.py SCENARIO TRIALS [LIBRARY]

LIBRARY is the path of libparley.so (default: the one the dynamic loader finds, "libparley.so.0").
Exit status: 0, 1 (run failed), 2 (usage or scenario error).
"""
import ctypes
import json
import sys

PL_OK = 0


def load(path):
    """The library, with the argument and result types of the functions used here."""
    lib = ctypes.CDLL(path)
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    sig = {
        "pl_version": ([], cp),
        "pl_diags_alloc": ([], vp),
        "pl_diags_free": ([vp], None),
        "pl_diags_count": ([vp], ctypes.c_size_t),
        "pl_diags_file": ([vp, ctypes.c_size_t], cp),
        "pl_diags_line": ([vp, ctypes.c_size_t], ctypes.c_int),
        "pl_diags_message": ([vp, ctypes.c_size_t], cp),
        "pl_scenario_load": ([cp, vp, ctypes.POINTER(vp)], ctypes.c_int),
        "pl_scenario_set": ([vp, cp, vp], ctypes.c_int),
        "pl_scenario_free": ([vp], None),
        "pl_mc_run": ([vp, vp, ctypes.POINTER(vp)], ctypes.c_int),
        "pl_summary_free": ([vp], None),
        "pl_results_summary_json": ([vp, vp, ctypes.POINTER(vp)], ctypes.c_int),
        "pl_status_string": ([ctypes.c_int], cp),
    }
    for name, (args, res) in sig.items():
        f = getattr(lib, name)
        f.argtypes, f.restype = args, res
    return lib


def main(argv):
    if len(argv) not in (3, 4):
        print("usage: parley_ctypes.py SCENARIO TRIALS [LIBRARY]", file=sys.stderr)
        return 2
    lib = load(argv[3] if len(argv) == 4 else "libparley.so.0")
    libc = ctypes.CDLL(None)  # free() for the JSON text the library allocates
    libc.free.argtypes, libc.free.restype = [ctypes.c_void_p], None
    diags = lib.pl_diags_alloc()
    sc, summary, text = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    try:
        setting = ("montecarlo.trials=" + argv[2]).encode()
        if (lib.pl_scenario_load(argv[1].encode(), diags, ctypes.byref(sc)) != PL_OK
                or lib.pl_scenario_set(sc, setting, diags) != PL_OK):
            for i in range(lib.pl_diags_count(diags)):
                print("%s:%d: error: %s" % (lib.pl_diags_file(diags, i).decode(),
                                            lib.pl_diags_line(diags, i),
                                            lib.pl_diags_message(diags, i).decode()),
                      file=sys.stderr)
            return 2
        # NULL options: all cores, the Wilson interval, the scenario's own trials and seed.
        st = lib.pl_mc_run(sc, None, ctypes.byref(summary))
        if st == PL_OK:
            st = lib.pl_results_summary_json(sc, summary, ctypes.byref(text))
        if st != PL_OK:
            print("parley_ctypes.py: " + lib.pl_status_string(st).decode(), file=sys.stderr)
            return 1
        s = json.loads(ctypes.string_at(text.value).decode())
        # The JSON numbers are parley's own text (the shortest decimal that reads back), printed
        # with repr, which is the same shortest round-trip form for these values.
        print("%s: P(agreement) = %r (95%% interval %r to %r) over %d trials (parley %s)"
              % (s["scenario"], s["p_agreement"], s["ci95"][0], s["ci95"][1], s["trials"],
                 lib.pl_version().decode()))
        return 0
    finally:
        libc.free(text)
        lib.pl_summary_free(summary)
        lib.pl_scenario_free(sc)
        lib.pl_diags_free(diags)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
