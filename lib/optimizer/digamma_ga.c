/*
 * digamma_ga.c: the DiGamma genetic algorithm (Kao et al., DATE 2022), with
 * the operators of the paper's Fig. 4 and the reference code's
 * hyper-parameters as defaults (reference/digamma-algorithm.md §2).
 *
 * Generation loop (ask/tell):
 *   ask 0:  the initial population: random genomes, the first `unit_seeds`
 *           with every tile 1 (GAMMA's seeds).
 *   tell:   the evaluated genomes join the kept elites; the population is
 *           de-duplicated and sorted by score (then secondary objectives,
 *           then age); the best `parents_ratio` become parents.
 *   ask n:  offspring of the parents through crossover, reorder,
 *           mutate-map, mutate-HW and grow/aging, then repair.
 *
 * Deliberate departures from the reference code (its bugs, §8):
 *   - elites are kept with their known fitness instead of being re-evaluated,
 *     so they cost no samples (the reference re-runs MAESTRO on them);
 *   - the offspring count always refills the population (B10: the reference
 *     shrinks it on duplicates); duplicates compare every gene, PE count
 *     included;
 *   - mutate-HW bounds the cluster count by the PE budget of the space (area
 *     with minimal buffers) and mutates any level of the hierarchy (B6, B8);
 *   - grow/aging run whenever the space allows more than one level count
 *     (B2: the reference disables them under its default constraint);
 *   - infeasible designs stay ranked by how far over budget they are instead
 *     of all being -inf (B4: no endless re-initialisation);
 *   - the crossover also exchanges whole layer mappings and the HW genes,
 *     which the shared-HW whole-model problem needs (the reference optimises
 *     one layer at a time).
 */
#include "genome/genome_internal.h"
#include "optimizer_internal.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_POPULATION, P_ELITE, P_PARENTS, P_CROSSOVER, P_REORDER, P_MUTATE_MAP, P_MAP_TRIALS,
    P_MUTATE_HW, P_MUTATE_HW_FIRST, P_HW_RANGE, P_GROW, P_AGE, P_UNIT_SEEDS, P_TRANSPLANT, P_FIT, P_TRIM, P_LOCAL,
    P_REFINE, P_COUNT
};

static const dg_param_info params[P_COUNT] = {
    {"population", "individuals per generation", 100, 4, 4096, 1, 0},
    {"elite_ratio", "share of the population kept unchanged", 0.05, 0, 0.5, 0, 0},
    {"parents_ratio", "share of the population that breeds", 0.4, 0.01, 1, 0, 0},
    {"p_crossover", "probability that a pair of offspring mixes its parents", 0.57, 0, 1, 0, 0},
    {"p_reorder", "probability of a loop-order swap, per offspring", 0.47, 0, 1, 0, 0},
    {"p_mutate_map", "probability of each mutate-map trial (tile or parallel dimension)", 0.53, 0, 1, 0, 0},
    {"map_trials", "mutate-map trials per offspring", 3, 0, 64, 1, 0},
    {"p_mutate_hw", "probability of mutating the PE array, per offspring", 0.5, 0, 1, 0, 0},
    {"p_mutate_hw_first", "the same in the first generation", 1.0, 0, 1, 0, 0},
    {"hw_range", "mutate-HW draws cluster counts from [hw_range*max, max]", 0.5, 0, 1, 0, 0},
    {"p_grow", "probability of adding a cluster level, per offspring", 0.57, 0, 1, 0, 0},
    {"p_age", "probability of removing a cluster level, per offspring", 0.27, 0, 1, 0, 0},
    {"unit_seeds", "initial individuals with every tile 1", 2, 0, 4096, 1, 0},
    {"p_transplant", "probability of copying one layer's mapping onto another layer, per offspring", 0.5, 0, 1, 0, 0},
    {"p_fit", "probability of fitting one level's spatial tile to its sub-units, per offspring", 0.3, 0, 1, 0, 0},
    {"p_trim", "probability of shrinking the tiles of the layer that needs the most buffer, per offspring", 0.2, 0, 1, 0, 0},
    {"p_local", "share of tile and HW mutations that are local steps (x or / by a small factor)", 0.5, 0, 1, 0, 0},
    {"refine_share", "closing share of the sampling budget spent on mappings only, on the best hardware so far", 0.3, 0,
     1, 0, 0},
};

