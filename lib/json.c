/*
 * json.c: recursive-descent JSON reader. Enough for the documents libdigamma
 * writes itself; hostile input gets DG_EPARSE, never a crash (depth and sizes
 * are bounded).
 */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct reader {
    const char *p, *end;
    const char *origin;
    long line;
} reader;

static int fail(reader *r, const char *what)
{
    return dgi_fail_at(DG_EPARSE, r->origin, r->line, "JSON: %s", what);
}

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) {
        if (*r->p == '\n')
            r->line++;
        r->p++;
    }
}

static int parse_value(reader *r, dgi_json *out, int depth);

static int parse_string(reader *r, char **out)
{
    r->p++; /* opening quote */
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory reading JSON");
    while (r->p < r->end && *r->p != '"') {
        char c = *r->p++;
        if ((unsigned char)c < 0x20) {
            free(s);
            return fail(r, "control character in a string");
        }
        if (c == '\\') {
            if (r->p >= r->end)
                break;
            char e = *r->p++;
            switch (e) {
            case '"': case '\\': case '/': c = e; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': /* only the ASCII range is needed by our own documents */
                if (r->end - r->p < 4) {
                    free(s);
                    return fail(r, "truncated \\u escape");
                }
                {
                    unsigned v = 0;
                    for (int i = 0; i < 4; i++) {
                        char h = *r->p++;
                        v <<= 4;
                        if (h >= '0' && h <= '9') v |= (unsigned)(h - '0');
                        else if (h >= 'a' && h <= 'f') v |= (unsigned)(h - 'a' + 10);
                        else if (h >= 'A' && h <= 'F') v |= (unsigned)(h - 'A' + 10);
                        else { free(s); return fail(r, "bad \\u escape"); }
                    }
                    c = v < 0x80 && v > 0 ? (char)v : '?';
                }
                break;
            default:
                free(s);
                return fail(r, "bad escape in a string");
            }
        }
        if (n + 1 >= cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                return dgi_fail(DG_ENOMEM, "out of memory reading JSON");
            }
            s = t;
        }
        s[n++] = c;
    }
    if (r->p >= r->end) {
        free(s);
        return fail(r, "unterminated string");
    }
    r->p++;
    s[n] = '\0';
    *out = s;
    return DG_OK;
}

static int parse_number(reader *r, dgi_json *out)
{
    const char *s = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    while (r->p < r->end && *r->p && strchr("0123456789.eE+-", *r->p)) /* strchr finds the NUL too */
        r->p++;
    char buf[64];
    size_t n = (size_t)(r->p - s);
    if (n == 0 || n >= sizeof buf)
        return fail(r, "bad number");
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    out->number = strtod(buf, &end);
    if (*end || !isfinite(out->number))
        return fail(r, "bad number");
    out->type = DGI_JSON_NUMBER;
    return DG_OK;
}

static int parse_items(reader *r, dgi_json *out, int depth, bool object)
{
    r->p++; /* [ or { */
    out->type = object ? DGI_JSON_OBJECT : DGI_JSON_ARRAY;
    size_t cap = 0;
    skip_ws(r);
    if (r->p < r->end && *r->p == (object ? '}' : ']')) {
        r->p++;
        return DG_OK;
    }
    for (;;) {
        if (out->count == cap) {
            size_t nc = cap ? cap * 2 : 8;
            dgi_json *t = realloc(out->items, nc * sizeof *t);
            if (!t)
                return dgi_fail(DG_ENOMEM, "out of memory reading JSON");
            out->items = t;
            cap = nc;
        }
        dgi_json *item = &out->items[out->count];
        memset(item, 0, sizeof *item);
        out->count++;
        skip_ws(r);
        if (object) {
            if (r->p >= r->end || *r->p != '"')
                return fail(r, "expected a member name in quotes");
            int rc = parse_string(r, &item->key);
            if (rc)
                return rc;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':')
                return fail(r, "expected ':' after a member name");
            r->p++;
        }
        int rc = parse_value(r, item, depth + 1);
        if (rc)
            return rc;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == (object ? '}' : ']')) {
            r->p++;
            return DG_OK;
        }
        return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int parse_literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail(r, "unexpected text");
    r->p += n;
    return DG_OK;
}

static int parse_value(reader *r, dgi_json *out, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(r, "nested too deeply");
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, "unexpected end of input");
    switch (*r->p) {
    case '{': return parse_items(r, out, depth, true);
    case '[': return parse_items(r, out, depth, false);
    case '"': out->type = DGI_JSON_STRING; return parse_string(r, &out->string);
    case 't': out->type = DGI_JSON_BOOL; out->boolean = true; return parse_literal(r, "true");
    case 'f': out->type = DGI_JSON_BOOL; return parse_literal(r, "false");
    case 'n': out->type = DGI_JSON_NULL; return parse_literal(r, "null");
    default:
        if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
            return parse_number(r, out);
        return fail(r, "unexpected character");
    }
}

static void free_items(dgi_json *j)
{
    for (size_t i = 0; i < j->count; i++)
        free_items(&j->items[i]);
    free(j->items);
    free(j->string);
    free(j->key);
}

void dgi_json_free(dgi_json *j)
{
    if (!j)
        return;
    free_items(j);
    free(j);
}

int dgi_json_parse(const char *text, size_t len, const char *origin, dgi_json **out)
{
    reader r = {text, text + len, origin ? origin : "<json>", 1};
    dgi_json *root = calloc(1, sizeof *root);
    if (!root)
        return dgi_fail(DG_ENOMEM, "out of memory reading JSON");
    int rc = parse_value(&r, root, 0);
    if (rc == DG_OK) {
        skip_ws(&r);
        if (r.p != r.end)
            rc = fail(&r, "text after the document");
    }
    if (rc) {
        dgi_json_free(root);
        return rc;
    }
    *out = root;
    return DG_OK;
}

const dgi_json *dgi_json_get(const dgi_json *obj, const char *key)
{
    if (!obj || obj->type != DGI_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->count; i++)
        if (strcmp(obj->items[i].key, key) == 0)
            return &obj->items[i];
    return NULL;
}

bool dgi_json_int(const dgi_json *j, int64_t *out)
{
    if (!j || j->type != DGI_JSON_NUMBER || j->number != floor(j->number) || fabs(j->number) > 9.0e15)
        return false;
    *out = (int64_t)j->number;
    return true;
}
