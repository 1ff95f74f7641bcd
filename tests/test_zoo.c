/*
 * test_zoo.c: the built-in model zoo through the public API.
 *
 * Checks the table (names, descriptions, lookup, errors), the MAC totals of
 * the CNNs against their published figures, a few layer shapes, and a
 * cross-check of every model against the DiGamma paper's workload files
 * (gamma's CSVs, copied to tests/data/gamma-models/ with their README and
 * MIT notice). docs/models.md explains each difference found here.
 */
#include <digamma/digamma.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

static const char *const expected_models[] = {
    "resnet18", "resnet50", "mobilenet_v2", "mnasnet", "vgg16", "alexnet", "bert", "ncf", "dlrm",
};
#define NUM_EXPECTED (sizeof expected_models / sizeof expected_models[0])

static dg_workload *build(const char *name)
{
    dg_workload *w = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, name));
    return w;
}

static dg_layer layer_at(const dg_workload *w, size_t i)
{
    dg_layer l;
    memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    DG_ASSERT_OK(dg_workload_layer(w, i, &l));
    return l;
}

/* The distinct layer named @p name, or one with type 0 when there is none. */
static dg_layer find_named(const dg_workload *w, const char *name)
{
    for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
        dg_layer l = layer_at(w, i);
        if (l.name && strcmp(l.name, name) == 0)
            return l;
    }
    dg_layer none;
    memset(&none, 0, sizeof none);
    return none;
}

