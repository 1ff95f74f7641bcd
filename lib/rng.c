/*
 * rng.c: the random generator every search owns (xoshiro256**, seeded through
 * splitmix64). It lives in the handle, never in globals, so runs with the
 * same seed repeat exactly.
 */
#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void dgi_rng_seed(dg_rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

DG_API uint64_t dg_rng_u64(dg_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

DG_API double dg_rng_uniform(dg_rng *rng)
{
    return (dg_rng_u64(rng) >> 11) * 0x1.0p-53;
}

DG_API uint64_t dg_rng_below(dg_rng *rng, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Rejection keeps every value equally likely. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t r;
    do
        r = dg_rng_u64(rng);
    while (r >= limit);
    return r % n;
}

DG_API double dg_rng_normal(dg_rng *rng)
{
    /* Box-Muller; one of the pair is dropped to keep the state simple. */
    double u1 = dg_rng_uniform(rng), u2 = dg_rng_uniform(rng);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int64_t dgi_rng_range(dg_rng *rng, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)dg_rng_below(rng, (uint64_t)(hi - lo) + 1);
}
