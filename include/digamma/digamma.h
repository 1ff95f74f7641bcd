/**
 * @file digamma.h
 * @brief Umbrella header of libdigamma: HW-mapping co-optimization of DNN accelerators.
 *
 * Include this one header. Plug-in authors also include plugin.h.
 */
#ifndef DIGAMMA_DIGAMMA_H
#define DIGAMMA_DIGAMMA_H

#include <digamma/version.h>
#include "common.h"
#include "workload.h"
#include "budget.h"
#include "cost_model.h"
#include "genome.h"
#include "optimizer.h"
#include "search.h"

#endif /* DIGAMMA_DIGAMMA_H */
