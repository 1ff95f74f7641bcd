/*
 * test_maestro_notation.c: MAESTRO mapping and hardware files in, mapping
 * notation out; round trips; hostile input.
 */
#include "cm_test_util.h"
#include "test_util.h"

#include <digamma/digamma.h>

#define MAXL 16

typedef struct collected {
    int n;
    dg_layer layer[MAXL];
    dg_mapping map[MAXL];
    char name[MAXL][64];
} collected;

static int collect_cb(void *user, const dg_layer *l, const dg_mapping *m)
{
    collected *c = user;
    if (c->n == MAXL)
        return 1;
    c->layer[c->n] = *l;
    c->map[c->n] = *m;
    snprintf(c->name[c->n], sizeof c->name[0], "%s", l->name ? l->name : "");
    c->layer[c->n].name = c->name[c->n];
    c->n++;
    return 0;
}

static int parse_text(const char *text, collected *c)
{
    memset(c, 0, sizeof *c);
    return dg_maestro_parse_mapping_buffer(text, strlen(text), "t.m", collect_cb, c);
}

static int same_mapping(const dg_mapping *a, const dg_mapping *b)
{
    if (a->num_levels != b->num_levels || a->flags != b->flags)
        return 0;
    for (uint32_t l = 0; l < a->num_levels; l++) {
        const dg_mapping_level *x = &a->levels[l], *y = &b->levels[l];
        if (x->num_directives != y->num_directives || (l > 0 && x->cluster_size != y->cluster_size))
            return 0;
        for (uint32_t j = 0; j < x->num_directives; j++)
            if (x->directives[j].kind != y->directives[j].kind || x->directives[j].dim != y->directives[j].dim ||
                x->directives[j].size != y->directives[j].size || x->directives[j].offset != y->directives[j].offset)
                return 0;
    }
    return 1;
}

static int same_layer_shape(const dg_layer *a, const dg_layer *b)
{
    return a->type == b->type && a->n == b->n && a->k == b->k && a->c == b->c && a->y == b->y && a->x == b->x &&
           a->r == b->r && a->s == b->s && a->stride_y == b->stride_y && a->stride_x == b->stride_x;
}

static int eval(dg_cost_model *cm, const dg_layer *l, const dg_mapping *m, int64_t pes, dg_layer_cost *c)
{
    dg_hw hw;
    dg_hw_init(&hw, pes);
    hw.noc_bw = 64;
    hw.offchip_bw = 1000;
    memset(c, 0, sizeof *c);
    c->struct_size = sizeof *c;
    return dg_cost_model_evaluate(cm, l, &hw, m, c);
}

/* write -> parse gives the same layer shape, the same mapping and the same numbers. */
static void check_round_trip(dg_cost_model *cm, const dg_layer *l, const dg_mapping *m, int64_t pes)
{
    char text[8192];
    size_t need = 0;
    DG_ASSERT_OK(dg_maestro_write_layer(l, m, text, sizeof text, &need));
    CU_ASSERT_EQUAL(need, strlen(text));
    collected c;
    int rc = parse_text(text, &c);
    DG_ASSERT_OK(rc);
    if (rc || c.n != 1) {
        CU_FAIL("round trip did not give one layer");
        return;
    }
    CU_ASSERT(same_mapping(m, &c.map[0]));
    if (l->pad_y == 0 && l->pad_x == 0 && (l->type == DG_LAYER_CONV || l->type == DG_LAYER_DWCONV ||
                                           (m->flags & DG_MAPPING_NATIVE_GEMM)))
        CU_ASSERT(same_layer_shape(l, &c.layer[0]));
    dg_layer_cost a, b;
    DG_ASSERT_OK(eval(cm, l, m, pes, &a));
    DG_ASSERT_OK(eval(cm, &c.layer[0], &c.map[0], pes, &b));
    CU_ASSERT(a.runtime_cycles == b.runtime_cycles && a.macs == b.macs && a.l1_bytes == b.l1_bytes &&
              a.l2_bytes == b.l2_bytes && a.energy == b.energy && a.valid == b.valid);
    /* And again: writing the parsed mapping gives the same text. */
    char text2[8192];
    DG_ASSERT_OK(dg_maestro_write_layer(&c.layer[0], &c.map[0], text2, sizeof text2, NULL));
    CU_ASSERT_STRING_EQUAL(text, text2);
}

