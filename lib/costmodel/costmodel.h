/*
 * costmodel.h: internal interface of the cost-model part.
 *
 * The built-in model is a C re-implementation of MAESTRO's analytical model
 * (see docs/cost-model.md and reference/maestro-model.md). It is split into:
 *   maestro_levels.c  problem description and cluster-level construction (spec §2-§4)
 *   maestro_engine.c  iteration cases, reuse volumes and the recursive analysis (§5-§9)
 *   maestro_engine.h  the engine's private types, inline helpers and cross-file functions
 *   maestro_inner.c   closed form of compute-bound innermost levels, and its proofs (§7.7)
 *   maestro_inner.h   that closed form itself (inner_fast), inlined into its two callers
 *   maestro_fix.c     default mode's repaired analysis (§14), with its cached level 1
 *   maestro_model.c   the built-in ops: options, modes, dg_layer_cost, area/power
 *   maestro_parse.c   MAESTRO mapping and hardware files in
 *   maestro_write.c   MAESTRO mapping notation out
 *   cost_model.c      the plug-in handle and ops copying
 * Nothing here keeps global mutable state; all scratch memory is per call.
 */
#ifndef DIGAMMA_COSTMODEL_H
#define DIGAMMA_COSTMODEL_H

#include "internal.h"

#include <stdint.h>

/* Number of variable codes: the dg_dim values (N K C Y X R S Y' X'). */
#define DGI_NV DG_DIM_COUNT
/* Every level holds each problem variable at most once, so at most 7 directives. */
#define DGI_MAXD 8

/* Problem kinds as MAESTRO sees them. GEMM-native keeps MAESTRO's M/N/K tensors. */
enum { DGI_P_CONV = 0, DGI_P_DSCONV = 1, DGI_P_GEMM = 2 };

/* One tensor: its coupled variables, in MAESTRO's order. */
typedef struct dgi_tensor {
    int nv;
    int8_t vars[5];
    uint32_t mask; /* bit v set when variable v is coupled */
} dgi_tensor;

/* The layer as MAESTRO's dimension table (spec §2.1). */
typedef struct dgi_problem {
    int kind;                    /* DGI_P_* */
    int conv;                    /* overlap pairs (Y,R) and (X,S) exist */
    int64_t size[DGI_NV];        /* top-level table; Y/X padded; Y' = Y-R+1 (stride ignored, as MAESTRO) */
    int64_t stride[DGI_NV];
    dgi_tensor tens[3];          /* input, filter, output */
    int nin;                     /* input-tensor variables (input + filter), MAESTRO's string order */
    int8_t invars[DGI_MAXD];
    uint32_t inmask;
    int64_t true_macs;           /* K·C·R·S·Y'·X'·N with strided output sizes (per channel for DW) */
    int64_t out_y, out_x;        /* true (strided) output rows and columns */
} dgi_problem;

/* One cluster level after construction (spec §3-§4). */
typedef struct dgi_level {
    int nd;                      /* directives (== problem->nin) */
    int8_t var[DGI_MAXD];
    int8_t spatial[DGI_MAXD];
    int8_t dir_of[DGI_NV];       /* directive index of a variable, -1 if absent */
    int64_t size[DGI_MAXD], ofs[DGI_MAXD];
    int sp_idx;                  /* the first SpatialMap */
    int nsp;
    int last_sp;                 /* the last SpatialMap (decides PM's edge-edge flag) */
    int64_t N;                   /* sub-units */
    int64_t E;                   /* active sub-units in a spatial edge step */
    int64_t D[DGI_NV];           /* static dimension table */
    int64_t mp[DGI_NV], un[DGI_NV], mpe[DGI_NV], une[DGI_NV];
    int64_t mv[3];               /* mapped tile per tensor, Π mp (L1 size) */
} dgi_level;

/* Which MAESTRO build to mimic in compatibility mode. */
enum { DGI_VARIANT_HEAD = 0, DGI_VARIANT_E1D8EFD = 1 };

typedef struct dgi_mopts {
    int variant;                 /* DGI_VARIANT_* */
    int fixed;                   /* 0 MAESTRO's analysis; 1 the repaired one (maestro_fix.c);
                                  * 2 default mode: MAESTRO's if it counts the MACs right, else repaired */
} dgi_mopts;

