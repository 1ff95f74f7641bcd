/*
 * test_search.c: the co-optimization framework (dg_search) through the
 * public API: reproducibility, budgets, stopping, constraints, objectives,
 * evaluation of single genomes and scopes. Sample counts are kept small so
 * that the suite runs in seconds (and in well under a minute under ASan).
 */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- a search and everything it borrows ---------------------------------------- */

typedef test_search_env env;

/* Open a search of @p model; the budget is a preset name or, when NULL, @p budget (taken over). */
static int env_open_with(env *e, const char *model, const char *platform, dg_budget *budget, dg_optimizer *opt,
                         const dg_space_options *o)
{
    memset(e, 0, sizeof *e);
    e->opt = opt;
    e->b = budget;
    DG_ASSERT_OK(dg_workload_builtin(&e->w, model));
    if (platform)
        DG_ASSERT_OK(dg_budget_create_preset(&e->b, platform));
    DG_ASSERT_OK(dg_cost_model_create(&e->cm, dg_cost_model_ops_maestro(), NULL, NULL));
    if (!e->w || !e->b || !e->cm || !e->opt)
        return -1;
    int rc = dg_search_create(&e->s, e->w, e->b, e->cm, e->opt, o);
    DG_ASSERT_OK(rc);
    return rc;
}

static int env_open(env *e, const char *model, const char *platform, const char *optimizer,
                    const dg_space_options *o)
{
    dg_optimizer *opt = NULL;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, optimizer));
    return env_open_with(e, model, platform, NULL, opt, o);
}

static char *genome_json(const dg_genome *g)
{
    size_t need = 0;
    dg_genome_to_json(g, NULL, 0, &need);
    char *buf = malloc(need + 1);
    if (buf)
        DG_ASSERT_OK(dg_genome_to_json(g, buf, need + 1, NULL));
    return buf;
}

typedef struct outcome {
    int rc;
    dg_design d;
    dg_search_stats st;
    char *json;
} outcome;

/* One whole run; the caller frees out->json. */
static void run(outcome *out, const char *model, const char *platform, const char *optimizer, int64_t samples,
                uint64_t seed, int threads, const dg_space_options *o, int objective)
{
    memset(out, 0, sizeof *out);
    out->d.struct_size = sizeof out->d;
    out->st.struct_size = sizeof out->st;
    out->rc = -100;
    env e;
    if (env_open(&e, model, platform, optimizer, o) == 0) {
        DG_ASSERT_OK(dg_search_set_samples(e.s, samples));
        DG_ASSERT_OK(dg_search_set_seed(e.s, seed));
        DG_ASSERT_OK(dg_search_set_threads(e.s, threads));
        DG_ASSERT_OK(dg_search_set_objectives(e.s, &objective, 1));
        out->rc = dg_search_run(e.s);
        DG_ASSERT_OK(out->rc);
        DG_ASSERT_OK(dg_search_result(e.s, &out->d));
        DG_ASSERT_OK(dg_search_stats_get(e.s, &out->st));
        dg_genome *g = NULL;
        DG_ASSERT_OK(dg_search_best_genome(e.s, &g));
        if (g)
            out->json = genome_json(g);
        dg_genome_destroy(g);
    }
    test_search_env_close(&e);
}

/* ---- reproducibility ------------------------------------------------------------------ */

static void check_same(const outcome *a, const outcome *b)
{
    CU_ASSERT_EQUAL(a->rc, DG_OK);
    CU_ASSERT_EQUAL(b->rc, DG_OK);
    CU_ASSERT_EQUAL(a->d.latency_cycles, b->d.latency_cycles);
    CU_ASSERT_EQUAL(a->d.area_um2, b->d.area_um2);
    CU_ASSERT_EQUAL(a->d.energy, b->d.energy);
    CU_ASSERT_EQUAL(a->d.num_pes, b->d.num_pes);
    CU_ASSERT_EQUAL(a->st.samples, b->st.samples);
    CU_ASSERT_EQUAL(a->st.feasible_samples, b->st.feasible_samples);
    CU_ASSERT(a->json && b->json && strcmp(a->json, b->json) == 0);
}

static void determinism(const char *optimizer, int64_t samples)
{
    /* Threads are only used with a thread-safe model: make sure they are here. */
    dg_cost_model *cm = NULL;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    CU_ASSERT(dg_cost_model_flags(cm) & DG_COST_MODEL_THREADSAFE);
    dg_cost_model_destroy(cm);
    outcome one, two, three, other;
    run(&one, "resnet18", "edge", optimizer, samples, 11, 1, NULL, DG_OBJECTIVE_LATENCY);
    run(&two, "resnet18", "edge", optimizer, samples, 11, 2, NULL, DG_OBJECTIVE_LATENCY);
    run(&three, "resnet18", "edge", optimizer, samples, 11, 3, NULL, DG_OBJECTIVE_LATENCY);
    run(&other, "resnet18", "edge", optimizer, samples, 12, 2, NULL, DG_OBJECTIVE_LATENCY);
    check_same(&one, &two);
    check_same(&one, &three);
    CU_ASSERT_EQUAL(one.st.seed, 11);
    CU_ASSERT_EQUAL(two.st.threads, 2);
    /* Another seed explores differently. */
    CU_ASSERT(one.json && other.json && strcmp(one.json, other.json) != 0);
    free(one.json);
    free(two.json);
    free(three.json);
    free(other.json);
}

