/*
 * error.c: status-code strings and the per-thread last error.
 *
 * The detail lives in thread-local storage (libgit2's choice) so that any
 * call, including those on const handles, can explain a failure without a
 * handle to hang it on.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define MESSAGE_CAP 768
#define DETAIL_CAP 384
#define FILE_CAP 256

typedef struct error_slot {
    dg_error pub;
    char message[MESSAGE_CAP];
    char file[FILE_CAP];
} error_slot;

static _Thread_local error_slot last_error = {{DG_OK, 0, "", "no error"}, "", ""};

DG_API const char *dg_strerror(int code)
{
    switch (code) {
    case DG_OK: return "success";
    case DG_EINVAL: return "invalid argument";
    case DG_ENOMEM: return "out of memory";
    case DG_ERANGE: return "value out of range";
    case DG_ENOTFOUND: return "not found";
    case DG_EUNSUPPORTED: return "not supported";
    case DG_ESTATE: return "not allowed in the current state";
    case DG_EPARSE: return "malformed input";
    case DG_EIO: return "input/output error";
    case DG_EUSER: return "a user callback failed";
    case DG_EINFEASIBLE: return "no feasible design";
    case DG_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

DG_API const dg_error *dg_last_error(void)
{
    return &last_error.pub;
}

DG_API void dg_error_clear(void)
{
    last_error.pub.code = DG_OK;
    last_error.pub.line = 0;
    last_error.pub.file = "";
    last_error.pub.message = "no error";
}

int dgi_vfail_at(int code, const char *file, long line, const char *fmt, va_list ap)
{
    error_slot *e = &last_error;
    char detail[DETAIL_CAP];
    vsnprintf(detail, sizeof detail, fmt, ap);
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    if (file && line > 0)
        snprintf(e->message, sizeof e->message, "%s:%ld: %s", file, line, detail);
    else if (file)
        snprintf(e->message, sizeof e->message, "%s: %s", file, detail);
    else
        snprintf(e->message, sizeof e->message, "%s", detail);
    e->pub.code = code;
    e->pub.line = line;
    e->pub.file = e->file;
    e->pub.message = e->message;
    return code;
}

int dgi_fail_at(int code, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dgi_vfail_at(code, file, line, fmt, ap);
    va_end(ap);
    return code;
}

DG_API int dg_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dgi_vfail_at(code, NULL, 0, fmt ? fmt : "", ap);
    va_end(ap);
    return code;
}
