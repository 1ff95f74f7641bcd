/*
 * test_baselines.c: the paper's baseline optimizers (stdga, pso, tbpsa,
 * oneplusone, de, portfolio, cma) through the public API only: their
 * parameter tables carry nevergrad 0.4.2's defaults, and each one runs a
 * small co-optimization (ncf on the edge budget) to a feasible design with
 * the exact sampling budget, the same result for the same seed whatever the
 * thread count, and a best design better than its first sample. Their math
 * is tested on textbook functions in unit_baselines.c.
 */
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const baselines[] = {"stdga", "pso", "tbpsa", "oneplusone", "de", "portfolio", "cma"};
#define NUM_BASELINES (sizeof baselines / sizeof baselines[0])

/* ---- registry and parameters ------------------------------------------------------------- */

static double param(const char *optimizer, const char *key)
{
    dg_optimizer *o = NULL;
    double v = NAN;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&o, optimizer));
    if (o)
        DG_ASSERT_OK(dg_optimizer_get_double(o, key, &v));
    dg_optimizer_destroy(o);
    return v;
}

static void test_registered(void)
{
    for (size_t i = 0; i < NUM_BASELINES; i++) {
        const dg_optimizer_ops *ops = dg_optimizer_ops_find(baselines[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_STRING_EQUAL(ops->name, baselines[i]);
        /* `digamma optimizers` prints the description: one informative line. */
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops->description);
        CU_ASSERT(strlen(ops->description) > 30 && strlen(ops->description) < 120);
        CU_ASSERT_PTR_NULL(strchr(ops->description, '\n'));
        CU_ASSERT(ops->num_params >= 1 && ops->params != NULL);
        for (size_t p = 0; p < ops->num_params; p++)
            CU_ASSERT(ops->params[p].description && !strchr(ops->params[p].description, '\n'));
    }
}

static void test_nevergrad_defaults(void)
{
    /* PSO: 40 particles, SPSO-2011 constants. */
    CU_ASSERT_EQUAL(param("pso", "population"), 40);
    CU_ASSERT_DOUBLE_EQUAL(param("pso", "omega"), 0.5 / log(2.0), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(param("pso", "phip"), 0.5 + log(2.0), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(param("pso", "phig"), 0.5 + log(2.0), 1e-12);
    /* DE: population 30, F1 = F2 = 0.8, CR = 0.5, Gaussian init of scale 1, binomial crossover. */
    CU_ASSERT_EQUAL(param("de", "population"), 30);
    CU_ASSERT_EQUAL(param("de", "f1"), 0.8);
    CU_ASSERT_EQUAL(param("de", "f2"), 0.8);
    CU_ASSERT_EQUAL(param("de", "crossover_rate"), 0.5);
    CU_ASSERT_EQUAL(param("de", "scale"), 1);
    CU_ASSERT_EQUAL(param("de", "two_points"), 0);
    /* (1+1)-ES: sigma 1, x2 / x0.84. */
    CU_ASSERT_EQUAL(param("oneplusone", "sigma"), 1);
    CU_ASSERT_EQUAL(param("oneplusone", "success_factor"), 2);
    CU_ASSERT_EQUAL(param("oneplusone", "failure_factor"), 0.84);
    /* TBPSA: mu = n (0 = automatic), sigma 1. */
    CU_ASSERT_EQUAL(param("tbpsa", "mu"), 0);
    CU_ASSERT_EQUAL(param("tbpsa", "sigma"), 1);
    /* CMA: lambda automatic (4 + 3 ln n), sigma 1, active. */
    CU_ASSERT_EQUAL(param("cma", "popsize"), 0);
    CU_ASSERT_EQUAL(param("cma", "sigma"), 1);
    CU_ASSERT_EQUAL(param("cma", "active"), 1);
    /* Portfolio: nevergrad's small-budget rule; stdga's cGA variant at nevergrad's defaults. */
    CU_ASSERT_EQUAL(param("portfolio", "small_budget"), 12);
    CU_ASSERT_EQUAL(param("stdga", "cga_arity"), 500);
    CU_ASSERT_EQUAL(param("stdga", "cga_lambda"), 40);
    /* Sequential by default, as gamma ran nevergrad (num_workers = 1). */
    CU_ASSERT_EQUAL(param("pso", "workers"), 1);
    CU_ASSERT_EQUAL(param("de", "workers"), 1);
    CU_ASSERT_EQUAL(param("oneplusone", "workers"), 1);
}

/* ---- a built-in behind a recording plug-in ------------------------------------------------- */

/*
 * A user plug-in that forwards to a built-in's ops (the vtables compose) and
 * records what passes: the first sample's score, the largest batch, and
 * whether every proposal was already a valid genome.
 */
typedef struct proxy {
    const dg_optimizer_ops *inner;
    void *state;
    int64_t told;
    double first_score;
    size_t largest_batch;
} proxy;

static int proxy_create(void **state, const dg_optimizer_context *ctx)
{
    proxy *p = ctx->user_data;
    *state = p;
    return p->inner->create(&p->state, ctx);
}

static void proxy_destroy(void *state)
{
    proxy *p = state;
    if (p->inner->destroy)
        p->inner->destroy(p->state);
}

static int proxy_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    proxy *p = state;
    int rc = p->inner->ask(p->state, batch, capacity, count);
    if (rc == DG_OK && *count > p->largest_batch)
        p->largest_batch = *count;
    return rc;
}

static int proxy_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    proxy *p = state;
    if (p->told == 0 && count > 0)
        p->first_score = fitness[0].score;
    p->told += (int64_t)count;
    return p->inner->tell(p->state, batch, fitness, count);
}

typedef struct outcome {
    int rc;
    dg_design d;
    dg_search_stats st;
    char *json;
    proxy px;
} outcome;

static char *genome_json(const dg_genome *g)
{
    size_t need = 0;
    dg_genome_to_json(g, NULL, 0, &need);
    char *buf = malloc(need + 1);
    if (buf)
        DG_ASSERT_OK(dg_genome_to_json(g, buf, need + 1, NULL));
    return buf;
}

/* One search of @p model on edge with built-in @p name behind the proxy; key=value sets a parameter. */
static void run(outcome *out, const char *model, const char *name, int64_t samples, uint64_t seed, int threads,
                const char *key, double value)
{
    memset(out, 0, sizeof *out);
    out->d.struct_size = sizeof out->d;
    out->st.struct_size = sizeof out->st;
    out->rc = -100;
    out->px.inner = dg_optimizer_ops_find(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out->px.inner);
    dg_optimizer_ops ops = *out->px.inner; /* same name and parameter table */
    ops.create = proxy_create;
    ops.destroy = proxy_destroy;
    ops.ask = proxy_ask;
    ops.tell = proxy_tell;
    ops.save = NULL;
    ops.load = NULL;
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    dg_search *s = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, model));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create(&opt, &ops, &out->px, NULL));
    if (opt && key)
        DG_ASSERT_OK(dg_optimizer_set_double(opt, key, value));
    if (w && b && cm && opt)
        DG_ASSERT_OK(dg_search_create(&s, w, b, cm, opt, NULL));
    if (s) {
        DG_ASSERT_OK(dg_search_set_samples(s, samples));
        DG_ASSERT_OK(dg_search_set_seed(s, seed));
        DG_ASSERT_OK(dg_search_set_threads(s, threads));
        out->rc = dg_search_run(s);
        DG_ASSERT_OK(out->rc);
        DG_ASSERT_OK(dg_search_result(s, &out->d));
        DG_ASSERT_OK(dg_search_stats_get(s, &out->st));
        dg_genome *g = NULL;
        DG_ASSERT_OK(dg_search_best_genome(s, &g));
        if (g)
            out->json = genome_json(g);
        dg_genome_destroy(g);
    }
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
}

