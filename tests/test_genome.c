/*
 * test_genome.c: the genome through the public API, mostly as property tests
 * over many random genomes of many spaces (workloads × budgets × scopes ×
 * level ranges × dataflow styles).
 *
 * Random genomes come from dg_genome_from_vector() fed by a local seeded
 * PRNG, so the tests need no optimizer. The GA's own operators are checked
 * through a plug-in that delegates to the built-in "digamma" ops and
 * inspects every candidate it proposes.
 */
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- a local PRNG (splitmix64) -------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

static int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* ---- the spaces under test -------------------------------------------------- */

enum { B_EDGE, B_CLOUD, B_FIXED, NUM_BUDGETS };
#define FIXED_ROWS 8
#define FIXED_COLS 16

static const char *const models[] = {"resnet18", "mobilenet_v2", "bert", "ncf"};
#define NUM_MODELS (sizeof models / sizeof models[0])
static const int scopes[] = {DG_SCOPE_SHARED_HW, DG_SCOPE_ONE_MAPPING, DG_SCOPE_PER_LAYER};
static const int level_ranges[][2] = {{2, 2}, {2, 3}};
static const int dataflows[] = {DG_DATAFLOW_FREE, DG_DATAFLOW_DLA, DG_DATAFLOW_SHI, DG_DATAFLOW_EYE};

/* What the tests know about a space, worked out from the public API alone. */
typedef struct sinfo {
    const dg_space *space;
    const char *model;
    int budget;
    dg_space_options opt;
    size_t num_layers, num_units, num_hw_units;
    dg_layer *layers;
    int64_t (*bounds)[6]; /* per unit: K, C, out Y, out X, R, S */
    int64_t max_pes;
} sinfo;

static dg_budget *make_budget(int kind)
{
    dg_budget *b = NULL;
    switch (kind) {
    case B_EDGE: DG_ASSERT_OK(dg_budget_create_preset(&b, "edge")); break;
    case B_CLOUD: DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud")); break;
    default:
        DG_ASSERT_OK(dg_budget_create(&b, DG_UNLIMITED));
        DG_ASSERT_OK(dg_budget_set_fixed_hw(b, FIXED_ROWS, FIXED_COLS, DG_UNLIMITED, DG_UNLIMITED));
        break;
    }
    return b;
}

static int sinfo_init(sinfo *si, const dg_space *sp, const char *model, int budget, const dg_space_options *o)
{
    memset(si, 0, sizeof *si);
    si->space = sp;
    si->model = model;
    si->budget = budget;
    si->opt = *o;
    const dg_workload *w = dg_space_workload(sp);
    si->num_layers = dg_workload_num_unique(w);
    si->num_units = dg_space_num_units(sp);
    si->num_hw_units = dg_space_num_hw_units(sp);
    si->max_pes = dg_space_max_pes(sp);
    si->layers = calloc(si->num_layers, sizeof *si->layers);
    si->bounds = calloc(si->num_units, sizeof *si->bounds);
    if (!si->layers || !si->bounds)
        return -1;
    for (size_t i = 0; i < si->num_layers; i++) {
        si->layers[i].struct_size = sizeof si->layers[i];
        DG_ASSERT_OK(dg_workload_layer(w, i, &si->layers[i]));
        const dg_layer *l = &si->layers[i];
        int64_t d[6] = {l->k, l->c, l->out_y, l->out_x, l->r, l->s};
        size_t u = o->scope == DG_SCOPE_ONE_MAPPING ? 0 : i;
        for (int k = 0; k < 6; k++)
            if (d[k] > si->bounds[u][k])
                si->bounds[u][k] = d[k];
    }
    return 0;
}

static void sinfo_free(sinfo *si)
{
    free(si->layers);
    free(si->bounds);
}

typedef void (*space_fn)(sinfo *si, void *user);

/* Run fn on every combination of workload, budget, scope, levels and dataflow. */
static void for_each_space(space_fn fn, void *user)
{
    for (size_t m = 0; m < NUM_MODELS; m++) {
        dg_workload *w = NULL;
        DG_ASSERT_OK(dg_workload_builtin(&w, models[m]));
        if (!w)
            return;
        for (int b = 0; b < NUM_BUDGETS; b++) {
            dg_budget *budget = make_budget(b);
            for (size_t sc = 0; sc < sizeof scopes / sizeof scopes[0]; sc++)
                for (size_t lr = 0; lr < sizeof level_ranges / sizeof level_ranges[0]; lr++)
                    for (size_t df = 0; df < sizeof dataflows / sizeof dataflows[0]; df++) {
                        dg_space_options o;
                        dg_space_options_init(&o);
                        o.scope = scopes[sc];
                        o.min_levels = level_ranges[lr][0];
                        o.max_levels = level_ranges[lr][1];
                        o.dataflow = dataflows[df];
                        dg_space *sp = NULL;
                        DG_ASSERT_OK(dg_space_create(&sp, w, budget, &o));
                        if (!sp)
                            continue;
                        sinfo si;
                        if (sinfo_init(&si, sp, models[m], b, &o) == 0)
                            fn(&si, user);
                        sinfo_free(&si);
                        dg_space_destroy(sp);
                    }
            dg_budget_destroy(budget);
        }
        dg_workload_destroy(w);
    }
}

static void describe(const sinfo *si, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s budget=%d scope=%d levels=%d..%d dataflow=%d", si->model, si->budget,
             (int)si->opt.scope, (int)si->opt.min_levels, (int)si->opt.max_levels, (int)si->opt.dataflow);
}

/* ---- helpers ------------------------------------------------------------------ */

static double *random_vector(const sinfo *si, uint64_t *rng, double lo, double hi)
{
    size_t n = dg_space_vector_size(si->space);
    double *v = malloc(n * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = lo + (hi - lo) * rng_unit(rng);
    return v;
}

static dg_genome *random_genome(const sinfo *si, uint64_t *rng)
{
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, si->space));
    double *v = random_vector(si, rng, 0, 1);
    if (g && v)
        DG_ASSERT_OK(dg_genome_from_vector(g, v, dg_space_vector_size(si->space)));
    free(v);
    return g;
}

/* The full JSON text of a genome (every level slot, used or not): a complete
 * snapshot, for "unchanged" checks. Caller frees. */
static char *snapshot(const dg_genome *g)
{
    size_t need = 0;
    int rc = dg_genome_to_json(g, NULL, 0, &need);
    CU_ASSERT_EQUAL(rc, DG_ERANGE);
    char *buf = malloc(need + 1);
    if (buf)
        DG_ASSERT_OK(dg_genome_to_json(g, buf, need + 1, NULL));
    return buf;
}

static int report(int *errors, const sinfo *si, const char *fmt, long a, long b, long c)
{
    if (*errors < 5) {
        char d[160];
        describe(si, d, sizeof d);
        fprintf(stderr, "  [%s] ", d);
        fprintf(stderr, fmt, a, b, c);
        fputc('\n', stderr);
    }
    return ++*errors;
}

