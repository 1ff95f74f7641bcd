/*
 * workload.c: the dg_workload handle, its typed adders and getters.
 *
 * Distinct layers are stored once with a repeat count because every cost is
 * evaluated per distinct layer and scaled; a linear scan for duplicates is
 * fine at the size of real networks (tens to hundreds of layers).
 */
#include "workload_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DG_API int dg_workload_create(dg_workload **out, const char *name)
{
    if (!out)
        return dgi_fail(DG_EINVAL, "dg_workload_create: out is NULL");
    dg_workload *w = calloc(1, sizeof *w);
    if (!w || !(w->name = dgi_strdup(name ? name : "workload"))) {
        free(w);
        return dgi_fail(DG_ENOMEM, "out of memory creating a workload");
    }
    *out = w;
    return DG_OK;
}

DG_API void dg_workload_destroy(dg_workload *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->num_unique; i++)
        free(w->layers[i].name_storage);
    free(w->layers);
    free(w->name);
    free(w);
}

DG_API int dg_workload_clone(dg_workload **out, const dg_workload *w)
{
    if (!out || !w)
        return dgi_fail(DG_EINVAL, "dg_workload_clone: NULL argument");
    dg_workload *c;
    int rc = dg_workload_create(&c, w->name);
    if (rc)
        return rc;
    for (size_t i = 0; i < w->num_unique; i++) {
        for (int64_t n = 0; n < w->layers[i].layer.count; n++) {
            if ((rc = dg_workload_add_layer(c, &w->layers[i].layer))) {
                dg_workload_destroy(c);
                return rc;
            }
        }
    }
    *out = c;
    return DG_OK;
}

int dgi_layer_complete(dg_layer *l, const char *origin, long line)
{
    const char *what = NULL;
    if (l->type < DG_LAYER_CONV || l->type > DG_LAYER_FC)
        return dgi_fail_at(DG_EINVAL, origin, line, "unknown layer type %d (expected 1 CONV, 2 DWCONV, 3 GEMM, 4 FC)", (int)l->type);
    if (l->n < 1) what = "batch";
    else if (l->k < 1) what = "K";
    else if (l->c < 1) what = "C";
    else if (l->y < 1) what = "Y";
    else if (l->x < 1) what = "X";
    else if (l->r < 1) what = "R";
    else if (l->s < 1) what = "S";
    else if (l->stride_y < 1 || l->stride_x < 1) what = "stride";
    if (what)
        return dgi_fail_at(DG_EINVAL, origin, line, "dimension %s must be at least 1", what);
    if (l->pad_y < 0 || l->pad_x < 0)
        return dgi_fail_at(DG_EINVAL, origin, line, "padding must not be negative");
    if (l->type == DG_LAYER_DWCONV && l->k != l->c)
        return dgi_fail_at(DG_EINVAL, origin, line, "a depthwise layer needs K = C (got K=%lld, C=%lld)",
                           (long long)l->k, (long long)l->c);
    if ((l->type == DG_LAYER_GEMM || l->type == DG_LAYER_FC) &&
        (l->x != 1 || l->r != 1 || l->s != 1 || l->pad_y || l->pad_x))
        return dgi_fail_at(DG_EINVAL, origin, line, "GEMM and FC layers need X = R = S = 1 and no padding");
    if (l->type == DG_LAYER_FC && l->y != 1)
        return dgi_fail_at(DG_EINVAL, origin, line, "an FC layer needs Y = 1 (the batch goes in N)");

    int64_t py, px;
    if (!dgi_mul64(l->pad_y, 2, &py) || !dgi_add64(py, l->y, &py) || !dgi_mul64(l->pad_x, 2, &px) ||
        !dgi_add64(px, l->x, &px))
        return dgi_fail_at(DG_ERANGE, origin, line, "padded input size overflows");
    if (l->r > py || l->s > px)
        return dgi_fail_at(DG_EINVAL, origin, line,
                           "filter %lldx%lld is larger than the padded input %lldx%lld",
                           (long long)l->r, (long long)l->s, (long long)py, (long long)px);
    l->out_y = (py - l->r) / l->stride_y + 1;
    l->out_x = (px - l->s) / l->stride_x + 1;

    /* MACs from output sizes: a depthwise layer has no K·C cross term. */
    int64_t m = l->n;
    bool ok = dgi_mul64(m, l->k, &m) && dgi_mul64(m, l->out_y, &m) && dgi_mul64(m, l->out_x, &m) &&
              dgi_mul64(m, l->r, &m) && dgi_mul64(m, l->s, &m);
    if (ok && l->type != DG_LAYER_DWCONV)
        ok = dgi_mul64(m, l->c, &m);
    if (!ok)
        return dgi_fail_at(DG_ERANGE, origin, line, "the layer's MAC count overflows 64 bits");
    l->macs = m;
    return DG_OK;
}

/* Same layer = same type and every input dimension; names do not matter. */
static bool same_shape(const dg_layer *a, const dg_layer *b)
{
    return a->type == b->type && a->n == b->n && a->k == b->k && a->c == b->c && a->y == b->y &&
           a->x == b->x && a->r == b->r && a->s == b->s && a->stride_y == b->stride_y &&
           a->stride_x == b->stride_x && a->pad_y == b->pad_y && a->pad_x == b->pad_x;
}