/* "layer" followed only by digits: what the library names an unnamed layer. */
static bool is_fallback_name(const char *name)
{
    if (strncmp(name, "layer", 5) != 0 || !name[5])
        return false;
    for (const char *p = name + 5; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* ---- the table ------------------------------------------------------------ */

static void test_table(void)
{
    size_t n = dg_builtin_model_count();
    CU_ASSERT_EQUAL(n, NUM_EXPECTED);
    for (size_t i = 0; i < n; i++) {
        const char *name = dg_builtin_model_name(i);
        const char *desc = dg_builtin_model_description(i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_PTR_NOT_NULL_FATAL(desc);
        CU_ASSERT(strlen(name) > 0);
        CU_ASSERT(strlen(desc) > 10);
        for (size_t j = 0; j < i; j++)
            CU_ASSERT(strcmp(name, dg_builtin_model_name(j)) != 0);
    }
    CU_ASSERT_PTR_NULL(dg_builtin_model_name(n));
    CU_ASSERT_PTR_NULL(dg_builtin_model_description(n));
    CU_ASSERT_PTR_NULL(dg_builtin_model_name((size_t)-1));
    for (size_t e = 0; e < NUM_EXPECTED; e++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || strcmp(dg_builtin_model_name(i), expected_models[e]) == 0;
        if (!found)
            fprintf(stderr, "model %s missing from the zoo\n", expected_models[e]);
        CU_ASSERT(found);
    }
}

static void test_every_model_builds(void)
{
    for (size_t i = 0; i < dg_builtin_model_count(); i++) {
        const char *name = dg_builtin_model_name(i);
        dg_workload *w = build(name);
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        CU_ASSERT_STRING_EQUAL(dg_workload_name(w), name);
        CU_ASSERT(dg_workload_num_unique(w) > 0);
        CU_ASSERT(dg_workload_num_layers(w) >= dg_workload_num_unique(w));
        CU_ASSERT(dg_workload_total_macs(w) > 0);
        for (size_t j = 0; j < dg_workload_num_unique(w); j++) {
            dg_layer l = layer_at(w, j);
            CU_ASSERT_EQUAL(l.n, 1);
            CU_ASSERT(l.count >= 1);
            CU_ASSERT(l.macs > 0);
            CU_ASSERT_PTR_NOT_NULL(l.name);
            if (l.name) /* a meaningful name, not the library's "layerN" fallback */
                CU_ASSERT(strlen(l.name) > 0 && !is_fallback_name(l.name));
        }
        /* Building twice gives the same workload. */
        dg_workload *again = build(name);
        CU_ASSERT_EQUAL(dg_workload_total_macs(again), dg_workload_total_macs(w));
        CU_ASSERT_EQUAL(dg_workload_num_unique(again), dg_workload_num_unique(w));
        dg_workload_destroy(again);
        dg_workload_destroy(w);
    }
}

static void test_unknown_name(void)
{
    dg_workload *sentinel = (dg_workload *)&sentinel;
    dg_workload *w = sentinel;
    DG_ASSERT_RC(dg_workload_builtin(&w, "resnet19"), DG_ENOTFOUND);
    CU_ASSERT_PTR_EQUAL(w, sentinel);
    const dg_error *e = dg_last_error();
    CU_ASSERT_EQUAL(e->code, DG_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "resnet19"));
    /* The message lists the known models. */
    for (size_t i = 0; i < dg_builtin_model_count(); i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(e->message, dg_builtin_model_name(i)));
    DG_ASSERT_RC(dg_workload_builtin(&w, ""), DG_ENOTFOUND);
    DG_ASSERT_RC(dg_workload_builtin(&w, "ResNet18"), DG_ENOTFOUND); /* names are case-sensitive */
    CU_ASSERT_PTR_EQUAL(w, sentinel);
}

static void test_null_arguments(void)
{
    dg_workload *sentinel = (dg_workload *)&sentinel;
    dg_workload *w = sentinel;
    DG_ASSERT_RC(dg_workload_builtin(NULL, "resnet18"), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_builtin(&w, NULL), DG_EINVAL);
    CU_ASSERT_PTR_EQUAL(w, sentinel);
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_EINVAL);
}

/* ---- MAC totals ----------------------------------------------------------- */

/* Published MACs (multiply-accumulates) for one 224x224 image: the figures
 * torchvision lists as "GFLOPS" (which are MACs) for resnet18, resnet50 (v1.5),
 * mobilenet_v2, mnasnet1_0, vgg16 and alexnet; they agree with the original
 * papers where those give one (ResNet-50 v1 has 3.86 G: v1.5 moves the
 * stride; MobileNetV2 300 M; VGG-16 15.5 G). Convolutions and FC layers only. */
static const struct {
    const char *name;
    double published;
    size_t layers, unique;
} cnn_targets[] = {
    {"resnet18", 1.82e9, 21, 12},  {"resnet50", 4.09e9, 54, 24}, {"mobilenet_v2", 0.30e9, 53, 31},
    {"mnasnet", 0.31e9, 53, 34},   {"vgg16", 15.47e9, 16, 12},   {"alexnet", 0.71e9, 8, 8},
};

static void test_cnn_macs(void)
{
    for (size_t i = 0; i < sizeof cnn_targets / sizeof cnn_targets[0]; i++) {
        dg_workload *w = build(cnn_targets[i].name);
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        double macs = (double)dg_workload_total_macs(w);
        double err = fabs(macs - cnn_targets[i].published) / cnn_targets[i].published;
        if (err > 0.03)
            fprintf(stderr, "%s: %.4g MACs, published %.4g (%.1f%% off)\n", cnn_targets[i].name, macs,
                    cnn_targets[i].published, 100 * err);
        CU_ASSERT(err <= 0.03);
        CU_ASSERT_EQUAL(dg_workload_num_layers(w), cnn_targets[i].layers);
        CU_ASSERT_EQUAL(dg_workload_num_unique(w), cnn_targets[i].unique);
        dg_workload_destroy(w);
    }
}

/* Exact totals of the matrix workloads, computed by hand. */
static void test_mlp_macs(void)
{
    dg_workload *w = build("bert");
    /* 4 x 512·768·768 + 12 x 2 x 512·512·64 + 2 x 512·768·3072 */
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 4LL * 512 * 768 * 768 + 24LL * 512 * 512 * 64 + 2LL * 512 * 768 * 3072);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 30);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 5);
    dg_workload_destroy(w);
    w = build("ncf");
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 1105920);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 12);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 7);
    dg_workload_destroy(w);
    w = build("dlrm");
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 184384);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 6);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 5);
    dg_workload_destroy(w);
}

