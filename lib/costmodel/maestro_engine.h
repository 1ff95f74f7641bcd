/*
 * maestro_engine.h: private to the analysis engine (maestro_engine.c,
 * maestro_inner.c, maestro_fix.c): the per-level tables, the states of a
 * directive, the analysis context, the small helpers every part of the
 * engine uses, and the functions one of those files calls in another.
 *
 * The helpers are static inline on purpose: they run in the innermost loops,
 * where a call across files would cost more than they do.
 */
#ifndef DIGAMMA_MAESTRO_ENGINE_H
#define DIGAMMA_MAESTRO_ENGINE_H

#include "costmodel.h"

/* A directive's position in its iteration (§5): Init, Steady, Edge. */
enum { ST_I = 0, ST_S = 1, ST_E = 2 };

/* Fully unroll a short loop of constant trip count (tensors, PEV/PIV
 * variants) in the hot paths: -O2 keeps them as loops. */
#define UNROLL _Pragma("GCC unroll 8")

/* State classes a factor depends on: Init (not at an edge), Init at an
 * (init-)edge, Steady, Edge. */
enum { SC_I = 0, SC_IE = 1, SC_S = 2, SC_E = 3, NSC = 4 };

/* PEV variants (§6.4) the derived quantities of §6.5 use: partial sums or
 * not, first sub-unit or not, edge-edge sub-unit or not, reuse at the edge
 * (E10 = no partial sums, first, not edge-edge; P01R0 = partial sums, not
 * first, edge-edge, no reuse; see dgi_pev_all). */
enum { V_E10, V_E00, V_E11, V_E01, V_P10, V_P11, V_P01R0, NPEV };

/* PIV variants (§6.2) SI uses: (first, ee*). */
enum { W_10, W_00, W_11, W_01, NPIV };
static const uint8_t piv_first[NPIV] = {1, 0, 1, 0};
static const uint8_t piv_ee[NPIV] = {0, 0, 1, 1};

/* Per-level factor tables (computed once per level, or per call for a child
 * whose sizes depend on its table in default mode's repaired analysis). */
typedef struct ltab {
    int64_t pev[DGI_MAXD][NSC][NPEV];       /* PEV factor of directive i in state class sc */
    int64_t pb[DGI_MAXD][NSC][2][2];        /* PIV factor before the advancing directive: [t][ee*] */
    uint8_t sdb[DGI_MAXD][NSC][2];          /* hands its edge size down (SD, §6.7): [sc][ee*] */
    uint8_t cpl[3][DGI_MAXD];               /* directive i's variable is coupled with tensor t */
    uint8_t tsp[3];                         /* tensor t has a spatially mapped variable */
    int8_t tspst[3];                        /* its last spatially mapped variable's directive */
    int8_t tspd[3][2];                      /* its spatially mapped directives (-1 = none) */
    uint8_t tspm[3], tstm[3];               /* tspd, tspst as bits: 1 the level's first SpatialMap, 2 its last */
    uint8_t built[DGI_MAXD];                /* bit sc: dgi_fill_core done; bit 4 + sc: fill_rest done */
    uint8_t cponly[DGI_MAXD];               /* bit sc: pev holds CP's variants alone (dgi_fcache_dir) */
    int64_t noc_max;                        /* an upper bound of every NoC delay, or -1 if unknown */
    int64_t in_first;                       /* the first step's ingress delay when it is known, else -1 */
    uint8_t rbuilt[DGI_MAXD];               /* bit sc: rq[i][sc] filled (static levels only) */
    int64_t rq[DGI_MAXD][NSC][3];           /* volume-to-CP factor ratios per tensor (step_ratio) */
    uint8_t pready, ppos;                   /* first_si_tab: done (static levels only); every factor >= 1 */
    int8_t tl[2][DGI_MAXD];                 /* the input tensors' coupled temporal directives */
    uint8_t ntl[2];
    int64_t pmvf[DGI_MAXD][2][NPIV];        /* the first step's PMV factors: [i][Init edge][PIV variant] */
} ltab;

