/*
 * import_onnx.c: ONNX models (a binary ModelProto) as workloads.
 *
 * The protobuf is decoded by protobuf-c with C code generated at build time
 * from the onnx.proto that libonnx-dev ships (lib/workload/local.mk renames
 * its package to dgi_onnx). Conv, Gemm and MatMul nodes (and their quantized
 * twins) become layers; the shapes come from the model (graph inputs,
 * value_info, outputs, initializers) or, where the model gives none, from a
 * small shape inference through the common shape-preserving and reshaping
 * operators. docs/import.md is the user's description of every choice here.
 *
 * Hostile input: the encoding is walked once with a nesting limit before
 * protobuf-c sees it (its decoder recurses without one), every dimension is
 * checked (negative → malformed, zero → refused when a layer needs it), every
 * product is overflow-checked, and a cyclic graph is refused naming a node on
 * the cycle.
 */
#include "config.h"

#include "workload_internal.h"

#include "lib/workload/dgi_onnx.pb-c.h" /* generated in the build tree */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef DgiOnnx__ModelProto Model;
typedef DgiOnnx__GraphProto Graph;
typedef DgiOnnx__NodeProto Node;
typedef DgiOnnx__AttributeProto Attr;
typedef DgiOnnx__TensorProto Tensor;
typedef DgiOnnx__ValueInfoProto ValueInfo;

enum {
    MAX_RANK = 8,       /* tensors of higher rank never feed a layer here: their shape stays unknown */
    MAX_NESTING = 100,  /* protobuf message nesting accepted (a real model needs < 20) */
};

/* ---------------------------------------------------------------------------
 * Encoding check: a bounded walk over the wire format, descending into the
 * fields the schema declares as messages, before protobuf-c's recursive
 * decoder runs. Rejects truncation, lengths past the end, field number 0,
 * groups, and nesting deeper than MAX_NESTING.
 */

static size_t read_varint(const uint8_t *p, size_t len, uint64_t *v)
{
    uint64_t r = 0;
    for (size_t i = 0; i < len && i < 10; i++) {
        r |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) {
            *v = r;
            return i + 1;
        }
    }
    return 0;
}

static bool wire_ok(const ProtobufCMessageDescriptor *desc, const uint8_t *p, size_t len, int depth)
{
    if (depth > MAX_NESTING)
        return false;
    while (len) {
        uint64_t key, v;
        size_t n = read_varint(p, len, &key);
        if (!n || (key >> 3) == 0 || (key >> 3) > 0x1fffffff)
            return false;
        p += n, len -= n;
        switch (key & 7) {
        case 0:
            if (!(n = read_varint(p, len, &v)))
                return false;
            break;
        case 1: n = 8; break;
        case 5: n = 4; break;
        case 2: {
            size_t h = read_varint(p, len, &v);
            if (!h || v > len - h)
                return false;
            p += h, len -= h, n = (size_t)v;
            const ProtobufCFieldDescriptor *f =
                desc ? protobuf_c_message_descriptor_get_field(desc, (unsigned)(key >> 3)) : NULL;
            if (f && f->type == PROTOBUF_C_TYPE_MESSAGE && !wire_ok(f->descriptor, p, n, depth + 1))
                return false;
            break;
        }
        default: return false; /* groups (3, 4) are not used by ONNX; 6 and 7 do not exist */
        }
        if (n > len)
            return false;
        p += n, len -= n;
    }
    return true;
}

/* ---------------------------------------------------------------------------
 * Values: every tensor name of the graph, in a hash table.
 */

typedef struct shape {
    int rank;
    int64_t d[MAX_RANK];
} shape;

enum { DECL_NONE, DECL_FULL, DECL_PARTIAL };

typedef struct value {
    const char *name;
    int producer;        /* index of the node writing it, or -1 */
    bool graph_input;    /* listed in graph.input */
    int decl;            /* DECL_*: what the model declares */
    shape declared;      /* the declaration, -1 for a symbolic or missing dimension */
    bool known;          /* s holds the shape */
    shape s;
    bool is_const;       /* an initializer, a Constant, or derived from one by a reshape */
    const Tensor *tensor;  /* its data, when it is an initializer or a Constant's tensor */
    int nints;           /* >= 0: small integer contents (Constant value_int(s)) */
    int64_t ints[MAX_RANK];
    const char *why;     /* why the shape is unknown, when its producer could not infer it */
} value;

/* The reason a shape-inferring node gives when one of its own inputs has no shape. */
static const char WHY_NO_INPUT[] = "has an input without a shape";

typedef struct vtab {
    value *v;
    size_t n, cap;
    size_t *slot; /* index + 1, 0 empty */
    size_t mask;
} vtab;

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static value *vt_find(const vtab *t, const char *name)
{
    for (size_t i = hash_name(name) & t->mask;; i = (i + 1) & t->mask) {
        if (!t->slot[i])
            return NULL;
        value *v = &t->v[t->slot[i] - 1];
        if (strcmp(v->name, name) == 0)
            return v;
    }
}

/* Find or add; the table is sized for every name up front, so this cannot fail. */
static value *vt_get(vtab *t, const char *name)
{
    size_t i = hash_name(name) & t->mask;
    for (;; i = (i + 1) & t->mask) {
        if (!t->slot[i])
            break;
        value *v = &t->v[t->slot[i] - 1];
        if (strcmp(v->name, name) == 0)
            return v;
    }
    value *v = &t->v[t->n];
    memset(v, 0, sizeof *v);
    v->name = name;
    v->producer = -1;
    v->nints = -1;
    t->slot[i] = ++t->n;
    return v;
}

typedef struct ctx {
    const char *origin;
    const Graph *g;
    vtab vt;
    dg_workload *w;
    bool *skipped; /* per node */
} ctx;

static const char *str(const char *s)
{
    return s ? s : "";
}

/* A node's name for messages and layers: its name, else its first output. */
static const char *node_label(const Node *nd)
{
    if (nd->name && *nd->name)
        return nd->name;
    for (size_t i = 0; i < nd->n_output; i++)
        if (*nd->output[i])
            return nd->output[i];
    return "(unnamed)";
}

static int node_fail(ctx *c, const Node *nd, int code, const char *fmt, ...) DG_PRINTF_LIKE(4, 5);
static int node_fail(ctx *c, const Node *nd, int code, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return dgi_fail_at(code, c->origin, 0, "node '%s' (%s): %s", node_label(nd), str(nd->op_type), detail);
}

static void shape_text(const shape *s, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "[");
    for (int i = 0; i < s->rank && n < size; i++) {
        if (s->d[i] < 0)
            n += (size_t)snprintf(buf + n, size - n, "%s?", i ? "," : "");
        else
            n += (size_t)snprintf(buf + n, size - n, "%s%lld", i ? "," : "", (long long)s->d[i]);
    }
    if (n < size)
        snprintf(buf + n, size - n, "]");
}

/* Copy n int64s; protobuf-c leaves an empty repeated field's pointer NULL,
 * which memcpy must not see even for n = 0. */
static void copy_ints(int64_t *dst, const int64_t *src, size_t n)
{
    if (n)
        memcpy(dst, src, n * sizeof *dst);
}

/* ---------------------------------------------------------------------------
 * Reading the model's declarations.
 */

/* Declared shape of a ValueInfo: DECL_NONE, DECL_FULL, DECL_PARTIAL, or
 * DG_EPARSE for a negative dimension. A symbolic first dimension of a graph
 * input of rank >= 2 is the batch and taken as 1. */