static void check_same(const outcome *a, const outcome *b)
{
    CU_ASSERT_EQUAL(a->d.latency_cycles, b->d.latency_cycles);
    CU_ASSERT_EQUAL(a->d.area_um2, b->d.area_um2);
    CU_ASSERT_EQUAL(a->d.energy, b->d.energy);
    CU_ASSERT_EQUAL(a->st.feasible_samples, b->st.feasible_samples);
    CU_ASSERT(a->json && b->json && strcmp(a->json, b->json) == 0);
    CU_ASSERT_EQUAL(a->px.first_score, b->px.first_score);
}

/* ---- each baseline on a small co-optimization --------------------------------------------------- */

static void co_optimize(const char *name)
{
    const int64_t samples = 1500;
    outcome one, two;
    run(&one, "ncf", name, samples, 5, 1, NULL, 0);
    run(&two, "ncf", name, samples, 5, 2, NULL, 0);
    /* A feasible design within the exact budget. */
    CU_ASSERT_EQUAL(one.rc, DG_OK);
    CU_ASSERT_EQUAL(one.d.feasible, 1);
    CU_ASSERT(one.d.latency_cycles > 0 && isfinite(one.d.latency_cycles));
    CU_ASSERT(one.d.area_um2 <= 0.2e6);
    CU_ASSERT_EQUAL(one.st.samples, samples);
    CU_ASSERT_EQUAL(one.px.told, samples);
    CU_ASSERT_EQUAL(one.st.stop_reason, DG_STOP_SAMPLES);
    CU_ASSERT(one.st.feasible_samples >= 1);
    /* Deterministic for the seed, whatever the thread count. */
    check_same(&one, &two);
    /* Better than where it started. */
    CU_ASSERT(one.d.objective < one.px.first_score);
    if (!(one.d.objective < one.px.first_score))
        fprintf(stderr, "%s: best %g, first sample %g\n", name, one.d.objective, one.px.first_score);
    free(one.json);
    free(two.json);
}

