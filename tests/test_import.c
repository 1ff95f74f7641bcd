/*
 * test_import.c: the ONNX and Timeloop problem YAML importers (issue 7).
 *
 * ONNX: the two fixtures in tests/data/onnx/ (zigzag's weight-free,
 * shape-inferred AlexNet and MobileNetV2; see their README.md) against the
 * zoo's models of the same networks, and small models written here byte by
 * byte with a minimal protobuf encoder, for every mapping choice of
 * docs/import.md and for hostile input. YAML: single problems, lists,
 * several documents and bad input. Built without protobuf-c or libyaml, the
 * same entry points must answer DG_EUNSUPPORTED, which is what the tests
 * check then.
 */
#include "config.h"

#include <digamma/digamma.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#if defined(DG_HAVE_ONNX) || defined(DG_HAVE_YAML)
static dg_layer layer_at(const dg_workload *w, size_t i)
{
    dg_layer l;
    memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    DG_ASSERT_OK(dg_workload_layer(w, i, &l));
    return l;
}
#endif

#ifdef DG_HAVE_ONNX
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}
#endif

/* The message of the last error contains every needle. */
static void expect_message(const char *a, const char *b)
{
    const char *msg = dg_last_error()->message;
    if ((a && !strstr(msg, a)) || (b && !strstr(msg, b))) {
        fprintf(stderr, "message '%s' lacks '%s' / '%s'\n", msg, a ? a : "", b ? b : "");
        CU_FAIL("error message lacks the expected detail");
    }
}

#define ALEXNET_ONNX DG_SRC("tests/data/onnx/alexnet.onnx")
#define MOBILENETV2_ONNX DG_SRC("tests/data/onnx/mobilenetv2.onnx")

static void test_formats_supported(void)
{
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_AUTO), 1);
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_GAMMA_CSV), 1);
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_MAESTRO), 1);
#ifdef DG_HAVE_ONNX
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_ONNX), 1);
#else
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_ONNX), 0);
#endif
#ifdef DG_HAVE_YAML
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_TIMELOOP_YAML), 1);
#else
    CU_ASSERT_EQUAL(dg_workload_format_supported(DG_FORMAT_TIMELOOP_YAML), 0);
#endif
    CU_ASSERT_EQUAL(dg_workload_format_supported(5), 0);
    CU_ASSERT_EQUAL(dg_workload_format_supported(-1), 0);
}

static int count_calls(void *user, const char *name, const char *op)
{
    (void)name, (void)op;
    ++*(int *)user;
    return 0;
}