/* Count the ways in which g is not a valid genome of its space. */
static int check_valid(const sinfo *si, const dg_genome *g)
{
    int errors = 0;
    const int fixed = si->budget == B_FIXED;
    const int L = dg_genome_num_levels(g);
    const int minl = fixed ? 2 : si->opt.min_levels, maxl = fixed ? 2 : si->opt.max_levels;
    if (L < minl || L > maxl)
        report(&errors, si, "levels %ld outside [%ld, %ld]", L, minl, maxl);
    for (size_t h = 0; h < si->num_hw_units; h++) {
        int64_t prod = 1;
        for (int l = 0; l < L; l++) {
            int64_t c = dg_genome_cluster(g, h, l);
            if (c < 1 || c > si->max_pes)
                report(&errors, si, "hw %ld level %ld: cluster size %ld", (long)h, l, (long)c);
            prod *= c;
        }
        if (prod != dg_genome_num_pes(g, h))
            report(&errors, si, "hw %ld: num_pes %ld != product %ld", (long)h, (long)dg_genome_num_pes(g, h),
                   (long)prod);
        if (prod < 1 || prod > si->max_pes)
            report(&errors, si, "hw %ld: %ld PEs, max %ld", (long)h, (long)prod, (long)si->max_pes);
        if (fixed && (dg_genome_cluster(g, h, 0) != FIXED_ROWS || dg_genome_cluster(g, h, 1) != FIXED_COLS))
            report(&errors, si, "fixed hw %ld: array %ldx%ld", (long)h, (long)dg_genome_cluster(g, h, 0),
                   (long)dg_genome_cluster(g, h, 1));
    }
    const int style = si->opt.dataflow;
    for (size_t u = 0; u < si->num_units; u++) {
        const int64_t *parent = si->bounds[u];
        int64_t prev[6];
        for (int l = 0; l < L; l++) {
            const int inner = l == L - 1;
            for (int d = DG_DIM_K; d <= DG_DIM_S; d++) {
                int64_t t = dg_genome_tile(g, u, l, d);
                if (t < 1 || t > parent[d - 1])
                    report(&errors, si, "unit %ld level %ld: tile %ld out of [1, parent]", (long)u, l, (long)t);
                if (t > si->bounds[u][d - 1])
                    report(&errors, si, "unit %ld level %ld: tile %ld above the layer's dimension", (long)u, l,
                           (long)t);
                if (d == DG_DIM_R || d == DG_DIM_S) {
                    int64_t want = (style == DG_DATAFLOW_EYE && inner && d == DG_DIM_R) ? 1 : si->bounds[u][d - 1];
                    if (t != want)
                        report(&errors, si, "unit %ld level %ld: R/S tile %ld, want %ld", (long)u, l, (long)t);
                }
                prev[d - 1] = t;
            }
            parent = prev;
            int par = dg_genome_parallel_dim(g, u, l);
            int par_ok = par >= DG_DIM_K && par <= DG_DIM_X;
            if (style == DG_DATAFLOW_EYE && inner)
                par_ok = par == DG_DIM_R;
            if (!par_ok)
                report(&errors, si, "unit %ld level %ld: parallel dim %ld", (long)u, l, par);
            int order[6];
            DG_ASSERT_OK(dg_genome_order(g, u, l, order));
            unsigned seen = 0;
            for (int i = 0; i < 6; i++)
                if (order[i] >= DG_DIM_K && order[i] <= DG_DIM_S)
                    seen |= 1u << order[i];
            if (seen != 0x7eu)
                report(&errors, si, "unit %ld level %ld: order is not a permutation (%lx)", (long)u, l, (long)seen);
        }
        /* The fixed dataflow styles. */
        int top = dg_genome_parallel_dim(g, u, 0), in = dg_genome_parallel_dim(g, u, L - 1);
        if (style == DG_DATAFLOW_DLA && (top != DG_DIM_K || in != DG_DIM_C))
            report(&errors, si, "unit %ld: DLA wants K/C parallel, got %ld/%ld", (long)u, top, in);
        if (style == DG_DATAFLOW_SHI && (top != DG_DIM_Y || in != DG_DIM_X))
            report(&errors, si, "unit %ld: SHI wants Y/X parallel, got %ld/%ld", (long)u, top, in);
        if (style == DG_DATAFLOW_EYE && (top != DG_DIM_Y || in != DG_DIM_R))
            report(&errors, si, "unit %ld: EYE wants Y/R parallel, got %ld/%ld", (long)u, top, in);
    }
    return errors;
}

/* repair() leaves g as it is (the definition of "valid" the framework uses). */
static int repair_is_noop(const dg_genome *g)
{
    dg_genome *c = NULL;
    DG_ASSERT_OK(dg_genome_clone(&c, g));
    if (!c)
        return 0;
    DG_ASSERT_OK(dg_genome_repair(c));
    int same = dg_genome_equal(c, g);
    dg_genome_destroy(c);
    return same;
}

#define GENOMES_PER_SPACE 6

/* ---- encode ∘ decode ---------------------------------------------------------- */

typedef struct counts {
    uint64_t rng;
    long spaces, genomes, failures, out_of_unit;
} counts;

static void vector_roundtrip_fn(sinfo *si, void *user)
{
    counts *c = user;
    size_t n = dg_space_vector_size(si->space);
    CU_ASSERT(n > 0);
    double *v = malloc(n * sizeof *v);
    c->spaces++;
    for (int k = 0; k < GENOMES_PER_SPACE && v; k++) {
        dg_genome *g = random_genome(si, &c->rng), *h = NULL;
        DG_ASSERT_OK(dg_genome_create(&h, si->space));
        c->genomes++;
        int bad = check_valid(si, g);
        DG_ASSERT_OK(dg_genome_to_vector(g, v, n));
        DG_ASSERT_OK(dg_genome_from_vector(h, v, n));
        if (!dg_genome_equal(g, h)) {
            char d[160];
            describe(si, d, sizeof d);
            fprintf(stderr, "  [%s] from_vector(to_vector(g)) != g\n", d);
            bad++;
        }
        if (!repair_is_noop(g))
            bad++;
        if (bad)
            c->failures++;
        dg_genome_destroy(g);
        dg_genome_destroy(h);
    }
    free(v);
}

static void test_vector_roundtrip(void)
{
    counts c = {.rng = 0x1234};
    for_each_space(vector_roundtrip_fn, &c);
    CU_ASSERT_EQUAL(c.spaces, (long)(NUM_MODELS * NUM_BUDGETS * 3 * 2 * 4));
    CU_ASSERT_EQUAL(c.failures, 0);
}

static void random_writes(const sinfo *si, dg_genome *g, uint64_t *rng, int writes);

/* The vector view promises every gene in [0,1], also for genes it cannot
 * encode exactly (the eye style's R parallelism, unused level slots). */
static void vector_in_unit_fn(sinfo *si, void *user)
{
    counts *c = user;
    size_t n = dg_space_vector_size(si->space);
    double *v = malloc(n * sizeof *v);
    for (int k = 0; k < GENOMES_PER_SPACE && v; k++) {
        dg_genome *g = random_genome(si, &c->rng);
        if (k % 2) { /* also after arbitrary (then repaired) accessor writes */
            random_writes(si, g, &c->rng, 20);
            DG_ASSERT_OK(dg_genome_repair(g));
        }
        DG_ASSERT_OK(dg_genome_to_vector(g, v, n));
        for (size_t i = 0; i < n; i++)
            if (!(v[i] >= 0 && v[i] <= 1)) {
                if (c->out_of_unit++ < 3) {
                    char d[160];
                    describe(si, d, sizeof d);
                    fprintf(stderr, "  [%s] to_vector entry %zu = %g outside [0,1]\n", d, i, v[i]);
                }
            }
        dg_genome_destroy(g);
    }
    free(v);
}

static void test_vector_in_unit_cube(void)
{
    counts c = {.rng = 0x777};
    for_each_space(vector_in_unit_fn, &c);
    CU_ASSERT_EQUAL(c.out_of_unit, 0);
}

/* ---- repair ----------------------------------------------------------------------- */

