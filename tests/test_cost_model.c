/*
 * test_cost_model.c: the cost-model handle and vtable rules, the built-in
 * model's options and area models, and bad input to dg_cost_model_evaluate().
 */
#include "cm_test_util.h"
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>

/* --- a trivial plug-in ------------------------------------------------- */

static int frees;
static void count_free(void *p)
{
    (void)p;
    frees++;
}

static int const_eval(void *state, const dg_layer *layer, const dg_hw *hw, const dg_mapping *m, dg_layer_cost *out)
{
    (void)layer, (void)hw, (void)m;
    out->valid = 1;
    out->runtime_cycles = state ? *(const double *)state : 42.0;
    return DG_OK;
}

static int failing_create(void **state, void *user)
{
    (void)state, (void)user;
    return dg_error_set(DG_EINVAL, "plug-in refuses");
}

static void conv_layer(dg_layer *l)
{
    memset(l, 0, sizeof *l);
    l->struct_size = sizeof *l;
    l->type = DG_LAYER_CONV;
    l->n = 1, l->k = 64, l->c = 32, l->y = 16, l->x = 16, l->r = 3, l->s = 3;
    l->stride_y = l->stride_x = 1;
}

/* c04 of the reference cases: 2-level K-C. */
static void c04_mapping(dg_mapping *m)
{
    memset(m, 0, sizeof *m);
    m->struct_size = sizeof *m;
    m->num_levels = 2;
    dg_directive top[] = {{DG_SPATIAL, DG_DIM_K, 4, 4}, {DG_TEMPORAL, DG_DIM_C, 8, 8},  {DG_TEMPORAL, DG_DIM_YO, 4, 4},
                          {DG_TEMPORAL, DG_DIM_XO, 7, 7}, {DG_TEMPORAL, DG_DIM_R, 3, 3}, {DG_TEMPORAL, DG_DIM_S, 3, 3}};
    dg_directive in[] = {{DG_SPATIAL, DG_DIM_C, 1, 1},   {DG_TEMPORAL, DG_DIM_K, 2, 2}, {DG_TEMPORAL, DG_DIM_YO, 2, 2},
                         {DG_TEMPORAL, DG_DIM_XO, 7, 7}, {DG_TEMPORAL, DG_DIM_R, 3, 3}, {DG_TEMPORAL, DG_DIM_S, 3, 3}};
    m->levels[0].num_directives = 6;
    memcpy(m->levels[0].directives, top, sizeof top);
    m->levels[1].cluster_size = 8;
    m->levels[1].num_directives = 6;
    memcpy(m->levels[1].directives, in, sizeof in);
}

static void c04_hw(dg_hw *hw)
{
    dg_hw_init(hw, 64);
    hw->noc_bw = 64;
    hw->noc_latency = 1;
    hw->offchip_bw = 1000;
}

