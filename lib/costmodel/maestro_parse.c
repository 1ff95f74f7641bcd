/*
 * maestro_parse.c: MAESTRO's mapping files (Network / Layer / Type / Stride /
 * Dimensions / Dataflow) and hardware files in.
 *
 * The lexer follows MAESTRO's (spec §1.1): tokens are separated by any of
 * ` , - > ( ) : TAB ;`, so `Sz(R)` is the two tokens `Sz R`, and `//` starts a
 * comment. Unlike MAESTRO, braces are always tokens of their own and every
 * error names the file, the line and what was expected.
 *
 * The whole input is parsed before the first callback runs, so a malformed
 * file never hands the caller half of its layers.
 */
#include "costmodel.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tok {
    const char *s;
    int len;
    long line;
} tok;

typedef struct lexer {
    tok *t;
    size_t n, cap;
    const char *origin;
} lexer;

static int is_sep(unsigned char c)
{
    return c == ' ' || c == ',' || c == '-' || c == '>' || c == '(' || c == ')' || c == ':' || c == '\t' ||
           c == ';' || c == '\r' || c == '\n';
}

static int push_tok(lexer *lx, const char *s, int len, long line)
{
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 256;
        tok *t = realloc(lx->t, cap * sizeof *t);
        if (!t)
            return dgi_fail_at(DG_ENOMEM, lx->origin, line, "out of memory");
        lx->t = t;
        lx->cap = cap;
    }
    lx->t[lx->n++] = (tok){s, len, line};
    return DG_OK;
}

static int lex(lexer *lx, const char *data, size_t size)
{
    long line = 1;
    size_t i = 0;
    while (i < size) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n') {
            line++;
            i++;
            continue;
        }
        if (is_sep(c)) {
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            return dgi_fail_at(DG_EPARSE, lx->origin, line, "unexpected control byte 0x%02x: expected MAESTRO text", c);
        if (c == '/' && i + 1 < size && data[i + 1] == '/') {
            while (i < size && data[i] != '\n')
                i++;
            continue;
        }
        if (c == '{' || c == '}') {
            int rc = push_tok(lx, data + i, 1, line);
            if (rc)
                return rc;
            i++;
            continue;
        }
        size_t j = i;
        while (j < size && !is_sep((unsigned char)data[j]) && data[j] != '{' && data[j] != '}' &&
               !(data[j] == '/' && j + 1 < size && data[j + 1] == '/') && (unsigned char)data[j] >= 0x20)
            j++;
        if (j - i > 256)
            return dgi_fail_at(DG_EPARSE, lx->origin, line, "token too long (%zu characters)", j - i);
        int rc = push_tok(lx, data + i, (int)(j - i), line);
        if (rc)
            return rc;
        i = j;
    }
    return DG_OK;
}

/* ------------------------------------------------------------------------ */

#define MAX_CONSTS 256

typedef struct pconst {
    char name[64];
    int64_t value;
} pconst;

typedef struct player {
    dg_layer layer;
    dg_mapping map;
    char *name;
} player;

typedef struct parser {
    lexer lx;
    size_t i;
    const char *origin;
    pconst consts[MAX_CONSTS];
    int nconst;
    player *layers;
    size_t nlayers, cap;
    /* Directives of the previous layer, reused by a layer without Dataflow. */
    int have_prev;
    dg_mapping prev;
    int prev_gemm;
} parser;

static int teq(const tok *t, const char *s)
{
    size_t n = strlen(s);
    return (size_t)t->len == n && memcmp(t->s, s, n) == 0;
}

static long cur_line(const parser *p)
{
    if (p->i < p->lx.n)
        return p->lx.t[p->i].line;
    return p->lx.n ? p->lx.t[p->lx.n - 1].line : 1;
}

/* "found 'xyz'" or "found the end of the input" */
static int fail_expected(parser *p, const char *what)
{
    if (p->i >= p->lx.n)
        return dgi_fail_at(DG_EPARSE, p->origin, cur_line(p), "expected %s, found the end of the input", what);
    const tok *t = &p->lx.t[p->i];
    return dgi_fail_at(DG_EPARSE, p->origin, t->line, "expected %s, found '%.*s'", what, t->len > 40 ? 40 : t->len,
                       t->s);
}

static int at_end(const parser *p)
{
    return p->i >= p->lx.n;
}

static const tok *peek(const parser *p)
{
    return p->i < p->lx.n ? &p->lx.t[p->i] : NULL;
}