static void test_stdga(void) { co_optimize("stdga"); }
static void test_pso(void) { co_optimize("pso"); }
static void test_tbpsa(void) { co_optimize("tbpsa"); }
static void test_oneplusone(void) { co_optimize("oneplusone"); }
static void test_de(void) { co_optimize("de"); }
static void test_portfolio(void) { co_optimize("portfolio"); }
static void test_cma(void) { co_optimize("cma"); }

/* ---- parameters reach the algorithms; budgets that cut a batch --------------------------------- */

static void test_parameters_matter(void)
{
    static const struct {
        const char *name, *key;
        double value;
    } cases[] = {
        {"cma", "popsize", 8},       {"cma", "sigma", 0.3},      {"de", "population", 12},
        {"pso", "omega", 0.3},       {"tbpsa", "mu", 5},         {"oneplusone", "sigma", 0.2},
        {"stdga", "variant", 1},     {"stdga", "crossover", 0},  {"portfolio", "small_budget", 1000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outcome a, b;
        run(&a, "dlrm", cases[i].name, 300, 2, 1, NULL, 0);
        run(&b, "dlrm", cases[i].name, 300, 2, 1, cases[i].key, cases[i].value);
        CU_ASSERT_EQUAL(b.st.samples, 300);
        CU_ASSERT(a.json && b.json && strcmp(a.json, b.json) != 0);
        free(a.json);
        free(b.json);
    }
    /* workers: several candidates per ask, evaluated in parallel. */
    static const char *const parallel[] = {"pso", "de", "oneplusone"};
    for (size_t i = 0; i < 3; i++) {
        outcome a, b;
        run(&a, "dlrm", parallel[i], 300, 2, 2, "workers", 8);
        run(&b, "dlrm", parallel[i], 300, 2, 1, "workers", 8);
        CU_ASSERT_EQUAL(a.px.largest_batch, 8);
        CU_ASSERT_EQUAL(a.st.samples, 300);
        check_same(&a, &b);
        free(a.json);
        free(b.json);
    }
    /* Population methods hand out whole generations; the sequential ones one point. */
    outcome c;
    run(&c, "dlrm", "cma", 100, 1, 1, NULL, 0);
    CU_ASSERT(c.px.largest_batch >= 4);
    free(c.json);
    run(&c, "dlrm", "portfolio", 30, 1, 1, NULL, 0);
    CU_ASSERT_EQUAL(c.px.largest_batch, 1);
    free(c.json);
}

static void test_small_budgets(void)
{
    static const int64_t budgets[] = {1, 2, 7, 13, 101};
    for (size_t i = 0; i < NUM_BASELINES; i++)
        for (size_t j = 0; j < sizeof budgets / sizeof budgets[0]; j++) {
            outcome o;
            run(&o, "dlrm", baselines[i], budgets[j], 3, 1, NULL, 0);
            CU_ASSERT_EQUAL(o.rc, DG_OK);
            CU_ASSERT_EQUAL(o.st.samples, budgets[j]);
            CU_ASSERT_EQUAL(o.px.told, budgets[j]);
            free(o.json);
        }
}

/* Every proposal decodes to a valid genome of the space, also in other scopes and styles. */
typedef struct check_state {
    const dg_optimizer_ops *inner;
    void *state;
    const dg_space *space;
    int bad;
} check_state;

static int check_create(void **state, const dg_optimizer_context *ctx)
{
    check_state *c = ctx->user_data;
    c->space = ctx->space;
    *state = c;
    return c->inner->create(&c->state, ctx);
}

static void check_destroy(void *state)
{
    check_state *c = state;
    c->inner->destroy(c->state);
}

static int check_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    check_state *c = state;
    int rc = c->inner->ask(c->state, batch, capacity, count);
    for (size_t i = 0; rc == DG_OK && i < *count; i++) {
        dg_genome *g = NULL;
        if (dg_genome_clone(&g, batch[i]) != DG_OK || dg_genome_repair(g) != DG_OK || !dg_genome_equal(g, batch[i]))
            c->bad++;
        dg_genome_destroy(g);
    }
    return rc;
}

