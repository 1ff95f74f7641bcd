/*
 * test_optimizer.c: optimizer handles, parameters, the built-ins and the
 * plug-in contract (ask/tell, struct_size growth rule, user_data ownership,
 * errors reported by plug-ins), ending with a small user-written simulated
 * annealing run end to end.
 */
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the built-ins ---------------------------------------------------------------- */

static void test_builtin_list(void)
{
    size_t n = dg_optimizer_builtin_count();
    CU_ASSERT(n >= 2);
    for (size_t i = 0; i < n; i++) {
        const dg_optimizer_ops *ops = dg_optimizer_builtin(i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops->name);
        CU_ASSERT_PTR_NOT_NULL(ops->description);
        CU_ASSERT_EQUAL(ops->struct_size, sizeof(dg_optimizer_ops));
        CU_ASSERT_EQUAL((int)ops->abi_version, dg_plugin_abi_version());
        CU_ASSERT(ops->create && ops->ask && ops->tell);
        CU_ASSERT_PTR_EQUAL(dg_optimizer_ops_find(ops->name), ops);
        for (size_t j = 0; j < i; j++) /* names are unique */
            CU_ASSERT(strcmp(dg_optimizer_builtin(j)->name, ops->name) != 0);
        dg_optimizer *o = NULL;
        DG_ASSERT_OK(dg_optimizer_create_builtin(&o, ops->name));
        CU_ASSERT_STRING_EQUAL(dg_optimizer_name(o), ops->name);
        CU_ASSERT_EQUAL(dg_optimizer_param_count(o), ops->num_params);
        dg_optimizer_destroy(o);
    }
    CU_ASSERT_PTR_NULL(dg_optimizer_builtin(n));
    CU_ASSERT_PTR_NULL(dg_optimizer_builtin((size_t)-1));
    CU_ASSERT_PTR_EQUAL(dg_optimizer_ops_find("digamma"), dg_optimizer_ops_digamma());
    CU_ASSERT_PTR_EQUAL(dg_optimizer_ops_find("random"), dg_optimizer_ops_random());
    CU_ASSERT_STRING_EQUAL(dg_optimizer_ops_digamma()->name, "digamma");
    CU_ASSERT_STRING_EQUAL(dg_optimizer_ops_random()->name, "random");
    CU_ASSERT_PTR_NULL(dg_optimizer_ops_find("no-such-optimizer"));
    CU_ASSERT_PTR_NULL(dg_optimizer_ops_find(""));
    CU_ASSERT_PTR_NULL(dg_optimizer_ops_find(NULL));

    dg_optimizer *sentinel = (dg_optimizer *)(uintptr_t)0x42, *o = sentinel;
    DG_ASSERT_RC(dg_optimizer_create_builtin(&o, "no-such-optimizer"), DG_ENOTFOUND);
    CU_ASSERT_PTR_EQUAL(o, sentinel);
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(dg_last_error()->message, "digamma")); /* lists the known ones */
    CU_ASSERT_PTR_NOT_NULL(strstr(dg_last_error()->message, "random"));
    DG_ASSERT_RC(dg_optimizer_create_builtin(&o, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_optimizer_create_builtin(NULL, "digamma"), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(o, sentinel);
    dg_optimizer_destroy(NULL);
    CU_ASSERT_EQUAL(dg_optimizer_param_count(NULL), 0);
    CU_ASSERT_PTR_NULL(dg_optimizer_param_name(NULL, 0));
}

/* ---- parameters ------------------------------------------------------------------------ */

static void check_params(const char *name)
{
    dg_optimizer *o = NULL;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&o, name));
    if (!o)
        return;
    const dg_optimizer_ops *ops = dg_optimizer_ops_find(name);
    size_t n = dg_optimizer_param_count(o);
    CU_ASSERT(n >= 1);
    CU_ASSERT_PTR_NULL(dg_optimizer_param_name(o, n));
    CU_ASSERT_PTR_NULL(dg_optimizer_param_description(o, n));
    for (size_t i = 0; i < n; i++) {
        const char *key = dg_optimizer_param_name(o, i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(key);
        CU_ASSERT_PTR_NOT_NULL(dg_optimizer_param_description(o, i));
        for (size_t j = 0; j < i; j++)
            CU_ASSERT(strcmp(dg_optimizer_param_name(o, j), key) != 0);
        double lo = NAN, hi = NAN, v = NAN, w = NAN;
        int is_int = -1;
        DG_ASSERT_OK(dg_optimizer_param_bounds(o, key, &lo, &hi, &is_int));
        DG_ASSERT_OK(dg_optimizer_param_bounds(o, key, NULL, NULL, NULL));
        CU_ASSERT(lo <= hi);
        CU_ASSERT(is_int == 0 || is_int == 1);
        DG_ASSERT_OK(dg_optimizer_get_double(o, key, &v));
        CU_ASSERT_EQUAL(v, ops->params[i].default_value);
        CU_ASSERT(v >= lo && v <= hi);
        if (is_int)
            CU_ASSERT_EQUAL(v, floor(v));
        /* The bounds themselves are allowed. */
        DG_ASSERT_OK(dg_optimizer_set_double(o, key, lo));
        DG_ASSERT_OK(dg_optimizer_get_double(o, key, &w));
        CU_ASSERT_EQUAL(w, lo);
        DG_ASSERT_OK(dg_optimizer_set_double(o, key, hi));
        DG_ASSERT_OK(dg_optimizer_get_double(o, key, &w));
        CU_ASSERT_EQUAL(w, hi);
        /* Outside the bounds, NaN, a fraction for an integer: DG_ERANGE, value unchanged. */
        DG_ASSERT_RC(dg_optimizer_set_double(o, key, hi + 1), DG_ERANGE);
        DG_ASSERT_RC(dg_optimizer_set_double(o, key, lo - 1), DG_ERANGE);
        DG_ASSERT_RC(dg_optimizer_set_double(o, key, NAN), DG_ERANGE);
        DG_ASSERT_RC(dg_optimizer_set_double(o, key, INFINITY), DG_ERANGE);
        if (is_int && lo + 0.5 < hi)
            DG_ASSERT_RC(dg_optimizer_set_double(o, key, lo + 0.5), DG_ERANGE);
        DG_ASSERT_OK(dg_optimizer_get_double(o, key, &w));
        CU_ASSERT_EQUAL(w, hi);
    }
    /* Unknown keys and NULLs. */
    double v = 123;
    DG_ASSERT_RC(dg_optimizer_set_double(o, "no_such_param", 1), DG_ENOTFOUND);
    DG_ASSERT_RC(dg_optimizer_set_int(o, "no_such_param", 1), DG_ENOTFOUND);
    DG_ASSERT_RC(dg_optimizer_get_double(o, "no_such_param", &v), DG_ENOTFOUND);
    DG_ASSERT_RC(dg_optimizer_param_bounds(o, "no_such_param", NULL, NULL, NULL), DG_ENOTFOUND);
    CU_ASSERT_EQUAL(v, 123);
    DG_ASSERT_RC(dg_optimizer_set_double(o, NULL, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_optimizer_set_double(NULL, "x", 1), DG_EINVAL);
    DG_ASSERT_RC(dg_optimizer_get_double(o, dg_optimizer_param_name(o, 0), NULL), DG_EINVAL);
    dg_optimizer_destroy(o);
}

static void test_params(void)
{
    for (size_t i = 0; i < dg_optimizer_builtin_count(); i++)
        check_params(dg_optimizer_builtin(i)->name);

    /* The GA's population, concretely (the paper's 100). */
    dg_optimizer *o = NULL;
    DG_ASSERT_OK(dg_optimizer_create_builtin(&o, "digamma"));
    double lo, hi, v;
    int is_int;
    DG_ASSERT_OK(dg_optimizer_param_bounds(o, "population", &lo, &hi, &is_int));
    CU_ASSERT_EQUAL(is_int, 1);
    CU_ASSERT(lo >= 2 && hi >= 100);
    DG_ASSERT_OK(dg_optimizer_get_double(o, "population", &v));
    CU_ASSERT_EQUAL(v, 100);
    DG_ASSERT_OK(dg_optimizer_set_int(o, "population", 64));
    DG_ASSERT_RC(dg_optimizer_set_double(o, "population", 64.5), DG_ERANGE);
    DG_ASSERT_RC(dg_optimizer_set_int(o, "population", 0), DG_ERANGE);
    DG_ASSERT_OK(dg_optimizer_get_double(o, "population", &v));
    CU_ASSERT_EQUAL(v, 64);
    dg_optimizer_destroy(o);
    /* Parameters belong to the handle: a second one starts from the defaults. */
    DG_ASSERT_OK(dg_optimizer_create_builtin(&o, "digamma"));
    DG_ASSERT_OK(dg_optimizer_get_double(o, "population", &v));
    CU_ASSERT_EQUAL(v, 100);
    dg_optimizer_destroy(o);
}

/* ---- a minimal plug-in, configurable per test ----------------------------------------------- */

typedef struct probe {
    /* behaviour */
    int fail_create, fail_ask_at, fail_tell_at; /* 1-based call numbers; 0: never */
    int converge_after;                          /* asks that return candidates, then 0 */
    size_t batch;                                /* candidates per ask */
    int over_capacity;                           /* claim capacity + 1 candidates */
    /* what happened */
    int creates, destroys, asks, tells;
    int64_t told;
    int ctx_ok, rng_ok;
    uint64_t first_u64;
    double param0;
    const dg_space *space;
    int64_t max_samples;
    /* user_data bookkeeping */
    int frees;
} probe;

static int probe_create(void **state, const dg_optimizer_context *ctx)
{
    probe *p = ctx->user_data;
    p->creates++;
    p->ctx_ok = ctx->struct_size >= sizeof *ctx && ctx->space && ctx->rng && ctx->user_data == p;
    p->space = ctx->space;
    p->max_samples = ctx->max_samples;
    p->param0 = ctx->params ? ctx->params[0] : NAN;
    /* The run's generator: the same seed gives the same numbers. */
    p->first_u64 = dg_rng_u64(ctx->rng);
    double sum = 0, sum2 = 0;
    int ok = dg_rng_below(ctx->rng, 0) == 0 && dg_rng_below(ctx->rng, 1) == 0;
    for (int i = 0; i < 2000; i++) {
        double u = dg_rng_uniform(ctx->rng), z = dg_rng_normal(ctx->rng);
        ok &= u >= 0 && u < 1 && isfinite(z) && dg_rng_below(ctx->rng, 7) < 7;
        sum += u;
        sum2 += z * z;
    }
    ok &= fabs(sum / 2000 - 0.5) < 0.05 && fabs(sum2 / 2000 - 1) < 0.2;
    ok &= dg_genome_randomize(NULL, ctx->rng) == DG_EINVAL;
    p->rng_ok = ok;
    if (p->fail_create)
        return dg_error_set(DG_EINVAL, "probe: refusing to start (%d)", 7);
    *state = p;
    return DG_OK;
}

static void probe_destroy(void *state)
{
    probe *p = state;
    p->destroys++;
}

static int probe_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    probe *p = state;
    p->asks++;
    if (p->fail_ask_at && p->asks == p->fail_ask_at)
        return dg_error_set(DG_EINVAL, "probe: ask broke on call %d", p->asks);
    if (p->converge_after && p->asks > p->converge_after) {
        *count = 0;
        return DG_OK;
    }
    if (p->over_capacity) {
        *count = capacity + 1;
        return DG_OK;
    }
    size_t n = p->batch < capacity ? p->batch : capacity;
    for (size_t i = 0; i < n; i++) /* a few distinct designs: i+1 PEs per cluster */
        if (dg_genome_set_cluster(batch[i], 0, 1, (int64_t)(i % 8) + 1))
            return dg_error_set(DG_EINVAL, "probe: set_cluster failed");
    *count = n;
    return DG_OK;
}

