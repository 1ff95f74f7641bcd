/*
 * genome_vector.c: the flat [0,1]^n view of a genome, for black-box
 * optimizers (random search, CMA-ES, PSO, ...).
 *
 * Layout, per hardware unit: one cluster gene per level up to the space's
 * max_levels (log scale: a value v gives max_pes^v) and 1 level-count gene;
 * then per mapping unit and per level up to max_levels: the parallel
 * dimension, 6 order keys (random keys: the order is the argsort of the
 * keys) and 6 tiles (linear in [1, parent tile]). Levels a genome of the
 * space can never use have no genes: a black-box optimizer would only waste
 * its effort (and, for CMA-ES, n^2 arithmetic) on them. Every vector decodes
 * to a valid genome.
 */
#include "genome_internal.h"

#include <math.h>
#include <string.h>

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* v in [0,1] → integer in [1, n], each value owning an equal slice. */
static int64_t to_int(double v, int64_t n)
{
    int64_t i = 1 + (int64_t)(clamp01(v) * (double)n);
    return i > n ? n : i;
}

/* Clamped, because genes outside the encoded range (the eye style's R
 * parallelism, tiles of unused levels) must still map into [0,1]. */
static double from_int(int64_t i, int64_t n)
{
    return n <= 1 ? 0.5 : clamp01(((double)i - 0.5) / (double)n);
}

DG_API int dg_genome_to_vector(const dg_genome *g, double *v, size_t n)
{
    if (!g || !v)
        return dgi_fail(DG_EINVAL, "dg_genome_to_vector: NULL argument");
    const dg_space *s = g->space;
    if (n != s->vector_size)
        return dgi_fail(DG_EINVAL, "vector has %zu entries, the space needs %zu", n, s->vector_size);
    size_t k = 0;
    double logmax = log((double)s->max_pes);
    for (size_t h = 0; h < s->num_hw_units; h++) {
        for (int l = 0; l < s->opt.max_levels; l++)
            v[k++] = logmax > 0 ? clamp01(log((double)g->clusters[h][l]) / logmax) : 0.5;
        int span = s->opt.max_levels - s->opt.min_levels + 1;
        v[k++] = from_int(g->levels - s->opt.min_levels + 1, span);
    }
    for (size_t u = 0; u < s->num_units; u++) {
        for (int l = 0; l < s->opt.max_levels; l++) {
            const dgi_glevel *lv = &g->map[u][l];
            const int64_t *parent = l == 0 ? s->bounds[u] : g->map[u][l - 1].tile;
            v[k++] = from_int(lv->par + 1, DGI_NUM_PAR);
            for (int i = 0; i < NGDIMS; i++)
                v[k + lv->order[i]] = ((double)i + 0.5) / NGDIMS;
            k += NGDIMS;
            for (int d = 0; d < NGDIMS; d++)
                v[k++] = from_int(lv->tile[d], parent[d]);
        }
    }
    return DG_OK;
}

DG_API int dg_genome_from_vector(dg_genome *g, const double *v, size_t n)
{
    if (!g || !v)
        return dgi_fail(DG_EINVAL, "dg_genome_from_vector: NULL argument");
    const dg_space *s = g->space;
    if (n != s->vector_size)
        return dgi_fail(DG_EINVAL, "vector has %zu entries, the space needs %zu", n, s->vector_size);
    for (size_t i = 0; i < n; i++)
        if (isnan(v[i]))
            return dgi_fail(DG_EINVAL, "vector entry %zu is NaN", i);
    size_t k = 0;
    double logmax = log((double)s->max_pes);
    for (size_t h = 0; h < s->num_hw_units; h++) {
        for (int l = 0; l < s->opt.max_levels; l++)
            g->clusters[h][l] = (int64_t)llround(exp(clamp01(v[k++]) * logmax));
        int span = s->opt.max_levels - s->opt.min_levels + 1;
        g->levels = s->opt.min_levels + (int)to_int(v[k++], span) - 1;
    }
    for (size_t u = 0; u < s->num_units; u++) {
        for (int l = 0; l < s->opt.max_levels; l++) {
            dgi_glevel *lv = &g->map[u][l];
            lv->par = (uint8_t)(to_int(v[k++], DGI_NUM_PAR) - 1);
            /* Order: argsort of the keys (stable: ties keep dimension order). */
            uint8_t idx[NGDIMS] = {GK, GC, GY, GX, GR, GS};
            const double *key = v + k;
            for (int i = 1; i < NGDIMS; i++)
                for (int j = i; j > 0 && clamp01(key[idx[j - 1]]) > clamp01(key[idx[j]]); j--) {
                    uint8_t t = idx[j];
                    idx[j] = idx[j - 1];
                    idx[j - 1] = t;
                }
            memcpy(lv->order, idx, sizeof idx);
            k += NGDIMS;
            /* Tiles are relative to the parent's tiles, decoded top-down. */
            const int64_t *parent = l == 0 ? s->bounds[u] : g->map[u][l - 1].tile;
            for (int d = 0; d < NGDIMS; d++)
                lv->tile[d] = to_int(v[k++], parent[d]);
        }
    }
    dgi_genome_repair(g);
    return DG_OK;
}
