/*
 * parley/parley.h — the whole public API of the parley library.
 */
#ifndef PARLEY_PARLEY_H
#define PARLEY_PARLEY_H

#include "parley/backtest.h"
#include "parley/cluster.h"
#include "parley/compare.h"
#include "parley/dist.h"
#include "parley/montecarlo.h"
#include "parley/number.h"
#include "parley/results.h"
#include "parley/rng.h"
#include "parley/scenario.h"
#include "parley/stats.h"
#include "parley/status.h"
#include "parley/sweep.h"
#include "parley/text.h"
#include "parley/trace.h"
#include "parley/trial.h"
#include "parley/utility.h"

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *pl_version(void);

#endif /* PARLEY_PARLEY_H */