static int read_declared(ctx *c, const ValueInfo *vi, bool graph_input, shape *out)
{
    const DgiOnnx__TypeProto *t = vi->type;
    if (!t || t->value_case != DGI_ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !t->tensor_type ||
        !t->tensor_type->shape || t->tensor_type->shape->n_dim > MAX_RANK)
        return DECL_NONE;
    const DgiOnnx__TensorShapeProto *sp = t->tensor_type->shape;
    int kind = DECL_FULL;
    out->rank = (int)sp->n_dim;
    for (size_t i = 0; i < sp->n_dim; i++) {
        const DgiOnnx__TensorShapeProto__Dimension *d = sp->dim[i];
        if (d->value_case == DGI_ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
            if (d->dim_value < 0)
                return dgi_fail_at(DG_EPARSE, c->origin, 0, "value '%s': negative dimension %lld",
                                   str(vi->name), (long long)d->dim_value);
            out->d[i] = d->dim_value;
        } else if (graph_input && i == 0 && sp->n_dim >= 2) {
            out->d[i] = 1;
        } else {
            out->d[i] = -1;
            kind = DECL_PARTIAL;
        }
    }
    return kind;
}

static int declare(ctx *c, const ValueInfo *vi, bool graph_input)
{
    if (!vi->name || !*vi->name)
        return DG_OK;
    value *v = vt_get(&c->vt, vi->name);
    if (graph_input)
        v->graph_input = true;
    if (v->decl == DECL_FULL)
        return DG_OK; /* an initializer's own dims, or a duplicate entry */
    shape s;
    int kind = read_declared(c, vi, graph_input, &s);
    if (kind < 0)
        return kind;
    if (kind == DECL_NONE || (v->decl == DECL_PARTIAL && kind == DECL_PARTIAL))
        return DG_OK;
    v->decl = kind;
    v->declared = s;
    if (kind == DECL_FULL) {
        v->known = true;
        v->s = s;
    }
    return DG_OK;
}

static int declare_tensor(ctx *c, value *v, const Tensor *t, const char *what)
{
    v->is_const = true;
    v->tensor = t;
    if (t->n_dims > MAX_RANK)
        return DG_OK;
    for (size_t i = 0; i < t->n_dims; i++)
        if (t->dims[i] < 0)
            return dgi_fail_at(DG_EPARSE, c->origin, 0, "%s '%s': negative dimension %lld", what, str(v->name),
                               (long long)t->dims[i]);
    v->decl = DECL_FULL;
    v->declared.rank = (int)t->n_dims;
    copy_ints(v->declared.d, t->dims, t->n_dims);
    v->known = true;
    v->s = v->declared;
    return DG_OK;
}

/* Up to MAX_RANK integers held by a constant (shapes and axes for Reshape,
 * Squeeze, Unsqueeze). Returns the count, or -1 if not available. */
