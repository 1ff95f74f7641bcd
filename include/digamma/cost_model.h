/**
 * @file cost_model.h
 * @brief Cost models: evaluate one layer under a concrete accelerator and mapping.
 */
#ifndef DIGAMMA_COST_MODEL_H
#define DIGAMMA_COST_MODEL_H

#include "common.h"
#include "workload.h"

DG_BEGIN_DECLS

/**
 * @defgroup cost_model Cost model
 * @brief The plug-in cost-model handle, the concrete accelerator and mapping it
 * evaluates, and MAESTRO notation in and out.
 *
 * The built-in model (dg_cost_model_ops_maestro()) is a C re-implementation of
 * MAESTRO's analytical model; any other model can be plugged in through
 * #dg_cost_model_ops (plugin.h).
 *
 * Thread safety: one handle, one thread at a time, unless its ops declare
 * #DG_COST_MODEL_THREADSAFE (the built-in one does).
 * @{
 */

/** Opaque cost-model handle. */
typedef struct dg_cost_model dg_cost_model;

/** Most cluster levels in a mapping (MAESTRO allows at most three Cluster directives). */
#define DG_MAX_LEVELS 4
/** Most directives in one cluster level. */
#define DG_MAX_DIRECTIVES 16

/**
 * Loop dimensions a directive can name. Values are pinned.
 * For GEMM layers, Y stands for M, C for the reduction K and K for N
 * (the layer storage convention of #dg_layer).
 */
typedef enum dg_dim {
    DG_DIM_N = 0,  /**< Batch. */
    DG_DIM_K = 1,  /**< Output channels (GEMM: N). */
    DG_DIM_C = 2,  /**< Input channels (GEMM: K). */
    DG_DIM_Y = 3,  /**< Input rows (GEMM: M). */
    DG_DIM_X = 4,  /**< Input columns. */
    DG_DIM_R = 5,  /**< Filter rows. */
    DG_DIM_S = 6,  /**< Filter columns. */
    DG_DIM_YO = 7, /**< Output rows (MAESTRO's Y'). */
    DG_DIM_XO = 8, /**< Output columns (MAESTRO's X'). */
    DG_DIM_COUNT = 9 /**< Number of dimension codes. */
} dg_dim;

/** Directive kinds. */
typedef enum dg_directive_kind {
    DG_TEMPORAL = 0, /**< TemporalMap(size, offset) dim. */
    DG_SPATIAL = 1   /**< SpatialMap(size, offset) dim. */
} dg_directive_kind;

/** One data-centric directive. */
typedef struct dg_directive {
    int32_t kind;   /**< A #dg_directive_kind. */
    int32_t dim;    /**< A #dg_dim. */
    int64_t size;   /**< Map size (≥ 1). */
    int64_t offset; /**< Map offset (≥ 1). */
} dg_directive;

/** One cluster level of a mapping: its directives, outermost first. */
typedef struct dg_mapping_level {
    int64_t cluster_size;      /**< Sub-units per cluster opening this level (Cluster(n)); ignored for level 0. */
    uint32_t num_directives;   /**< Directives used in @ref directives. */
    uint32_t reserved;         /**< Must be 0. */
    dg_directive directives[DG_MAX_DIRECTIVES]; /**< The loop nest of this level, outermost first. */
} dg_mapping_level;

/**
 * Flag for dg_mapping::flags: evaluate a #DG_LAYER_GEMM layer the way MAESTRO
 * treats `Type: GEMM` (tensors M×K, K×N, M×N; directives name only
 * #DG_DIM_Y = M, #DG_DIM_C = K and #DG_DIM_K = N). Without it a GEMM is
 * lowered to a CONV with K = N, C = K, Y = M, X = R = S = 1, as gamma does.
 * The MAESTRO parser sets it for `Type: GEMM` layers.
 */
#define DG_MAPPING_NATIVE_GEMM (UINT32_C(1) << 0)

/**
 * @brief A concrete mapping: 1 to #DG_MAX_LEVELS cluster levels, outermost first.
 * Size-prefixed: set `struct_size = sizeof(dg_mapping)`.
 */
typedef struct dg_mapping {
    uint32_t struct_size;   /**< sizeof(dg_mapping) as the caller knows it. */
    uint32_t num_levels;    /**< Levels used (1..#DG_MAX_LEVELS). */
    dg_mapping_level levels[DG_MAX_LEVELS]; /**< Level 0 is the top (across clusters). */
    uint32_t flags;         /**< DG_MAPPING_* flags (0 = the default convention). */
    uint32_t reserved;      /**< Must be 0. */
} dg_mapping;

/**
 * @brief A concrete accelerator. Size-prefixed: set `struct_size = sizeof(dg_hw)`.
 * Bandwidths are in elements per cycle; #DG_UNLIMITED means unbounded.
 */
