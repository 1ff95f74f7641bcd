/*
 * maestro_engine.c: MAESTRO's per-level analysis (reference/maestro-model.md
 * §5-§9): iteration states and cases, the reuse volumes, the recursion
 * through cluster levels, runtime, buffer sizes and access counts.
 *
 * How it is organised, and why it is fast without changing a single number:
 *
 *  - Every volume of §6 is a product of one factor per directive, and each
 *    factor depends only on that directive's state and on a few flags
 *    ("first" sub-unit, "edge-edge" sub-unit, partial sums or not). The one
 *    exception, the temporal-reuse model PIV (§6.2), splits at the innermost
 *    directive that left Init: directives before it, the directive itself,
 *    and the ones after it (which are all in Init) each have their own factor.
 *    So every factor is tabulated once per level (struct ltab), and the
 *    products are kept as prefix products over the directives while the cases
 *    are enumerated, odometer-style, in MAESTRO's order.
 *  - A child level's result depends only on the table its parent hands down,
 *    and each entry of that table is the parent's mapped or edge size: child
 *    results are memoised by that choice, one bit per directive (§16), less
 *    the bits that leave every child directive's states as they are
 *    (child_key_mask).
 *  - An innermost child whose every step is provably compute-bound sums its
 *    steps in closed form (inner_fast, maestro_inner.h; the proofs are in
 *    maestro_inner.c). With one SIMD lane that sum is a product of
 *    per-directive sums: a memo miss of such a child then costs a product
 *    per directive (dgi_child_product, product_sum).
 *  - Below the top only what the runtime needs is computed; MAESTRO reports
 *    access counts from the top level alone.
 *  - Default mode's repaired analysis rebuilds each child level for the
 *    table it is given, level 1 from a cache (maestro_fix.c).
 *
 * All scratch memory is on the caller's stack: no allocation, no globals.
 */
#include "maestro_engine.h"
#include "maestro_inner.h"

#include <string.h>

/* Prefix products over directives 0..d-1 for the current case. */
typedef struct prow {
    int64_t occ;
    int64_t pev[NPEV];
    int64_t pb[2][2]; /* [t][ee*]: PIV's factor before the advancing directive depends on ee* alone */
    unsigned key[2];
    int chg;     /* innermost directive not in Init so far, -1 if none */
    int chg_row; /* the row holding the products before that directive */
} prow;

/* ------------------------------------------------------------------------ */
/* Factors (§6), one directive at a time */

/* The PEV(out, psum, first, ee*, reuse) factors of directive i in state class
 * sc, §6.4, for every variant the analysis uses at once (they share all
 * their tests). Variants: E10 E00 E11 E01 (no partial sums; first, ee*),
 * P10 P11 (partial sums, first), P01R0 (partial sums, ee*, no edge reuse). */
void dgi_pev_all(const dgi_problem *p, const dgi_level *L, int fixed, int i, int sc, int64_t *f)
{
    int v = L->var[i], pos = sc_pos(sc), edge = sc_edge(sc);
    int64_t E = L->E;
    int out = (p->tens[2].mask >> v) & 1;
    int a = out ? oalias(p, v) : v;
    if (!L->spatial[i]) {
        /* Temporal: one factor whatever the variant (1 without partial sums
         * for a reduction variable). */
        int64_t t = edge ? L->mpe[a] : L->mp[a], e = out ? t : 1;
        f[V_P10] = f[V_P11] = f[V_P01R0] = t;
        f[V_E10] = f[V_E00] = f[V_E11] = f[V_E01] = e;
        return;
    }
    /* "first ? mp : un", a zero un counting as 1. */
    int64_t mpf = L->mp[a], mpu = L->un[a] ? L->un[a] : 1;
    if (!out) {
        /* Part 1: a reduction variable (not coupled with the output). */
        f[V_E10] = f[V_E00] = f[V_E11] = f[V_E01] = 1;
        if (pos == ST_I) {
            f[V_P10] = mpf;
            f[V_P11] = edge ? L->mpe[v] : mpf;
            f[V_P01R0] = edge ? L->mpe[v] : mpu;
        } else if (pos == ST_S) {
            f[V_P10] = f[V_P11] = mpf;
            f[V_P01R0] = mpu;
        } else if (E == 1) {
            f[V_P10] = f[V_P11] = f[V_P01R0] = L->mpe[v];
        } else {
            f[V_P10] = mpf;
            f[V_P11] = f[V_P01R0] = L->une[v];
        }
        return;
    }
    /* Part 2: the output's own variables, output-centric. */
    if (pos == ST_I) {
        int64_t ee = edge ? (E == 1 ? L->mpe[a] : L->une[a]) : 0;
        f[V_E10] = f[V_P10] = mpf;
        f[V_E00] = mpu;
        f[V_E11] = f[V_P11] = edge ? ee : mpf;
        f[V_E01] = edge ? ee : mpu;
        f[V_P01R0] = edge ? L->mpe[a] : mpu; /* no reuse: the edge tile itself */
    } else if (pos == ST_S) {
        f[V_E10] = f[V_P10] = f[V_E11] = f[V_P11] = mpf;
        f[V_E00] = f[V_E01] = f[V_P01R0] = mpu;
    } else if (E == 1) {
        /* QUIRK (§14.5): MAESTRO takes the input-centric v here */
        int64_t q = fixed ? L->mpe[a] : L->mpe[v];
        f[V_E10] = f[V_E11] = f[V_E01] = f[V_P10] = f[V_P11] = f[V_P01R0] = q;
        f[V_E00] = 1;
    } else {
        f[V_E10] = f[V_P10] = mpf;
        f[V_E00] = mpu;
        f[V_E11] = f[V_E01] = f[V_P11] = f[V_P01R0] = L->une[a];
    }
}

/* PIV factors of §6.2, for a coupled variable. M* and U* follow ee*. */
static int64_t piv_before(const dgi_level *L, int i, int sc, int ee)
{
    int v = L->var[i];
    if (!L->spatial[i])
        return sc == SC_IE ? L->mpe[v] : L->mp[v];
    return ee ? L->mpe[v] : L->mp[v];
}

static int64_t piv_changing(const dgi_level *L, int i, int inited, int first, int ee)
{
    int v = L->var[i];
    if (!L->spatial[i])
        return inited ? L->mp[v] : max64(L->un[v], 1);
    int64_t M = ee ? L->mpe[v] : L->mp[v], U = ee ? L->une[v] : L->un[v];
    return (!first && !inited) ? U : M;
}

static int64_t piv_after(const dgi_level *L, int i, int edge, int first, int ee)
{
    int v = L->var[i];
    if (!L->spatial[i])
        return edge ? L->mpe[v] : L->mp[v];
    int64_t M = ee ? L->mpe[v] : L->mp[v], U = ee ? L->une[v] : L->un[v];
    return first ? M : U;
}

