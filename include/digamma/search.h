/**
 * @file search.h
 * @brief The co-optimization framework: run an optimizer over a workload within a budget.
 */
#ifndef DIGAMMA_SEARCH_H
#define DIGAMMA_SEARCH_H

#include "common.h"
#include "budget.h"
#include "cost_model.h"
#include "genome.h"
#include "optimizer.h"
#include "workload.h"

DG_BEGIN_DECLS

/**
 * @defgroup search Search
 * @brief The paper's Co-opt Framework.
 *
 * A search owns the sampling budget (one sample = one design point evaluated
 * on the whole workload), the evaluation loop with a cache of repeated
 * (layer, hardware, mapping) evaluations, parallel evaluation, the seed,
 * progress reporting, stopping, and the result.
 *
 * A design's latency is Σ count · cycles over distinct layers, its energy
 * Σ count · energy; its L1 (per PE) and L2 are the largest requirement over
 * layers and its area comes from the cost model's area function. A design
 * that breaks the budget (area, power, PE limit, fixed-HW capacities) is
 * infeasible: it never ranks above a feasible one, but its score grows with
 * how far it is over budget so that optimizers can move toward feasibility.
 *
 * The result for a seed does not depend on the number of threads.
 *
 * Thread safety: one handle, one thread at a time, except
 * dg_search_request_stop(), which may be called from any thread or from the
 * progress callback.
 * @{
 */

/** Opaque search handle. */
typedef struct dg_search dg_search;

/** Objectives (all minimised). Values are pinned. */
typedef enum dg_objective {
    DG_OBJECTIVE_LATENCY = 0, /**< Cycles for the whole workload (default). */
    DG_OBJECTIVE_ENERGY = 1,  /**< Energy for the whole workload. */
    DG_OBJECTIVE_EDP = 2,     /**< Energy × latency. */
    DG_OBJECTIVE_POWER = 3,   /**< Power (mW) from the cost model. */
    DG_OBJECTIVE_AREA = 4,    /**< Area (µm²). */
    DG_OBJECTIVE_LAP = 5,     /**< Latency × area. */
    DG_OBJECTIVE_COUNT = 6    /**< Number of objectives. */
} dg_objective;

/** Most objectives a search ranks by (the first decides, the others break ties). */
#define DG_MAX_OBJECTIVES 4

/** @brief Name of an objective ("latency", "energy", "edp", "power", "area", "lap"), or NULL. */
DG_API const char *dg_objective_name(int objective);
/** @brief Objective by name (case-insensitive), or -1. */
DG_API int dg_objective_from_name(const char *name);

/**
 * @brief Metrics of one design point. Size-prefixed: set struct_size.
 */
typedef struct dg_design {
    uint32_t struct_size;   /**< sizeof(dg_design) as the caller knows it. */
    int32_t feasible;       /**< 1 if the design meets every constraint. */
    double latency_cycles;  /**< Σ count · cycles. */
    double energy;          /**< Σ count · energy (MAC-energy units). */
    double area_um2;        /**< Area from the cost model's area function. */
    double power_mw;        /**< Power from the cost model's area function. */
    double objective;       /**< Value of the primary objective. */
    double violation;       /**< 0 when feasible, else the relative excess over the budget, summed over constraints. */
    int64_t num_pes;        /**< PEs (of the first hardware unit in per-layer scope). */
    int64_t l1_bytes;       /**< L1 per PE. */
    int64_t l2_bytes;       /**< L2. */
    int64_t clusters;       /**< Top-level clusters (the PE array's rows). */
    int64_t pes_per_cluster;/**< PEs per top-level cluster (the PE array's columns). */
    double macs;            /**< Σ count · MACs counted by the cost model. */
} dg_design;

/** Statistics of a run. Size-prefixed: set struct_size. */
typedef struct dg_search_stats {
    uint32_t struct_size;    /**< sizeof(dg_search_stats). */
    int32_t stop_reason;     /**< A #dg_stop_reason. */
    int64_t samples;         /**< Design points evaluated. */
    int64_t layer_evaluations; /**< Cost-model calls made. */
    int64_t cache_hits;      /**< Layer evaluations answered by the cache (may vary slightly with the thread count). */
    int64_t feasible_samples;/**< Samples that met the budget. */
    double seconds;          /**< Wall-clock time of the run. */
    uint64_t seed;           /**< The seed used. */
    int32_t threads;         /**< Evaluation threads used. */
    int32_t reserved;        /**< 0. */
} dg_search_stats;

/** Why a run ended. */
typedef enum dg_stop_reason {
    DG_STOP_NONE = 0,       /**< Not run yet. */
    DG_STOP_SAMPLES = 1,    /**< The sampling budget was used up. */
    DG_STOP_TIME = 2,       /**< The time limit was reached. */
    DG_STOP_REQUESTED = 3,  /**< dg_search_request_stop() or the progress callback asked to stop. */
    DG_STOP_CONVERGED = 4   /**< The optimizer had nothing more to propose. */
} dg_stop_reason;

/** Progress report given to the callback. */
typedef struct dg_progress {
    uint32_t struct_size;   /**< sizeof(dg_progress). */
    int32_t best_feasible;  /**< 1 if the best so far is feasible. */
    int64_t samples;        /**< Samples evaluated so far. */
    int64_t max_samples;    /**< The sampling budget. */
    double best_objective;  /**< Primary objective of the best so far. */
    double seconds;         /**< Time since the run started. */
} dg_progress;

/** Progress callback: return non-zero to stop the run. */
typedef int (*dg_progress_fn)(void *user, const dg_progress *progress);