static int probe_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    probe *p = state;
    p->tells++;
    p->told += (int64_t)count;
    for (size_t i = 0; i < count; i++)
        if (!batch[i] || fitness[i].num_objectives < 1)
            return dg_error_set(DG_EINVAL, "probe: bad batch");
    if (p->fail_tell_at && p->tells == p->fail_tell_at)
        return dg_error_set(DG_EINVAL, "probe: tell broke");
    return DG_OK;
}

static void probe_free(void *user_data)
{
    probe *p = user_data;
    p->frees++;
}

static const dg_param_info probe_params[] = {
    {"alpha", "a real parameter", 0.5, 0, 1, 0, 0},
    {"steps", "an integer parameter", 10, 1, 100, 1, 0},
};

static dg_optimizer_ops probe_ops(void)
{
    dg_optimizer_ops ops = DG_OPTIMIZER_OPS_INIT;
    ops.name = "probe";
    ops.description = "a test plug-in";
    ops.params = probe_params;
    ops.num_params = 2;
    ops.create = probe_create;
    ops.destroy = probe_destroy;
    ops.ask = probe_ask;
    ops.tell = probe_tell;
    return ops;
}

static char run_message[1024];

/* A search of ncf on the edge budget with @p opt; returns the run's status
 * (its error message in run_message). */
