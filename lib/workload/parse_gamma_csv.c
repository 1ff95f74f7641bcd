/*
 * parse_gamma_csv.c: GAMMA's model CSV (one header line, then K,C,Y,X,R,S,T rows).
 *
 * The format carries no stride or padding, so every layer is read as stride 1,
 * no padding, as GAMMA itself models it (see docs/models.md for what that gets
 * wrong). Columns are read by position; T selects the layer type:
 * 0 FC (O,I), 1 CONV, 2 DSCONV (K column holds 1), 3 GEMM (M,N,K).
 */
#include "parse_common.h"
#include "workload_internal.h"

#include <stdio.h>
#include <string.h>

#define GAMMA_COLUMNS 7

/* Split a row into exactly seven integer fields, or explain what is wrong. */
static int read_row(const char *s, const char *e, int64_t f[GAMMA_COLUMNS], const char *origin, long line)
{
    int n = 0;
    const char *field = s;
    for (const char *q = s;; q++) {
        if (q == e || *q == ',') {
            if (n == GAMMA_COLUMNS)
                return dgi_fail_at(DG_EPARSE, origin, line, "expected 7 comma-separated integers K,C,Y,X,R,S,T; got more fields");
            int rc = dgi_parse_int64(field, q, &f[n]);
            if (rc == DG_ERANGE)
                return dgi_fail_at(DG_ERANGE, origin, line, "field %d: number too large", n + 1);
            if (rc)
                return dgi_fail_at(DG_EPARSE, origin, line, "field %d: expected an integer, got '%.*s'", n + 1,
                                   (int)(q - field > 40 ? 40 : q - field), field);
            n++;
            if (q == e)
                break;
            field = q + 1;
        }
    }
    if (n != GAMMA_COLUMNS)
        return dgi_fail_at(DG_EPARSE, origin, line, "expected 7 comma-separated integers K,C,Y,X,R,S,T; got %d", n);
    return DG_OK;
}

static int add_row(dg_workload *w, const int64_t f[GAMMA_COLUMNS], const char *origin, long line)
{
    dg_layer l = {0};
    char name[32];
    snprintf(name, sizeof name, "row%ld", line);
    l.struct_size = sizeof l;
    l.name = name;
    l.n = 1;
    l.stride_y = l.stride_x = 1;
    for (int i = 0; i < 6; i++)
        if (f[i] < 1)
            return dgi_fail_at(DG_EINVAL, origin, line, "field %d: dimensions must be at least 1, got %lld", i + 1,
                               (long long)f[i]);
    switch (f[6]) {
    case 0: /* FC: O, I */
        l.type = DG_LAYER_FC, l.k = f[0], l.c = f[1], l.y = l.x = l.r = l.s = 1;
        break;
    case 1:
        l.type = DG_LAYER_CONV, l.k = f[0], l.c = f[1], l.y = f[2], l.x = f[3], l.r = f[4], l.s = f[5];
        break;
    case 2: /* depthwise: the K column holds 1, C is the channel count */
        l.type = DG_LAYER_DWCONV, l.k = l.c = f[1], l.y = f[2], l.x = f[3], l.r = f[4], l.s = f[5];
        break;
    case 3: /* GEMM row M,N,K */
        l.type = DG_LAYER_GEMM, l.y = f[0], l.k = f[1], l.c = f[2], l.x = l.r = l.s = 1;
        break;
    default:
        return dgi_fail_at(DG_EPARSE, origin, line, "field 7: layer type must be 0 (FC), 1 (CONV), 2 (DSCONV) or 3 (GEMM), got %lld",
                           (long long)f[6]);
    }
    int rc = dgi_layer_complete(&l, origin, line);
    if (rc)
        return rc;
    rc = dg_workload_add_layer(w, &l);
    if (rc) /* keep the position in the message */
        return dgi_fail_at(rc, origin, line, "%s", dg_last_error()->message);
    return DG_OK;
}

int dgi_parse_gamma_csv(dg_workload **out, const char *data, size_t size, const char *origin)
{
    dg_workload *w;
    int rc = dg_workload_create(&w, origin);
    if (rc)
        return rc;
    dgi_lines it;
    dgi_lines_init(&it, data, size);
    const char *s, *e;
    bool header = true;
    while (rc == DG_OK && dgi_lines_next(&it, &s, &e)) {
        if (dgi_blank(s, e))
            continue;
        if (header) { /* the header names are ignored, as GAMMA ignores them */
            header = false;
            continue;
        }
        int64_t f[GAMMA_COLUMNS];
        rc = read_row(s, e, f, origin, it.line);
        if (rc == DG_OK)
            rc = add_row(w, f, origin, it.line);
    }
    if (rc == DG_OK && dg_workload_num_layers(w) == 0)
        rc = dgi_fail_at(DG_EPARSE, origin, it.line, "no layers: expected a header line and K,C,Y,X,R,S,T rows");
    if (rc) {
        dg_workload_destroy(w);
        return rc;
    }
    *out = w;
    return DG_OK;
}