/* ---- a few layers, checked by hand --------------------------------------- */

static void expect_layer(const dg_workload *w, const char *name, int type, int64_t k, int64_t c, int64_t y,
                         int64_t r, int64_t stride, int64_t pad, int64_t out_y, int64_t count)
{
    dg_layer l = find_named(w, name);
    if (l.type == 0)
        fprintf(stderr, "%s: no layer named %s\n", dg_workload_name(w), name);
    CU_ASSERT_EQUAL_FATAL(l.type, type);
    CU_ASSERT_EQUAL(l.k, k);
    CU_ASSERT_EQUAL(l.c, c);
    CU_ASSERT_EQUAL(l.y, y);
    CU_ASSERT_EQUAL(l.x, type == DG_LAYER_GEMM || type == DG_LAYER_FC ? 1 : y);
    CU_ASSERT_EQUAL(l.r, r);
    CU_ASSERT_EQUAL(l.s, r);
    CU_ASSERT_EQUAL(l.stride_y, stride);
    CU_ASSERT_EQUAL(l.stride_x, stride);
    CU_ASSERT_EQUAL(l.pad_y, pad);
    CU_ASSERT_EQUAL(l.pad_x, pad);
    CU_ASSERT_EQUAL(l.out_y, out_y);
    CU_ASSERT_EQUAL(l.count, count);
}