static int expect(parser *p, const char *s, const char *what)
{
    if (at_end(p) || !teq(peek(p), s))
        return fail_expected(p, what);
    p->i++;
    return DG_OK;
}

/* A decimal integer token, 1 .. INT_MAX (MAESTRO's values are ints). */
static int parse_int_tok(const tok *t, int64_t *out)
{
    if (t->len == 0 || t->len > 18)
        return -1;
    int64_t v = 0;
    for (int k = 0; k < t->len; k++) {
        if (t->s[k] < '0' || t->s[k] > '9')
            return -1;
        v = v * 10 + (t->s[k] - '0');
    }
    *out = v;
    return 0;
}

static const pconst *find_const(const parser *p, const tok *t)
{
    for (int k = 0; k < p->nconst; k++)
        if ((size_t)t->len == strlen(p->consts[k].name) && memcmp(t->s, p->consts[k].name, (size_t)t->len) == 0)
            return &p->consts[k];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Dimension names */

enum { PT_CONV = 0, PT_DSCONV = 1, PT_GEMM = 2 };

/* Dimension name -> dg_dim, for a layer type; -1 if not a dimension of it. */
static int dim_code(const tok *t, int type)
{
    if (type == PT_GEMM) {
        if (teq(t, "M"))
            return DG_DIM_Y;
        if (teq(t, "N"))
            return DG_DIM_K;
        if (teq(t, "K"))
            return DG_DIM_C;
        return -1;
    }
    static const char *names[DG_DIM_COUNT] = {"N", "K", "C", "Y", "X", "R", "S", "Y'", "X'"};
    for (int d = 0; d < DG_DIM_COUNT; d++)
        if (teq(t, names[d]))
            return d;
    return -1;
}

const char *dgi_dim_name(int dim, int gemm_native)
{
    if (gemm_native) {
        switch (dim) {
        case DG_DIM_Y: return "M";
        case DG_DIM_K: return "N";
        case DG_DIM_C: return "K";
        default: return "?";
        }
    }
    static const char *names[DG_DIM_COUNT] = {"N", "K", "C", "Y", "X", "R", "S", "Y'", "X'"};
    return dim >= 0 && dim < DG_DIM_COUNT ? names[dim] : "?";
}

static const char *dims_expected(int type)
{
    if (type == PT_GEMM)
        return "a GEMM dimension (M, N, K)";
    if (type == PT_DSCONV)
        return "a DSCONV dimension (N, K, C, Y, X, R, S, Y', X')";
    return "a CONV dimension (N, K, C, Y, X, R, S, Y', X')";
}

/* ------------------------------------------------------------------------ */
/* Layer bodies */

/* A value that may reference a dimension (Sz(D)) is resolved after Dimensions. */
typedef struct pval {
    int64_t v;
    const tok *sz; /* the dimension token of Sz(D), or NULL for a literal */
    long line;
} pval;

typedef struct pdir {
    int kind; /* DG_TEMPORAL, DG_SPATIAL, or 2 = Cluster */
    int dim;
    pval size, ofs;
    long line;
} pdir;

#define MAX_PDIRS (DG_MAX_LEVELS * DG_MAX_DIRECTIVES + DG_MAX_LEVELS + 8)

typedef struct pbody {
    int type; /* PT_*, -1 until Type */
    long type_line;
    int64_t dims[DG_DIM_COUNT]; /* 0 = not given */
    long dim_line[DG_DIM_COUNT];
    int64_t stride_y, stride_x;
    long stride_line;
    int have_dims;
    long dims_line;
    int have_dataflow;
    pdir dirs[MAX_PDIRS];
    int ndirs;
} pbody;

static int parse_value(parser *p, pval *v, const char *what)
{
    const tok *t = peek(p);
    if (!t)
        return fail_expected(p, what);
    v->line = t->line;
    v->sz = NULL;
    if (teq(t, "Sz")) {
        p->i++;
        const tok *d = peek(p);
        if (!d || teq(d, "{") || teq(d, "}"))
            return fail_expected(p, "a dimension name after Sz");
        v->sz = d;
        p->i++;
        return DG_OK;
    }
    const pconst *c = find_const(p, t);
    if (c) {
        v->v = c->value;
    } else if (parse_int_tok(t, &v->v) != 0) {
        return fail_expected(p, what);
    }
    p->i++;
    return DG_OK;
}

static int parse_type(parser *p, pbody *b)
{
    const tok *t = peek(p);
    if (!t)
        return fail_expected(p, "a layer type (CONV, DSCONV, GEMM)");
    b->type_line = t->line;
    if (teq(t, "CONV"))
        b->type = PT_CONV;
    else if (teq(t, "DSCONV"))
        b->type = PT_DSCONV;
    else if (teq(t, "GEMM"))
        b->type = PT_GEMM;
    else if (teq(t, "FC") || teq(t, "POOL") || teq(t, "LSTM"))
        return dgi_fail_at(DG_EPARSE, p->origin, t->line,
                           "layer type %.*s creates no layer in MAESTRO: write it as CONV or GEMM", t->len, t->s);
    else if (teq(t, "NGCONV") || teq(t, "TRCONV"))
        return dgi_fail_at(DG_EPARSE, p->origin, t->line,
                           "layer type %.*s is not supported: expected CONV, DSCONV or GEMM", t->len, t->s);
    else
        return fail_expected(p, "a layer type (CONV, DSCONV, GEMM)");
    p->i++;
    return DG_OK;
}

static int parse_stride(parser *p, pbody *b)
{
    int rc = expect(p, "{", "'{' after Stride");
    if (rc)
        return rc;
    b->stride_line = cur_line(p);
    while (!at_end(p) && !teq(peek(p), "}")) {
        const tok *d = peek(p);
        int is_y = teq(d, "Y") || teq(d, "Y'"), is_x = teq(d, "X") || teq(d, "X'");
        int known = is_y || is_x || dim_code(d, PT_CONV) >= 0 || dim_code(d, PT_GEMM) >= 0;
        if (!known)
            return fail_expected(p, "a dimension name in Stride");
        long line = d->line;
        p->i++;
        pval v;
        if ((rc = parse_value(p, &v, "a stride (integer >= 1)")))
            return rc;
        if (v.sz || v.v < 1 || v.v > INT_MAX)
            return dgi_fail_at(DG_EPARSE, p->origin, line, "expected a stride between 1 and %d", INT_MAX);
        if (is_y)
            b->stride_y = v.v;
        else if (is_x)
            b->stride_x = v.v;
        else if (v.v != 1)
            return dgi_fail_at(DG_EPARSE, p->origin, line, "only Y and X strides are modelled: expected 1 here");
    }
    return expect(p, "}", "'}' closing Stride");
}

static int parse_dims(parser *p, pbody *b)
{
    if (b->type < 0)
        return dgi_fail_at(DG_EPARSE, p->origin, cur_line(p), "expected Type before Dimensions");
    int rc = expect(p, "{", "'{' after Dimensions");
    if (rc)
        return rc;
    b->have_dims = 1;
    b->dims_line = cur_line(p);
    while (!at_end(p) && !teq(peek(p), "}")) {
        const tok *d = peek(p);
        if (teq(d, "G"))
            return dgi_fail_at(DG_EPARSE, p->origin, d->line, "dimension G (grouped convolution) is not supported");
        int code = dim_code(d, b->type);
        if (code < 0)
            return fail_expected(p, dims_expected(b->type));
        long line = d->line;
        if (b->dims[code])
            return dgi_fail_at(DG_EPARSE, p->origin, line, "dimension %.*s given twice", d->len, d->s);
        p->i++;
        pval v;
        if ((rc = parse_value(p, &v, "a dimension size (integer >= 1)")))
            return rc;
        if (v.sz)
            return dgi_fail_at(DG_EPARSE, p->origin, line, "expected a number, not Sz(...), as a dimension size");
        if (v.v < 1 || v.v > INT_MAX)
            return dgi_fail_at(DG_EPARSE, p->origin, line, "dimension %s must be between 1 and %d, got %lld",
                               dgi_dim_name(code, b->type == PT_GEMM), INT_MAX, (long long)v.v);
        b->dims[code] = v.v;
        b->dim_line[code] = line;
    }
    return expect(p, "}", "'}' closing Dimensions");
}

static int parse_dataflow(parser *p, pbody *b)
{
    int rc = expect(p, "{", "'{' after Dataflow");
    if (rc)
        return rc;
    b->have_dataflow = 1;
    while (!at_end(p) && !teq(peek(p), "}")) {
        const tok *t = peek(p);
        if (b->ndirs == MAX_PDIRS)
            return dgi_fail_at(DG_EPARSE, p->origin, t->line, "too many directives");
        pdir *d = &b->dirs[b->ndirs];
        d->line = t->line;
        if (teq(t, "TemporalMap") || teq(t, "SpatialMap")) {
            d->kind = teq(t, "SpatialMap") ? DG_SPATIAL : DG_TEMPORAL;
            p->i++;
            if ((rc = parse_value(p, &d->size, "a map size (integer, constant or Sz(D))")))
                return rc;
            if ((rc = parse_value(p, &d->ofs, "a map offset (integer, constant or Sz(D))")))
                return rc;
            const tok *dt = peek(p);
            if (!dt)
                return fail_expected(p, "the mapped dimension");
            d->dim = -2; /* resolved with the type */
            int code = b->type >= 0 ? dim_code(dt, b->type) : -1;
            if (b->type == PT_DSCONV && code == DG_DIM_K)
                code = -1; /* a depthwise layer has no K loop */
            if (code < 0)
                return fail_expected(p, b->type < 0                ? "Type before Dataflow"
                                        : b->type == PT_DSCONV ? "a DSCONV loop dimension (N, C, Y, X, R, S, Y', X')"
                                                               : dims_expected(b->type));
            d->dim = code;
            p->i++;
        } else if (teq(t, "Cluster")) {
            d->kind = 2;
            p->i++;
            if ((rc = parse_value(p, &d->size, "a cluster size (integer, constant or Sz(D))")))
                return rc;
            const tok *k = peek(p);
            if (!k || !(teq(k, "P") || teq(k, "L")))
                return fail_expected(p, "the cluster type P or L (as in Cluster(8, P))");
            p->i++;
            d->dim = -1;
        } else {
            return fail_expected(p, "TemporalMap, SpatialMap, Cluster or '}'");
        }
        b->ndirs++;
    }
    return expect(p, "}", "'}' closing Dataflow");
}

/* Resolve a value (constants were resolved already; Sz(D) here). */
static int resolve(parser *p, const pbody *b, const pval *v, int64_t *out, const char *what)
{
    if (!v->sz) {
        *out = v->v;
    } else {
        int code = dim_code(v->sz, b->type);
        int64_t val = code >= 0 ? b->dims[code] : 0;
        if (code == DG_DIM_YO && !val && b->dims[DG_DIM_Y] && b->dims[DG_DIM_R])
            val = b->dims[DG_DIM_Y] - b->dims[DG_DIM_R] + 1;
        if (code == DG_DIM_XO && !val && b->dims[DG_DIM_X] && b->dims[DG_DIM_S])
            val = b->dims[DG_DIM_X] - b->dims[DG_DIM_S] + 1;
        if (code == DG_DIM_Y && !val && b->dims[DG_DIM_YO] && b->dims[DG_DIM_R])
            val = b->dims[DG_DIM_YO] + b->dims[DG_DIM_R] - 1;
        if (code == DG_DIM_X && !val && b->dims[DG_DIM_XO] && b->dims[DG_DIM_S])
            val = b->dims[DG_DIM_XO] + b->dims[DG_DIM_S] - 1;
        if (val < 1)
            return dgi_fail_at(DG_EPARSE, p->origin, v->line, "Sz(...) names a dimension this layer does not declare");
        *out = val;
    }
    if (*out < 1 || *out > INT_MAX)
        return dgi_fail_at(DG_EPARSE, p->origin, v->line, "%s must be between 1 and %d, got %lld", what, INT_MAX,
                           (long long)*out);
    return DG_OK;
}

static int64_t out_size(int64_t in, int64_t f, int64_t stride)
{
    return in >= f ? (in - f) / stride + 1 : 0;
}

/* Build the dg_layer from a finished body. */
static int finish_layer_dims(parser *p, const pbody *b, long line, const char *name, dg_layer *l)
{
    memset(l, 0, sizeof *l);
    l->struct_size = sizeof *l;
    l->stride_y = b->stride_y;
    l->stride_x = b->stride_x;
    l->count = 1;
    if (b->type < 0)
        return dgi_fail_at(DG_EPARSE, p->origin, line, "layer %s: expected a Type line (CONV, DSCONV or GEMM)", name);
    if (!b->have_dims)
        return dgi_fail_at(DG_EPARSE, p->origin, line, "layer %s: expected a Dimensions block", name);
    const int64_t *d = b->dims;
    if (b->type == PT_GEMM) {
        static const int need[3] = {DG_DIM_Y, DG_DIM_K, DG_DIM_C};
        static const char *nm[3] = {"M", "N", "K"};
        for (int k = 0; k < 3; k++)
            if (!d[need[k]])
                return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: expected dimension %s in Dimensions",
                                   name, nm[k]);
        if (b->stride_y != 1 || b->stride_x != 1)
            return dgi_fail_at(DG_EPARSE, p->origin, b->stride_line, "layer %s: a GEMM has no stride", name);
        l->type = DG_LAYER_GEMM;
        l->n = 1;
        l->y = d[DG_DIM_Y];
        l->c = d[DG_DIM_C];
        l->k = d[DG_DIM_K];
        l->x = l->r = l->s = 1;
        l->out_y = l->y;
        l->out_x = 1;
        if (!dgi_mul64(l->y, l->c, &l->macs) || !dgi_mul64(l->macs, l->k, &l->macs))
            return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: MAC count overflows", name);
        return DG_OK;
    }
    static const int need[] = {DG_DIM_C, DG_DIM_R, DG_DIM_S};
    static const char *nm[] = {"C", "R", "S"};
    for (int k = 0; k < 3; k++)
        if (!d[need[k]])
            return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: expected dimension %s in Dimensions",
                               name, nm[k]);
    if (b->type == PT_CONV && !d[DG_DIM_K])
        return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: expected dimension K in Dimensions", name);
    int64_t y = d[DG_DIM_Y], x = d[DG_DIM_X];
    if (!y && !d[DG_DIM_YO])
        return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: expected dimension Y (or Y') in Dimensions",
                           name);
    if (!x && !d[DG_DIM_XO])
        return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: expected dimension X (or X') in Dimensions",
                           name);
    /* Like MAESTRO: an output-centric size gives the input size Y = Y' + R - 1. */
    if (!y)
        y = d[DG_DIM_YO] + d[DG_DIM_R] - 1;
    else if (d[DG_DIM_YO] && d[DG_DIM_YO] != y - d[DG_DIM_R] + 1)
        return dgi_fail_at(DG_EPARSE, p->origin, b->dim_line[DG_DIM_YO],
                           "layer %s: Y' must equal Y - R + 1 when both are given (or give only Y)", name);
    if (!x)
        x = d[DG_DIM_XO] + d[DG_DIM_S] - 1;
    else if (d[DG_DIM_XO] && d[DG_DIM_XO] != x - d[DG_DIM_S] + 1)
        return dgi_fail_at(DG_EPARSE, p->origin, b->dim_line[DG_DIM_XO],
                           "layer %s: X' must equal X - S + 1 when both are given (or give only X)", name);
    if (d[DG_DIM_R] > y || d[DG_DIM_S] > x)
        return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line,
                           "layer %s: the filter (R, S) is larger than the input (Y, X)", name);
    if (y > INT_MAX || x > INT_MAX)
        return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: input size too large", name);
    l->type = b->type == PT_DSCONV ? DG_LAYER_DWCONV : DG_LAYER_CONV;
    l->n = d[DG_DIM_N] ? d[DG_DIM_N] : 1;
    l->c = d[DG_DIM_C];
    l->k = b->type == PT_DSCONV ? d[DG_DIM_C] : d[DG_DIM_K];
    l->y = y;
    l->x = x;
    l->r = d[DG_DIM_R];
    l->s = d[DG_DIM_S];
    l->out_y = out_size(y, l->r, l->stride_y);
    l->out_x = out_size(x, l->s, l->stride_x);
    int64_t m = l->n, t;
    int64_t f[] = {b->type == PT_DSCONV ? 1 : l->k, l->c, l->r, l->s, l->out_y, l->out_x};
    for (int k = 0; k < 6; k++) {
        if (!dgi_mul64(m, f[k], &t))
            return dgi_fail_at(DG_EPARSE, p->origin, b->dims_line, "layer %s: MAC count overflows", name);
        m = t;
    }
    l->macs = m;
    return DG_OK;
}