static int const_ints(const value *v, int64_t *out)
{
    if (!v || !v->is_const)
        return -1;
    if (v->nints >= 0) {
        copy_ints(out, v->ints, (size_t)v->nints);
        return v->nints;
    }
    const Tensor *t = v->tensor;
    if (!t || (t->has_data_location && t->data_location == DGI_ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL))
        return -1;
    int64_t count = 1;
    for (size_t i = 0; i < t->n_dims; i++)
        if (t->dims[i] < 0 || !dgi_mul64(count, t->dims[i], &count))
            return -1;
    if (count > MAX_RANK || t->n_dims > 1)
        return -1;
    int type = t->has_data_type ? t->data_type : 0;
    if (type == DGI_ONNX__TENSOR_PROTO__DATA_TYPE__INT64) {
        if (t->n_int64_data == (size_t)count) {
            copy_ints(out, t->int64_data, (size_t)count);
            return (int)count;
        }
        if (t->has_raw_data && t->raw_data.len == (size_t)count * 8) {
            for (int64_t i = 0; i < count; i++) {
                uint64_t u = 0;
                for (int b = 7; b >= 0; b--)
                    u = (u << 8) | t->raw_data.data[i * 8 + b]; /* little-endian by the spec */
                out[i] = (int64_t)u;
            }
            return (int)count;
        }
    } else if (type == DGI_ONNX__TENSOR_PROTO__DATA_TYPE__INT32) {
        if (t->n_int32_data == (size_t)count) {
            for (int64_t i = 0; i < count; i++)
                out[i] = t->int32_data[i];
            return (int)count;
        }
        if (t->has_raw_data && t->raw_data.len == (size_t)count * 4) {
            for (int64_t i = 0; i < count; i++) {
                uint32_t u = 0;
                for (int b = 3; b >= 0; b--)
                    u = (u << 8) | t->raw_data.data[i * 4 + b];
                out[i] = (int32_t)u;
            }
            return (int)count;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------------------
 * Attributes.
 */

static const Attr *attr(const Node *nd, const char *name)
{
    for (size_t i = 0; i < nd->n_attribute; i++)
        if (nd->attribute[i]->name && strcmp(nd->attribute[i]->name, name) == 0)
            return nd->attribute[i];
    return NULL;
}

static int64_t attr_int(const Node *nd, const char *name, int64_t dflt)
{
    const Attr *a = attr(nd, name);
    return a && a->has_i ? a->i : dflt;
}

/* An ints attribute of exactly `want` entries (or absent/empty: the default
 * fills out). Returns DG_OK or a node error. */
static int attr_ints(ctx *c, const Node *nd, const char *name, int want, int64_t dflt, int64_t *out)
{
    const Attr *a = attr(nd, name);
    for (int i = 0; i < want; i++)
        out[i] = dflt;
    if (!a || !a->n_ints)
        return DG_OK;
    if (a->n_ints != (size_t)want)
        return node_fail(c, nd, DG_EPARSE, "attribute %s has %zu values, expected %d", name, a->n_ints, want);
    copy_ints(out, a->ints, (size_t)want);
    return DG_OK;
}

static bool attr_is(const Node *nd, const char *name, const char *text)
{
    const Attr *a = attr(nd, name);
    size_t n = strlen(text);
    return a && a->has_s && a->s.len == n && memcmp(a->s.data, text, n) == 0;
}

/* ---------------------------------------------------------------------------
 * Shapes of a node's inputs and outputs.
 */

static const char *input_name(const Node *nd, size_t i)
{
    return i < nd->n_input ? nd->input[i] : "";
}

static value *input_value(ctx *c, const Node *nd, size_t i)
{
    const char *name = input_name(nd, i);
    return *name ? vt_find(&c->vt, name) : NULL;
}

static const shape *input_shape(ctx *c, const Node *nd, size_t i)
{
    value *v = input_value(c, nd, i);
    return v && v->known ? &v->s : NULL;
}

/* The error for a layer input without a shape: say which value, and why. */
static int no_shape(ctx *c, const Node *nd, size_t i, const char *role)
{
    const char *name = input_name(nd, i);
    if (!*name)
        return node_fail(c, nd, DG_EPARSE, "has no %s input", role);
    value *v = vt_find(&c->vt, name);
    if (!v)
        return node_fail(c, nd, DG_EPARSE, "%s '%s' is not produced by any node, graph input or initializer", role,
                         name);
    char decl[200] = "";
    if (v->decl == DECL_PARTIAL) {
        char t[128];
        shape_text(&v->declared, t, sizeof t);
        snprintf(decl, sizeof decl, " (declared %s, with symbolic dimensions)", t);
    }
    if (v->producer >= 0) {
        /* Go back through nodes that only lacked an input shape to where it was lost. */
        const value *lost = v;
        for (size_t step = 0; step < c->g->n_node && lost->why == WHY_NO_INPUT; step++) {
            const Node *p = c->g->node[lost->producer];
            const value *prev = NULL;
            for (size_t k = 0; k < p->n_input && !prev; k++) {
                const value *u = *p->input[k] ? vt_find(&c->vt, p->input[k]) : NULL;
                if (u && !u->known && u->producer >= 0)
                    prev = u;
            }
            if (!prev)
                break;
            lost = prev;
        }
        const Node *p = c->g->node[lost->producer];
        return node_fail(c, nd, DG_EPARSE,
                         "no shape for %s '%s'%s: no value_info, and the shape is lost at node '%s' (%s), which %s; "
                         "run ONNX shape inference (onnx.shape_inference.infer_shapes) on the model",
                         role, name, decl, node_label(p), str(p->op_type),
                         lost->why ? lost->why : "the importer cannot infer shapes through");
    }
    return node_fail(c, nd, DG_EPARSE, "no shape for %s '%s'%s: give the graph input a static shape", role, name,
                     decl);
}

/* Record an output's shape. A declared shape wins; with check set (layer
 * outputs, whose shapes are computed exactly) it must agree. */
static int set_output(ctx *c, const Node *nd, size_t i, const shape *s, bool check)
{
    if (i >= nd->n_output || !*nd->output[i])
        return DG_OK;
    value *v = vt_find(&c->vt, nd->output[i]);
    if (!v)
        return DG_OK;
    if (v->decl != DECL_NONE && check) {
        bool same = v->declared.rank == s->rank;
        for (int k = 0; same && k < s->rank; k++)
            same = v->declared.d[k] < 0 || v->declared.d[k] == s->d[k];
        if (!same) {
            char a[128], b[128];
            shape_text(&v->declared, a, sizeof a);
            shape_text(s, b, sizeof b);
            return node_fail(c, nd, DG_EPARSE, "the model declares output '%s' as %s, but the inputs and attributes give %s",
                             v->name, a, b);
        }
    }
    if (v->decl != DECL_FULL) {
        v->known = true;
        v->s = *s;
    }
    return DG_OK;
}

static void set_unknown(ctx *c, const Node *nd, const char *why)
{
    for (size_t i = 0; i < nd->n_output; i++) {
        value *v = *nd->output[i] ? vt_find(&c->vt, nd->output[i]) : NULL;
        if (v && !v->known)
            v->why = why;
    }
}

static bool has_zero(const shape *s)
{
    for (int i = 0; i < s->rank; i++)
        if (s->d[i] == 0)
            return true;
    return false;
}

static int zero_fail(ctx *c, const Node *nd, size_t i, const shape *s)
{
    char t[128];
    shape_text(s, t, sizeof t);
    return node_fail(c, nd, DG_EINVAL, "input '%s' has shape %s: a zero-size dimension makes no layer", input_name(nd, i),
                     t);
}

/* ---------------------------------------------------------------------------
 * Layers.
 */

static int add_layer(ctx *c, const Node *nd, dg_layer *l, int64_t count)
{
    int rc = dgi_workload_add_repeated(c->w, l, count);
    if (rc) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", dg_last_error()->message);
        return node_fail(c, nd, rc, "%s", msg);
    }
    return DG_OK;
}

/* Conv, ConvInteger (data 0, weight 1) and QLinearConv (data 0, weight 3). */
static int do_conv(ctx *c, const Node *nd, size_t xi, size_t wi)
{
    const shape *x = input_shape(c, nd, xi);
    if (!x)
        return no_shape(c, nd, xi, "data");
    if (x->rank < 3)
        return node_fail(c, nd, DG_EPARSE, "data input '%s' has rank %d; a convolution needs N x C x spatial",
                         input_name(nd, xi), x->rank);
    if (x->rank > 4)
        return 1; /* 3-D and higher: skipped and reported */
    int sp = x->rank - 2;
    if (has_zero(x))
        return zero_fail(c, nd, xi, x);
    const shape *wsh = input_shape(c, nd, wi);
    int64_t kernel[2], strides[2], dil[2], pads[4];
    int rc;
    if ((rc = attr_ints(c, nd, "kernel_shape", sp, 0, kernel)) || (rc = attr_ints(c, nd, "strides", sp, 1, strides)) ||
        (rc = attr_ints(c, nd, "dilations", sp, 1, dil)) || (rc = attr_ints(c, nd, "pads", 2 * sp, 0, pads)))
        return rc;
    int64_t group = attr_int(nd, "group", 1), n = x->d[0], ch = x->d[1], m = -1;
    if (group < 1)
        return node_fail(c, nd, DG_EPARSE, "group %lld must be at least 1", (long long)group);
    if (wsh) {
        if (wsh->rank != x->rank)
            return node_fail(c, nd, DG_EPARSE, "weight '%s' has rank %d, the data rank %d", input_name(nd, wi),
                             wsh->rank, x->rank);
        if (has_zero(wsh))
            return zero_fail(c, nd, wi, wsh);
        m = wsh->d[0];
        for (int i = 0; i < sp; i++) {
            if (kernel[i] && kernel[i] != wsh->d[2 + i])
                return node_fail(c, nd, DG_EPARSE, "kernel_shape disagrees with weight '%s'", input_name(nd, wi));
            kernel[i] = wsh->d[2 + i];
        }
        int64_t want;
        if (!dgi_mul64(wsh->d[1], group, &want) || want != ch)
            return node_fail(c, nd, DG_EPARSE,
                             "weight '%s' has %lld input channels per group; with group %lld the data needs %lld channels, not %lld",
                             input_name(nd, wi), (long long)wsh->d[1], (long long)group,
                             dgi_mul64(wsh->d[1], group, &want) ? (long long)want : -1LL, (long long)ch);
    } else {
        /* No weight shape: the kernel from kernel_shape, K from the declared output. */
        value *o = nd->n_output && *nd->output[0] ? vt_find(&c->vt, nd->output[0]) : NULL;
        if (o && o->decl != DECL_NONE && o->declared.rank == x->rank)
            m = o->declared.d[1];
        if (m < 0 || !kernel[0] || (sp == 2 && !kernel[1]))
            return no_shape(c, nd, wi, "weight");
        if (m == 0)
            return node_fail(c, nd, DG_EINVAL, "the declared output has zero channels");
    }
    if (ch % group || m % group)
        return node_fail(c, nd, DG_EPARSE, "group %lld does not divide the channels (C=%lld, K=%lld)", (long long)group,
                         (long long)ch, (long long)m);
    for (int i = 0; i < sp; i++) {
        if (kernel[i] < 1 || strides[i] < 1 || dil[i] < 1)
            return node_fail(c, nd, DG_EPARSE, "kernel, strides and dilations must be at least 1");
        if (pads[i] < 0 || pads[i + sp] < 0)
            return node_fail(c, nd, DG_EPARSE, "negative pads");
    }

    /* Padding by auto_pad, else by pads (begin for every axis, then end). */
    dgi_conv_axis axis[2];
    for (int i = 0; i < sp; i++) {
        dgi_conv_axis *a = &axis[i];
        *a = (dgi_conv_axis){x->d[2 + i], pads[i], pads[i + sp], kernel[i], strides[i], dil[i]};
        if (attr_is(nd, "auto_pad", "VALID")) {
            a->pad_begin = a->pad_end = 0;
        } else if (attr_is(nd, "auto_pad", "SAME_UPPER") || attr_is(nd, "auto_pad", "SAME_LOWER")) {
            int64_t out = a->in / a->stride + (a->in % a->stride != 0), keff, total;
            if (!dgi_mul64(kernel[i] - 1, dil[i], &keff) || !dgi_add64(keff, 1, &keff) ||
                !dgi_mul64(out - 1, a->stride, &total) || !dgi_add64(total, keff - a->in, &total))
                return node_fail(c, nd, DG_ERANGE, "padding overflows");
            if (total < 0)
                total = 0;
            bool upper = attr_is(nd, "auto_pad", "SAME_UPPER");
            a->pad_begin = upper ? total / 2 : total - total / 2;
            a->pad_end = total - a->pad_begin;
        }
    }
    /* A 1-D convolution is a 2-D one with a single row. */
    dgi_conv_axis ay = sp == 2 ? axis[0] : (dgi_conv_axis){1, 0, 0, 1, 1, 1};
    dgi_conv_axis ax = sp == 2 ? axis[1] : axis[0];
    dgi_axis_piece py[2], px[2];
    int64_t oy, ox;
    int ny = dgi_conv_axis_split(&ay, py, &oy), nx = dgi_conv_axis_split(&ax, px, &ox);
    if (ny < 0 || nx < 0) {
        if (ny == DG_ERANGE || nx == DG_ERANGE)
            return node_fail(c, nd, DG_ERANGE, "the padded input or the dilated kernel overflows");
        return node_fail(c, nd, DG_EINVAL, "the (dilated) kernel is larger than the padded input");
    }

    /* Groups: depthwise when every group is one input channel, else `group`
     * identical convolutions of K/group filters over C/group channels. */
    int type = DG_LAYER_CONV;
    int64_t k = m, cin = ch, copies = 1;
    if (group > 1 && group == ch) {
        type = DG_LAYER_DWCONV;
        k = cin = ch;
        copies = m / ch; /* a depth multiplier > 1 repeats the depthwise layer */
    } else if (group > 1) {
        k = m / group;
        cin = ch / group;
        copies = group;
    }
    for (int i = 0; i < ny; i++) {
        for (int j = 0; j < nx; j++) {
            char name[300];
            if (ny * nx > 1)
                snprintf(name, sizeof name, "%s.phase%d", node_label(nd), i * nx + j);
            else
                snprintf(name, sizeof name, "%s", node_label(nd));
            dg_layer l = {.struct_size = sizeof l, .type = type, .n = n, .k = k, .c = cin,
                          .y = py[i].in, .x = px[j].in, .r = py[i].kernel, .s = px[j].kernel,
                          .stride_y = py[i].stride, .stride_x = px[j].stride, .pad_y = py[i].pad,
                          .pad_x = px[j].pad, .name = name};
            int64_t count;
            if (!dgi_mul64(py[i].count, px[j].count, &count) || !dgi_mul64(count, copies, &count))
                return node_fail(c, nd, DG_ERANGE, "the repeat count overflows");
            if ((rc = add_layer(c, nd, &l, count)))
                return rc;
        }
    }
    shape o = {x->rank, {n, m}};
    if (sp == 2)
        o.d[2] = oy, o.d[3] = ox;
    else
        o.d[2] = ox;
    return set_output(c, nd, 0, &o, true);
}

static int product(const int64_t *d, int n, int64_t *out)
{
    int64_t p = 1;
    for (int i = 0; i < n; i++)
        if (!dgi_mul64(p, d[i], &p))
            return DG_ERANGE;
    *out = p;
    return DG_OK;
}

/* Gemm: Y = A' B' (+ C), A' = transA ? Aᵀ : A, both 2-D. */
static int do_gemm(ctx *c, const Node *nd)
{
    const shape *a = input_shape(c, nd, 0), *b = input_shape(c, nd, 1);
    if (!a)
        return no_shape(c, nd, 0, "A");
    if (!b)
        return no_shape(c, nd, 1, "B");
    if (a->rank != 2 || b->rank != 2)
        return node_fail(c, nd, DG_EPARSE, "Gemm needs 2-D A and B (ranks %d and %d)", a->rank, b->rank);
    if (has_zero(a))
        return zero_fail(c, nd, 0, a);
    if (has_zero(b))
        return zero_fail(c, nd, 1, b);
    bool ta = attr_int(nd, "transA", 0) != 0, tb = attr_int(nd, "transB", 0) != 0;
    int64_t m = a->d[ta ? 1 : 0], k = a->d[ta ? 0 : 1], kb = b->d[tb ? 1 : 0], n = b->d[tb ? 0 : 1];
    if (k != kb)
        return node_fail(c, nd, DG_EPARSE, "inner dimensions differ: A gives %lld, B %lld", (long long)k, (long long)kb);
    /* A constant right operand is a weight: a fully connected layer over a batch of M rows. */
    value *bv = input_value(c, nd, 1);
    dg_layer l = {.struct_size = sizeof l, .n = 1, .y = 1, .x = 1, .r = 1, .s = 1, .stride_y = 1, .stride_x = 1,
                  .k = n, .c = k, .name = node_label(nd)};
    if (bv && bv->is_const)
        l.type = DG_LAYER_FC, l.n = m;
    else
        l.type = DG_LAYER_GEMM, l.y = m;
    int rc = add_layer(c, nd, &l, 1);
    if (rc)
        return rc;
    shape o = {2, {m, n}};
    return set_output(c, nd, 0, &o, true);
}

/* Batch dimensions broadcast as in numpy; false if they do not. */
static bool broadcast(const int64_t *a, int ra, const int64_t *b, int rb, int64_t *out, int *rout)
{
    int r = ra > rb ? ra : rb;
    if (r > MAX_RANK)
        return false;
    for (int i = 0; i < r; i++) {
        int64_t x = i - (r - ra) >= 0 ? a[i - (r - ra)] : 1, y = i - (r - rb) >= 0 ? b[i - (r - rb)] : 1;
        if (x != y && x != 1 && y != 1)
            return false;
        out[i] = x == 1 ? y : x;
    }
    *rout = r;
    return true;
}

/* MatMul, MatMulInteger (A 0, B 1), QLinearMatMul (A 0, B 3), numpy semantics. */
static int do_matmul(ctx *c, const Node *nd, size_t ai, size_t bi)
{
    const shape *a = input_shape(c, nd, ai), *b = input_shape(c, nd, bi);
    if (!a)
        return no_shape(c, nd, ai, "A");
    if (!b)
        return no_shape(c, nd, bi, "B");
    if (a->rank < 1 || b->rank < 1)
        return node_fail(c, nd, DG_EPARSE, "MatMul needs operands of rank >= 1");
    if (has_zero(a))
        return zero_fail(c, nd, ai, a);
    if (has_zero(b))
        return zero_fail(c, nd, bi, b);
    /* A vector operand is a 1-row (A) or 1-column (B) matrix whose unit dimension the output drops. */
    int ra = a->rank, rb = b->rank;
    int64_t m = ra >= 2 ? a->d[ra - 2] : 1, k = a->d[ra - 1];
    int64_t kb = rb >= 2 ? b->d[rb - 2] : b->d[0], n = rb >= 2 ? b->d[rb - 1] : 1;
    if (k != kb)
        return node_fail(c, nd, DG_EPARSE, "inner dimensions differ: A gives %lld, B %lld", (long long)k, (long long)kb);
    int abatch = ra > 2 ? ra - 2 : 0, bbatch = rb > 2 ? rb - 2 : 0, rbatch;
    int64_t batch[MAX_RANK], count;
    if (!broadcast(a->d, abatch, b->d, bbatch, batch, &rbatch))
        return node_fail(c, nd, DG_EPARSE, "batch dimensions of A and B do not broadcast");
    if (rbatch + 2 > MAX_RANK || product(batch, rbatch, &count))
        return node_fail(c, nd, DG_ERANGE, "the batch is too large");
    value *bv = input_value(c, nd, bi);
    dg_layer l = {.struct_size = sizeof l, .n = 1, .y = m, .x = 1, .r = 1, .s = 1, .stride_y = 1, .stride_x = 1,
                  .k = n, .c = k, .type = DG_LAYER_GEMM, .name = node_label(nd)};
    int64_t repeats = 1;
    if (bbatch == 0) {
        /* One right operand shared by the whole batch: a single product of
         * batch·M rows (the weight is reused across the batch). */
        if (!dgi_mul64(count, m, &l.y))
            return node_fail(c, nd, DG_ERANGE, "the batch is too large");
        if (bv && bv->is_const && abatch == 0) /* [rows, in] x weight: fully connected */
            l.type = DG_LAYER_FC, l.n = l.y, l.y = 1;
    } else {
        repeats = count; /* one product per batch index */
    }
    int rc = add_layer(c, nd, &l, repeats);
    if (rc)
        return rc;
    shape o = {0, {0}};
    for (int i = 0; i < rbatch; i++)
        o.d[o.rank++] = batch[i];
    if (ra >= 2)
        o.d[o.rank++] = m;
    if (rb >= 2)
        o.d[o.rank++] = n;
    return set_output(c, nd, 0, &o, true);
}

/* ---------------------------------------------------------------------------
 * Shape inference for the operators without multiply-accumulates. Each
 * returns true with the output shape set, or false with *why saying why not.
 */

typedef enum op_kind {
    OP_UNKNOWN,     /* reported as skipped */
    OP_CONV, OP_CONV_INTEGER, OP_QLINEAR_CONV, OP_GEMM, OP_MATMUL, OP_MATMUL_INTEGER, OP_QLINEAR_MATMUL,
    OP_UNARY,       /* output 0 (and 1, for Dropout's mask / MaxPool's indices) shaped as input 0 */
    OP_BROADCAST,   /* element-wise over all inputs, numpy broadcasting */
    OP_POOL, OP_GLOBAL_POOL, OP_FLATTEN, OP_RESHAPE, OP_CONCAT, OP_TRANSPOSE, OP_SQUEEZE, OP_UNSQUEEZE,
    OP_CONSTANT,
    OP_NO_MACS,     /* known, no MACs, no shape inference */
} op_kind;

static const struct {
    const char *name;
    op_kind kind;
} ops[] = {
    {"Conv", OP_CONV}, {"ConvInteger", OP_CONV_INTEGER}, {"QLinearConv", OP_QLINEAR_CONV}, {"Gemm", OP_GEMM},
    {"MatMul", OP_MATMUL}, {"MatMulInteger", OP_MATMUL_INTEGER}, {"QLinearMatMul", OP_QLINEAR_MATMUL},
    /* shaped as their first input */
    {"Relu", OP_UNARY}, {"LeakyRelu", OP_UNARY}, {"PRelu", OP_UNARY}, {"Clip", OP_UNARY}, {"Sigmoid", OP_UNARY},
    {"HardSigmoid", OP_UNARY}, {"HardSwish", OP_UNARY}, {"Tanh", OP_UNARY}, {"Elu", OP_UNARY}, {"Selu", OP_UNARY},
    {"Celu", OP_UNARY}, {"Gelu", OP_UNARY}, {"Softplus", OP_UNARY}, {"Softsign", OP_UNARY}, {"Mish", OP_UNARY},
    {"ThresholdedRelu", OP_UNARY}, {"Erf", OP_UNARY}, {"Exp", OP_UNARY}, {"Log", OP_UNARY}, {"Sqrt", OP_UNARY},
    {"Neg", OP_UNARY}, {"Abs", OP_UNARY}, {"Reciprocal", OP_UNARY}, {"Floor", OP_UNARY}, {"Ceil", OP_UNARY},
    {"Round", OP_UNARY}, {"Sign", OP_UNARY}, {"Not", OP_UNARY}, {"Cast", OP_UNARY}, {"CastLike", OP_UNARY},
    {"BatchNormalization", OP_UNARY}, {"InstanceNormalization", OP_UNARY}, {"LayerNormalization", OP_UNARY},
    {"GroupNormalization", OP_UNARY}, {"LpNormalization", OP_UNARY}, {"MeanVarianceNormalization", OP_UNARY},
    {"LRN", OP_UNARY}, {"Softmax", OP_UNARY}, {"LogSoftmax", OP_UNARY}, {"Hardmax", OP_UNARY},
    {"Dropout", OP_UNARY}, {"Identity", OP_UNARY}, {"QuantizeLinear", OP_UNARY}, {"DequantizeLinear", OP_UNARY},
    {"DynamicQuantizeLinear", OP_UNARY}, {"Shrink", OP_UNARY}, {"Sin", OP_UNARY}, {"Cos", OP_UNARY},
    /* element-wise, broadcasting */
    {"Add", OP_BROADCAST}, {"Sub", OP_BROADCAST}, {"Mul", OP_BROADCAST}, {"Div", OP_BROADCAST},
    {"Pow", OP_BROADCAST}, {"Max", OP_BROADCAST}, {"Min", OP_BROADCAST}, {"Sum", OP_BROADCAST},
    {"Mean", OP_BROADCAST}, {"Where", OP_BROADCAST}, {"Equal", OP_BROADCAST}, {"Greater", OP_BROADCAST},
    {"Less", OP_BROADCAST}, {"GreaterOrEqual", OP_BROADCAST}, {"LessOrEqual", OP_BROADCAST},
    {"And", OP_BROADCAST}, {"Or", OP_BROADCAST}, {"Xor", OP_BROADCAST}, {"Mod", OP_BROADCAST},
    {"BitShift", OP_BROADCAST},
    /* pooling and reshaping */
    {"MaxPool", OP_POOL}, {"AveragePool", OP_POOL}, {"LpPool", OP_POOL}, {"GlobalAveragePool", OP_GLOBAL_POOL},
    {"GlobalMaxPool", OP_GLOBAL_POOL}, {"GlobalLpPool", OP_GLOBAL_POOL}, {"Flatten", OP_FLATTEN},
    {"Reshape", OP_RESHAPE}, {"Concat", OP_CONCAT}, {"Transpose", OP_TRANSPOSE}, {"Squeeze", OP_SQUEEZE},
    {"Unsqueeze", OP_UNSQUEEZE}, {"Constant", OP_CONSTANT},
    /* no MACs, shapes not inferred (a layer after them needs value_info) */
    {"Shape", OP_NO_MACS}, {"Size", OP_NO_MACS}, {"Gather", OP_NO_MACS}, {"GatherElements", OP_NO_MACS},
    {"GatherND", OP_NO_MACS}, {"Slice", OP_NO_MACS}, {"Split", OP_NO_MACS}, {"Pad", OP_NO_MACS},
    {"Resize", OP_NO_MACS}, {"Upsample", OP_NO_MACS}, {"Expand", OP_NO_MACS}, {"Tile", OP_NO_MACS},
    {"ConstantOfShape", OP_NO_MACS}, {"Range", OP_NO_MACS}, {"ReduceMean", OP_NO_MACS},
    {"ReduceSum", OP_NO_MACS}, {"ReduceMax", OP_NO_MACS}, {"ReduceMin", OP_NO_MACS}, {"ReduceProd", OP_NO_MACS},
    {"ReduceL1", OP_NO_MACS}, {"ReduceL2", OP_NO_MACS}, {"ReduceLogSum", OP_NO_MACS},
    {"ReduceLogSumExp", OP_NO_MACS}, {"ReduceSumSquare", OP_NO_MACS}, {"ArgMax", OP_NO_MACS},
    {"ArgMin", OP_NO_MACS}, {"TopK", OP_NO_MACS}, {"NonZero", OP_NO_MACS}, {"NonMaxSuppression", OP_NO_MACS},
    {"ScatterND", OP_NO_MACS}, {"ScatterElements", OP_NO_MACS}, {"Scatter", OP_NO_MACS}, {"OneHot", OP_NO_MACS},
    {"DepthToSpace", OP_NO_MACS}, {"SpaceToDepth", OP_NO_MACS}, {"CumSum", OP_NO_MACS}, {"EyeLike", OP_NO_MACS},
    {"Trilu", OP_NO_MACS}, {"IsNaN", OP_NO_MACS}, {"IsInf", OP_NO_MACS}, {"RandomNormal", OP_NO_MACS},
    {"RandomUniform", OP_NO_MACS}, {"RandomNormalLike", OP_NO_MACS}, {"RandomUniformLike", OP_NO_MACS},
    {"MaxRoiPool", OP_NO_MACS}, {"RoiAlign", OP_NO_MACS}, {"MaxUnpool", OP_NO_MACS},
};

static op_kind classify(const Node *nd)
{
    if (nd->domain && *nd->domain && strcmp(nd->domain, "ai.onnx") != 0)
        return OP_UNKNOWN;
    const char *op = str(nd->op_type);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i].name, op) == 0)
            return ops[i].kind;
    return OP_UNKNOWN;
}