static void test_layer_shapes(void)
{
    dg_workload *w = build("resnet18");
    expect_layer(w, "conv1", DG_LAYER_CONV, 64, 3, 224, 7, 2, 3, 112, 1);
    expect_layer(w, "layer1.0.conv1", DG_LAYER_CONV, 64, 64, 56, 3, 1, 1, 56, 4);
    expect_layer(w, "layer2.0.conv1", DG_LAYER_CONV, 128, 64, 56, 3, 2, 1, 28, 1);
    expect_layer(w, "layer2.0.downsample", DG_LAYER_CONV, 128, 64, 56, 1, 2, 0, 28, 1);
    expect_layer(w, "layer4.0.conv2", DG_LAYER_CONV, 512, 512, 7, 3, 1, 1, 7, 3);
    expect_layer(w, "fc", DG_LAYER_FC, 1000, 512, 1, 1, 1, 0, 1, 1);
    dg_workload_destroy(w);

    w = build("resnet50"); /* v1.5: stride on the 3x3 */
    expect_layer(w, "layer2.0.conv1", DG_LAYER_CONV, 128, 256, 56, 1, 1, 0, 56, 1);
    expect_layer(w, "layer2.0.conv2", DG_LAYER_CONV, 128, 128, 56, 3, 2, 1, 28, 1);
    expect_layer(w, "layer2.0.conv3", DG_LAYER_CONV, 512, 128, 28, 1, 1, 0, 28, 4);
    expect_layer(w, "layer2.0.downsample", DG_LAYER_CONV, 512, 256, 56, 1, 2, 0, 28, 1);
    expect_layer(w, "layer1.0.conv3", DG_LAYER_CONV, 256, 64, 56, 1, 1, 0, 56, 4); /* + layer1.0.downsample */
    expect_layer(w, "fc", DG_LAYER_FC, 1000, 2048, 1, 1, 1, 0, 1, 1);
    dg_workload_destroy(w);

    w = build("mobilenet_v2");
    expect_layer(w, "conv_stem", DG_LAYER_CONV, 32, 3, 224, 3, 2, 1, 112, 1);
    expect_layer(w, "block1.dw", DG_LAYER_DWCONV, 32, 32, 112, 3, 1, 1, 112, 1);
    expect_layer(w, "block2.dw", DG_LAYER_DWCONV, 96, 96, 112, 3, 2, 1, 56, 1);
    expect_layer(w, "block17.project", DG_LAYER_CONV, 320, 960, 7, 1, 1, 0, 7, 1);
    expect_layer(w, "conv_head", DG_LAYER_CONV, 1280, 320, 7, 1, 1, 0, 7, 1);
    expect_layer(w, "classifier", DG_LAYER_FC, 1000, 1280, 1, 1, 1, 0, 1, 1);
    CU_ASSERT_EQUAL(find_named(w, "block1.expand").type, 0); /* t = 1: no expansion */
    dg_workload_destroy(w);

    w = build("mnasnet");
    expect_layer(w, "stack2.0.dw", DG_LAYER_DWCONV, 72, 72, 56, 5, 2, 2, 28, 1);
    expect_layer(w, "stack5.1.dw", DG_LAYER_DWCONV, 1152, 1152, 7, 5, 1, 2, 7, 3);
    expect_layer(w, "stack6.0.project", DG_LAYER_CONV, 320, 1152, 7, 1, 1, 0, 7, 1);
    expect_layer(w, "classifier", DG_LAYER_FC, 1000, 1280, 1, 1, 1, 0, 1, 1);
    dg_workload_destroy(w);

    w = build("vgg16");
    expect_layer(w, "conv1_1", DG_LAYER_CONV, 64, 3, 224, 3, 1, 1, 224, 1);
    expect_layer(w, "conv5_1", DG_LAYER_CONV, 512, 512, 14, 3, 1, 1, 14, 3); /* conv5_1..5_3 are identical */
    expect_layer(w, "fc6", DG_LAYER_FC, 4096, 25088, 1, 1, 1, 0, 1, 1);
    dg_workload_destroy(w);

    w = build("alexnet");
    expect_layer(w, "conv1", DG_LAYER_CONV, 64, 3, 224, 11, 4, 2, 55, 1);
    expect_layer(w, "conv2", DG_LAYER_CONV, 192, 64, 27, 5, 1, 2, 27, 1);
    expect_layer(w, "conv3", DG_LAYER_CONV, 384, 192, 13, 3, 1, 1, 13, 1);
    expect_layer(w, "fc6", DG_LAYER_FC, 4096, 9216, 1, 1, 1, 0, 1, 1);
    dg_workload_destroy(w);

    /* GEMM (M x K)·(K x N) is stored as y = M, c = K, k = N. */
    w = build("bert");
    expect_layer(w, "attn.query", DG_LAYER_GEMM, 768, 768, 512, 1, 1, 0, 512, 4); /* Q, K, V, output */
    expect_layer(w, "attn.scores", DG_LAYER_GEMM, 512, 64, 512, 1, 1, 0, 512, 12);   /* per head */
    expect_layer(w, "attn.context", DG_LAYER_GEMM, 64, 512, 512, 1, 1, 0, 512, 12);  /* per head */
    expect_layer(w, "ffn.intermediate", DG_LAYER_GEMM, 3072, 768, 512, 1, 1, 0, 512, 1);
    expect_layer(w, "ffn.output", DG_LAYER_GEMM, 768, 3072, 512, 1, 1, 0, 512, 1);
    dg_workload_destroy(w);
}

/* ---- cross-check with the paper's workload files ------------------------ */

/* The shape a gamma row can express: type and K, C, Y, X, R, S (no stride or
 * padding). GEMMs are (y, k, c) = (M, N, K), FC rows (k, c) = (O, I). */
static bool same_key(const dg_layer *a, const dg_layer *b)
{
    return a->type == b->type && a->n == b->n && a->k == b->k && a->c == b->c && a->y == b->y &&
           a->x == b->x && a->r == b->r && a->s == b->s;
}