/* Split the directive list into levels. */
static int finish_mapping(parser *p, const pbody *b, const char *name, dg_mapping *m)
{
    memset(m, 0, sizeof *m);
    m->struct_size = sizeof *m;
    if (b->type == PT_GEMM)
        m->flags = DG_MAPPING_NATIVE_GEMM;
    if (b->ndirs == 0)
        return DG_OK;
    int lv = 0;
    long lvl_line[DG_MAX_LEVELS] = {b->dirs[0].line};
    m->num_levels = 1;
    for (int k = 0; k < b->ndirs; k++) {
        const pdir *d = &b->dirs[k];
        if (d->kind == 2) {
            if (lv + 1 >= DG_MAX_LEVELS)
                return dgi_fail_at(DG_EPARSE, p->origin, d->line,
                                   "layer %s: at most %d Cluster directives (MAESTRO has %d cluster levels)", name,
                                   DG_MAX_LEVELS - 1, DG_MAX_LEVELS);
            if (m->levels[lv].num_directives == 0)
                return dgi_fail_at(DG_EPARSE, p->origin, d->line,
                                   "layer %s: expected TemporalMap or SpatialMap directives before Cluster", name);
            lv++;
            lvl_line[lv] = d->line;
            m->num_levels = (uint32_t)lv + 1;
            int rc = resolve(p, b, &d->size, &m->levels[lv].cluster_size, "a cluster size");
            if (rc)
                return rc;
            continue;
        }
        dg_mapping_level *L = &m->levels[lv];
        for (uint32_t j = 0; j < L->num_directives; j++)
            if (L->directives[j].dim == d->dim)
                return dgi_fail_at(DG_EPARSE, p->origin, d->line,
                                   "layer %s: dimension %s is mapped twice in one cluster level", name,
                                   dgi_dim_name(d->dim, b->type == PT_GEMM));
        if (L->num_directives == DG_MAX_DIRECTIVES)
            return dgi_fail_at(DG_EPARSE, p->origin, d->line, "layer %s: too many directives in one cluster level",
                               name);
        dg_directive *o = &L->directives[L->num_directives++];
        o->kind = d->kind;
        o->dim = d->dim;
        int rc = resolve(p, b, &d->size, &o->size, "a map size");
        if (!rc)
            rc = resolve(p, b, &d->ofs, &o->offset, "a map offset");
        if (rc)
            return rc;
    }
    if (m->levels[lv].num_directives == 0)
        return dgi_fail_at(DG_EPARSE, p->origin, b->dirs[b->ndirs - 1].line,
                           "layer %s: expected TemporalMap or SpatialMap directives after the last Cluster", name);
    for (uint32_t l = 0; l < m->num_levels; l++) {
        int nsp = 0;
        for (uint32_t j = 0; j < m->levels[l].num_directives; j++)
            nsp += m->levels[l].directives[j].kind == DG_SPATIAL;
        if (nsp < 1 || nsp > 2)
            return dgi_fail_at(DG_EPARSE, p->origin, lvl_line[l],
                               "layer %s: cluster level %u has %d SpatialMap directives; expected one or two", name,
                               l, nsp);
    }
    return DG_OK;
}

