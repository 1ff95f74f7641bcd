/*
 * test_schemes.c: the paper's comparison schemes of Fig. 6 as library
 * features: HW-opt (the `grid` optimizer over the hardware for a fixed
 * dataflow style) and Mapping-opt (a fixed-hardware preset, mappings
 * searched by the GA).
 */
/* getpid */
#define _POSIX_C_SOURCE 200809L

#include "test_util.h"

#include <digamma/digamma.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef test_search_env scheme_run;

/* A search of `model` on edge; preset 0 leaves the hardware free. */
static int open_run(scheme_run *r, const char *model, const char *optimizer, int dataflow, int preset,
                    int64_t samples, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    dg_space_options o;
    dg_space_options_init(&o);
    o.dataflow = dataflow;
    int rc = dg_workload_builtin(&r->w, model);
    if (!rc) rc = dg_budget_create_preset(&r->b, "edge");
    if (!rc && preset) rc = dg_budget_set_fixed_hw_preset(r->b, preset);
    if (!rc) rc = dg_cost_model_create(&r->cm, dg_cost_model_ops_maestro(), NULL, NULL);
    if (!rc) rc = dg_optimizer_create_builtin(&r->opt, optimizer);
    if (!rc) rc = dg_search_create(&r->s, r->w, r->b, r->cm, r->opt, &o);
    if (!rc) rc = dg_search_set_samples(r->s, samples);
    if (!rc) rc = dg_search_set_seed(r->s, seed);
    DG_ASSERT_OK(rc);
    return rc;
}

static dg_design result(const scheme_run *r)
{
    dg_design d = {.struct_size = sizeof d};
    DG_ASSERT_OK(dg_search_result(r->s, &d));
    return d;
}

static dg_search_stats stats(const scheme_run *r)
{
    dg_search_stats st = {.struct_size = sizeof st};
    DG_ASSERT_OK(dg_search_stats_get(r->s, &st));
    return st;
}

static void test_grid_needs_a_style(void)
{
    scheme_run r;
    if (open_run(&r, "ncf", "grid", DG_DATAFLOW_FREE, 0, 100, 1) == DG_OK) {
        DG_ASSERT_RC(dg_search_run(r.s), DG_EUSER); /* the optimizer refused to start */
        CU_ASSERT(strstr(dg_last_error()->message, "dataflow") != NULL);
    }
    test_search_env_close(&r);
}

/* The style's parallel dimensions stay; the grid does not depend on the seed. */
static void test_grid_keeps_style_and_is_deterministic(void)
{
    static const struct {
        int style, top, inner;
    } styles[] = {
        {DG_DATAFLOW_DLA, DG_DIM_K, DG_DIM_C},
        {DG_DATAFLOW_SHI, DG_DIM_YO, DG_DIM_XO},
        {DG_DATAFLOW_EYE, DG_DIM_YO, DG_DIM_R},
    };
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        scheme_run a, b;
        if (open_run(&a, "resnet18", "grid", styles[i].style, 0, 1500, 1) ||
            open_run(&b, "resnet18", "grid", styles[i].style, 0, 1500, 99)) {
            test_search_env_close(&a);
            test_search_env_close(&b);
            return;
        }
        DG_ASSERT_OK(dg_search_run(a.s));
        DG_ASSERT_OK(dg_search_run(b.s));
        dg_design da = result(&a), db = result(&b);
        CU_ASSERT_EQUAL(da.feasible, 1);
        CU_ASSERT_EQUAL(da.latency_cycles, db.latency_cycles);
        CU_ASSERT_EQUAL(da.num_pes, db.num_pes);
        CU_ASSERT(stats(&a).samples > 1000 && stats(&a).samples <= 1500); /* the grid is sized to the budget */
        dg_genome *g = NULL;
        DG_ASSERT_OK(dg_search_best_genome(a.s, &g));
        if (g) {
            int top = dg_genome_parallel_dim(g, 0, 0), inner = dg_genome_parallel_dim(g, 0, 1);
            /* the accessors speak dg_dim; Y and X genes are output rows and columns */
            CU_ASSERT(top == styles[i].top || (styles[i].top == DG_DIM_YO && top == DG_DIM_Y));
            CU_ASSERT(inner == styles[i].inner || (styles[i].inner == DG_DIM_XO && inner == DG_DIM_X));
        }
        dg_genome_destroy(g);
        test_search_env_close(&a);
        test_search_env_close(&b);
    }
}