static int run_with(dg_optimizer *opt, int64_t samples, dg_search_stats *st, dg_design *d, int *result_rc)
{
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_search *s = NULL;
    int rc = -100;
    DG_ASSERT_OK(dg_workload_builtin(&w, "ncf"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_search_create(&s, w, b, cm, opt, NULL));
    if (s) {
        DG_ASSERT_OK(dg_search_set_samples(s, samples));
        rc = dg_search_run(s);
        /* Keep the run's error message: the calls below may replace it. */
        snprintf(run_message, sizeof run_message, "%s", rc ? dg_last_error()->message : "");
        if (rc)
            CU_ASSERT_EQUAL(dg_last_error()->code, rc);
        if (st) {
            st->struct_size = sizeof *st;
            DG_ASSERT_OK(dg_search_stats_get(s, st));
        }
        if (d) {
            d->struct_size = sizeof *d;
            int r = dg_search_result(s, d);
            if (result_rc)
                *result_rc = r;
        }
    }
    dg_search_destroy(s);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
    return rc;
}

/* ---- user_data ownership ---------------------------------------------------------------- */

static void test_user_data_free_once(void)
{
    dg_optimizer_ops ops = probe_ops();
    probe p = {.batch = 4};
    dg_optimizer *o = NULL;
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &p, probe_free));
    CU_ASSERT_EQUAL(p.frees, 0);
    CU_ASSERT_STRING_EQUAL(dg_optimizer_name(o), "probe");
    /* A run does not free it either. */
    DG_ASSERT_OK(run_with(o, 20, NULL, NULL, NULL));
    CU_ASSERT_EQUAL(p.frees, 0);
    CU_ASSERT_EQUAL(p.creates, 1);
    CU_ASSERT_EQUAL(p.destroys, 1);
    dg_optimizer_destroy(o);
    CU_ASSERT_EQUAL(p.frees, 1);

    /* Failures free it once, right away, and leave *out alone. */
    dg_optimizer *sentinel = (dg_optimizer *)(uintptr_t)0x42;