static void test_ops_sizes(void)
{
    dg_cost_model_ops ops = DG_COST_MODEL_OPS_INIT;
    ops.name = "const";
    ops.evaluate = const_eval;
    dg_cost_model *cm = NULL;

    /* A plug-in compiled against an older header: only up to evaluate. */
    ops.struct_size = offsetof(dg_cost_model_ops, evaluate) + sizeof(void *);
    frees = 0;
    DG_ASSERT_OK(dg_cost_model_create(&cm, &ops, NULL, count_free));
    CU_ASSERT_STRING_EQUAL(dg_cost_model_name(cm), "const");
    DG_ASSERT_RC(dg_cost_model_set_option(cm, "mode", "x"), DG_EUNSUPPORTED);
    dg_hw hw;
    dg_hw_init(&hw, 16);
    hw.l1_bytes = 100;
    hw.l2_bytes = 1000;
    double area = -1, power = -1;
    DG_ASSERT_OK(dg_cost_model_area(cm, &hw, &area, &power)); /* default area model */
    CU_ASSERT_DOUBLE_EQUAL(area, 282.0 * 16 + 0.688 * (100.0 * 16 + 1000), 1e-9);
    CU_ASSERT_EQUAL(power, 0.0);
    dg_cost_model_destroy(cm);
    CU_ASSERT_EQUAL(frees, 1);

    /* Below the version-1 minimum. */
    ops.struct_size = offsetof(dg_cost_model_ops, evaluate);
    frees = 0;
    cm = NULL;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &ops, NULL, count_free), DG_EINVAL);
    CU_ASSERT_PTR_NULL(cm);
    CU_ASSERT_EQUAL(frees, 1);

    /* A newer plug-in: a zero tail is fine, a non-zero one is refused. */
    struct {
        dg_cost_model_ops ops;
        void *newer_entry;
    } big;
    memset(&big, 0, sizeof big);
    big.ops = ops;
    big.ops.struct_size = sizeof big;
    frees = 0;
    DG_ASSERT_OK(dg_cost_model_create(&cm, &big.ops, NULL, count_free));
    dg_cost_model_destroy(cm);
    CU_ASSERT_EQUAL(frees, 1);
    big.newer_entry = (void *)&big;
    frees = 0;
    cm = NULL;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &big.ops, NULL, count_free), DG_EUNSUPPORTED);
    CU_ASSERT_PTR_NULL(cm);
    CU_ASSERT_EQUAL(frees, 1);

    /* Unknown flags, newer ABI, missing evaluate. */
    ops.struct_size = sizeof ops;
    ops.flags = UINT64_C(1) << 40;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &ops, NULL, NULL), DG_EUNSUPPORTED);
    ops.flags = 0;
    ops.abi_version = DG_PLUGIN_ABI_VERSION + 1;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &ops, NULL, NULL), DG_EUNSUPPORTED);
    ops.abi_version = DG_PLUGIN_ABI_VERSION;
    ops.evaluate = NULL;
    frees = 0;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &ops, NULL, count_free), DG_EINVAL);
    CU_ASSERT_EQUAL(frees, 1);
    ops.evaluate = const_eval;

    /* create fails: user_data is still freed exactly once. */
    ops.create = failing_create;
    frees = 0;
    DG_ASSERT_RC(dg_cost_model_create(&cm, &ops, NULL, count_free), DG_EINVAL);
    CU_ASSERT_EQUAL(frees, 1);
    CU_ASSERT(strstr(dg_last_error()->message, "plug-in refuses") != NULL);
    ops.create = NULL;

    /* Without create, the state is user_data. */
    double rt = 7.0;
    DG_ASSERT_OK(dg_cost_model_create(&cm, &ops, &rt, NULL));
    dg_layer l;
    conv_layer(&l);
    dg_mapping m;
    c04_mapping(&m);
    dg_layer_cost c = {.struct_size = sizeof c};
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &c));
    CU_ASSERT_EQUAL(c.runtime_cycles, 7.0);
    CU_ASSERT_EQUAL(c.struct_size, sizeof c);
    dg_cost_model_destroy(cm);

    /* NULLs. */
    frees = 0;
    DG_ASSERT_RC(dg_cost_model_create(NULL, &ops, NULL, count_free), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_create(&cm, NULL, NULL, count_free), DG_EINVAL);
    CU_ASSERT_EQUAL(frees, 2);
    dg_cost_model_destroy(NULL);
    CU_ASSERT_PTR_NULL(dg_cost_model_name(NULL));
}