/* The states one directive takes in one call (§5). */
typedef struct dstates {
    int n;
    uint8_t sc[3], ee[3], u[3];
    int64_t occ[3];
    /* CP factor aggregates for the compute-bound fast path (dgi_set_aggregates):
     * Σ occ·factor per variant (P10, P11), the smallest factor, and whether
     * any factor is below 1. */
    int64_t sum[2], minf, init[2]; /* init: the Init state's factor per variant */
    uint8_t hasz; /* some factor is 0 (then minf is the smallest nonzero one, or 1) */
} dstates;

/* A level has at most 7 directives (one per variable), so 7 key bits. */
#define MEMO_SLOTS (1 << 7)

/* The memos by key (ectx.memo, simemo, fsimemo) mark their filled slots in a
 * bit set, which is cheap to clear per analysis. */
static inline int memo_has(const uint64_t *have, unsigned key)
{
    return (have[key >> 6] >> (key & 63)) & 1;
}

static inline void memo_mark(uint64_t *have, unsigned key)
{
    have[key >> 6] |= UINT64_C(1) << (key & 63);
}

typedef struct ectx {
    const dgi_problem *p;
    const dgi_built *b;
    const dgi_mhw *hw;
    int head;                      /* skip cases with no partial sums (HEAD) */
    int fixed;                     /* default mode's repaired analysis */
    int first_done;
    int64_t first_l1[3];
    int abort;                     /* MAESTRO would terminate or crash */
    int ovf;                       /* a count overflowed 64 bits */
    ltab tab[DG_MAX_LEVELS];
    /* The top level's states, when top_macs has found them for the analysis. */
    int top_st_ok;
    dstates top_st[DGI_MAXD];
    /* Whether top_macs found MAESTRO's MAC count in closed form for those
     * states (0 not tried, 1 yes: top_macs, 2 no). */
    int top_macs_closed;
    int64_t top_macs;
    uint64_t have[DG_MAX_LEVELS][MEMO_SLOTS / 64]; /* memo[lv][key] is set: a bit per key (cheap to clear) */
    int64_t memo[DG_MAX_LEVELS][MEMO_SLOTS];
    /* A child's directive sees one of two sizes (the parent's mapped or edge
     * size), so its states are cached per level, directive and that choice. */
    uint8_t shave[DG_MAX_LEVELS][DGI_MAXD];
    dstates scache[DG_MAX_LEVELS][DGI_MAXD][2];
    /* The key bits that matter to a static child level (child_key_mask). */
    uint8_t kmask_ok[DG_MAX_LEVELS];
    unsigned kmask[DG_MAX_LEVELS];
    /* Whether level_ratio_bound showed it for every call: 0 not yet tried, 1 yes, 2 no. */
    uint8_t rlevel[DG_MAX_LEVELS];
    /* Whether a static child level's runtime takes product form
     * (dgi_child_product): 0 not yet known, 1 yes, 2 no. */
    uint8_t prod[DG_MAX_LEVELS];
    /* Its first step's SI depends only on the key bits in simask (the
     * directives whose Init state is at an edge or edge-edge for one size
     * and not the other), so it is memoised by those. */
    unsigned simask[DG_MAX_LEVELS];
    uint64_t sihave[DG_MAX_LEVELS][MEMO_SLOTS / 64];
    int64_t simemo[DG_MAX_LEVELS][MEMO_SLOTS];
    /* The repaired analysis rebuilds level 1 for each table the (static) top
     * level hands down, but a directive's states and compute-delay factors
     * there depend only on a few of that table's entries: its own variable's,
     * the first SpatialMap's (E) and, for Y/X, R's/S's (Y'/X'). Cached by
     * those choices (fsub_key; this cache is maestro_fix.c's). */
    uint8_t fhave[DGI_MAXD];
    uint8_t fshift[DGI_MAXD][3]; /* the key bits of those choices (8: none) */
    struct fdir {
        dstates s;
        int64_t pev[NSC][NPEV]; /* the core factors (CP's variants), as in ltab.pev */
        uint8_t sdb[NSC][2];
        /* dir_ratio over the entry's states, per E = 1 or not: bit e of
         * dmb set when computed, of dok when known (else it is unbounded). */
        uint8_t dmb, dok;
        int64_t dm[2][3];
        /* The first step's PMV factors (state 0) per PIV variant, for
         * dgi_first_si, and whether all are at least 1. */
        uint8_t pmvpos;
        int64_t pmv[NPIV];
    } fcache[DGI_MAXD][8];
    /* Level 1 prepared for the table of the last key (flite_for), and its
     * factor tables (tensor facts copied once; factors per call). */
    dgi_level flite;
    unsigned fkey;
    int flite_ok;
    ltab ftab;
    /* NoC bounds of level 1 that hold for every key (fstatic_bounds), -1 if none. */
    int64_t fnoc_static, fin_static;
    /* Level 1's largest dir_ratio per directive over the cache entries
     * computed so far, per E = 1 or not (fixed_ratio_bound), and whether
     * their product passes (fmpass: 0 not known, 1 yes, 2 no). */
    int64_t fmax[2][DGI_MAXD][3];
    uint8_t fmpass[2];
    /* From fcache_prefill, which fills every entry a key can select: whether
     * every key whose E <= N is shown compute-bound (per E = 1 or not), and
     * whether every entry's PMV factors are at least 1 (fdir.pmvpos). */
    uint8_t fshown[2], fpmvpos;
    /* The key bits the repaired level 1's first-step SI depends on (the
     * entries whose PMV factors or Init flags differ, and E's: fsi_mask;
     * all bits unless fcache_prefill found them), and that SI memoised by
     * them (own_cached). */
    unsigned fsimask;
    uint64_t fsihave[MEMO_SLOTS / 64];
    int64_t fsimemo[MEMO_SLOTS];
    /* Level 1's E per choice of its first SpatialMap's entry (key bit fE_bit). */
    int64_t fE[2];
    int fE_bit;
} ectx;

