/*
 * maestro_write.c: a layer and its concrete mapping as one MAESTRO
 * `Layer { ... }` block, readable by MAESTRO and by dg_maestro_parse_*.
 *
 * MAESTRO has no padding, so the padded input size is written (the numbers
 * are the same; the layer reads back with pad 0). GEMM without
 * DG_MAPPING_NATIVE_GEMM and FC are written as CONV, the way gamma does.
 */
#include "costmodel.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

DG_API int dg_maestro_write_layer(const dg_layer *layer, const dg_mapping *mapping, char *buf, size_t cap,
                                  size_t *needed)
{
    if (!layer || (!buf && cap))
        return dgi_fail(DG_EINVAL, "dg_maestro_write_layer: NULL argument");
    int native = 0, has_batch = layer->n > 1;
    if (mapping) {
        if (mapping->struct_size < offsetof(dg_mapping, flags))
            return dgi_fail(DG_EINVAL, "dg_mapping.struct_size %u is too small", mapping->struct_size);
        native = (dgi_mapping_flags(mapping) & DG_MAPPING_NATIVE_GEMM) != 0;
        has_batch = !native && (has_batch || dgi_mapping_uses(mapping, DG_DIM_N));
    }
    /* Write only what evaluates: the same checks as the model. */
    dgi_problem p;
    int rc = dgi_problem_init(&p, layer, native, has_batch);
    if (rc)
        return rc;
    if (mapping) {
        dgi_built b;
        dgi_mopts o = {.variant = DGI_VARIANT_E1D8EFD, .fixed = 0};
        if ((rc = dgi_build_levels(&b, &p, mapping, INT_MAX, &o)))
            return rc;
    }

    dgi_strbuf b = {buf, cap, 0};
    char name[128];
    snprintf(name, sizeof name, "%s", layer->name && layer->name[0] ? layer->name : "layer");
    /* The name runs to the '{': keep it on one line and free of braces and comments. */
    for (char *c = name; *c; c++)
        if (*c == '{' || *c == '}' || *c == '\n' || *c == '\r' || *c == '\t' || (c[0] == '/' && c[1] == '/'))
            *c = '_';
    dgi_strbuf_put(&b, "Layer %s {\n", name);
    if (native) {
        dgi_strbuf_put(&b, "Type: GEMM\n");
        dgi_strbuf_put(&b, "Dimensions { M: %lld, N: %lld, K: %lld }\n", (long long)layer->y, (long long)layer->k,
            (long long)layer->c);
    } else {
        int dw = layer->type == DG_LAYER_DWCONV;
        dgi_strbuf_put(&b, "Type: %s\n", dw ? "DSCONV" : "CONV");
        if (layer->stride_y != 1 || layer->stride_x != 1)
            dgi_strbuf_put(&b, "Stride { X: %lld, Y: %lld }\n", (long long)layer->stride_x, (long long)layer->stride_y);
        dgi_strbuf_put(&b, "Dimensions { ");
        if (has_batch)
            dgi_strbuf_put(&b, "N: %lld, ", (long long)layer->n);
        dgi_strbuf_put(&b, "K: %lld, C: %lld, Y: %lld, X: %lld, R: %lld, S: %lld }\n", dw ? 1LL : (long long)layer->k,
            (long long)layer->c, (long long)(layer->y + 2 * layer->pad_y), (long long)(layer->x + 2 * layer->pad_x),
            (long long)layer->r, (long long)layer->s);
    }
    if (mapping) {
        dgi_strbuf_put(&b, "Dataflow {\n");
        for (uint32_t l = 0; l < mapping->num_levels; l++) {
            const dg_mapping_level *L = &mapping->levels[l];
            if (l > 0)
                dgi_strbuf_put(&b, "Cluster(%lld,P);\n", (long long)L->cluster_size);
            for (uint32_t j = 0; j < L->num_directives; j++) {
                const dg_directive *d = &L->directives[j];
                dgi_strbuf_put(&b, "%s(%lld,%lld) %s;\n", d->kind == DG_SPATIAL ? "SpatialMap" : "TemporalMap",
                    (long long)d->size, (long long)d->offset, dgi_dim_name(d->dim, native));
            }
        }
        dgi_strbuf_put(&b, "}\n");
    }
    dgi_strbuf_put(&b, "}\n");
    if (needed)
        *needed = b.len;
    if (!buf)
        return DG_OK; /* a size query */
    if (b.len >= cap) {
        if (cap)
            buf[cap - 1] = '\0';
        return dgi_fail(DG_ERANGE, "dg_maestro_write_layer: %zu bytes needed, %zu given", b.len + 1, cap);
    }
    return DG_OK;
}