/* A built-in model skips nothing; NULL arguments are refused. */
static void test_load_ex_builtin(void)
{
    dg_workload *w = NULL;
    int calls = 0;
    DG_ASSERT_OK(dg_workload_load_ex(&w, "resnet18", count_calls, &calls));
    CU_ASSERT_EQUAL(calls, 0);
    dg_workload_destroy(w);
    DG_ASSERT_RC(dg_workload_load_ex(NULL, "resnet18", NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_parse_file_ex(NULL, ALEXNET_ONNX, DG_FORMAT_AUTO, NULL, NULL), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_parse_buffer_ex(&w, NULL, 3, DG_FORMAT_ONNX, NULL, NULL, NULL), DG_EINVAL);
    /* Text formats never call the callback. */
    const char *csv = "K,C,Y,X,R,S,T\n64,3,224,224,7,7,1\n";
    DG_ASSERT_OK(dg_workload_parse_buffer_ex(&w, csv, strlen(csv), DG_FORMAT_AUTO, "m.csv", count_calls, &calls));
    CU_ASSERT_EQUAL(calls, 0);
    dg_workload_destroy(w);
}

#ifdef DG_HAVE_ONNX

/* ---------------------------------------------------------------------------
 * A minimal protobuf encoder, enough to write ONNX models by hand.
 */

typedef struct pb {
    unsigned char *p;
    size_t n, cap;
} pb;

static void pb_raw(pb *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b->p);
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void pb_varint(pb *b, uint64_t v)
{
    unsigned char c[10];
    size_t n = 0;
    do {
        c[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            c[n] |= 0x80;
        n++;
    } while (v);
    pb_raw(b, c, n);
}

static void pb_int(pb *b, int field, int64_t v)
{
    pb_varint(b, (uint64_t)field << 3);
    pb_varint(b, (uint64_t)v);
}

static void pb_bytes(pb *b, int field, const void *d, size_t n)
{
    pb_varint(b, (uint64_t)field << 3 | 2);
    pb_varint(b, n);
    pb_raw(b, d, n);
}

static void pb_str(pb *b, int field, const char *s)
{
    pb_bytes(b, field, s, strlen(s));
}

/* Append a sub-message and free it. */
static void pb_sub(pb *b, int field, pb sub)
{
    pb_bytes(b, field, sub.p, sub.n);
    free(sub.p);
}

/* ONNX messages (field numbers of onnx.proto). */

/* A ValueInfoProto of a float tensor; a dimension < 0 is the symbolic "N". */
static pb vinfo(const char *name, int rank, const int64_t *dims)
{
    pb shape = {0}, tensor = {0}, type = {0}, vi = {0};
    for (int i = 0; i < rank; i++) {
        pb dim = {0};
        if (dims[i] >= 0)
            pb_int(&dim, 1, dims[i]);
        else
            pb_str(&dim, 2, "N");
        pb_sub(&shape, 1, dim);
    }
    pb_int(&tensor, 1, 1); /* elem_type FLOAT */
    pb_sub(&tensor, 2, shape);
    pb_sub(&type, 1, tensor);
    pb_str(&vi, 1, name);
    pb_sub(&vi, 2, type);
    return vi;
}

/* A weight-free initializer: a float TensorProto with dims only (like the fixtures'). */
static pb weight(const char *name, int rank, const int64_t *dims)
{
    pb t = {0};
    for (int i = 0; i < rank; i++)
        pb_int(&t, 1, dims[i]);
    pb_int(&t, 2, 1);
    pb_str(&t, 8, name);
    return t;
}

/* A 1-D int64 initializer with its values (a Reshape's shape). */
static pb ints_tensor(const char *name, int n, const int64_t *v)
{
    pb t = {0};
    pb_int(&t, 1, n);
    pb_int(&t, 2, 7); /* INT64 */
    for (int i = 0; i < n; i++)
        pb_int(&t, 7, v[i]);
    pb_str(&t, 8, name);
    return t;
}

static pb attr_ints(const char *name, int n, const int64_t *v)
{
    pb a = {0};
    pb_str(&a, 1, name);
    for (int i = 0; i < n; i++)
        pb_int(&a, 8, v[i]);
    pb_int(&a, 20, 7); /* INTS */
    return a;
}

static pb attr_int(const char *name, int64_t v)
{
    pb a = {0};
    pb_str(&a, 1, name);
    pb_int(&a, 3, v);
    pb_int(&a, 20, 2); /* INT */
    return a;
}

static pb attr_str(const char *name, const char *s)
{
    pb a = {0};
    pb_str(&a, 1, name);
    pb_str(&a, 4, s);
    pb_int(&a, 20, 3); /* STRING */
    return a;
}

#define INTS(...) (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), (const int64_t[]){__VA_ARGS__}

/* A graph under construction. */
typedef struct graph {
    pb g;
} graph;

static void g_input(graph *g, const char *name, int rank, const int64_t *dims)
{
    pb_sub(&g->g, 11, vinfo(name, rank, dims));
}

static void g_output(graph *g, const char *name, int rank, const int64_t *dims)
{
    pb_sub(&g->g, 12, vinfo(name, rank, dims));
}

static void g_value(graph *g, const char *name, int rank, const int64_t *dims)
{
    pb_sub(&g->g, 13, vinfo(name, rank, dims));
}

static void g_weight(graph *g, const char *name, int rank, const int64_t *dims)
{
    pb_sub(&g->g, 5, weight(name, rank, dims));
}

static void g_ints(graph *g, const char *name, int n, const int64_t *v)
{
    pb_sub(&g->g, 5, ints_tensor(name, n, v));
}

/* A node: inputs and outputs as comma-separated lists ("x,,b" has an empty
 * optional input), then up to four attributes (a zero pb ends the list). */
static void g_node_in(graph *g, const char *domain, const char *op, const char *name, const char *in, const char *out,
                      pb a1, pb a2, pb a3, pb a4)
{
    pb nd = {0};
    const char *lists[2] = {in, out};
    for (int l = 0; l < 2; l++) {
        const char *s = lists[l];
        while (s && *s) {
            const char *e = strchr(s, ',');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            pb_bytes(&nd, l + 1, s, n);
            s = e ? e + 1 : NULL;
        }
    }
    pb_str(&nd, 3, name);
    pb_str(&nd, 4, op);
    pb attrs[4] = {a1, a2, a3, a4};
    for (int i = 0; i < 4; i++)
        if (attrs[i].n)
            pb_sub(&nd, 5, attrs[i]);
    if (domain)
        pb_str(&nd, 7, domain);
    pb_sub(&g->g, 1, nd);
}

static const pb NOATTR = {0};
#define g_node(g, op, name, in, out) g_node_in(g, NULL, op, name, in, out, NOATTR, NOATTR, NOATTR, NOATTR)
#define g_node1(g, op, name, in, out, a) g_node_in(g, NULL, op, name, in, out, a, NOATTR, NOATTR, NOATTR)
#define g_node2(g, op, name, in, out, a, b) g_node_in(g, NULL, op, name, in, out, a, b, NOATTR, NOATTR)
#define g_node3(g, op, name, in, out, a, b, c) g_node_in(g, NULL, op, name, in, out, a, b, c, NOATTR)
#define g_node4(g, op, name, in, out, a, b, c, d) g_node_in(g, NULL, op, name, in, out, a, b, c, d)

/* ModelProto { ir_version 7, opset_import { version 13 }, graph }. */
static pb g_model(graph *g)
{
    pb m = {0}, opset = {0};
    pb_int(&m, 1, 7);
    pb_int(&opset, 2, 13);
    pb_sub(&m, 8, opset);
    pb_str(&g->g, 2, "test");
    pb_sub(&m, 7, g->g);
    g->g = (pb){0};
    return m;
}

static int import_pb(dg_workload **w, pb m, dg_import_report_fn fn, void *user)
{
    int rc = dg_workload_parse_buffer_ex(w, (const char *)m.p, m.n, DG_FORMAT_AUTO, "test.onnx", fn, user);
    free(m.p);
    return rc;
}

static dg_workload *import_ok(graph *g)
{
    dg_workload *w = NULL;
    DG_ASSERT_OK(import_pb(&w, g_model(g), NULL, NULL));
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    return w;
}

/* The import fails with `code`, leaves the caller's pointer alone, and the
 * message names what it should. */
static void import_fails(graph *g, int code, const char *needle1, const char *needle2)
{
    dg_workload *w = (dg_workload *)0x1;
    DG_ASSERT_RC(import_pb(&w, g_model(g), NULL, NULL), code);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    CU_ASSERT_STRING_EQUAL(dg_last_error()->file, "test.onnx");
    expect_message(needle1, needle2);
}

/* ---------------------------------------------------------------------------
 * The fixtures against the zoo.
 */

/*
 * The zoo's AlexNet is torchvision's single-tower net; the ONNX one is
 * onnx-caffe2's bvlc_alexnet, the two-tower Caffe model of the 2012 paper,
 * run at 224x224. What agrees: eight distinct layers, five convolutions then
 * three fully connected ones, the kernels (11, 5, 3, 3, 3), conv1's stride 4,
 * and the classifier exactly (9216 -> 4096 -> 4096 -> 1000, batch 1). What
 * differs, by design of the two networks: conv1 has 96 filters and no padding
 * (224 -> 54; torchvision: 64, pad 2, 55), conv2, conv4 and conv5 are grouped
 * in two towers (each a repeat count of 2 of half the filters over half the
 * channels; 11 layers in all), and the widths are 96-256-384-384-256 instead
 * of 64-192-384-256-256. The MACs, computed by hand from those shapes, are
 * 654 560 384, 8.3 % below the zoo's 714 188 480: we check the exact figure
 * and that the two are within 10 %.
 */
static void check_alexnet(dg_workload *w)
{
    dg_workload *zoo;
    DG_ASSERT_OK(dg_workload_builtin(&zoo, "alexnet"));
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), dg_workload_num_unique(zoo));
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 8);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 11);
    static const int64_t kernel[] = {11, 5, 3, 3, 3, 1, 1, 1};
    static const int64_t k[] = {96, 128, 384, 192, 128, 4096, 4096, 1000}, c[] = {3, 48, 256, 192, 192, 9216, 4096, 4096};
    static const int64_t count[] = {1, 2, 1, 2, 2, 1, 1, 1}, out[] = {54, 26, 12, 12, 12, 1, 1, 1};
    for (size_t i = 0; i < 8; i++) {
        dg_layer a = layer_at(w, i), b = layer_at(zoo, i);
        CU_ASSERT_EQUAL(a.type, b.type);
        CU_ASSERT_EQUAL(a.r, kernel[i]);
        CU_ASSERT_EQUAL(a.r, b.r);
        CU_ASSERT_EQUAL(a.s, b.s);
        CU_ASSERT_EQUAL(a.n, 1);
        CU_ASSERT_EQUAL(a.k, k[i]);
        CU_ASSERT_EQUAL(a.c, c[i]);
        CU_ASSERT_EQUAL(a.count, count[i]);
        CU_ASSERT_EQUAL(a.out_y, out[i]);
        CU_ASSERT_EQUAL(a.out_x, out[i]);
        if (i >= 5) { /* the classifier is the same layer for layer */
            CU_ASSERT_EQUAL(a.k, b.k);
            CU_ASSERT_EQUAL(a.c, b.c);
            CU_ASSERT_EQUAL(a.macs, b.macs);
        }
    }
    CU_ASSERT_EQUAL(layer_at(w, 0).stride_y, 4);
    CU_ASSERT_EQUAL(layer_at(w, 0).pad_y, 0);
    CU_ASSERT_EQUAL(layer_at(w, 1).pad_y, 2);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 654560384);
    double ratio = (double)dg_workload_total_macs(w) / (double)dg_workload_total_macs(zoo);
    CU_ASSERT(ratio > 0.90 && ratio < 1.10);
    dg_workload_destroy(zoo);
}