static void test_round_trip_cases(void)
{
    static const char *files[] = {"c02", "c04", "c06", "c08", "c10", "c12", "c14", "c16", "c18", "c20",
                                  "c22", "c24", "c26", "c28", "d02", "d04", "f02", "g02", "h02", "r02"};
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", "maestro"));
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.m", DG_SRC("tests/data/maestro-cases"), files[k]);
        collected c;
        memset(&c, 0, sizeof c);
        DG_ASSERT_OK(dg_maestro_parse_mapping_file(path, collect_cb, &c));
        CU_ASSERT_EQUAL(c.n, 1);
        if (c.n == 1)
            check_round_trip(cm, &c.layer[0], &c.map[0], 256);
    }
    /* Padding is folded into the input size; GEMM and FC (gamma convention) come back as CONV. */
    dg_layer l;
    memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.type = DG_LAYER_CONV;
    l.n = 1, l.k = 16, l.c = 8, l.y = 12, l.x = 12, l.r = 3, l.s = 3, l.stride_y = 2, l.stride_x = 1, l.pad_y = 1,
    l.pad_x = 1;
    l.name = "padded conv";
    collected c;
    DG_ASSERT_OK(parse_text("Layer L { Type: CONV Dimensions { K: 16, C: 8, Y: 12, X: 12, R: 3, S: 3 } Dataflow {"
                            "SpatialMap(2,2) K; TemporalMap(4,4) C; TemporalMap(3,3) Y'; TemporalMap(5,5) X';"
                            "TemporalMap(3,3) R; TemporalMap(3,3) S; Cluster(4,P); SpatialMap(1,1) C;"
                            "TemporalMap(3,3) Y'; TemporalMap(3,3) X'; TemporalMap(3,3) R; TemporalMap(3,3) S; } }",
                            &c));
    CU_ASSERT_EQUAL_FATAL(c.n, 1);
    check_round_trip(cm, &l, &c.map[0], 64);
    l.type = DG_LAYER_FC;
    l.k = 100, l.c = 64, l.y = l.x = l.r = l.s = 1, l.stride_y = 1, l.pad_y = l.pad_x = 0;
    l.n = 4;
    DG_ASSERT_OK(parse_text("Layer L { Type: CONV Dimensions { N: 4, K: 100, C: 64, Y: 1, X: 1, R: 1, S: 1 } "
                            "Dataflow { SpatialMap(8,8) K; TemporalMap(16,16) C; } }",
                            &c));
    CU_ASSERT_EQUAL_FATAL(c.n, 1);
    CU_ASSERT_EQUAL(c.layer[0].n, 4);
    check_round_trip(cm, &l, &c.map[0], 8);
    dg_cost_model_destroy(cm);
}

static const char notation[] =
    "// every feature of the notation at once\n"
    "Constant TK 4;\n"
    "Network demo {\n"
    "Layer Conv2d-1 {   // a name with a dash\n"
    "  Type: CONV\n"
    "  Stride { X: 2, Y: 2 }\n"
    "  Dimensions { K: 64, C: 3, Y: 37, X: 37, R: 7, S: 7 }\n"
    "  Dataflow {\n"
    "    SpatialMap(1,1) K;\n"
    "    TemporalMap(3,3) C;\n"
    "    TemporalMap(Sz(R),Sz(R)) R;\n"
    "    TemporalMap(Sz(S),Sz(S)) S;\n"
    "    TemporalMap(Sz(R),1) Y;\n"
    "    TemporalMap(Sz(S),1) X;\n"
    "    Cluster(3,P);\n"
    "    SpatialMap(1,1) C;\n"
    "    TemporalMap(Sz(R),1) Y;\n"
    "    TemporalMap(Sz(S),1) X;\n"
    "    TemporalMap(Sz(R),Sz(R)) R;\n"
    "    TemporalMap(Sz(S),Sz(S)) S;\n"
    "  }\n"
    "}\n"
    "Layer same_dataflow {\n"
    "  Type: CONV\n"
    "  Dimensions { K: 32, C: 3, Y': 20, X': 20, R: 7, S: 7 }\n"
    "  Dataflow { }\n"
    "}\n"
    "Layer dw { Type: DSCONV Dimensions { K: 1, C: 32, Y: 10, X: 10, R: 3, S: 3 }\n"
    "  Dataflow { SpatialMap(TK,TK) C; TemporalMap(3,3) Y'; TemporalMap(8,8) X'; TemporalMap(3,3) R; TemporalMap(3,3) S; } }\n"
    "Layer mm { Type: GEMM Dimensions { M: 100, N: 60, K: 100 }\n"
    "  Dataflow { SpatialMap(8,8) N; TemporalMap(10,10) M; TemporalMap(25,25) K; Cluster(8,L); SpatialMap(1,1) N;"
    " TemporalMap(5,5) M; TemporalMap(25,25) K; } }\n"
    "}\n";