/* What inner_fast takes from outside the level and its ltab: the CP factors
 * per directive and state class (ltab.pev, or default mode's per-directive
 * cache for the repaired level 1, see own_fast) and the NoC bounds. */
typedef struct cpsrc {
    const int64_t (*pev[DGI_MAXD])[NPEV];
    int64_t noc_max, in_first;
    struct fdir **fd; /* the repaired level 1's cache entries per directive, or NULL */
} cpsrc;

/* a·b and a + b that raise *ovf instead of wrapping: a count that does not
 * fit in 64 bits makes the evaluation fail. The flag is a local of the
 * function doing the arithmetic, passed on to ectx.ovf once at its end
 * (flag_ovf): with a store to the context at every product, GCC reloaded
 * after each one whatever an int store might change (the states' and
 * tables' bytes, the levels' ints), 3.5 % more instructions. A NULL ovf
 * means that the caller has shown the result to fit (the top level's step
 * loop, top_counts_fit): plain arithmetic then, the test folded away where
 * the NULL is a constant. */
static inline int64_t mulc(int *ovf, int64_t a, int64_t b)
{
    if (!ovf)
        return a * b;
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        *ovf = 1;
    return r;
}

static inline int64_t addc(int *ovf, int64_t a, int64_t b)
{
    if (!ovf)
        return a + b;
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        *ovf = 1;
    return r;
}

static inline void flag_ovf(ectx *c, int ovf)
{
    if (ovf)
        c->ovf = 1;
}

static inline int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* ceil(a / b) for b > 0 and any sign of a (Python's -(-a // b)). */
static inline int64_t ceil_div(int64_t a, int64_t b)
{
    if (b == 1)
        return a;
    int64_t q = a / b;
    if (a % b != 0 && a > 0)
        q++;
    return q;
}

/* floor(a / b) for b > 0 (Python's //). */
static inline int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && a < 0)
        q--;
    return q;
}

/* (k + 1) mod n for 0 <= k < n: the odometer's next state without a
 * division (idiv costs tens of cycles; this runs at every step). */
static inline int next_state(int k, int n)
{
    return k + 1 == n ? 0 : k + 1;
}

/* Steps in MAESTRO's order: case 0 is all-Init; case q+1 uses state
 * (digit_i(q) + 1) mod n_i of directive i, digit_i being an odometer over q.
 * Moves idx (the states of directives ms[0..nms-1], raw their digits) to
 * case cn >= 1 and returns the first position whose state changed. */
static inline int next_case(int64_t cn, const struct dstates *const *st, const int *ms, int nms, int *idx, int *raw)
{
    if (cn == 1) {
        for (int r = 0; r < nms; r++)
            idx[ms[r]] = next_state(0, st[ms[r]]->n);
        return 0;
    }
    int r = nms - 1;
    while (++raw[r] == st[ms[r]]->n) {
        raw[r] = 0;
        idx[ms[r]] = next_state(0, st[ms[r]]->n);
        r--;
    }
    idx[ms[r]] = next_state(raw[r], st[ms[r]]->n);
    return r;
}