typedef struct member {
    dg_genome *g;
    dg_fitness f;
    uint64_t hash;
    size_t age; /* insertion order: the stable tie-break */
} member;

typedef struct ga {
    const dg_space *space;
    dg_rng *rng;
    double p[P_COUNT];
    size_t pop_size, num_elite, num_parents;
    member *pop; /* sorted, best first */
    size_t pop_count;
    member *pool; /* scratch for selection: elites + offspring */
    dg_genome **spare; /* genomes to reuse */
    size_t spare_count;
    size_t generation;
    size_t counter;   /* members told so far = samples used (saved in checkpoints) */
    int64_t refine_from; /* from this many samples on, offspring keep the best hardware */
} ga;

static void ga_destroy(void *state)
{
    ga *s = state;
    if (!s)
        return;
    for (size_t i = 0; i < s->pop_count; i++)
        dg_genome_destroy(s->pop[i].g);
    for (size_t i = 0; i < s->spare_count; i++)
        dg_genome_destroy(s->spare[i]);
    free(s->pop);
    free(s->pool);
    free(s->spare);
    free(s);
}

static int ga_create(void **state, const dg_optimizer_context *ctx)
{
    ga *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting the GA");
    s->space = ctx->space;
    s->rng = ctx->rng;
    memcpy(s->p, ctx->params, sizeof s->p);
    s->pop_size = (size_t)s->p[P_POPULATION];
    s->num_elite = (size_t)(s->pop_size * s->p[P_ELITE]);
    if (s->p[P_ELITE] > 0 && s->num_elite == 0)
        s->num_elite = 1; /* the reference gets 0 elites below 20 individuals; keep at least the best */
    s->refine_from = ctx->max_samples > 0 && s->p[P_REFINE] > 0
                         ? (int64_t)((1 - s->p[P_REFINE]) * (double)ctx->max_samples)
                         : INT64_MAX;
    s->num_parents = (size_t)(s->pop_size * s->p[P_PARENTS]);
    if (s->num_parents < 2)
        s->num_parents = 2;
    s->pop = calloc(s->pop_size, sizeof *s->pop);
    s->pool = calloc(2 * s->pop_size, sizeof *s->pool);
    s->spare = calloc(3 * s->pop_size, sizeof *s->spare);
    if (!s->pop || !s->pool || !s->spare) {
        ga_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting the GA");
    }
    *state = s;
    return DG_OK;
}

static size_t pick(ga *s, size_t n)
{
    return (size_t)dg_rng_below(s->rng, n);
}

static bool chance(ga *s, double p)
{
    return dg_rng_uniform(s->rng) < p;
}

/* ---- operators ---------------------------------------------------------- */

/* Crossover: for every mapping unit either exchange the whole layer mapping
 * or, as the reference does, swap the tiles of one dimension at every level;
 * the PE array travels with either child at random. */
static void crossover(ga *s, dg_genome *a, dg_genome *b)
{
    const dg_space *sp = s->space;
    for (size_t u = 0; u < sp->num_units; u++) {
        if (chance(s, 0.5)) {
            dgi_glevel t[DGI_MAX_GLEVELS];
            memcpy(t, a->map[u], sizeof t);
            memcpy(a->map[u], b->map[u], sizeof t);
            memcpy(b->map[u], t, sizeof t);
        } else {
            int d = (int)pick(s, NGDIMS);
            for (int l = 0; l < DGI_MAX_GLEVELS; l++) {
                int64_t t = a->map[u][l].tile[d];
                a->map[u][l].tile[d] = b->map[u][l].tile[d];
                b->map[u][l].tile[d] = t;
            }
        }
    }
    if (chance(s, 0.5)) {
        for (size_t h = 0; h < sp->num_hw_units; h++) {
            int64_t t[DGI_MAX_GLEVELS];
            memcpy(t, a->clusters[h], sizeof t);
            memcpy(a->clusters[h], b->clusters[h], sizeof t);
            memcpy(b->clusters[h], t, sizeof t);
        }
        int lv = a->levels;
        a->levels = b->levels;
        b->levels = lv;
    }
}

