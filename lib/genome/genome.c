/*
 * genome.c: creating, copying, comparing and repairing genomes, and the gene
 * accessors that domain-aware plug-ins use.
 */
#include "genome_internal.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t identity_order[NGDIMS] = {GK, GC, GY, GX, GR, GS};

void dgi_level_unit(dgi_glevel *l, const int64_t bound[NGDIMS])
{
    l->par = GK;
    l->par2 = 0xff;
    memcpy(l->order, identity_order, sizeof l->order);
    for (int d = 0; d < NGDIMS; d++)
        l->tile[d] = (d == GR || d == GS) ? bound[d] : 1;
}

DG_API int dg_genome_create(dg_genome **out, const dg_space *space)
{
    if (!out || !space)
        return dgi_fail(DG_EINVAL, "dg_genome_create: NULL argument");
    dg_genome *g = calloc(1, sizeof *g);
    if (g) {
        g->clusters = calloc(space->num_hw_units, sizeof *g->clusters);
        g->map = calloc(space->num_units, sizeof *g->map);
    }
    if (!g || !g->clusters || !g->map) {
        dg_genome_destroy(g);
        return dgi_fail(DG_ENOMEM, "out of memory creating a genome");
    }
    g->space = space;
    g->levels = space->opt.min_levels;
    for (size_t h = 0; h < space->num_hw_units; h++)
        for (int l = 0; l < DGI_MAX_GLEVELS; l++)
            g->clusters[h][l] = 1;
    for (size_t u = 0; u < space->num_units; u++)
        for (int l = 0; l < DGI_MAX_GLEVELS; l++)
            dgi_level_unit(&g->map[u][l], space->bounds[u]);
    dgi_genome_repair(g);
    *out = g;
    return DG_OK;
}

DG_API void dg_genome_destroy(dg_genome *g)
{
    if (!g)
        return;
    free(g->clusters);
    free(g->map);
    free(g);
}

DG_API int dg_genome_copy(dg_genome *dst, const dg_genome *src)
{
    if (!dst || !src || dst->space != src->space)
        return dgi_fail(DG_EINVAL, "dg_genome_copy: NULL genome or genomes of different spaces");
    if (dst == src)
        return DG_OK;
    const dg_space *s = src->space;
    dst->levels = src->levels;
    memcpy(dst->clusters, src->clusters, s->num_hw_units * sizeof *src->clusters);
    memcpy(dst->map, src->map, s->num_units * sizeof *src->map);
    return DG_OK;
}

DG_API int dg_genome_clone(dg_genome **out, const dg_genome *g)
{
    if (!out || !g)
        return dgi_fail(DG_EINVAL, "dg_genome_clone: NULL argument");
    dg_genome *c;
    int rc = dg_genome_create(&c, g->space);
    if (rc)
        return rc;
    dg_genome_copy(c, g);
    *out = c;
    return DG_OK;
}

DG_API const dg_space *dg_genome_space(const dg_genome *g)
{
    return g ? g->space : NULL;
}

static bool level_equal(const dgi_glevel *a, const dgi_glevel *b)
{
    return a->par == b->par && a->par2 == b->par2 && memcmp(a->order, b->order, sizeof a->order) == 0 &&
           memcmp(a->tile, b->tile, sizeof a->tile) == 0;
}

DG_API int dg_genome_equal(const dg_genome *a, const dg_genome *b)
{
    if (!a || !b || a->space != b->space || a->levels != b->levels)
        return 0;
    const dg_space *s = a->space;
    for (size_t h = 0; h < s->num_hw_units; h++)
        for (int l = 0; l < a->levels; l++)
            if (a->clusters[h][l] != b->clusters[h][l])
                return 0;
    for (size_t u = 0; u < s->num_units; u++)
        for (int l = 0; l < a->levels; l++)
            if (!level_equal(&a->map[u][l], &b->map[u][l]))
                return 0;
    return 1;
}

/* FNV-1a over the genes in use: the key of the framework's design cache. */
uint64_t dgi_genome_hash(const dg_genome *g)
{
    uint64_t h = 1469598103934665603ULL;
#define MIX(ptr, len)                                                   \
    do {                                                                \
        const unsigned char *p_ = (const unsigned char *)(ptr);         \
        for (size_t i_ = 0; i_ < (len); i_++)                           \
            h = (h ^ p_[i_]) * 1099511628211ULL;                        \
    } while (0)
    MIX(&g->levels, sizeof g->levels);
    for (size_t u = 0; u < g->space->num_hw_units; u++)
        MIX(g->clusters[u], g->levels * sizeof(int64_t));
    for (size_t u = 0; u < g->space->num_units; u++)
        MIX(g->map[u], g->levels * sizeof(dgi_glevel));
#undef MIX
    return h;
}

