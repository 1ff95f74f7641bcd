/**
 * @file budget.h
 * @brief Hardware constraints: area, power, PE limit and fixed-hardware capacities.
 */
#ifndef DIGAMMA_BUDGET_H
#define DIGAMMA_BUDGET_H

#include "common.h"

DG_BEGIN_DECLS

/**
 * @defgroup budget Budget
 * @brief What a design must satisfy to be feasible.
 *
 * Limits that are not set are #DG_UNLIMITED. A budget is copied by the
 * objects that use it, so it may be destroyed afterwards.
 * Thread safety: read from any number of threads; modify from one.
 * @{
 */

/** Opaque budget handle. */
typedef struct dg_budget dg_budget;

/** Area of the `edge` preset, in mm² (the paper's edge platform). */
#define DG_EDGE_AREA_MM2 0.2
/** Area of the `cloud` preset, in mm² (the paper's cloud platform). */
#define DG_CLOUD_AREA_MM2 7.0

/**
 * @brief Create a budget with an area limit.
 * @param[out] out receives the budget; unchanged on failure.
 * @param area_mm2 area limit in mm² (> 0), or #DG_UNLIMITED.
 * @return #DG_OK, #DG_EINVAL for NULL @p out or a non-positive, non-finite area, #DG_ENOMEM.
 */
DG_API int dg_budget_create(dg_budget **out, double area_mm2);

/**
 * @brief Create a budget from a platform preset: "edge" (0.2 mm²) or "cloud" (7.0 mm²).
 * @return #DG_OK, #DG_ENOTFOUND for an unknown name, #DG_EINVAL, #DG_ENOMEM.
 */
DG_API int dg_budget_create_preset(dg_budget **out, const char *platform);

/** @brief Deep copy. @return #DG_OK, #DG_EINVAL, #DG_ENOMEM. */
DG_API int dg_budget_clone(dg_budget **out, const dg_budget *b);

/** @brief Destroy a budget. NULL is ignored. */
DG_API void dg_budget_destroy(dg_budget *b);

/** @brief Set the area limit in mm² (> 0 or #DG_UNLIMITED). @return #DG_OK or #DG_EINVAL. */
DG_API int dg_budget_set_area_mm2(dg_budget *b, double area_mm2);
/** @brief The area limit in mm², or #DG_UNLIMITED (also for NULL). */
DG_API double dg_budget_area_mm2(const dg_budget *b);

/** @brief Set the power limit in mW (> 0 or #DG_UNLIMITED). @return #DG_OK or #DG_EINVAL. */
DG_API int dg_budget_set_power_mw(dg_budget *b, double power_mw);
/** @brief The power limit in mW, or #DG_UNLIMITED. */
DG_API double dg_budget_power_mw(const dg_budget *b);

/** @brief Set the largest allowed PE count (≥ 1 or #DG_UNLIMITED). @return #DG_OK or #DG_EINVAL. */
DG_API int dg_budget_set_max_pes(dg_budget *b, int64_t max_pes);
/** @brief The PE limit, or #DG_UNLIMITED. */
DG_API int64_t dg_budget_max_pes(const dg_budget *b);

/**
 * @brief Fix the hardware: a @p rows × @p cols PE array (clusters × PEs per
 * cluster) with the given L1 (per PE) and L2 capacities in bytes.
 *
 * Searches under such a budget explore mappings only; a mapping that needs
 * more buffer than the capacity is infeasible. Capacities may be
 * #DG_UNLIMITED.
 * @return #DG_OK, #DG_EINVAL for values < 1 (other than #DG_UNLIMITED capacities),
 *         #DG_ERANGE if rows × cols overflows. @p b is unchanged on failure.
 */
DG_API int dg_budget_set_fixed_hw(dg_budget *b, int64_t rows, int64_t cols, int64_t l1_bytes,
                                  int64_t l2_bytes);

/** @brief Remove the fixed-hardware constraint. */
DG_API void dg_budget_clear_fixed_hw(dg_budget *b);

/**
 * @brief Read the fixed-hardware constraint.
 * @param b the budget.
 * @param[out] rows,cols,l1_bytes,l2_bytes each may be NULL.
 * @return 1 if the hardware is fixed (outputs filled), 0 if not or @p b is NULL.
 */
DG_API int dg_budget_fixed_hw(const dg_budget *b, int64_t *rows, int64_t *cols, int64_t *l1_bytes,
                              int64_t *l2_bytes);

/**
 * Hand-picked fixed hardware for an area budget: the paper's Mapping-opt
 * schemes (§V-A), which search mappings on hardware a designer chose. The
 * shares keep every preset usable by every built-in model: each PE's L1
 * holds at least a 7×7 filter's working set (294 bytes), which a
 * compute-heavier split would not leave room for. Values are pinned.
 */
typedef enum dg_hw_preset {
    DG_HW_PRESET_BUFFER = 1,  /**< Buffer-focused: 20 % of the area for PEs, 80 % for SRAM. */
    DG_HW_PRESET_MEDIUM = 2,  /**< Medium buffer and compute: 30 % for PEs, 70 % for SRAM. */
    DG_HW_PRESET_COMPUTE = 3  /**< Compute-focused: 40 % for PEs, 60 % for SRAM (the paper's Fig. 7 design has 39 %). */
} dg_hw_preset;

/**
 * @brief Fix the hardware (as dg_budget_set_fixed_hw()) to a preset sized for
 * the budget's area under the default area model (282 µm² per PE, 0.688 µm²
 * per SRAM byte).
 *
 * The preset's share of the area buys PEs, capped by the PE limit if one is
 * set; the array has as many PEs per cluster as the largest power of two not
 * above the square root of that count. Half of the SRAM bytes are split
 * evenly into the PEs' L1s, the other half is the L2. The whole design fits
 * the area budget.
 * @return #DG_OK, #DG_EINVAL (NULL @p b, unknown @p preset, unlimited area),
 *         #DG_EINFEASIBLE (the area cannot hold one PE and its buffers).
 *         @p b is unchanged on failure.
 */
DG_API int dg_budget_set_fixed_hw_preset(dg_budget *b, int preset);

/** @brief Name of a #dg_hw_preset ("buffer", "medium", "compute"), or NULL. */
DG_API const char *dg_hw_preset_name(int preset);
/** @brief The #dg_hw_preset named @p name, or #DG_ENOTFOUND (also for NULL). */
DG_API int dg_hw_preset_from_name(const char *name);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_BUDGET_H */