static int check_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    check_state *c = state;
    return c->inner->tell(c->state, batch, fitness, count);
}

static void test_valid_proposals(void)
{
    dg_space_options so;
    dg_space_options_init(&so);
    so.scope = DG_SCOPE_PER_LAYER;
    so.max_levels = 3;
    so.dataflow = DG_DATAFLOW_EYE;
    for (size_t i = 0; i < NUM_BASELINES; i++) {
        check_state c = {dg_optimizer_ops_find(baselines[i]), NULL, NULL, 0};
        dg_optimizer_ops ops = *c.inner;
        ops.create = check_create;
        ops.destroy = check_destroy;
        ops.ask = check_ask;
        ops.tell = check_tell;
        ops.save = NULL; /* the wrapper's state is not the baseline's */
        ops.load = NULL;
        dg_workload *w = NULL;
        dg_budget *b = NULL;
        dg_cost_model *cm = NULL;
        dg_optimizer *opt = NULL;
        dg_search *s = NULL;
        DG_ASSERT_OK(dg_workload_builtin(&w, "dlrm"));
        DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
        DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
        DG_ASSERT_OK(dg_optimizer_create(&opt, &ops, &c, NULL));
        DG_ASSERT_OK(dg_search_create(&s, w, b, cm, opt, &so));
        if (s) {
            DG_ASSERT_OK(dg_search_set_samples(s, 200));
            DG_ASSERT_OK(dg_search_run(s));
        }
        CU_ASSERT_EQUAL(c.bad, 0);
        dg_search_destroy(s);
        dg_optimizer_destroy(opt);
        dg_cost_model_destroy(cm);
        dg_budget_destroy(b);
        dg_workload_destroy(w);
    }
}

static CU_TestInfo tests[] = {
    {"registered, one-line descriptions", test_registered},
    {"nevergrad 0.4.2 defaults", test_nevergrad_defaults},
    {"stdga co-optimizes ncf/edge", test_stdga},
    {"pso co-optimizes ncf/edge", test_pso},
    {"tbpsa co-optimizes ncf/edge", test_tbpsa},
    {"oneplusone co-optimizes ncf/edge", test_oneplusone},
    {"de co-optimizes ncf/edge", test_de},
    {"portfolio co-optimizes ncf/edge", test_portfolio},
    {"cma co-optimizes ncf/edge", test_cma},
    {"parameters reach the algorithms; workers", test_parameters_matter},
    {"budgets that cut a generation", test_small_budgets},
    {"proposals are valid genomes in other scopes", test_valid_proposals},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(baselines, tests)