/* Tensor-level facts of a level, and no factors yet (they are filled lazily). */
void dgi_init_tab(ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw, int bounds)
{
    int nd = L->nd;
    memset(T->built, 0, sizeof T->built);
    memset(T->cponly, 0, sizeof T->cponly);
    memset(T->rbuilt, 0, sizeof T->rbuilt);
    T->pready = 0;
    for (int t = 0; t < 3; t++) {
        T->tsp[t] = 0;
        T->tspst[t] = -1;
        T->tspd[t][0] = T->tspd[t][1] = -1;
        for (int i = 0; i < nd; i++)
            T->cpl[t][i] = (p->tens[t].mask >> L->var[i]) & 1;
        /* MAESTRO looks at the tensor's variables in the tensor's order (§6.3). */
        int n = 0;
        for (int k = 0; k < p->tens[t].nv; k++) {
            int i = L->dir_of[p->tens[t].vars[k]];
            if (L->spatial[i]) {
                T->tsp[t] = 1;
                T->tspst[t] = (int8_t)i;
                if (n < 2)
                    T->tspd[t][n++] = (int8_t)i;
            }
        }
        /* The same as bits: 1 for the level's first SpatialMap, 2 for its last. */
        T->tspm[t] = T->tstm[t] = 0;
        for (int k = 0; k < n; k++)
            T->tspm[t] |= (uint8_t)(T->tspd[t][k] == L->sp_idx ? 1 : 2);
        if (T->tsp[t])
            T->tstm[t] = T->tspst[t] == L->sp_idx ? 1 : 2;
    }
    /* Only the compute-bound fast path below the top uses the NoC bounds. */
    T->noc_max = bounds ? dgi_noc_bound(T, p, L, hw) : -1;
    T->in_first = bounds ? dgi_first_ingress(T, p, L, hw) : -1;
}

/* The factors the compute delay needs (CP's two PEV variants, SD's edge
 * bits) of directive i in state class sc. */
void dgi_fill_core(ltab *T, const dgi_problem *p, const dgi_level *L, int fixed, int i, int sc)
{
    int v = L->var[i];
    dgi_pev_all(p, L, fixed, i, sc, T->pev[i][sc]);
    /* SD (§6.7): does directive i hand its edge size down? */
    for (int ee = 0; ee < 2; ee++) {
        int use_e;
        if (!L->spatial[i])
            use_e = sc_edge(sc);
        else if (sc == SC_I || sc == SC_S)
            use_e = 0;
        else
            use_e = L->E == 1 || ee;
        T->sdb[i][sc][ee] = (uint8_t)(use_e && L->mpe[v] != L->mp[v]);
    }
    T->built[i] |= (uint8_t)(1u << sc);
}

/* The factors the prefix rows also need: SE's and PM's PEV variants and PIV
 * before the advancing directive (§6.2). */
static void fill_rest(ltab *T, const dgi_problem *p, const dgi_level *L, int fixed, int i, int sc)
{
    /* dgi_fill_core filled them all, unless the repaired level 1 took its
     * core factors from its cache (dgi_fcache_dir). */
    if ((T->cponly[i] >> sc) & 1)
        dgi_pev_all(p, L, fixed, i, sc, T->pev[i][sc]);
    if (!L->spatial[i]) {
        int64_t b = piv_before(L, i, sc, 0);
        for (int t = 0; t < 2; t++)
            T->pb[i][sc][t][0] = T->pb[i][sc][t][1] = T->cpl[t][i] ? b : 1;
    } else {
        int64_t b0 = piv_before(L, i, sc, 0), b1 = piv_before(L, i, sc, 1);
        for (int t = 0; t < 2; t++) {
            T->pb[i][sc][t][0] = T->cpl[t][i] ? b0 : 1;
            T->pb[i][sc][t][1] = T->cpl[t][i] ? b1 : 1;
        }
    }
    T->built[i] |= (uint8_t)(16u << sc);
}

/* The CP aggregates of one directive's states (its core factors are filled). */
void dgi_set_aggregates(const ltab *T, int i, dstates *s)
{
    int64_t a0 = T->pev[i][s->sc[0]][V_P10], b0 = T->pev[i][s->sc[0]][V_P11];
    if (s->n == 1 && a0 > 0 && b0 > 0) {
        /* Most directives of a child level stay in Init (occurring once), with
         * positive factors: the loop below in short. */
        s->hasz = 0;
        s->sum[0] = s->init[0] = a0;
        s->sum[1] = s->init[1] = b0;
        s->minf = a0 < b0 ? a0 : b0;
        return;
    }
    int64_t s0 = 0, s1 = 0, m = INT64_MAX;
    int ovf = 0, neg = 0, z = 0;
    for (int k = 0; k < s->n; k++) {
        int64_t a = T->pev[i][s->sc[k]][V_P10], b = T->pev[i][s->sc[k]][V_P11], x, y;
        ovf |= __builtin_mul_overflow(s->occ[k], a, &x);
        ovf |= __builtin_mul_overflow(s->occ[k], b, &y);
        ovf |= __builtin_add_overflow(s0, x, &s0);
        ovf |= __builtin_add_overflow(s1, y, &s1);
        neg |= a < 0 || b < 0;
        z |= a == 0 || b == 0;
        if (a > 0)
            m = a < m ? a : m;
        if (b > 0)
            m = b < m ? b : m;
    }
    if (m == INT64_MAX)
        m = 1; /* every factor is 0: only the bound on nonzero products matters */
    s->hasz = (uint8_t)z;
    if (neg)
        ovf = 1; /* a negative factor (absurd sizes) disables the fast path too */
    s->sum[0] = s0;
    s->sum[1] = s1;
    s->init[0] = T->pev[i][s->sc[0]][V_P10];
    s->init[1] = T->pev[i][s->sc[0]][V_P11];
    s->minf = ovf ? 0 : m; /* an overflow (absurd sizes) just disables the fast path */
}

/* Make sure the factors of every state of directive i are there (always
 * inlined: with the level analysis compiled three times, GCC stopped
 * inlining it into them). */
static inline __attribute__((always_inline)) void ensure_dir(ltab *T, const dgi_problem *p, const dgi_level *L,
                                                              int fixed, int i, const dstates *s, int full)
{
    for (int k = 0; k < s->n; k++) {
        int sc = s->sc[k];
        if (!((T->built[i] >> sc) & 1))
            dgi_fill_core(T, p, L, fixed, i, sc);
        if (full && !((T->built[i] >> (4 + sc)) & 1))
            fill_rest(T, p, L, fixed, i, sc);
    }
}

