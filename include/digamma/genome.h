/**
 * @file genome.h
 * @brief The search space and the genome: one design point (hardware + mappings).
 */
#ifndef DIGAMMA_GENOME_H
#define DIGAMMA_GENOME_H

#include "common.h"
#include "budget.h"
#include "cost_model.h"
#include "workload.h"

DG_BEGIN_DECLS

/**
 * @defgroup genome Genome
 * @brief The encoding of a design point, its decoding, repair and views.
 *
 * A genome holds
 * - **HW genes**: the cluster sizes of the PE hierarchy. With 2 levels the PE
 *   array is `clusters × pes_per_cluster` (the paper's π_L2 × π_L1); a third
 *   level splits each cluster once more. Gene `hw_level` 0 is the number of
 *   top-level clusters, the last one the PEs of an innermost cluster.
 * - **mapping genes**, per mapping unit (a distinct layer, or one shared
 *   mapping; see #dg_scope) and per level: the parallel dimension, the loop
 *   order (a permutation of K C Y X R S, outermost first) and one tile size per
 *   dimension. Y and X tiles count **output** rows and columns. R and S tiles
 *   are always the full filter (MAESTRO requires it).
 *
 * Buffers are not genes: a design gets exactly the L1 and L2 its mappings
 * need (the largest requirement over layers).
 *
 * Dimension indices for gene accessors are #dg_dim values K, C, Y, X, R, S
 * (Y and X meaning output rows/columns here).
 *
 * Thread safety: a space is immutable after creation and may be shared;
 * a genome is used by one thread at a time.
 * @{
 */

/** Opaque search-space handle: the encoding of one problem. */
typedef struct dg_space dg_space;
/** Opaque genome handle. */
typedef struct dg_genome dg_genome;

/** How mappings relate to layers and hardware. Values are pinned. */
typedef enum dg_scope {
    DG_SCOPE_SHARED_HW = 0,   /**< One hardware design; each distinct layer has its own mapping (default). */
    DG_SCOPE_ONE_MAPPING = 1, /**< One hardware design and one mapping for all layers (tiles clamped per layer). */
    DG_SCOPE_PER_LAYER = 2    /**< Each distinct layer has its own hardware and mapping (as GAMMA's code does). */
} dg_scope;

/** Fixed dataflow styles. Values are pinned. */
typedef enum dg_dataflow {
    DG_DATAFLOW_FREE = 0, /**< Parallelism, order and tiles are all searched. */
    DG_DATAFLOW_DLA = 1,  /**< NVDLA-like: K parallel across clusters, C inside (weight stationary). */
    DG_DATAFLOW_SHI = 2,  /**< ShiDianNao-like: Y parallel across clusters, X inside (output stationary). */
    DG_DATAFLOW_EYE = 3   /**< Eyeriss-like: Y across clusters, R inside (row stationary). */
} dg_dataflow;

/**
 * @brief Options of a search space. Size-prefixed; initialise with dg_space_options_init().
 */
typedef struct dg_space_options {
    uint32_t struct_size;  /**< sizeof(dg_space_options). */
    int32_t scope;         /**< A #dg_scope. */
    int32_t min_levels;    /**< Fewest cluster levels (2 or 3). */
    int32_t max_levels;    /**< Most cluster levels (2 or 3, ≥ min_levels). */
    int32_t dataflow;      /**< A #dg_dataflow. */
    int32_t reserved;      /**< Must be 0. */
    int64_t max_pes;       /**< Upper bound on the PE count (DG_UNLIMITED: derived from the budget's area). */
} dg_space_options;

/** @brief Fill @p o with the defaults: shared HW, 2 levels, free dataflow, PE bound from the budget. */
DG_API void dg_space_options_init(dg_space_options *o);

/**
 * @brief Create the search space of a problem.
 * @param[out] out receives the space; unchanged on failure.
 * @param workload the layers (copied).
 * @param budget the constraints (copied).
 *
 * The workload and budget are copied. With a fixed-HW budget the HW genes
 * are pinned to its PE array (rows = clusters, cols = PEs per cluster).
 * @param options may be NULL for the defaults.
 * @return #DG_OK, #DG_EINVAL (NULL, empty workload, bad options),
 *         #DG_EINFEASIBLE (the budget cannot hold even one PE), #DG_ENOMEM.
 */
DG_API int dg_space_create(dg_space **out, const dg_workload *workload, const dg_budget *budget,
                           const dg_space_options *options);

/** @brief Destroy a space (after every genome of it). NULL is ignored. */
DG_API void dg_space_destroy(dg_space *space);

/**
 * @brief Length of the flat vector view of genomes of this space: per
 * hardware unit one cluster gene per level up to max_levels and a
 * level-count gene; per mapping unit and level up to max_levels the
 * parallel dimension, 6 order keys and 6 tiles.
 */