static void test_onnx_alexnet(void)
{
    dg_workload *w;
    /* By file name (the extension decides), by content, and through dg_workload_load. */
    DG_ASSERT_OK(dg_workload_parse_file(&w, ALEXNET_ONNX, DG_FORMAT_AUTO));
    check_alexnet(w);
    CU_ASSERT_STRING_EQUAL(dg_workload_name(w), ALEXNET_ONNX);
    dg_workload_destroy(w);
    size_t size;
    char *data = slurp(ALEXNET_ONNX, &size);
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, data, size, DG_FORMAT_AUTO, NULL));
    check_alexnet(w);
    dg_workload_destroy(w);
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, data, size, DG_FORMAT_ONNX, "alexnet"));
    check_alexnet(w);
    dg_workload_destroy(w);
    free(data);
    DG_ASSERT_OK(dg_workload_load(&w, ALEXNET_ONNX));
    check_alexnet(w);
    dg_workload_destroy(w);
    /* Naming the wrong format fails cleanly. */
    w = (dg_workload *)0x1;
    DG_ASSERT_RC(dg_workload_parse_file(&w, ALEXNET_ONNX, DG_FORMAT_GAMMA_CSV), DG_EPARSE);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
}

/* torchvision's MobileNetV2 exported by PyTorch: the same network as the
 * zoo's, so every distinct layer, repeat count and the MAC total agree
 * exactly (only the names differ). */
static void test_onnx_mobilenetv2(void)
{
    dg_workload *w, *zoo;
    int calls = 0;
    DG_ASSERT_OK(dg_workload_parse_file_ex(&w, MOBILENETV2_ONNX, DG_FORMAT_AUTO, count_calls, &calls));
    CU_ASSERT_EQUAL(calls, 0); /* Conv, Clip, Add, GlobalAveragePool, Flatten, Gemm, Constant: nothing skipped */
    DG_ASSERT_OK(dg_workload_builtin(&zoo, "mobilenet_v2"));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 53);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), dg_workload_num_layers(zoo));
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), dg_workload_num_unique(zoo));
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), dg_workload_total_macs(zoo));
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 300774272);
    size_t dw = 0;
    for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
        dg_layer a = layer_at(w, i), b = layer_at(zoo, i);
        CU_ASSERT_EQUAL(a.type, b.type);
        CU_ASSERT(a.n == b.n && a.k == b.k && a.c == b.c && a.y == b.y && a.x == b.x && a.r == b.r && a.s == b.s);
        CU_ASSERT(a.stride_y == b.stride_y && a.stride_x == b.stride_x && a.pad_y == b.pad_y && a.pad_x == b.pad_x);
        CU_ASSERT_EQUAL(a.count, b.count);
        CU_ASSERT_EQUAL(a.macs, b.macs);
        dw += a.type == DG_LAYER_DWCONV ? (size_t)a.count : 0;
    }
    CU_ASSERT_EQUAL(dw, 17); /* group == channels: one depthwise layer per block */
    CU_ASSERT_STRING_EQUAL(layer_at(w, 0).name, "/features/features.0/features.0.0/Conv");
    dg_workload_destroy(zoo);
    dg_workload_destroy(w);
}

/* ---------------------------------------------------------------------------
 * Mapping choices (docs/import.md), on small models.
 */

/* Convolution with every attribute given, shapes only from the graph input. */
static dg_workload *one_conv(const int64_t *in4, const int64_t *w4, pb a1, pb a2, pb a3, pb a4)
{
    graph g = {0};
    g_input(&g, "x", 4, in4);
    g_weight(&g, "w", 4, w4);
    g_node_in(&g, NULL, "Conv", "conv", "x,w", "y", a1, a2, a3, a4);
    return import_ok(&g);
}

static void test_onnx_groups(void)
{
    /* group 4 over 8 channels, 16 filters: 4 identical convolutions of 4 filters over 2 channels. */
    dg_workload *w = one_conv((const int64_t[]){2, 8, 10, 10}, (const int64_t[]){16, 2, 3, 3},
                              attr_int("group", 4), attr_ints("pads", INTS(1, 1, 1, 1)), NOATTR, NOATTR);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 1);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 4);
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_CONV && l.n == 2 && l.k == 4 && l.c == 2 && l.count == 4 && l.out_y == 10);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), (int64_t)2 * 16 * 2 * 10 * 10 * 9);
    dg_workload_destroy(w);
    /* group == channels: depthwise; a depth multiplier of 2 repeats it. */
    w = one_conv((const int64_t[]){1, 4, 8, 8}, (const int64_t[]){8, 1, 3, 3}, attr_int("group", 4),
                 attr_ints("strides", INTS(2, 2)), attr_ints("pads", INTS(1, 1, 1, 1)), NOATTR);
    l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_DWCONV && l.k == 4 && l.c == 4 && l.count == 2 && l.out_y == 4 && l.stride_y == 2);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), (int64_t)8 * 4 * 4 * 9);
    dg_workload_destroy(w);
    /* A group count that does not divide the channels is malformed. */
    graph g = {0};
    g_input(&g, "x", 4, (const int64_t[]){1, 6, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){8, 2, 3, 3});
    g_node1(&g, "Conv", "badgroup", "x,w", "y", attr_int("group", 4));
    import_fails(&g, DG_EPARSE, "badgroup", "group");
}

static void test_onnx_pads_and_dilation(void)
{
    /* Asymmetric pads [top, left, bottom, right] = [0, 0, 1, 1]: no padding,
     * one more input row and column; output and MACs exact. */
    dg_workload *w = one_conv((const int64_t[]){1, 3, 6, 6}, (const int64_t[]){5, 3, 3, 3},
                              attr_ints("pads", INTS(0, 0, 1, 1)), attr_ints("strides", INTS(2, 2)), NOATTR, NOATTR);
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.y == 7 && l.x == 7 && l.pad_y == 0 && l.pad_x == 0 && l.out_y == 3 && l.out_x == 3);
    CU_ASSERT_EQUAL(l.macs, (int64_t)5 * 3 * 3 * 3 * 9);
    dg_workload_destroy(w);
    /* [2, 1, 1, 3]: symmetric part 1 and 1, the excess joins the input. */
    w = one_conv((const int64_t[]){1, 3, 6, 6}, (const int64_t[]){5, 3, 3, 3}, attr_ints("pads", INTS(2, 1, 1, 3)),
                 NOATTR, NOATTR, NOATTR);
    l = layer_at(w, 0);
    CU_ASSERT(l.y == 7 && l.pad_y == 1 && l.x == 8 && l.pad_x == 1 && l.out_y == 7 && l.out_x == 8);
    dg_workload_destroy(w);
    /* auto_pad SAME_UPPER: 6 -> 3 with stride 2 needs one row, at the end. */
    w = one_conv((const int64_t[]){1, 3, 6, 6}, (const int64_t[]){5, 3, 3, 3}, attr_str("auto_pad", "SAME_UPPER"),
                 attr_ints("strides", INTS(2, 2)), NOATTR, NOATTR);
    l = layer_at(w, 0);
    CU_ASSERT(l.out_y == 3 && l.out_x == 3 && l.y == 7 && l.pad_y == 0);
    dg_workload_destroy(w);
    /* Dilation 2, 3x3 over 10x10: a 6x6 output as four undilated phases of 3x3 outputs over 5x5 inputs. */
    w = one_conv((const int64_t[]){1, 2, 10, 10}, (const int64_t[]){4, 2, 3, 3}, attr_ints("dilations", INTS(2, 2)),
                 NOATTR, NOATTR, NOATTR);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 1);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 4);
    l = layer_at(w, 0);
    CU_ASSERT(l.y == 5 && l.x == 5 && l.r == 3 && l.out_y == 3 && l.pad_y == 0 && l.stride_y == 1);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), (int64_t)4 * 2 * 6 * 6 * 9);
    dg_workload_destroy(w);
    /* Dilation 2 with pad 2 over 7 rows (11 padded, 7 outputs: phases of 4 and
     * 3 outputs over 6 and 5 rows) and dilation 3, stride 2 over 9 columns
     * (gcd 1: 3 phases of stride 2; 2 outputs, one in each of two phases,
     * none in the third). 2 x 2 layers, MACs exact. */
    w = one_conv((const int64_t[]){1, 1, 7, 9}, (const int64_t[]){1, 1, 3, 3}, attr_ints("dilations", INTS(2, 3)),
                 attr_ints("pads", INTS(2, 0, 2, 0)), attr_ints("strides", INTS(1, 2)), NOATTR);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 4);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 2);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), (int64_t)7 * 2 * 9);
    l = layer_at(w, 0);
    CU_ASSERT(l.out_y == 4 && l.out_x == 1 && l.count == 2 && l.y == 6 && l.x == 3 && l.stride_x == 2);
    CU_ASSERT_EQUAL(layer_at(w, 1).out_y, 3);
    CU_ASSERT_STRING_EQUAL(l.name, "conv.phase0");
    dg_workload_destroy(w);
}