/* A grid smaller than the sampling budget ends the run when it is exhausted,
 * having evaluated each point once. */
static void test_grid_ends_when_exhausted(void)
{
    scheme_run r;
    if (open_run(&r, "ncf", "grid", DG_DATAFLOW_DLA, 0, 1000000, 1) == DG_OK) {
        /* parameters are read when the run starts */
        DG_ASSERT_OK(dg_optimizer_set_int(r.opt, "steps", 2));
        DG_ASSERT_OK(dg_search_run(r.s));
        dg_search_stats st = stats(&r);
        CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_CONVERGED);
        CU_ASSERT(st.samples > 0 && st.samples < 1000000);
        CU_ASSERT_EQUAL(st.samples % 4, 0); /* hardware points x 2 x 2 scale steps */
        CU_ASSERT_EQUAL(result(&r).feasible, 1);
    }
    test_search_env_close(&r);
}

static int stop_at(void *user, const dg_progress *p)
{
    return p->samples >= *(int64_t *)user;
}

/* Stopped, checkpointed and resumed, the grid ends where an uninterrupted run does. */
static void test_grid_resumes_exactly(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/dg-grid-%ld.ckpt", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    scheme_run a, b, c;
    int64_t stop = 700;
    int rc = open_run(&a, "mobilenet_v2", "grid", DG_DATAFLOW_SHI, 0, 2000, 3);
    rc = rc ? rc : open_run(&b, "mobilenet_v2", "grid", DG_DATAFLOW_SHI, 0, 2000, 3);
    rc = rc ? rc : open_run(&c, "mobilenet_v2", "grid", DG_DATAFLOW_SHI, 0, 2000, 3);
    if (rc == DG_OK) {
        DG_ASSERT_OK(dg_search_run(a.s));
        DG_ASSERT_OK(dg_search_set_checkpoint(b.s, path, 1 << 30));
        DG_ASSERT_OK(dg_search_set_progress(b.s, stop_at, &stop));
        DG_ASSERT_OK(dg_search_run(b.s));
        CU_ASSERT(stats(&b).samples < stats(&a).samples);
        DG_ASSERT_OK(dg_search_resume(c.s, path));
        DG_ASSERT_OK(dg_search_run(c.s));
        dg_design da = result(&a), dc = result(&c);
        CU_ASSERT_EQUAL(stats(&c).samples, stats(&a).samples);
        CU_ASSERT_EQUAL(dc.latency_cycles, da.latency_cycles);
        CU_ASSERT_EQUAL(dc.area_um2, da.area_um2);
    }
    test_search_env_close(&a);
    test_search_env_close(&b);
    test_search_env_close(&c);
    remove(path);
}

/* Mapping-opt: the hardware is the preset's; only mappings are searched. */
static void test_mapping_opt_on_presets(void)
{
    for (int preset = DG_HW_PRESET_BUFFER; preset <= DG_HW_PRESET_COMPUTE; preset++) {
        scheme_run r;
        if (open_run(&r, "resnet18", "digamma", DG_DATAFLOW_FREE, preset, 1000, 2) == DG_OK) {
            DG_ASSERT_OK(dg_search_run(r.s));
            int64_t rows = 0, cols = 0, l1 = 0, l2 = 0;
            dg_budget_fixed_hw(r.b, &rows, &cols, &l1, &l2);
            dg_design d = result(&r);
            CU_ASSERT_EQUAL(d.feasible, 1);
            CU_ASSERT_EQUAL(d.clusters, rows);
            CU_ASSERT_EQUAL(d.pes_per_cluster, cols);
            CU_ASSERT(d.l1_bytes <= l1 && d.l2_bytes <= l2);
        }
        test_search_env_close(&r);
    }
}

static CU_TestInfo tests[] = {
    {"HW-opt: grid search needs a dataflow style", test_grid_needs_a_style},
    {"HW-opt: grid keeps the style, ignores the seed", test_grid_keeps_style_and_is_deterministic},
    {"HW-opt: a grid smaller than the budget ends the run", test_grid_ends_when_exhausted},
    {"HW-opt: grid search resumes exactly", test_grid_resumes_exactly},
    {"Mapping-opt: searches on the fixed-hardware presets", test_mapping_opt_on_presets},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(schemes, tests)
