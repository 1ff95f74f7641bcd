/*
 * import_yaml.c: Timeloop-style problem YAML (as Timeloop's exercises and
 * CoSA write it) as workloads, read with libyaml.
 *
 *   problem:
 *     shape: cnn-layer            # a name, or a map with name / dimensions / data-spaces
 *     instance: { C: 64, M: 128, N: 1, P: 56, Q: 56, R: 3, S: 3,
 *                 Wstride: 1, Hstride: 1, Wdilation: 1, Hdilation: 1 }
 *
 * The bounds may also sit directly under `problem:` (Timeloop's older form,
 * and CoSA's, which names the output channels K instead of M). One problem
 * is one layer; a file holds one problem, a sequence of them, or several
 * YAML documents. Timeloop's cnn-layer projection pairs R and P with Wstride
 * and Wdilation, S and Q with Hstride and Hdilation; libdigamma keeps the
 * pairs and puts the R/P axis in y, the S/Q axis in x. There is no padding:
 * the input is Y = (P - 1)·stride + (R - 1)·dilation + 1, and a dilated
 * kernel becomes undilated phases exactly as for ONNX (docs/import.md).
 */
#include "config.h"

#include "parse_common.h"
#include "workload_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

typedef struct yctx {
    const char *origin;
    yaml_document_t *doc;
    dg_workload *w;
    int problems;
} yctx;

static long line_of(const yaml_node_t *n)
{
    return n ? (long)n->start_mark.line + 1 : 0;
}

static bool scalar_is(const yaml_node_t *n, const char *text)
{
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(text) &&
           memcmp(n->data.scalar.value, text, n->data.scalar.length) == 0;
}

/* A null document or item ("", "~", "null"): nothing to read. */
static bool is_null(const yaml_node_t *n)
{
    return !n || (n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                  (n->data.scalar.length == 0 || scalar_is(n, "~") || scalar_is(n, "null")));
}

static yaml_node_t *get(yctx *c, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (scalar_is(yaml_document_get_node(c->doc, p->key), key))
            return yaml_document_get_node(c->doc, p->value);
    return NULL;
}

/* A bound or coefficient: absent gives dflt (or an error when required). */
static int get_int(yctx *c, const yaml_node_t *map, const char *key, bool required, int64_t dflt, int64_t *out,
                   const char *what)
{
    const yaml_node_t *n = get(c, map, key);
    if (!n) {
        if (required)
            return dgi_fail_at(DG_EPARSE, c->origin, line_of(map), "problem has no %s (%s)", key, what);
        *out = dflt;
        return DG_OK;
    }
    if (n->type != YAML_SCALAR_NODE)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(n), "%s: expected a positive integer, got a %s", key,
                           n->type == YAML_MAPPING_NODE ? "mapping" : "sequence");
    const char *s = (const char *)n->data.scalar.value;
    int rc = dgi_parse_int64(s, s + n->data.scalar.length, out);
    if (rc == DG_ERANGE)
        return dgi_fail_at(DG_ERANGE, c->origin, line_of(n), "%s: %.40s is too large", key, s);
    if (rc)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(n), "%s: expected a positive integer, got '%.40s'", key, s);
    if (*out < 1)
        return dgi_fail_at(DG_EINVAL, c->origin, line_of(n), "%s must be at least 1 (got %lld)", key,
                           (long long)*out);
    return DG_OK;
}

static bool contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && tolower((unsigned char)s[i + k]) == needle[k])
            k++;
        if (k == m)
            return true;
    }
    return false;
}

static const char *const known_dims[] = {"C", "M", "K", "N", "P", "Q", "R", "S"};

