/* rng.h: the generator's state (opaque to users, plain to the library). */
#ifndef DIGAMMA_RNG_H
#define DIGAMMA_RNG_H

#include "internal.h"

struct dg_rng {
    uint64_t s[4];
};

void dgi_rng_seed(dg_rng *rng, uint64_t seed);
/* Uniform integer in [lo, hi] (lo when hi <= lo). */
int64_t dgi_rng_range(dg_rng *rng, int64_t lo, int64_t hi);

#endif