/* Hardware as the engine uses it (unlimited resolved to INT_MAX like MAESTRO). */
typedef struct dgi_mhw {
    int64_t num_pes, simd, noc_bw, noc_lat, offchip_bw;
    int noc_shift;               /* log2(noc_bw) when it is a power of 2, else -1 (noc_delay) */
} dgi_mhw;

/* A built mapping: the levels plus what decides validity. */
typedef struct dgi_built {
    int nlv;
    dgi_level lv[DG_MAX_LEVELS];
    int invalid;                 /* MAESTRO rejects or returns garbage for it (see reason) */
    const char *reason;
} dgi_built;

/* Everything MAESTRO reports for one layer (elements, cycles, counts). */
typedef struct dgi_mresult {
    int64_t runtime, macs;
    int64_t model_macs;          /* MACs the analysis itself counted (before default mode's fix) */
    int64_t l1_size[3], l2_size[3];
    int64_t l1_size_total, l2_size_total;
    int64_t l1_rd[3], l1_wr[3], l2_rd[3], l2_wr[3];
    double energy;               /* screen formula, MAC units */
    int valid;
    const char *reason;          /* why not valid (static string), or NULL */
} dgi_mresult;

/* a / b for a >= 0 and b > 0. Sizes are nearly always below 2^32, and a
 * 32-bit division takes a fraction of a 64-bit one's cycles on x86-64. */
static inline int64_t dgi_udiv(int64_t a, int64_t b)
{
    if (((uint64_t)a | (uint64_t)b) >> 32 == 0)
        return (int64_t)((uint32_t)a / (uint32_t)b);
    return a / b;
}

/* --- maestro_levels.c --- */

/* Check @p layer and describe it for the engine. native_gemm keeps MAESTRO's
 * GEMM tensors; otherwise GEMM and FC are lowered to CONV as gamma does.
 * has_batch adds the N dimension. DG_EINVAL / DG_ERANGE with a message. */
int dgi_problem_init(dgi_problem *p, const dg_layer *layer, int native_gemm, int has_batch);

/* Check @p m against @p p and @p num_pes, then build the cluster levels. */
int dgi_build_levels(dgi_built *b, const dgi_problem *p, const dg_mapping *m, int64_t num_pes, const dgi_mopts *o);

/* (Re)compute a level's per-level quantities from its table L->D. */
void dgi_prepare_level(dgi_level *L, const dgi_problem *p, int fixed);

/* Bring a prepared level up to date after its table's entry L->D[v] changed
 * (what dgi_prepare_level would then compute differently: v's sizes, E if v
 * is the first SpatialMap's, the output-centric sizes v takes part in). The
 * tile sizes, hence mv, do not depend on the table. */
void dgi_reprepare_var(dgi_level *L, const dgi_problem *p, int v, int fixed);

/* E, the active sub-units in a spatial edge step (spec §4), of level L
 * when its first SpatialMap's table entry is d (L's own sizes otherwise). */
int64_t dgi_edge_units(const dgi_level *L, int64_t d, int fixed);

/* Resolve and check a dg_hw. */
int dgi_hw_resolve(dgi_mhw *h, const dg_hw *hw);

/* Does the mapping name variable @p dim anywhere? */
int dgi_mapping_uses(const dg_mapping *m, int dim);

/* --- maestro_engine.c --- */

/* Run MAESTRO's analysis on built levels (compatibility semantics). */
int dgi_maestro_analyze(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o,
                        dgi_mresult *r);

/* Default mode: repair a result whose MAC count MAESTRO got wrong (maestro_fix.c). */
int dgi_maestro_fix(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o, dgi_mresult *r);

/* Recompute the screen-report energy from the counts. */
void dgi_maestro_energy(dgi_mresult *r);

/* Convenience: problem + levels + analysis for one layer/mapping/hw. */
int dgi_maestro_eval(const dg_layer *layer, const dg_hw *hw, const dg_mapping *m, const dgi_mopts *o,
                     int fixed_mode, dgi_mresult *r);

/* --- cost_model.c --- */

/* DiGamma's area model: 282 µm² per PE + 0.688 µm² per byte of L1·PEs + L2; power 0. */
int dgi_default_area(const dg_hw *hw, double *area_um2, double *power_mw);

/* --- names shared by the parser and the writer --- */
const char *dgi_dim_name(int dim, int gemm_native);

/* Mapping flags are optional at the end of dg_mapping. */
uint32_t dgi_mapping_flags(const dg_mapping *m);

#endif /* DIGAMMA_COSTMODEL_H */
