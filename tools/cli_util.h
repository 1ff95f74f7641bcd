/* cli_util.h: helpers shared by the digamma subcommands. */
#ifndef DIGAMMA_TOOLS_CLI_UTIL_H
#define DIGAMMA_TOOLS_CLI_UTIL_H

#include <stdint.h>
#include <stdio.h>

/* Exit statuses, as documented in `digamma --help`. */
enum {
    DG_EXIT_OK = 0,
    DG_EXIT_FAILURE = 1, /* the library reported an error (message on stderr) */
    DG_EXIT_USAGE = 2,   /* bad command line */
};

/* Print "digamma: <library's last error>" to stderr and return DG_EXIT_FAILURE. */
int cli_fail_lib(const char *context);

/* Print "digamma: <message>" and a hint to stderr and return DG_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...);

/* Write s as a JSON string literal (quotes included). */
void cli_json_string(FILE *f, const char *s);

/* Parse a whole decimal integer / number; 0 on success, -1 on junk or overflow. */
int cli_parse_int64(const char *s, int64_t *out);
int cli_parse_double(const char *s, double *out);

#endif
