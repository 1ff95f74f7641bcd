/*
 * test_maestro_cases.c: the built-in model against MAESTRO's own outputs
 * (tests/data/maestro-cases: 20 single-layer cases run through MAESTRO HEAD
 * 4eb08d1 and gamma's pinned e1d8efd).
 */
#include "cm_test_util.h"
#include "test_util.h"

#include <digamma/digamma.h>
#include <math.h>

static const char *tensor_prefix[3] = {"in", "wt", "out"};

/* Evaluate the case's file with its hardware; returns 0 on success. */
static int eval_case(const cmt_table *t, int r, const char *mode, const char *variant, dg_layer_cost *c)
{
    char path[1024];
    const char *file = cmt_get(t, r, "mapping_file");
    if (!file)
        return -1;
    snprintf(path, sizeof path, "%s/%s", DG_SRC("tests/data/maestro-cases"), file);
    cmt_first f = {0};
    int rc = dg_maestro_parse_mapping_file(path, cmt_first_cb, &f);
    CU_ASSERT_EQUAL(rc, DG_OK);
    if (rc)
        return rc;
    dg_hw hw;
    const char *src = cmt_get(t, r, "hw_source");
    if (strcmp(src, "cli-flags") == 0) {
        dg_hw_init(&hw, (int64_t)cmt_num(t, r, "num_pes"));
        hw.noc_bw = (int64_t)cmt_num(t, r, "noc_bw");
        hw.noc_latency = (int64_t)cmt_num(t, r, "noc_latency");
        hw.offchip_bw = (int64_t)cmt_num(t, r, "offchip_bw");
        hw.simd_lanes = (int64_t)cmt_num(t, r, "simd");
    } else {
        /* MAESTRO's defaults for keys a hardware file leaves out. */
        dg_hw_init(&hw, 1);
        snprintf(path, sizeof path, "%s/%s", DG_SRC("tests/data/maestro-cases"), src);
        DG_ASSERT_OK(dg_maestro_parse_hw_file(path, &hw));
        CU_ASSERT_EQUAL(hw.num_pes, (int64_t)cmt_num(t, r, "num_pes"));
        CU_ASSERT_EQUAL(hw.noc_bw, (int64_t)cmt_num(t, r, "noc_bw"));
        CU_ASSERT_EQUAL(hw.noc_latency, (int64_t)cmt_num(t, r, "noc_latency"));
        CU_ASSERT_EQUAL(hw.offchip_bw, (int64_t)cmt_num(t, r, "offchip_bw"));
    }
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", mode));
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "variant", variant));
    memset(c, 0, sizeof *c);
    c->struct_size = sizeof *c;
    rc = dg_cost_model_evaluate(cm, &f.layer, &hw, &f.map, c);
    DG_ASSERT_OK(rc);
    dg_cost_model_destroy(cm);
    return rc;
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b)) + 0.006; /* the CSV rounds energy to 2 decimals */
}

static int check_equal_to_row(const cmt_table *t, int r, const dg_layer_cost *c)
{
    const char *id = cmt_get(t, r, "case_id");
    int ok = c->valid == 1 && c->runtime_cycles == cmt_num(t, r, "runtime") && c->macs == cmt_num(t, r, "num_macs") &&
             c->l1_bytes == cmt_num(t, r, "l1_size") && c->l2_bytes == cmt_num(t, r, "l2_size") &&
             near(c->energy, cmt_num(t, r, "energy_mac_units"));
    for (int k = 0; k < 3; k++) {
        char col[64];
        snprintf(col, sizeof col, "%s_l2_rd", tensor_prefix[k]);
        ok &= c->l2_reads[k] == cmt_num(t, r, col);
        snprintf(col, sizeof col, "%s_l2_wr", tensor_prefix[k]);
        ok &= c->l2_writes[k] == cmt_num(t, r, col);
        snprintf(col, sizeof col, "%s_l1_rd", tensor_prefix[k]);
        ok &= c->l1_reads[k] == cmt_num(t, r, col);
        snprintf(col, sizeof col, "%s_l1_wr", tensor_prefix[k]);
        ok &= c->l1_writes[k] == cmt_num(t, r, col);
    }
    if (!ok)
        fprintf(stderr, "case %s: runtime %.0f macs %.0f l1 %.0f l2 %.0f energy %.2f valid %d differ from MAESTRO\n", id,
                c->runtime_cycles, c->macs, c->l1_bytes, c->l2_bytes, c->energy, c->valid);
    return ok;
}