#define SPOIL(name, code, body)                                                          \
    do {                                                                                 \
        dg_optimizer_ops bad = probe_ops();                                              \
        body;                                                                            \
        probe q = {0};                                                                   \
        o = sentinel;                                                                    \
        int rc_ = dg_optimizer_create(&o, &bad, &q, probe_free);                         \
        if (rc_ != (code))                                                               \
            fprintf(stderr, "  %s: rc %d, want %d\n", name, rc_, code);                  \
        CU_ASSERT_EQUAL(rc_, code);                                                      \
        CU_ASSERT_EQUAL(q.frees, 1);                                                     \
        CU_ASSERT_PTR_EQUAL(o, sentinel);                                                \
        if (rc_ == DG_OK)                                                                \
            dg_optimizer_destroy(o);                                                     \
    } while (0)
    SPOIL("no ask", DG_EINVAL, bad.ask = NULL);
    SPOIL("no tell", DG_EINVAL, bad.tell = NULL);
    SPOIL("no create", DG_EINVAL, bad.create = NULL);
    SPOIL("flags", DG_EUNSUPPORTED, bad.flags = 1);
    SPOIL("params missing", DG_EINVAL, bad.params = NULL);
    SPOIL("struct_size too small", DG_EINVAL, bad.struct_size = (uint32_t)offsetof(dg_optimizer_ops, tell));
    SPOIL("struct_size zero", DG_EINVAL, bad.struct_size = 0);
