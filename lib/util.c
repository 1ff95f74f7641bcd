/* util.c: small helpers shared by the parsers and handles. */
#include "internal.h"

#include <errno.h>
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
