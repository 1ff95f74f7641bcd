/*
 * load.c: the public entry points that turn files and buffers into workloads,
 * picking the parser by the caller's choice or by a look at the content.
 */
#include "workload_internal.h"

#include <stdlib.h>
#include <string.h>

/* MAESTRO files open with "Network" (possibly after comments or Constants);
 * GAMMA CSVs never contain that word. */
static int guess_format(const char *data, size_t size)
{
    static const char key[] = "Network";
    size_t n = sizeof key - 1;
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, key, n) == 0)
            return DG_FORMAT_MAESTRO;
    return DG_FORMAT_GAMMA_CSV;
}

DG_API int dg_workload_parse_buffer(dg_workload **out, const char *data, size_t size, int format,
                                    const char *origin)
{
    if (!out || (!data && size))
        return dgi_fail(DG_EINVAL, "dg_workload_parse_buffer: NULL argument");
    if (!origin)
        origin = "<buffer>";
    if (!data)
        data = "";
    if (memchr(data, '\0', size))
        return dgi_fail_at(DG_EPARSE, origin, 0, "binary data: expected a text file");
    if (format == DG_FORMAT_AUTO)
        format = guess_format(data, size);
    switch (format) {
    case DG_FORMAT_GAMMA_CSV: return dgi_parse_gamma_csv(out, data, size, origin);
    case DG_FORMAT_MAESTRO: return dgi_parse_maestro_model(out, data, size, origin);
    default: return dgi_fail(DG_EINVAL, "unknown workload format %d", format);
    }
}

DG_API int dg_workload_parse_file(dg_workload **out, const char *path, int format)
{
    if (!out || !path)
        return dgi_fail(DG_EINVAL, "dg_workload_parse_file: NULL argument");
    char *data;
    size_t size;
    int rc = dgi_read_file(path, &data, &size);
    if (rc)
        return rc;
    rc = dg_workload_parse_buffer(out, data, size, format, path);
    free(data);
    return rc;
}

DG_API int dg_workload_load(dg_workload **out, const char *name_or_path)
{
    if (!out || !name_or_path)
        return dgi_fail(DG_EINVAL, "dg_workload_load: NULL argument");
    for (size_t i = 0; i < dgi_builtin_model_total; i++)
        if (strcmp(dgi_builtin_models[i].name, name_or_path) == 0)
            return dg_workload_builtin(out, name_or_path);
    int rc = dg_workload_parse_file(out, name_or_path, DG_FORMAT_AUTO);
    if (rc == DG_EIO && !strchr(name_or_path, '/') && !strchr(name_or_path, '.'))
        return dgi_fail(DG_ENOTFOUND, "'%s' is neither a built-in model (see 'digamma models') nor a readable file",
                        name_or_path);
    return rc;
}