static void test_notation_features(void)
{
    collected c;
    DG_ASSERT_OK(parse_text(notation, &c));
    CU_ASSERT_EQUAL_FATAL(c.n, 4);
    CU_ASSERT_STRING_EQUAL(c.layer[0].name, "Conv2d-1");
    CU_ASSERT_EQUAL(c.layer[0].stride_y, 2);
    CU_ASSERT_EQUAL(c.layer[0].out_y, 16);
    CU_ASSERT_EQUAL(c.map[0].num_levels, 2);
    CU_ASSERT_EQUAL(c.map[0].levels[1].cluster_size, 3);
    CU_ASSERT_EQUAL(c.map[0].levels[0].directives[2].size, 7); /* Sz(R) */
    CU_ASSERT_EQUAL(c.map[0].levels[0].directives[4].offset, 1);
    CU_ASSERT_EQUAL(c.map[0].levels[0].directives[4].dim, DG_DIM_Y);
    /* An empty Dataflow reuses the previous layer's directives; Y' gives Y = Y' + R - 1. */
    CU_ASSERT(same_mapping(&c.map[0], &c.map[1]));
    CU_ASSERT_EQUAL(c.layer[1].y, 26);
    CU_ASSERT_EQUAL(c.layer[2].type, DG_LAYER_DWCONV);
    CU_ASSERT_EQUAL(c.layer[2].k, 32);
    CU_ASSERT_EQUAL(c.map[2].levels[0].directives[0].size, 4); /* a Constant */
    CU_ASSERT_EQUAL(c.map[2].levels[0].directives[1].dim, DG_DIM_YO);
    CU_ASSERT_EQUAL(c.layer[3].type, DG_LAYER_GEMM);
    CU_ASSERT_EQUAL(c.layer[3].y, 100);
    CU_ASSERT_EQUAL(c.layer[3].k, 60);
    CU_ASSERT_EQUAL(c.layer[3].c, 100);
    CU_ASSERT_EQUAL(c.map[3].flags, DG_MAPPING_NATIVE_GEMM);
    CU_ASSERT_EQUAL(c.map[3].levels[0].directives[0].dim, DG_DIM_K); /* N */
    CU_ASSERT_EQUAL(c.map[3].levels[0].directives[1].dim, DG_DIM_Y); /* M */
    CU_ASSERT_EQUAL(c.map[3].levels[0].directives[2].dim, DG_DIM_C); /* K */

    /* The native GEMM evaluates to MAESTRO's numbers for case g02. */
    dg_cost_model *cm;
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_cost_model_set_option(cm, "mode", "maestro"));
    dg_layer_cost cost;
    DG_ASSERT_OK(eval(cm, &c.layer[3], &c.map[3], 64, &cost));
    CU_ASSERT_EQUAL(cost.runtime_cycles, 10268);
    CU_ASSERT_EQUAL(cost.l1_bytes, 310);
    CU_ASSERT_EQUAL(cost.l2_bytes, 4700);
    for (int k = 0; k < 4; k++)
        check_round_trip(cm, &c.layer[k], &c.map[k], 64);
    dg_cost_model_destroy(cm);

    /* A model file (no Dataflow anywhere) gives layers with empty mappings. */
    DG_ASSERT_OK(parse_text("Network n { Layer a { Type: CONV Dimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 } } }", &c));
    CU_ASSERT_EQUAL(c.n, 1);
    CU_ASSERT_EQUAL(c.map[0].num_levels, 0);
    /* Empty input: no layers, no error. */
    DG_ASSERT_OK(parse_text("// nothing\n", &c));
    CU_ASSERT_EQUAL(c.n, 0);
}

static int stop_cb(void *user, const dg_layer *l, const dg_mapping *m)
{
    (void)l, (void)m;
    ++*(int *)user;
    return 1;
}

static int count_cb(void *user, const dg_layer *l, const dg_mapping *m)
{
    (void)l, (void)m;
    ++*(int *)user;
    return 0;
}