/* Reorder: swap two loops of one level. */
static void reorder(ga *s, dg_genome *g)
{
    size_t u = pick(s, s->space->num_units);
    int l = (int)pick(s, (size_t)g->levels);
    size_t i = pick(s, NGDIMS), j = pick(s, NGDIMS);
    uint8_t t = g->map[u][l].order[i];
    g->map[u][l].order[i] = g->map[u][l].order[j];
    g->map[u][l].order[j] = t;
}

/* A local move: multiply or divide by a factor in (1, 2], at least by one step. */
static int64_t local_step(ga *s, int64_t v, int64_t bound)
{
    double f = 1.0 + dg_rng_uniform(s->rng);
    int64_t w = chance(s, 0.5) ? (int64_t)((double)v * f) : (int64_t)((double)v / f);
    if (w == v)
        w = chance(s, 0.5) ? v + 1 : v - 1;
    return w < 1 ? 1 : w > bound ? bound : w;
}

/* Mutate-map: a new parallel dimension or a new tile for one level of one layer. */
static void mutate_map(ga *s, dg_genome *g)
{
    size_t u = pick(s, s->space->num_units);
    int l = (int)pick(s, (size_t)g->levels);
    dgi_glevel *lv = &g->map[u][l];
    size_t gene = pick(s, 1 + 4); /* the parallel dim or a K/C/Y/X tile (R, S stay whole) */
    if (gene == 0) {
        lv->par = (uint8_t)pick(s, DGI_NUM_PAR);
    } else {
        int d = (int)gene - 1;
        int64_t bound = dgi_parent_tiles(g, u, l)[d];
        lv->tile[d] = chance(s, s->p[P_LOCAL]) ? local_step(s, lv->tile[d], bound)
                                                : dgi_rng_range(s->rng, 1, bound);
    }
}

/* Fit: size one level's spatial tile so that its sub-units (clusters or PEs)
 * cover the parallel dimension in a whole number of steps, D / (N·t) = m:
 * the utilisation loss of a ragged last step is what it removes. */
static void fit_spatial(ga *s, dg_genome *g)
{
    size_t u = pick(s, s->space->num_units);
    size_t h = s->space->opt.scope == DG_SCOPE_PER_LAYER ? u : 0;
    int l = (int)pick(s, (size_t)g->levels);
    dgi_glevel *lv = &g->map[u][l];
    int64_t d = dgi_parent_tiles(g, u, l)[lv->par];
    int64_t n = g->clusters[h][l] * (int64_t)(1 + pick(s, 4));
    lv->tile[lv->par] = d > n ? (d + n - 1) / n : 1;
}

/* Estimated buffer volume of one level's tiles (input with its halo, weights,
 * outputs), the spatial dimension widened `spread` times. Only used to find
 * the layer whose tiles set the design's buffer size, so it may be rough. */
static double tile_volume(const dg_space *sp, size_t u, const dgi_glevel *lv, int64_t spread)
{
    const dg_layer *ly = &sp->layers[u]; /* in one-mapping scope unit 0 stands for all */
    double t[NGDIMS];
    for (int d = 0; d < NGDIMS; d++)
        t[d] = (double)lv->tile[d];
    t[lv->par] *= (double)spread;
    double in_y = (t[GY] - 1) * (double)ly->stride_y + t[GR], in_x = (t[GX] - 1) * (double)ly->stride_x + t[GS];
    bool dw = ly->type == DG_LAYER_DWCONV;
    double k = dw ? 1 : t[GK];
    return t[GC] * in_y * in_x + k * t[GC] * t[GR] * t[GS] + (dw ? t[GC] : t[GK]) * t[GY] * t[GX];
}

/* Trim: the design's L1 (or L2) is the largest any layer needs, so only the
 * layer that sets it can make it smaller; halve one of its tiles. This gives
 * the buffer area, half of a design's area, a way down that single-layer
 * mutations would only find by luck. */
