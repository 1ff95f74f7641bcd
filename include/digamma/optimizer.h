/**
 * @file optimizer.h
 * @brief Optimizers: the search algorithms (built-in or user-written) and their parameters.
 */
#ifndef DIGAMMA_OPTIMIZER_H
#define DIGAMMA_OPTIMIZER_H

#include "common.h"

DG_BEGIN_DECLS

/**
 * @defgroup optimizer Optimizer
 * @brief An algorithm instance: ops (the algorithm) plus parameter values.
 *
 * Optimizers speak ask/tell: the search framework (search.h) asks for
 * candidate genomes, evaluates them and tells the fitness back. Parameters
 * are string-keyed with typed setters, and every one has bounds that can be
 * queried. The random generator an optimizer uses comes from the search's
 * seed, so runs are reproducible.
 *
 * Thread safety: one handle, one thread at a time.
 * @{
 */

/** Opaque optimizer handle. */
typedef struct dg_optimizer dg_optimizer;
/** Plug-in vtable; defined in plugin.h. */
typedef struct dg_optimizer_ops dg_optimizer_ops;

/**
 * @brief Create an optimizer from an ops table (copied; see the growth rule in plugin.h).
 * @p user_data_free is called on @p user_data exactly once, also on failure.
 * @return #DG_OK, #DG_EINVAL, #DG_EUNSUPPORTED (newer ops with a non-zero unknown tail), #DG_ENOMEM.
 */
DG_API int dg_optimizer_create(dg_optimizer **out, const dg_optimizer_ops *ops, void *user_data,
                               void (*user_data_free)(void *user_data));

/**
 * @brief Create a built-in optimizer by name ("digamma", "random", ...).
 * @return #DG_OK, #DG_ENOTFOUND (unknown name; the message lists the known ones), #DG_EINVAL.
 */
DG_API int dg_optimizer_create_builtin(dg_optimizer **out, const char *name);

/** @brief Destroy an optimizer. NULL is ignored. */
DG_API void dg_optimizer_destroy(dg_optimizer *opt);

/** @brief The optimizer's name (borrowed from its ops). */
DG_API const char *dg_optimizer_name(const dg_optimizer *opt);

/** @brief Number of parameters. */
DG_API size_t dg_optimizer_param_count(const dg_optimizer *opt);
/** @brief Name of parameter @p index, or NULL. */
DG_API const char *dg_optimizer_param_name(const dg_optimizer *opt, size_t index);
/** @brief One-line description of parameter @p index, or NULL. */
DG_API const char *dg_optimizer_param_description(const dg_optimizer *opt, size_t index);
/**
 * @brief Bounds of parameter @p key and whether it takes integers.
 * @param opt the optimizer.
 * @param key the parameter name.
 * @param[out] min,max,is_integer each may be NULL.
 * @return #DG_OK, #DG_ENOTFOUND.
 */
DG_API int dg_optimizer_param_bounds(const dg_optimizer *opt, const char *key, double *min, double *max,
                                     int *is_integer);
/** @brief Set a real parameter. @return #DG_OK, #DG_ENOTFOUND, #DG_ERANGE (outside the bounds or not an integer where one is needed). */
DG_API int dg_optimizer_set_double(dg_optimizer *opt, const char *key, double value);
/** @brief Set an integer parameter. @return as dg_optimizer_set_double(). */
DG_API int dg_optimizer_set_int(dg_optimizer *opt, const char *key, int64_t value);
/** @brief Read a parameter. @return #DG_OK, #DG_ENOTFOUND, #DG_EINVAL. */
DG_API int dg_optimizer_get_double(const dg_optimizer *opt, const char *key, double *value);

/** @brief The built-in DiGamma genetic algorithm. Static; never NULL. */
DG_API const dg_optimizer_ops *dg_optimizer_ops_digamma(void);
/** @brief The built-in random search. Static; never NULL. */
DG_API const dg_optimizer_ops *dg_optimizer_ops_random(void);
/** @brief Number of built-in optimizers. */
DG_API size_t dg_optimizer_builtin_count(void);
/** @brief Built-in optimizer @p index, or NULL when out of range. */
DG_API const dg_optimizer_ops *dg_optimizer_builtin(size_t index);
/** @brief A built-in optimizer by name, or NULL. */
DG_API const dg_optimizer_ops *dg_optimizer_ops_find(const char *name);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_OPTIMIZER_H */