/* The reported L1 size comes from the first record MAESTRO completes: a
 * child level whose runtime comes in closed form records its mapped tiles
 * (both halves of the double buffer) if no record has yet. */
static inline void note_first_l1(ectx *c, const dgi_level *L)
{
    if (!c->first_done) {
        c->first_done = 1;
        for (int t = 0; t < 3; t++)
            c->first_l1[t] = 2 * L->mv[t];
    }
}

/* A state class's position, and whether it is at an edge. */
static inline int sc_pos(int sc)
{
    return sc == SC_S ? ST_S : sc == SC_E ? ST_E : ST_I;
}

static inline int sc_edge(int sc)
{
    return sc == SC_IE || sc == SC_E;
}

/* Output-centric alias: Y -> Y', X -> X' for convolutions. */
static inline int oalias(const dgi_problem *p, int v)
{
    if (p->conv) {
        if (v == DG_DIM_Y)
            return DG_DIM_YO;
        if (v == DG_DIM_X)
            return DG_DIM_XO;
    }
    return v;
}

/* NoC delay: λ + ceil(x / BW) − 1. */
static inline int64_t noc_delay(const dgi_mhw *hw, int64_t x)
{
    /* Most steps move no more than the bandwidth (always so when it is unlimited). */
    if (x > 0 && x <= hw->noc_bw)
        return hw->noc_lat;
    /* A 64-bit division costs tens of cycles, and a NoC bandwidth is often a power of 2. */
    int64_t sends = x == 0 ? 0 : x > 0 && hw->noc_shift >= 0 ? ((x - 1) >> hw->noc_shift) + 1 : ceil_div(x, hw->noc_bw);
    return hw->noc_lat + sends - 1;
}

/* The spatial flags of a step (§6.3) as two bits, 1 for the level's first
 * SpatialMap and 2 for its last: at an edge (*edge), edge-edge (*ee). A
 * tensor's spatial directives are among those two, so its flags are these
 * bits masked by ltab.tspm and tstm. */
static inline void step_spatial(const dgi_level *L, const dstates *const *st, const int *idx, unsigned *edge,
                                unsigned *ee)
{
    int s0 = L->sp_idx, s1 = L->last_sp;
    *edge = (unsigned)sc_edge(st[s0]->sc[idx[s0]]) | (unsigned)sc_edge(st[s1]->sc[idx[s1]]) << 1;
    *ee = (unsigned)st[s0]->ee[idx[s0]] | (unsigned)st[s1]->ee[idx[s1]] << 1;
}

/* The off-chip term of the top level's steps (§7.8), from the doubled L2
 * sizes of its first processed step. */
static inline int64_t offchip_delay(const dgi_mhw *hw, const int64_t *l2_size)
{
    int64_t ob = floor_div(l2_size[2], hw->offchip_bw);
    int64_t ib = floor_div(l2_size[0] + l2_size[1], hw->offchip_bw);
    return max64(floor_div(ib, 2), floor_div(ob, 2));
}

/* PE mapped volume PMV factor, §6.1 (the first step: nothing advanced). */
static inline int64_t pmv_factor(const dgi_level *L, int i, int edge, int first, int ee)
{
    int v = L->var[i];
    if (!L->spatial[i])
        return edge ? L->mpe[v] : L->mp[v];
    if (!edge)
        return L->mp[v];
    if (L->E == 1)
        return (first || ee) ? L->mpe[v] : 1;
    return ee ? L->mpe[v] : L->mp[v];
}

/* Which PIV variants SI(t) needs (§6.3), and SI from them. */
static inline unsigned si_needs(const dgi_level *L, int sp, int spedge, int ee)
{
    if (!sp)
        return 1u << W_10;
    if (!spedge)
        return (1u << W_10) | (L->N > 1 ? 1u << W_00 : 0);
    unsigned m = (L->E == 1 && ee) ? 1u << W_11 : 1u << W_10;
    if (L->E > 1) {
        if (L->E - ee - 1 > 0)
            m |= 1u << W_00;
        if (ee)
            m |= 1u << W_01;
    }
    return m;
}