static void test_builtin_options_and_area(void)
{
    const dg_cost_model_ops *ops = dg_cost_model_ops_maestro();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
    CU_ASSERT(ops == dg_cost_model_ops_maestro());
    CU_ASSERT(ops->flags & DG_COST_MODEL_THREADSAFE);
    CU_ASSERT(ops->flags & DG_COST_MODEL_DETERMINISTIC);
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, ops, NULL, NULL));
    CU_ASSERT_STRING_EQUAL(dg_cost_model_name(cm), "maestro");
    DG_ASSERT_RC(dg_cost_model_set_option(cm, "mode", "fast"), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_set_option(cm, "colour", "red"), DG_ENOTFOUND);
    DG_ASSERT_RC(dg_cost_model_set_option(cm, NULL, "red"), DG_EINVAL);
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", "maestro"));
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", "default"));

    dg_hw hw;
    dg_hw_init(&hw, 64);
    double a, p;
    DG_ASSERT_RC(dg_cost_model_area(cm, &hw, &a, &p), DG_EINVAL); /* unlimited buffers have no area */
    hw.l1_bytes = 252;
    hw.l2_bytes = 7264;
    DG_ASSERT_OK(dg_cost_model_area(cm, &hw, &a, &p));
    CU_ASSERT_DOUBLE_EQUAL(a, 282.0 * 64 + 0.688 * (252.0 * 64 + 7264), 1e-6);
    CU_ASSERT_EQUAL(p, 0.0);
    /* MAESTRO's own area and power, checked on reference case c04. */
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "area", "maestro"));
    hw.noc_bw = 64;
    DG_ASSERT_OK(dg_cost_model_area(cm, &hw, &a, &p));
    CU_ASSERT(fabs(a - 8.54131e6) < 5.0);
    CU_ASSERT(fabs(p - 210.361) < 0.001);
    DG_ASSERT_OK(dg_cost_model_area(cm, &hw, NULL, NULL));
    DG_ASSERT_RC(dg_cost_model_area(cm, NULL, &a, &p), DG_EINVAL);
    dg_cost_model_destroy(cm);

    /* dg_hw_init gives gamma's defaults. */
    dg_hw_init(&hw, 9);
    CU_ASSERT_EQUAL(hw.struct_size, sizeof hw);
    CU_ASSERT_EQUAL(hw.num_pes, 9);
    CU_ASSERT_EQUAL(hw.simd_lanes, 1);
    CU_ASSERT_EQUAL(hw.noc_latency, 1);
    CU_ASSERT_EQUAL(hw.noc_bw, DG_UNLIMITED);
    CU_ASSERT_EQUAL(hw.offchip_bw, DG_UNLIMITED);
    dg_hw_init(NULL, 1);
}

/* Evaluate and expect an error code (and the output untouched). */
static void expect_rc(dg_cost_model *cm, const dg_layer *l, const dg_hw *hw, const dg_mapping *m, int want,
                      const char *what)
{
    dg_layer_cost c;
    memset(&c, 0x5a, sizeof c);
    c.struct_size = sizeof c;
    int rc = dg_cost_model_evaluate(cm, l, hw, m, &c);
    if (rc != want)
        fprintf(stderr, "%s: got %d (%s), want %d\n", what, rc, dg_last_error()->message, want);
    CU_ASSERT_EQUAL(rc, want);
    if (rc) {
        CU_ASSERT(dg_last_error()->message[0] != '\0');
        unsigned char *b = (unsigned char *)&c + sizeof c.struct_size;
        int untouched = 1;
        for (size_t k = 0; k < sizeof c - sizeof c.struct_size; k++)
            untouched &= b[k] == 0x5a;
        CU_ASSERT(untouched);
    }
}