static void test_onnx_gemm_matmul(void)
{
    graph g = {0};
    /* Gemm with a weight: FC over a batch of 4; Gemm of two activations: GEMM. */
    g_input(&g, "a", 2, (const int64_t[]){4, 32});
    g_weight(&g, "w", 2, (const int64_t[]){10, 32});
    g_input(&g, "b", 2, (const int64_t[]){10, 6});
    g_node1(&g, "Gemm", "fc", "a,w", "h", attr_int("transB", 1));
    g_node(&g, "Gemm", "gemm", "h,b", "o");
    dg_workload *w = import_ok(&g);
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_FC && l.n == 4 && l.k == 10 && l.c == 32);
    l = layer_at(w, 1);
    CU_ASSERT(l.type == DG_LAYER_GEMM && l.y == 4 && l.c == 10 && l.k == 6);
    dg_workload_destroy(w);

    /* A transformer block's shapes: x [1, 128, 64] times a weight [64, 256]
     * (one GEMM of 128 rows: the weight is shared by the batch), then the
     * per-head attention product [1, 4, 128, 16] x [1, 4, 16, 128] (one GEMM
     * per head, repeated), then a 2-D MatMul with a weight (FC). */
    g_input(&g, "x", 3, (const int64_t[]){1, 128, 64});
    g_weight(&g, "wq", 2, (const int64_t[]){64, 256});
    g_input(&g, "q", 4, (const int64_t[]){1, 4, 128, 16});
    g_input(&g, "kt", 4, (const int64_t[]){1, 4, 16, 128});
    g_input(&g, "v2", 2, (const int64_t[]){8, 64});
    g_node(&g, "MatMul", "proj", "x,wq", "p");
    g_node(&g, "MatMul", "scores", "q,kt", "s");
    g_node(&g, "MatMul", "fc2", "v2,wq", "f");
    /* Broadcast batch: [2, 1, 5, 8] x [3, 8, 7] gives 2 x 3 products of 5x8 by 8x7. */
    g_input(&g, "ba", 4, (const int64_t[]){2, 1, 5, 8});
    g_input(&g, "bb", 3, (const int64_t[]){3, 8, 7});
    g_node(&g, "MatMul", "bcast", "ba,bb", "bo");
    g_value(&g, "bo", 4, (const int64_t[]){2, 3, 5, 7});
    w = import_ok(&g);
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), 4);
    l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_GEMM && l.y == 128 && l.c == 64 && l.k == 256 && l.count == 1);
    l = layer_at(w, 1);
    CU_ASSERT(l.type == DG_LAYER_GEMM && l.y == 128 && l.c == 16 && l.k == 128 && l.count == 4);
    l = layer_at(w, 2);
    CU_ASSERT(l.type == DG_LAYER_FC && l.n == 8 && l.c == 64 && l.k == 256);
    l = layer_at(w, 3);
    CU_ASSERT(l.type == DG_LAYER_GEMM && l.y == 5 && l.c == 8 && l.k == 7 && l.count == 6);
    dg_workload_destroy(w);

    /* Inner dimensions that differ, and a declared output that contradicts the computed one. */
    g_input(&g, "a", 2, (const int64_t[]){4, 32});
    g_input(&g, "b", 2, (const int64_t[]){31, 6});
    g_node(&g, "MatMul", "mm", "a,b", "o");
    import_fails(&g, DG_EPARSE, "mm", "inner dimensions");
    g_input(&g, "a", 2, (const int64_t[]){4, 32});
    g_input(&g, "b", 2, (const int64_t[]){32, 6});
    g_node(&g, "MatMul", "mm2", "a,b", "o");
    g_output(&g, "o", 2, (const int64_t[]){4, 7});
    import_fails(&g, DG_EPARSE, "mm2", "declares output 'o' as [4,7]");
}

/* No value_info at all: shapes flow through the shape-only operators. */
static void test_onnx_shape_inference(void)
{
    graph g = {0};
    g_input(&g, "x", 4, (const int64_t[]){-1, 3, 32, 32}); /* symbolic batch: 1 */
    g_weight(&g, "w1", 4, (const int64_t[]){8, 3, 3, 3});
    g_weight(&g, "w2", 4, (const int64_t[]){8, 3, 3, 3});
    g_weight(&g, "w3", 4, (const int64_t[]){16, 16, 1, 1});
    g_weight(&g, "fw", 2, (const int64_t[]){10, 256});
    g_weight(&g, "bn_s", 1, (const int64_t[]){8});
    g_ints(&g, "shape", 2, (const int64_t[]){0, -1});
    g_node1(&g, "Conv", "c1", "x,w1", "a", attr_ints("pads", INTS(1, 1, 1, 1)));
    g_node(&g, "BatchNormalization", "bn", "a,bn_s,bn_s,bn_s,bn_s", "a1");
    g_node(&g, "Relu", "r1", "a1", "a2");
    g_node1(&g, "Conv", "c2", "x,w2", "b", attr_ints("pads", INTS(1, 1, 1, 1)));
    g_node(&g, "Clip", "clip", "b", "b1");
    g_node1(&g, "Concat", "cat", "a2,b1", "c", attr_int("axis", 1)); /* [1, 16, 32, 32] */
    g_node(&g, "Identity", "id", "c", "c0");
    g_node2(&g, "MaxPool", "mp", "c0", "d", attr_ints("kernel_shape", INTS(2, 2)), attr_ints("strides", INTS(2, 2)));
    g_node(&g, "Add", "add", "d,d", "d1");
    g_node(&g, "Mul", "mul", "d1,bn_s", "d2"); /* [1,16,16,16] * [8]: no broadcast, the shape is lost ... */
    g_node(&g, "Dropout", "drop", "d1", "e");  /* ... but the Conv below reads the Dropout's output */
    g_node1(&g, "Conv", "c3", "e,w3", "f", attr_ints("strides", INTS(4, 4))); /* [1, 16, 4, 4] */
    g_node2(&g, "AveragePool", "ap", "f", "f1", attr_ints("kernel_shape", INTS(3, 3)), attr_int("ceil_mode", 1));
    g_node(&g, "GlobalAveragePool", "gap", "f", "f2");                  /* [1, 16, 1, 1] */
    g_node1(&g, "Transpose", "tr", "f", "f3", attr_ints("perm", INTS(0, 2, 3, 1)));
    g_node(&g, "Reshape", "rs", "f3,shape", "h");                        /* [1, 256] */
    g_node1(&g, "Gemm", "fc", "h,fw", "o", attr_int("transB", 1));
    g_node1(&g, "Flatten", "fl", "f2", "f4", attr_int("axis", 1));      /* [1, 16] */
    g_node(&g, "Transpose", "t2", "fw", "fwt");                          /* a transposed weight stays one */
    g_node(&g, "MatMul", "mm", "h,fwt", "o2");
    g_node(&g, "Relu", "r2", "f4", "o3");
    dg_workload *w = import_ok(&g);
    /* c1 = c2 (count 2), c3, and fc = mm (a Gemm and a MatMul by a transposed weight: FC, count 2). */
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), 3);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 5);
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_CONV && l.n == 1 && l.k == 8 && l.c == 3 && l.y == 32 && l.out_y == 32 && l.count == 2);
    l = layer_at(w, 1);
    CU_ASSERT(l.k == 16 && l.c == 16 && l.y == 16 && l.out_y == 4 && l.stride_y == 4);
    l = layer_at(w, 2);
    CU_ASSERT(l.type == DG_LAYER_FC && l.n == 1 && l.c == 256 && l.k == 10 && l.count == 2);
    dg_workload_destroy(w);
}