#undef SPOIL
    /* NULL ops or out. */
    probe q = {0};
    DG_ASSERT_RC(dg_optimizer_create(&o, NULL, &q, probe_free), DG_EINVAL);
    CU_ASSERT_EQUAL(q.frees, 1);
    DG_ASSERT_RC(dg_optimizer_create(NULL, &ops, &q, probe_free), DG_EINVAL);
    CU_ASSERT_EQUAL(q.frees, 2);
    /* No destructor: nothing to call. */
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &q, NULL));
    dg_optimizer_destroy(o);
    CU_ASSERT_EQUAL(q.frees, 2);
}

/* ---- the struct_size growth rule ----------------------------------------------------------- */

typedef struct bigger_ops {
    dg_optimizer_ops ops;
    void (*future_entry)(void);
    uint64_t future_flags;
} bigger_ops;

static void future(void) {}

static void test_struct_size_growth(void)
{
    dg_optimizer *o = NULL;
    /* An older (first-version) table: accepted, and it runs. */
    dg_optimizer_ops old = probe_ops();
    old.struct_size = (uint32_t)(offsetof(dg_optimizer_ops, tell) + sizeof(void *));
    probe p = {.batch = 3};
    DG_ASSERT_OK(dg_optimizer_create(&o, &old, &p, NULL));
    DG_ASSERT_OK(run_with(o, 9, NULL, NULL, NULL));
    CU_ASSERT_EQUAL(p.told, 9);
    dg_optimizer_destroy(o);

    /* A newer table whose extra entries are used: refused. */
    bigger_ops big;
    memset(&big, 0, sizeof big);
    big.ops = probe_ops();
    big.ops.struct_size = sizeof big;
    big.future_entry = future;
    probe q = {0};
    o = (dg_optimizer *)(uintptr_t)0x42;
    DG_ASSERT_RC(dg_optimizer_create(&o, &big.ops, &q, probe_free), DG_EUNSUPPORTED);
    CU_ASSERT_EQUAL(q.frees, 1);
    CU_ASSERT_PTR_EQUAL(o, (dg_optimizer *)(uintptr_t)0x42);
    big.future_entry = NULL;
    big.future_flags = 1;
    DG_ASSERT_RC(dg_optimizer_create(&o, &big.ops, NULL, NULL), DG_EUNSUPPORTED);
    /* The same with a zero tail: accepted. */
    big.future_flags = 0;
    probe r = {.batch = 2};
    DG_ASSERT_OK(dg_optimizer_create(&o, &big.ops, &r, probe_free));
    DG_ASSERT_OK(run_with(o, 4, NULL, NULL, NULL));
    CU_ASSERT_EQUAL(r.told, 4);
    dg_optimizer_destroy(o);
    CU_ASSERT_EQUAL(r.frees, 1);

    /* The ops are copied: the caller's table may go away. */
    dg_optimizer_ops tmp = probe_ops();
    tmp.name = NULL; /* unnamed plug-ins get a name */
    probe t = {.batch = 1};
    DG_ASSERT_OK(dg_optimizer_create(&o, &tmp, &t, NULL));
    memset(&tmp, 0, sizeof tmp);
    CU_ASSERT_PTR_NOT_NULL(dg_optimizer_name(o));
    CU_ASSERT(dg_optimizer_name(o)[0] != '\0');
    DG_ASSERT_OK(run_with(o, 2, NULL, NULL, NULL));
    CU_ASSERT_EQUAL(t.told, 2);
    dg_optimizer_destroy(o);
}

