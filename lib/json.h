/* json.h: a small JSON reader for the library's own files (genomes, later
 * checkpoints). Strict RFC 8259 subset: no comments, depth-limited. */
#ifndef DIGAMMA_JSON_H
#define DIGAMMA_JSON_H

#include "internal.h"

typedef enum { DGI_JSON_NULL, DGI_JSON_BOOL, DGI_JSON_NUMBER, DGI_JSON_STRING, DGI_JSON_ARRAY, DGI_JSON_OBJECT } dgi_json_type;

typedef struct dgi_json {
    dgi_json_type type;
    double number;
    bool boolean;
    char *string;            /* STRING value, or the key of an object member */
    char *key;
    struct dgi_json *items;  /* ARRAY elements / OBJECT members */
    size_t count;
} dgi_json;

/* Parse a whole document; DG_EPARSE with origin and line on malformed text. */
int dgi_json_parse(const char *text, size_t len, const char *origin, dgi_json **out);
void dgi_json_free(dgi_json *j);
const dgi_json *dgi_json_get(const dgi_json *obj, const char *key);
/* Integer value of a NUMBER node that holds an exact integer in int64 range. */
bool dgi_json_int(const dgi_json *j, int64_t *out);

#endif