static char skipped_log[256];
static int log_skipped(void *user, const char *name, const char *op)
{
    size_t n = strlen(skipped_log);
    snprintf(skipped_log + n, sizeof skipped_log - n, "%s/%s;", name, op);
    return user ? 1 : 0;
}

static void test_onnx_skipped_nodes(void)
{
    graph g = {0};
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){4, 3, 3, 3});
    g_weight(&g, "w5", 5, (const int64_t[]){4, 3, 1, 1, 1});
    g_input(&g, "x5", 5, (const int64_t[]){1, 3, 2, 8, 8});
    g_node(&g, "Conv", "conv", "x,w", "y");
    g_node(&g, "ConvTranspose", "up", "y,w", "z");
    g_node_in(&g, "com.microsoft", "FusedConv", "fused", "x,w", "y2", NOATTR, NOATTR, NOATTR, NOATTR);
    g_node(&g, "Conv", "conv3d", "x5,w5", "y5");
    g_node(&g, "Relu", "relu", "y", "y3");
    pb m = g_model(&g);
    pb copy = {0};
    pb_raw(&copy, m.p, m.n);
    dg_workload *w;
    skipped_log[0] = '\0';
    DG_ASSERT_OK(import_pb(&w, m, log_skipped, NULL));
    CU_ASSERT_STRING_EQUAL(skipped_log, "up/ConvTranspose;fused/com.microsoft:FusedConv;conv3d/Conv;");
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 1);
    dg_workload_destroy(w);
    /* A callback that stops: DG_EUSER, nothing returned. */
    skipped_log[0] = '\0';
    w = (dg_workload *)0x1;
    DG_ASSERT_RC(import_pb(&w, copy, log_skipped, (void *)1), DG_EUSER);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    CU_ASSERT_STRING_EQUAL(skipped_log, "up/ConvTranspose;");

    /* Nothing supported at all is an error. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_node(&g, "Relu", "r", "x", "y");
    g_node(&g, "LSTM", "l", "y", "z");
    import_fails(&g, DG_EPARSE, "no supported node", NULL);
}

/* ---------------------------------------------------------------------------
 * Hostile input: clear errors, never a crash (the sanitizer run checks the rest).
 */

static void expect_onnx_error(const char *data, size_t size, int format)
{
    dg_workload *w = (dg_workload *)0x1;
    int rc = dg_workload_parse_buffer(&w, data, size, format, "hostile.onnx");
    if (rc == DG_OK) {
        dg_workload_destroy(w);
        return;
    }
    CU_ASSERT(rc == DG_EPARSE || rc == DG_EINVAL || rc == DG_ERANGE);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    CU_ASSERT(dg_last_error()->message[0] != '\0');
}

static void test_onnx_truncated_and_garbage(void)
{
    size_t size;
    char *data = slurp(MOBILENETV2_ONNX, &size);
    dg_workload *w = (dg_workload *)0x1;
    /* Truncated: half the file, and a byte short. */
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, data, size / 2, DG_FORMAT_ONNX, "t.onnx"), DG_EPARSE);
    expect_message("not an ONNX model", "truncated");
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, data, size - 1, DG_FORMAT_AUTO, "t.onnx"), DG_EPARSE);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    /* Every prefix length on a coarse grid: an error or (at a message boundary) a model. */
    for (size_t n = 0; n < size; n += 251)
        expect_onnx_error(data, n, DG_FORMAT_ONNX);
    /* Flipped bytes all over the real model. */
    uint32_t seed = 12345;
    for (int trial = 0; trial < 200; trial++) {
        char *mut = malloc(size);
        memcpy(mut, data, size);
        for (int k = 0; k < 8; k++) {
            seed = seed * 1103515245u + 12345u;
            mut[(seed >> 8) % size] = (char)(seed >> 3);
        }
        expect_onnx_error(mut, size, DG_FORMAT_ONNX);
        free(mut);
    }
    free(data);
    /* Garbage and other files' magic. */
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, png, sizeof png - 1, DG_FORMAT_AUTO, "x.png"), DG_EPARSE);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, elf, sizeof elf - 1, DG_FORMAT_ONNX, "x.elf"), DG_EPARSE);
    char garbage[4096];
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + trial * 13 % sizeof garbage;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            garbage[i] = (char)(seed >> 16);
        }
        expect_onnx_error(garbage, n, DG_FORMAT_ONNX);
    }
    /* Text is not ONNX; an empty buffer is not a model. */
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, "hello world", 11, DG_FORMAT_ONNX, "t"), DG_EPARSE);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, "", 0, DG_FORMAT_ONNX, "t"), DG_EPARSE);
    expect_message("no graph", NULL);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
}

static void test_onnx_huge_sizes(void)
{
    dg_workload *w = (dg_workload *)0x1;
    /* A length prefix of 2^40 bytes inside a 16-byte buffer. */
    pb m = {0};
    pb_int(&m, 1, 7);
    pb_varint(&m, 7 << 3 | 2);
    pb_varint(&m, (uint64_t)1 << 40);
    pb_raw(&m, "abcd", 4);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, (const char *)m.p, m.n, DG_FORMAT_ONNX, "t"), DG_EPARSE);
    free(m.p);
    /* Dimensions of 2^40: the MAC count overflows 64 bits. */
    graph g = {0};
    g_input(&g, "x", 4, (const int64_t[]){1, (int64_t)1 << 40, 1 << 20, 1 << 20});
    g_weight(&g, "w", 4, (const int64_t[]){(int64_t)1 << 40, (int64_t)1 << 40, 1, 1});
    g_node(&g, "Conv", "huge", "x,w", "y");
    import_fails(&g, DG_ERANGE, "huge", "overflow");
    /* A group count of 2^40 over as many channels: one depthwise layer, no loop over groups. */
    g_input(&g, "x", 4, (const int64_t[]){1, (int64_t)1 << 40, 2, 2});
    g_weight(&g, "w", 4, (const int64_t[]){(int64_t)1 << 40, 1, 1, 1});
    g_node1(&g, "Conv", "dw", "x,w", "y", attr_int("group", (int64_t)1 << 40));
    w = import_ok(&g);
    CU_ASSERT_EQUAL(layer_at(w, 0).type, DG_LAYER_DWCONV);
    dg_workload_destroy(w);
    /* 2^40 identical grouped convolutions are one layer with that repeat count. */
    g_input(&g, "x", 4, (const int64_t[]){1, (int64_t)1 << 41, 2, 2});
    g_weight(&g, "w", 4, (const int64_t[]){(int64_t)1 << 40, 2, 1, 1});
    g_node1(&g, "Conv", "grouped", "x,w", "y", attr_int("group", (int64_t)1 << 40));
    w = import_ok(&g);
    CU_ASSERT_EQUAL(layer_at(w, 0).count, (int64_t)1 << 40);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 1);
    dg_workload_destroy(w);
    /* A kernel larger than the padded input. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 4, 4});
    g_weight(&g, "w", 4, (const int64_t[]){8, 3, 5, 5});
    g_node(&g, "Conv", "big", "x,w", "y");
    import_fails(&g, DG_EINVAL, "big", "larger than the padded input");
    /* Attribute lists of the wrong length, and negative pads. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 4, 4});
    g_weight(&g, "w", 4, (const int64_t[]){8, 3, 3, 3});
    g_node1(&g, "Conv", "badstrides", "x,w", "y", attr_ints("strides", INTS(1, 1, 1)));
    import_fails(&g, DG_EPARSE, "badstrides", "strides");
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 4, 4});
    g_weight(&g, "w", 4, (const int64_t[]){8, 3, 3, 3});
    g_node1(&g, "Conv", "negpads", "x,w", "y", attr_ints("pads", INTS(-1, 0, 0, 0)));
    import_fails(&g, DG_EPARSE, "negpads", "negative pads");
}

static size_t varint_size(uint64_t v)
{
    size_t n = 1;
    for (; v >= 128; v >>= 7)
        n++;
    return n;
}

/* Messages nested far deeper than any model (graph in attribute in node in
 * graph ...; 100 000 levels, 1.4 MB): protobuf-c's decoder recurses once per
 * level and overflows the stack on this (checked by hand: SIGSEGV), so the
 * importer must refuse it before the decoder sees it. */