DG_API size_t dg_space_vector_size(const dg_space *space);
/** @brief Number of mapping units (distinct layers, or 1). */
DG_API size_t dg_space_num_units(const dg_space *space);
/** @brief Number of hardware units (1, or the distinct layers in per-layer scope). */
DG_API size_t dg_space_num_hw_units(const dg_space *space);
/** @brief The largest PE count genomes of this space may use. */
DG_API int64_t dg_space_max_pes(const dg_space *space);
/** @brief The workload copy the space owns (borrowed). */
DG_API const dg_workload *dg_space_workload(const dg_space *space);

/** @brief Create a genome of @p space with every tile 1 and the smallest hardware. */
DG_API int dg_genome_create(dg_genome **out, const dg_space *space);
/** @brief Destroy a genome. NULL is ignored. */
DG_API void dg_genome_destroy(dg_genome *g);
/** @brief Deep copy. */
DG_API int dg_genome_clone(dg_genome **out, const dg_genome *g);
/** @brief Copy @p src into @p dst (same space). @return #DG_OK or #DG_EINVAL. */
DG_API int dg_genome_copy(dg_genome *dst, const dg_genome *src);
/** @brief 1 if the genomes encode the same design, else 0. */
DG_API int dg_genome_equal(const dg_genome *a, const dg_genome *b);
/** @brief The space a genome belongs to (borrowed). */
DG_API const dg_space *dg_genome_space(const dg_genome *g);

/**
 * @brief Make @p g valid: tiles within their parent tiles and the dimensions,
 * cluster sizes within bounds, PE count within the space's bound, the
 * dataflow style's fixed genes restored. Idempotent.
 * @return #DG_OK, #DG_EINVAL.
 */
DG_API int dg_genome_repair(dg_genome *g);

/** @brief Read the flat view: every gene mapped to [0,1]. @p n must be dg_space_vector_size(). */
DG_API int dg_genome_to_vector(const dg_genome *g, double *v, size_t n);
/**
 * @brief Set every gene from a vector in [0,1]^n (values outside are clamped;
 * NaN is an error). The result is repaired, so any vector gives a valid genome.
 * The genome is unchanged on failure.
 */
DG_API int dg_genome_from_vector(dg_genome *g, const double *v, size_t n);

/** @brief Number of cluster levels the genome uses now (2 or 3). */
DG_API int dg_genome_num_levels(const dg_genome *g);
/** @brief Change the number of levels (grow adds an inner level with unit tiles; aging drops the innermost). */
DG_API int dg_genome_set_num_levels(dg_genome *g, int levels);
/** @brief Total PEs of hardware unit @p hw_unit (product of its cluster sizes). */
DG_API int64_t dg_genome_num_pes(const dg_genome *g, size_t hw_unit);
/** @brief Cluster size of @p level of hardware unit @p hw_unit (level 0 = number of top clusters). */
DG_API int64_t dg_genome_cluster(const dg_genome *g, size_t hw_unit, int level);
/** @brief Set a cluster size (not repaired: call dg_genome_repair()). */
DG_API int dg_genome_set_cluster(dg_genome *g, size_t hw_unit, int level, int64_t size);
/** @brief Parallel dimension (#dg_dim) of @p unit at @p level. */
DG_API int dg_genome_parallel_dim(const dg_genome *g, size_t unit, int level);
/** @brief Set the parallel dimension (K, C, Y or X). */
DG_API int dg_genome_set_parallel_dim(dg_genome *g, size_t unit, int level, int dim);
/** @brief Read the loop order of @p unit at @p level into dims[6] (outermost first). */
DG_API int dg_genome_order(const dg_genome *g, size_t unit, int level, int dims[6]);
/** @brief Set the loop order: a permutation of K C Y X R S. */
DG_API int dg_genome_set_order(dg_genome *g, size_t unit, int level, const int dims[6]);
/** @brief Tile of dimension @p dim of @p unit at @p level (0 on bad arguments). */
DG_API int64_t dg_genome_tile(const dg_genome *g, size_t unit, int level, int dim);
/** @brief Set a tile (not repaired: call dg_genome_repair()). */
DG_API int dg_genome_set_tile(dg_genome *g, size_t unit, int level, int dim, int64_t tile);

/**
 * @brief Decode @p g for distinct layer @p layer of the workload: the concrete
 * accelerator (PE count; buffers left DG_UNLIMITED, they come from evaluation)
 * and the concrete mapping in MAESTRO's notation.
 * @param g the genome.
 * @param layer index of a distinct layer of the space's workload.
 * @param[out] hw,mapping filled (their struct_size must be set).
 */
DG_API int dg_genome_decode(const dg_genome *g, size_t layer, dg_hw *hw, dg_mapping *mapping);

/**
 * @brief Serialise @p g as JSON (snprintf-style: stores the full length in
 * @p needed; #DG_ERANGE if @p cap was too small).
 */
DG_API int dg_genome_to_json(const dg_genome *g, char *buf, size_t cap, size_t *needed);
/**
 * @brief Load a genome of @p space from JSON written by dg_genome_to_json().
 * @return #DG_OK, #DG_EPARSE (malformed text, wrong shape for this space).
 */
DG_API int dg_genome_from_json(dg_genome **out, const dg_space *space, const char *json, size_t len);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_GENOME_H */