static int same_cost(const dg_layer_cost *a, const dg_layer_cost *b)
{
    int ok = a->valid == b->valid && a->runtime_cycles == b->runtime_cycles && a->macs == b->macs &&
             a->l1_bytes == b->l1_bytes && a->l2_bytes == b->l2_bytes && a->energy == b->energy;
    for (int k = 0; k < 3; k++)
        ok &= a->l1_reads[k] == b->l1_reads[k] && a->l1_writes[k] == b->l1_writes[k] &&
              a->l2_reads[k] == b->l2_reads[k] && a->l2_writes[k] == b->l2_writes[k];
    return ok;
}

static void test_head_compat(void)
{
    cmt_table t;
    CU_ASSERT_EQUAL_FATAL(cmt_load(&t, DG_SRC("tests/data/maestro-cases/cases.csv")), 0);
    CU_ASSERT_EQUAL(t.nrows, 20);
    int checked = 0;
    for (int r = 0; r < t.nrows; r++) {
        dg_layer_cost c;
        if (eval_case(&t, r, "maestro", "head", &c))
            continue;
        if (strcmp(cmt_get(&t, r, "status"), "ok") == 0) {
            CU_ASSERT(check_equal_to_row(&t, r, &c));
            checked++;
        } else {
            /* HEAD refused it ("Invalid mapping"): the model reports it invalid. */
            CU_ASSERT_EQUAL(c.valid, 0);
        }
    }
    CU_ASSERT_EQUAL(checked, 19);
    cmt_free(&t);
}

static void test_e1d8efd_compat(void)
{
    cmt_table t;
    CU_ASSERT_EQUAL_FATAL(cmt_load(&t, DG_SRC("tests/data/maestro-cases/cases.csv")), 0);
    for (int r = 0; r < t.nrows; r++) {
        dg_layer_cost c;
        if (eval_case(&t, r, "maestro", "e1d8efd", &c))
            continue;
        const char *st = cmt_get(&t, r, "e1d8efd_status");
        if (strcmp(st, "same") == 0) {
            CU_ASSERT(check_equal_to_row(&t, r, &c));
        } else {
            CU_ASSERT_STRING_EQUAL(st, "differs");
            CU_ASSERT_EQUAL(c.valid, 1);
            CU_ASSERT_EQUAL(c.runtime_cycles, cmt_num(&t, r, "e1d8efd_runtime"));
            CU_ASSERT_EQUAL(c.l1_bytes, cmt_num(&t, r, "e1d8efd_l1_size"));
            CU_ASSERT_EQUAL(c.l2_bytes, cmt_num(&t, r, "e1d8efd_l2_size"));
            CU_ASSERT(near(c.energy, cmt_num(&t, r, "e1d8efd_energy_mac_units")));
        }
    }
    cmt_free(&t);
}

/* Every published case has MAESTRO's MAC count right, so default mode must agree. */
static void test_default_equals_compat(void)
{
    cmt_table t;
    CU_ASSERT_EQUAL_FATAL(cmt_load(&t, DG_SRC("tests/data/maestro-cases/cases.csv")), 0);
    for (int r = 0; r < t.nrows; r++) {
        if (strcmp(cmt_get(&t, r, "status"), "ok") != 0)
            continue;
        CU_ASSERT_EQUAL(cmt_num(&t, r, "num_macs"), cmt_num(&t, r, "true_macs"));
        dg_layer_cost a, b;
        if (eval_case(&t, r, "maestro", "head", &a) || eval_case(&t, r, "default", "head", &b))
            continue;
        CU_ASSERT(same_cost(&a, &b));
        CU_ASSERT_EQUAL(b.macs, cmt_num(&t, r, "true_macs"));
    }
    cmt_free(&t);
}

static CU_TestInfo tests[] = {
    {"maestro mode equals MAESTRO HEAD on every case", test_head_compat},
    {"variant e1d8efd equals gamma's pinned MAESTRO", test_e1d8efd_compat},
    {"default mode equals maestro mode where MAESTRO counts right", test_default_equals_compat},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(maestro_cases, tests)