static bool normalize_axis(int64_t *axis, int rank)
{
    if (*axis < 0)
        *axis += rank;
    return *axis >= 0 && *axis < rank;
}

static bool infer_pool(const Node *nd, const shape *x, shape *o, const char **why)
{
    int sp = x->rank - 2;
    const Attr *ka = attr(nd, "kernel_shape");
    if (sp < 1 || !ka || ka->n_ints != (size_t)sp) {
        *why = "has no kernel_shape matching its input";
        return false;
    }
    int64_t strides[MAX_RANK], dil[MAX_RANK], pads[2 * MAX_RANK];
    const Attr *sa = attr(nd, "strides"), *da = attr(nd, "dilations"), *pa = attr(nd, "pads");
    if ((sa && sa->n_ints && sa->n_ints != (size_t)sp) || (da && da->n_ints && da->n_ints != (size_t)sp) ||
        (pa && pa->n_ints && pa->n_ints != (size_t)(2 * sp))) {
        *why = "has strides, dilations or pads of the wrong length";
        return false;
    }
    bool ceil_mode = attr_int(nd, "ceil_mode", 0) != 0;
    *o = *x;
    for (int i = 0; i < sp; i++) {
        int64_t k = ka->ints[i];
        strides[i] = sa && sa->n_ints ? sa->ints[i] : 1;
        dil[i] = da && da->n_ints ? da->ints[i] : 1;
        pads[i] = pa && pa->n_ints ? pa->ints[i] : 0;
        pads[i + sp] = pa && pa->n_ints ? pa->ints[i + sp] : 0;
        int64_t in = x->d[2 + i], keff, padded;
        if (k < 1 || strides[i] < 1 || dil[i] < 1 || pads[i] < 0 || pads[i + sp] < 0 ||
            !dgi_mul64(k - 1, dil[i], &keff) || !dgi_add64(in, pads[i], &padded) ||
            !dgi_add64(padded, pads[i + sp], &padded)) {
            *why = "has invalid kernel, strides, dilations or pads";
            return false;
        }
        keff += 1;
        int64_t out;
        if (attr_is(nd, "auto_pad", "SAME_UPPER") || attr_is(nd, "auto_pad", "SAME_LOWER")) {
            out = in / strides[i] + (in % strides[i] != 0);
        } else if (attr_is(nd, "auto_pad", "VALID")) {
            out = in < keff ? 0 : (in - keff) / strides[i] + 1;
        } else if (padded < keff) {
            out = 0;
        } else {
            int64_t span = padded - keff;
            out = span / strides[i] + 1;
            /* ceil_mode: a last partial window, if it starts inside the input or the leading padding */
            if (ceil_mode && span % strides[i] && out * strides[i] < in + pads[i])
                out++;
        }
        if (out < 1) {
            *why = "has a window larger than its padded input";
            return false;
        }
        o->d[2 + i] = out;
    }
    return true;
}

