/**
 * @file plugin.h
 * @brief Vtables and helpers for people writing cost models and optimizers.
 *
 * Not included by digamma.h: include it explicitly when you implement a plug-in.
 *
 * **Growth rule.** Every ops struct begins with `struct_size` and
 * `abi_version`. New members are only ever appended. When the library copies
 * an ops struct it takes `struct_size` bytes: a smaller (older) struct is
 * zero-filled, so new optional entries read as NULL; a larger (newer) struct
 * is accepted only if every byte past what the library knows is zero,
 * otherwise #DG_EUNSUPPORTED. Initialise with the `*_OPS_INIT` macros.
 */
#ifndef DIGAMMA_PLUGIN_H
#define DIGAMMA_PLUGIN_H

#include "common.h"
#include "cost_model.h"

DG_BEGIN_DECLS

/**
 * @defgroup plugin Plug-in interface
 * @brief Vtables for user-written cost models and optimizers.
 * @{
 */

/** Flag: the cost model's evaluate() may run on several threads at once. */
#define DG_COST_MODEL_THREADSAFE (UINT64_C(1) << 0)
/** Flag: the same inputs always give the same outputs (results may be cached). */
#define DG_COST_MODEL_DETERMINISTIC (UINT64_C(1) << 1)

/**
 * @brief Cost-model vtable (version 1).
 */
struct dg_cost_model_ops {
    uint32_t struct_size;  /**< sizeof(dg_cost_model_ops) as the plug-in was compiled. */
    uint32_t abi_version;  /**< #DG_PLUGIN_ABI_VERSION the plug-in was compiled with. */
    uint64_t flags;        /**< DG_COST_MODEL_* capability flags; unknown bits must be 0. */
    const char *name;      /**< Short name, static. */
    /** Create the model's state. Optional (state is then NULL). Return #DG_OK or an error. */
    int (*create)(void **state, void *user_data);
    /** Free the state. Optional. */
    void (*destroy)(void *state);
    /** Evaluate one layer instance; mandatory. Fill @p out up to out->struct_size. */
    int (*evaluate)(void *state, const dg_layer *layer, const dg_hw *hw, const dg_mapping *mapping,
                    dg_layer_cost *out);
    /** Area (µm²) and power (mW) of @p hw. Optional: NULL selects DiGamma's area model, power 0. */
    int (*area)(void *state, const dg_hw *hw, double *area_um2, double *power_mw);
    /** Set a string option. Optional: NULL makes dg_cost_model_set_option() return #DG_EUNSUPPORTED. */
    int (*set_option)(void *state, const char *key, const char *value);
};

/** Initialiser for a #dg_cost_model_ops of this header's version. */
#define DG_COST_MODEL_OPS_INIT {sizeof(dg_cost_model_ops), DG_PLUGIN_ABI_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Record an error on the calling thread (for plug-ins to explain their failures).
 * @return @p code, so that `return dg_error_set(DG_EINVAL, "...")` reads naturally.
 */
DG_API int dg_error_set(int code, const char *fmt, ...) DG_PRINTF_LIKE(2, 3);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_PLUGIN_H */