int64_t dgi_genome_pes(const dg_genome *g, size_t hw)
{
    int64_t p = 1;
    for (int l = 0; l < g->levels; l++)
        if (!dgi_mul64(p, g->clusters[hw][l], &p))
            return INT64_MAX; /* only an unrepaired genome gets here */
    return p;
}

const int64_t *dgi_parent_tiles(const dg_genome *g, size_t unit, int level)
{
    return level == 0 ? g->space->bounds[unit] : g->map[unit][level - 1].tile;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static bool is_permutation(const uint8_t order[NGDIMS])
{
    unsigned seen = 0;
    for (int i = 0; i < NGDIMS; i++) {
        if (order[i] >= NGDIMS || (seen & (1u << order[i])))
            return false;
        seen |= 1u << order[i];
    }
    return true;
}

static void set_order(dgi_glevel *l, uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t e, uint8_t f)
{
    const uint8_t o[NGDIMS] = {a, b, c, d, e, f};
    memcpy(l->order, o, sizeof o);
}

/* The fixed genes of the dataflow styles (DESIGN.md §1, the paper's HW-opt):
 * the top level's parallel dimension, and the innermost level's parallelism,
 * order and stationary tiles. Hardware and the other tiles stay free. */
static void impose_style(dgi_glevel *top, dgi_glevel *inner, const int64_t *parent, int style)
{
    switch (style) {
    case DG_DATAFLOW_DLA: /* K across clusters, C across the PEs of a cluster; weights stay */
        top->par = GK;
        inner->par = GC;
        set_order(inner, GC, GY, GX, GR, GS, GK);
        inner->tile[GK] = parent[GK];
        inner->tile[GC] = inner->tile[GY] = inner->tile[GX] = 1;
        break;
    case DG_DATAFLOW_SHI: /* output rows across clusters, output columns across PEs; outputs stay */
        top->par = GY;
        inner->par = GX;
        set_order(inner, GK, GC, GY, GX, GR, GS);
        inner->tile[GK] = parent[GK];
        inner->tile[GC] = parent[GC];
        inner->tile[GY] = inner->tile[GX] = 1;
        break;
    case DG_DATAFLOW_EYE: /* rows across clusters; filter rows and output rows diagonally in a cluster */
        top->par = GY;
        inner->par = GR;
        inner->par2 = GY;
        set_order(inner, GY, GR, GS, GX, GK, GC);
        inner->tile[GK] = parent[GK];
        inner->tile[GC] = 1;
        inner->tile[GY] = 1;
        inner->tile[GX] = parent[GX];
        inner->tile[GR] = 1;
        break;
    default:
        break;
    }
}

static void repair_hw(const dg_space *s, int64_t c[DGI_MAX_GLEVELS], int levels)
{
    if (s->fixed_hw) {
        c[0] = s->fixed_clusters, c[1] = s->fixed_cols, c[2] = 1;
        return;
    }
    for (int l = 0; l < DGI_MAX_GLEVELS; l++)
        c[l] = l < levels ? clamp64(c[l], 1, s->max_pes) : 1;
    /* Shrink the outermost factors first until the product fits. */
    for (int l = 0; l < levels; l++) {
        int64_t others = 1;
        bool over = false;
        for (int m = 0; m < levels; m++)
            if (m != l && !dgi_mul64(others, c[m], &others))
                over = true;
        if (over || others > s->max_pes) {
            c[l] = 1;
            continue;
        }
        if (c[l] > s->max_pes / others)
            c[l] = s->max_pes / others;
    }
}

void dgi_genome_repair(dg_genome *g)
{
    const dg_space *s = g->space;
    g->levels = (int)clamp64(g->levels, s->opt.min_levels, s->opt.max_levels);
    for (size_t h = 0; h < s->num_hw_units; h++)
        repair_hw(s, g->clusters[h], g->levels);
    for (size_t u = 0; u < s->num_units; u++) {
        for (int l = 0; l < g->levels; l++) {
            dgi_glevel *lv = &g->map[u][l];
            const int64_t *parent = dgi_parent_tiles(g, u, l);
            if (lv->par >= DGI_NUM_PAR)
                lv->par = GK;
            lv->par2 = 0xff;
            if (!is_permutation(lv->order))
                memcpy(lv->order, identity_order, sizeof lv->order);
            for (int d = 0; d < NGDIMS; d++)
                lv->tile[d] = clamp64(lv->tile[d], 1, parent[d]);
            /* MAESTRO needs the filter unrolled in full at every level. */
            lv->tile[GR] = s->bounds[u][GR];
            lv->tile[GS] = s->bounds[u][GS];
            if (s->opt.dataflow != DG_DATAFLOW_FREE && l == g->levels - 1)
                impose_style(&g->map[u][0], lv, parent, s->opt.dataflow);
        }
        /* Unused level slots hold the unit level: a dropped level leaves no
         * stale (possibly unrepresentable) genes behind in JSON or checkpoints. */
        for (int l = g->levels; l < DGI_MAX_GLEVELS; l++)
            dgi_level_unit(&g->map[u][l], s->bounds[u]);
    }
}

DG_API int dg_genome_repair(dg_genome *g)
{
    if (!g)
        return dgi_fail(DG_EINVAL, "dg_genome_repair: genome is NULL");
    dgi_genome_repair(g);
    return DG_OK;
}

void dgi_random_order(uint8_t order[NGDIMS], dg_rng *rng)
{
    memcpy(order, identity_order, NGDIMS);
    for (int i = NGDIMS - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)dg_rng_below(rng, (uint64_t)i + 1);
        uint8_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

void dgi_random_level(dgi_glevel *l, const int64_t parent[NGDIMS], dg_rng *rng)
{
    l->par = (uint8_t)dg_rng_below(rng, DGI_NUM_PAR);
    l->par2 = 0xff;
    dgi_random_order(l->order, rng);
    for (int d = 0; d < NGDIMS; d++)
        l->tile[d] = dgi_rng_range(rng, 1, parent[d]);
}

void dgi_random_hw(const dg_space *s, int64_t c[DGI_MAX_GLEVELS], int levels, dg_rng *rng)
{
    /* Total PEs uniform in [1, max], then split into cluster sizes. */
    int64_t total = dgi_rng_range(rng, 1, s->max_pes);
    for (int l = levels - 1; l >= 1; l--) {
        c[l] = dgi_rng_range(rng, 1, total);
        total = total / c[l] > 0 ? total / c[l] : 1;
    }
    c[0] = total;
    for (int l = levels; l < DGI_MAX_GLEVELS; l++)
        c[l] = 1;
}

DG_API int dg_genome_randomize(dg_genome *g, dg_rng *rng)
{
    if (!g || !rng)
        return dgi_fail(DG_EINVAL, "dg_genome_randomize: NULL argument");
    const dg_space *s = g->space;
    g->levels = (int)dgi_rng_range(rng, s->opt.min_levels, s->opt.max_levels);
    for (size_t h = 0; h < s->num_hw_units; h++)
        dgi_random_hw(s, g->clusters[h], g->levels, rng);
    for (size_t u = 0; u < s->num_units; u++) {
        dgi_random_level(&g->map[u][0], s->bounds[u], rng);
        for (int l = 1; l < DGI_MAX_GLEVELS; l++) { /* inner levels start with unit tiles, as GAMMA's */
            dgi_random_level(&g->map[u][l], g->map[u][l - 1].tile, rng);
            for (int d = 0; d < NGDIMS; d++)
                g->map[u][l].tile[d] = 1;
        }
    }
    dgi_genome_repair(g);
    return DG_OK;
}

/* ---- gene accessors ---------------------------------------------------- */

static int check_unit_level(const dg_genome *g, size_t unit, int level, const char *fn)
{
    if (!g)
        return dgi_fail(DG_EINVAL, "%s: genome is NULL", fn);
    if (unit >= g->space->num_units)
        return dgi_fail(DG_ERANGE, "%s: unit %zu out of range (%zu units)", fn, unit, g->space->num_units);
    if (level < 0 || level >= g->levels)
        return dgi_fail(DG_ERANGE, "%s: level %d out of range (%d levels)", fn, level, g->levels);
    return DG_OK;
}

static int check_dim(int dim, const char *fn)
{
    if (dim < DG_DIM_K || dim > DG_DIM_S)
        return dgi_fail(DG_EINVAL, "%s: dimension %d is not one of K C Y X R S", fn, dim);
    return DG_OK;
}

DG_API int dg_genome_num_levels(const dg_genome *g) { return g ? g->levels : 0; }

DG_API int dg_genome_set_num_levels(dg_genome *g, int levels)
{
    if (!g)
        return dgi_fail(DG_EINVAL, "dg_genome_set_num_levels: genome is NULL");
    if (levels < g->space->opt.min_levels || levels > g->space->opt.max_levels)
        return dgi_fail(DG_ERANGE, "levels must be in [%d, %d]", (int)g->space->opt.min_levels,
                        (int)g->space->opt.max_levels);
    for (int l = g->levels; l < levels; l++) { /* grow: fresh inner levels with unit tiles */
        for (size_t u = 0; u < g->space->num_units; u++)
            dgi_level_unit(&g->map[u][l], g->space->bounds[u]);
        for (size_t h = 0; h < g->space->num_hw_units; h++)
            g->clusters[h][l] = 1;
    }
    g->levels = levels;
    dgi_genome_repair(g);
    return DG_OK;
}

DG_API int64_t dg_genome_num_pes(const dg_genome *g, size_t hw_unit)
{
    return g && hw_unit < g->space->num_hw_units ? dgi_genome_pes(g, hw_unit) : 0;
}

DG_API int64_t dg_genome_cluster(const dg_genome *g, size_t hw_unit, int level)
{
    if (!g || hw_unit >= g->space->num_hw_units || level < 0 || level >= g->levels)
        return 0;
    return g->clusters[hw_unit][level];
}

DG_API int dg_genome_set_cluster(dg_genome *g, size_t hw_unit, int level, int64_t size)
{
    if (!g || hw_unit >= g->space->num_hw_units || level < 0 || level >= g->levels)
        return dgi_fail(DG_ERANGE, "dg_genome_set_cluster: no such hardware unit or level");
    if (size < 1)
        return dgi_fail(DG_EINVAL, "cluster sizes must be at least 1");
    g->clusters[hw_unit][level] = size;
    return DG_OK;
}

DG_API int dg_genome_parallel_dim(const dg_genome *g, size_t unit, int level)
{
    if (check_unit_level(g, unit, level, "dg_genome_parallel_dim"))
        return -1;
    return g->map[unit][level].par + 1;
}

DG_API int dg_genome_set_parallel_dim(dg_genome *g, size_t unit, int level, int dim)
{
    int rc = check_unit_level(g, unit, level, "dg_genome_set_parallel_dim");
    if (rc)
        return rc;
    if (dim < DG_DIM_K || dim > DG_DIM_X)
        return dgi_fail(DG_EINVAL, "the parallel dimension must be K, C, Y or X");
    g->map[unit][level].par = (uint8_t)(dim - 1);
    return DG_OK;
}

DG_API int dg_genome_order(const dg_genome *g, size_t unit, int level, int dims[6])
{
    int rc = check_unit_level(g, unit, level, "dg_genome_order");
    if (rc)
        return rc;
    if (!dims)
        return dgi_fail(DG_EINVAL, "dg_genome_order: dims is NULL");
    for (int i = 0; i < NGDIMS; i++)
        dims[i] = g->map[unit][level].order[i] + 1;
    return DG_OK;
}

DG_API int dg_genome_set_order(dg_genome *g, size_t unit, int level, const int dims[6])
{
    int rc = check_unit_level(g, unit, level, "dg_genome_set_order");
    if (rc)
        return rc;
    if (!dims)
        return dgi_fail(DG_EINVAL, "dg_genome_set_order: dims is NULL");
    uint8_t o[NGDIMS];
    for (int i = 0; i < NGDIMS; i++) {
        if (check_dim(dims[i], "dg_genome_set_order"))
            return DG_EINVAL;
        o[i] = (uint8_t)(dims[i] - 1);
    }
    if (!is_permutation(o))
        return dgi_fail(DG_EINVAL, "the loop order must name each of K C Y X R S once");
    memcpy(g->map[unit][level].order, o, sizeof o);
    return DG_OK;
}

DG_API int64_t dg_genome_tile(const dg_genome *g, size_t unit, int level, int dim)
{
    if (check_unit_level(g, unit, level, "dg_genome_tile") || check_dim(dim, "dg_genome_tile"))
        return 0;
    return g->map[unit][level].tile[dim - 1];
}

DG_API int dg_genome_set_tile(dg_genome *g, size_t unit, int level, int dim, int64_t tile)
{
    int rc = check_unit_level(g, unit, level, "dg_genome_set_tile");
    if (rc || (rc = check_dim(dim, "dg_genome_set_tile")))
        return rc;
    if (tile < 1)
        return dgi_fail(DG_EINVAL, "tiles must be at least 1");
    g->map[unit][level].tile[dim - 1] = tile;
    return DG_OK;
}