static bool infer_reshape(ctx *c, const Node *nd, const shape *x, shape *o, const char **why)
{
    int64_t target[MAX_RANK];
    int n = -1;
    const Attr *sa = attr(nd, "shape"); /* Reshape-1 took the shape as an attribute */
    if (nd->n_input >= 2)
        n = const_ints(input_value(c, nd, 1), target);
    else if (sa && sa->n_ints <= MAX_RANK)
        copy_ints(target, sa->ints, sa->n_ints), n = (int)sa->n_ints;
    if (n < 0) {
        *why = "takes its shape from a tensor that is not a constant the importer can read";
        return false;
    }
    bool allowzero = attr_int(nd, "allowzero", 0) != 0;
    int64_t total, known = 1;
    int infer_at = -1;
    if (product(x->d, x->rank, &total)) {
        *why = "has an input too large";
        return false;
    }
    o->rank = n;
    for (int i = 0; i < n; i++) {
        int64_t t = target[i];
        if (t == 0 && !allowzero) {
            if (i >= x->rank) {
                *why = "copies a dimension its input lacks";
                return false;
            }
            t = x->d[i];
        }
        if (t == -1 && infer_at < 0) {
            infer_at = i;
            continue;
        }
        if (t < 0 || !dgi_mul64(known, t, &known)) {
            *why = "has an invalid target shape";
            return false;
        }
        o->d[i] = t;
    }
    if (infer_at >= 0) {
        if (known == 0 || total % known) {
            *why = "has a target shape that does not fit its input";
            return false;
        }
        o->d[infer_at] = total / known;
    } else if (known != total) {
        *why = "has a target shape with a different number of elements";
        return false;
    }
    return true;
}