static void random_writes(const sinfo *si, dg_genome *g, uint64_t *rng, int writes)
{
    const int maxl = si->opt.max_levels;
    for (int w = 0; w < writes; w++) {
        int L = dg_genome_num_levels(g);
        size_t u = (size_t)rng_range(rng, 0, (int64_t)si->num_units - 1);
        size_t h = (size_t)rng_range(rng, 0, (int64_t)si->num_hw_units - 1);
        int l = (int)rng_range(rng, 0, L - 1);
        int dim = (int)rng_range(rng, DG_DIM_K, DG_DIM_S);
        switch (rng_range(rng, 0, 6)) {
        case 0: { /* a huge or just-too-large tile */
            int64_t t = rng_unit(rng) < 0.5 ? INT64_MAX : si->bounds[u][dim - 1] + rng_range(rng, 1, 1000);
            DG_ASSERT_OK(dg_genome_set_tile(g, u, l, dim, t));
            break;
        }
        case 1: /* any tile */
            DG_ASSERT_OK(dg_genome_set_tile(g, u, l, dim, rng_range(rng, 1, 4096)));
            break;
        case 2: { /* a cluster size beyond the maximum */
            int64_t c = rng_unit(rng) < 0.3 ? INT64_MAX / 2 : rng_range(rng, 1, 4 * si->max_pes + 4);
            DG_ASSERT_OK(dg_genome_set_cluster(g, h, l, c));
            break;
        }
        case 3:
            DG_ASSERT_OK(dg_genome_set_parallel_dim(g, u, l, (int)rng_range(rng, DG_DIM_K, DG_DIM_X)));
            break;
        case 4: {
            int o[6] = {DG_DIM_K, DG_DIM_C, DG_DIM_Y, DG_DIM_X, DG_DIM_R, DG_DIM_S};
            for (int i = 5; i > 0; i--) {
                int j = (int)rng_range(rng, 0, i), t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
            DG_ASSERT_OK(dg_genome_set_order(g, u, l, o));
            break;
        }
        case 5: { /* zero-ish values are refused and change nothing */
            char *before = snapshot(g);
            int64_t bad = rng_unit(rng) < 0.5 ? 0 : -rng_range(rng, 1, 1000);
            DG_ASSERT_RC(dg_genome_set_tile(g, u, l, dim, bad), DG_EINVAL);
            DG_ASSERT_RC(dg_genome_set_cluster(g, h, l, bad), DG_EINVAL);
            char *after = snapshot(g);
            CU_ASSERT(before && after && strcmp(before, after) == 0);
            free(before);
            free(after);
            break;
        }
        default: {
            int want = (int)rng_range(rng, si->opt.min_levels, maxl);
            int rc = dg_genome_set_num_levels(g, want);
            if (si->budget == B_FIXED && want != 2) {
                CU_ASSERT(rc == DG_ERANGE || rc == DG_OK);
            } else {
                DG_ASSERT_OK(rc);
            }
            break;
        }
        }
    }
}

static void repair_fn(sinfo *si, void *user)
{
    counts *c = user;
    for (int k = 0; k < GENOMES_PER_SPACE; k++) {
        dg_genome *g = random_genome(si, &c->rng), *once = NULL;
        random_writes(si, g, &c->rng, (int)rng_range(&c->rng, 1, 40));
        DG_ASSERT_OK(dg_genome_repair(g));
        int bad = check_valid(si, g);
        DG_ASSERT_OK(dg_genome_clone(&once, g));
        DG_ASSERT_OK(dg_genome_repair(g));
        if (!dg_genome_equal(once, g)) { /* idempotent */
            fprintf(stderr, "  repair is not idempotent\n");
            bad++;
        }
        c->genomes++;
        if (bad)
            c->failures++;
        dg_genome_destroy(g);
        dg_genome_destroy(once);
    }
}

static void test_repair_valid_and_idempotent(void)
{
    counts c = {.rng = 99};
    for_each_space(repair_fn, &c);
    CU_ASSERT(c.genomes > 1000);
    CU_ASSERT_EQUAL(c.failures, 0);
    DG_ASSERT_RC(dg_genome_repair(NULL), DG_EINVAL);
}

/* ---- from_vector: clamping and NaN ---------------------------------------------- */

static void clamp_fn(sinfo *si, void *user)
{
    counts *c = user;
    size_t n = dg_space_vector_size(si->space);
    for (int k = 0; k < 2; k++) {
        double *v = random_vector(si, &c->rng, -3, 4), *cl = malloc(n * sizeof *cl);
        for (size_t i = 0; i < n && cl; i++) {
            if (rng_unit(&c->rng) < 0.05)
                v[i] = rng_unit(&c->rng) < 0.5 ? -INFINITY : INFINITY;
            cl[i] = v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i];
        }
        dg_genome *a = NULL, *b = NULL;
        DG_ASSERT_OK(dg_genome_create(&a, si->space));
        DG_ASSERT_OK(dg_genome_create(&b, si->space));
        DG_ASSERT_OK(dg_genome_from_vector(a, v, n));
        DG_ASSERT_OK(dg_genome_from_vector(b, cl, n));
        int bad = check_valid(si, a) + !dg_genome_equal(a, b);

        /* NaN anywhere fails and leaves the genome as it was. */
        char *before = snapshot(a);
        v[rng_range(&c->rng, 0, (int64_t)n - 1)] = NAN;
        DG_ASSERT_RC(dg_genome_from_vector(a, v, n), DG_EINVAL);
        DG_ASSERT_RC(dg_genome_from_vector(a, cl, n - 1), DG_EINVAL); /* wrong length */
        DG_ASSERT_RC(dg_genome_from_vector(a, NULL, n), DG_EINVAL);
        char *after = snapshot(a);
        bad += !(before && after && strcmp(before, after) == 0);
        free(before);
        free(after);
        if (bad)
            c->failures++;
        free(v);
        free(cl);
        dg_genome_destroy(a);
        dg_genome_destroy(b);
    }
}

static void test_from_vector_clamps_and_nan(void)
{
    counts c = {.rng = 4242};
    for_each_space(clamp_fn, &c);
    CU_ASSERT_EQUAL(c.failures, 0);
}

/* ---- decode ------------------------------------------------------------------------ */

static int64_t layer_dim(const dg_layer *ly, int dim)
{
    switch (dim) {
    case DG_DIM_N: return ly->n;
    case DG_DIM_K: return ly->k;
    case DG_DIM_C: return ly->c;
    case DG_DIM_Y: return ly->y + 2 * ly->pad_y; /* input-centric: strided layers, padding included */
    case DG_DIM_X: return ly->x + 2 * ly->pad_x;
    case DG_DIM_R: return ly->r;
    case DG_DIM_S: return ly->s;
    case DG_DIM_YO: return ly->out_y;
    case DG_DIM_XO: return ly->out_x;
    default: return -1;
    }
}