DG_API int dg_workload_add_layer(dg_workload *w, const dg_layer *layer)
{
    if (!w || !layer)
        return dgi_fail(DG_EINVAL, "dg_workload_add_layer: NULL argument");
    if (layer->struct_size < offsetof(dg_layer, out_y))
        return dgi_fail(DG_EINVAL, "dg_layer.struct_size %u is too small", (unsigned)layer->struct_size);
    dg_layer l = {0};
    memcpy(&l, layer, offsetof(dg_layer, out_y));
    l.struct_size = sizeof l;
    l.name = layer->struct_size >= offsetof(dg_layer, name) + sizeof(l.name) ? layer->name : NULL;
    int rc = dgi_layer_complete(&l, NULL, 0);
    if (rc)
        return rc;
    int64_t total;
    if (!dgi_add64(dg_workload_total_macs(w), l.macs, &total))
        return dgi_fail(DG_ERANGE, "the workload's total MAC count overflows 64 bits");

    for (size_t i = 0; i < w->num_unique; i++) {
        if (same_shape(&w->layers[i].layer, &l)) {
            w->layers[i].layer.count++;
            w->num_layers++;
            return DG_OK;
        }
    }
    if (w->num_unique == w->capacity) {
        size_t cap = w->capacity ? w->capacity * 2 : 16;
        dgi_layer_entry *grown = realloc(w->layers, cap * sizeof *grown);
        if (!grown)
            return dgi_fail(DG_ENOMEM, "out of memory adding a layer");
        w->layers = grown;
        w->capacity = cap;
    }
    char fallback[32];
    if (!l.name || !*l.name) {
        snprintf(fallback, sizeof fallback, "layer%zu", w->num_layers + 1);
        l.name = fallback;
    }
    dgi_layer_entry *e = &w->layers[w->num_unique];
    if (!(e->name_storage = dgi_strdup(l.name)))
        return dgi_fail(DG_ENOMEM, "out of memory adding a layer");
    e->layer = l;
    e->layer.name = e->name_storage;
    e->layer.count = 1;
    w->num_unique++;
    w->num_layers++;
    return DG_OK;
}

static dg_layer layer_template(int type, const char *name)
{
    dg_layer l = {0};
    l.struct_size = sizeof l;
    l.type = type;
    l.name = name;
    l.n = l.k = l.c = l.y = l.x = l.r = l.s = 1;
    l.stride_y = l.stride_x = 1;
    return l;
}

DG_API int dg_workload_add_conv(dg_workload *w, const char *name, int64_t batch, int64_t k, int64_t c,
                                int64_t y, int64_t x, int64_t r, int64_t s, int64_t stride, int64_t pad)
{
    dg_layer l = layer_template(DG_LAYER_CONV, name);
    l.n = batch, l.k = k, l.c = c, l.y = y, l.x = x, l.r = r, l.s = s;
    l.stride_y = l.stride_x = stride;
    l.pad_y = l.pad_x = pad;
    return dg_workload_add_layer(w, &l);
}

DG_API int dg_workload_add_dwconv(dg_workload *w, const char *name, int64_t batch, int64_t c, int64_t y,
                                  int64_t x, int64_t r, int64_t s, int64_t stride, int64_t pad)
{
    dg_layer l = layer_template(DG_LAYER_DWCONV, name);
    l.n = batch, l.k = c, l.c = c, l.y = y, l.x = x, l.r = r, l.s = s;
    l.stride_y = l.stride_x = stride;
    l.pad_y = l.pad_x = pad;
    return dg_workload_add_layer(w, &l);
}

DG_API int dg_workload_add_gemm(dg_workload *w, const char *name, int64_t m, int64_t n, int64_t k)
{
    dg_layer l = layer_template(DG_LAYER_GEMM, name);
    l.y = m, l.k = n, l.c = k;
    return dg_workload_add_layer(w, &l);
}

DG_API int dg_workload_add_fc(dg_workload *w, const char *name, int64_t batch, int64_t out, int64_t in)
{
    dg_layer l = layer_template(DG_LAYER_FC, name);
    l.n = batch, l.k = out, l.c = in;
    return dg_workload_add_layer(w, &l);
}

DG_API const char *dg_layer_type_name(int type)
{
    switch (type) {
    case DG_LAYER_CONV: return "CONV";
    case DG_LAYER_DWCONV: return "DWCONV";
    case DG_LAYER_GEMM: return "GEMM";
    case DG_LAYER_FC: return "FC";
    default: return "unknown";
    }
}

DG_API const char *dg_workload_name(const dg_workload *w)
{
    return w ? w->name : "";
}

DG_API size_t dg_workload_num_layers(const dg_workload *w)
{
    return w ? w->num_layers : 0;
}

DG_API size_t dg_workload_num_unique(const dg_workload *w)
{
    return w ? w->num_unique : 0;
}

DG_API int dg_workload_layer(const dg_workload *w, size_t index, dg_layer *out)
{
    if (!w || !out)
        return dgi_fail(DG_EINVAL, "dg_workload_layer: NULL argument");
    if (out->struct_size < offsetof(dg_layer, out_y))
        return dgi_fail(DG_EINVAL, "dg_layer.struct_size %u is too small", (unsigned)out->struct_size);
    if (index >= w->num_unique)
        return dgi_fail(DG_ERANGE, "layer index %zu out of range (workload has %zu distinct layers)",
                        index, w->num_unique);
    size_t n = out->struct_size < sizeof *out ? out->struct_size : sizeof *out;
    uint32_t caller_size = out->struct_size;
    memcpy(out, &w->layers[index].layer, n);
    out->struct_size = caller_size;
    return DG_OK;
}

DG_API int64_t dg_workload_total_macs(const dg_workload *w)
{
    if (!w)
        return 0;
    int64_t total = 0;
    for (size_t i = 0; i < w->num_unique; i++)
        total += w->layers[i].layer.count * w->layers[i].layer.macs;
    return total;
}