static void test_determinism_digamma(void)
{
    determinism("digamma", 600);
}

static void test_determinism_random(void)
{
    determinism("random", 150);
}

/* ---- the sampling budget ------------------------------------------------------------------ */

static void test_samples_exact(void)
{
    static const struct {
        const char *opt;
        int64_t n;
    } cases[] = {{"digamma", 1234}, {"digamma", 1}, {"digamma", 99}, {"random", 203}, {"random", 64}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outcome o;
        run(&o, "ncf", "edge", cases[i].opt, cases[i].n, 3, 2, NULL, DG_OBJECTIVE_LATENCY);
        CU_ASSERT_EQUAL(o.st.samples, cases[i].n);
        CU_ASSERT_EQUAL(o.st.stop_reason, DG_STOP_SAMPLES);
        CU_ASSERT(o.st.feasible_samples <= o.st.samples);
        CU_ASSERT(o.st.layer_evaluations + o.st.cache_hits >= o.st.samples); /* at least one layer each */
        CU_ASSERT(o.st.seconds >= 0);
        free(o.json);
    }
}

/* ---- progress and stopping ----------------------------------------------------------------- */

typedef struct progress_log {
    dg_search *s;
    int calls;
    int stop_at_call;    /* return non-zero at this call (0: never) */
    int request_at_call; /* call dg_search_request_stop at this call (0: never) */
    int64_t last_samples, samples_at_stop, max_samples;
    double last_seconds, last_best;
    int was_feasible;
    int monotone; /* 1 while every check holds */
} progress_log;

static int on_progress(void *user, const dg_progress *p)
{
    progress_log *log = user;
    log->calls++;
    if (p->struct_size < sizeof *p || p->samples <= log->last_samples || p->seconds < log->last_seconds ||
        p->max_samples != log->max_samples || p->samples > p->max_samples)
        log->monotone = 0;
    if (log->was_feasible && (!p->best_feasible || p->best_objective > log->last_best))
        log->monotone = 0; /* a feasible best only improves */
    log->was_feasible = p->best_feasible;
    log->last_best = p->best_objective;
    log->last_samples = p->samples;
    log->last_seconds = p->seconds;
    if (log->request_at_call && log->calls == log->request_at_call) {
        log->samples_at_stop = p->samples;
        dg_search_request_stop(log->s);
    }
    if (log->stop_at_call && log->calls == log->stop_at_call) {
        log->samples_at_stop = p->samples;
        return 1;
    }
    return 0;
}

static void progress_run(const char *optimizer, int64_t samples, progress_log *log, dg_search_stats *st)
{
    env e;
    if (env_open(&e, "resnet18", "edge", optimizer, NULL))
        return;
    log->s = e.s;
    log->max_samples = samples;
    log->monotone = 1;
    DG_ASSERT_OK(dg_search_set_samples(e.s, samples));
    DG_ASSERT_OK(dg_search_set_progress(e.s, on_progress, log));
    DG_ASSERT_OK(dg_search_run(e.s));
    st->struct_size = sizeof *st;
    DG_ASSERT_OK(dg_search_stats_get(e.s, st));
    test_search_env_close(&e);
}

static void test_progress_called(void)
{
    progress_log log = {0};
    dg_search_stats st;
    progress_run("digamma", 700, &log, &st);
    CU_ASSERT(log.calls >= 7); /* a population of 100: one call per batch at least */
    CU_ASSERT(log.monotone);
    CU_ASSERT_EQUAL(log.last_samples, 700);
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_SAMPLES);
}

static void test_progress_stops(void)
{
    progress_log log = {.stop_at_call = 3};
    dg_search_stats st;
    progress_run("digamma", 5000, &log, &st);
    CU_ASSERT_EQUAL(log.calls, 3);
    CU_ASSERT(log.monotone);
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_REQUESTED);
    CU_ASSERT_EQUAL(st.samples, log.samples_at_stop);
    CU_ASSERT(st.samples < 5000);

    progress_log log2 = {.request_at_call = 2};
    progress_run("random", 5000, &log2, &st);
    CU_ASSERT_EQUAL(log2.calls, 2);
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_REQUESTED);
    CU_ASSERT_EQUAL(st.samples, log2.samples_at_stop);
    CU_ASSERT(st.samples < 5000);
}