/**
 * @brief Create a search.
 * @param[out] out receives the search; unchanged on failure.
 * @param workload the layers (copied).
 * @param budget the constraints (copied).
 * @param cost_model evaluates layers (borrowed).
 * @param optimizer proposes designs (borrowed).
 *
 * The workload and budget are copied. The cost model and optimizer are
 * borrowed: they must outlive the search and not be used elsewhere while it
 * runs.
 * @param space_options may be NULL for the defaults (dg_space_options_init()).
 * @return #DG_OK, #DG_EINVAL, #DG_EINFEASIBLE (not even one PE fits), #DG_ENOMEM.
 */
DG_API int dg_search_create(dg_search **out, const dg_workload *workload, const dg_budget *budget,
                            dg_cost_model *cost_model, dg_optimizer *optimizer,
                            const dg_space_options *space_options);

/** @brief Destroy a search. NULL is ignored. */
DG_API void dg_search_destroy(dg_search *s);

/** @brief Sampling budget (default 40,000, the paper's). @return #DG_OK, #DG_EINVAL (< 1). */
DG_API int dg_search_set_samples(dg_search *s, int64_t samples);
/** @brief Seed of the run (default 1). */
DG_API int dg_search_set_seed(dg_search *s, uint64_t seed);
/** @brief Evaluation threads (default 1; ≥ 1). Results do not depend on it. */
DG_API int dg_search_set_threads(dg_search *s, int threads);
/** @brief Wall-clock limit in seconds (≤ 0: none, the default). */
DG_API int dg_search_set_time_limit(dg_search *s, double seconds);
/**
 * @brief Objectives, primary first (later ones break ties). Default: latency.
 * @return #DG_OK, #DG_EINVAL (none, more than #DG_MAX_OBJECTIVES, unknown).
 */
DG_API int dg_search_set_objectives(dg_search *s, const int *objectives, size_t count);
/** @brief Progress callback, called after every evaluated batch (NULL removes it). */
DG_API int dg_search_set_progress(dg_search *s, dg_progress_fn fn, void *user);

/**
 * @brief Run the search to the end of its budget, time limit or a stop request.
 *
 * A run that finds no feasible design still succeeds; dg_search_result()
 * then reports feasible = 0. A search can be run once.
 * @return #DG_OK, #DG_ESTATE (already run), #DG_EUSER (an optimizer or cost
 *         model callback failed), #DG_ENOMEM.
 */
DG_API int dg_search_run(dg_search *s);

/**
 * @brief Write a checkpoint to @p path every @p every_samples samples during
 * the run (after a whole batch) and when it ends, unless the sampling budget
 * cut its last batch short (the optimizer has then seen only part of a
 * batch, which a longer run never does; the last periodic checkpoint stays). Files are written
 * atomically (a temporary file, then rename), so a crash leaves the previous
 * checkpoint intact. NULL @p path turns checkpoints off.
 * @return #DG_OK, #DG_EINVAL (every_samples < 1), #DG_EUNSUPPORTED (the
 *         optimizer cannot save its state), #DG_ENOMEM.
 */
DG_API int dg_search_set_checkpoint(dg_search *s, const char *path, int64_t every_samples);

/**
 * @brief Write a checkpoint of the search now (between runs, e.g. after a
 * stopped run). Atomic, as above.
 * @return #DG_OK, #DG_ESTATE (the search has not run), #DG_EUNSUPPORTED, #DG_EIO.
 */
DG_API int dg_search_save_checkpoint(dg_search *s, const char *path);

/**
 * @brief Load a checkpoint before dg_search_run(): the run then continues
 * where the checkpointed one stopped and ends with exactly the result of an
 * uninterrupted run with the same seed, budget and settings.
 *
 * The checkpoint must come from the same library version, workload, budget,
 * space options, objectives and optimizer (with the same parameters);
 * anything else is refused, as is a corrupt file. The search is unchanged on
 * failure.
 * @return #DG_OK, #DG_EIO, #DG_EPARSE (corrupt), #DG_EINVAL (mismatch, with
 *         what differs in the message), #DG_ESTATE (already run),
 *         #DG_EUNSUPPORTED (the optimizer cannot load state).
 */
DG_API int dg_search_resume(dg_search *s, const char *path);

/** @brief Ask a running search to stop after the current batch. Safe from any thread; a request made before dg_search_run() is forgotten when the run starts. */
DG_API void dg_search_request_stop(dg_search *s);

/** @brief The space of the search (borrowed). */
DG_API const dg_space *dg_search_space(const dg_search *s);

/** @brief Metrics of the best design found. @return #DG_OK, #DG_ESTATE (nothing evaluated). */
DG_API int dg_search_result(const dg_search *s, dg_design *out);
/** @brief A copy of the best genome (caller destroys it). */
DG_API int dg_search_best_genome(const dg_search *s, dg_genome **out);
/** @brief Statistics of the run. */
DG_API int dg_search_stats_get(const dg_search *s, dg_search_stats *out);

/**
 * @brief Evaluate any genome of the search's space on the whole workload.
 * @param s the search.
 * @param g a genome of dg_search_space(s).
 * @param[out] out metrics of the design.
 */
DG_API int dg_search_evaluate(dg_search *s, const dg_genome *g, dg_design *out);

/**
 * @brief Per-layer detail of a genome: the decoded hardware and mapping of
 * distinct layer @p layer and its cost (one instance). Any output may be NULL.
 */
DG_API int dg_search_evaluate_layer(dg_search *s, const dg_genome *g, size_t layer, dg_hw *hw,
                                    dg_mapping *mapping, dg_layer_cost *cost);

/** @brief Number of points in the convergence history (one per improvement). */
DG_API size_t dg_search_history_count(const dg_search *s);
/** @brief Point @p index of the history: samples so far and best primary objective (feasible designs only). */
DG_API int dg_search_history(const dg_search *s, size_t index, int64_t *samples, double *best_objective);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_SEARCH_H */