/* ---- plug-ins in a run ------------------------------------------------------------------------ */

static void test_context(void)
{
    dg_optimizer_ops ops = probe_ops();
    probe p = {.batch = 7};
    dg_optimizer *o = NULL;
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &p, probe_free));
    DG_ASSERT_OK(dg_optimizer_set_double(o, "alpha", 0.25));
    DG_ASSERT_OK(dg_optimizer_set_int(o, "steps", 42));
    DG_ASSERT_RC(dg_optimizer_set_double(o, "steps", 4.5), DG_ERANGE);
    dg_search_stats st;
    DG_ASSERT_OK(run_with(o, 30, &st, NULL, NULL));
    CU_ASSERT(p.ctx_ok);
    CU_ASSERT(p.rng_ok);
    CU_ASSERT_EQUAL(p.param0, 0.25); /* the handle's values, in table order */
    CU_ASSERT_EQUAL(p.max_samples, 30);
    CU_ASSERT_EQUAL(p.told, 30);
    CU_ASSERT_EQUAL(p.asks, 5); /* 7+7+7+7+(2 of 7) */
    CU_ASSERT_EQUAL(p.tells, 5);
    CU_ASSERT_EQUAL(st.samples, 30);
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_SAMPLES);
    dg_optimizer_destroy(o);
    CU_ASSERT_EQUAL(p.frees, 1);

    /* Same (default) seed, same generator; the handle can be reused by a new search. */
    probe q = {.batch = 7};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &q, NULL));
    DG_ASSERT_OK(run_with(o, 7, NULL, NULL, NULL));
    uint64_t first = q.first_u64;
    DG_ASSERT_OK(run_with(o, 7, NULL, NULL, NULL));
    CU_ASSERT_EQUAL(q.first_u64, first);
    CU_ASSERT_EQUAL(q.first_u64, p.first_u64);
    CU_ASSERT_EQUAL(q.creates, 2);
    CU_ASSERT_EQUAL(q.destroys, 2);
    dg_optimizer_destroy(o);
}

