/*
 * grid.c: grid search over the hardware for a fixed dataflow style, the
 * paper's HW-opt scheme (§V-A: "the HW is optimized by grid search over number
 * of PEs and buffer sizes" with NVDLA-, ShiDianNao- and Eyeriss-like mappings).
 *
 * The style (dg_space_options.dataflow) fixes the parallel dimensions and the
 * innermost level whole (genome.c, impose_style). What is left is sized here,
 * on a grid, the same way for every layer:
 *   - the PE count: every 2^k and 3·2^k up to the space's PE bound;
 *   - the array shape: every power-of-two cluster size dividing that count;
 *   - the buffers: buffers are not genes (a design gets what its mappings
 *     need), so the buffer axes of the grid are the top level's tile sizes,
 *     which set the L2 and, through the style's inner tiles, the L1. A scale
 *     f in [0,1] gives each dimension the tile bound^f (1 ... the whole
 *     dimension); one scale for the spatially mapped dimension, one for the
 *     others.
 *   - the top level's loop order is fixed per style (below).
 * The grid is sized to the sampling budget (scale steps per axis: as many as
 * fit, 2 to 16) and visited in a golden-ratio stride, so that a budget that
 * cuts the grid short still samples all of it evenly. No randomness.
 */
#include "genome/genome_internal.h"
#include "optimizer_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_STEPS, P_BATCH, P_COUNT };
static const dg_param_info params[] = {
    {"steps", "tile-scale (buffer) steps per grid axis; 0 sizes the grid to the sampling budget", 0, 0, 64, 1, 0},
    {"batch", "grid points proposed per batch (evaluated in parallel)", 64, 1, 4096, 1, 0},
};

#define MAX_AUTO_STEPS 16

/* Top-level loop orders of the styles, outermost first: the NVDLA-like
 * design walks output channels, then input channels, over the image; the
 * ShiDianNao- and Eyeriss-like ones walk the image rows and columns outermost. */
static const uint8_t top_order[][NGDIMS] = {
    [DG_DATAFLOW_DLA] = {GK, GC, GY, GX, GR, GS},
    [DG_DATAFLOW_SHI] = {GY, GX, GK, GC, GR, GS},
    [DG_DATAFLOW_EYE] = {GY, GX, GK, GC, GR, GS},
};
/* The dimension each style spreads across clusters (impose_style agrees). */
static const uint8_t top_par[] = {[DG_DATAFLOW_DLA] = GK, [DG_DATAFLOW_SHI] = GY, [DG_DATAFLOW_EYE] = GY};

typedef struct grid_hw {
    int64_t clusters, cluster_size;
} grid_hw;

typedef struct grid {
    const dg_space *space;
    grid_hw *hw;
    size_t num_hw;
    uint64_t steps;  /* scale steps per axis */
    uint64_t total;  /* grid points */
    uint64_t stride; /* coprime with total */
    uint64_t next;   /* points proposed so far */
    size_t batch;
} grid;

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Every (PE count, cluster size) pair of the grid; with fixed hardware, that one. */
static int list_hardware(grid *s)
{
    const dg_space *sp = s->space;
    size_t cap = 256;
    s->hw = malloc(cap * sizeof *s->hw);
    if (!s->hw)
        return dgi_fail(DG_ENOMEM, "out of memory starting grid search");
    if (sp->fixed_hw) {
        s->hw[s->num_hw++] = (grid_hw){sp->fixed_clusters, sp->fixed_cols};
        return DG_OK;
    }
    for (int64_t base = 1; base <= sp->max_pes && base <= INT64_MAX / 4; base *= 2) {
        for (int64_t pes = base; pes <= 3 * base; pes += 2 * base) { /* 2^k, then 3·2^k */
            if (pes > sp->max_pes)
                continue;
            for (int64_t size = 1; size <= pes && pes % size == 0; size *= 2) {
                if (s->num_hw == cap) {
                    grid_hw *more = realloc(s->hw, 2 * cap * sizeof *more);
                    if (!more)
                        return dgi_fail(DG_ENOMEM, "out of memory starting grid search");
                    s->hw = more;
                    cap *= 2;
                }
                s->hw[s->num_hw++] = (grid_hw){pes / size, size};
            }
        }
    }
    return DG_OK;
}

static void grid_destroy(void *state)
{
    grid *s = state;
    if (s)
        free(s->hw);
    free(s);
}

