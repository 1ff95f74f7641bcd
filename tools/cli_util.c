/* cli_util.c: error reporting, JSON and number helpers for the subcommands. */
#include "cli_util.h"

#include <digamma/digamma.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

int cli_fail_lib(const char *context)
{
    const dg_error *e = dg_last_error();
    if (context)
        fprintf(stderr, "digamma: %s: %s\n", context, e->message);
    else
        fprintf(stderr, "digamma: %s\n", e->message);
    return DG_EXIT_FAILURE;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("digamma: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'digamma --help'.\n", stderr);
    return DG_EXIT_USAGE;
}

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

int cli_parse_int64(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