static int check_decode(const sinfo *si, const dg_genome *g)
{
    int errors = 0;
    const int L = dg_genome_num_levels(g);
    for (size_t i = 0; i < si->num_layers; i++) {
        const dg_layer *ly = &si->layers[i];
        size_t h = si->opt.scope == DG_SCOPE_PER_LAYER ? i : 0;
        dg_hw hw = {.struct_size = sizeof hw};
        dg_mapping m = {.struct_size = sizeof m};
        int rc = dg_genome_decode(g, i, &hw, &m);
        if (rc) {
            report(&errors, si, "decode layer %ld failed: %ld%ld", (long)i, rc, 0);
            continue;
        }
        if ((int)m.num_levels != L)
            report(&errors, si, "layer %ld: %ld mapping levels, genome has %ld", (long)i, (long)m.num_levels, L);
        if (hw.num_pes != dg_genome_num_pes(g, h))
            report(&errors, si, "layer %ld: hw.num_pes %ld != %ld", (long)i, (long)hw.num_pes,
                   (long)dg_genome_num_pes(g, h));
        int64_t prev[DG_DIM_COUNT];
        for (int d = 0; d < DG_DIM_COUNT; d++)
            prev[d] = layer_dim(ly, d);
        for (int l = 0; l < (int)m.num_levels && l < DG_MAX_LEVELS; l++) {
            const dg_mapping_level *ml = &m.levels[l];
            if (l > 0 && ml->cluster_size != dg_genome_cluster(g, h, l))
                report(&errors, si, "layer %ld level %ld: cluster size %ld", (long)i, l, (long)ml->cluster_size);
            int spatial = 0, has_k = 0;
            unsigned seen = 0;
            int64_t cur[DG_DIM_COUNT];
            memcpy(cur, prev, sizeof cur);
            for (uint32_t k = 0; k < ml->num_directives; k++) {
                const dg_directive *dr = &ml->directives[k];
                int64_t dim = layer_dim(ly, dr->dim);
                if (dr->size < 1 || dr->size > dim || dr->offset < 1)
                    report(&errors, si, "layer %ld level %ld: directive size %ld", (long)i, l, (long)dr->size);
                if (dr->size > prev[dr->dim] && dr->dim != DG_DIM_R)
                    report(&errors, si, "layer %ld level %ld: size %ld above the outer level's", (long)i, l,
                           (long)dr->size);
                if (dr->kind == DG_SPATIAL)
                    spatial++;
                if (dr->dim == DG_DIM_K)
                    has_k = 1;
                if (dr->dim >= 0 && dr->dim < DG_DIM_COUNT) {
                    if (seen & (1u << dr->dim))
                        report(&errors, si, "layer %ld level %ld: dim %ld twice", (long)i, l, dr->dim);
                    seen |= 1u << dr->dim;
                    cur[dr->dim] = dr->size;
                }
            }
            memcpy(prev, cur, sizeof prev);
            const int eye_inner = si->opt.dataflow == DG_DATAFLOW_EYE && l == L - 1;
            if (spatial != (eye_inner ? 2 : 1))
                report(&errors, si, "layer %ld level %ld: %ld spatial directives", (long)i, l, spatial);
            if (ly->type == DG_LAYER_DWCONV && has_k)
                report(&errors, si, "depthwise layer %ld level %ld has a K directive", (long)i, l, 0);
            uint32_t want = ly->type == DG_LAYER_DWCONV ? 5 : 6;
            if (ml->num_directives != want)
                report(&errors, si, "layer %ld level %ld: %ld directives", (long)i, l, (long)ml->num_directives);
        }
    }
    return errors;
}

static void decode_fn(sinfo *si, void *user)
{
    counts *c = user;
    for (int k = 0; k < 3; k++) {
        dg_genome *g = random_genome(si, &c->rng);
        if (check_decode(si, g))
            c->failures++;
        c->genomes++;
        dg_genome_destroy(g);
    }
}

static void test_decode(void)
{
    counts c = {.rng = 77};
    for_each_space(decode_fn, &c);
    CU_ASSERT_EQUAL(c.failures, 0);
}

/* A small workload whose genomes can be written by hand. */
static dg_space *small_space(int min_levels, int max_levels, int dataflow)
{
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_space *sp = NULL;
    DG_ASSERT_OK(dg_workload_create(&w, "small"));
    DG_ASSERT_OK(dg_workload_add_conv(w, "conv", 1, 8, 4, 10, 10, 3, 3, 1, 1)); /* out 10x10 */
    DG_ASSERT_OK(dg_workload_add_dwconv(w, "dw", 1, 8, 10, 10, 3, 3, 2, 1));    /* out 5x5 */
    DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
    dg_space_options o;
    dg_space_options_init(&o);
    o.min_levels = min_levels;
    o.max_levels = max_levels;
    o.dataflow = dataflow;
    DG_ASSERT_OK(dg_space_create(&sp, w, b, &o));
    dg_workload_destroy(w);
    dg_budget_destroy(b);
    return sp;
}

static void test_decode_bad_args(void)
{
    dg_space *sp = small_space(2, 2, DG_DATAFLOW_FREE);
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, sp));
    dg_hw hw = {.struct_size = sizeof hw};
    dg_mapping m = {.struct_size = sizeof m};
    DG_ASSERT_OK(dg_genome_decode(g, 1, &hw, &m));
    DG_ASSERT_RC(dg_genome_decode(g, 2, &hw, &m), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_decode(NULL, 0, &hw, &m), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_decode(g, 0, NULL, &m), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_decode(g, 0, &hw, NULL), DG_EINVAL);
    hw.struct_size = 4;
    DG_ASSERT_RC(dg_genome_decode(g, 0, &hw, &m), DG_EINVAL);
    dg_genome_destroy(g);
    dg_space_destroy(sp);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void json_fn(sinfo *si, void *user)
{
    counts *c = user;
    for (int k = 0; k < 2; k++) {
        dg_genome *g = random_genome(si, &c->rng), *h = NULL;
        random_writes(si, g, &c->rng, 5);
        DG_ASSERT_OK(dg_genome_repair(g));
        char *text = snapshot(g);
        if (!text)
            continue;
        DG_ASSERT_OK(dg_genome_from_json(&h, si->space, text, strlen(text)));
        if (!h || !dg_genome_equal(g, h)) {
            c->failures++;
        } else {
            char *again = snapshot(h); /* every slot survives, used or not */
            if (!again || strcmp(again, text) != 0)
                c->failures++;
            free(again);
        }
        free(text);
        dg_genome_destroy(g);
        dg_genome_destroy(h);
    }
}

static void test_json_roundtrip(void)
{
    counts c = {.rng = 31337};
    for_each_space(json_fn, &c);
    CU_ASSERT_EQUAL(c.failures, 0);
}

static void test_json_sizing(void)
{
    dg_space *sp = small_space(2, 3, DG_DATAFLOW_FREE);
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, sp));
    size_t need = 0, need2 = 0;
    DG_ASSERT_RC(dg_genome_to_json(g, NULL, 0, &need), DG_ERANGE);
    CU_ASSERT(need > 50);
    char *buf = malloc(need + 1);
    memset(buf, 'x', need + 1);
    DG_ASSERT_RC(dg_genome_to_json(g, buf, need, &need2), DG_ERANGE); /* no room for the NUL */
    CU_ASSERT_EQUAL(need2, need);
    CU_ASSERT_EQUAL(strlen(buf), need - 1); /* truncated but terminated */
    DG_ASSERT_RC(dg_genome_to_json(g, buf, 10, NULL), DG_ERANGE);
    CU_ASSERT_EQUAL(strlen(buf), 9);
    DG_ASSERT_OK(dg_genome_to_json(g, buf, need + 1, &need2));
    CU_ASSERT_EQUAL(need2, need);
    CU_ASSERT_EQUAL(strlen(buf), need);
    DG_ASSERT_RC(dg_genome_to_json(NULL, buf, need + 1, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_to_json(g, NULL, 5, NULL), DG_EINVAL);
    free(buf);
    dg_genome_destroy(g);
    dg_space_destroy(sp);
}

/* A valid hand-written genome of small_space(2, 3, FREE). */
#define LV(par, par2, order, k, c, y, x, r, s)                                                             \
    "{\"par\": \"" par "\", \"par2\": \"" par2 "\", \"order\": \"" order "\", \"tiles\": [" #k ", " #c ", " #y \
    ", " #x ", " #r ", " #s "]}"
#define UNIT0 "[" LV("K", "", "KCYXRS", 8, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " \
              LV("K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "]"
#define UNIT1 "[" LV("Y", "", "YXKCRS", 8, 1, 5, 5, 3, 3) ", " LV("X", "", "XYKCRS", 4, 1, 1, 5, 3, 3) ", " \
              LV("K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "]"