static bool infer_squeeze(ctx *c, const Node *nd, const shape *x, bool unsqueeze, shape *o, const char **why)
{
    int64_t axes[MAX_RANK];
    int n = -1;
    const Attr *aa = attr(nd, "axes"); /* an attribute before opset 13, an input after */
    if (aa && aa->n_ints <= MAX_RANK && aa->n_ints)
        copy_ints(axes, aa->ints, aa->n_ints), n = (int)aa->n_ints;
    else if (nd->n_input >= 2 && *nd->input[1])
        n = const_ints(input_value(c, nd, 1), axes);
    else if (!unsqueeze)
        n = 0; /* Squeeze without axes: every unit dimension */
    if (n < 0) {
        *why = "takes its axes from a tensor that is not a constant the importer can read";
        return false;
    }
    bool mark[MAX_RANK] = {false};
    int rank = unsqueeze ? x->rank + n : x->rank;
    if (rank > MAX_RANK) {
        *why = "makes a tensor of too high a rank";
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (!normalize_axis(&axes[i], rank) || mark[axes[i]] || (!unsqueeze && x->d[axes[i]] != 1)) {
            *why = "has invalid axes";
            return false;
        }
        mark[axes[i]] = true;
    }
    o->rank = 0;
    for (int i = 0, j = 0; i < rank; i++) {
        if (unsqueeze)
            o->d[o->rank++] = mark[i] ? 1 : x->d[j++];
        else if (!(n ? mark[i] : x->d[i] == 1))
            o->d[o->rank++] = x->d[i];
    }
    return true;
}