static void test_time_limit(void)
{
    env e;
    if (env_open(&e, "resnet18", "edge", "digamma", NULL))
        return;
    DG_ASSERT_OK(dg_search_set_samples(e.s, INT64_C(1) << 40));
    DG_ASSERT_OK(dg_search_set_time_limit(e.s, 0.3));
    double t0 = now();
    DG_ASSERT_OK(dg_search_run(e.s));
    double took = now() - t0;
    dg_search_stats st = {.struct_size = sizeof st};
    DG_ASSERT_OK(dg_search_stats_get(e.s, &st));
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_TIME);
    CU_ASSERT(st.samples > 0);
    CU_ASSERT(st.seconds >= 0.3);
    CU_ASSERT(took < 10.0);
    dg_design d = {.struct_size = sizeof d};
    DG_ASSERT_OK(dg_search_result(e.s, &d));
    test_search_env_close(&e);
    /* No limit (<= 0) and bad values. */
    if (env_open(&e, "ncf", "edge", "random", NULL))
        return;
    DG_ASSERT_OK(dg_search_set_time_limit(e.s, 0));
    DG_ASSERT_OK(dg_search_set_time_limit(e.s, -1));
    DG_ASSERT_RC(dg_search_set_time_limit(e.s, NAN), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_time_limit(NULL, 1), DG_EINVAL);
    DG_ASSERT_OK(dg_search_set_samples(e.s, 10));
    DG_ASSERT_OK(dg_search_run(e.s));
    dg_search_stats st2 = {.struct_size = sizeof st2};
    DG_ASSERT_OK(dg_search_stats_get(e.s, &st2));
    CU_ASSERT_EQUAL(st2.stop_reason, DG_STOP_SAMPLES);
    test_search_env_close(&e);
}

/* ---- state and arguments ---------------------------------------------------------------- */

