/* cm_test_util.h: helpers for the cost-model suites (CSV tables, MAESTRO files). */
#ifndef DIGAMMA_CM_TEST_UTIL_H
#define DIGAMMA_CM_TEST_UTIL_H

#include <digamma/digamma.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMT_MAX_COLS 64
#define CMT_MAX_FIELD 256

/* A whole CSV table (RFC 4180 quoting, LF or CRLF) in memory. */
typedef struct cmt_table {
    int ncols, nrows;
    char *header[CMT_MAX_COLS];
    char ***rows; /* rows[r][c] */
} cmt_table;

static inline char *cmt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    if (d) {
        d[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return d;
}

static inline char *cmt_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Parse one record starting at *p; returns the field count (0 at the end). */
static inline int cmt_record(const char **p, char **fields, int max)
{
    const char *s = *p;
    if (!*s)
        return 0;
    int n = 0;
    for (;;) {
        char buf[CMT_MAX_FIELD];
        size_t k = 0;
        if (*s == '"') {
            s++;
            while (*s && !(*s == '"' && s[1] != '"')) {
                if (*s == '"')
                    s++;
                if (k + 1 < sizeof buf)
                    buf[k++] = *s;
                s++;
            }
            if (*s == '"')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n') {
                if (k + 1 < sizeof buf)
                    buf[k++] = *s;
                s++;
            }
        }
        buf[k] = '\0';
        if (n < max)
            fields[n++] = cmt_dup(buf);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

static inline int cmt_load(cmt_table *t, const char *path)
{
    memset(t, 0, sizeof *t);
    char *d = cmt_slurp(path, NULL);
    if (!d)
        return -1;
    const char *p = d;
    t->ncols = cmt_record(&p, t->header, CMT_MAX_COLS);
    int cap = 0;
    for (;;) {
        char *f[CMT_MAX_COLS];
        int n = cmt_record(&p, f, CMT_MAX_COLS);
        if (n == 0)
            break;
        if (t->nrows == cap) {
            cap = cap ? cap * 2 : 64;
            t->rows = realloc(t->rows, (size_t)cap * sizeof *t->rows);
        }
        char **row = calloc((size_t)t->ncols, sizeof *row);
        for (int c = 0; c < t->ncols; c++)
            row[c] = c < n ? f[c] : cmt_dup("");
        for (int c = t->ncols; c < n; c++)
            free(f[c]);
        t->rows[t->nrows++] = row;
    }
    free(d);
    return 0;
}

static inline void cmt_free(cmt_table *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    for (int c = 0; c < t->ncols; c++)
        free(t->header[c]);
}

static inline const char *cmt_get(const cmt_table *t, int r, const char *col)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], col) == 0)
            return t->rows[r][c];
    return NULL;
}

static inline double cmt_num(const cmt_table *t, int r, const char *col)
{
    const char *s = cmt_get(t, r, col);
    return s && *s ? strtod(s, NULL) : -1.0;
}

/* The first layer of a MAESTRO mapping file (its layer and mapping, copied). */
typedef struct cmt_first {
    int seen;
    dg_layer layer;
    dg_mapping map;
    char name[64];
} cmt_first;

static inline int cmt_first_cb(void *user, const dg_layer *l, const dg_mapping *m)
{
    cmt_first *f = user;
    if (f->seen++)
        return 0;
    f->layer = *l;
    f->map = *m;
    snprintf(f->name, sizeof f->name, "%s", l->name ? l->name : "");
    f->layer.name = f->name;
    return 0;
}

/* One record of tests/data/maestro-random.txt (see gen_maestro_random.py). */
typedef struct cmt_rcase {
    int id;
    char kind[32], variant[16];
    int64_t pes, noc_bw, noc_lat, offchip_bw, simd;
    int valid, has_numbers;
    int64_t runtime, macs, true_macs, l1, l2;
    int64_t l1sz[3], l2sz[3], l2rd[3], l2wr[3], l1rd[3], l1wr[3];
    double energy;
    const char *text; /* the mapping file (points into the loaded data) */
    size_t text_len;
} cmt_rcase;

