/* workload_internal.h: the workload's representation, shared by its sources. */
#ifndef DIGAMMA_WORKLOAD_INTERNAL_H
#define DIGAMMA_WORKLOAD_INTERNAL_H

#include "internal.h"

/* A distinct layer: the public struct with its own copy of the name. */
typedef struct dgi_layer_entry {
    dg_layer layer; /* layer.name points at name_storage */
    char *name_storage;
} dgi_layer_entry;

struct dg_workload {
    char *name;
    dgi_layer_entry *layers; /* distinct layers, order of first appearance */
    size_t num_unique;
    size_t capacity;
    size_t num_layers;       /* counting repeats */
};

/* Check a layer's fields and compute out_y, out_x and macs into *l.
 * origin/line (may be NULL/0) locate the error for parsers. */
int dgi_layer_complete(dg_layer *l, const char *origin, long line);

/* Parsers of the two text formats; both build a complete workload or nothing. */
int dgi_parse_gamma_csv(dg_workload **out, const char *data, size_t size, const char *origin);
int dgi_parse_maestro_model(dg_workload **out, const char *data, size_t size, const char *origin);

/* Model importers. import_onnx.c is built only with DG_HAVE_ONNX and
 * import_yaml.c only with DG_HAVE_YAML; load.c answers DG_EUNSUPPORTED
 * without them. Each builds a complete workload or nothing; the ONNX importer
 * calls fn (may be NULL) for each skipped node once the workload is complete. */
int dgi_import_onnx(dg_workload **out, const void *data, size_t size, const char *origin,
                    dg_import_report_fn fn, void *user);
int dgi_import_timeloop_yaml(dg_workload **out, const char *data, size_t size, const char *origin);

/* Add `count` instances of a layer at once (a grouped convolution's groups,
 * a batched product's batch): one dg_workload_add_layer(), then the repeat
 * count grows by count - 1 with the totals checked for overflow. */
static inline int dgi_workload_add_repeated(dg_workload *w, const dg_layer *layer, int64_t count)
{
    if (count < 1)
        return dgi_fail(DG_EINVAL, "repeat count %lld must be at least 1", (long long)count);
    size_t before = w->num_unique;
    int rc = dg_workload_add_layer(w, layer);
    if (rc || count == 1)
        return rc;
    dg_layer *e = NULL;
    if (w->num_unique > before) {
        e = &w->layers[w->num_unique - 1].layer;
    } else {
        for (size_t i = 0; i < w->num_unique && !e; i++) {
            dg_layer *c = &w->layers[i].layer;
            if (c->type == layer->type && c->n == layer->n && c->k == layer->k && c->c == layer->c &&
                c->y == layer->y && c->x == layer->x && c->r == layer->r && c->s == layer->s &&
                c->stride_y == layer->stride_y && c->stride_x == layer->stride_x &&
                c->pad_y == layer->pad_y && c->pad_x == layer->pad_x)
                e = c;
        }
    }
    int64_t extra, total, reps;
    if (!e || !dgi_mul64(e->macs, count - 1, &extra) || !dgi_add64(dg_workload_total_macs(w), extra, &total) ||
        !dgi_add64(e->count, count - 1, &reps) || (uint64_t)(count - 1) > SIZE_MAX - w->num_layers)
        return dgi_fail(DG_ERANGE, "%lld repeats of layer '%s' overflow the workload's MAC count",
                        (long long)count, layer->name ? layer->name : "");
    e->count = reps;
    w->num_layers += (size_t)(count - 1);
    return DG_OK;
}

/* One spatial axis of a convolution or pooling window as a model file gives
 * it: input length, zero padding before and after, kernel, stride, dilation. */
typedef struct dgi_conv_axis {
    int64_t in, pad_begin, pad_end, kernel, stride, dilation;
} dgi_conv_axis;

/* A piece of an axis that dg_layer expresses directly (symmetric padding, no
 * dilation), `count` times. */
typedef struct dgi_axis_piece {
    int64_t in, pad, kernel, stride, count;
} dgi_axis_piece;

static inline int64_t dgi_gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Split an axis into at most two distinct pieces with the same output length
 * and MACs (docs/import.md):
 *  - asymmetric padding keeps min(before, after) as padding and adds the
 *    excess to the input (those rows are zeros either way);
 *  - a dilation d > 1 becomes d/g undilated phases, g = gcd(stride, d), each
 *    a stride stride/g convolution over every d-th element of the padded
 *    input (padding folded into the input); phases differ by at most one
 *    output, so at most two distinct pieces.
 * Returns the number of pieces (1 or 2) and the output length in *out_len,
 * or a negative DG_E* code with nothing recorded (the caller words the error:
 * DG_ERANGE overflow, DG_EINVAL a kernel larger than the padded input or a
 * field out of range). */
static inline int dgi_conv_axis_split(const dgi_conv_axis *a, dgi_axis_piece p[2], int64_t *out_len)
{
    int64_t padded, keff;
    if (a->in < 1 || a->pad_begin < 0 || a->pad_end < 0 || a->kernel < 1 || a->stride < 1 || a->dilation < 1)
        return DG_EINVAL;
    if (!dgi_add64(a->in, a->pad_begin, &padded) || !dgi_add64(padded, a->pad_end, &padded) ||
        !dgi_mul64(a->kernel - 1, a->dilation, &keff) || !dgi_add64(keff, 1, &keff))
        return DG_ERANGE;
    if (keff > padded)
        return DG_EINVAL;
    int64_t out = (padded - keff) / a->stride + 1;
    *out_len = out;
    if (a->dilation == 1) {
        int64_t sym = a->pad_begin < a->pad_end ? a->pad_begin : a->pad_end;
        p[0] = (dgi_axis_piece){padded - 2 * sym, sym, a->kernel, a->stride, 1};
        return 1;
    }
    int64_t g = dgi_gcd64(a->stride, a->dilation), phases = a->dilation / g, stride = a->stride / g;
    int64_t q = out / phases, rem = out % phases, n = 0;
    /* A phase with o outputs reads (o - 1) * stride + kernel elements. */
    if (rem)
        p[n++] = (dgi_axis_piece){q * stride + a->kernel, 0, a->kernel, stride, rem};
    if (q)
        p[n++] = (dgi_axis_piece){(q - 1) * stride + a->kernel, 0, a->kernel, stride, phases - rem};
    return (int)n;
}

/* The model zoo: one builder per network. */
typedef int (*dgi_model_builder)(dg_workload *w);
typedef struct dgi_builtin_model {
    const char *name;
    const char *description;
    dgi_model_builder build;
} dgi_builtin_model;

extern const dgi_builtin_model dgi_builtin_models[];
extern const size_t dgi_builtin_model_total;

#endif