static void test_hostile_mapping_files(void)
{
    static const struct {
        const char *text;
        long line;
        const char *needle;
    } bad[] = {
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "TemporalMap(3) K;\nSpatialMap(1,1) C;\n}\n}\n}\n", 6, "map offset"},
         {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(0,1) K;\n}\n}\n}\n", 6, "between 1"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) Q;\n}\n}\n}\n", 6, "CONV dimension"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\nCluster(2);\nSpatialMap(1,1) C;\n}\n}\n}\n", 8, "P or L"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\nCluster(2,P);\nSpatialMap(1,1) C;\nCluster(2,P);\nSpatialMap(1,1) C;\nCluster(2,P);\n"
         "SpatialMap(1,1) C;\nCluster(2,P);\nSpatialMap(1,1) C;\n}\n}\n}\n", 13, "Cluster"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "TemporalMap(1,1) K;\n}\n}\n}\n", 6, "SpatialMap"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\nTemporalMap(2,2) K;\n}\n}\n}\n", 7, "twice"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\nTemporalMap(Sz(Q),1) C;\n}\n}\n}\n", 7, "dimension"},
        {"Network n {\nLayer L {\nType: FC\n}\n}\n", 3, "CONV or GEMM"},
        {"Network n {\nLayer L {\nDimensions { K: 4 }\n}\n}\n", 3, "Type"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3 }\n}\n}\n", 4, "S"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nStride { X: 2 }\n}\n}\n",
         5, "before Dimensions"},
        {"Network n {\nLayer L {\nType: CONV\nStride { X: 0 }\n}\n}\n", 4, "stride"},
        {"Network n {\nLayer L {\nType: GEMM\nDimensions { M: 4, N: 4, K: 4, R: 3 }\n}\n}\n", 4, "GEMM dimension"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 9, S: 3 }\n}\n}\n", 4, "filter"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\n", 4, "'}'"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\n}\n}\nLayer M {\nType: DSCONV\nDimensions { C: 4, Y: 8, X: 8, R: 3, S: 3 }\nDataflow {\n"
         "SpatialMap(1,1) K;\n}\n}\n}\n", 13, "DSCONV loop dimension"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 99999999999, C: 4, Y: 8, X: 8, R: 3, S: 3 }\n}\n}\n", 4,
         "between"},
        {"Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, Y: 8, X: 8, R: 3, S: 3 }\nBogus\n}\n}\n", 5,
         "Type, Stride"},
        {"Constant\n", 1, "constant"},
        {"Hello\n", 1, "Network"},
        {"Network n {\nLayer L {\nType: CONV\n\x01\n}\n}\n", 4, "control"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int calls = 0;
        int rc = dg_maestro_parse_mapping_buffer(bad[k].text, strlen(bad[k].text), "bad.m", count_cb, &calls);
        char where[32];
        snprintf(where, sizeof where, "bad.m:%ld:", bad[k].line);
        const char *msg = dg_last_error()->message;
        int ok = rc == DG_EPARSE && strstr(msg, where) == msg && strstr(msg, bad[k].needle) != NULL &&
                 dg_last_error()->line == bad[k].line;
        if (!ok)
            fprintf(stderr, "hostile case %zu: rc %d, message '%s'\n", k, rc, msg);
        CU_ASSERT(ok);
        CU_ASSERT_EQUAL(calls, 0); /* nothing half-built: no callback before the whole file parsed */
    }
    /* Callback errors, NULLs, missing files. */
    int calls = 0;
    DG_ASSERT_RC(dg_maestro_parse_mapping_buffer(notation, strlen(notation), "n.m", stop_cb, &calls), DG_EUSER);
    CU_ASSERT_EQUAL(calls, 1);
    DG_ASSERT_RC(dg_maestro_parse_mapping_buffer(notation, strlen(notation), "n.m", NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_maestro_parse_mapping_buffer(NULL, 4, "n.m", count_cb, &calls), DG_EINVAL);
    DG_ASSERT_RC(dg_maestro_parse_mapping_file(NULL, count_cb, &calls), DG_EINVAL);
    DG_ASSERT_RC(dg_maestro_parse_mapping_file(DG_SRC("tests/data/no-such.m"), count_cb, &calls), DG_EIO);
    CU_ASSERT(strstr(dg_last_error()->message, "no-such.m") != NULL);
}

