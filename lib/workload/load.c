/*
 * load.c: the public entry points that turn files and buffers into workloads,
 * picking the parser by the caller's choice or by a look at the content.
 */
#include "config.h"

#include "workload_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Bytes no text format contains: NUL and the C0 controls other than blanks. */
static bool looks_binary(const char *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)data[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f)
            return true;
    }
    return false;
}

/* A Timeloop problem file has a `problem:` key at the start of a line
 * (possibly indented, or as a sequence item "- problem:"). */
static bool has_problem_key(const char *data, size_t size)
{
    static const char key[] = "problem:";
    size_t n = sizeof key - 1;
    size_t i = 0;
    while (i < size) {
        while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '-'))
            i++;
        if (size - i >= n && memcmp(data + i, key, n) == 0)
            return true;
        while (i < size && data[i] != '\n')
            i++;
        i++;
    }
    return false;
}

/* A line "Layer NAME {": the word first, then a '{' on the same line. */
static bool has_layer_line(const char *data, size_t size)
{
    static const char word[] = "Layer";
    size_t n = sizeof word - 1;
    for (size_t i = 0; i < size;) {
        while (i < size && (data[i] == ' ' || data[i] == '\t'))
            i++;
        bool opens = i + n < size && memcmp(data + i, word, n) == 0 &&
                     (data[i + n] == ' ' || data[i + n] == '\t' || data[i + n] == '{');
        while (i < size && data[i] != '\n') {
            if (opens && data[i] == '{')
                return true;
            i++;
        }
        i++;
    }
    return false;
}

/* Binary content is an ONNX model (the only binary format); a `problem:` key
 * means Timeloop YAML; MAESTRO files contain "Network" (possibly after
 * comments or Constants) or, as a bare layer block like those
 * dg_maestro_write_layer() writes, have a line opening with "Layer"; GAMMA
 * CSVs never contain either. */
static int guess_format(const char *data, size_t size)
{
    if (looks_binary(data, size))
        return DG_FORMAT_ONNX;
    if (has_problem_key(data, size))
        return DG_FORMAT_TIMELOOP_YAML;
    static const char key[] = "Network";
    size_t n = sizeof key - 1;
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, key, n) == 0)
            return DG_FORMAT_MAESTRO;
    if (has_layer_line(data, size))
        return DG_FORMAT_MAESTRO;
    return DG_FORMAT_GAMMA_CSV;
}

/* Case-insensitive: "MODEL.ONNX" is an ONNX file too. */
static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)s[n - m + i]) != suffix[i])
            return false;
    return true;
}

DG_API int dg_workload_format_supported(int format)
{
    switch (format) {
    case DG_FORMAT_AUTO:
    case DG_FORMAT_GAMMA_CSV:
    case DG_FORMAT_MAESTRO: return 1;
#ifdef DG_HAVE_ONNX
    case DG_FORMAT_ONNX: return 1;
#endif
#ifdef DG_HAVE_YAML
    case DG_FORMAT_TIMELOOP_YAML: return 1;
#endif
    default: return 0;
    }
}

DG_API int dg_workload_parse_buffer_ex(dg_workload **out, const char *data, size_t size, int format,
                                       const char *origin, dg_import_report_fn fn, void *user)
{
    if (!out || (!data && size))
        return dgi_fail(DG_EINVAL, "dg_workload_parse_buffer: NULL argument");
    if (!origin)
        origin = "<buffer>";
    if (!data)
        data = "";
    bool guessed = format == DG_FORMAT_AUTO;
    if (guessed)
        format = guess_format(data, size);
    if (format == DG_FORMAT_ONNX) {
#ifdef DG_HAVE_ONNX
        return dgi_import_onnx(out, data, size, origin, fn, user);
#else
        if (guessed)
            return dgi_fail_at(DG_EPARSE, origin, 0,
                               "binary data: expected a text file (ONNX models need a libdigamma built with ONNX support)");
        return dgi_fail_at(DG_EUNSUPPORTED, origin, 0,
                           "cannot read ONNX: libdigamma was built without ONNX support (protobuf-c)");
#endif
    }
    if (memchr(data, '\0', size))
        return dgi_fail_at(DG_EPARSE, origin, 0, "binary data: expected a text file");
    switch (format) {
    case DG_FORMAT_GAMMA_CSV: return dgi_parse_gamma_csv(out, data, size, origin);
    case DG_FORMAT_MAESTRO: return dgi_parse_maestro_model(out, data, size, origin);
    case DG_FORMAT_TIMELOOP_YAML:
#ifdef DG_HAVE_YAML
        return dgi_import_timeloop_yaml(out, data, size, origin);
#else
        return dgi_fail_at(DG_EUNSUPPORTED, origin, 0,
                           "cannot read Timeloop YAML: libdigamma was built without YAML support (libyaml)");
#endif
    default: return dgi_fail(DG_EINVAL, "unknown workload format %d", format);
    }
}

DG_API int dg_workload_parse_buffer(dg_workload **out, const char *data, size_t size, int format,
                                    const char *origin)
{
    return dg_workload_parse_buffer_ex(out, data, size, format, origin, NULL, NULL);
}

DG_API int dg_workload_parse_file_ex(dg_workload **out, const char *path, int format, dg_import_report_fn fn,
                                     void *user)
{
    if (!out || !path)
        return dgi_fail(DG_EINVAL, "dg_workload_parse_file: NULL argument");
    /* The name decides before the content: an .onnx file that fails to parse
     * should say so, not be read as text. */
    if (format == DG_FORMAT_AUTO && ends_with(path, ".onnx"))
        format = DG_FORMAT_ONNX;
    else if (format == DG_FORMAT_AUTO && (ends_with(path, ".yaml") || ends_with(path, ".yml")))
        format = DG_FORMAT_TIMELOOP_YAML;
    if (!dg_workload_format_supported(format) && (format == DG_FORMAT_ONNX || format == DG_FORMAT_TIMELOOP_YAML))
        return dg_workload_parse_buffer_ex(out, "", 0, format, path, fn, user); /* the "built without" error */
    char *data;
    size_t size;
    int rc = dgi_read_file(path, &data, &size);
    if (rc)
        return rc;
    rc = dg_workload_parse_buffer_ex(out, data, size, format, path, fn, user);
    free(data);
    return rc;
}

DG_API int dg_workload_parse_file(dg_workload **out, const char *path, int format)
{
    return dg_workload_parse_file_ex(out, path, format, NULL, NULL);
}

DG_API int dg_workload_load_ex(dg_workload **out, const char *name_or_path, dg_import_report_fn fn, void *user)
{
    if (!out || !name_or_path)
        return dgi_fail(DG_EINVAL, "dg_workload_load: NULL argument");
    for (size_t i = 0; i < dgi_builtin_model_total; i++)
        if (strcmp(dgi_builtin_models[i].name, name_or_path) == 0)
            return dg_workload_builtin(out, name_or_path);
    int rc = dg_workload_parse_file_ex(out, name_or_path, DG_FORMAT_AUTO, fn, user);
    if (rc == DG_EIO && !strchr(name_or_path, '/') && !strchr(name_or_path, '.'))
        return dgi_fail(DG_ENOTFOUND, "'%s' is neither a built-in model (see 'digamma models') nor a readable file",
                        name_or_path);
    return rc;
}

DG_API int dg_workload_load(dg_workload **out, const char *name_or_path)
{
    return dg_workload_load_ex(out, name_or_path, NULL, NULL);
}
