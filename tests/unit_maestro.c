/*
 * unit_maestro.c: white-box checks of the MAESTRO engine: the cluster levels
 * of the spec's worked example (§13) and the per-tensor buffer sizes, which
 * the public dg_layer_cost only reports as totals.
 */
#include "cm_test_util.h"
#include "test_util.h"

#include "costmodel/costmodel.h"

/* reference/maestro-model.md §13. */
static void test_worked_example(void)
{
    static const char text[] = "Network t { Layer L { Type: CONV Dimensions { K: 4, C: 2, Y: 5, X: 5, R: 3, S: 3 }\n"
                               "Dataflow { SpatialMap(1,1) K; TemporalMap(1,1) C; TemporalMap(2,2) Y'; "
                               "TemporalMap(3,3) X'; TemporalMap(3,3) R; TemporalMap(3,3) S; } } }";
    cmt_first f = {0};
    DG_ASSERT_OK(dg_maestro_parse_mapping_buffer(text, strlen(text), "ex.m", cmt_first_cb, &f));
    dgi_problem p;
    DG_ASSERT_OK(dgi_problem_init(&p, &f.layer, 0, 0));
    dgi_mopts o = {.variant = DGI_VARIANT_HEAD, .fixed = 0};
    dgi_built b;
    DG_ASSERT_OK(dgi_build_levels(&b, &p, &f.map, 2, &o));
    CU_ASSERT_EQUAL(b.nlv, 1);
    const dgi_level *L = &b.lv[0];
    /* After §3: S(1,1)K T(1,1)C T(4,2)Y T(5,3)X T(3,3)R T(3,3)S; N = 2, E = 1. */
    static const int vars[6] = {DG_DIM_K, DG_DIM_C, DG_DIM_Y, DG_DIM_X, DG_DIM_R, DG_DIM_S};
    static const int64_t sz[6] = {1, 1, 4, 5, 3, 3}, of[6] = {1, 1, 2, 3, 3, 3};
    CU_ASSERT_EQUAL_FATAL(L->nd, 6);
    for (int i = 0; i < 6; i++) {
        CU_ASSERT_EQUAL(L->var[i], vars[i]);
        CU_ASSERT_EQUAL(L->size[i], sz[i]);
        CU_ASSERT_EQUAL(L->ofs[i], of[i]);
    }
    CU_ASSERT_EQUAL(L->N, 2);
    CU_ASSERT_EQUAL(L->E, 1);
    CU_ASSERT_EQUAL(L->un[DG_DIM_Y], 2);
    CU_ASSERT_EQUAL(L->un[DG_DIM_X], 0);
    CU_ASSERT_EQUAL(L->mpe[DG_DIM_Y], 3);
    CU_ASSERT_EQUAL(L->mp[DG_DIM_YO], 2);
    CU_ASSERT_EQUAL(L->mpe[DG_DIM_YO], 1);

    dg_hw hw;
    dg_hw_init(&hw, 2);
    hw.noc_bw = 4;
    hw.offchip_bw = 1000;
    dgi_mresult r;
    DG_ASSERT_OK(dgi_maestro_eval(&f.layer, &hw, &f.map, &o, 0, &r));
    CU_ASSERT_EQUAL(r.valid, 1);
    CU_ASSERT_EQUAL(r.runtime, 334);
    CU_ASSERT_EQUAL(r.macs, 648);
    CU_ASSERT_EQUAL(r.l1_size[0], 40);
    CU_ASSERT_EQUAL(r.l1_size[1], 18);
    CU_ASSERT_EQUAL(r.l1_size[2], 40);
    CU_ASSERT_EQUAL(r.l2_size[0], 40);
    CU_ASSERT_EQUAL(r.l2_size[1], 36);
    CU_ASSERT_EQUAL(r.l2_size[2], 24);
    CU_ASSERT_EQUAL(r.l2_rd[0], 100);
    CU_ASSERT_EQUAL(r.l2_wr[0], 50);
    CU_ASSERT_EQUAL(r.l2_rd[1], 72);
    CU_ASSERT_EQUAL(r.l2_wr[1], 72);
    CU_ASSERT_EQUAL(r.l2_rd[2], 36);
    CU_ASSERT_EQUAL(r.l2_wr[2], 72);
    CU_ASSERT_EQUAL(r.l1_wr[0], 100);
    CU_ASSERT_EQUAL(r.l1_wr[1], 72);
    CU_ASSERT_EQUAL(r.l1_wr[2], 648);
    CU_ASSERT_DOUBLE_EQUAL(r.energy, 12772.7, 0.05);
}