static void test_state_and_bad_args(void)
{
    env e;
    if (env_open(&e, "ncf", "edge", "digamma", NULL))
        return;
    dg_design d = {.struct_size = sizeof d};
    dg_genome *g = NULL;
    dg_search_stats st = {.struct_size = sizeof st};
    /* Before the run. */
    DG_ASSERT_RC(dg_search_result(e.s, &d), DG_ESTATE);
    DG_ASSERT_RC(dg_search_best_genome(e.s, &g), DG_ESTATE);
    CU_ASSERT_PTR_NULL(g);
    DG_ASSERT_OK(dg_search_stats_get(e.s, &st));
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_NONE);
    CU_ASSERT_EQUAL(st.samples, 0);
    CU_ASSERT_EQUAL(dg_search_history_count(e.s), 0);
    CU_ASSERT_PTR_NOT_NULL(dg_search_space(e.s));
    /* Setters. */
    DG_ASSERT_RC(dg_search_set_samples(e.s, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_samples(e.s, -5), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_samples(NULL, 5), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_threads(e.s, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_threads(NULL, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_seed(NULL, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_progress(NULL, on_progress, NULL), DG_EINVAL);
    int objs[DG_MAX_OBJECTIVES + 1] = {0, 1, 2, 3, 4};
    DG_ASSERT_RC(dg_search_set_objectives(e.s, objs, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_objectives(e.s, objs, DG_MAX_OBJECTIVES + 1), DG_EINVAL);
    DG_ASSERT_RC(dg_search_set_objectives(e.s, NULL, 1), DG_EINVAL);
    int unknown[2] = {DG_OBJECTIVE_LATENCY, DG_OBJECTIVE_COUNT};
    DG_ASSERT_RC(dg_search_set_objectives(e.s, unknown, 2), DG_EINVAL);
    unknown[1] = -1;
    DG_ASSERT_RC(dg_search_set_objectives(e.s, unknown, 2), DG_EINVAL);
    DG_ASSERT_OK(dg_search_set_objectives(e.s, objs, DG_MAX_OBJECTIVES));
    DG_ASSERT_OK(dg_search_set_objectives(e.s, objs, 1));
    DG_ASSERT_OK(dg_search_set_samples(e.s, 150));
    /* Run once; a second run is refused and changes nothing. */
    DG_ASSERT_OK(dg_search_run(e.s));
    DG_ASSERT_OK(dg_search_result(e.s, &d));
    DG_ASSERT_RC(dg_search_run(e.s), DG_ESTATE);
    dg_design d2 = {.struct_size = sizeof d2};
    DG_ASSERT_OK(dg_search_result(e.s, &d2));
    CU_ASSERT_EQUAL(d.latency_cycles, d2.latency_cycles);
    DG_ASSERT_OK(dg_search_stats_get(e.s, &st));
    CU_ASSERT_EQUAL(st.samples, 150);
    /* NULLs and sizes. */
    DG_ASSERT_RC(dg_search_run(NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_result(NULL, &d), DG_EINVAL);
    DG_ASSERT_RC(dg_search_result(e.s, NULL), DG_EINVAL);
    dg_design tiny = {.struct_size = 0};
    DG_ASSERT_RC(dg_search_result(e.s, &tiny), DG_EINVAL);
    DG_ASSERT_RC(dg_search_best_genome(e.s, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_best_genome(NULL, &g), DG_EINVAL);
    DG_ASSERT_RC(dg_search_stats_get(e.s, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_evaluate(e.s, NULL, &d), DG_EINVAL);
    DG_ASSERT_RC(dg_search_evaluate_layer(NULL, NULL, 0, NULL, NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_history(NULL, 0, NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_history(e.s, dg_search_history_count(e.s), NULL, NULL), DG_ERANGE);
    CU_ASSERT_EQUAL(dg_search_history_count(NULL), 0);
    CU_ASSERT_PTR_NULL(dg_search_space(NULL));
    dg_search_request_stop(NULL);
    /* An older caller's smaller dg_design gets only what it knows. */
    struct {
        dg_design d;
        double canary;
    } small;
    memset(&small, 0xab, sizeof small);
    small.d.struct_size = (uint32_t)offsetof(dg_design, area_um2);
    DG_ASSERT_OK(dg_search_result(e.s, &small.d));
    CU_ASSERT_EQUAL(small.d.struct_size, (uint32_t)offsetof(dg_design, area_um2));
    CU_ASSERT_EQUAL(small.d.latency_cycles, d.latency_cycles);
    unsigned char ab[sizeof(double)];
    memset(ab, 0xab, sizeof ab);
    CU_ASSERT(memcmp(&small.d.area_um2, ab, sizeof ab) == 0);
    test_search_env_close(&e);

    /* dg_search_create with NULL arguments */
    if (env_open(&e, "ncf", "edge", "digamma", NULL))
        return;
    dg_search *s = (dg_search *)(uintptr_t)0x77;
    DG_ASSERT_RC(dg_search_create(NULL, e.w, e.b, e.cm, e.opt, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_create(&s, NULL, e.b, e.cm, e.opt, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_create(&s, e.w, NULL, e.cm, e.opt, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_create(&s, e.w, e.b, NULL, e.opt, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_search_create(&s, e.w, e.b, e.cm, NULL, NULL), DG_EINVAL);
    dg_space_options o;
    dg_space_options_init(&o);
    o.max_levels = 9;
    DG_ASSERT_RC(dg_search_create(&s, e.w, e.b, e.cm, e.opt, &o), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(s, (dg_search *)(uintptr_t)0x77);
    dg_search_destroy(NULL);
    test_search_env_close(&e);
}

/* ---- budgets no design (or only tiny designs) can meet ----------------------------------- */

static void test_impossible_budget(void)
{
    dg_budget *b = NULL;
    DG_ASSERT_OK(dg_budget_create(&b, 0.0002)); /* 200 µm²: less than one PE */
    dg_optimizer *opt = NULL;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, "digamma"));
    env e;
    memset(&e, 0, sizeof e);
    e.b = b;
    e.opt = opt;
    DG_ASSERT_OK(dg_workload_builtin(&e.w, "resnet18"));
    DG_ASSERT_OK(dg_cost_model_create(&e.cm, dg_cost_model_ops_maestro(), NULL, NULL));
    dg_search *s = (dg_search *)(uintptr_t)0x77;
    DG_ASSERT_RC(dg_search_create(&s, e.w, e.b, e.cm, e.opt, NULL), DG_EINFEASIBLE);
    CU_ASSERT_PTR_EQUAL(s, (dg_search *)(uintptr_t)0x77);
    CU_ASSERT(strlen(dg_last_error()->message) > 0);
    test_search_env_close(&e);
}

static void test_tiny_budget_completes(void)
{
    const char *opts[] = {"digamma", "random"};
    for (int i = 0; i < 2; i++) {
        dg_budget *b = NULL;
        DG_ASSERT_OK(dg_budget_create(&b, 0.001)); /* 1000 µm²: a handful of PEs at most */
        dg_optimizer *opt = NULL;
        DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, opts[i]));
        env e;
        if (env_open_with(&e, "resnet18", NULL, b, opt, NULL))
            continue;
        CU_ASSERT(dg_space_max_pes(dg_search_space(e.s)) <= 4);
        DG_ASSERT_OK(dg_search_set_samples(e.s, 200));
        DG_ASSERT_OK(dg_search_set_time_limit(e.s, 60)); /* a safety net, never reached */
        double t0 = now();
        DG_ASSERT_OK(dg_search_run(e.s));
        CU_ASSERT(now() - t0 < 30);
        dg_design d = {.struct_size = sizeof d};
        dg_search_stats st = {.struct_size = sizeof st};
        DG_ASSERT_OK(dg_search_result(e.s, &d));
        DG_ASSERT_OK(dg_search_stats_get(e.s, &st));
        CU_ASSERT_EQUAL(st.samples, 200);
        CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_SAMPLES);
        CU_ASSERT(d.feasible == 0 || d.feasible == 1);
        CU_ASSERT(d.feasible ? d.violation == 0 : d.violation > 0);
        CU_ASSERT(d.num_pes >= 1 && d.num_pes <= 4);
        if (d.feasible)
            CU_ASSERT(d.area_um2 <= 1000.0);
        test_search_env_close(&e);
    }
}

static void test_fixed_hw_tiny_buffers(void)
{
    dg_budget *b = NULL;
    DG_ASSERT_OK(dg_budget_create(&b, DG_UNLIMITED));
    DG_ASSERT_OK(dg_budget_set_fixed_hw(b, 4, 8, 1, 1)); /* 1-byte buffers: nothing fits */
    dg_optimizer *opt = NULL;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, "digamma"));
    env e;
    if (env_open_with(&e, "resnet18", NULL, b, opt, NULL))
        return;
    DG_ASSERT_OK(dg_search_set_samples(e.s, 300));
    DG_ASSERT_OK(dg_search_run(e.s));
    dg_design d = {.struct_size = sizeof d};
    dg_search_stats st = {.struct_size = sizeof st};
    DG_ASSERT_OK(dg_search_result(e.s, &d));
    DG_ASSERT_OK(dg_search_stats_get(e.s, &st));
    CU_ASSERT_EQUAL(d.feasible, 0);
    CU_ASSERT(d.violation > 0);
    CU_ASSERT_EQUAL(st.feasible_samples, 0);
    CU_ASSERT_EQUAL(dg_search_history_count(e.s), 0); /* the history holds feasible bests only */
    /* The hardware is the fixed array. */
    CU_ASSERT_EQUAL(d.num_pes, 32);
    CU_ASSERT_EQUAL(d.clusters, 4);
    CU_ASSERT_EQUAL(d.pes_per_cluster, 8);
    CU_ASSERT(d.l1_bytes > 1 && d.l2_bytes > 1);
    test_search_env_close(&e);
}

/* ---- infeasible designs always rank below feasible ones -------------------------------------- */

/* A plug-in that delegates to the built-in random search and keeps every fitness. */
typedef struct recorder {
    dg_fitness *fit;
    size_t count, cap;
} recorder;

typedef struct rec_state {
    recorder *r; /* the dg_optimizer's user_data */
    void *inner; /* the random search's state */
} rec_state;

static int rec_create(void **state, const dg_optimizer_context *ctx)
{
    rec_state *st = calloc(1, sizeof *st);
    if (!st)
        return dg_error_set(DG_ENOMEM, "recorder: out of memory");
    st->r = ctx->user_data;
    int rc = dg_optimizer_ops_random()->create(&st->inner, ctx);
    if (rc) {
        free(st);
        return rc;
    }
    *state = st;
    return DG_OK;
}

static void rec_destroy(void *state)
{
    rec_state *st = state;
    dg_optimizer_ops_random()->destroy(st->inner);
    free(st);
}

static int rec_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    rec_state *st = state;
    return dg_optimizer_ops_random()->ask(st->inner, batch, capacity, count);
}

static int rec_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    rec_state *st = state;
    recorder *r = st->r;
    if (r->count + count > r->cap) {
        size_t cap = (r->count + count) * 2;
        dg_fitness *f = realloc(r->fit, cap * sizeof *f);
        if (!f)
            return dg_error_set(DG_ENOMEM, "recorder: out of memory");
        r->fit = f;
        r->cap = cap;
    }
    memcpy(r->fit + r->count, fitness, count * sizeof *fitness);
    r->count += count;
    return dg_optimizer_ops_random()->tell(st->inner, batch, fitness, count);
}

static void test_infeasible_ranks_below_feasible(void)
{
    const dg_optimizer_ops *rnd = dg_optimizer_ops_random();
    dg_optimizer_ops ops = DG_OPTIMIZER_OPS_INIT;
    ops.name = "recorder";
    ops.params = rnd->params;
    ops.num_params = rnd->num_params;
    ops.create = rec_create;
    ops.destroy = rec_destroy;
    ops.ask = rec_ask;
    ops.tell = rec_tell;
    recorder rec = {0};
    dg_optimizer *opt = NULL;
    DG_ASSERT_OK(dg_optimizer_create(&opt, &ops, &rec, NULL));
    env e;
    if (env_open_with(&e, "resnet18", "cloud", NULL, opt, NULL))
        return;
    DG_ASSERT_OK(dg_search_set_samples(e.s, 500));
    DG_ASSERT_OK(dg_search_set_seed(e.s, 5));
    DG_ASSERT_OK(dg_search_run(e.s));
    dg_design d = {.struct_size = sizeof d};
    DG_ASSERT_OK(dg_search_result(e.s, &d));
    CU_ASSERT_EQUAL(rec.count, 500);

    double best_feasible = INFINITY, worst_feasible = -INFINITY, best_infeasible = INFINITY;
    size_t nfeas = 0, ninf = 0;
    int consistent = 1;
    for (size_t i = 0; i < rec.count; i++) {
        const dg_fitness *f = &rec.fit[i];
        if (f->feasible) {
            nfeas++;
            consistent &= f->violation == 0 && f->score == f->objectives[0] && f->score < DG_INFEASIBLE_SCORE;
            best_feasible = fmin(best_feasible, f->score);
            worst_feasible = fmax(worst_feasible, f->score);
        } else {
            ninf++;
            consistent &= f->violation > 0 && f->score >= DG_INFEASIBLE_SCORE &&
                          fabs(f->score - DG_INFEASIBLE_SCORE * (1 + f->violation)) <= 1e-9 * f->score;
            best_infeasible = fmin(best_infeasible, f->score);
        }
        consistent &= f->num_objectives == 1;
    }
    CU_ASSERT(consistent);
    CU_ASSERT(nfeas > 0 && ninf > 0); /* random search on cloud meets both */
    CU_ASSERT(worst_feasible < best_infeasible);
    /* The result is the best feasible design; the history ends there. */
    CU_ASSERT_EQUAL(d.feasible, 1);
    CU_ASSERT_EQUAL(d.objective, best_feasible);
    CU_ASSERT_EQUAL(d.latency_cycles, best_feasible);
    size_t hn = dg_search_history_count(e.s);
    CU_ASSERT(hn >= 1);
    int64_t prev_samples = 0;
    double prev_best = INFINITY;
    for (size_t i = 0; i < hn; i++) {
        int64_t smp;
        double best;
        DG_ASSERT_OK(dg_search_history(e.s, i, &smp, &best));
        CU_ASSERT(smp > prev_samples && smp <= 500);
        CU_ASSERT(best < prev_best);
        CU_ASSERT(best < DG_INFEASIBLE_SCORE);
        prev_samples = smp;
        prev_best = best;
    }
    CU_ASSERT_EQUAL(prev_best, d.objective);
    test_search_env_close(&e);
    free(rec.fit);
}

/* ---- quality ------------------------------------------------------------------------------- */

static void test_digamma_beats_random(void)
{
    outcome ga, rnd;
    run(&ga, "resnet18", "edge", "digamma", 3000, 1, 2, NULL, DG_OBJECTIVE_LATENCY);
    run(&rnd, "resnet18", "edge", "random", 3000, 1, 2, NULL, DG_OBJECTIVE_LATENCY);
    CU_ASSERT_EQUAL(ga.d.feasible, 1);
    CU_ASSERT_EQUAL(rnd.d.feasible, 1);
    CU_ASSERT(ga.d.latency_cycles < rnd.d.latency_cycles);
    CU_ASSERT(ga.d.area_um2 <= 0.2e6);
    /* A lower bound no design can beat: every MAC takes a PE-cycle. */
    CU_ASSERT(ga.d.latency_cycles >= ga.d.macs / (double)ga.d.num_pes);
    free(ga.json);
    free(rnd.json);
}

/* ---- objectives --------------------------------------------------------------------------- */

static void test_objective_names(void)
{
    static const char *names[] = {"latency", "energy", "edp", "power", "area", "lap"};
    CU_ASSERT_EQUAL(DG_OBJECTIVE_COUNT, 6);
    for (int i = 0; i < DG_OBJECTIVE_COUNT; i++) {
        CU_ASSERT_STRING_EQUAL(dg_objective_name(i), names[i]);
        CU_ASSERT_EQUAL(dg_objective_from_name(dg_objective_name(i)), i);
    }
    CU_ASSERT_EQUAL(dg_objective_from_name("LATENCY"), DG_OBJECTIVE_LATENCY);
    CU_ASSERT_EQUAL(dg_objective_from_name("Area"), DG_OBJECTIVE_AREA);
    CU_ASSERT_EQUAL(dg_objective_from_name("speed"), -1);
    CU_ASSERT_EQUAL(dg_objective_from_name(""), -1);
    CU_ASSERT_EQUAL(dg_objective_from_name(NULL), -1);
    CU_ASSERT_PTR_NULL(dg_objective_name(-1));
    CU_ASSERT_PTR_NULL(dg_objective_name(DG_OBJECTIVE_COUNT));
}

static void test_objectives(void)
{
    outcome lat, area, lap;
    run(&lat, "resnet18", "edge", "digamma", 500, 4, 2, NULL, DG_OBJECTIVE_LATENCY);
    run(&area, "resnet18", "edge", "digamma", 500, 4, 2, NULL, DG_OBJECTIVE_AREA);
    run(&lap, "resnet18", "edge", "digamma", 500, 4, 2, NULL, DG_OBJECTIVE_LAP);
    CU_ASSERT(lat.d.feasible && area.d.feasible && lap.d.feasible);
    CU_ASSERT(area.d.area_um2 <= lat.d.area_um2);
    CU_ASSERT(lat.d.latency_cycles <= area.d.latency_cycles);
    CU_ASSERT_EQUAL(lat.d.objective, lat.d.latency_cycles);
    CU_ASSERT_EQUAL(area.d.objective, area.d.area_um2);
    CU_ASSERT_DOUBLE_EQUAL(lap.d.objective, lap.d.latency_cycles * lap.d.area_um2, 1e-9 * lap.d.objective);
    free(lat.json);
    free(area.json);
    free(lap.json);
}

/* ---- evaluating genomes -------------------------------------------------------------------- */

static void test_evaluate_reproduces_result(void)
{
    env e;
    if (env_open(&e, "resnet18", "edge", "digamma", NULL))
        return;
    DG_ASSERT_OK(dg_search_set_samples(e.s, 400));
    DG_ASSERT_OK(dg_search_run(e.s));
    dg_design best = {.struct_size = sizeof best}, again = {.struct_size = sizeof again};
    DG_ASSERT_OK(dg_search_result(e.s, &best));
    dg_genome *g = NULL;
    DG_ASSERT_OK(dg_search_best_genome(e.s, &g));
    if (!g) {
        test_search_env_close(&e);
        return;
    }
    DG_ASSERT_OK(dg_search_evaluate(e.s, g, &again));
    CU_ASSERT_EQUAL(again.latency_cycles, best.latency_cycles);
    CU_ASSERT_EQUAL(again.energy, best.energy);
    CU_ASSERT_EQUAL(again.area_um2, best.area_um2);
    CU_ASSERT_EQUAL(again.feasible, best.feasible);
    CU_ASSERT_EQUAL(again.num_pes, best.num_pes);
    CU_ASSERT_EQUAL(again.l1_bytes, best.l1_bytes);
    CU_ASSERT_EQUAL(again.l2_bytes, best.l2_bytes);
    CU_ASSERT_EQUAL(again.num_pes, dg_genome_num_pes(g, 0));
    CU_ASSERT_EQUAL(again.clusters, dg_genome_cluster(g, 0, 0));

    /* Per-layer costs add up to the totals; buffers are the largest need. */
    const dg_workload *w = dg_space_workload(dg_search_space(e.s));
    double latency = 0, energy = 0, l1 = 0, l2 = 0;
    for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
        dg_layer ly = {.struct_size = sizeof ly};
        dg_hw hw = {.struct_size = sizeof hw};
        dg_mapping m = {.struct_size = sizeof m};
        dg_layer_cost c = {.struct_size = sizeof c};
        DG_ASSERT_OK(dg_workload_layer(w, i, &ly));
        DG_ASSERT_OK(dg_search_evaluate_layer(e.s, g, i, &hw, &m, &c));
        CU_ASSERT_EQUAL(c.valid, 1);
        CU_ASSERT_EQUAL(hw.num_pes, best.num_pes);
        CU_ASSERT_EQUAL((int)m.num_levels, dg_genome_num_levels(g));
        latency += (double)ly.count * c.runtime_cycles;
        energy += (double)ly.count * c.energy;
        l1 = fmax(l1, c.l1_bytes);
        l2 = fmax(l2, c.l2_bytes);
        DG_ASSERT_OK(dg_search_evaluate_layer(e.s, g, i, NULL, NULL, NULL));
    }
    CU_ASSERT_DOUBLE_EQUAL(latency, best.latency_cycles, 1e-9 * best.latency_cycles);
    CU_ASSERT_DOUBLE_EQUAL(energy, best.energy, 1e-9 * best.energy);
    CU_ASSERT_EQUAL((int64_t)ceil(l1), best.l1_bytes);
    CU_ASSERT_EQUAL((int64_t)ceil(l2), best.l2_bytes);
    DG_ASSERT_RC(dg_search_evaluate_layer(e.s, g, dg_workload_num_unique(w), NULL, NULL, NULL), DG_ERANGE);

    /* Any genome of the space can be evaluated, before or after a run; others are refused. */
    dg_genome *unit = NULL;
    DG_ASSERT_OK(dg_genome_create(&unit, dg_search_space(e.s)));
    DG_ASSERT_OK(dg_search_evaluate(e.s, unit, &again));
    CU_ASSERT_EQUAL(again.num_pes, 1);
    CU_ASSERT(again.latency_cycles >= again.macs); /* one PE: at least a cycle per MAC */
    env other;
    if (env_open(&other, "resnet18", "edge", "random", NULL) == 0) {
        DG_ASSERT_RC(dg_search_evaluate(other.s, g, &again), DG_EINVAL);
        DG_ASSERT_RC(dg_search_evaluate_layer(other.s, g, 0, NULL, NULL, NULL), DG_EINVAL);
        test_search_env_close(&other);
    }
    dg_genome_destroy(unit);
    dg_genome_destroy(g);
    test_search_env_close(&e);
}

/* ---- scopes -------------------------------------------------------------------------------- */

static void test_scopes(void)
{
    const int scopes[] = {DG_SCOPE_ONE_MAPPING, DG_SCOPE_PER_LAYER};
    for (int i = 0; i < 2; i++) {
        dg_space_options o;
        dg_space_options_init(&o);
        o.scope = scopes[i];
        outcome r;
        run(&r, "resnet18", "cloud", "digamma", 500, 9, 2, &o, DG_OBJECTIVE_LATENCY);
        CU_ASSERT_EQUAL(r.rc, DG_OK);
        CU_ASSERT_EQUAL(r.d.feasible, 1);
        CU_ASSERT(r.d.area_um2 <= 7.0e6);
        CU_ASSERT(r.d.latency_cycles > 0);
        CU_ASSERT_EQUAL(r.st.samples, 500);
        free(r.json);
    }
}

/* Evaluating a genome that breaks the space's bounds (here cluster sizes
 * whose product overflows) is refused with a clear message, not evaluated as garbage. */
static void test_evaluate_unrepaired_huge_clusters(void)
{
    env e;
    if (env_open(&e, "ncf", "edge", "random", NULL))
        return;
    dg_genome *g = NULL;
    int64_t max = dg_space_max_pes(dg_search_space(e.s));
    DG_ASSERT_OK(dg_genome_create(&g, dg_search_space(e.s)));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 0, INT64_MAX / 2));
    DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 1, 4));
    CU_ASSERT(dg_genome_num_pes(g, 0) >= 1); /* saturates, never overflows */
    dg_design d = {.struct_size = sizeof d};
    DG_ASSERT_RC(dg_search_evaluate(e.s, g, &d), DG_EINVAL);
    CU_ASSERT(strstr(dg_last_error()->message, "repair") != NULL);
    DG_ASSERT_OK(dg_genome_repair(g));
    DG_ASSERT_OK(dg_search_evaluate(e.s, g, &d));
    CU_ASSERT(d.num_pes >= 1 && d.num_pes <= max);
    dg_genome_destroy(g);
    test_search_env_close(&e);
}