static int add_layer(parser *p, const player *pl)
{
    if (p->nlayers == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        player *n = realloc(p->layers, cap * sizeof *n);
        if (!n)
            return dgi_fail_at(DG_ENOMEM, p->origin, 0, "out of memory");
        p->layers = n;
        p->cap = cap;
    }
    p->layers[p->nlayers++] = *pl;
    return DG_OK;
}

static int parse_layer(parser *p)
{
    long start_line = cur_line(p);
    p->i++; /* Layer */
    /* The name is the text from after "Layer" to "{" (MAESTRO takes its last token). */
    size_t first = p->i;
    while (!at_end(p) && !teq(peek(p), "{") && !teq(peek(p), "}"))
        p->i++;
    if (at_end(p) || !teq(peek(p), "{"))
        return fail_expected(p, "'{' after the layer name");
    /* The source text from its first to its last token, with comments dropped
     * and each run of white space made one space: the control bytes a comment
     * may hold never become part of the name, and dg_maestro_write_layer()
     * writes back something this parser reads. */
    char name[128] = "layer";
    if (p->i > first) {
        const char *s = p->lx.t[first].s;
        const tok *last = &p->lx.t[p->i - 1];
        const char *end = last->s + last->len;
        size_t len = 0;
        while (s < end && len < sizeof name - 1) {
            if (s[0] == '/' && s + 1 < end && s[1] == '/') {
                while (s < end && *s != '\n')
                    s++;
            } else if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
                if (len && name[len - 1] != ' ')
                    name[len++] = ' ';
                s++;
            } else {
                name[len++] = *s++;
            }
        }
        name[len] = '\0';
    }
    p->i++; /* { */
    pbody *b = calloc(1, sizeof *b);
    if (!b)
        return dgi_fail_at(DG_ENOMEM, p->origin, start_line, "out of memory");
    b->type = -1;
    b->stride_y = b->stride_x = 1;
    int rc = DG_OK;
    while (!rc) {
        const tok *t = peek(p);
        if (!t) {
            rc = dgi_fail_at(DG_EPARSE, p->origin, cur_line(p),
                             "layer %s (line %ld): expected '}' closing the layer, found the end of the input", name,
                             start_line);
            break;
        }
        if (teq(t, "}"))
            break;
        p->i++;
        if (teq(t, "Type")) {
            rc = parse_type(p, b);
        } else if (teq(t, "Stride")) {
            if (b->have_dims)
                rc = dgi_fail_at(DG_EPARSE, p->origin, t->line,
                                 "Stride must come before Dimensions (as MAESTRO requires)");
            else
                rc = parse_stride(p, b);
        } else if (teq(t, "Dimensions")) {
            rc = b->have_dims ? dgi_fail_at(DG_EPARSE, p->origin, t->line, "a second Dimensions block")
                              : parse_dims(p, b);
        } else if (teq(t, "Dataflow")) {
            rc = b->have_dataflow ? dgi_fail_at(DG_EPARSE, p->origin, t->line, "a second Dataflow block")
                                  : parse_dataflow(p, b);
        } else {
            p->i--;
            rc = fail_expected(p, "Type, Stride, Dimensions, Dataflow or '}'");
        }
    }
    long end_line = cur_line(p);
    if (!rc)
        p->i++; /* } */
    player pl;
    memset(&pl, 0, sizeof pl);
    if (!rc)
        rc = finish_layer_dims(p, b, end_line, name, &pl.layer);
    if (!rc)
        rc = finish_mapping(p, b, name, &pl.map);
    if (!rc && b->ndirs == 0 && p->have_prev) {
        /* MAESTRO: a layer without directives reuses the previous layer's. */
        if (p->prev_gemm != (b->type == PT_GEMM))
            rc = dgi_fail_at(DG_EPARSE, p->origin, end_line,
                             "layer %s has no Dataflow and cannot reuse the previous layer's "
                             "(GEMM and CONV dimensions differ)",
                             name);
        else
            pl.map = p->prev;
    }
    if (!rc && pl.map.num_levels) {
        p->have_prev = 1;
        p->prev = pl.map;
        p->prev_gemm = b->type == PT_GEMM;
    }
    free(b);
    if (rc)
        return rc;
    pl.name = dgi_strdup(name);
    if (!pl.name)
        return dgi_fail_at(DG_ENOMEM, p->origin, end_line, "out of memory");
    pl.layer.name = pl.name;
    rc = add_layer(p, &pl);
    if (rc)
        free(pl.name);
    return rc;
}

