/* version.c — the library's version string, set by the build (CMake project version). */
#include "parley/parley.h"

const char *pl_version(void) { return PARLEY_VERSION; }
