/*
 * internal.h: declarations shared by the library's sources; never installed.
 *
 * Internal functions use the dgi_ prefix and hidden visibility, so they never
 * leave the shared object (only DG_API symbols are exported).
 */
#ifndef DIGAMMA_INTERNAL_H
#define DIGAMMA_INTERNAL_H

#include "digamma/digamma.h"
#include "digamma/plugin.h"

#include <stdarg.h>
#include <stdbool.h>

/* Record an error with the input position it refers to; returns code. */
int dgi_fail_at(int code, const char *file, long line, const char *fmt, ...) DG_PRINTF_LIKE(4, 5);
int dgi_vfail_at(int code, const char *file, long line, const char *fmt, va_list ap);

/* Record an error with no input position; returns code. */
#define dgi_fail(code, ...) dgi_fail_at((code), NULL, 0, __VA_ARGS__)

/* DiGamma's area model (the built-in cost model's default, the space's PE
 * bound and the hardware presets): µm² per PE and per byte of SRAM. */
#define DGI_PE_AREA_UM2 282.0
#define DGI_SRAM_AREA_UM2_PER_BYTE 0.688

/* Overflow-checked arithmetic on int64_t; false on overflow. */
static inline bool dgi_mul64(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }
static inline bool dgi_add64(int64_t a, int64_t b, int64_t *out) { return !__builtin_add_overflow(a, b, out); }

/* strdup that may be given NULL (returns NULL only on allocation failure when s != NULL). */
char *dgi_strdup(const char *s);

/* Copy a caller's size-prefixed vtable under the growth rule of plugin.h:
 * a smaller struct is zero-filled, a larger one must have a zero tail.
 * `known` is the library's sizeof, `minimum` the first version's size. */
int dgi_copy_vtable(void *dst, size_t known, const void *src, size_t minimum, const char *what);

/* snprintf-style text building: writes what fits into buf[0..cap), counts
 * the full length in len (so callers can report the size they needed). */
typedef struct dgi_strbuf {
    char *buf;
    size_t cap, len;
} dgi_strbuf;
void dgi_strbuf_put(dgi_strbuf *b, const char *fmt, ...) DG_PRINTF_LIKE(2, 3);

/* Read a whole file into a NUL-terminated heap buffer; DG_EIO/DG_ENOMEM on failure. */
int dgi_read_file(const char *path, char **data, size_t *size);

#endif /* DIGAMMA_INTERNAL_H */
