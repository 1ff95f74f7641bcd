/* parse_common.c: helpers shared by the workload parsers. */
#include "parse_common.h"

#include <ctype.h>

void dgi_lines_init(dgi_lines *it, const char *data, size_t size)
{
    it->p = data;
    it->end = data + size;
    it->line = 0;
}

bool dgi_lines_next(dgi_lines *it, const char **s, const char **e)
{
    if (it->p >= it->end)
        return false;
    const char *q = it->p;
    while (q < it->end && *q != '\n')
        q++;
    *s = it->p;
    *e = q;
    if (*e > *s && (*e)[-1] == '\r')
        (*e)--;
    it->p = q < it->end ? q + 1 : q;
    it->line++;
    return true;
}

bool dgi_blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

int dgi_parse_int64(const char *s, const char *e, int64_t *out)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    bool neg = false;
    if (s < e && (*s == '-' || *s == '+'))
        neg = *s++ == '-';
    if (s == e)
        return DG_EPARSE;
    int64_t v = 0;
    for (; s < e; s++) {
        if (*s < '0' || *s > '9')
            return DG_EPARSE;
        if (!dgi_mul64(v, 10, &v) || !dgi_add64(v, *s - '0', &v))
            return DG_ERANGE;
    }
    *out = neg ? -v : v;
    return DG_OK;
}