static bool infer(ctx *c, const Node *nd, op_kind kind, shape *o, const char **why)
{
    const shape *x = input_shape(c, nd, 0);
    if (kind == OP_CONSTANT)
        return false; /* handled by do_constant */
    if (kind == OP_BROADCAST) {
        o->rank = 0;
        for (size_t i = 0; i < nd->n_input; i++) {
            if (!*nd->input[i])
                continue;
            const shape *s = input_shape(c, nd, i);
            shape r;
            if (!s) {
                *why = WHY_NO_INPUT;
                return false;
            }
            if (!broadcast(o->d, o->rank, s->d, s->rank, r.d, &r.rank)) {
                *why = "has inputs whose shapes do not broadcast";
                return false;
            }
            *o = r;
        }
        return true;
    }
    if (!x) {
        *why = WHY_NO_INPUT;
        return false;
    }
    switch (kind) {
    case OP_UNARY: *o = *x; return true;
    case OP_POOL: return infer_pool(nd, x, o, why);
    case OP_GLOBAL_POOL:
        *o = *x;
        for (int i = 2; i < x->rank; i++)
            o->d[i] = 1;
        return x->rank >= 3 || (*why = "has an input of rank < 3", false);
    case OP_FLATTEN: {
        int64_t axis = attr_int(nd, "axis", 1);
        if (axis < 0)
            axis += x->rank;
        if (axis < 0 || axis > x->rank) {
            *why = "has an invalid axis";
            return false;
        }
        o->rank = 2;
        if (product(x->d, (int)axis, &o->d[0]) || product(x->d + axis, x->rank - (int)axis, &o->d[1])) {
            *why = "has an input too large";
            return false;
        }
        return true;
    }
    case OP_RESHAPE: return infer_reshape(c, nd, x, o, why);
    case OP_CONCAT: {
        const Attr *aa = attr(nd, "axis");
        int64_t axis = aa && aa->has_i ? aa->i : 1;
        *o = *x;
        if (!normalize_axis(&axis, x->rank)) {
            *why = "has an invalid axis";
            return false;
        }
        for (size_t i = 1; i < nd->n_input; i++) {
            const shape *s = input_shape(c, nd, i);
            if (!s) {
                *why = WHY_NO_INPUT;
                return false;
            }
            bool ok = s->rank == x->rank && dgi_add64(o->d[axis], s->d[axis], &o->d[axis]);
            for (int k = 0; ok && k < x->rank; k++)
                ok = k == axis || s->d[k] == x->d[k];
            if (!ok) {
                *why = "has inputs that differ outside the concatenation axis";
                return false;
            }
        }
        return true;
    }
    case OP_TRANSPOSE: {
        const Attr *pa = attr(nd, "perm");
        bool seen[MAX_RANK] = {false};
        o->rank = x->rank;
        for (int i = 0; i < x->rank; i++) {
            int64_t p = pa && pa->n_ints ? (pa->n_ints == (size_t)x->rank ? pa->ints[i] : -1) : x->rank - 1 - i;
            if (p < 0 || p >= x->rank || seen[p]) {
                *why = "has an invalid perm";
                return false;
            }
            seen[p] = true;
            o->d[i] = x->d[p];
        }
        return true;
    }
    case OP_SQUEEZE: return infer_squeeze(c, nd, x, false, o, why);
    case OP_UNSQUEEZE: return infer_squeeze(c, nd, x, true, o, why);
    default: *why = "the importer cannot infer shapes through"; return false;
    }
}

/* Constant: the output is the value attribute's tensor (or value_int(s), value_float(s)). */
static int do_constant(ctx *c, const Node *nd)
{
    if (!nd->n_output || !*nd->output[0])
        return DG_OK;
    value *v = vt_find(&c->vt, nd->output[0]);
    const Attr *a;
    v->is_const = true;
    if ((a = attr(nd, "value")) && a->t)
        return declare_tensor(c, v, a->t, "Constant");
    shape s = {0, {0}};
    if ((a = attr(nd, "value_int")) && a->has_i) {
        v->nints = 1, v->ints[0] = a->i;
    } else if ((a = attr(nd, "value_ints")) && a->n_ints <= MAX_RANK) {
        s.rank = 1, s.d[0] = (int64_t)a->n_ints;
        v->nints = (int)a->n_ints;
        copy_ints(v->ints, a->ints, a->n_ints);
    } else if ((a = attr(nd, "value_floats"))) {
        s.rank = 1, s.d[0] = (int64_t)a->n_floats;
    } else if (!((a = attr(nd, "value_float")) && a->has_f)) {
        set_unknown(c, nd, "holds a value the importer does not read");
        return DG_OK;
    }
    return set_output(c, nd, 0, &s, false);
}

/* Reshapes of a constant are constants (a transposed weight stays a weight). */
static void propagate_const(ctx *c, const Node *nd, op_kind kind)
{
    const char *op = str(nd->op_type);
    bool keeps = kind == OP_RESHAPE || kind == OP_FLATTEN || kind == OP_TRANSPOSE || kind == OP_SQUEEZE ||
                 kind == OP_UNSQUEEZE || strcmp(op, "Identity") == 0 || strcmp(op, "Cast") == 0 ||
                 strcmp(op, "DequantizeLinear") == 0;
    value *in = input_value(c, nd, 0), *out = nd->n_output && *nd->output[0] ? vt_find(&c->vt, nd->output[0]) : NULL;
    if (keeps && in && out && in->is_const)
        out->is_const = true;
}

/* ---------------------------------------------------------------------------
 * The graph: names, order, then every node.
 */

static int build_table(ctx *c)
{
    const Graph *g = c->g;
    size_t total = g->n_initializer + g->n_input + g->n_output + g->n_value_info;
    for (size_t i = 0; i < g->n_node; i++) {
        if (g->node[i]->n_output > SIZE_MAX / 4 - total)
            return dgi_fail_at(DG_ERANGE, c->origin, 0, "the graph is too large");
        total += g->node[i]->n_output;
    }
    size_t slots = 16;
    while (slots < 2 * total + 2) {
        if (slots > SIZE_MAX / 4)
            return dgi_fail_at(DG_ERANGE, c->origin, 0, "the graph is too large");
        slots *= 2;
    }
    c->vt.v = calloc(total ? total : 1, sizeof *c->vt.v);
    c->vt.slot = calloc(slots, sizeof *c->vt.slot);
    if (!c->vt.v || !c->vt.slot)
        return dgi_fail_at(DG_ENOMEM, c->origin, 0, "out of memory reading the graph");
    c->vt.cap = total;
    c->vt.mask = slots - 1;

    int rc;
    for (size_t i = 0; i < g->n_initializer; i++) {
        const Tensor *t = g->initializer[i];
        if (t->name && *t->name && (rc = declare_tensor(c, vt_get(&c->vt, t->name), t, "initializer")))
            return rc;
    }
    for (size_t i = 0; i < g->n_input; i++)
        if ((rc = declare(c, g->input[i], true)))
            return rc;
    for (size_t i = 0; i < g->n_value_info; i++)
        if ((rc = declare(c, g->value_info[i], false)))
            return rc;
    for (size_t i = 0; i < g->n_output; i++)
        if ((rc = declare(c, g->output[i], false)))
            return rc;
    for (size_t i = 0; i < g->n_node; i++) {
        const Node *nd = g->node[i];
        for (size_t k = 0; k < nd->n_output; k++) {
            if (!*nd->output[k])
                continue; /* an omitted optional output */
            value *v = vt_get(&c->vt, nd->output[k]);
            if (v->producer >= 0)
                return dgi_fail_at(DG_EPARSE, c->origin, 0, "value '%s' is written by two nodes, '%s' and '%s'",
                                   v->name, node_label(g->node[v->producer]), node_label(nd));
            if (v->graph_input || v->tensor)
                return dgi_fail_at(DG_EPARSE, c->origin, 0,
                                   "node '%s' (%s) writes '%s', which is a graph input or an initializer",
                                   node_label(nd), str(nd->op_type), v->name);
            v->producer = (int)i;
        }
    }
    return DG_OK;
}

/* Nodes in dependency order: the file's order when it is one (the ONNX rule),
 * else Kahn's algorithm; a cycle is an error naming a node on it. */