#define GENOME(levels, hw, units) \
    "{\"format\": \"digamma-genome\", \"version\": 1, \"levels\": " levels ", \"hw\": [" hw "], \"units\": [" units "]}"
static const char good_json[] = GENOME("2", "[4, 16, 1]", UNIT0 ", " UNIT1);

static void test_json_hand_written(void)
{
    dg_space *sp = small_space(2, 3, DG_DATAFLOW_FREE);
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_from_json(&g, sp, good_json, strlen(good_json)));
    if (!g) {
        dg_space_destroy(sp);
        return;
    }
    CU_ASSERT_EQUAL(dg_genome_num_levels(g), 2);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 0), 4);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 1), 16);
    CU_ASSERT_EQUAL(dg_genome_num_pes(g, 0), 64);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_Y), 5);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 1, DG_DIM_X), 2);
    CU_ASSERT_EQUAL(dg_genome_parallel_dim(g, 0, 1), DG_DIM_C);
    CU_ASSERT_EQUAL(dg_genome_parallel_dim(g, 1, 0), DG_DIM_Y);
    int order[6];
    DG_ASSERT_OK(dg_genome_order(g, 1, 0, order));
    CU_ASSERT(order[0] == DG_DIM_Y && order[1] == DG_DIM_X && order[2] == DG_DIM_K && order[5] == DG_DIM_S);
    /* The decoded depthwise layer (unit 1): no K loop, Y' spatial at the top. */
    dg_hw hw = {.struct_size = sizeof hw};
    dg_mapping m = {.struct_size = sizeof m};
    DG_ASSERT_OK(dg_genome_decode(g, 1, &hw, &m));
    CU_ASSERT_EQUAL(hw.num_pes, 64);
    CU_ASSERT_EQUAL(m.num_levels, 2);
    CU_ASSERT_EQUAL(m.levels[1].cluster_size, 16);
    CU_ASSERT_EQUAL(m.levels[0].num_directives, 5);
    CU_ASSERT_EQUAL(m.levels[0].directives[0].kind, DG_SPATIAL);
    dg_layer ly = {.struct_size = sizeof ly};
    DG_ASSERT_OK(dg_workload_layer(dg_space_workload(sp), 1, &ly));
    if (ly.stride_y == 1) { /* 5 output rows, MAESTRO's Y' */
        CU_ASSERT_EQUAL(m.levels[0].directives[0].dim, DG_DIM_YO);
        CU_ASSERT_EQUAL(m.levels[0].directives[0].size, 5);
    } else { /* strided: the input window of 5 output rows, advancing 5 strides */
        CU_ASSERT_EQUAL(m.levels[0].directives[0].dim, DG_DIM_Y);
        CU_ASSERT_EQUAL(m.levels[0].directives[0].size, 4 * ly.stride_y + ly.r);
        CU_ASSERT_EQUAL(m.levels[0].directives[0].offset, 5 * ly.stride_y);
    }
    dg_genome_destroy(g);
    dg_space_destroy(sp);
}

static void expect_parse_error(const dg_space *sp, const char *what, const char *text, size_t len)
{
    dg_genome *sentinel = (dg_genome *)(uintptr_t)0x1234, *g = sentinel;
    int rc = dg_genome_from_json(&g, sp, text, len);
    if (rc != DG_EPARSE)
        fprintf(stderr, "  malformed genome JSON (%s): rc %d, want DG_EPARSE\n", what, rc);
    CU_ASSERT_EQUAL(rc, DG_EPARSE);
    CU_ASSERT_PTR_EQUAL(g, sentinel);
    if (rc == DG_OK && g != sentinel)
        dg_genome_destroy(g);
    if (rc == DG_EPARSE) {
        CU_ASSERT(dg_last_error()->message[0] != '\0');
    }
}

#define BAD(what, text) expect_parse_error(sp, what, text, strlen(text))