/* ... of every directive of this call. */
static void ensure_tab(ltab *T, const dgi_problem *p, const dgi_level *L, int fixed, const dstates *const *st, int full)
{
    for (int i = 0; i < L->nd; i++)
        ensure_dir(T, p, L, fixed, i, st[i], full);
}

/* ------------------------------------------------------------------------ */
/* States (§5) */

void dgi_directive_states(const dgi_level *L, int i, int64_t d, dstates *s)
{
    int64_t m = L->size[i], o = L->ofs[i];
    if (!L->spatial[i]) {
        s->sc[0] = d < m ? SC_IE : SC_I, s->occ[0] = 1, s->u[0] = d <= m, s->ee[0] = 0;
        s->n = 1;
        int64_t nst = m < d ? dgi_udiv(d - m, o) : 0; /* only used when m <= d */
        if (m < d && nst > 0) {
            s->sc[s->n] = SC_S, s->occ[s->n] = nst, s->u[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
        if (!(d < m) && nst * o + m < d) {
            s->sc[s->n] = SC_E, s->occ[s->n] = 1, s->u[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
    } else {
        int64_t N = L->N;
        int64_t cov = m + o * (N - 1);
        int u = d <= cov, ie = d < cov;
        s->sc[0] = ie ? SC_IE : SC_I, s->occ[0] = 1, s->u[0] = (uint8_t)u, s->ee[0] = (uint8_t)ie;
        s->n = 1;
        if (u)
            return; /* one spatial step covers d: no Steady, no Edge */
        int64_t nst = dgi_udiv(dgi_udiv(d - m, o) + 1, N) - 1; /* d > cov >= m */
        if (cov < d && nst > 0) {
            s->sc[s->n] = SC_S, s->occ[s->n] = nst, s->u[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
        int has_edge = !u && ((nst + 1) * o * N + cov > d) && (nst * o * N + cov != d);
        int64_t rem = d - (nst + 1) * o * N;
        int64_t act = rem < m ? 1 : dgi_udiv(rem - m, o) + 1;
        int ee = (act - 1) * o + m < rem;
        if (!ie && has_edge) {
            s->sc[s->n] = SC_E, s->occ[s->n] = 1, s->u[s->n] = 0, s->ee[s->n] = (uint8_t)ee;
            s->n++;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The per-level analysis A(ℓ, δ), §7 */

static int64_t analyze(ectx *c, int lv, const int64_t *delta, unsigned key, dgi_mresult *top);

/* PM(out) of one top-level step (§6.5), from the step's PEV products,
 * whether a SpatialMap is at an edge (any) and whether the last one is
 * edge-edge (ee). */
static inline __attribute__((always_inline)) int64_t psum_mapping(int *ovf, const dgi_level *L, int any, int ee,
                                                                   const int64_t *v)
{
    if (!any)
        return mulc(ovf, L->N, v[V_P10]);
    int64_t pm = (L->E == 1 && ee) ? v[V_P11] : v[V_P10];
    if (L->E > 1)
        pm = addc(ovf, pm, addc(ovf, mulc(ovf, max64(L->E - ee - 1, 0), v[V_P10]), ee ? v[V_P01R0] : 0));
    return pm;
}

/* The states of directive i of the (static) child level lv when its parent
 * hands down size d, its mapped (b = 0) or edge (b = 1) size; cached, with
 * their compute-delay factors. */
__attribute__((noinline)) void dgi_child_states_fill(ectx *c, int lv, int i, int b, int64_t d)
{
    const dgi_level *L = &c->b->lv[lv];
    ltab *T = &c->tab[lv];
    dstates *s = &c->scache[lv][i][b];
    dgi_directive_states(L, i, d, s);
    for (int k = 0; k < s->n; k++)
        if (!((T->built[i] >> s->sc[k]) & 1))
            dgi_fill_core(T, c->p, L, c->fixed, i, s->sc[k]);
    dgi_set_aggregates(T, i, s);
    c->shave[lv][i] |= (uint8_t)(1u << b);
}

static int same_states(const dstates *a, const dstates *b)
{
    if (a->n != b->n)
        return 0;
    for (int k = 0; k < a->n; k++)
        if (a->sc[k] != b->sc[k] || a->ee[k] != b->ee[k] || a->u[k] != b->u[k] || a->occ[k] != b->occ[k])
            return 0;
    return 1;
}

/* The key bits a static child level's result depends on. Everything the
 * analysis of a level computes (and, through the edge bits, hands further
 * down) is a function of its directives' states alone, so a parent directive
 * whose mapped and edge sizes give the child directive the same states does
 * not matter: clearing its bit lets keys that differ only there share one
 * memo entry (about 40 % fewer child analyses on the benchmark's mappings). */
static unsigned child_key_mask(ectx *c, int lv, const dgi_level *parent)
{
    if (c->kmask_ok[lv])
        return c->kmask[lv];
    const dgi_level *L = &c->b->lv[lv];
    unsigned mask = 0;
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i];
        if (parent->mpe[v] == parent->mp[v])
            continue; /* one size: the parent never sets this bit */
        const dstates *s0 = child_states(c, lv, i, 0, parent->mp[v]);
        const dstates *s1 = child_states(c, lv, i, 1, parent->mpe[v]);
        if (!same_states(s0, s1))
            mask |= 1u << parent->dir_of[v];
    }
    c->kmask[lv] = mask;
    c->kmask_ok[lv] = 1;
    return mask;
}

__attribute__((noinline)) int64_t dgi_child_analyze(ectx *c, int lv, const dgi_level *parent, unsigned key)
{
    int64_t rt;
    if (c->fixed || !dgi_child_product(c, lv, parent, key, &rt)) {
        int64_t dchild[DGI_NV];
        for (int i = 0; i < parent->nd; i++) {
            int v = parent->var[i];
            dchild[v] = ((key >> i) & 1) ? parent->mpe[v] : parent->mp[v];
        }
        rt = analyze(c, lv, dchild, key, NULL);
    }
    memo_mark(c->have[lv], key);
    c->memo[lv][key] = rt;
    return rt;
}

/* Row r+1 of the prefix products from row r and the state of directive d. */
static inline void extend_row(int *ovf, const ltab *T, const dstates *const *st, int d, int k, int ri, const prow *r,
                              prow *n)
{
    int sc = st[d]->sc[k];
    /* A directive and a state class, as GCC is told: under ASan its
     * -Warray-bounds took T->sdb[d][sc] for out of bounds. */
    if ((unsigned)d >= DGI_MAXD || (unsigned)sc >= NSC)
        __builtin_unreachable();
    n->occ = r->occ * st[d]->occ[k];
    UNROLL
    for (int q = 0; q < NPEV; q++)
        n->pev[q] = mulc(ovf, r->pev[q], T->pev[d][sc][q]);
    UNROLL
    for (int t = 0; t < 2; t++)
        UNROLL
        for (int e = 0; e < 2; e++)
            n->pb[t][e] = mulc(ovf, r->pb[t][e], T->pb[d][sc][t][e]);
    n->key[0] = r->key[0] | ((unsigned)T->sdb[d][sc][0] << d);
    n->key[1] = r->key[1] | ((unsigned)T->sdb[d][sc][1] << d);
    n->chg = sc == SC_S || sc == SC_E ? d : r->chg;
    n->chg_row = sc == SC_S || sc == SC_E ? ri : r->chg_row;
}

void dgi_piv_setup(ectx *c, const dgi_level *L, const ltab *T, const dstates *const *st, pivctx *x)
{
    int nd = L->nd;
    int ovf = 0;
    int64_t suf[2][NPIV] = {{1, 1, 1, 1}, {1, 1, 1, 1}}, pm0[2][NPIV] = {{1, 1, 1, 1}, {1, 1, 1, 1}};
    uint8_t in[2] = {0, 0};
    for (int i = nd - 1; i >= 0; i--) {
        int cp0 = T->cpl[0][i], cp1 = T->cpl[1][i];
        int un0 = !L->spatial[i] && L->un[L->var[i]] == 0;
        UNROLL
        for (int t = 0; t < 2; t++) {
            UNROLL
            for (int w = 0; w < NPIV; w++)
                x->after[t][w][i] = suf[t][w];
            x->inited[t][i] = in[t];
            x->abort_at[t][i] = T->cpl[t][i] && !in[t] && un0;
        }
        if (!cp0 && !cp1)
            continue;
        /* The factors after the advancing directive and in PMV do not depend
         * on the tensor, only whether it is coupled: computed once for both. */
        int v = L->var[i], edge = st[i]->sc[0] == SC_IE;
        int64_t fa[NPIV], fm[NPIV];
        if (!L->spatial[i]) {
            /* A temporal directive's factor after the advancing one and in PMV
             * is its Init tile, whatever the variant. */
            int64_t f = edge ? L->mpe[v] : L->mp[v];
            UNROLL
            for (int w = 0; w < NPIV; w++)
                fa[w] = fm[w] = f;
        } else {
            UNROLL
            for (int w = 0; w < NPIV; w++) {
                fa[w] = piv_after(L, i, edge, piv_first[w], piv_ee[w]);
                fm[w] = pmv_factor(L, i, edge, piv_first[w], piv_ee[w]);
            }
        }
        UNROLL
        for (int t = 0; t < 2; t++) {
            if (!T->cpl[t][i])
                continue;
            UNROLL
            for (int w = 0; w < NPIV; w++) {
                suf[t][w] = mulc(&ovf, suf[t][w], fa[w]);
                pm0[t][w] = mulc(&ovf, pm0[t][w], fm[w]);
            }
            if (!st[i]->u[0])
                in[t] = 1;
        }
    }
    memcpy(x->pmv0, pm0, sizeof pm0);
    for (int i = 0; i < nd; i++)
        if (st[i]->n > 1)
            UNROLL
            for (int t = 0; t < 2; t++)
                UNROLL
                for (int w = 0; w < NPIV; w++)
                    x->chg[t][w][i] = piv_changing(L, i, x->inited[t][i], piv_first[w], piv_ee[w]);
    int64_t pre[2][2] = {{1, 1}, {1, 1}};
    for (int i = 0; i < nd; i++) {
        UNROLL
        for (int t = 0; t < 2; t++)
            UNROLL
            for (int e = 0; e < 2; e++)
                x->before1[t][e][i] = pre[t][e];
        if (st[i]->n == 1) {
            const int64_t(*pb)[2] = T->pb[i][st[i]->sc[0]];
            UNROLL
            for (int t = 0; t < 2; t++)
                if (T->cpl[t][i]) /* pb is 1 for an uncoupled directive */
                    UNROLL
                    for (int e = 0; e < 2; e++)
                        pre[t][e] = mulc(&ovf, pre[t][e], pb[t][e]);
        }
    }
    flag_ovf(c, ovf);
}

/* SI of both input tensors and SE of the output in one step (§6.3, §6.5).
 * Inlined into the step loop (GCC kept it out of line): 2 % fewer
 * instructions per evaluation. */
static inline __attribute__((always_inline)) void step_volumes(int *ovf, const dgi_level *L, const ltab *T,
                                                                const prow *rows, const prow *R, const pivctx *x,
                                                                const uint8_t *spedge, const uint8_t *eet, int64_t *si,
                                                                int64_t *se)
{
    const int64_t *v = R->pev;
    if (!T->tsp[2])
        *se = v[V_E10];
    else if (!spedge[2])
        *se = L->N > 1 ? addc(ovf, v[V_E10], mulc(ovf, L->N - 1, v[V_E00])) : v[V_E10];
    else {
        int64_t r = (L->E == 1 && eet[2]) ? v[V_E11] : v[V_E10];
        if (L->E > 1)
            r = addc(ovf, r, addc(ovf, mulc(ovf, max64(L->E - eet[2] - 1, 0), v[V_E00]), eet[2] ? v[V_E01] : 0));
        *se = r;
    }
    int chg = R->chg;
    UNROLL
    for (int t = 0; t < 2; t++) {
        if (chg >= 0 && !T->cpl[t][chg]) {
            si[t] = 0; /* QUIRK (§14.2): not coupled with the advancing loop: stationary */
            continue;
        }
        unsigned need = si_needs(L, T->tsp[t], spedge[t], eet[t]);
        int64_t piv[NPIV] = {0, 0, 0, 0};
        if (chg < 0) {
            UNROLL
            for (int w = 0; w < NPIV; w++)
                piv[w] = x->pmv0[t][w];
        } else {
            const prow *B = &rows[R->chg_row];
            UNROLL
            for (int w = 0; w < NPIV; w++)
                if ((need >> w) & 1)
                    piv[w] = mulc(ovf, mulc(ovf, mulc(ovf, B->pb[t][piv_ee[w]], x->before1[t][piv_ee[w]][chg]),
                                          x->chg[t][w][chg]),
                                  x->after[t][w][chg]);
        }
        si[t] = si_combine(ovf, L, T->tsp[t], spedge[t], eet[t], piv);
    }
}

/* The analysis of level lv for the table delta (key: the parent's choices
 * of edge sizes); default mode's repaired analysis rebuilds a child level for
 * its table (dgi_analyze_own, maestro_fix.c). */
static int64_t analyze(ectx *c, int lv, const int64_t *delta, unsigned key, dgi_mresult *top)
{
    if (c->fixed && lv > 0)
        return dgi_analyze_own(c, lv, delta, key);
    return dgi_analyze_level(c, lv, &c->b->lv[lv], &c->tab[lv], delta, key, top);
}

/* The body of dgi_analyze_level, compiled three times there. */
static inline __attribute__((always_inline)) int64_t analyze_level_body(ectx *c, int lv, const dgi_level *L, ltab *T,
                                                                       const int64_t *delta, unsigned key,
                                                                       dgi_mresult *top, int fits)
{
    const dgi_problem *p = c->p;
    const dgi_mhw *hw = c->hw;
    int innermost = lv == c->b->nlv - 1;
    int nd = L->nd;
    int ovf = 0; /* see mulc */
    int *hot = fits ? NULL : &ovf; /* the step loop's counts: checked unless top_counts_fit */
    if (c->fixed && !innermost)
        /* This level's edge sizes may depend on its own table, so the memo
         * keys of its child are only meaningful within this call. */
        memset(c->have[lv + 1], 0, sizeof c->have[lv + 1]);

    /* States; the factors of the state classes that occur. Only directives
     * with several states are enumerated; the others (always in Init) are
     * folded into constants. */
    dstates stbuf[DGI_MAXD];
    const dstates *st[DGI_MAXD];
    int64_t total = 1;
    int ms[DGI_MAXD], nms = 0;
    int cached = lv > 0 && L == &c->b->lv[lv];
    const dgi_level *parent = lv > 0 ? &c->b->lv[lv - 1] : NULL;
    /* Default mode's repaired level 1 (see ectx.fcache). */
    int fcached = c->fixed && lv == 1;
    struct fdir *fd[DGI_MAXD];
    const dstates *found = top && c->top_st_ok ? c->top_st : NULL; /* by top_macs */
    for (int i = 0; i < nd; i++) {
        if (fcached) {
            struct fdir *f = fd[i] = dgi_fcache_dir(c, L, T, i, key, delta);
            if (!innermost)
                ensure_dir(T, p, L, c->fixed, i, &f->s, 1);
            st[i] = &f->s;
        } else if (cached) {
            /* A child's states, and their compute-delay factors, once per
             * directive and size handed down. */
            int b = (key >> parent->dir_of[L->var[i]]) & 1;
            st[i] = child_states(c, lv, i, b, delta[L->var[i]]);
        } else if (found) {
            st[i] = &found[i];
            ensure_dir(T, p, L, c->fixed, i, st[i], 1);
        } else {
            dgi_directive_states(L, i, delta[L->var[i]], &stbuf[i]);
            ensure_dir(T, p, L, c->fixed, i, &stbuf[i], !(innermost && !top));
            if (innermost && !top)
                dgi_set_aggregates(T, i, &stbuf[i]);
            st[i] = &stbuf[i];
        }
        total *= st[i]->n;
        if (st[i]->n > 1)
            ms[nms++] = i;
    }
    if (fcached)
        T->noc_max = dgi_noc_bound(T, p, L, hw), T->in_first = dgi_first_ingress(T, p, L, hw);
    if (innermost && !top) {
        int64_t rt;
        cpsrc x;
        x.noc_max = T->noc_max, x.in_first = T->in_first, x.fd = fcached ? fd : NULL;
        for (int i = 0; i < nd; i++)
            x.pev[i] = T->pev[i];
        if (inner_fast(c, lv, L, T, st, &x, ms, nms, &rt)) {
            note_first_l1(c, L);
            return rt;
        }
        ensure_tab(T, p, L, c->fixed, st, 1);
    } else if (cached) {
        ensure_tab(T, p, L, c->fixed, st, 1);
    }
    pivctx px;
    int px_ready = 0;

    int64_t runtime = 0, macs = 0, offchip = 0;
    /* The top level's sums over the steps, in locals (stores through top
     * would make the compiler reload the level's sizes at every step). */
    int64_t in_l2_rd[2] = {0, 0}, out_l2_wr = 0, out_l1_wr = 0;
    int64_t l2_size[3] = {0, 0, 0};
    int reruns = 0; /* times the first-case block ran (cases skipped before it re-run it) */
    int processed = 0;
    int idx[DGI_MAXD], raw[DGI_MAXD];
    prow rows[DGI_MAXD + 1];
    /* Row 0: the single-state directives' constant factors. */
    rows[0].occ = 1;
    UNROLL
    for (int q = 0; q < NPEV; q++)
        rows[0].pev[q] = 1;
    for (int t = 0; t < 2; t++)
        rows[0].pb[t][0] = rows[0].pb[t][1] = 1;
    rows[0].key[0] = rows[0].key[1] = 0;
    rows[0].chg = -1;
    rows[0].chg_row = 0;
    for (int i = 0; i < nd; i++) {
        idx[i] = 0;
        if (st[i]->n == 1) {
            int sc = st[i]->sc[0];
            UNROLL
            for (int q = 0; q < NPEV; q++)
                rows[0].pev[q] = mulc(&ovf, rows[0].pev[q], T->pev[i][sc][q]);
            rows[0].key[0] |= (unsigned)T->sdb[i][sc][0] << i;
            rows[0].key[1] |= (unsigned)T->sdb[i][sc][1] << i;
        }
    }

    /* The child's key bits that matter (all in the repaired analysis, whose
     * child levels are rebuilt for their table), and HEAD's rules, once. */
    unsigned kmask = innermost || c->fixed ? ~0u : child_key_mask(c, lv + 1, L);
    int head = c->head;

    /* The top's counts in closed form where that can be shown (maestro_top.c):
     * then the step loop has nothing left to do. */
    topsums z;
    int px_shared = 0; /* not px_ready itself: its address taken, the loop would reload it */
    int closed = fits && !innermost &&
                 dgi_top_closed(c, L, T, delta, st, ms, nms, kmask, rows[0].key, &px, &px_shared, top, &z);
    px_ready = px_shared;
    if (closed) {
        /* No step is skipped, so the output's L1 writes are the MACs. */
        runtime = z.runtime, macs = out_l1_wr = z.macs, out_l2_wr = z.out_l2_wr;
        in_l2_rd[0] = z.in_l2_rd[0], in_l2_rd[1] = z.in_l2_rd[1];
        for (int t = 0; t < 3; t++)
            l2_size[t] = z.l2_size[t];
        reruns = 1; /* no step is skipped */
        total = 0;
    }

    /* MAESTRO's order (next_case). */
    for (int r = 0; r < nms; r++)
        raw[r] = 0;
    for (int64_t cn = 0; cn < total; cn++) {
        int from = cn ? next_case(cn, st, ms, nms, idx, raw) : 0;
        for (int r = from; r < nms; r++)
            extend_row(hot, T, st, ms[r], idx[ms[r]], r, &rows[r], &rows[r + 1]);
        const prow *R = &rows[nms];
        int64_t occ = R->occ;
        int chg = R->chg;

        /* Spatial flags (§6.3): which SpatialMaps are at an edge, looked up
         * once for the three tensors, PM and the child's table. */
        uint8_t spedge[3], eet[3];
        unsigned e, ee;
        step_spatial(L, st, idx, &e, &ee);
        UNROLL
        for (int t = 0; t < 3; t++) {
            spedge[t] = (e & T->tspm[t]) != 0;
            eet[t] = (ee & T->tstm[t]) != 0;
        }

        /* SI and SE: always at the top (they are counted); below it only when a
         * NoC delay could exceed the compute delay. */
        int64_t si[2] = {0, 0}, se = 0;
        int have_vol = 0;
        if (top) {
            if (!px_ready)
                dgi_piv_setup(c, L, T, st, &px), px_ready = 1;
            step_volumes(hot, L, T, rows, R, &px, spedge, eet, si, &se);
            have_vol = 1;
        }
        if (processed == 0) {
            reruns++;
            if (chg >= 0) {
                if (!px_ready)
                    dgi_piv_setup(c, L, T, st, &px), px_ready = 1;
                if (px.abort_at[0][chg] || px.abort_at[1][chg])
                    c->abort = 1; /* MAESTRO terminates: a unique size of 0 */
            }
            if (top) {
                for (int t = 0; t < 2; t++)
                    l2_size[t] = addc(&ovf, l2_size[t], 2 * si[t]);
                l2_size[2] = 2 * se;
                dgi_top_tiles(c, delta, top, &ovf);
            }
        }

        /* occ·PM: the output's L1 writes and reads count it in every step,
         * the MACs and the inputs' L1 reads in the steps not skipped; the
         * pairs are equal, so each is summed once (copied at the end). */
        int64_t opm = 0;
        if (top) {
            opm = mulc(hot, occ, psum_mapping(hot, L, e != 0, ee >> 1, R->pev));
            out_l2_wr = addc(hot, out_l2_wr, mulc(hot, occ, se));
            out_l1_wr = addc(hot, out_l1_wr, opm);
        }
        /* Critical-path partial sums CP (§6.5). */
        int64_t psums = (T->tsp[2] && spedge[2] && L->E == 1 && eet[2]) ? R->pev[V_P11] : R->pev[V_P10];
        if (psums <= 0 && head)
            continue; /* HEAD skips cases without partial sums (§15) */
        if (chg >= 0) {
            if (!px_ready)
                dgi_piv_setup(c, L, T, st, &px), px_ready = 1;
            if (px.abort_at[0][chg] || px.abort_at[1][chg])
                c->abort = 1; /* MAESTRO terminates: a unique size of 0 */
        }
        if (top) {
            for (int t = 0; t < 2; t++) {
                in_l2_rd[t] = addc(hot, in_l2_rd[t], mulc(hot, occ, si[t]));
            }
        }

        int64_t comp;
        if (innermost) {
            comp = ceil_div(psums, hw->simd);
        } else {
            comp = step_child_runtime(c, lv + 1, L, e & ee & 1, R->key[0] & kmask, R->key[1] & kmask);
        }
        if (lv == 0 && !head && comp == 0)
            c->abort = 1; /* e1d8efd divides by the top-level compute delay */

        int64_t delay;
        if (!have_vol && chg >= 0 && T->noc_max >= 0 && comp >= T->noc_max) {
            delay = comp; /* no NoC delay of this level can exceed it */
        } else {
            if (!have_vol) {
                if (!px_ready)
                    dgi_piv_setup(c, L, T, st, &px), px_ready = 1;
                step_volumes(hot, L, T, rows, R, &px, spedge, eet, si, &se);
            }
            int64_t in_d = noc_delay(hw, addc(hot, si[0], si[1]));
            int64_t out_d = noc_delay(hw, se);
            delay = chg < 0 ? comp + in_d : max64(max64(out_d, comp), in_d);
        }
        if (lv == 0) {
            /* Off-chip term with the doubled L2 sizes (§7.8); the sizes only change
             * until the first step that is not skipped. */
            if (processed == 0) {
                offchip = offchip_delay(hw, l2_size);
            }
            delay = max64(delay, offchip);
        }
        runtime = addc(&ovf, runtime, mulc(&ovf, occ, delay));
        if (top)
            macs = addc(hot, macs, opm);
        processed++;
    }

    if (!c->first_done) {
        /* The reported L1 size comes from the first record MAESTRO completes. */
        c->first_done = 1;
        c->first_l1[0] = reruns * 2 * L->mv[0];
        c->first_l1[1] = reruns * 2 * L->mv[1];
        c->first_l1[2] = 2 * L->mv[2];
    }
    if (top) {
        top->runtime = runtime;
        top->macs = macs;
        for (int t = 0; t < 2; t++) /* QUIRK (§14.6): the inputs' L1 writes are set to their L2 reads, not summed */
            top->l2_rd[t] = top->l1_wr[t] = in_l2_rd[t];
        top->l2_wr[2] = out_l2_wr;
        top->l1_wr[2] = top->l1_rd[2] = out_l1_wr;
        top->l1_rd[0] = top->l1_rd[1] = macs;
        for (int t = 0; t < 3; t++)
            top->l2_size[t] = l2_size[t];
    }
    flag_ovf(c, ovf);
    return runtime;
}

/* The whole tensors' sizes at the top: the inputs' L2 writes and the
 * output's L2 reads. */
void dgi_top_tiles(const ectx *c, const int64_t *delta, dgi_mresult *top, int *ovf)
{
    const dgi_problem *p = c->p;
    for (int t = 0; t < 2; t++) {
        int64_t sz = 1;
        for (int k = 0; k < p->tens[t].nv; k++)
            sz = mulc(ovf, sz, delta[p->tens[t].vars[k]]);
        top->l2_wr[t] = sz;
    }
    int64_t sz = 1;
    for (int k = 0; k < p->tens[2].nv; k++) {
        int v = p->tens[2].vars[k];
        if (p->conv && (v == DG_DIM_Y || v == DG_DIM_X)) {
            /* QUIRK (§14.3): MAESTRO ignores the stride in the output size */
            int64_t f = delta[v] - delta[v == DG_DIM_Y ? DG_DIM_R : DG_DIM_S];
            sz = mulc(ovf, sz, c->fixed ? floor_div(f, p->stride[v]) + 1 : f + 1);
        } else {
            sz = mulc(ovf, sz, delta[v]);
        }
    }
    top->l2_rd[2] = sz;
}

/*
 * Whether no count the top level's step loop sums can overflow 64 bits, so
 * that the loop can skip mulc's checks. Every product there takes at most
 * one factor per directive, each of them 1 or one of its variable's sizes
 * mp, mpe, un, une (for Y and X, or Y''s and X''s: oalias), at most F, the
 * product of their maxima. SI, SE and PM add at most N + E + 1 such
 * products (si_combine, psum_mapping), and the steps' occurrences add up to
 * the product of the directives' iteration counts, each at most d / o + 2
 * for its dimension d and offset o >= 1 (its Steady state's occurrences in
 * dgi_directive_states are at most (d - m) / o). So every count is below
 * 2·(N + E + 2)·F·Π(d / o + 2). Negative sizes (absurd tables) keep the
 * checks. The runtime adds the child's runtimes and stays checked.
 */
static int top_counts_fit(const dgi_problem *p, const dgi_level *L, const int64_t *delta)
{
    if (L->N < 1 || L->E < 0 || L->N > INT32_MAX || L->E > INT32_MAX)
        return 0;
    int64_t b = 2 * (L->N + L->E + 2);
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i], a = oalias(p, v);
        const int64_t f[8] = {L->mp[v], L->mpe[v], L->un[v], L->une[v], L->mp[a], L->mpe[a], L->un[a], L->une[a]};
        int64_t m = 1;
        for (int j = 0; j < 8; j++) {
            if (f[j] < 0)
                return 0;
            m = max64(m, f[j]);
        }
        if (L->ofs[i] < 1 || delta[v] < 0 || __builtin_mul_overflow(b, m, &b) ||
            __builtin_mul_overflow(b, delta[v] / L->ofs[i] + 2, &b))
            return 0;
    }
    return b < (INT64_C(1) << 62);
}

/* The top level (which counts) and the levels below it (which only time)
 * take different branches at nearly every test of `top` in the step loop;
 * a copy of the loop for each, with `top` a constant in it, drops those
 * tests and spares the registers they held: 1.8 % fewer instructions per
 * evaluation, 1.5 to 2 % less time. The top's counts nearly always fit
 * (top_counts_fit), and a third copy that knows it, whose arithmetic is
 * unchecked, saves 1.5 % more (1.4 % of the time). Only level 0 is given
 * `top` (analyze). */
int64_t dgi_analyze_level(ectx *c, int lv, const dgi_level *L, ltab *T, const int64_t *delta, unsigned key,
                          dgi_mresult *top)
{
    if (!top)
        return analyze_level_body(c, lv, L, T, delta, key, NULL, 0);
    if (top_counts_fit(c->p, L, delta))
        return analyze_level_body(c, 0, L, T, delta, key, top, 1);
    return analyze_level_body(c, 0, L, T, delta, key, top, 0);
}

/* The screen report's energy, in MAC units (§10), summed in MAESTRO's order. */
void dgi_maestro_energy(dgi_mresult *r)
{
    double e = 0.0;
    for (int t = 0; t < 3; t++)
        e += 18.61 * (double)(r->l2_rd[t] + r->l2_wr[t]) + 1.68 * (double)(r->l1_rd[t] + r->l1_wr[t]);
    e += (double)r->macs;
    r->energy = e;
}

/* MAESTRO's MAC count in closed form. PM (psum_mapping) combines three PEV
 * products with coefficients that depend on the states of the spatial
 * directives alone (at most two), so Σ occ·PM over all steps is a sum over
 * the spatial directives' states of those coefficients times, per variant,
 * Π over the other directives of Σ_k occ·factor. With every factor at least
 * 1 no step is skipped (CP >= 1) and no partial product or sum of the
 * step-by-step count exceeds the total, so when the total fits in 64 bits it
 * is that count exactly. Returns 0 (and flags nothing) when that cannot be
 * shown: the caller then counts step by step. */
int dgi_top_macs_closed(const dgi_level *L, const ltab *T, const dstates *const *st, int64_t *macs)
{
    static const uint8_t var[3] = {V_P10, V_P11, V_P01R0};
    int64_t part[3] = {1, 1, 1};
    int spd[2] = {-1, -1}, nsp = 0;
    int ovf = 0;
    for (int i = 0; i < L->nd; i++) {
        if (L->spatial[i]) {
            spd[nsp++] = i;
            continue;
        }
        /* A temporal directive's factor is the same in every variant (dgi_pev_all). */
        int64_t sum = 0, x;
        for (int k = 0; k < st[i]->n; k++) {
            int64_t f = T->pev[i][st[i]->sc[k]][V_P10];
            if (f < 1)
                return 0;
            ovf |= __builtin_mul_overflow(st[i]->occ[k], f, &x);
            ovf |= __builtin_add_overflow(sum, x, &sum);
        }
        UNROLL
        for (int v = 0; v < 3; v++)
            ovf |= __builtin_mul_overflow(part[v], sum, &part[v]);
    }
    int64_t E = L->E, total = 0;
    int n0 = nsp > 0 ? st[spd[0]]->n : 1, n1 = nsp > 1 ? st[spd[1]]->n : 1;
    for (int k0 = 0; k0 < n0; k0++)
        for (int k1 = 0; k1 < n1; k1++) {
            int kk[DGI_MAXD];
            kk[spd[0]] = k0;
            if (nsp > 1)
                kk[spd[1]] = k1;
            int64_t w[3], occ = st[spd[0]]->occ[k0];
            if (nsp > 1)
                ovf |= __builtin_mul_overflow(occ, st[spd[1]]->occ[k1], &occ);
            UNROLL
            for (int v = 0; v < 3; v++) {
                int64_t f = T->pev[spd[0]][st[spd[0]]->sc[k0]][var[v]];
                int64_t g = nsp > 1 ? T->pev[spd[1]][st[spd[1]]->sc[k1]][var[v]] : 1;
                if (f < 1 || g < 1)
                    return 0;
                ovf |= __builtin_mul_overflow(f, g, &f);
                ovf |= __builtin_mul_overflow(occ, f, &w[v]);
                ovf |= __builtin_mul_overflow(w[v], part[v], &w[v]);
            }
            /* psum_mapping's combination (§6.5), weighted. */
            int sp = L->sp_idx, ls = L->last_sp;
            int any = sc_edge(st[sp]->sc[kk[sp]]) || sc_edge(st[ls]->sc[kk[ls]]);
            int64_t pm;
            if (!any) {
                ovf |= __builtin_mul_overflow(L->N, w[0], &pm);
            } else {
                int ee = st[ls]->ee[kk[ls]];
                pm = (E == 1 && ee) ? w[1] : w[0];
                if (E > 1) {
                    int64_t y;
                    ovf |= __builtin_mul_overflow(max64(E - ee - 1, 0), w[0], &y);
                    ovf |= __builtin_add_overflow(pm, y, &pm);
                    if (ee)
                        ovf |= __builtin_add_overflow(pm, w[2], &pm);
                }
            }
            ovf |= __builtin_add_overflow(total, pm, &total);
        }
    if (ovf)
        return 0;
    *macs = total;
    return 1;
}

/* MAESTRO's MAC count alone (HEAD rules): the top level's steps, no
 * recursion. Fills the top level's core factors on the way, which the full
 * analysis then reuses; the rest of its table waits for that analysis,
 * which does not run when the count is wrong. -1 on overflow. */
static int64_t top_macs(ectx *c)
{
    const dgi_problem *p = c->p;
    const dgi_level *L = &c->b->lv[0];
    ltab *T = &c->tab[0];
    int nd = L->nd;
    int ovf = 0;
    const dstates *st[DGI_MAXD] = {0}; /* initialised for GCC's -Wmaybe-uninitialized alone */
    int64_t total = 1;
    for (int i = 0; i < nd; i++) {
        st[i] = &c->top_st[i];
        dgi_directive_states(L, i, p->size[L->var[i]], &c->top_st[i]);
        total *= c->top_st[i].n;
    }
    c->top_st_ok = 1;
    ensure_tab(T, p, L, 0, st, 0);
    int64_t closed;
    c->top_macs_closed = L->N >= 1 && L->E >= 1 && dgi_top_macs_closed(L, T, st, &closed) ? 1 : 2;
    if (c->top_macs_closed == 1)
        return c->top_macs = closed;
    int idx[DGI_MAXD], raw[DGI_MAXD], all[DGI_MAXD];
    int64_t macs = 0;
    for (int i = 0; i < nd; i++)
        idx[i] = 0, raw[i] = 0, all[i] = i;
    /* Prefix products over directives 0..i-1 in index order (the same
     * multiplications, hence the same overflow checks, as a product from
     * scratch): a step recomputes them from the first directive it changed. */
    int64_t pr[DGI_MAXD + 1][3], po[DGI_MAXD + 1];
    pr[0][0] = pr[0][1] = pr[0][2] = po[0] = 1;
    for (int64_t cn = 0; cn < total; cn++) {
        int from = cn ? next_case(cn, st, all, nd, idx, raw) : 0;
        for (int i = from; i < nd; i++) {
            int sc = st[i]->sc[idx[i]];
            po[i + 1] = po[i] * st[i]->occ[idx[i]];
            pr[i + 1][0] = mulc(&ovf, pr[i][0], T->pev[i][sc][V_P10]);
            pr[i + 1][1] = mulc(&ovf, pr[i][1], T->pev[i][sc][V_P11]);
            pr[i + 1][2] = mulc(&ovf, pr[i][2], T->pev[i][sc][V_P01R0]);
        }
        int64_t v[NPEV], occ = po[nd];
        v[V_P10] = pr[nd][0];
        v[V_P11] = pr[nd][1];
        v[V_P01R0] = pr[nd][2];
        unsigned e, ee;
        step_spatial(L, st, idx, &e, &ee);
        int64_t psums = ((e & T->tspm[2]) && L->E == 1 && (ee & T->tstm[2])) ? v[V_P11] : v[V_P10];
        if (psums <= 0)
            continue; /* HEAD skips it (§15) */
        macs = addc(&ovf, macs, mulc(&ovf, occ, psum_mapping(&ovf, L, e != 0, ee >> 1, v)));
    }
    flag_ovf(c, ovf);
    return c->ovf ? -1 : macs;
}

int dgi_maestro_analyze(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o,
                        dgi_mresult *r)
{
    ectx c;
    c.p = p;
    c.b = b;
    c.hw = hw;
    c.head = o->variant == DGI_VARIANT_HEAD;
    c.fixed = o->fixed == 1;
    c.first_done = 0;
    c.top_st_ok = 0;
    c.top_macs_closed = 0;
    c.abort = 0;
    c.ovf = 0;
    dgi_init_tab(&c.tab[0], p, &b->lv[0], hw, 0);
    if (o->fixed == 2 && !b->invalid) {
        /* Default mode: MAESTRO's analysis where MAESTRO counts the MACs right,
         * the repaired one (maestro_fix.c) elsewhere. The MAC count alone is
         * cheap, and needs the top level alone, so only one analysis runs. */
        int64_t m = top_macs(&c);
        if (m != p->true_macs)
            return dgi_maestro_fix(p, b, hw, o, r);
        c.ovf = 0;
    }
    for (int l = 0; l < b->nlv; l++) {
        /* In the repaired analysis a child's tables are built per call instead. */
        if (l > 0 && !c.fixed)
            dgi_init_tab(&c.tab[l], p, &b->lv[l], hw, 1);
        if (l > 0) {
            memset(c.have[l], 0, sizeof c.have[l]);
            memset(c.shave[l], 0, sizeof c.shave[l]);
        }
        c.kmask_ok[l] = 0;
        c.rlevel[l] = 0;
        c.prod[l] = 0;
        memset(c.sihave[l], 0, sizeof c.sihave[l]);
    }
    memset(c.fhave, 0, sizeof c.fhave);
    c.flite_ok = 0;
    if (c.fixed && b->nlv > 1)
        dgi_own_init(&c);
    memset(r, 0, sizeof *r);
    analyze(&c, 0, p->size, 0, r);
    if (c.ovf)
        return dgi_fail(DG_ERANGE, "a count of this mapping overflows 64 bits");
    r->model_macs = r->macs;
    r->l1_size_total = 0;
    r->l2_size_total = 0;
    for (int t = 0; t < 3; t++) {
        r->l1_size[t] = c.first_l1[t];
        r->l1_size_total += r->l1_size[t];
        r->l2_size_total += r->l2_size[t];
    }
    dgi_maestro_energy(r);
    r->valid = 1;
    r->reason = NULL;
    if (b->invalid) {
        r->valid = 0;
        r->reason = b->reason;
    } else if (c.abort) {
        r->valid = 0;
        r->reason = "MAESTRO terminates on this mapping (a tile larger than its dimension?)";
    } else {
        int bad = r->runtime < 1 || r->macs < 1 || r->l1_size_total < 1 || r->l2_size_total < 1;
        for (int t = 0; t < 3; t++)
            bad |= r->l2_size[t] < 1 || r->l1_size[t] < 1 || r->l1_rd[t] < 0 || r->l1_wr[t] < 0 ||
                   r->l2_rd[t] < 0 || r->l2_wr[t] < 0;
        if (bad) {
            r->valid = 0;
            r->reason = "MAESTRO's numbers for this mapping are degenerate (zero or negative)";
        }
    }
    return DG_OK;
}