typedef struct {
    size_t gamma_rows;          /* rows of the CSV (layers counting repeats) */
    size_t unmatched_rows;      /* CSV rows whose shape is in no zoo layer */
    size_t count_mismatches;    /* shapes present in both but repeated differently */
    size_t equal_mac_rows;      /* matched rows with the same MACs in both */
    size_t differing_mac_rows;  /* matched rows whose MACs differ */
    size_t rule_breaks;         /* matched rows where "same MACs iff stride 1, pad 0" fails */
    size_t zoo_only_layers;     /* zoo layers (counting repeats) whose shape is in no CSV row */
    char zoo_only_names[256];   /* their names, comma-separated */
    int64_t gamma_macs;         /* the CSV's total under gamma's conventions */
} gamma_comparison;

/* Compare every distinct row of the gamma file with the zoo model: a row
 * matches when some zoo layer has the same type, K, C, Y, X, R, S. */
static gamma_comparison compare_with_gamma(const char *model, const char *csv_path)
{
    gamma_comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    dg_workload *g = NULL, *z = build(model);
    DG_ASSERT_OK(dg_workload_parse_file(&g, csv_path, DG_FORMAT_GAMMA_CSV));
    if (!g || !z) {
        dg_workload_destroy(g);
        dg_workload_destroy(z);
        cmp.unmatched_rows = (size_t)-1;
        return cmp;
    }
    cmp.gamma_rows = dg_workload_num_layers(g);
    cmp.gamma_macs = dg_workload_total_macs(g);
    for (size_t i = 0; i < dg_workload_num_unique(g); i++) {
        dg_layer gl = layer_at(g, i);
        int64_t zoo_count = 0;
        dg_layer match;
        memset(&match, 0, sizeof match);
        for (size_t j = 0; j < dg_workload_num_unique(z); j++) {
            dg_layer zl = layer_at(z, j);
            if (same_key(&gl, &zl)) {
                if (zoo_count == 0)
                    match = zl;
                zoo_count += zl.count;
            }
        }
        if (zoo_count == 0) {
            cmp.unmatched_rows += (size_t)gl.count;
            continue;
        }
        if (zoo_count != gl.count)
            cmp.count_mismatches++;
        bool same_macs = match.macs == gl.macs;
        if (same_macs)
            cmp.equal_mac_rows += (size_t)gl.count;
        else
            cmp.differing_mac_rows += (size_t)gl.count;
        bool unstrided = match.stride_y == 1 && match.stride_x == 1 && match.pad_y == 0 && match.pad_x == 0;
        if (same_macs != unstrided) {
            fprintf(stderr, "%s: %s vs %s: MACs %lld vs %lld\n", model, gl.name, match.name,
                    (long long)gl.macs, (long long)match.macs);
            cmp.rule_breaks++;
        }
    }
    for (size_t j = 0; j < dg_workload_num_unique(z); j++) {
        dg_layer zl = layer_at(z, j);
        bool found = false;
        for (size_t i = 0; i < dg_workload_num_unique(g) && !found; i++) {
            dg_layer gl = layer_at(g, i);
            found = same_key(&gl, &zl);
        }
        if (!found) {
            cmp.zoo_only_layers += (size_t)zl.count;
            size_t used = strlen(cmp.zoo_only_names);
            snprintf(cmp.zoo_only_names + used, sizeof cmp.zoo_only_names - used, "%s%s", used ? "," : "",
                     zl.name);
        }
    }
    dg_workload_destroy(g);
    dg_workload_destroy(z);
    return cmp;
}

/*
 * The CNN files agree with the zoo on every layer's K, C, input Y/X, R and S,
 * and on how often each shape repeats; the zoo only adds the final FC
 * classifier, which the files leave out. The files carry no stride and no
 * padding, so gamma computes every layer as a stride-1 valid convolution
 * (output = input - R + 1): MACs agree exactly for the 1x1 stride-1 layers
 * and differ for every strided layer (too large: e.g. conv1 7x7/2 has a
 * 218x218 output instead of 112x112) and every padded stride-1 3x3/5x5 layer
 * (too small: 54x54 instead of 56x56). docs/models.md lists the rows.
 */
