/**
 * @file common.h
 * @brief Export macros, status codes, the per-thread error and the version twins.
 *
 * Every fallible libdigamma function returns an `int`: #DG_OK (0) on success
 * or one of the negative `DG_E*` codes. The detailed message of the last
 * failure on the calling thread is available from dg_last_error().
 */
#ifndef DIGAMMA_COMMON_H
#define DIGAMMA_COMMON_H

#include <stddef.h>
#include <stdint.h>

/** @cond INTERNAL */
#if defined(_WIN32) && !defined(DG_STATIC)
#  ifdef DG_BUILDING
#    define DG_API __declspec(dllexport)
#  else
#    define DG_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define DG_API __attribute__((visibility("default")))
#else
#  define DG_API
#endif

#ifdef __cplusplus
#  define DG_BEGIN_DECLS extern "C" {
#  define DG_END_DECLS }
#else
#  define DG_BEGIN_DECLS
#  define DG_END_DECLS
#endif

#if defined(__GNUC__)
#  define DG_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#  define DG_PRINTF_LIKE(f, a)
#endif
/** @endcond */

DG_BEGIN_DECLS

/**
 * @defgroup errors Errors
 * @brief Status codes and the per-thread error message.
 *
 * Codes are pinned: new codes are appended, existing values never change.
 * A failing call leaves the caller's objects unchanged.
 * @{
 */
#define DG_OK 0                /**< Success. */
#define DG_EINVAL (-1)         /**< An argument is invalid (NULL handle, zero or negative size, ...). */
#define DG_ENOMEM (-2)         /**< Out of memory. */
#define DG_ERANGE (-3)         /**< A value is outside its allowed range, or a product overflows. */
#define DG_ENOTFOUND (-4)      /**< Unknown name (model, optimizer, parameter) or missing file. */
#define DG_EUNSUPPORTED (-5)   /**< Feature not supported (newer plug-in ABI, unknown flags, optional dependency missing). */
#define DG_ESTATE (-6)         /**< The call is not allowed in the object's current state. */
#define DG_EPARSE (-7)         /**< Malformed input text; the message names file, line and what was expected. */
#define DG_EIO (-8)            /**< A file could not be read or written. */
#define DG_EUSER (-9)          /**< A user callback reported a failure. */
#define DG_EINFEASIBLE (-10)   /**< No design satisfies the constraints. */
#define DG_EINTERNAL (-11)     /**< A bug in libdigamma; please report it. */

/** Value meaning "no limit" for limits and bandwidths. */
#define DG_UNLIMITED (-1)

/**
 * @brief Detail of the last failure on the calling thread.
 *
 * Owned by the library; valid until the next libdigamma call on the same
 * thread that fails. Fields may be appended in later versions; never
 * allocate this struct yourself.
 */
typedef struct dg_error {
    int code;            /**< The status code (#DG_OK if nothing failed yet). */
    long line;           /**< Input line the error refers to, or 0. */
    const char *file;    /**< Input file (or "<buffer>") the error refers to, or "". */
    const char *message; /**< Human-readable message, never NULL. */
} dg_error;

/**
 * @brief Static text describing a status code.
 * @param code a status code returned by libdigamma.
 * @return a never-NULL static string ("unknown error" for unknown codes).
 * @par Thread safety: safe from any thread.
 */
DG_API const char *dg_strerror(int code);

/**
 * @brief Detail of the last failure on the calling thread.
 * @return a never-NULL pointer to thread-local storage owned by the library.
 * @par Thread safety: each thread sees its own last error.
 */
DG_API const dg_error *dg_last_error(void);

/**
 * @brief Forget the last error on the calling thread.
 * @par Thread safety: affects only the calling thread.
 */
DG_API void dg_error_clear(void);

/** @} */

/**
 * @defgroup version Version
 * @brief Runtime twins of the macros in version.h.
 * @{
 */
/** @brief The library's version as major*10000 + minor*100 + patch. Thread-safe. */
DG_API int dg_version_number(void);
/** @brief The library's version string, e.g. "0.1.0". Static; thread-safe. */
DG_API const char *dg_version_string(void);
/** @brief The plug-in vtable contract version the library implements. Thread-safe. */
DG_API int dg_plugin_abi_version(void);
/** @} */

DG_END_DECLS

#endif /* DIGAMMA_COMMON_H */