static int parse_constant(parser *p)
{
    const tok *t = peek(p);
    p->i++;
    const tok *n = peek(p);
    if (!n || teq(n, "{") || teq(n, "}"))
        return fail_expected(p, "a constant name after Constant");
    p->i++;
    const tok *v = peek(p);
    int64_t val;
    if (!v || parse_int_tok(v, &val) != 0 || val > INT_MAX)
        return fail_expected(p, "an integer value for the constant");
    p->i++;
    if (p->nconst == MAX_CONSTS)
        return dgi_fail_at(DG_EPARSE, p->origin, t->line, "too many constants (at most %d)", MAX_CONSTS);
    if ((size_t)n->len >= sizeof p->consts[0].name)
        return dgi_fail_at(DG_EPARSE, p->origin, t->line, "constant name too long");
    pconst *c = (pconst *)find_const(p, n);
    if (!c) {
        c = &p->consts[p->nconst++];
        memcpy(c->name, n->s, (size_t)n->len);
        c->name[n->len] = '\0';
    }
    c->value = val;
    return DG_OK;
}

static int parse_all(parser *p)
{
    int rc = DG_OK;
    while (!rc && !at_end(p)) {
        const tok *t = peek(p);
        if (teq(t, "Constant")) {
            rc = parse_constant(p);
        } else if (teq(t, "Network")) {
            p->i++;
            while (!at_end(p) && !teq(peek(p), "{") && !teq(peek(p), "}"))
                p->i++; /* the network name, possibly several tokens */
            if ((rc = expect(p, "{", "'{' after Network")))
                break;
            while (!rc && !at_end(p) && !teq(peek(p), "}")) {
                if (teq(peek(p), "Layer"))
                    rc = parse_layer(p);
                else if (teq(peek(p), "Constant"))
                    rc = parse_constant(p);
                else
                    rc = fail_expected(p, "Layer or '}'");
            }
            if (!rc)
                rc = expect(p, "}", "'}' closing Network");
        } else if (teq(t, "Layer")) {
            rc = parse_layer(p); /* tolerated: a bare layer, as dg_maestro_write_layer() writes */
        } else {
            rc = fail_expected(p, "Network, Layer or Constant");
        }
    }
    return rc;
}