static void test_onnx_deep_nesting(void)
{
    enum { LEVELS = 100000 };
    /* Content sizes from the inside out: graph(i) = { node { attribute { g = graph(i+1) } } }. */
    size_t *g = malloc((LEVELS + 1) * sizeof *g), *a = malloc(LEVELS * sizeof *a), *nd = malloc(LEVELS * sizeof *nd);
    CU_ASSERT_FATAL(g && a && nd);
    g[LEVELS] = 0;
    for (int i = LEVELS - 1; i >= 0; i--) {
        a[i] = 1 + varint_size(g[i + 1]) + g[i + 1];
        nd[i] = 1 + varint_size(a[i]) + a[i];
        g[i] = 1 + varint_size(nd[i]) + nd[i];
    }
    pb m = {0};
    pb_varint(&m, 7 << 3 | 2), pb_varint(&m, g[0]);
    for (int i = 0; i < LEVELS; i++) {
        pb_varint(&m, 1 << 3 | 2), pb_varint(&m, nd[i]); /* graph.node */
        pb_varint(&m, 5 << 3 | 2), pb_varint(&m, a[i]);  /* node.attribute */
        pb_varint(&m, 6 << 3 | 2), pb_varint(&m, g[i + 1]); /* attribute.g */
    }
    free(g), free(a), free(nd);
    dg_workload *w = (dg_workload *)0x1;
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, (const char *)m.p, m.n, DG_FORMAT_AUTO, "deep.onnx"), DG_EPARSE);
    expect_message("nested deeper than", NULL);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    free(m.p);
}

/* vinfo() writes negative dimensions as symbolic ones; this one is a real dim_value < 0. */
static pb negative_vinfo(const char *name, int64_t dim_value)
{
    pb shape = {0}, t = {0}, ty = {0}, vi = {0}, dim = {0};
    pb_int(&dim, 1, dim_value);
    pb_sub(&shape, 1, dim);
    pb_int(&t, 1, 1);
    pb_sub(&t, 2, shape);
    pb_sub(&ty, 1, t);
    pb_str(&vi, 1, name);
    pb_sub(&vi, 2, ty);
    return vi;
}

static void test_onnx_bad_graphs(void)
{
    graph g = {0};
    /* A cycle: conv reads relu's output, relu reads conv's. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Add", "add", "x,r", "s");
    g_node(&g, "Conv", "conv", "s,w", "y");
    g_node(&g, "Relu", "relu", "y", "r");
    import_fails(&g, DG_EPARSE, "cycle through node", NULL);
    /* A node reading its own output. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Conv", "selfish", "y,w", "y");
    import_fails(&g, DG_EPARSE, "cycle through node 'selfish'", NULL);
    /* Two nodes writing one value; a node overwriting a graph input. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_node(&g, "Relu", "r1", "x", "y");
    g_node(&g, "Relu", "r2", "x", "y");
    import_fails(&g, DG_EPARSE, "written by two nodes", NULL);
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_node(&g, "Relu", "r1", "x", "x");
    import_fails(&g, DG_EPARSE, "graph input", NULL);
    /* No shape: the Conv's input comes out of a Resize with no value_info. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Resize", "resize", "x", "u");
    g_node(&g, "Relu", "relu", "u", "u1");
    g_node(&g, "Conv", "conv_after_resize", "u1,w", "y");
    import_fails(&g, DG_EPARSE, "conv_after_resize", "lost at node 'resize' (Resize)");
    expect_message("shape inference", NULL);
    /* ... and with value_info for it, the same graph imports. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Resize", "resize", "x", "u");
    g_node(&g, "Relu", "relu", "u", "u1");
    g_node(&g, "Conv", "conv_after_resize", "u1,w", "y");
    g_value(&g, "u", 4, (const int64_t[]){1, 3, 16, 16});
    dg_workload *w = import_ok(&g);
    CU_ASSERT_EQUAL(layer_at(w, 0).y, 16);
    dg_workload_destroy(w);
    /* An input that nothing defines; a symbolic spatial size. */
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Conv", "orphan", "nowhere,w", "y");
    import_fails(&g, DG_EPARSE, "orphan", "not produced by any node");
    g_input(&g, "x", 4, (const int64_t[]){1, 3, -1, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Conv", "sym", "x,w", "y");
    import_fails(&g, DG_EPARSE, "sym", "symbolic");
    /* Zero-size and negative dimensions. */
    g_input(&g, "x", 4, (const int64_t[]){1, 0, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 0, 3, 3});
    g_node(&g, "Conv", "zero", "x,w", "y");
    import_fails(&g, DG_EINVAL, "zero", "zero-size");
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, 3, 3});
    g_node(&g, "Conv", "c", "x,w", "y");
    pb_sub(&g.g, 13, negative_vinfo("neg", -3));
    import_fails(&g, DG_EPARSE, "'neg'", "negative dimension -3");
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    g_weight(&g, "w", 4, (const int64_t[]){3, 3, -3, 3});
    g_node(&g, "Conv", "c", "x,w", "y");
    import_fails(&g, DG_EPARSE, "initializer 'w'", "negative dimension");
    /* A model without nodes. */
    g_input(&g, "x", 4, (const int64_t[]){1, 3, 8, 8});
    import_fails(&g, DG_EPARSE, "no nodes", NULL);
}

#else /* !DG_HAVE_ONNX */

static void test_onnx_unsupported(void)
{
    dg_workload *w = (dg_workload *)0x1;
    DG_ASSERT_RC(dg_workload_parse_file(&w, ALEXNET_ONNX, DG_FORMAT_AUTO), DG_EUNSUPPORTED);
    expect_message("built without ONNX support", NULL);
    DG_ASSERT_RC(dg_workload_load(&w, MOBILENETV2_ONNX), DG_EUNSUPPORTED);
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, "\x08\x07", 2, DG_FORMAT_ONNX, "m"), DG_EUNSUPPORTED);
    expect_message("built without ONNX support", NULL);
    /* Binary content guessed as ONNX: not text, and the message says why it cannot be read. */
    DG_ASSERT_RC(dg_workload_parse_buffer(&w, "\x08\x07", 2, DG_FORMAT_AUTO, "m"), DG_EPARSE);
    expect_message("ONNX support", NULL);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
}