static void test_plugin_failures(void)
{
    dg_optimizer_ops ops = probe_ops();
    dg_optimizer *o = NULL;
    dg_design d;
    int result_rc = 0;

    /* ask fails on its second call: DG_EUSER with the plug-in's message. */
    probe p = {.batch = 5, .fail_ask_at = 2};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &p, probe_free));
    DG_ASSERT_RC(run_with(o, 100, NULL, &d, &result_rc), DG_EUSER);
    CU_ASSERT_PTR_NOT_NULL(strstr(run_message, "ask broke on call 2"));
    CU_ASSERT_EQUAL(result_rc, DG_OK); /* the first batch was evaluated */
    CU_ASSERT_EQUAL(p.destroys, 1);    /* the plug-in's state is still released */
    dg_optimizer_destroy(o);
    CU_ASSERT_EQUAL(p.frees, 1);

    /* ask fails at once: nothing evaluated. */
    probe q = {.batch = 5, .fail_ask_at = 1};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &q, NULL));
    DG_ASSERT_RC(run_with(o, 100, NULL, &d, &result_rc), DG_EUSER);
    CU_ASSERT_PTR_NOT_NULL(strstr(run_message, "ask broke on call 1"));
    CU_ASSERT_EQUAL(result_rc, DG_ESTATE);
    dg_optimizer_destroy(o);

    /* create fails. */
    probe r = {.batch = 5, .fail_create = 1};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &r, NULL));
    DG_ASSERT_RC(run_with(o, 100, NULL, NULL, NULL), DG_EUSER);
    CU_ASSERT_PTR_NOT_NULL(strstr(run_message, "refusing to start (7)"));
    CU_ASSERT_EQUAL(r.asks, 0);
    CU_ASSERT_EQUAL(r.destroys, 0); /* no state was made */
    dg_optimizer_destroy(o);

    /* tell fails. */
    probe t = {.batch = 5, .fail_tell_at = 3};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &t, NULL));
    DG_ASSERT_RC(run_with(o, 100, NULL, NULL, NULL), DG_EUSER);
    CU_ASSERT_PTR_NOT_NULL(strstr(run_message, "tell broke"));
    CU_ASSERT_EQUAL(t.destroys, 1);
    dg_optimizer_destroy(o);

    /* More candidates than slots. */
    probe u = {.batch = 5, .over_capacity = 1};
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &u, NULL));
    DG_ASSERT_RC(run_with(o, 100, NULL, NULL, NULL), DG_EUSER);
    CU_ASSERT_EQUAL(u.tells, 0);
    dg_optimizer_destroy(o);
}

static void test_plugin_converges(void)
{
    dg_optimizer_ops ops = probe_ops();
    probe p = {.batch = 5, .converge_after = 3};
    dg_optimizer *o = NULL;
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, &p, NULL));
    dg_search_stats st;
    dg_design d;
    int result_rc = -1;
    DG_ASSERT_OK(run_with(o, 1000, &st, &d, &result_rc));
    CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_CONVERGED);
    CU_ASSERT_EQUAL(st.samples, 15);
    CU_ASSERT_EQUAL(p.asks, 4);
    CU_ASSERT_EQUAL(p.tells, 3);
    CU_ASSERT_EQUAL(result_rc, DG_OK);
    CU_ASSERT(d.num_pes >= 1 && d.num_pes <= 5);
    dg_optimizer_destroy(o);
}

/* ---- a user-written optimizer end to end: simulated annealing ---------------------------------- */

typedef struct anneal {
    dg_rng *rng;
    dg_genome *current;
    double score, temperature, cooling;
    int64_t accepted;
} anneal;

static int64_t anneal_total_accepted;

static int anneal_create(void **state, const dg_optimizer_context *ctx)
{
    anneal *a = calloc(1, sizeof *a);
    if (!a)
        return dg_error_set(DG_ENOMEM, "anneal: out of memory");
    a->rng = ctx->rng;
    a->temperature = ctx->params[0];
    a->cooling = ctx->params[1];
    a->score = INFINITY;
    int rc = dg_genome_create(&a->current, ctx->space);
    if (rc) {
        free(a);
        return rc;
    }
    *state = a;
    return DG_OK;
}

static void anneal_destroy(void *state)
{
    anneal *a = state;
    anneal_total_accepted += a->accepted;
    dg_genome_destroy(a->current);
    free(a);
}

