/* parse_common.h: line splitting and strict number parsing for the text parsers. */
#ifndef DIGAMMA_PARSE_COMMON_H
#define DIGAMMA_PARSE_COMMON_H

#include "internal.h"

/* A cursor over a buffer that yields one line at a time (LF or CRLF). */
typedef struct dgi_lines {
    const char *p, *end;
    long line;
} dgi_lines;

void dgi_lines_init(dgi_lines *it, const char *data, size_t size);
/* Next line as [*s, *e) without the line end; false at the end of input. */
bool dgi_lines_next(dgi_lines *it, const char **s, const char **e);

/* Parse all of [s, e) (surrounding blanks allowed) as a decimal int64.
 * Returns DG_OK, or DG_EPARSE (not a number) / DG_ERANGE (too large). */
int dgi_parse_int64(const char *s, const char *e, int64_t *out);

/* True if [s, e) holds only blanks. */
bool dgi_blank(const char *s, const char *e);

#endif