static void parser_free(parser *p)
{
    for (size_t k = 0; k < p->nlayers; k++)
        free(p->layers[k].name);
    free(p->layers);
    free(p->lx.t);
}

DG_API int dg_maestro_parse_mapping_buffer(const char *data, size_t size, const char *origin, dg_maestro_layer_fn fn,
                                           void *user)
{
    if (!origin)
        origin = "<buffer>";
    if (!data && size)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_mapping_buffer: data is NULL");
    if (!fn)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_mapping_buffer: no callback given");
    parser *p = calloc(1, sizeof *p);
    if (!p)
        return dgi_fail(DG_ENOMEM, "out of memory");
    p->origin = origin;
    p->lx.origin = origin;
    int rc = size ? lex(&p->lx, data, size) : DG_OK;
    if (!rc)
        rc = parse_all(p);
    /* Only a fully parsed input reaches the callback. */
    for (size_t k = 0; !rc && k < p->nlayers; k++) {
        dg_error_clear();
        if (fn(user, &p->layers[k].layer, &p->layers[k].map) != 0) {
            rc = DG_EUSER;
            if (dg_last_error()->code == DG_OK) /* keep the callback's own explanation */
                dgi_fail_at(DG_EUSER, origin, 0, "the layer callback stopped the parse at layer %zu (%s)", k,
                            p->layers[k].name);
        }
    }
    parser_free(p);
    free(p);
    return rc;
}