static void test_hw_files(void)
{
    dg_hw hw;
    dg_hw_init(&hw, 1);
    DG_ASSERT_OK(dg_maestro_parse_hw_file(DG_SRC("tests/data/maestro-cases/hw_h02.m"), &hw));
    CU_ASSERT_EQUAL(hw.num_pes, 128);
    CU_ASSERT_EQUAL(hw.l1_bytes, 100000);
    CU_ASSERT_EQUAL(hw.l2_bytes, 1000000);
    CU_ASSERT_EQUAL(hw.noc_bw, 16);
    CU_ASSERT_EQUAL(hw.noc_latency, 3);
    CU_ASSERT_EQUAL(hw.offchip_bw, 20);
    CU_ASSERT_EQUAL(hw.simd_lanes, 1);
    /* Keys the file leaves out stay as they were. */
    const char partial[] = "// only two keys\nnum_pes 256\noffchip_bw_cstr: 50\n";
    dg_hw_init(&hw, 1);
    DG_ASSERT_OK(dg_maestro_parse_hw_buffer(partial, strlen(partial), "p.m", &hw));
    CU_ASSERT_EQUAL(hw.num_pes, 256);
    CU_ASSERT_EQUAL(hw.offchip_bw, 50);
    CU_ASSERT_EQUAL(hw.noc_bw, DG_UNLIMITED);
    static const char *bad[] = {"num_pes 4\nclock_ghz 1\n", "num_pes\n", "num_pes: 0\n", "noc_bw_cstr x\n",
                                "num_pes 4 5\n"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        dg_hw_init(&hw, 7);
        dg_hw before = hw;
        DG_ASSERT_RC(dg_maestro_parse_hw_buffer(bad[k], strlen(bad[k]), "hw.m", &hw), DG_EPARSE);
        CU_ASSERT(strstr(dg_last_error()->message, "hw.m:") != NULL);
        CU_ASSERT(memcmp(&hw, &before, sizeof hw) == 0);
    }
    DG_ASSERT_RC(dg_maestro_parse_hw_buffer("num_pes 4", 9, "hw.m", NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_maestro_parse_hw_file(DG_SRC("tests/data/none.m"), &hw), DG_EIO);
}

static void test_writer_limits(void)
{
    collected c;
    DG_ASSERT_OK(parse_text(notation, &c));
    CU_ASSERT_EQUAL_FATAL(c.n, 4);
    size_t need = 0;
    DG_ASSERT_OK(dg_maestro_write_layer(&c.layer[0], &c.map[0], NULL, 0, &need));
    CU_ASSERT(need > 100);
    char small[16];
    DG_ASSERT_RC(dg_maestro_write_layer(&c.layer[0], &c.map[0], small, sizeof small, &need), DG_ERANGE);
    CU_ASSERT_EQUAL(strlen(small), sizeof small - 1);
    char *big = malloc(need + 1);
    size_t need2 = 0;
    DG_ASSERT_OK(dg_maestro_write_layer(&c.layer[0], &c.map[0], big, need + 1, &need2));
    CU_ASSERT_EQUAL(need, need2);
    CU_ASSERT_EQUAL(strlen(big), need);
    CU_ASSERT(strncmp(big, small, sizeof small - 1) == 0);
    free(big);
    /* Without a mapping it writes the layer alone (a model-file layer). */
    char text[512];
    DG_ASSERT_OK(dg_maestro_write_layer(&c.layer[2], NULL, text, sizeof text, NULL));
    CU_ASSERT(strstr(text, "Dataflow") == NULL);
    CU_ASSERT(strstr(text, "DSCONV") != NULL);
    DG_ASSERT_RC(dg_maestro_write_layer(NULL, &c.map[0], text, sizeof text, NULL), DG_EINVAL);
    /* An invalid mapping is refused, not written. */
    c.map[0].levels[0].directives[0].size = 0;
    DG_ASSERT_RC(dg_maestro_write_layer(&c.layer[0], &c.map[0], text, sizeof text, NULL), DG_EINVAL);
}

static CU_TestInfo tests[] = {
    {"write -> parse round trip on every reference case", test_round_trip_cases},
    {"notation features: constants, Sz, Y', reuse, DSCONV, GEMM", test_notation_features},
    {"hostile mapping files name file, line and expectation", test_hostile_mapping_files},
    {"hardware files", test_hw_files},
    {"writer buffer limits", test_writer_limits},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(maestro_notation, tests)