static void test_gamma_resnet18(void)
{
    gamma_comparison c = compare_with_gamma("resnet18", DG_SRC("tests/data/gamma-models/resnet18.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 20);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    /* Every ResNet-18 row is strided (conv1 line 2; layer2-4 .0.conv1 lines 7,
     * 12, 17; downsamples lines 9, 14, 19) or a padded 3x3 (the other 13). */
    CU_ASSERT_EQUAL(c.equal_mac_rows, 0);
    CU_ASSERT_EQUAL(c.differing_mac_rows, 20);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 1);
    CU_ASSERT_STRING_EQUAL(c.zoo_only_names, "fc");
    CU_ASSERT_EQUAL(c.gamma_macs, 2269170432LL); /* vs 1.81e9 with real strides */
}

static void test_gamma_resnet50(void)
{
    gamma_comparison c = compare_with_gamma("resnet50", DG_SRC("tests/data/gamma-models/resnet50.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 53);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    /* The file is v1.5 like the zoo (line 14: 128,128,56,56,3,3 is the strided
     * 3x3). 7 strided rows (lines 2, 14, 16, 27, 29, 46, 48) and 13 padded
     * 3x3 rows differ; the 33 1x1 stride-1 rows agree exactly. */
    CU_ASSERT_EQUAL(c.equal_mac_rows, 33);
    CU_ASSERT_EQUAL(c.differing_mac_rows, 20);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 1);
    CU_ASSERT_STRING_EQUAL(c.zoo_only_names, "fc");
    CU_ASSERT_EQUAL(c.gamma_macs, 5823990528LL); /* vs 4.09e9 */
}

static void test_gamma_mobilenet_v2(void)
{
    gamma_comparison c = compare_with_gamma("mobilenet_v2", DG_SRC("tests/data/gamma-models/mobilenet_v2.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 52);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    /* The stem (line 2, stride 2) and all 17 depthwise 3x3 rows (4 of them
     * strided: lines 6, 12, 21, 42) differ; the 34 pointwise rows agree,
     * including the final 1x1 conv to 1280 (line 53). */
    CU_ASSERT_EQUAL(c.equal_mac_rows, 34);
    CU_ASSERT_EQUAL(c.differing_mac_rows, 18);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 1);
    CU_ASSERT_STRING_EQUAL(c.zoo_only_names, "classifier");
    CU_ASSERT_EQUAL(c.gamma_macs, 340401216LL); /* vs 0.30e9 */
}