static int order_nodes(ctx *c, size_t *order)
{
    const Graph *g = c->g;
    size_t n = g->n_node;
    bool sorted = true;
    for (size_t i = 0; i < n && sorted; i++) {
        const Node *nd = g->node[i];
        for (size_t k = 0; k < nd->n_input && sorted; k++) {
            value *v = *nd->input[k] ? vt_find(&c->vt, nd->input[k]) : NULL;
            sorted = !v || v->producer < (int)i;
        }
        order[i] = i;
    }
    if (sorted)
        return DG_OK;

    size_t *indeg = calloc(n, sizeof *indeg), *start = calloc(n + 1, sizeof *start), *edges = NULL;
    size_t nedges = 0, head = 0, tail = 0;
    int rc = DG_OK;
    if (!indeg || !start)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < g->node[i]->n_input; k++) {
            value *v = *g->node[i]->input[k] ? vt_find(&c->vt, g->node[i]->input[k]) : NULL;
            if (v && v->producer >= 0) {
                indeg[i]++;
                start[v->producer + 1]++;
                nedges++;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    if (!(edges = malloc((nedges ? nedges : 1) * sizeof *edges)))
        goto oom;
    {
        size_t *fill = calloc(n, sizeof *fill);
        if (!fill)
            goto oom;
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < g->node[i]->n_input; k++) {
                value *v = *g->node[i]->input[k] ? vt_find(&c->vt, g->node[i]->input[k]) : NULL;
                if (v && v->producer >= 0)
                    edges[start[v->producer] + fill[v->producer]++] = i;
            }
        }
        free(fill);
    }
    for (size_t i = 0; i < n; i++)
        if (!indeg[i])
            order[tail++] = i;
    while (head < tail) {
        size_t u = order[head++];
        for (size_t e = start[u]; e < start[u + 1]; e++)
            if (--indeg[edges[e]] == 0)
                order[tail++] = edges[e];
    }
    if (tail < n) {
        /* Walk back through unfinished producers: after n steps we are on a cycle. */
        size_t cur = 0;
        while (!indeg[cur])
            cur++;
        for (size_t step = 0; step < n; step++) {
            const Node *nd = g->node[cur];
            for (size_t k = 0; k < nd->n_input; k++) {
                value *v = *nd->input[k] ? vt_find(&c->vt, nd->input[k]) : NULL;
                if (v && v->producer >= 0 && indeg[v->producer]) {
                    cur = (size_t)v->producer;
                    break;
                }
            }
        }
        rc = dgi_fail_at(DG_EPARSE, c->origin, 0, "the graph has a cycle through node '%s' (%s)",
                         node_label(g->node[cur]), str(g->node[cur]->op_type));
    }
    free(indeg);
    free(start);
    free(edges);
    return rc;
oom:
    free(indeg);
    free(start);
    free(edges);
    return dgi_fail_at(DG_ENOMEM, c->origin, 0, "out of memory ordering the graph");
}

static int run_node(ctx *c, size_t idx)
{
    const Node *nd = c->g->node[idx];
    op_kind kind = classify(nd);
    int rc = 0;
    switch (kind) {
    case OP_CONV: rc = do_conv(c, nd, 0, 1); break;
    case OP_CONV_INTEGER: rc = do_conv(c, nd, 0, 1); break;
    case OP_QLINEAR_CONV: rc = do_conv(c, nd, 0, 3); break;
    case OP_GEMM: rc = do_gemm(c, nd); break;
    case OP_MATMUL:
    case OP_MATMUL_INTEGER: rc = do_matmul(c, nd, 0, 1); break;
    case OP_QLINEAR_MATMUL: rc = do_matmul(c, nd, 0, 3); break;
    case OP_CONSTANT: return do_constant(c, nd);
    case OP_NO_MACS: set_unknown(c, nd, "the importer does not infer shapes through"); return DG_OK;
    case OP_UNKNOWN: rc = 1; break;
    default: {
        shape o;
        const char *why = NULL;
        if (infer(c, nd, kind, &o, &why)) {
            for (size_t i = 0; i < nd->n_output; i++) {
                /* Dropout's mask and MaxPool's indices have the output's shape; the
                 * statistics of a training BatchNormalization do not. */
                if (i > 0 && !(i == 1 && (kind == OP_POOL || strcmp(str(nd->op_type), "Dropout") == 0)))
                    break;
                if ((rc = set_output(c, nd, i, &o, false)))
                    return rc;
            }
        } else {
            set_unknown(c, nd, why);
        }
        propagate_const(c, nd, kind);
        return DG_OK;
    }
    }
    if (rc == 1) { /* skipped: an unknown operator, or a Conv of more than two spatial dimensions */
        c->skipped[idx] = true;
        set_unknown(c, nd, "is an operator the importer skips");
        return DG_OK;
    }
    return rc;
}

static int import_graph(ctx *c)
{
    const Graph *g = c->g;
    int rc = build_table(c);
    if (rc)
        return rc;
    size_t *order = malloc((g->n_node ? g->n_node : 1) * sizeof *order);
    c->skipped = calloc(g->n_node ? g->n_node : 1, sizeof *c->skipped);
    if (!order || !c->skipped) {
        free(order);
        return dgi_fail_at(DG_ENOMEM, c->origin, 0, "out of memory reading the graph");
    }
    rc = order_nodes(c, order);
    for (size_t i = 0; !rc && i < g->n_node; i++)
        rc = run_node(c, order[i]);
    free(order);
    if (!rc && dg_workload_num_layers(c->w) == 0)
        rc = dgi_fail_at(DG_EPARSE, c->origin, 0,
                         "the model has no supported node (Conv, Gemm, MatMul and their quantized forms); "
                         "%zu nodes were skipped or carry no MACs", g->n_node);
    return rc;
}

int dgi_import_onnx(dg_workload **out, const void *data, size_t size, const char *origin, dg_import_report_fn fn,
                    void *user)
{
    if (!wire_ok(&dgi_onnx__model_proto__descriptor, data, size, 0))
        return dgi_fail_at(DG_EPARSE, origin, 0,
                           "not an ONNX model: the protobuf encoding is truncated or malformed (or nested deeper than %d)",
                           MAX_NESTING);
    Model *m = dgi_onnx__model_proto__unpack(NULL, size, data);
    if (!m)
        return dgi_fail_at(DG_EPARSE, origin, 0, "not an ONNX model: the data does not decode as a ModelProto");
    int rc = DG_OK;
    ctx c = {.origin = origin, .g = m->graph};
    if (!m->graph)
        rc = dgi_fail_at(DG_EPARSE, origin, 0, "not an ONNX model: the ModelProto has no graph");
    else if (m->graph->n_node == 0)
        rc = dgi_fail_at(DG_EPARSE, origin, 0, "the ONNX model's graph has no nodes");
    else if (!(rc = dg_workload_create(&c.w, origin)))
        rc = import_graph(&c);
    /* The skipped nodes, in the file's order, once the import has succeeded. */
    for (size_t i = 0; !rc && fn && i < m->graph->n_node; i++) {
        if (!c.skipped[i])
            continue;
        const Node *nd = m->graph->node[i];
        char op[256];
        if (nd->domain && *nd->domain && strcmp(nd->domain, "ai.onnx") != 0)
            snprintf(op, sizeof op, "%s:%s", nd->domain, str(nd->op_type));
        else
            snprintf(op, sizeof op, "%s", str(nd->op_type));
        if (fn(user, str(nd->name), op))
            rc = dgi_fail_at(DG_EUSER, origin, 0, "the skipped-node callback stopped the import");
    }
    free(c.vt.v);
    free(c.vt.slot);
    free(c.skipped);
    dgi_onnx__model_proto__free_unpacked(m, NULL);
    if (rc) {
        dg_workload_destroy(c.w);
        return rc;
    }
    *out = c.w;
    return DG_OK;
}