typedef struct dg_hw {
    uint32_t struct_size;  /**< sizeof(dg_hw) as the caller knows it. */
    uint32_t reserved;     /**< Must be 0. */
    int64_t num_pes;       /**< Processing elements (≥ 1). */
    int64_t simd_lanes;    /**< MACs per PE per cycle (≥ 1). */
    int64_t l1_bytes;      /**< L1 capacity per PE in bytes, or #DG_UNLIMITED (used for area and feasibility). */
    int64_t l2_bytes;      /**< Shared L2 capacity in bytes, or #DG_UNLIMITED. */
    int64_t noc_bw;        /**< NoC bandwidth of every cluster level, or #DG_UNLIMITED. */
    int64_t noc_latency;   /**< NoC latency in cycles (≥ 0). */
    int64_t offchip_bw;    /**< Off-chip bandwidth, or #DG_UNLIMITED. */
} dg_hw;

/**
 * @brief Initialise @p hw with @p num_pes PEs and gamma's defaults: 1 SIMD lane,
 * unlimited buffers and bandwidths, NoC latency 1.
 */
DG_API void dg_hw_init(dg_hw *hw, int64_t num_pes);

/** Tensor indices of the access-count arrays. */
typedef enum dg_tensor {
    DG_TENSOR_INPUT = 0,  /**< Input activations. */
    DG_TENSOR_FILTER = 1, /**< Weights. */
    DG_TENSOR_OUTPUT = 2, /**< Outputs / partial sums. */
    DG_TENSOR_COUNT = 3   /**< Number of tensors. */
} dg_tensor;

/**
 * @brief The cost of one layer instance. Caller-allocated and size-prefixed:
 * set `struct_size = sizeof(dg_layer_cost)`; the model fills what fits.
 */
typedef struct dg_layer_cost {
    uint32_t struct_size;     /**< sizeof(dg_layer_cost) as the caller knows it. */
    int32_t valid;            /**< 1 if the mapping is valid for this layer and hardware. */
    double runtime_cycles;    /**< Latency in cycles. */
    double macs;              /**< MACs counted by the model. */
    double l1_bytes;          /**< Minimum L1 per PE, bytes. */
    double l2_bytes;          /**< Minimum L2, bytes. */
    double energy;            /**< Energy in units of one MAC's energy. */
    double l1_reads[DG_TENSOR_COUNT];  /**< L1 reads per tensor. */
    double l1_writes[DG_TENSOR_COUNT]; /**< L1 writes per tensor. */
    double l2_reads[DG_TENSOR_COUNT];  /**< L2 reads per tensor. */
    double l2_writes[DG_TENSOR_COUNT]; /**< L2 writes per tensor. */
} dg_layer_cost;

/** Plug-in vtable; declared in plugin.h. */
typedef struct dg_cost_model_ops dg_cost_model_ops;

/**
 * @brief Create a cost model from an ops table.
 *
 * The ops struct is copied (it may be temporary). @p user_data is handed to
 * `ops->create`; @p user_data_free is called on it exactly once, when the
 * model is destroyed or right away if creation fails.
 * @return #DG_OK; #DG_EINVAL for NULL arguments or a missing mandatory entry;
 *         #DG_EUNSUPPORTED for an ops table from a newer ABI whose unknown tail
 *         is not zero; an error returned by `ops->create`.
 */
DG_API int dg_cost_model_create(dg_cost_model **out, const dg_cost_model_ops *ops, void *user_data,
                                void (*user_data_free)(void *user_data));

/** @brief Destroy a cost model. NULL is ignored. */
DG_API void dg_cost_model_destroy(dg_cost_model *cm);

/** @brief The model's capability flags (DG_COST_MODEL_* from plugin.h); 0 for NULL. */
DG_API uint64_t dg_cost_model_flags(const dg_cost_model *cm);

/** @brief The model's name, from its ops (borrowed). */
DG_API const char *dg_cost_model_name(const dg_cost_model *cm);

/**
 * @brief Set a string-keyed option of the model.
 *
 * The built-in model knows `mode`: `default` (MAESTRO's model with its
 * miscounts fixed) or `maestro` (bit-compatible with MAESTRO, quirks
 * included); `variant`: `head` (MAESTRO 4eb08d1, the default) or `e1d8efd`
 * (the commit gamma/DiGamma ran; maestro mode only); `area`: `digamma`
 * (DiGamma's area model, power 0; the default) or `maestro` (MAESTRO's own
 * area and power). Set options before sharing the handle between threads.
 * @return #DG_OK, #DG_ENOTFOUND (unknown key), #DG_EINVAL (bad value),
 *         #DG_EUNSUPPORTED (the model takes no options).
 */