static void trim_buffers(ga *s, dg_genome *g)
{
    const dg_space *sp = s->space;
    bool l1 = chance(s, 0.5);
    int l = l1 ? g->levels - 1 : 0;
    size_t worst = 0;
    double most = -1;
    for (size_t u = 0; u < sp->num_units; u++) {
        size_t h = sp->opt.scope == DG_SCOPE_PER_LAYER ? u : 0;
        double v = tile_volume(sp, u, &g->map[u][l], l1 ? 1 : g->clusters[h][0]);
        if (v > most)
            most = v, worst = u;
    }
    dgi_glevel *lv = &g->map[worst][l];
    int dims[4], n = 0;
    for (int d = GK; d <= GX; d++)
        if (lv->tile[d] > 1)
            dims[n++] = d;
    if (n) {
        int d = dims[pick(s, (size_t)n)];
        lv->tile[d] = (lv->tile[d] + 1) / 2;
    }
}

/* Transplant: a mapping that works for one layer is often good for another
 * (same dataflow, tiles clamped to the new layer by repair). */
static void transplant(ga *s, dg_genome *g)
{
    size_t n = s->space->num_units;
    if (n < 2)
        return;
    size_t from = pick(s, n), to = pick(s, n - 1);
    if (to >= from)
        to++;
    memcpy(g->map[to], g->map[from], sizeof g->map[to]);
}

/* Mutate-HW: redraw the size of one level of the PE hierarchy. The top level
 * (cluster count) is drawn from the upper part of what the PE budget allows,
 * as the reference does; inner cluster sizes from the whole range. */
static void mutate_hw(ga *s, dg_genome *g)
{
    const dg_space *sp = s->space;
    if (sp->fixed_hw)
        return;
    size_t h = pick(s, sp->num_hw_units);
    int l = (int)pick(s, (size_t)g->levels);
    int64_t others = 1;
    for (int m = 0; m < g->levels; m++)
        if (m != l)
            others *= g->clusters[h][m];
    int64_t maxv = sp->max_pes / others;
    if (maxv < 1)
        maxv = 1;
    if (chance(s, s->p[P_LOCAL])) {
        g->clusters[h][l] = local_step(s, g->clusters[h][l], maxv);
        return;
    }
    int64_t lo = l == 0 ? (int64_t)(s->p[P_HW_RANGE] * (double)maxv) : 1;
    g->clusters[h][l] = dgi_rng_range(s->rng, lo < 1 ? 1 : lo, maxv);
}

static void grow_or_age(ga *s, dg_genome *g)
{
    const dg_space *sp = s->space;
    if (sp->opt.max_levels == sp->opt.min_levels)
        return;
    if (g->levels < sp->opt.max_levels && chance(s, s->p[P_GROW])) {
        int l = g->levels++;
        for (size_t u = 0; u < sp->num_units; u++) {
            dgi_random_level(&g->map[u][l], g->map[u][l - 1].tile, s->rng);
            for (int d = 0; d < NGDIMS; d++)
                g->map[u][l].tile[d] = 1;
        }
        for (size_t h = 0; h < sp->num_hw_units; h++)
            g->clusters[h][l] = 1;
    } else if (g->levels > sp->opt.min_levels && chance(s, s->p[P_AGE])) {
        g->levels--;
    }
}

/* The closing phase: the hardware (levels and cluster sizes) of the best
 * design so far, so that the rest of the budget refines mappings on it, as
 * a mapping optimizer on fixed hardware would. With many distinct layers the
 * whole-budget search otherwise keeps paying for hardware moves that each
 * layer's mapping has not caught up with. */
static void take_best_hardware(ga *s, dg_genome *g)
{
    const dg_genome *best = s->pop[0].g;
    const dg_space *sp = s->space;
    for (size_t u = 0; u < sp->num_units; u++)
        for (int l = g->levels; l < best->levels; l++)
            g->map[u][l] = best->map[u][l];
    g->levels = best->levels;
    for (size_t h = 0; h < sp->num_hw_units; h++)
        memcpy(g->clusters[h], best->clusters[h], sizeof g->clusters[h]);
}

/* ---- selection ----------------------------------------------------------- */

static int compare_members(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    if (a->f.score != b->f.score)
        return a->f.score < b->f.score ? -1 : 1;
    for (int i = 1; i < a->f.num_objectives && i < b->f.num_objectives; i++)
        if (a->f.objectives[i] != b->f.objectives[i])
            return a->f.objectives[i] < b->f.objectives[i] ? -1 : 1;
    return a->age < b->age ? -1 : a->age > b->age;
}