/* A 1x1 stride-2 convolution (ResNet's downsample layers) mapped with its
 * whole 7x7 output as one tile is valid. Written as MAESTRO's output-centric
 * Y'/X' (which ignores the stride) MAESTRO would terminate on it; the
 * decoder writes strided layers' input windows instead. */
static void test_whole_output_tile_of_strided_1x1_is_valid(void)
{
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    DG_ASSERT_OK(dg_workload_create(&w, "downsample"));
    DG_ASSERT_OK(dg_workload_add_conv(w, "ds", 1, 64, 32, 14, 14, 1, 1, 2, 0)); /* out 7x7 */
    DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, "random"));
    env e = {w, b, cm, opt, NULL};
    DG_ASSERT_OK(dg_search_create(&e.s, w, b, cm, opt, NULL));
    if (e.s) {
        dg_genome *g = NULL;
        DG_ASSERT_OK(dg_genome_create(&g, dg_search_space(e.s)));
        DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 0, 4));
        DG_ASSERT_OK(dg_genome_set_cluster(g, 0, 1, 4));
        for (int l = 0; l < 2; l++) {
            DG_ASSERT_OK(dg_genome_set_tile(g, 0, l, DG_DIM_K, 64));
            DG_ASSERT_OK(dg_genome_set_tile(g, 0, l, DG_DIM_C, 32));
            DG_ASSERT_OK(dg_genome_set_tile(g, 0, l, DG_DIM_Y, 7));
            DG_ASSERT_OK(dg_genome_set_tile(g, 0, l, DG_DIM_X, 7));
        }
        DG_ASSERT_OK(dg_genome_repair(g));
        dg_layer_cost c = {.struct_size = sizeof c};
        DG_ASSERT_OK(dg_search_evaluate_layer(e.s, g, 0, NULL, NULL, &c));
        CU_ASSERT_EQUAL(c.valid, 1);
        dg_genome_destroy(g);
    }
    test_search_env_close(&e);
}