static inline int64_t si_combine(int *ovf, const dgi_level *L, int sp, int spedge, int ee, const int64_t *v)
{
    if (!sp)
        return v[W_10];
    if (!spedge)
        return L->N > 1 ? addc(ovf, v[W_10], mulc(ovf, L->N - 1, v[W_00])) : v[W_10];
    int64_t r = (L->E == 1 && ee) ? v[W_11] : v[W_10];
    if (L->E > 1) {
        if (L->E - ee - 1 > 0)
            r = addc(ovf, r, mulc(ovf, L->E - ee - 1, v[W_00]));
        if (ee)
            r = addc(ovf, r, v[W_01]);
    }
    return r;
}

/* What PIV needs per call (§6.2), for every directive cd that may be the
 * innermost one to leave Init: whether an inner coupled loop restarted
 * ("inited"), the product of the factors after cd (all in Init) and of the
 * single-state factors before it; and PMV for the first step. */
typedef struct pivctx {
    uint8_t inited[2][DGI_MAXD], abort_at[2][DGI_MAXD];
    int64_t after[2][NPIV][DGI_MAXD], before1[2][2][DGI_MAXD] /* [t][ee*][cd] */, pmv0[2][NPIV];
    int64_t chg[2][NPIV][DGI_MAXD]; /* piv_changing of cd, when it has several states */
} pivctx;

/* --- maestro_engine.c --- */

/* The states directive i of level L takes when its table says d (§5). */
void dgi_directive_states(const dgi_level *L, int i, int64_t d, dstates *s);

/* A level's tensor facts, its factors not filled yet; with bounds, its NoC
 * bounds for inner_fast. */
void dgi_init_tab(ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw, int bounds);

/* The PEV factors of directive i in state class sc, every variant (§6.4). */
void dgi_pev_all(const dgi_problem *p, const dgi_level *L, int fixed, int i, int sc, int64_t *f);

/* The factors the compute delay needs (CP's PEV variants, SD's edge bits). */
void dgi_fill_core(ltab *T, const dgi_problem *p, const dgi_level *L, int fixed, int i, int sc);

/* The CP aggregates of one directive's states, for inner_fast. */
void dgi_set_aggregates(const ltab *T, int i, dstates *s);

/* The analysis A(lv, delta) of level L with tables T, §7: its runtime; at the
 * top (top != NULL) also the counts MAESTRO reports. */
int64_t dgi_analyze_level(ectx *c, int lv, const dgi_level *L, ltab *T, const int64_t *delta, unsigned key,
                          dgi_mresult *top);

/* What PIV needs for the level's states (pivctx). */
void dgi_piv_setup(ectx *c, const dgi_level *L, const ltab *T, const dstates *const *st, pivctx *x);

/* MAESTRO's MAC count of the top level in closed form; 0 when it cannot be
 * shown (a factor below 1, so that steps may be skipped, or an overflow). */
int dgi_top_macs_closed(const dgi_level *L, const ltab *T, const dstates *const *st, int64_t *macs);

/* The whole tensors' sizes at the top (top->l2_wr[0..1], top->l2_rd[2]). */
void dgi_top_tiles(const ectx *c, const int64_t *delta, dgi_mresult *top, int *ovf);

/* The runtime of child level lv for the key its parent hands down, on a
 * memo miss (dgi_child_runtime). */
int64_t dgi_child_analyze(ectx *c, int lv, const dgi_level *parent, unsigned key);

/* That runtime, memoised (the look-up inlined, as most calls hit). */
static inline int64_t dgi_child_runtime(ectx *c, int lv, const dgi_level *parent, unsigned key)
{
    if (memo_has(c->have[lv], key))
        return c->memo[lv][key];
    return dgi_child_analyze(c, lv, parent, key);
}

/* The child's runtime in one step of its parent (the step loop's compute
 * delay): with the parent's first SpatialMap at an edge and edge-edge
 * (first_ee), the larger of the runtimes for the edge-edge table (key k1)
 * and, if E > 1, the other (k0); else the runtime for k0. */
static inline int64_t step_child_runtime(ectx *c, int lv, const dgi_level *parent, int first_ee, unsigned k0,
                                         unsigned k1)
{
    if (!first_ee)
        return dgi_child_runtime(c, lv, parent, k0);
    int64_t comp = dgi_child_runtime(c, lv, parent, k1);
    if (parent->E - 1 > 0)
        comp = max64(comp, dgi_child_runtime(c, lv, parent, k0));
    return comp;
}