static dg_genome *take_spare(ga *s)
{
    if (s->spare_count)
        return s->spare[--s->spare_count];
    dg_genome *g = NULL;
    dg_genome_create(&g, s->space);
    return g;
}

static void give_spare(ga *s, dg_genome *g)
{
    if (s->spare_count < 3 * s->pop_size)
        s->spare[s->spare_count++] = g;
    else
        dg_genome_destroy(g);
}

/* ---- ask / tell ----------------------------------------------------------- */

static int ask_initial(ga *s, dg_genome *const *batch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = dg_genome_randomize(batch[i], s->rng);
        if (rc)
            return rc;
        if (i < (size_t)s->p[P_UNIT_SEEDS]) { /* GAMMA's unit-tile seeds */
            for (size_t u = 0; u < s->space->num_units; u++)
                for (int l = 0; l < DGI_MAX_GLEVELS; l++)
                    for (int d = 0; d < NGDIMS; d++)
                        batch[i]->map[u][l].tile[d] = 1;
            dgi_genome_repair(batch[i]);
        }
    }
    return DG_OK;
}

static int ga_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    ga *s = state;
    if (s->pop_count == 0) {
        size_t n = s->pop_size < capacity ? s->pop_size : capacity;
        *count = n;
        return ask_initial(s, batch, n);
    }
    size_t keep = s->num_elite < s->pop_count ? s->num_elite : s->pop_count;
    size_t n = s->pop_size - keep;
    if (n > capacity)
        n = capacity;
    if (n == 0)
        n = 1;
    size_t parents = s->num_parents < s->pop_count ? s->num_parents : s->pop_count;
    double p_hw = s->generation <= 1 ? s->p[P_MUTATE_HW_FIRST] : s->p[P_MUTATE_HW];
    bool refine = (int64_t)s->counter >= s->refine_from && s->pop[0].f.feasible;

    for (size_t i = 0; i < n; i += 2) {
        /* Two distinct parents (when there are two). */
        size_t a = pick(s, parents), b = parents > 1 ? pick(s, parents - 1) : a;
        if (parents > 1 && b >= a)
            b++;
        dg_genome_copy(batch[i], s->pop[a].g);
        dg_genome *second = i + 1 < n ? batch[i + 1] : take_spare(s);
        if (!second)
            return dgi_fail(DG_ENOMEM, "out of memory in the GA");
        dg_genome_copy(second, s->pop[b].g);
        if (chance(s, s->p[P_CROSSOVER]))
            crossover(s, batch[i], second);
        if (i + 1 >= n)
            give_spare(s, second);
    }
    for (size_t i = 0; i < n; i++) {
        dg_genome *g = batch[i];
        if (chance(s, s->p[P_REORDER]))
            reorder(s, g);
        for (int t = 0; t < (int)s->p[P_MAP_TRIALS]; t++)
            if (chance(s, s->p[P_MUTATE_MAP]))
                mutate_map(s, g);
        if (chance(s, s->p[P_TRIM]))
            trim_buffers(s, g);
        if (chance(s, s->p[P_FIT]))
            fit_spatial(s, g);
        if (chance(s, s->p[P_TRANSPLANT]))
            transplant(s, g);
        if (refine) {
            take_best_hardware(s, g);
        } else {
            if (chance(s, p_hw))
                mutate_hw(s, g);
            grow_or_age(s, g);
        }
        dgi_genome_repair(g);
    }
    *count = n;
    return DG_OK;
}

static int ga_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    ga *s = state;
    size_t keep = s->pop_count ? (s->num_elite < s->pop_count ? s->num_elite : s->pop_count) : 0;
    size_t n = 0;
    /* Elites survive as they are; the rest of the old population retires. */
    for (size_t i = 0; i < s->pop_count; i++) {
        if (i < keep)
            s->pool[n++] = s->pop[i];
        else
            give_spare(s, s->pop[i].g);
    }
    for (size_t i = 0; i < count; i++) {
        dg_genome *g = take_spare(s);
        if (!g)
            return dgi_fail(DG_ENOMEM, "out of memory in the GA");
        dg_genome_copy(g, batch[i]);
        member m = {g, fitness[i], dgi_genome_hash(g), s->counter++};
        s->pool[n++] = m;
    }
    qsort(s->pool, n, sizeof *s->pool, compare_members);
    /* De-duplicate (every gene counts) and keep the best pop_size. */
    s->pop_count = 0;
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < s->pop_count && !dup; j++)
            dup = s->pop[j].hash == s->pool[i].hash && dg_genome_equal(s->pop[j].g, s->pool[i].g);
        if (dup || s->pop_count == s->pop_size)
            give_spare(s, s->pool[i].g);
        else
            s->pop[s->pop_count++] = s->pool[i];
    }
    s->generation++;
    return DG_OK;
}