DG_API int dg_cost_model_set_option(dg_cost_model *cm, const char *key, const char *value);

/**
 * @brief Evaluate one instance of @p layer on @p hw with @p mapping.
 *
 * `out->valid` is 0 when the mapping is well formed but its numbers cannot be
 * trusted (MAESTRO would reject it or return garbage) or when it needs more
 * L1/L2 than @p hw has; the numbers are filled in all the same. Sizes are
 * MAESTRO's element counts, one byte per element. See docs/cost-model.md.
 * @param cm the model.
 * @param layer the layer (a struct from dg_workload_layer() or a parser).
 * @param hw the accelerator.
 * @param mapping the mapping.
 * @param[out] out filled up to its `struct_size`; unchanged on failure.
 * @return #DG_OK (check `out->valid`), #DG_EINVAL for NULL or malformed
 *         arguments (zero sizes, unknown dimension, more cluster PEs than PEs,
 *         a `struct_size` below the version-1 layout), #DG_ERANGE if a count
 *         overflows 64 bits.
 */
DG_API int dg_cost_model_evaluate(dg_cost_model *cm, const dg_layer *layer, const dg_hw *hw,
                                  const dg_mapping *mapping, dg_layer_cost *out);

/**
 * @brief Area (µm²) and power (mW) of a hardware configuration.
 *
 * The built-in area model is DiGamma's: 282 µm² per PE plus 0.688 µm² per
 * SRAM byte over l1_bytes·num_pes + l2_bytes.
 * @param cm the model.
 * @param hw the hardware (PE count and buffer capacities are read).
 * @param[out] area_um2,power_mw either may be NULL.
 * @return #DG_OK, #DG_EINVAL.
 */
DG_API int dg_cost_model_area(dg_cost_model *cm, const dg_hw *hw, double *area_um2, double *power_mw);

/** @brief The built-in MAESTRO-like analytical model. Static; never NULL. */
DG_API const dg_cost_model_ops *dg_cost_model_ops_maestro(void);

/**
 * @brief Called once per layer by the MAESTRO mapping-file parsers.
 * @return 0 to go on, non-zero to stop the parse (which then returns #DG_EUSER).
 */
typedef int (*dg_maestro_layer_fn)(void *user, const dg_layer *layer, const dg_mapping *mapping);

/**
 * @brief Parse a MAESTRO mapping file (Network / Layer / Type / Stride /
 * Dimensions / Dataflow) and call @p fn for every layer in order.
 * @return #DG_OK, #DG_EIO, #DG_EPARSE (file, line and expectation in dg_last_error()),
 *         #DG_EINVAL, #DG_EUSER (the callback stopped).
 */
DG_API int dg_maestro_parse_mapping_file(const char *path, dg_maestro_layer_fn fn, void *user);

/** @brief As dg_maestro_parse_mapping_file(), from memory. @p origin names the buffer in errors. */
DG_API int dg_maestro_parse_mapping_buffer(const char *data, size_t size, const char *origin,
                                           dg_maestro_layer_fn fn, void *user);

/**
 * @brief Parse a MAESTRO hardware file (`num_pes`, `l1_size_cstr`, `l2_size_cstr`,
 * `noc_bw_cstr`, `NoC_NumHops`, `offchip_bw_cstr`) into @p hw, overriding the
 * fields the file sets. @p hw is unchanged on failure.
 * @return #DG_OK, #DG_EIO, #DG_EPARSE, #DG_EINVAL.
 */
DG_API int dg_maestro_parse_hw_file(const char *path, dg_hw *hw);

/** @brief As dg_maestro_parse_hw_file(), from memory. */
DG_API int dg_maestro_parse_hw_buffer(const char *data, size_t size, const char *origin, dg_hw *hw);

/**
 * @brief Write @p layer and @p mapping as one MAESTRO `Layer { ... }` block.
 *
 * snprintf-style: writes at most @p cap bytes including the terminating NUL
 * and stores the full length (without NUL) in @p needed when non-NULL.
 * @p buf NULL with @p cap 0 only measures. @p mapping may be NULL (the layer
 * alone, as in a MAESTRO model file). Padding is folded into Y and X (MAESTRO
 * has none); GEMM without #DG_MAPPING_NATIVE_GEMM and FC are written as CONV.
 * @return #DG_OK, #DG_EINVAL (NULL layer, or a layer or mapping the model
 *         would reject), #DG_ERANGE if the text did not fit (still NUL-terminated).
 */
DG_API int dg_maestro_write_layer(const dg_layer *layer, const dg_mapping *mapping, char *buf,
                                  size_t cap, size_t *needed);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_COST_MODEL_H */