static void test_bad_input(void)
{
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    dg_layer l;
    dg_mapping m;
    dg_hw hw;
    conv_layer(&l);
    c04_mapping(&m);
    c04_hw(&hw);
    dg_layer_cost c = {.struct_size = sizeof c};
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &c));
    CU_ASSERT_EQUAL(c.valid, 1);
    CU_ASSERT_EQUAL(c.runtime_cycles, 56939);

    /* NULL pointers and struct sizes. */
    DG_ASSERT_RC(dg_cost_model_evaluate(NULL, &l, &hw, &m, &c), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_evaluate(cm, NULL, &hw, &m, &c), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_evaluate(cm, &l, NULL, &m, &c), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_evaluate(cm, &l, &hw, NULL, &c), DG_EINVAL);
    DG_ASSERT_RC(dg_cost_model_evaluate(cm, &l, &hw, &m, NULL), DG_EINVAL);
    c.struct_size = offsetof(dg_layer_cost, l2_writes);
    DG_ASSERT_RC(dg_cost_model_evaluate(cm, &l, &hw, &m, &c), DG_EINVAL);
    c.struct_size = sizeof c;
    hw.struct_size = 8;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "small dg_hw");
    c04_hw(&hw);
    m.struct_size = 8;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "small dg_mapping");
    c04_mapping(&m);
    l.struct_size = 8;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "small dg_layer");
    conv_layer(&l);

    /* Zero sizes. */
    l.k = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "K = 0");
    conv_layer(&l);
    l.stride_y = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "stride 0");
    conv_layer(&l);
    l.type = 99;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "unknown layer type");
    conv_layer(&l);
    l.r = 20;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "filter larger than input");
    conv_layer(&l);
    m.levels[1].directives[2].size = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "map size 0");
    c04_mapping(&m);
    m.levels[0].directives[0].offset = -3;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "negative offset");
    c04_mapping(&m);
    m.levels[1].cluster_size = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "cluster size 0");
    c04_mapping(&m);
    hw.num_pes = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "0 PEs");
    c04_hw(&hw);
    hw.noc_bw = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "NoC bandwidth 0");
    c04_hw(&hw);
    hw.simd_lanes = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "0 SIMD lanes");
    c04_hw(&hw);

    /* More cluster PEs than PEs: MAESTRO dies of SIGFPE, we say so. */
    hw.num_pes = 4;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "cluster of 8 on 4 PEs");
    CU_ASSERT(strstr(dg_last_error()->message, "PEs") != NULL);
    c04_hw(&hw);

    /* Unknown dimensions, malformed directive lists. */
    m.levels[0].directives[1].dim = 42;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "dimension 42");
    c04_mapping(&m);
    m.levels[0].directives[1].kind = 7;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "directive kind 7");
    c04_mapping(&m);
    m.levels[0].directives[1].dim = DG_DIM_K;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "K twice in a level");
    c04_mapping(&m);
    m.levels[0].directives[0].kind = DG_TEMPORAL;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "no SpatialMap");
    c04_mapping(&m);
    for (int k = 0; k < 3; k++)
        m.levels[1].directives[k].kind = DG_SPATIAL;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "three SpatialMaps");
    c04_mapping(&m);
    m.levels[1].directives[4].dim = DG_DIM_N; /* drops R from a level that maps Y' */
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "Y' without R");
    c04_mapping(&m);
    m.num_levels = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "0 levels");
    m.num_levels = DG_MAX_LEVELS + 1;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "5 levels");
    c04_mapping(&m);
    m.levels[0].num_directives = 0;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "empty level");
    m.levels[0].num_directives = DG_MAX_DIRECTIVES + 1;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "17 directives");
    c04_mapping(&m);
    m.flags = 1u << 9;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "unknown mapping flag");
    m.flags = DG_MAPPING_NATIVE_GEMM; /* on a CONV */
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "native GEMM flag on a CONV");
    c04_mapping(&m);

    /* Depthwise layers have no K; native GEMM has no R. */
    l.type = DG_LAYER_DWCONV;
    l.k = l.c;
    expect_rc(cm, &l, &hw, &m, DG_EINVAL, "K directive on a depthwise layer");

    /* A mapping that is well-formed but that MAESTRO cannot evaluate is reported invalid. */
    conv_layer(&l);
    m.levels[0].directives[2].size = 20; /* Y' tile 20 > 14 output rows */
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &c));
    CU_ASSERT_EQUAL(c.valid, 0);
    c04_mapping(&m);
    /* Buffers too small for the mapping: evaluated, but not valid. */
    hw.l1_bytes = 100;
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &c));
    CU_ASSERT_EQUAL(c.valid, 0);
    CU_ASSERT_EQUAL(c.l1_bytes, 252);
    hw.l1_bytes = 252;
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &c));
    CU_ASSERT_EQUAL(c.valid, 1);
    dg_cost_model_destroy(cm);
}

/* Counts that do not fit in 64 bits: 2^52 steps of a NoC latency of 2^31 - 1
 * cycles. The layer's MAC count (2^52) is within the model's range; the
 * runtime is not, in either mode, with one level or with the steps in a
 * child level. With a latency of 1 the same mapping evaluates. */