static void test_gamma_mnasnet(void)
{
    gamma_comparison c = compare_with_gamma("mnasnet", DG_SRC("tests/data/gamma-models/mnasnet.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 52);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    /* Same pattern as MobileNetV2: the stem conv and the 17 depthwise rows
     * (3x3 and 5x5; strided at lines 6, 15, 24, 39) differ, the 34 pointwise
     * rows agree. That the shapes all match is what identifies the file as
     * torchvision's mnasnet1_0 (MnasNet-B1 without SE), not MnasNet-A1. */
    CU_ASSERT_EQUAL(c.equal_mac_rows, 34);
    CU_ASSERT_EQUAL(c.differing_mac_rows, 18);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 1);
    CU_ASSERT_STRING_EQUAL(c.zoo_only_names, "classifier");
    CU_ASSERT_EQUAL(c.gamma_macs, 347058048LL); /* vs 0.31e9 */
}

/*
 * BERT_m.csv rows are M,N,K and read as dg_workload_add_gemm(M, N, K). Five
 * of its six rows are zoo GEMMs exactly: 512,768,768 (the 768x768
 * projections), 512,64,512 (attention·V per head), 512,768,3072 and
 * 512,3072,768 (the feed-forward pair, listed in reverse order). The
 * differences:
 *  - line 4, 64,512,512, is no GEMM of the encoder: it is Q·Kᵀ
 *    ((512x64)·(64x512), M=512, N=512, K=64) with M and K exchanged; the MAC
 *    count (16.8 M) is the same, the shape is not.
 *  - the file has the 768x768 projection twice, the block has it four times
 *    (Q, K, V and the output projection);
 *  - the per-head GEMMs appear once, for one head; the block has 12 heads.
 * So the file's 3.05e9 MACs undercount the block's 4.03e9.
 */
static void test_gamma_bert(void)
{
    gamma_comparison c = compare_with_gamma("bert", DG_SRC("tests/data/gamma-models/BERT_m.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 6);
    CU_ASSERT_EQUAL(c.unmatched_rows, 1);   /* line 4, 64,512,512 */
    CU_ASSERT_EQUAL(c.count_mismatches, 2); /* projections 2 vs 4, attention·V 1 vs 12 */
    CU_ASSERT_EQUAL(c.equal_mac_rows, 5);
    CU_ASSERT_EQUAL(c.differing_mac_rows, 0);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 12); /* Q·Kᵀ, 12 heads */
    CU_ASSERT_STRING_EQUAL(c.zoo_only_names, "attn.scores");
    CU_ASSERT_EQUAL(c.gamma_macs, 3053453312LL);

    /* Line 4 is Q·Kᵀ with M and K exchanged. */
    dg_workload *g = NULL, *z = build("bert");
    DG_ASSERT_OK(dg_workload_parse_file(&g, DG_SRC("tests/data/gamma-models/BERT_m.csv"), DG_FORMAT_GAMMA_CSV));
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    dg_layer scores = find_named(z, "attn.scores");
    bool found = false;
    for (size_t i = 0; i < dg_workload_num_unique(g); i++) {
        dg_layer l = layer_at(g, i);
        if (l.y == scores.c && l.k == scores.k && l.c == scores.y) {
            found = true;
            CU_ASSERT_EQUAL(l.macs, scores.macs);
            CU_ASSERT_EQUAL(l.y, 64);
        }
    }
    CU_ASSERT(found);
    dg_workload_destroy(g);
    dg_workload_destroy(z);
}

/* NCF and DLRM are the files' own FC rows, so everything agrees. */
static void test_gamma_ncf_dlrm(void)
{
    gamma_comparison c = compare_with_gamma("ncf", DG_SRC("tests/data/gamma-models/ncf_m.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 12);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    CU_ASSERT_EQUAL(c.equal_mac_rows, 12);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 0);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.gamma_macs, 1105920);

    c = compare_with_gamma("dlrm", DG_SRC("tests/data/gamma-models/dlrmRMC1_m.csv"));
    CU_ASSERT_EQUAL(c.gamma_rows, 6);
    CU_ASSERT_EQUAL(c.unmatched_rows, 0);
    CU_ASSERT_EQUAL(c.count_mismatches, 0);
    CU_ASSERT_EQUAL(c.equal_mac_rows, 6);
    CU_ASSERT_EQUAL(c.zoo_only_layers, 0);
    CU_ASSERT_EQUAL(c.rule_breaks, 0);
    CU_ASSERT_EQUAL(c.gamma_macs, 184384);
}

static CU_TestInfo tests[] = {
    {"table of models", test_table},
    {"every model builds", test_every_model_builds},
    {"unknown name", test_unknown_name},
    {"NULL arguments", test_null_arguments},
    {"CNN MACs within 3% of published", test_cnn_macs},
    {"BERT, NCF, DLRM MACs", test_mlp_macs},
    {"layer shapes", test_layer_shapes},
    {"gamma resnet18.csv", test_gamma_resnet18},
    {"gamma resnet50.csv", test_gamma_resnet50},
    {"gamma mobilenet_v2.csv", test_gamma_mobilenet_v2},
    {"gamma mnasnet.csv", test_gamma_mnasnet},
    {"gamma BERT_m.csv", test_gamma_bert},
    {"gamma ncf_m.csv and dlrmRMC1_m.csv", test_gamma_ncf_dlrm},
    CU_TEST_INFO_NULL,
};

DG_REGISTER_SUITE(zoo, tests)
