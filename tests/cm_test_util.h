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

#endif