DG_API int dg_maestro_parse_mapping_file(const char *path, dg_maestro_layer_fn fn, void *user)
{
    if (!path)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_mapping_file: path is NULL");
    if (!fn)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_mapping_file: no callback given");
    char *data;
    size_t size;
    int rc = dgi_read_file(path, &data, &size);
    if (rc)
        return rc;
    rc = dg_maestro_parse_mapping_buffer(data, size, path, fn, user);
    free(data);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Hardware files: `key value` pairs (spec §1.2). */

DG_API int dg_maestro_parse_hw_buffer(const char *data, size_t size, const char *origin, dg_hw *hw)
{
    if (!origin)
        origin = "<buffer>";
    if ((!data && size) || !hw)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_hw_buffer: NULL argument");
    if (hw->struct_size < sizeof(dg_hw))
        return dgi_fail(DG_EINVAL, "dg_hw.struct_size %u is smaller than the v1 layout (%zu)", hw->struct_size,
                        sizeof(dg_hw));
    lexer lx = {NULL, 0, 0, origin};
    int rc = size ? lex(&lx, data, size) : DG_OK;
    dg_hw h = *hw;
    for (size_t i = 0; !rc && i < lx.n; i += 2) {
        const tok *k = &lx.t[i];
        int64_t *field = NULL, minv = 1;
        if (teq(k, "num_pes"))
            field = &h.num_pes;
        else if (teq(k, "l1_size_cstr"))
            field = &h.l1_bytes;
        else if (teq(k, "l2_size_cstr"))
            field = &h.l2_bytes;
        else if (teq(k, "noc_bw_cstr"))
            field = &h.noc_bw;
        else if (teq(k, "NoC_NumHops"))
            field = &h.noc_latency, minv = 0;
        else if (teq(k, "offchip_bw_cstr"))
            field = &h.offchip_bw;
        if (!field) {
            rc = dgi_fail_at(DG_EPARSE, origin, k->line,
                             "expected a hardware key (num_pes, l1_size_cstr, l2_size_cstr, noc_bw_cstr, NoC_NumHops, "
                             "offchip_bw_cstr), found '%.*s'",
                             k->len > 40 ? 40 : k->len, k->s);
            break;
        }
        int64_t v;
        if (i + 1 >= lx.n) {
            rc = dgi_fail_at(DG_EPARSE, origin, k->line, "expected a value after %.*s", k->len, k->s);
            break;
        }
        const tok *vt = &lx.t[i + 1];
        if (parse_int_tok(vt, &v) != 0 || v < minv || v > INT_MAX) {
            rc = dgi_fail_at(DG_EPARSE, origin, vt->line,
                             "expected an integer between %lld and %d for %.*s, found '%.*s'", (long long)minv, INT_MAX,
                             k->len, k->s, vt->len > 40 ? 40 : vt->len, vt->s);
            break;
        }
        *field = v;
    }
    free(lx.t);
    if (!rc)
        *hw = h;
    return rc;
}

DG_API int dg_maestro_parse_hw_file(const char *path, dg_hw *hw)
{
    if (!path || !hw)
        return dgi_fail(DG_EINVAL, "dg_maestro_parse_hw_file: NULL argument");
    char *data;
    size_t size;
    int rc = dgi_read_file(path, &data, &size);
    if (rc)
        return rc;
    rc = dg_maestro_parse_hw_buffer(data, size, path, hw);
    free(data);
    return rc;
}
