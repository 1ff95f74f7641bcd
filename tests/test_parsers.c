/* test_parsers.c: GAMMA CSV and MAESTRO model files, good and hostile. */
#include "test_util.h"

#include <digamma/digamma.h>

#include <string.h>

static int parse_text(dg_workload **w, const char *text, int format)
{
    return dg_workload_parse_buffer(w, text, strlen(text), format, "test.csv");
}

static void test_gamma_csv_all_types(void)
{
    const char *csv = "K,C,Y,X,R,S,T\r\n"
                      "64,3,224,224,7,7,1\r\n"
                      "1,32,112,112,3,3,2\r\n"
                      "512,768,64,1,1,1,3\r\n"
                      "256,128,1,1,1,1,0\r\n"
                      "64,3,224,224,7,7,1"; /* repeat, and no final newline */
    dg_workload *w;
    DG_ASSERT_OK(parse_text(&w, csv, DG_FORMAT_GAMMA_CSV));
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_layers(w), 5);
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), 4);
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_OK(dg_workload_layer(w, 0, &l));
    CU_ASSERT_EQUAL(l.count, 2);
    CU_ASSERT_EQUAL(l.out_y, 218); /* GAMMA's convention: stride 1, no padding */
    DG_ASSERT_OK(dg_workload_layer(w, 1, &l));
    CU_ASSERT_EQUAL(l.type, DG_LAYER_DWCONV);
    CU_ASSERT_EQUAL(l.c, 32);
    CU_ASSERT_EQUAL(l.k, 32);
    DG_ASSERT_OK(dg_workload_layer(w, 2, &l));
    CU_ASSERT_EQUAL(l.type, DG_LAYER_GEMM);
    CU_ASSERT_EQUAL(l.macs, (int64_t)512 * 768 * 64);
    DG_ASSERT_OK(dg_workload_layer(w, 3, &l));
    CU_ASSERT_EQUAL(l.type, DG_LAYER_FC);
    CU_ASSERT_EQUAL(l.macs, 256 * 128);
    dg_workload_destroy(w);
}

/* Every hostile input: the call fails with the expected code, names the
 * line, and leaves the caller's pointer alone. */
static void expect_csv_error(const char *text, int code, long line, const char *needle)
{
    dg_workload *w = (dg_workload *)0x1;
    int rc = parse_text(&w, text, DG_FORMAT_GAMMA_CSV);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    CU_ASSERT_EQUAL(dg_last_error()->code, code);
    CU_ASSERT_EQUAL(dg_last_error()->line, line);
    CU_ASSERT_STRING_EQUAL(dg_last_error()->file, "test.csv");
    if (needle && !strstr(dg_last_error()->message, needle)) {
        fprintf(stderr, "message '%s' lacks '%s'\n", dg_last_error()->message, needle);
        CU_FAIL("error message lacks the expected detail");
    }
}

static void test_gamma_csv_bad_input(void)
{
    expect_csv_error("", DG_EPARSE, 0, "no layers");
    expect_csv_error("K,C,Y,X,R,S,T\n", DG_EPARSE, 1, "no layers");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,224,224,7,7,1\n64,3,224\n", DG_EPARSE, 3, "got 3");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,224,224,7,7,1,9\n", DG_EPARSE, 2, "more fields");
    expect_csv_error("K,C,Y,X,R,S,T\n64,0,224,224,7,7,1\n", DG_EINVAL, 2, "at least 1");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,-224,224,7,7,1\n", DG_EINVAL, 2, "at least 1");
    expect_csv_error("K,C,Y,X,R,S,T\n64,three,224,224,7,7,1\n", DG_EPARSE, 2, "'three'");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,224,224,7,7,\n", DG_EPARSE, 2, "field 7");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,99999999999999999999,224,7,7,1\n", DG_ERANGE, 2, "too large");
    expect_csv_error("K,C,Y,X,R,S,T\n4611686018427387904,4611686018427387904,224,224,7,7,1\n", DG_ERANGE, 2,
                     "overflow");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,224,224,7,7,5\n", DG_EPARSE, 2, "layer type");
    expect_csv_error("K,C,Y,X,R,S,T\n64,3,5,5,7,7,1\n", DG_EINVAL, 2, "larger than");
}

static void test_binary_and_null_input(void)
{
    static const char bin[] = "K,C\0\x01\x02";
    dg_workload *w = NULL;
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, bin, sizeof bin, DG_FORMAT_AUTO, NULL), DG_EPARSE);
    CU_ASSERT_PTR_NULL(w);
    DG_ASSERT_RC(dg_workload_parse_buffer(NULL, "x", 1, DG_FORMAT_AUTO, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, NULL, 5, DG_FORMAT_AUTO, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, "a", 1, 42, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_parse_file(&w, NULL, DG_FORMAT_AUTO), DG_EINVAL);
}

static void test_files_and_load(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_parse_file(&w, DG_SRC("tests/data/gamma-models/resnet18.csv"), DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 20);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 11);
    dg_workload_destroy(w);
    /* ncf_m.csv ends without a newline; BERT_m.csv with an empty line. */
    DG_ASSERT_OK(dg_workload_load(&w, DG_SRC("tests/data/gamma-models/ncf_m.csv")));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 12);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 7);
    dg_workload_destroy(w);
    DG_ASSERT_OK(dg_workload_load(&w, DG_SRC("tests/data/gamma-models/BERT_m.csv")));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 6);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 5);
    dg_workload_destroy(w);
    w = NULL;
    DG_ASSERT_RC(dg_workload_parse_file(&w, DG_SRC("tests/data/no-such-file.csv"), DG_FORMAT_AUTO), DG_EIO);
    CU_ASSERT(strstr(dg_last_error()->message, "no-such-file.csv") != NULL);
    DG_ASSERT_RC(dg_workload_load(&w, "resnet1000"), DG_ENOTFOUND);
    CU_ASSERT_PTR_NULL(w);
}