/* ---- checkpoints ----------------------------------------------------------------- */

/* The state that decides what the GA does next: generation, age counter and
 * the sorted population with its fitness (doubles in %a, exact). */
static int ga_save(void *state, dg_state_writer write, void *sink)
{
    ga *s = state;
    char line[512];
    int n = snprintf(line, sizeof line, "ga 1 %zu %zu %zu\n", s->generation, s->counter, s->pop_count);
    if (write(sink, line, (size_t)n))
        return DG_EIO;
    for (size_t i = 0; i < s->pop_count; i++) {
        const member *m = &s->pop[i];
        size_t need = 0;
        dg_genome_to_json(m->g, NULL, 0, &need);
        char *json = malloc(need + 1);
        if (!json)
            return dgi_fail(DG_ENOMEM, "out of memory saving the GA");
        dg_genome_to_json(m->g, json, need + 1, NULL);
        n = snprintf(line, sizeof line, "m %zu %d %d %a %a %a %a %a %a %zu\n", m->age, (int)m->f.feasible,
                     (int)m->f.num_objectives, m->f.score, m->f.violation, m->f.objectives[0], m->f.objectives[1],
                     m->f.objectives[2], m->f.objectives[3], need);
        int rc = write(sink, line, (size_t)n) || write(sink, json, need);
        free(json);
        if (rc)
            return DG_EIO;
    }
    return DG_OK;
}

static int ga_load(void *state, const void *data, size_t size)
{
    ga *s = state;
    const char *p = data, *end = p + size;
    size_t gen, counter, count;
    int used = 0;
    if (sscanf(p, "ga 1 %zu %zu %zu\n%n", &gen, &counter, &count, &used) != 3 || used == 0 || count > s->pop_size)
        return dgi_fail(DG_EPARSE, "GA state: bad header (or a different population size)");
    p += used;
    for (size_t i = 0; i < count; i++) {
        member m;
        memset(&m, 0, sizeof m);
        int feasible, nobj;
        size_t len;
        used = 0;
        if (p >= end || sscanf(p, "m %zu %d %d %la %la %la %la %la %la %zu\n%n", &m.age, &feasible, &nobj, &m.f.score,
                               &m.f.violation, &m.f.objectives[0], &m.f.objectives[1], &m.f.objectives[2],
                               &m.f.objectives[3], &len, &used) != 10 || used == 0 || len > (size_t)(end - p - used))
            return dgi_fail(DG_EPARSE, "GA state: bad member %zu", i);
        if (nobj < 1 || nobj > DG_MAX_OBJECTIVES || (feasible != 0 && feasible != 1))
            return dgi_fail(DG_EPARSE, "GA state: member %zu has %d objectives (1 to %d allowed)", i, nobj,
                            DG_MAX_OBJECTIVES);
        p += used;
        m.f.feasible = feasible;
        m.f.num_objectives = nobj;
        int rc = dg_genome_from_json(&m.g, s->space, p, len);
        if (rc)
            return rc;
        p += len;
        m.hash = dgi_genome_hash(m.g);
        s->pop[s->pop_count++] = m;
    }
    s->generation = gen;
    s->counter = counter;
    return DG_OK;
}

static const dg_optimizer_ops digamma_ops = {
    sizeof(dg_optimizer_ops), DG_PLUGIN_ABI_VERSION, 0, "digamma",
    "DiGamma: domain-aware genetic algorithm over HW and mappings (the paper's method)", params, P_COUNT,
    ga_create, ga_destroy, ga_ask, ga_tell, ga_save, ga_load,
};

const dg_optimizer_ops *dgi_optimizer_digamma(void)
{
    return &digamma_ops;
}