#endif /* DG_HAVE_ONNX */

/* ---------------------------------------------------------------------------
 * Timeloop problem YAML.
 */

static int parse_yaml(dg_workload **w, const char *text, int format)
{
    return dg_workload_parse_buffer(w, text, strlen(text), format, "test.yaml");
}

#ifdef DG_HAVE_YAML

static const char timeloop_conv[] = "problem:\n"
                                    "  shape:\n"
                                    "    name: CNN-Layer\n"
                                    "    dimensions: [ C, M, R, S, N, P, Q ]\n"
                                    "  instance:\n"
                                    "    C: 64\n"
                                    "    M: 128\n"
                                    "    N: 2\n"
                                    "    P: 56\n"
                                    "    Q: 28\n"
                                    "    R: 3\n"
                                    "    S: 1\n"
                                    "    Wstride: 1\n"
                                    "    Hstride: 2\n"
                                    "    Wdilation: 1\n"
                                    "    Hdilation: 1\n";

static void test_yaml_single(void)
{
    dg_workload *w;
    DG_ASSERT_OK(parse_yaml(&w, timeloop_conv, DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_layers(w), 1);
    /* R and P pair with Wstride (y), S and Q with Hstride (x); no padding. */
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_CONV && l.n == 2 && l.k == 128 && l.c == 64);
    CU_ASSERT(l.y == 58 && l.r == 3 && l.stride_y == 1 && l.out_y == 56);
    CU_ASSERT(l.x == 55 && l.s == 1 && l.stride_x == 2 && l.out_x == 28);
    CU_ASSERT(l.pad_y == 0 && l.pad_x == 0);
    CU_ASSERT_EQUAL(l.macs, (int64_t)2 * 128 * 64 * 56 * 28 * 3);
    CU_ASSERT_STRING_EQUAL(l.name, "problem1");
    dg_workload_destroy(w);

    /* CoSA's form: bounds directly under problem:, K for the output channels. */
    const char *cosa = "problem:\n  C: 3\n  Hdilation: 1\n  Hstride: 2\n  K: 64\n  N: 1\n  P: 112\n  Q: 112\n"
                       "  R: 7\n  S: 7\n  Wdilation: 1\n  Wstride: 2\n  shape: cnn-layer\n";
    DG_ASSERT_OK(parse_yaml(&w, cosa, DG_FORMAT_TIMELOOP_YAML));
    l = layer_at(w, 0);
    CU_ASSERT(l.k == 64 && l.c == 3 && l.y == 229 && l.x == 229 && l.out_y == 112 && l.stride_y == 2 && l.r == 7);
    /* ResNet's conv1 without its padding: the same MACs as the zoo's. */
    dg_workload *zoo;
    DG_ASSERT_OK(dg_workload_builtin(&zoo, "resnet18"));
    CU_ASSERT_EQUAL(l.macs, layer_at(zoo, 0).macs);
    dg_workload_destroy(zoo);
    dg_workload_destroy(w);

    /* A one-dimensional problem: the shape lists its dimensions, the others are 1. */
    const char *conv1d = "problem:\n  shape:\n    name: Conv1D_OC\n    dimensions: [ C, K, R, P ]\n"
                         "  instance:\n    C: 32\n    K: 16\n    R: 3\n    P: 16\n";
    DG_ASSERT_OK(parse_yaml(&w, conv1d, DG_FORMAT_AUTO));
    l = layer_at(w, 0);
    CU_ASSERT(l.k == 16 && l.c == 32 && l.y == 18 && l.out_y == 16 && l.x == 1 && l.s == 1 && l.n == 1);
    dg_workload_destroy(w);
}

static void test_yaml_lists(void)
{
    dg_workload *w;
    /* A sequence of problems, named or not, and a bare problem as an item. */
    const char *seq = "- name: conv1\n  problem:\n    instance: {C: 3, M: 64, P: 8, Q: 8, R: 3, S: 3}\n"
                      "- problem: {instance: {C: 64, M: 64, P: 8, Q: 8, R: 3, S: 3}}\n"
                      "- problem: {instance: {C: 64, M: 64, P: 8, Q: 8, R: 3, S: 3}}\n"
                      "- {shape: cnn-layer, instance: {C: 64, M: 10, P: 1, Q: 1, R: 1, S: 1, N: 4}}\n";
    DG_ASSERT_OK(parse_yaml(&w, seq, DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 4);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 3);
    CU_ASSERT_STRING_EQUAL(layer_at(w, 0).name, "conv1");
    CU_ASSERT_EQUAL(layer_at(w, 1).count, 2);
    CU_ASSERT_EQUAL(layer_at(w, 2).n, 4);
    dg_workload_destroy(w);
    /* Several documents, and a list under one problem: key. */
    const char *docs = "---\nproblem:\n  instance: {C: 8, M: 8, P: 4, Q: 4, R: 1, S: 1}\n"
                       "---\nproblem:\n  - {instance: {C: 8, M: 16, P: 4, Q: 4, R: 1, S: 1}}\n"
                       "  - {instance: {C: 16, M: 16, P: 4, Q: 4, R: 1, S: 1}}\n...\n";
    DG_ASSERT_OK(parse_yaml(&w, docs, DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 3);
    CU_ASSERT_EQUAL(layer_at(w, 1).k, 16);
    dg_workload_destroy(w);
}

static void test_yaml_depthwise_dilation(void)
{
    dg_workload *w;
    /* Depthwise by name (M absent, or equal to C) and by a shape without M. */
    const char *dw = "- problem:\n    shape: depthwise-cnn-layer\n    instance: {C: 32, P: 56, Q: 56, R: 3, S: 3, "
                     "Hstride: 2, Wstride: 2}\n"
                     "- problem:\n    shape: {name: DW, dimensions: [C, N, P, Q, R, S]}\n"
                     "    instance: {C: 16, N: 1, P: 7, Q: 7, R: 5, S: 5}\n"
                     "- problem:\n    shape: DepthwiseConv\n    instance: {C: 8, M: 16, P: 4, Q: 4, R: 3, S: 3}\n";
    DG_ASSERT_OK(parse_yaml(&w, dw, DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL_FATAL(dg_workload_num_unique(w), 3);
    dg_layer l = layer_at(w, 0);
    CU_ASSERT(l.type == DG_LAYER_DWCONV && l.k == 32 && l.c == 32 && l.y == 113 && l.out_y == 56);
    l = layer_at(w, 1);
    CU_ASSERT(l.type == DG_LAYER_DWCONV && l.c == 16 && l.y == 11 && l.r == 5);
    l = layer_at(w, 2);
    CU_ASSERT(l.type == DG_LAYER_DWCONV && l.c == 8 && l.count == 2); /* depth multiplier 2 */
    dg_workload_destroy(w);
    /* Dilation 2 along R/P: 10 outputs as two undilated phases of 5. */
    const char *dil = "problem:\n  instance: {C: 4, M: 4, P: 10, Q: 10, R: 3, S: 3, Wdilation: 2}\n";
    DG_ASSERT_OK(parse_yaml(&w, dil, DG_FORMAT_AUTO));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 2);
    l = layer_at(w, 0);
    CU_ASSERT(l.y == 7 && l.r == 3 && l.out_y == 5 && l.x == 12 && l.out_x == 10);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), (int64_t)4 * 4 * 10 * 10 * 9);
    dg_workload_destroy(w);
}