/* One problem: one layer. */
static int read_problem(yctx *c, const yaml_node_t *prob, const yaml_node_t *name_node)
{
    if (!prob || prob->type != YAML_MAPPING_NODE)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(prob),
                           "problem: expected a mapping (shape, instance: {C, M, N, P, Q, R, S, ...})");
    const yaml_node_t *shape = get(c, prob, "shape"), *inst = get(c, prob, "instance"), *dims = NULL;
    if (inst && inst->type != YAML_MAPPING_NODE)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(inst), "instance: expected a mapping of bounds");
    if (!inst)
        inst = prob; /* bounds directly under problem: */

    /* The shape: by name ("cnn-layer", "depthwise-...") or spelled out with its dimension list. */
    const yaml_node_t *shape_name = shape;
    if (shape && shape->type == YAML_MAPPING_NODE) {
        shape_name = get(c, shape, "name");
        dims = get(c, shape, "dimensions");
        if (dims && dims->type != YAML_SEQUENCE_NODE)
            return dgi_fail_at(DG_EPARSE, c->origin, line_of(dims), "shape dimensions: expected a list");
    }
    bool depthwise = shape_name && shape_name->type == YAML_SCALAR_NODE &&
                     contains_nocase((const char *)shape_name->data.scalar.value, shape_name->data.scalar.length,
                                     "depthwise");
    bool listed[sizeof known_dims / sizeof known_dims[0]] = {false};
    if (dims) {
        for (yaml_node_item_t *it = dims->data.sequence.items.start; it < dims->data.sequence.items.top; it++) {
            const yaml_node_t *d = yaml_document_get_node(c->doc, *it);
            size_t k = 0;
            while (k < sizeof known_dims / sizeof known_dims[0] && !scalar_is(d, known_dims[k]))
                k++;
            if (k == sizeof known_dims / sizeof known_dims[0])
                return dgi_fail_at(DG_EPARSE, c->origin, line_of(d),
                                   "shape dimension '%.40s' is not a convolution dimension (C, M or K, N, P, Q, R, S)",
                                   d && d->type == YAML_SCALAR_NODE ? (const char *)d->data.scalar.value : "?");
            listed[k] = true;
        }
        /* A shape without output channels is depthwise (one filter per channel). */
        depthwise = depthwise || (!listed[1] && !listed[2]);
    }
    /* Required: every listed dimension; without a list, cnn-layer's (N may be left out: batch 1). */
    bool need[8];
    for (int k = 0; k < 8; k++)
        need[k] = dims ? listed[k] : k != 3 && k != 1 && k != 2;
    int64_t v[8];
    static const char *const what[8] = {"input channels", "output channels", "output channels, CoSA's name",
                                        "batch", "output rows", "output columns", "filter rows",
                                        "filter columns"};
    for (int k = 0; k < 8; k++) {
        int rc = get_int(c, inst, known_dims[k], need[k], 1, &v[k], what[k]);
        if (rc)
            return rc;
    }
    const yaml_node_t *mnode = get(c, inst, "M"), *knode = get(c, inst, "K");
    if (mnode && knode && v[1] != v[2])
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(knode), "M (%lld) and K (%lld) disagree: both name the output channels",
                           (long long)v[1], (long long)v[2]);
    int64_t m = knode ? v[2] : v[1];
    if (!depthwise && !dims && !mnode && !knode)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(inst), "problem has no M (output channels; CoSA's K is accepted too)");
    const yaml_node_t *g = get(c, inst, "G");
    int64_t groups;
    int rc = get_int(c, inst, "G", false, 1, &groups, "groups");
    if (rc)
        return rc;
    if (groups != 1)
        return dgi_fail_at(DG_EPARSE, c->origin, line_of(g),
                           "grouped problems (G = %lld) are not supported: write one problem per group", (long long)groups);

    int64_t coef[4]; /* Wstride, Hstride, Wdilation, Hdilation */
    static const char *const coef_names[4] = {"Wstride", "Hstride", "Wdilation", "Hdilation"};
    for (int k = 0; k < 4; k++)
        if ((rc = get_int(c, inst, coef_names[k], false, 1, &coef[k], "coefficient")))
            return rc;

    int64_t ch = v[0], n = v[3], p = v[4], q = v[5], r = v[6], s = v[7];
    int64_t copies = 1;
    if (depthwise) {
        if ((mnode || knode) && m % ch)
            return dgi_fail_at(DG_EPARSE, c->origin, line_of(knode ? knode : mnode),
                               "a depthwise problem needs M = C (or a multiple of it); got M=%lld, C=%lld",
                               (long long)m, (long long)ch);
        copies = (mnode || knode) ? m / ch : 1;
        m = ch;
    }
    /* Input sizes from the outputs, without padding. */
    dgi_conv_axis ay = {0, 0, 0, r, coef[0], coef[2]}, ax = {0, 0, 0, s, coef[1], coef[3]};
    int64_t t;
    if (!dgi_mul64(p - 1, coef[0], &ay.in) || !dgi_mul64(r - 1, coef[2], &t) || !dgi_add64(ay.in, t, &ay.in) ||
        !dgi_add64(ay.in, 1, &ay.in) || !dgi_mul64(q - 1, coef[1], &ax.in) || !dgi_mul64(s - 1, coef[3], &t) ||
        !dgi_add64(ax.in, t, &ax.in) || !dgi_add64(ax.in, 1, &ax.in))
        return dgi_fail_at(DG_ERANGE, c->origin, line_of(prob), "the problem's input size overflows");
    dgi_axis_piece py[2], px[2];
    int64_t oy, ox;
    int ny = dgi_conv_axis_split(&ay, py, &oy), nx = dgi_conv_axis_split(&ax, px, &ox);
    if (ny < 0 || nx < 0)
        return dgi_fail_at(DG_ERANGE, c->origin, line_of(prob), "the problem's sizes overflow");

    char base[128];
    if (name_node && name_node->type == YAML_SCALAR_NODE)
        snprintf(base, sizeof base, "%.*s", (int)(name_node->data.scalar.length < 100 ? name_node->data.scalar.length : 100),
                 (const char *)name_node->data.scalar.value);
    else
        snprintf(base, sizeof base, "problem%d", c->problems + 1);
    for (int i = 0; i < ny; i++) {
        for (int j = 0; j < nx; j++) {
            char name[160];
            if (ny * nx > 1)
                snprintf(name, sizeof name, "%s.phase%d", base, i * nx + j);
            else
                snprintf(name, sizeof name, "%s", base);
            dg_layer l = {.struct_size = sizeof l, .type = depthwise ? DG_LAYER_DWCONV : DG_LAYER_CONV, .n = n,
                          .k = m, .c = ch, .y = py[i].in, .x = px[j].in, .r = py[i].kernel, .s = px[j].kernel,
                          .stride_y = py[i].stride, .stride_x = px[j].stride, .name = name};
            int64_t count;
            if (!dgi_mul64(py[i].count, px[j].count, &count) || !dgi_mul64(count, copies, &count))
                return dgi_fail_at(DG_ERANGE, c->origin, line_of(prob), "the repeat count overflows");
            if ((rc = dgi_workload_add_repeated(c->w, &l, count))) {
                char msg[300];
                snprintf(msg, sizeof msg, "%s", dg_last_error()->message);
                return dgi_fail_at(rc, c->origin, line_of(prob), "%s", msg);
            }
        }
    }
    c->problems++;
    return DG_OK;
}