static void test_json_malformed(void)
{
    dg_space *sp = small_space(2, 3, DG_DATAFLOW_FREE);
    expect_parse_error(sp, "truncated", good_json, strlen(good_json) / 2);
    expect_parse_error(sp, "truncated by one", good_json, strlen(good_json) - 1);
    expect_parse_error(sp, "empty", good_json, 0);
    BAD("garbage", "hello, world");
    BAD("binary garbage", "\x01\x02\xff\xfe{[");
    BAD("not an object", "[1, 2, 3]");
    BAD("trailing text", GENOME("2", "[4, 16, 1]", UNIT0 ", " UNIT1) " x");
    BAD("wrong format tag",
        "{\"format\": \"gamma-genome\", \"version\": 1, \"levels\": 2, \"hw\": [[4, 16, 1]], \"units\": [" UNIT0
        ", " UNIT1 "]}");
    BAD("missing format", "{\"version\": 1, \"levels\": 2, \"hw\": [[4, 16, 1]], \"units\": [" UNIT0 ", " UNIT1 "]}");
    BAD("wrong version",
        "{\"format\": \"digamma-genome\", \"version\": 2, \"levels\": 2, \"hw\": [[4, 16, 1]], \"units\": [" UNIT0
        ", " UNIT1 "]}");
    BAD("one unit too few", GENOME("2", "[4, 16, 1]", UNIT0));
    BAD("one unit too many", GENOME("2", "[4, 16, 1]", UNIT0 ", " UNIT1 ", " UNIT1));
    BAD("two hw units", GENOME("2", "[4, 16, 1], [4, 16, 1]", UNIT0 ", " UNIT1));
    BAD("levels out of range", GENOME("4", "[4, 16, 1]", UNIT0 ", " UNIT1));
    BAD("levels not a number", GENOME("\"2\"", "[4, 16, 1]", UNIT0 ", " UNIT1));
    BAD("zero cluster", GENOME("2", "[0, 16, 1]", UNIT0 ", " UNIT1));
    BAD("fractional cluster", GENOME("2", "[4.5, 16, 1]", UNIT0 ", " UNIT1));
    BAD("non-permutation order",
        GENOME("2", "[4, 16, 1]",
               "[" LV("K", "", "KCYXRR", 8, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("short order",
        GENOME("2", "[4, 16, 1]",
               "[" LV("K", "", "KCYXR", 8, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("negative tile",
        GENOME("2", "[4, 16, 1]",
               "[" LV("K", "", "KCYXRS", 8, 4, -5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("tile above the layer",
        GENOME("2", "[4, 16, 1]",
               "[" LV("K", "", "KCYXRS", 9, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("partial filter",
        GENOME("2", "[4, 16, 1]",
               "[" LV("K", "", "KCYXRS", 8, 4, 5, 10, 2, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("parallel R in the free style",
        GENOME("2", "[4, 16, 1]",
               "[" LV("R", "", "KCYXRS", 8, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("bad parallel letter",
        GENOME("2", "[4, 16, 1]",
               "[" LV("Q", "", "KCYXRS", 8, 4, 5, 10, 3, 3) ", " LV("C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV(
                   "K", "", "KCYXRS", 1, 1, 1, 1, 3, 3) "], " UNIT1));
    BAD("five tiles", GENOME("2", "[4, 16, 1]",
                             "[{\"par\": \"K\", \"par2\": \"\", \"order\": \"KCYXRS\", \"tiles\": [8, 4, 5, 10, 3]}, " LV(
                                 "C", "", "CKYXRS", 2, 4, 1, 2, 3, 3) ", " LV("K", "", "KCYXRS", 1, 1, 1, 1, 3,
                                                                              3) "], " UNIT1));
    BAD("PE count above the budget", GENOME("2", "[100000, 100000, 1]", UNIT0 ", " UNIT1));
    /* Deeply nested arrays must not exhaust the stack. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    expect_parse_error(sp, "deeply nested arrays", deep, 2 * depth);
    memcpy(deep, "{\"format\": ", 11);
    expect_parse_error(sp, "deeply nested member", deep, 2 * depth);
    free(deep);
    /* NULL arguments are DG_EINVAL. */
    dg_genome *g = NULL;
    DG_ASSERT_RC(dg_genome_from_json(&g, sp, NULL, 3), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_from_json(&g, NULL, good_json, strlen(good_json)), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_from_json(NULL, sp, good_json, strlen(good_json)), DG_EINVAL);
    CU_ASSERT_PTR_NULL(g);
    dg_space_destroy(sp);
}

/* A genome's JSON only loads into a space of the same shape. */
static void test_json_other_space_refused(void)
{
    dg_workload *r18 = NULL, *mbv2 = NULL;
    dg_budget *b = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&r18, "resnet18"));
    DG_ASSERT_OK(dg_workload_builtin(&mbv2, "mobilenet_v2"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    dg_space *a = NULL, *other = NULL, *one = NULL, *three = NULL;
    DG_ASSERT_OK(dg_space_create(&a, r18, b, NULL));
    DG_ASSERT_OK(dg_space_create(&other, mbv2, b, NULL));
    dg_space_options o;
    dg_space_options_init(&o);
    o.scope = DG_SCOPE_ONE_MAPPING;
    DG_ASSERT_OK(dg_space_create(&one, r18, b, &o));
    dg_space_options_init(&o);
    o.min_levels = o.max_levels = 3;
    DG_ASSERT_OK(dg_space_create(&three, r18, b, &o));

    sinfo si;
    dg_space_options_init(&o);
    sinfo_init(&si, a, "resnet18", B_EDGE, &o);
    uint64_t rng = 5;
    dg_genome *g = random_genome(&si, &rng);
    char *text = snapshot(g);
    expect_parse_error(other, "another workload", text, strlen(text));
    expect_parse_error(one, "another scope", text, strlen(text));
    expect_parse_error(three, "another level range", text, strlen(text));
    dg_genome *h = NULL;
    DG_ASSERT_OK(dg_genome_from_json(&h, a, text, strlen(text)));
    CU_ASSERT(dg_genome_equal(g, h));
    /* Genomes of different spaces are never equal and cannot be copied. */
    dg_genome *x = NULL;
    DG_ASSERT_OK(dg_genome_create(&x, other));
    CU_ASSERT_FALSE(dg_genome_equal(g, x));
    DG_ASSERT_RC(dg_genome_copy(x, g), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(dg_genome_space(x), other);
    dg_genome_destroy(x);
    dg_genome_destroy(h);
    dg_genome_destroy(g);
    free(text);
    sinfo_free(&si);
    dg_space_destroy(a);
    dg_space_destroy(other);
    dg_space_destroy(one);
    dg_space_destroy(three);
    dg_budget_destroy(b);
    dg_workload_destroy(r18);
    dg_workload_destroy(mbv2);
}

/* ---- accessors ---------------------------------------------------------------------------- */

static void test_accessors_roundtrip(void)
{
    dg_space *sp = small_space(2, 3, DG_DATAFLOW_FREE);
    dg_genome *g = NULL, *c = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, sp));
    CU_ASSERT_PTR_EQUAL(dg_genome_space(g), sp);
    CU_ASSERT_EQUAL(dg_space_num_units(sp), 2);
    CU_ASSERT_EQUAL(dg_space_num_hw_units(sp), 1);
    /* A fresh genome: the smallest hardware, unit tiles, whole filters. */
    CU_ASSERT_EQUAL(dg_genome_num_levels(g), 2);
    CU_ASSERT_EQUAL(dg_genome_num_pes(g, 0), 1);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_K), 1);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_R), 3);

    DG_ASSERT_OK(dg_genome_set_num_levels(g, 3));
    CU_ASSERT_EQUAL(dg_genome_num_levels(g), 3);
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 0, 4));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 1, 5));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 2, 6));
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 0), 4);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 1), 5);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 2), 6);
    CU_ASSERT_EQUAL(dg_genome_num_pes(g, 0), 120);
    DG_ASSERT_OK(dg_genome_set_tile(g, 0, 0, DG_DIM_K, 8));
    DG_ASSERT_OK(dg_genome_set_tile(g, 0, 0, DG_DIM_C, 3));
    DG_ASSERT_OK(dg_genome_set_tile(g, 0, 1, DG_DIM_K, 2));
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_K), 8);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_C), 3);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 1, DG_DIM_K), 2);
    for (int d = DG_DIM_K; d <= DG_DIM_X; d++) {
        DG_ASSERT_OK(dg_genome_set_parallel_dim(g, 1, 2, d));
        CU_ASSERT_EQUAL(dg_genome_parallel_dim(g, 1, 2), d);
    }
    const int order[6] = {DG_DIM_S, DG_DIM_R, DG_DIM_X, DG_DIM_Y, DG_DIM_C, DG_DIM_K};
    int got[6];
    DG_ASSERT_OK(dg_genome_set_order(g, 1, 1, order));
    DG_ASSERT_OK(dg_genome_order(g, 1, 1, got));
    CU_ASSERT(memcmp(order, got, sizeof got) == 0);
    /* Valid values: repair keeps them. */
    DG_ASSERT_OK(dg_genome_clone(&c, g));
    DG_ASSERT_OK(dg_genome_repair(g));
    CU_ASSERT(dg_genome_equal(g, c));
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_C), 3);
    /* Over-large values: repair clamps them. */
    DG_ASSERT_OK(dg_genome_set_tile(g, 0, 1, DG_DIM_C, 1000));
    DG_ASSERT_OK(dg_genome_repair(g));
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 1, DG_DIM_C), 3); /* its parent's tile */
    /* Aging drops the innermost level, growing adds one with unit tiles. */
    DG_ASSERT_OK(dg_genome_set_num_levels(g, 2));
    CU_ASSERT_EQUAL(dg_genome_num_levels(g), 2);
    CU_ASSERT_EQUAL(dg_genome_num_pes(g, 0), 20);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 2), 0); /* no such level now */
    DG_ASSERT_OK(dg_genome_set_num_levels(g, 3));
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 2), 1);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 2, DG_DIM_K), 1);
    /* copy */
    DG_ASSERT_OK(dg_genome_copy(c, g));
    CU_ASSERT(dg_genome_equal(c, g));
    DG_ASSERT_OK(dg_genome_copy(g, g));
    DG_ASSERT_RC(dg_genome_copy(NULL, g), DG_EINVAL);
    CU_ASSERT_FALSE(dg_genome_equal(NULL, g));
    dg_genome_destroy(g);
    dg_genome_destroy(c);
    dg_genome_destroy(NULL);
    dg_space_destroy(sp);
}

