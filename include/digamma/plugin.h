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
#include "genome.h"
#include "optimizer.h"
#include "search.h"

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
    /** Create the model's state from the user_data given to dg_cost_model_create(). Optional: without it the state is user_data itself. Return #DG_OK or an error. */
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


/** Opaque random generator owned by the search and lent to optimizers (xoshiro256**). */
typedef struct dg_rng dg_rng;
/** @brief Next 64 random bits. */
DG_API uint64_t dg_rng_u64(dg_rng *rng);
/** @brief Uniform double in [0, 1). */
DG_API double dg_rng_uniform(dg_rng *rng);
/** @brief Uniform integer in [0, n) (0 when n is 0), without modulo bias. */
DG_API uint64_t dg_rng_below(dg_rng *rng, uint64_t n);
/** @brief Standard normal deviate. */
DG_API double dg_rng_normal(dg_rng *rng);

/**
 * @brief Randomise every gene of @p g uniformly (then repaired), as the GA's
 * initial population does. Handy for plug-ins.
 */
DG_API int dg_genome_randomize(dg_genome *g, dg_rng *rng);

/** Score given to infeasible designs: always above any feasible objective. */
#define DG_INFEASIBLE_SCORE 1e30

/**
 * @brief Fitness of one evaluated genome, as told to an optimizer.
 *
 * `score` is what to minimise: the primary objective for a feasible design;
 * for an infeasible one #DG_INFEASIBLE_SCORE × (1 + violation), so that less
 * infeasible designs score better and every infeasible design scores worse
 * than every feasible one.
 */
typedef struct dg_fitness {
    double score;        /**< Minimise this. */
    double objectives[DG_MAX_OBJECTIVES]; /**< The objectives in the search's order (raw values). */
    double violation;    /**< 0 if feasible, else the relative excess over the budget. */
    int32_t feasible;    /**< 1 if feasible. */
    int32_t num_objectives; /**< Entries used in objectives. */
} dg_fitness;

/** Description of one optimizer parameter. */
typedef struct dg_param_info {
    const char *name;        /**< Key, e.g. "population". */
    const char *description; /**< One line. */
    double default_value;    /**< Default. */
    double min;              /**< Smallest allowed value. */
    double max;              /**< Largest allowed value. */
    int32_t is_integer;      /**< 1 if only integers are allowed. */
    int32_t reserved;        /**< 0. */
} dg_param_info;

/** What an optimizer gets when a search starts (size-prefixed; fields may be appended). */
typedef struct dg_optimizer_context {
    uint32_t struct_size;     /**< sizeof(dg_optimizer_context). */
    uint32_t reserved;        /**< 0. */
    const dg_space *space;    /**< The space to propose genomes of (borrowed for the run). */
    dg_rng *rng;              /**< The run's random generator (borrowed for the run). */
    const double *params;     /**< Values of ops->params, in table order. */
    int64_t max_samples;      /**< The sampling budget. */
    void *user_data;          /**< As given to dg_optimizer_create(). */
} dg_optimizer_context;

/**
 * @brief Sink for an optimizer's saved state: append @p size bytes.
 * @return 0, or non-zero when the bytes could not be stored.
 */
typedef int (*dg_state_writer)(void *sink, const void *data, size_t size);

/**
 * @brief Optimizer vtable (version 1): ask/tell.
 *
 * The framework calls `ask` for a batch of candidates, evaluates them, and
 * calls `tell` with their fitness in the same order. Genomes in a batch are
 * owned by the framework; copy what you keep (dg_genome_clone/dg_genome_copy).
 */
struct dg_optimizer_ops {
    uint32_t struct_size;  /**< sizeof(dg_optimizer_ops) as the plug-in was compiled. */
    uint32_t abi_version;  /**< #DG_PLUGIN_ABI_VERSION. */
    uint64_t flags;        /**< Reserved, must be 0. */
    const char *name;      /**< Short name, static. */
    const char *description; /**< One line, static. */
    const dg_param_info *params; /**< Parameter table (may be NULL). */
    size_t num_params;     /**< Entries in params. */
    /** Start a run. Mandatory. */
    int (*create)(void **state, const dg_optimizer_context *ctx);
    /** End a run. Optional. */
    void (*destroy)(void *state);
    /** Fill batch[0..*count) (1 ≤ *count ≤ capacity) with candidates. Mandatory. Return 0 with *count = 0 to end the run. */
    int (*ask)(void *state, dg_genome *const *batch, size_t capacity, size_t *count);
    /** Learn the fitness of the last batch (possibly fewer than asked, when the budget ran out). Mandatory. */
    int (*tell)(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count);
    /**
     * Write the whole state through @p write so that load() can continue the
     * run exactly (checkpoints). Optional: without it, checkpointing a search
     * that uses this optimizer fails with #DG_EUNSUPPORTED. Called between
     * batches (after tell).
     */
    int (*save)(void *state, dg_state_writer write, void *sink);
    /** Restore a state written by save(); called right after create(). Optional, pairs with save. */
    int (*load)(void *state, const void *data, size_t size);
};

/** Initialiser for a #dg_optimizer_ops of this header's version. */
#define DG_OPTIMIZER_OPS_INIT {sizeof(dg_optimizer_ops), DG_PLUGIN_ABI_VERSION, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Record an error on the calling thread (for plug-ins to explain their failures).
 * @return @p code, so that `return dg_error_set(DG_EINVAL, "...")` reads naturally.
 */
DG_API int dg_error_set(int code, const char *fmt, ...) DG_PRINTF_LIKE(2, 3);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_PLUGIN_H */