static const char maestro_model[] =
    "// a small network in MAESTRO's model notation\n"
    "Network tiny {\n"
    "Layer CONV1 {\n"
    "Type: CONV\n"
    "Stride { X: 2, Y: 2 }\n"
    "Dimensions { K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224 }\n"
    "}\n"
    "Layer DW {\n"
    "Type: DSCONV\n"
    "Dimensions { K: 1, C: 32, R: 3, S: 3, Y: 114, X: 114 }\n"
    "}\n"
    "Layer FC1 {\n"
    "Type: GEMM\n"
    "Dimensions { M: 512, N: 768, K: 64 }\n"
    "}\n"
    "}\n";

static void test_maestro_model(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, maestro_model, strlen(maestro_model), DG_FORMAT_AUTO, "tiny.m"));
    if (!w)
        return;
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), 3);
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_OK(dg_workload_layer(w, 0, &l));
    CU_ASSERT_STRING_EQUAL(l.name, "CONV1");
    CU_ASSERT_EQUAL(l.stride_y, 2);
    CU_ASSERT_EQUAL(l.out_y, 109); /* MAESTRO models have no padding: (224-7)/2+1 */
    DG_ASSERT_OK(dg_workload_layer(w, 1, &l));
    CU_ASSERT_EQUAL(l.type, DG_LAYER_DWCONV);
    CU_ASSERT_EQUAL(l.c, 32);
    CU_ASSERT_EQUAL(l.out_y, 112);
    DG_ASSERT_OK(dg_workload_layer(w, 2, &l));
    CU_ASSERT_EQUAL(l.type, DG_LAYER_GEMM);
    CU_ASSERT_EQUAL(l.macs, (int64_t)512 * 768 * 64);
    dg_workload_destroy(w);
}

/* DG_FORMAT_AUTO knows a bare layer block, as dg_maestro_write_layer() writes
 * it, for MAESTRO; a CSV whose header starts with "Layer" stays a CSV. */
static void test_auto_bare_layer(void)
{
    const int64_t macs = 8 * 4 * 8 * 8 * 3 * 3;
    dg_workload *w = NULL;
    DG_ASSERT_OK(dg_workload_create(&w, "bare"));
    DG_ASSERT_OK(dg_workload_add_conv(w, "Conv2d-1", 1, 8, 4, 10, 10, 3, 3, 1, 0));
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_OK(dg_workload_layer(w, 0, &l));
    dg_mapping m = {.struct_size = sizeof m, .num_levels = 1};
    m.levels[0].num_directives = 1;
    m.levels[0].directives[0] = (dg_directive){.kind = DG_SPATIAL, .dim = DG_DIM_K, .size = 1, .offset = 1};
    char text[2048];
    DG_ASSERT_OK(dg_maestro_write_layer(&l, &m, text, sizeof text, NULL));
    dg_workload_destroy(w);
    w = NULL;
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, text, strlen(text), DG_FORMAT_AUTO, "bare.m"));
    if (!w)
        return;
    DG_ASSERT_OK(dg_workload_layer(w, 0, &l));
    CU_ASSERT_STRING_EQUAL(l.name, "Conv2d-1");
    CU_ASSERT_EQUAL(l.macs, macs);
    dg_workload_destroy(w);

    static const char csv[] = "Layer K,C,Y,X,R,S,T\n8,4,10,10,3,3,1\n";
    dg_workload *as_csv = NULL;
    DG_ASSERT_OK(dg_workload_parse_buffer(&as_csv, csv, strlen(csv), DG_FORMAT_GAMMA_CSV, "layers.csv"));
    w = NULL;
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, csv, strlen(csv), DG_FORMAT_AUTO, "layers.csv"));
    if (w && as_csv)
        CU_ASSERT_EQUAL(dg_workload_total_macs(w), dg_workload_total_macs(as_csv));
    dg_workload_destroy(as_csv);
    dg_workload_destroy(w);
}

static void test_maestro_model_bad_input(void)
{
    static const char *bad[] = {
        "Network n {\nLayer L {\nType: CONV\nDimensions { K: 0, C: 3, R: 3, S: 3, Y: 8, X: 8 }\n}\n}\n",
        "Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 3, R: 3, S: 3, Y: 8, X: 8 }\n",
        "Network n {\nLayer L {\nType: WEIRD\nDimensions { K: 4, C: 3, R: 3, S: 3, Y: 8, X: 8 }\n}\n}\n",
        "Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 3, Q: 3, S: 3, Y: 8, X: 8 }\n}\n}\n",
        "Network n {\nLayer L {\nType: CONV\nDimensions { K: x, C: 3, R: 3, S: 3, Y: 8, X: 8 }\n}\n}\n",
        "Network n {\n}\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dg_workload *w = NULL;
        int rc = dg_workload_parse_buffer(&w, bad[i], strlen(bad[i]), DG_FORMAT_MAESTRO, "bad.m");
        CU_ASSERT(rc < 0);
        CU_ASSERT_PTR_NULL(w);
        CU_ASSERT(strstr(dg_last_error()->message, "bad.m") != NULL);
    }
}

static CU_TestInfo tests[] = {
    {"GAMMA CSV, all layer types", test_gamma_csv_all_types},
    {"GAMMA CSV, hostile input", test_gamma_csv_bad_input},
    {"binary and NULL input", test_binary_and_null_input},
    {"files and dg_workload_load", test_files_and_load},
    {"MAESTRO model", test_maestro_model},
    {"MAESTRO model, hostile input", test_maestro_model_bad_input},
    {"auto format: a bare MAESTRO layer block", test_auto_bare_layer},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(parsers, tests)