static int grid_create(void **state, const dg_optimizer_context *ctx)
{
    const dg_space *sp = ctx->space;
    if (sp->opt.dataflow == DG_DATAFLOW_FREE)
        return dgi_fail(DG_EINVAL, "grid search sizes the hardware for a fixed mapping: choose a dataflow style "
                                   "(dg_space_options.dataflow; --dataflow dla|shi|eye)");
    grid *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting grid search");
    s->space = sp;
    s->batch = (size_t)ctx->params[P_BATCH];
    int rc = list_hardware(s);
    if (rc) {
        grid_destroy(s);
        return rc;
    }
    s->steps = (uint64_t)ctx->params[P_STEPS];
    if (s->steps == 0) { /* as many steps as the budget pays for */
        double per_hw = (double)ctx->max_samples / (double)s->num_hw;
        s->steps = per_hw >= 4 ? (uint64_t)floor(sqrt(per_hw)) : 2;
        if (s->steps > MAX_AUTO_STEPS)
            s->steps = MAX_AUTO_STEPS;
    }
    s->total = (uint64_t)s->num_hw * s->steps * s->steps;
    s->stride = (uint64_t)((double)s->total * 0.6180339887498949) | 1;
    while (gcd(s->stride, s->total) != 1)
        s->stride++;
    *state = s;
    return DG_OK;
}

/* bound^f, rounded, within [1, bound]. */
static int64_t scaled_tile(int64_t bound, double f)
{
    double t = floor(pow((double)bound, f) + 0.5);
    return t < 1 ? 1 : t > (double)bound ? bound : (int64_t)t;
}

static double scale(const grid *s, uint64_t step)
{
    return s->steps == 1 ? 0.5 : (double)step / (double)(s->steps - 1);
}

/* Grid point `point` as a genome: hardware, then the scaled top-level tiles;
 * repair clamps the inner levels to their parents and imposes the style. */
static void fill(const grid *s, dg_genome *g, uint64_t point)
{
    const dg_space *sp = s->space;
    const grid_hw *hw = &s->hw[point / (s->steps * s->steps)];
    double f_par = scale(s, point / s->steps % s->steps), f_rest = scale(s, point % s->steps);
    int style = sp->opt.dataflow;
    g->levels = sp->opt.min_levels;
    for (size_t h = 0; h < sp->num_hw_units; h++) {
        for (int l = 0; l < DGI_MAX_GLEVELS; l++)
            g->clusters[h][l] = 1;
        g->clusters[h][0] = hw->clusters;
        g->clusters[h][g->levels - 1] = hw->cluster_size;
    }
    for (size_t u = 0; u < sp->num_units; u++) {
        for (int l = 0; l < g->levels; l++) {
            dgi_glevel *lv = &g->map[u][l];
            lv->par = top_par[style];
            lv->par2 = 0xff;
            memcpy(lv->order, top_order[style], NGDIMS);
            for (int d = 0; d < NGDIMS; d++)
                lv->tile[d] = l > 0 ? INT64_MAX : scaled_tile(sp->bounds[u][d], d == top_par[style] ? f_par : f_rest);
        }
    }
    dgi_genome_repair(g);
}

static int grid_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    grid *s = state;
    size_t n = 0;
    while (n < s->batch && n < capacity && s->next < s->total) {
        /* next·stride mod total visits every point once (they are coprime);
         * grids hold far fewer than 2^32 points, so the product fits. */
        fill(s, batch[n++], s->next * s->stride % s->total);
        s->next++;
    }
    *count = n;
    return DG_OK;
}

static int grid_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    (void)state, (void)batch, (void)fitness, (void)count; /* the grid does not adapt; the framework keeps the best */
    return DG_OK;
}

/* The grid is a function of the space and the budget; its position is all. */
static int grid_save(void *state, dg_state_writer write, void *sink)
{
    const grid *s = state;
    char line[96];
    int n = snprintf(line, sizeof line, "grid 1 %llu %llu\n", (unsigned long long)s->total,
                     (unsigned long long)s->next);
    return write(sink, line, (size_t)n) ? DG_EIO : DG_OK;
}

static int grid_load(void *state, const void *data, size_t size)
{
    grid *s = state;
    char text[96];
    if (size >= sizeof text)
        return dgi_fail(DG_EPARSE, "grid search state: %zu bytes, expected one short line", size);
    memcpy(text, data, size);
    text[size] = '\0';
    unsigned long long total, next;
    int used = 0;
    if (sscanf(text, "grid 1 %llu %llu\n%n", &total, &next, &used) != 2 || (size_t)used != size)
        return dgi_fail(DG_EPARSE, "grid search state: malformed");
    if (total != s->total || next > total)
        return dgi_fail(DG_EPARSE, "grid search state: a grid of %llu points at %llu, this search's has %llu", total,
                        next, (unsigned long long)s->total);
    s->next = next;
    return DG_OK;
}

static const dg_optimizer_ops grid_ops = {
    sizeof(dg_optimizer_ops), DG_PLUGIN_ABI_VERSION, 0, "grid",
    "grid search over PE count, array shape and buffer (tile) sizes for a fixed dataflow style (the paper's HW-opt)",
    params, P_COUNT, grid_create, grid_destroy, grid_ask, grid_tell, grid_save, grid_load,
};

const dg_optimizer_ops *dgi_optimizer_grid(void)
{
    return &grid_ops;
}