static void test_counts_beyond_64_bits(void)
{
    dg_layer l;
    conv_layer(&l);
    l.k = l.c = INT64_C(1) << 26;
    l.y = l.x = l.r = l.s = 1;
    dg_mapping one, two;
    memset(&one, 0, sizeof one);
    one.struct_size = sizeof one;
    one.num_levels = 1;
    dg_directive steps[] = {{DG_TEMPORAL, DG_DIM_K, 1, 1}, {DG_SPATIAL, DG_DIM_C, 1, 1},
                            {DG_TEMPORAL, DG_DIM_YO, 1, 1}, {DG_TEMPORAL, DG_DIM_XO, 1, 1},
                            {DG_TEMPORAL, DG_DIM_R, 1, 1}, {DG_TEMPORAL, DG_DIM_S, 1, 1}};
    one.levels[0].num_directives = 6;
    memcpy(one.levels[0].directives, steps, sizeof steps);
    two = one;
    two.num_levels = 2;
    dg_directive whole[] = {{DG_SPATIAL, DG_DIM_K, l.k, l.k}, {DG_TEMPORAL, DG_DIM_C, l.c, l.c},
                            {DG_TEMPORAL, DG_DIM_YO, 1, 1},   {DG_TEMPORAL, DG_DIM_XO, 1, 1},
                            {DG_TEMPORAL, DG_DIM_R, 1, 1},    {DG_TEMPORAL, DG_DIM_S, 1, 1}};
    memcpy(two.levels[0].directives, whole, sizeof whole);
    memcpy(two.levels[1].directives, steps, sizeof steps);
    two.levels[1].num_directives = 6;
    two.levels[1].cluster_size = 1;
    dg_hw hw;
    dg_hw_init(&hw, 1);
    for (int mode = 0; mode < 2; mode++) {
        dg_cost_model *cm;
        DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
        if (mode)
            DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", "maestro"));
        hw.noc_latency = 1;
        dg_layer_cost c = {.struct_size = sizeof c};
        DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &one, &c));
        CU_ASSERT_EQUAL(c.macs, (double)(INT64_C(1) << 52));
        CU_ASSERT_EQUAL(c.runtime_cycles, (double)((INT64_C(1) << 52) + 1));
        DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &two, &c));
        CU_ASSERT_EQUAL(c.macs, (double)(INT64_C(1) << 52));
        hw.noc_latency = INT32_MAX;
        expect_rc(cm, &l, &hw, &one, DG_ERANGE, "one level, 2^52 steps of 2^31 cycles");
        expect_rc(cm, &l, &hw, &two, DG_ERANGE, "a child level of 2^52 steps of 2^31 cycles");
        CU_ASSERT(strstr(dg_last_error()->message, "overflows 64 bits") != NULL);
        dg_cost_model_destroy(cm);
    }
}

/* A caller compiled against a newer header keeps its unknown tail. */
static void test_bigger_cost_struct(void)
{
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    struct {
        dg_layer_cost c;
        double newer[4];
    } big;
    memset(&big, 0, sizeof big);
    big.c.struct_size = sizeof big;
    big.newer[0] = 123.0;
    dg_layer l;
    dg_mapping m;
    dg_hw hw;
    conv_layer(&l);
    c04_mapping(&m);
    c04_hw(&hw);
    DG_ASSERT_OK(dg_cost_model_evaluate(cm, &l, &hw, &m, &big.c));
    CU_ASSERT_EQUAL(big.c.struct_size, sizeof big);
    CU_ASSERT_EQUAL(big.newer[0], 123.0);
    CU_ASSERT_EQUAL(big.c.runtime_cycles, 56939);
    dg_cost_model_destroy(cm);
}

/* The built-in model declares itself thread-safe: evaluate from several threads. */
typedef struct tjob {
    dg_cost_model *cm;
    int ok;
} tjob;

static void *thread_eval(void *arg)
{
    tjob *j = arg;
    dg_layer l;
    dg_mapping m;
    dg_hw hw;
    conv_layer(&l);
    c04_mapping(&m);
    c04_hw(&hw);
    j->ok = 1;
    for (int k = 0; k < 200; k++) {
        dg_layer_cost c = {.struct_size = sizeof c};
        if (dg_cost_model_evaluate(j->cm, &l, &hw, &m, &c) != DG_OK || c.runtime_cycles != 56939 ||
            c.l2_bytes != 7264)
            j->ok = 0;
    }
    return NULL;
}

static void test_threads(void)
{
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    pthread_t th[4];
    tjob jobs[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].cm = cm;
        CU_ASSERT_EQUAL(pthread_create(&th[k], NULL, thread_eval, &jobs[k]), 0);
    }
    for (int k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        CU_ASSERT(jobs[k].ok);
    }
    dg_cost_model_destroy(cm);
}

static CU_TestInfo tests[] = {
    {"ops struct sizes, user_data ownership", test_ops_sizes},
    {"built-in options and area models", test_builtin_options_and_area},
    {"bad input gives errors, never crashes", test_bad_input},
    {"counts beyond 64 bits are DG_ERANGE", test_counts_beyond_64_bits},
    {"a larger dg_layer_cost keeps its tail", test_bigger_cost_struct},
    {"concurrent evaluation", test_threads},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(cost_model, tests)
