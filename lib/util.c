/* util.c: small helpers shared by the parsers and handles. */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dgi_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int dgi_read_file(const char *path, char **data, size_t *size)
{
    if (!path || !data || !size)
        return dgi_fail(DG_EINVAL, "no file name given");
    FILE *f = fopen(path, "rb");
    if (!f)
        return dgi_fail_at(DG_EIO, path, 0, "cannot open: %s", strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf)
        return dgi_fail_at(DG_ENOMEM, path, 0, "out of memory reading the file");
    if (failed) {
        free(buf);
        return dgi_fail_at(DG_EIO, path, 0, "read error");
    }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    return DG_OK;
}

int dgi_copy_vtable(void *dst, size_t known, const void *src, size_t minimum, const char *what)
{
    if (!src)
        return dgi_fail(DG_EINVAL, "%s is NULL", what);
    uint32_t size;
    memcpy(&size, src, sizeof size); /* every vtable starts with uint32_t struct_size */
    if (size < minimum)
        return dgi_fail(DG_EINVAL, "%s.struct_size is %u, smaller than the first version's %zu", what,
                        (unsigned)size, minimum);
    if (size > known) {
        const unsigned char *tail = (const unsigned char *)src + known;
        for (size_t i = 0; i < size - known; i++)
            if (tail[i])
                return dgi_fail(DG_EUNSUPPORTED,
                                "%s comes from a newer libdigamma (struct_size %u > %zu) and uses entries this version lacks",
                                what, (unsigned)size, known);
    }
    memset(dst, 0, known);
    memcpy(dst, src, size < known ? size : known);
    return DG_OK;
}

void dgi_strbuf_put(dgi_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->len < b->cap ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n;
}