/* Per-tensor L1/L2 sizes on every reference case. */
static void test_case_buffer_sizes(void)
{
    cmt_table t;
    CU_ASSERT_EQUAL_FATAL(cmt_load(&t, DG_SRC("tests/data/maestro-cases/cases.csv")), 0);
    static const char *pre[3] = {"in", "wt", "out"};
    int checked = 0;
    for (int r = 0; r < t.nrows; r++) {
        if (strcmp(cmt_get(&t, r, "status"), "ok") != 0 || strcmp(cmt_get(&t, r, "hw_source"), "cli-flags") != 0)
            continue;
        char path[1024];
        const char *file = cmt_get(&t, r, "mapping_file");
        if (!file)
            continue;
        snprintf(path, sizeof path, "%s/%s", DG_SRC("tests/data/maestro-cases"), file);
        cmt_first f = {0};
        DG_ASSERT_OK(dg_maestro_parse_mapping_file(path, cmt_first_cb, &f));
        dg_hw hw;
        dg_hw_init(&hw, (int64_t)cmt_num(&t, r, "num_pes"));
        hw.noc_bw = (int64_t)cmt_num(&t, r, "noc_bw");
        hw.noc_latency = (int64_t)cmt_num(&t, r, "noc_latency");
        hw.offchip_bw = (int64_t)cmt_num(&t, r, "offchip_bw");
        dgi_mopts o = {.variant = DGI_VARIANT_HEAD, .fixed = 0};
        dgi_mresult res;
        DG_ASSERT_OK(dgi_maestro_eval(&f.layer, &hw, &f.map, &o, 0, &res));
        for (int k = 0; k < 3; k++) {
            char col[32];
            snprintf(col, sizeof col, "%s_l1_size", pre[k]);
            CU_ASSERT_EQUAL(res.l1_size[k], (int64_t)cmt_num(&t, r, col));
            snprintf(col, sizeof col, "%s_l2_size", pre[k]);
            CU_ASSERT_EQUAL(res.l2_size[k], (int64_t)cmt_num(&t, r, col));
        }
        checked++;
    }
    CU_ASSERT_EQUAL(checked, 18);
    cmt_free(&t);
}