/* Fill the states of directive i of the static child level lv for the size
 * d its parent hands down (b: the parent's edge size), into ectx.scache. */
void dgi_child_states_fill(ectx *c, int lv, int i, int b, int64_t d);

/* Those states, with their compute-delay factors: filled on first use, the
 * look-up inlined (most calls hit). */
static inline const dstates *child_states(ectx *c, int lv, int i, int b, int64_t d)
{
    if (!((c->shave[lv][i] >> b) & 1))
        dgi_child_states_fill(c, lv, i, b, d);
    return &c->scache[lv][i][b];
}

/* --- maestro_inner.c --- */

/* Bounds of every NoC delay of a level, and of its first step's ingress
 * delay, from the level's sizes or from bounds of its tensors' sub-unit
 * volumes; -1 when there is none. */
int64_t dgi_noc_bound(const ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw);
int64_t dgi_first_ingress(const ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw);
int64_t dgi_noc_from_vols(const ltab *T, const dgi_level *L, const dgi_mhw *hw, const int64_t *vol);
int64_t dgi_first_from_vols(const ltab *T, const dgi_level *L, const dgi_mhw *hw, const int64_t *vol);

/* SI of both input tensors in the first step of a level below the top. */
int64_t dgi_first_si(ectx *c, const dgi_level *L, ltab *T, const dstates *const *st, struct fdir *const *fd);

/* Whether every step of a level but the first is shown compute-bound,
 * directive by directive. */
int dgi_ratio_bound(ectx *c, int lv, const dgi_level *L, ltab *T, const dstates *const *st, const cpsrc *x);

/* Computes the ratios of the repaired level 1's cache entry f (directive i)
 * for E = 1 or not as e1 (with an output spatially mapped), raising the
 * level's maxima (ectx.fmax). L is level 1 prepared for a key that selects
 * f, with that E unless directive i is temporal. */
void dgi_fdir_ratio(ectx *c, const dgi_level *L, ltab *T, int i, struct fdir *f, int e1);

/* Whether the product of the maxima (ectx.fmax, E = 1 or not as e1) shows
 * every key of the repaired level 1 whose E <= N compute-bound, L being
 * level 1 prepared for such a key. */
int dgi_fmax_pass(ectx *c, const dgi_level *L, const ltab *T, int e1);

/* The runtime of the static innermost child level lv for the (masked) key,
 * in product form (product_sum); 0 when that cannot be shown. */
int dgi_child_product(ectx *c, int lv, const dgi_level *parent, unsigned key, int64_t *rt);

/* inner_fast, the closed form these serve, is in maestro_inner.h. */

/* --- maestro_top.c --- */

/* The top level's sums over its steps. */
typedef struct topsums {
    int64_t runtime, macs, out_l2_wr, in_l2_rd[2], l2_size[3];
} topsums;

/* The top level L (with a child level) in closed form, its counts shown to
 * fit (top_counts_fit): its sums in *z, the whole tensors' sizes in top.
 * key_single: the child's key bits of the single-state directives. 0 when
 * that cannot be shown; the step loop then runs. px, px_ready: the step
 * loop's PIV context, set up lazily (dgi_piv_setup) and shared. */
int dgi_top_closed(ectx *c, const dgi_level *L, const ltab *T, const int64_t *delta, const dstates *const *st,
                   const int *ms, int nms, unsigned kmask, const unsigned *key_single, pivctx *px, int *px_ready,
                   dgi_mresult *top, topsums *z);

/* --- maestro_fix.c (the repaired analysis's child levels) --- */

/* Set up the repaired level 1's cache for one analysis. */
void dgi_own_init(ectx *c);

/* Level 1's directive i for this key: its cache entry, its core factors put
 * in T. */
struct fdir *dgi_fcache_dir(ectx *c, const dgi_level *L, ltab *T, int i, unsigned key, const int64_t *delta);

/* A child level below the top analysed for the table it is given (§14.1). */
int64_t dgi_analyze_own(ectx *c, int lv, const int64_t *delta, unsigned key);

#endif /* DIGAMMA_MAESTRO_ENGINE_H */