static void expect_yaml_error(const char *text, int code, long line, const char *needle)
{
    dg_workload *w = (dg_workload *)0x1;
    DG_ASSERT_RC(parse_yaml(&w, text, DG_FORMAT_TIMELOOP_YAML), code);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
    CU_ASSERT_STRING_EQUAL(dg_last_error()->file, "test.yaml");
    if (line >= 0)
        CU_ASSERT_EQUAL(dg_last_error()->line, line);
    expect_message(needle, NULL);
}

static void test_yaml_bad_input(void)
{
    /* Malformed YAML. */
    expect_yaml_error("problem: {C: 3, M: 4\n", DG_EPARSE, -1, "malformed YAML");
    expect_yaml_error("problem:\n  C: 3\n M: 4\n", DG_EPARSE, -1, "malformed YAML");
    expect_yaml_error("problem: [unclosed\n", DG_EPARSE, -1, "malformed YAML");
    /* Missing keys. */
    expect_yaml_error("problem:\n  instance: {C: 3, M: 4, P: 5, R: 3, S: 3}\n", DG_EPARSE, 2, "no Q");
    expect_yaml_error("problem:\n  instance: {C: 3, P: 5, Q: 5, R: 3, S: 3}\n", DG_EPARSE, 2, "no M");
    expect_yaml_error("problem:\n  shape: {name: X, dimensions: [C, M, P]}\n  instance: {C: 3, M: 4}\n", DG_EPARSE,
                      -1, "no P");
    expect_yaml_error("foo: bar\n", DG_EPARSE, 1, "'problem' key");
    expect_yaml_error("", DG_EPARSE, 0, "no problem found");
    expect_yaml_error("- a.yaml\n- b.yaml\n", DG_EPARSE, 1, "'problem' key");
    expect_yaml_error("problem: 3\n", DG_EPARSE, 1, "expected a mapping");
    /* Non-numeric, zero, negative, too large, not a scalar. */
    expect_yaml_error("problem:\n  instance: {C: abc, M: 4, P: 5, Q: 5, R: 3, S: 3}\n", DG_EPARSE, 2, "'abc'");
    expect_yaml_error("problem:\n  instance:\n    C: 3.5\n    M: 4\n", DG_EPARSE, 3, "'3.5'");
    expect_yaml_error("problem:\n  instance: {C: 3, M: 0, P: 5, Q: 5, R: 3, S: 3}\n", DG_EINVAL, 2,
                      "M must be at least 1");
    expect_yaml_error("problem:\n  instance: {C: 3, M: 4, P: -5, Q: 5, R: 3, S: 3}\n", DG_EINVAL, 2, "P must be");
    expect_yaml_error("problem:\n  instance: {C: 99999999999999999999, M: 4, P: 5, Q: 5, R: 3, S: 3}\n", DG_ERANGE,
                      2, "too large");
    expect_yaml_error("problem:\n  instance: {C: [3], M: 4, P: 5, Q: 5, R: 3, S: 3}\n", DG_EPARSE, 2, "sequence");
    expect_yaml_error("problem:\n  instance: {C: 3, M: 4, P: 5, Q: 5, R: 3, S: 3, Hstride: x}\n", DG_EPARSE, 2,
                      "Hstride");
    /* Contradictions and what a layer cannot be. */
    expect_yaml_error("problem:\n  instance: {C: 3, M: 4, K: 5, P: 5, Q: 5, R: 3, S: 3}\n", DG_EPARSE, 2, "disagree");
    expect_yaml_error("problem:\n  shape: {name: dot, dimensions: [A, B]}\n  instance: {A: 3}\n", DG_EPARSE, 2,
                      "'A'");
    expect_yaml_error("problem:\n  instance: {C: 3, M: 4, P: 5, Q: 5, R: 3, S: 3, G: 2}\n", DG_EPARSE, 2, "grouped");
    expect_yaml_error("problem:\n  instance: {C: 3000000000, M: 4000000000, P: 3000000000, Q: 3000000000, R: 3, S: 3}\n",
                      DG_ERANGE, 2, "overflows");
    /* An alias loop does not send the reader round in circles. */
    expect_yaml_error("problem: &a [*a]\n", DG_EPARSE, -1, NULL);
}

static void test_yaml_file(void)
{
    /* By path: the extension (.yaml, .yml) decides, and dg_workload_load goes through it. */
    const char *path = DG_TEST_BUILDDIR "/tests/import_test.yml";
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(timeloop_conv, f);
    fclose(f);
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_load(&w, path));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 1);
    dg_workload_destroy(w);
    remove(path);
}

#else /* !DG_HAVE_YAML */

static void test_yaml_unsupported(void)
{
    dg_workload *w = (dg_workload *)0x1;
    DG_ASSERT_RC(parse_yaml(&w, "problem:\n  instance: {C: 3, M: 4, P: 5, Q: 5, R: 3, S: 3}\n", DG_FORMAT_AUTO),
                 DG_EUNSUPPORTED);
    expect_message("built without YAML support", NULL);
    DG_ASSERT_RC(parse_yaml(&w, "anything", DG_FORMAT_TIMELOOP_YAML), DG_EUNSUPPORTED);
    DG_ASSERT_RC(dg_workload_parse_file(&w, DG_SRC("no-such-file.yaml"), DG_FORMAT_AUTO), DG_EUNSUPPORTED);
    CU_ASSERT_PTR_EQUAL(w, (dg_workload *)0x1);
}

#endif /* DG_HAVE_YAML */

static CU_TestInfo tests[] = {
    {"formats this build supports", test_formats_supported},
    {"load_ex: built-in models and NULLs", test_load_ex_builtin},
#ifdef DG_HAVE_ONNX
    {"ONNX AlexNet (caffe2) vs the zoo's", test_onnx_alexnet},
    {"ONNX MobileNetV2 equals the zoo's", test_onnx_mobilenetv2},
    {"ONNX groups and depthwise", test_onnx_groups},
    {"ONNX asymmetric pads, auto_pad, dilation", test_onnx_pads_and_dilation},
    {"ONNX Gemm and (batched) MatMul", test_onnx_gemm_matmul},
    {"ONNX shape inference without value_info", test_onnx_shape_inference},
    {"ONNX skipped nodes and the callback", test_onnx_skipped_nodes},
    {"ONNX truncated, mutated and garbage input", test_onnx_truncated_and_garbage},
    {"ONNX huge sizes", test_onnx_huge_sizes},
    {"ONNX deep nesting", test_onnx_deep_nesting},
    {"ONNX cycles, missing shapes, bad dims", test_onnx_bad_graphs},
#else
    {"ONNX: built without, DG_EUNSUPPORTED", test_onnx_unsupported},
#endif
#ifdef DG_HAVE_YAML
    {"YAML single problem (Timeloop, CoSA, 1-D)", test_yaml_single},
    {"YAML sequences and documents", test_yaml_lists},
    {"YAML depthwise and dilation", test_yaml_depthwise_dilation},
    {"YAML bad input", test_yaml_bad_input},
    {"YAML from a file", test_yaml_file},
#else
    {"YAML: built without, DG_EUNSUPPORTED", test_yaml_unsupported},
#endif
    CU_TEST_INFO_NULL,
};

DG_REGISTER_SUITE(import, tests)