/* Every random mapping of tests/data/maestro-random.txt, every number MAESTRO reports. */
static void test_random_mappings(void)
{
    size_t len;
    char *data = cmt_slurp(DG_SRC("tests/data/maestro-random.txt"), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    char *pos = data;
    cmt_rcase c;
    int n = 0, numbers = 0, bad = 0, rc;
    while ((rc = cmt_next_rcase(&pos, &c)) == 1) {
        n++;
        cmt_first f = {0};
        if (dg_maestro_parse_mapping_buffer(c.text, c.text_len, "random.m", cmt_first_cb, &f) != DG_OK) {
            fprintf(stderr, "random case %d: %s\n", c.id, dg_last_error()->message);
            bad++;
            continue;
        }
        dg_hw hw;
        cmt_rcase_hw(&c, &hw);
        dgi_mopts o = {.variant = strcmp(c.variant, "e1d8efd") == 0 ? DGI_VARIANT_E1D8EFD : DGI_VARIANT_HEAD, .fixed = 0};
        dgi_mresult r;
        if (dgi_maestro_eval(&f.layer, &hw, &f.map, &o, 0, &r) != DG_OK) {
            fprintf(stderr, "random case %d: %s\n", c.id, dg_last_error()->message);
            bad++;
            continue;
        }
        int ok = r.valid == c.valid;
        if (c.has_numbers) {
            numbers++;
            ok &= r.runtime == c.runtime && r.macs == c.macs && r.l1_size_total == c.l1 && r.l2_size_total == c.l2;
            for (int k = 0; k < 3; k++)
                ok &= r.l1_size[k] == c.l1sz[k] && r.l2_size[k] == c.l2sz[k] && r.l2_rd[k] == c.l2rd[k] &&
                      r.l2_wr[k] == c.l2wr[k] && r.l1_rd[k] == c.l1rd[k] && r.l1_wr[k] == c.l1wr[k];
            ok &= r.energy == c.energy || (r.energy - c.energy) * (r.energy - c.energy) < 1e-12 * c.energy * c.energy;
        }
        if (!ok) {
            fprintf(stderr,
                    "random case %d (%s): got valid %d runtime %lld macs %lld l1 %lld l2 %lld; want valid %d "
                    "runtime %lld macs %lld l1 %lld l2 %lld\n",
                    c.id, c.kind, r.valid, (long long)r.runtime, (long long)r.macs, (long long)r.l1_size_total,
                    (long long)r.l2_size_total, c.valid, (long long)c.runtime, (long long)c.macs, (long long)c.l1,
                    (long long)c.l2);
            bad++;
        }
    }
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(n >= 1000);
    CU_ASSERT(numbers >= 1000);
    CU_ASSERT_EQUAL(bad, 0);
    free(data);
}

/* Default mode's repaired analysis counts every gamma-style mapping's MACs
 * right by itself (MAESTRO miscounts some of them); only "wild" mappings with
 * overlapping windows, which really recompute MACs, need the true count forced. */
static void test_repair_counts_gamma_style(void)
{
    size_t len;
    char *data = cmt_slurp(DG_SRC("tests/data/maestro-random.txt"), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    char *pos = data;
    cmt_rcase c;
    int repaired = 0, forced = 0, bad = 0;
    while (cmt_next_rcase(&pos, &c) == 1) {
        if (!c.has_numbers || !c.valid || strcmp(c.variant, "head") != 0 || c.macs == c.true_macs)
            continue;
        cmt_first f = {0};
        dg_hw hw;
        dgi_mresult r;
        dgi_mopts o = {.variant = DGI_VARIANT_HEAD, .fixed = 0};
        cmt_rcase_hw(&c, &hw);
        if (dg_maestro_parse_mapping_buffer(c.text, c.text_len, "random.m", cmt_first_cb, &f) != DG_OK ||
            dgi_maestro_eval(&f.layer, &hw, &f.map, &o, 1, &r) != DG_OK) {
            bad++;
            continue;
        }
        if (r.macs != c.true_macs)
            bad++;
        if (r.model_macs == c.true_macs)
            repaired++;
        else
            forced++;
        if (strncmp(c.kind, "gamma", 5) == 0 && r.model_macs != c.true_macs) {
            fprintf(stderr, "random case %d (%s): repaired analysis counts %lld MACs, want %lld\n", c.id, c.kind,
                    (long long)r.model_macs, (long long)c.true_macs);
            bad++;
        }
    }
    CU_ASSERT(repaired >= 30);
    CU_ASSERT(forced > 0);
    CU_ASSERT_EQUAL(bad, 0);
    free(data);
}

static CU_TestInfo tests[] = {
    {"the spec's worked example (§13)", test_worked_example},
    {"per-tensor buffer sizes on the reference cases", test_case_buffer_sizes},
    {"random mappings: every number equals MAESTRO's (maestro_ref.py)", test_random_mappings},
    {"default mode's repaired analysis counts gamma-style mappings right", test_repair_counts_gamma_style},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(maestro_engine, tests)