static void test_accessors_bad_args(void)
{
    dg_space *sp = small_space(2, 3, DG_DATAFLOW_FREE);
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, sp));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 0, 4));
    DG_ASSERT_OK(dg_genome_set_tile(g, 0, 0, DG_DIM_K, 4));
    char *before = snapshot(g);
    const int order[6] = {DG_DIM_K, DG_DIM_C, DG_DIM_Y, DG_DIM_X, DG_DIM_R, DG_DIM_S};
    const int dup[6] = {DG_DIM_K, DG_DIM_K, DG_DIM_Y, DG_DIM_X, DG_DIM_R, DG_DIM_S};
    const int with_n[6] = {DG_DIM_N, DG_DIM_C, DG_DIM_Y, DG_DIM_X, DG_DIM_R, DG_DIM_S};
    int got[6] = {0};

    /* NULL genome */
    DG_ASSERT_RC(dg_genome_set_tile(NULL, 0, 0, DG_DIM_K, 2), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(NULL, 0, 0, DG_DIM_K), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_order(NULL, 0, 0, order), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_order(NULL, 0, 0, got), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_num_levels(NULL, 2), DG_EINVAL);
    CU_ASSERT_NOT_EQUAL(dg_genome_set_cluster(NULL, 0, 0, 2), DG_OK);
    CU_ASSERT_EQUAL(dg_genome_tile(NULL, 0, 0, DG_DIM_K), 0);
    CU_ASSERT_EQUAL(dg_genome_cluster(NULL, 0, 0), 0);
    CU_ASSERT_EQUAL(dg_genome_num_pes(NULL, 0), 0);
    CU_ASSERT_EQUAL(dg_genome_num_levels(NULL), 0);
    CU_ASSERT(dg_genome_parallel_dim(NULL, 0, 0) < 0);
    CU_ASSERT_PTR_NULL(dg_genome_space(NULL));
    dg_genome *c = (dg_genome *)(uintptr_t)0x99;
    DG_ASSERT_RC(dg_genome_clone(&c, NULL), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(c, (dg_genome *)(uintptr_t)0x99);
    DG_ASSERT_RC(dg_genome_create(NULL, sp), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_create(&c, NULL), DG_EINVAL);

    /* out-of-range unit / level (the genome has 2 levels of a 2..3 space) */
    DG_ASSERT_RC(dg_genome_set_tile(g, 2, 0, DG_DIM_K, 2), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 2, DG_DIM_K, 2), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, -1, DG_DIM_K, 2), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(g, 5, 0, DG_DIM_K), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(g, 0, 7, DG_DIM_K), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_order(g, 9, 0, order), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_order(g, 0, 3, order), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_order(g, 0, 2, got), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_cluster(g, 1, 0, 2), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_cluster(g, 0, 2, 2), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_num_levels(g, 4), DG_ERANGE);
    DG_ASSERT_RC(dg_genome_set_num_levels(g, 1), DG_ERANGE);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 2, 0, DG_DIM_K), 0);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 2, DG_DIM_K), 0);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 1, 0), 0);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, -1), 0);
    CU_ASSERT_EQUAL(dg_genome_num_pes(g, 1), 0);
    CU_ASSERT(dg_genome_parallel_dim(g, 0, 2) < 0);

    /* bad dimensions and values */
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 0, DG_DIM_N, 2), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 0, DG_DIM_YO, 2), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 0, -3, 2), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 0, DG_DIM_K, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_tile(g, 0, 0, DG_DIM_K, INT64_MIN), DG_EINVAL);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_N), 0);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, 42), 0);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(g, 0, 0, DG_DIM_R), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(g, 0, 0, DG_DIM_N), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_parallel_dim(g, 0, 0, 100), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_order(g, 0, 0, dup), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_order(g, 0, 0, with_n), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_order(g, 0, 0, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_order(g, 0, 0, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_cluster(g, 0, 0, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_set_cluster(g, 0, 0, -7), DG_EINVAL);

    char *after = snapshot(g);
    CU_ASSERT(before && after && strcmp(before, after) == 0);
    CU_ASSERT_EQUAL(dg_genome_cluster(g, 0, 0), 4);
    CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_K), 4);
    free(before);
    free(after);

    /* vector view: bad lengths and NULLs */
    size_t n = dg_space_vector_size(sp);
    double *v = calloc(n + 1, sizeof *v);
    DG_ASSERT_RC(dg_genome_to_vector(g, v, n + 1), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_to_vector(g, NULL, n), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_to_vector(NULL, v, n), DG_EINVAL);
    DG_ASSERT_RC(dg_genome_from_vector(NULL, v, n), DG_EINVAL);
    free(v);
    CU_ASSERT_EQUAL(dg_space_vector_size(NULL), 0);
    CU_ASSERT_EQUAL(dg_space_num_units(NULL), 0);
    CU_ASSERT_PTR_NULL(dg_space_workload(NULL));
    dg_genome_destroy(g);
    dg_space_destroy(sp);
}

static void test_space_create_errors(void)
{
    dg_workload *w = NULL, *empty = NULL;
    dg_budget *b = NULL, *tiny = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, "ncf"));
    DG_ASSERT_OK(dg_workload_create(&empty, "empty"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_budget_create(&tiny, 0.0002)); /* 200 µm²: less than one PE */
    dg_space *sentinel = (dg_space *)(uintptr_t)0x55, *sp = sentinel;
    dg_space_options o;
    DG_ASSERT_RC(dg_space_create(&sp, empty, b, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_space_create(&sp, w, tiny, NULL), DG_EINFEASIBLE);
    DG_ASSERT_RC(dg_space_create(&sp, NULL, b, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_space_create(&sp, w, NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_space_create(NULL, w, b, NULL), DG_EINVAL);
    dg_space_options_init(&o);
    o.min_levels = 1;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    dg_space_options_init(&o);
    o.max_levels = 4;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    dg_space_options_init(&o);
    o.min_levels = 3;
    o.max_levels = 2;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    dg_space_options_init(&o);
    o.scope = 3;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    dg_space_options_init(&o);
    o.dataflow = 4;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    dg_space_options_init(&o);
    o.max_pes = 0;
    DG_ASSERT_RC(dg_space_create(&sp, w, b, &o), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(sp, sentinel);
    /* max_pes bounds the PE count */
    dg_space_options_init(&o);
    o.max_pes = 37;
    DG_ASSERT_OK(dg_space_create(&sp, w, b, &o));
    CU_ASSERT_EQUAL(dg_space_max_pes(sp), 37);
    CU_ASSERT_EQUAL(dg_space_num_units(sp), dg_workload_num_unique(w));
    dg_space_destroy(sp);
    dg_space_destroy(NULL);
    dg_budget_destroy(b);
    dg_budget_destroy(tiny);
    dg_workload_destroy(w);
    dg_workload_destroy(empty);
}

/* The PE count of an unrepaired genome must not overflow: set_cluster
 * refuses sizes above the space's bound, and the product saturates. */
static void test_num_pes_unrepaired_no_overflow(void)
{
    dg_space *sp = small_space(2, 2, DG_DATAFLOW_FREE);
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_genome_create(&g, sp));
    int rc = dg_genome_set_cluster(g, 0, 0, INT64_MAX / 2);
    CU_ASSERT(rc == DG_OK || rc == DG_ERANGE);
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 1, 4));
    CU_ASSERT(dg_genome_num_pes(g, 0) >= 1);
    dg_hw hw = {.struct_size = sizeof hw};
    dg_mapping m = {.struct_size = sizeof m};
    if (dg_genome_decode(g, 0, &hw, &m) == DG_OK)
        CU_ASSERT(hw.num_pes >= 1);
    int64_t max = dg_space_max_pes(sp);
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 0, max));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 1, max));
    CU_ASSERT(dg_genome_num_pes(g, 0) >= max);
    dg_genome_destroy(g);
    dg_space_destroy(sp);
}

/* ---- the dataflow styles ----------------------------------------------------------------- */