static inline const char *cmt_kv(const char *line, const char *key)
{
    size_t n = strlen(key);
    const char *p = line;
    while ((p = strstr(p, key)) != NULL) {
        if ((p == line || p[-1] == ' ') && p[n] == '=')
            return p + n + 1;
        p += n;
    }
    return NULL;
}

static inline int64_t cmt_kv_int(const char *line, const char *key)
{
    const char *v = cmt_kv(line, key);
    return v ? strtoll(v, NULL, 10) : INT64_MIN;
}

static inline void cmt_kv_triple(const char *line, const char *key, int64_t *out)
{
    const char *v = cmt_kv(line, key);
    for (int k = 0; k < 3; k++) {
        char *end;
        out[k] = v ? strtoll(v, &end, 10) : INT64_MIN;
        if (v)
            v = *end == ',' ? end + 1 : end;
    }
}

/* Parse the next record at *pos of data; 0 at the end, -1 on a malformed file. */
static inline int cmt_next_rcase(char **pos, cmt_rcase *c)
{
    char *p = *pos;
    while (*p == '#') {
        p = strchr(p, '\n');
        if (!p)
            return 0;
        p++;
    }
    if (!*p)
        return 0;
    if (strncmp(p, "@case ", 6) != 0)
        return -1;
    char *eol = strchr(p, '\n');
    char *exp = eol ? eol + 1 : NULL;
    char *eol2 = exp ? strchr(exp, '\n') : NULL;
    if (!eol || !eol2 || strncmp(exp, "@expect ", 8) != 0)
        return -1;
    *eol = *eol2 = '\0';
    memset(c, 0, sizeof *c);
    c->id = atoi(p + 6);
    const char *v = cmt_kv(p, "kind");
    sscanf(v ? v : "?", "%31s", c->kind);
    v = cmt_kv(p, "variant");
    sscanf(v ? v : "?", "%15s", c->variant);
    c->pes = cmt_kv_int(p, "pes");
    c->noc_bw = cmt_kv_int(p, "noc_bw");
    c->noc_lat = cmt_kv_int(p, "noc_lat");
    c->offchip_bw = cmt_kv_int(p, "offchip_bw");
    c->simd = cmt_kv_int(p, "simd");
    c->valid = (int)cmt_kv_int(exp, "valid");
    c->has_numbers = cmt_kv(exp, "runtime") != NULL;
    if (c->has_numbers) {
        c->runtime = cmt_kv_int(exp, "runtime");
        c->macs = cmt_kv_int(exp, "macs");
        c->true_macs = cmt_kv_int(exp, "true_macs");
        c->l1 = cmt_kv_int(exp, "l1");
        c->l2 = cmt_kv_int(exp, "l2");
        cmt_kv_triple(exp, "l1sz", c->l1sz);
        cmt_kv_triple(exp, "l2sz", c->l2sz);
        cmt_kv_triple(exp, "l2rd", c->l2rd);
        cmt_kv_triple(exp, "l2wr", c->l2wr);
        cmt_kv_triple(exp, "l1rd", c->l1rd);
        cmt_kv_triple(exp, "l1wr", c->l1wr);
        const char *e = cmt_kv(exp, "energy");
        c->energy = e ? strtod(e, NULL) : -1.0;
    }
    char *text = eol2 + 1;
    char *end = strstr(text, "@end\n");
    if (!end)
        return -1;
    c->text = text;
    c->text_len = (size_t)(end - text);
    *pos = end + 5;
    return 1;
}

static inline void cmt_rcase_hw(const cmt_rcase *c, dg_hw *hw)
{
    dg_hw_init(hw, c->pes);
    hw->noc_bw = c->noc_bw < 0 ? DG_UNLIMITED : c->noc_bw;
    hw->noc_latency = c->noc_lat;
    hw->offchip_bw = c->offchip_bw < 0 ? DG_UNLIMITED : c->offchip_bw;
    hw->simd_lanes = c->simd;
}

#endif