static int anneal_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    anneal *a = state;
    dg_genome *g = batch[0];
    int rc = dg_genome_copy(g, a->current);
    *count = 1;
    if (rc || a->score == INFINITY)
        return rc;
    const dg_space *sp = dg_genome_space(g);
    size_t unit = (size_t)dg_rng_below(a->rng, dg_space_num_units(sp));
    int level = (int)dg_rng_below(a->rng, (uint64_t)dg_genome_num_levels(g));
    int dim = DG_DIM_K + (int)dg_rng_below(a->rng, 4);
    double f = exp(dg_rng_normal(a->rng));
    if (dg_rng_uniform(a->rng) < 0.7) {
        double t = (double)dg_genome_tile(g, unit, level, dim) * f;
        rc = dg_genome_set_tile(g, unit, level, dim, t < 1 ? 1 : (int64_t)llround(t));
    } else {
        double c = (double)dg_genome_cluster(g, 0, level) * f;
        rc = dg_genome_set_cluster(g, 0, level, c < 1 ? 1 : (int64_t)llround(c));
    }
    return rc ? rc : dg_genome_repair(g);
}

static int anneal_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    anneal *a = state;
    if (count == 0)
        return DG_OK;
    double worse = a->score == INFINITY ? -1 : (fitness[0].score - a->score) / a->score;
    if (worse <= 0 || dg_rng_uniform(a->rng) < exp(-worse / a->temperature)) {
        int rc = dg_genome_copy(a->current, batch[0]);
        if (rc)
            return rc;
        a->score = fitness[0].score;
        a->accepted++;
    }
    a->temperature *= a->cooling;
    return DG_OK;
}

static void test_user_annealing_end_to_end(void)
{
    static const dg_param_info params[] = {
        {"t0", "initial temperature", 0.01, 1e-9, 10, 0, 0},
        {"cooling", "temperature factor per sample", 0.998, 0.5, 1, 0, 0},
    };
    dg_optimizer_ops ops = DG_OPTIMIZER_OPS_INIT;
    ops.name = "anneal";
    ops.params = params;
    ops.num_params = 2;
    ops.create = anneal_create;
    ops.destroy = anneal_destroy;
    ops.ask = anneal_ask;
    ops.tell = anneal_tell;

    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *o = NULL;
    dg_search *s = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, "resnet18"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create(&o, &ops, NULL, NULL));
    DG_ASSERT_OK(dg_search_create(&s, w, b, cm, o, NULL));
    if (!s)
        return;
    DG_ASSERT_OK(dg_search_set_samples(s, 800));
    DG_ASSERT_OK(dg_search_set_seed(s, 3));
    anneal_total_accepted = 0;
    DG_ASSERT_OK(dg_search_run(s));
    dg_design d = {.struct_size = sizeof d};
    dg_search_stats st = {.struct_size = sizeof st};
    DG_ASSERT_OK(dg_search_result(s, &d));
    DG_ASSERT_OK(dg_search_stats_get(s, &st));
    CU_ASSERT_EQUAL(st.samples, 800);
    CU_ASSERT_EQUAL(d.feasible, 1); /* it starts from the smallest design, which fits */
    CU_ASSERT(d.num_pes > 1);       /* and grew it */
    CU_ASSERT(anneal_total_accepted > 1);
    /* Better than the starting point (one PE, unit tiles) by a wide margin. */
    dg_genome *start = NULL;
    DG_ASSERT_OK(dg_genome_create(&start, dg_search_space(s)));
    dg_design d0 = {.struct_size = sizeof d0};
    DG_ASSERT_OK(dg_search_evaluate(s, start, &d0));
    CU_ASSERT(d.latency_cycles * 10 < d0.latency_cycles);
    dg_genome_destroy(start);
    dg_search_destroy(s);
    dg_optimizer_destroy(o);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
}

static CU_TestInfo tests[] = {
    {"built-in list and lookup", test_builtin_list},
    {"parameters: names, bounds, set/get, errors", test_params},
    {"user_data_free: exactly once, failures included", test_user_data_free_once},
    {"struct_size: older accepted, newer only with a zero tail", test_struct_size_growth},
    {"the context a plug-in gets", test_context},
    {"plug-in failures become DG_EUSER with their message", test_plugin_failures},
    {"a plug-in with nothing to propose ends the run", test_plugin_converges},
    {"a user-written simulated annealing, end to end", test_user_annealing_end_to_end},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(optimizer, tests)