static CU_TestInfo tests[] = {
    {"same seed, same result for 1, 2, 3 threads (digamma)", test_determinism_digamma},
    {"same seed, same result for 1, 2, 3 threads (random)", test_determinism_random},
    {"the sampling budget is used exactly", test_samples_exact},
    {"progress callback: called, increasing", test_progress_called},
    {"progress callback and request_stop stop the run", test_progress_stops},
    {"time limit stops with DG_STOP_TIME", test_time_limit},
    {"run twice, NULL arguments, sizes", test_state_and_bad_args},
    {"budget below one PE: DG_EINFEASIBLE", test_impossible_budget},
    {"tiny budget: completes", test_tiny_budget_completes},
    {"fixed HW with tiny buffers: infeasible result", test_fixed_hw_tiny_buffers},
    {"infeasible designs rank below feasible ones", test_infeasible_ranks_below_feasible},
    {"DiGamma beats random search", test_digamma_beats_random},
    {"objective names", test_objective_names},
    {"objectives: area, latency, LAP", test_objectives},
    {"evaluate and evaluate_layer reproduce the result", test_evaluate_reproduces_result},
    {"one-mapping and per-layer scopes", test_scopes},
    {"evaluate refuses an unrepaired genome", test_evaluate_unrepaired_huge_clusters},
    {"whole-output tile of a strided 1x1 conv is valid", test_whole_output_tile_of_strided_1x1_is_valid},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(search, tests)