static void test_dataflow_styles_hand_checked(void)
{
    static const struct {
        int style, top, inner;
    } cases[] = {
        {DG_DATAFLOW_DLA, DG_DIM_K, DG_DIM_C},
        {DG_DATAFLOW_SHI, DG_DIM_Y, DG_DIM_X},
        {DG_DATAFLOW_EYE, DG_DIM_Y, DG_DIM_R},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int levels = 2; levels <= 3; levels++) {
            dg_space *sp = small_space(levels, levels, cases[i].style);
            dg_genome *g = NULL;
            DG_ASSERT_OK(dg_genome_create(&g, sp));
            /* Try to override the style, then repair. */
            for (int l = 0; l < levels; l++) {
                DG_ASSERT_OK(dg_genome_set_parallel_dim(g, 0, l, DG_DIM_X));
                DG_ASSERT_OK(dg_genome_set_parallel_dim(g, 1, l, DG_DIM_K));
            }
            DG_ASSERT_OK(dg_genome_repair(g));
            for (size_t u = 0; u < 2; u++) {
                CU_ASSERT_EQUAL(dg_genome_parallel_dim(g, u, 0), cases[i].top);
                CU_ASSERT_EQUAL(dg_genome_parallel_dim(g, u, levels - 1), cases[i].inner);
            }
            /* Eyeriss: one filter row per PE, output rows spatial with it. */
            if (cases[i].style == DG_DATAFLOW_EYE) {
                CU_ASSERT_EQUAL(dg_genome_tile(g, 0, levels - 1, DG_DIM_R), 1);
                CU_ASSERT_EQUAL(dg_genome_tile(g, 0, 0, DG_DIM_R), 3);
                dg_hw hw = {.struct_size = sizeof hw};
                dg_mapping m = {.struct_size = sizeof m};
                DG_ASSERT_OK(dg_genome_decode(g, 0, &hw, &m));
                int spatial_r = 0, spatial_y = 0;
                const dg_mapping_level *ml = &m.levels[levels - 1];
                for (uint32_t k = 0; k < ml->num_directives; k++) {
                    if (ml->directives[k].kind != DG_SPATIAL)
                        continue;
                    spatial_r += ml->directives[k].dim == DG_DIM_R;
                    spatial_y += ml->directives[k].dim == DG_DIM_YO;
                }
                CU_ASSERT(spatial_r == 1 && spatial_y == 1);
            }
            dg_genome_destroy(g);
            dg_space_destroy(sp);
        }
}

/* ---- the GA's operators keep genomes valid ----------------------------------------------- */

typedef struct ga_probe {
    void *inner; /* the built-in GA's state */
    long asked, invalid;
    long levels_seen[4];
} ga_probe;

typedef struct probe_stats {
    long asked, invalid, levels_seen[4];
    long destroyed;
} probe_stats;

static int probe_create(void **state, const dg_optimizer_context *ctx)
{
    ga_probe *p = calloc(1, sizeof *p);
    if (!p)
        return dg_error_set(DG_ENOMEM, "probe: out of memory");
    int rc = dg_optimizer_ops_digamma()->create(&p->inner, ctx);
    if (rc) {
        free(p);
        return rc;
    }
    *state = p;
    return DG_OK;
}

static probe_stats *g_probe_stats; /* set by the test for the duration of one run */

static void probe_destroy(void *state)
{
    ga_probe *p = state;
    if (!p)
        return;
    if (g_probe_stats) {
        g_probe_stats->asked += p->asked;
        g_probe_stats->invalid += p->invalid;
        for (int i = 0; i < 4; i++)
            g_probe_stats->levels_seen[i] += p->levels_seen[i];
        g_probe_stats->destroyed++;
    }
    dg_optimizer_ops_digamma()->destroy(p->inner);
    free(p);
}

static int probe_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    ga_probe *p = state;
    int rc = dg_optimizer_ops_digamma()->ask(p->inner, batch, capacity, count);
    if (rc)
        return rc;
    /* Before the framework repairs them: every candidate must already be valid. */
    for (size_t i = 0; i < *count; i++) {
        p->asked++;
        int l = dg_genome_num_levels(batch[i]);
        if (l >= 0 && l < 4)
            p->levels_seen[l]++;
        if (!repair_is_noop(batch[i]))
            p->invalid++;
    }
    return DG_OK;
}

static int probe_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    ga_probe *p = state;
    return dg_optimizer_ops_digamma()->tell(p->inner, batch, fitness, count);
}

static void run_probe(const char *model, const char *platform, int min_levels, int max_levels, int dataflow,
                      int64_t samples, probe_stats *st)
{
    const dg_optimizer_ops *ga = dg_optimizer_ops_digamma();
    dg_optimizer_ops ops = DG_OPTIMIZER_OPS_INIT;
    ops.name = "ga-probe";
    ops.params = ga->params; /* the GA reads its parameters from the context */
    ops.num_params = ga->num_params;
    ops.create = probe_create;
    ops.destroy = probe_destroy;
    ops.ask = probe_ask;
    ops.tell = probe_tell;

    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    dg_search *s = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, model));
    DG_ASSERT_OK(dg_budget_create_preset(&b, platform));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create(&opt, &ops, NULL, NULL));
    dg_space_options o;
    dg_space_options_init(&o);
    o.min_levels = min_levels;
    o.max_levels = max_levels;
    o.dataflow = dataflow;
    DG_ASSERT_OK(dg_search_create(&s, w, b, cm, opt, &o));
    DG_ASSERT_OK(dg_search_set_samples(s, samples));
    DG_ASSERT_OK(dg_search_set_seed(s, 2024));
    g_probe_stats = st;
    DG_ASSERT_OK(dg_search_run(s));
    g_probe_stats = NULL;
    dg_search_stats stats = {.struct_size = sizeof stats};
    DG_ASSERT_OK(dg_search_stats_get(s, &stats));
    CU_ASSERT_EQUAL(stats.samples, samples);
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
}

static void test_ga_operators_keep_validity(void)
{
    probe_stats st = {0};
    run_probe("resnet18", "edge", 2, 3, DG_DATAFLOW_FREE, 2000, &st);
    CU_ASSERT_EQUAL(st.destroyed, 1);
    CU_ASSERT(st.asked >= 2000);
    if (st.invalid)
        fprintf(stderr, "  %ld of %ld GA candidates needed repair\n", st.invalid, st.asked);
    CU_ASSERT_EQUAL(st.invalid, 0);
    /* grow/aging ran: both level counts were proposed */
    CU_ASSERT(st.levels_seen[2] > 0);
    CU_ASSERT(st.levels_seen[3] > 0);
    CU_ASSERT_EQUAL(st.levels_seen[0] + st.levels_seen[1], 0);

    /* The fixed styles too (fewer samples). */
    for (int df = DG_DATAFLOW_DLA; df <= DG_DATAFLOW_EYE; df++) {
        probe_stats s2 = {0};
        run_probe("mobilenet_v2", "edge", 2, 3, df, 300, &s2);
        CU_ASSERT_EQUAL(s2.invalid, 0);
    }
}

static CU_TestInfo tests[] = {
    {"encode/decode: from_vector(to_vector(g)) == g", test_vector_roundtrip},
    {"vector view lies in [0,1]^n", test_vector_in_unit_cube},
    {"num_pes of an unrepaired genome does not overflow", test_num_pes_unrepaired_no_overflow},
    {"repair: valid and idempotent after arbitrary writes", test_repair_valid_and_idempotent},
    {"from_vector clamps; NaN fails and changes nothing", test_from_vector_clamps_and_nan},
    {"decode: levels, clusters, PEs, directive sizes, spatial maps", test_decode},
    {"decode: bad arguments", test_decode_bad_args},
    {"JSON round trip", test_json_roundtrip},
    {"JSON snprintf-style sizing", test_json_sizing},
    {"JSON hand-written genome", test_json_hand_written},
    {"JSON malformed input is DG_EPARSE", test_json_malformed},
    {"JSON of another space refused", test_json_other_space_refused},
    {"accessors: set/get round trips", test_accessors_roundtrip},
    {"accessors: bad arguments change nothing", test_accessors_bad_args},
    {"space: creation errors", test_space_create_errors},
    {"dataflow styles after repair", test_dataflow_styles_hand_checked},
    {"GA operators keep genomes valid", test_ga_operators_keep_validity},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(genome, tests)