/* The value of a `problem:` key: one problem, or a list of them. */
static int read_problem_value(yctx *c, const yaml_node_t *v, const yaml_node_t *name)
{
    if (v && v->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            const yaml_node_t *p = yaml_document_get_node(c->doc, *it);
            int rc = read_problem(c, p, get(c, p, "name"));
            if (rc)
                return rc;
        }
        return DG_OK;
    }
    return read_problem(c, v, name ? name : get(c, v, "name"));
}

/* A mapping with a problem: key, or (in a list) a bare problem. */
static int read_entry(yctx *c, const yaml_node_t *n, bool in_list)
{
    if (is_null(n))
        return DG_OK;
    const yaml_node_t *p = get(c, n, "problem");
    if (p)
        return read_problem_value(c, p, get(c, n, "name"));
    if (in_list && (get(c, n, "instance") || get(c, n, "C")))
        return read_problem(c, n, get(c, n, "name"));
    return dgi_fail_at(DG_EPARSE, c->origin, line_of(n),
                       "expected a mapping with a 'problem' key (problem: { shape: cnn-layer, instance: {C, M, N, P, Q, R, S} })");
}

static int read_document(yctx *c, const yaml_node_t *root)
{
    if (root->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top; it++) {
            int rc = read_entry(c, yaml_document_get_node(c->doc, *it), true);
            if (rc)
                return rc;
        }
        return DG_OK;
    }
    return read_entry(c, root, false);
}

int dgi_import_timeloop_yaml(dg_workload **out, const char *data, size_t size, const char *origin)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return dgi_fail_at(DG_ENOMEM, origin, 0, "out of memory starting the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    yctx c = {.origin = origin};
    int rc = dg_workload_create(&c.w, origin);
    while (!rc) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            rc = dgi_fail_at(parser.error == YAML_MEMORY_ERROR ? DG_ENOMEM : DG_EPARSE, origin,
                             (long)parser.problem_mark.line + 1, "malformed YAML: %s%s%s",
                             parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
                             parser.context ? parser.context : "");
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) { /* the end of the stream */
            yaml_document_delete(&doc);
            break;
        }
        c.doc = &doc;
        rc = read_document(&c, root);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (!rc && c.problems == 0)
        rc = dgi_fail_at(DG_EPARSE, origin, 0,
                         "no problem found: expected problem: { shape: cnn-layer, instance: {C, M, N, P, Q, R, S} }");
    if (rc) {
        dg_workload_destroy(c.w);
        return rc;
    }
    *out = c.w;
    return DG_OK;
}
