/*
 * maestro_inner.c: the closed form of an innermost level below the top whose
 * every step is compute-bound (reference/maestro-model.md §7.7), and the
 * proofs that it applies.
 *
 * Most of an evaluation's time goes into the innermost child levels, and
 * there a step's delay is nearly always its compute delay: the NoC delays
 * only matter when they could exceed it. Where that is shown not to happen,
 * a level's runtime is a sum of compute delays plus the first step's ingress,
 * which needs neither the reuse volumes nor, with one SIMD lane, the steps
 * one by one. That sum is inner_fast, in maestro_inner.h so that it inlines
 * into its two callers; this file holds what it relies on:
 *  - the proof: a bound of every NoC delay (dgi_noc_bound) or, where that is
 *    too coarse (finite bandwidth), directive by directive: each one's
 *    largest ratio of NoC volume to compute factor over its states
 *    (dgi_ratio_bound);
 *  - the first step's ingress delay (dgi_first_ingress when the bandwidth
 *    takes it in one send, else dgi_first_si's exact SI);
 *  - the same closed form as a product of cached per-directive sums, for a
 *    static child level on a memo miss (dgi_child_product).
 * Everything here gives up (returns 0 or -1) rather than guess: the caller
 * then runs the full analysis, which gets the same numbers step by step.
 */
#include "maestro_engine.h"
#include "maestro_inner.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Bounds of every NoC delay of a level */

/* How many sub-unit volumes SI or SE of tensor t adds up at most (§6.3):
 * one when none of its variables is spatially mapped (si_combine takes the
 * first sub-unit's volume alone), else N away from the spatial edge and E
 * at it. */
static inline int64_t tensor_fan(const ltab *T, const dgi_level *L, int t)
{
    return T->tsp[t] ? max64(L->N, L->E) : 1;
}

/* The bound of every NoC delay from bounds of the tensors' sub-unit volumes. */
int64_t dgi_noc_from_vols(const ltab *T, const dgi_level *L, const dgi_mhw *hw, const int64_t *vol)
{
    int64_t f[3];
    for (int t = 0; t < 3; t++)
        if ((f[t] = tensor_fan(T, L, t)) > (INT64_C(1) << 20))
            return -1;
    return max64(noc_delay(hw, f[0] * vol[0] + f[1] * vol[1]), noc_delay(hw, f[2] * vol[2]));
}

/* The first step's ingress delay from bounds of the input tensors' PMV
 * volumes: the latency when it all fits in one send, else -1. */
int64_t dgi_first_from_vols(const ltab *T, const dgi_level *L, const dgi_mhw *hw, const int64_t *vol)
{
    int64_t f0 = tensor_fan(T, L, 0), f1 = tensor_fan(T, L, 1);
    if (f0 > (INT64_C(1) << 20) || f1 > (INT64_C(1) << 20) || f0 * vol[0] + f1 * vol[1] > hw->noc_bw)
        return -1;
    return hw->noc_lat;
}

/* An upper bound of the ingress and egress NoC delays of every step of a
 * level (-1 if there is none, e.g. with negative sizes): every PIV/PEV factor
 * is one of mp, mpe, un, une (or 1), and SI/SE add at most 1 + max(N-1, E)
 * sub-unit volumes (§6.3). */
int64_t dgi_noc_bound(const ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw)
{
    int64_t vol[3];
    for (int t = 0; t < 3; t++) {
        int64_t b = 1;
        for (int k = 0; k < p->tens[t].nv; k++) {
            int v = p->tens[t].vars[k], a = t == 2 ? oalias(p, v) : v;
            int64_t m = 1;
            const int64_t f[5] = {L->mp[a], L->mpe[a], L->un[a], L->une[a], L->mpe[v]};
            UNROLL
            for (int j = 0; j < 5; j++) {
                if (f[j] < 0)
                    return -1;
                m = f[j] > m ? f[j] : m;
            }
            if (__builtin_mul_overflow(b, m, &b) || b > (INT64_C(1) << 40))
                return -1;
        }
        vol[t] = b;
    }
    return dgi_noc_from_vols(T, L, hw, vol);
}

/* The first step's ingress delay without computing SI, when the bandwidth
 * takes all of it in one send: then it is the latency, as SI > 0 (every PMV
 * factor is a mapped or edge size, all at least 1). -1 when that cannot be
 * shown. */
int64_t dgi_first_ingress(const ltab *T, const dgi_problem *p, const dgi_level *L, const dgi_mhw *hw)
{
    int64_t vol[2];
    for (int t = 0; t < 2; t++) {
        int64_t b = 1;
        for (int k = 0; k < p->tens[t].nv; k++) {
            int v = p->tens[t].vars[k];
            if (L->mp[v] < 1 || L->mpe[v] < 1)
                return -1;
            int64_t m = max64(L->mp[v], L->mpe[v]);
            if (__builtin_mul_overflow(b, m, &b) || b > (INT64_C(1) << 40))
                return -1;
        }
        vol[t] = b;
    }
    return dgi_first_from_vols(T, L, hw, vol);
}

/* ------------------------------------------------------------------------ */
/* The first step's ingress (SI of the input tensors, §6.3) */

/* The spatial-edge flags of input tensor t in the first step (§6.3), and the
 * PIV variants SI needs there. */
static inline unsigned first_needs(const dgi_level *L, const ltab *T, const dstates *const *st, int t, int *tedge,
                                   int *tee)
{
    *tedge = 0;
    *tee = T->tsp[t] ? st[T->tspst[t]]->ee[0] : 0;
    for (int k = 0; k < 2 && T->tspd[t][k] >= 0; k++)
        *tedge |= sc_edge(st[T->tspd[t][k]]->sc[0]);
    return si_needs(L, T->tsp[t], *tedge, *tee);
}

/* SI of both input tensors in the first step of a level below the top
 * (§6.3): PMV, in the variants si_combine needs, in MAESTRO's order. */
static int64_t first_si_ordered(ectx *c, const dgi_level *L, const ltab *T, const dstates *const *st)
{
    int64_t si = 0;
    int ovf = 0;
    for (int t = 0; t < 2; t++) {
        int tedge, tee;
        unsigned need = first_needs(L, T, st, t, &tedge, &tee);
        int64_t v[NPIV] = {0, 0, 0, 0};
        for (int w = 0; w < NPIV; w++) {
            if (!((need >> w) & 1))
                continue;
            v[w] = 1;
            for (int i = 0; i < L->nd; i++)
                if (T->cpl[t][i])
                    v[w] = mulc(&ovf, v[w], pmv_factor(L, i, st[i]->sc[0] == SC_IE, piv_first[w], piv_ee[w]));
        }
        si = addc(&ovf, si, si_combine(&ovf, L, T->tsp[t], tedge, tee, v));
    }
    flag_ovf(c, ovf);
    return si;
}

/* dgi_first_si's tables of a static level, once per evaluation: the PMV factors
 * of a directive coupled with an input tensor (per Init edge flag; per
 * variant for a spatial one, a temporal one's is its Init tile in every
 * variant), each input tensor's coupled temporal directives, and whether
 * every factor is at least 1. */
static void first_si_tab(const dgi_level *L, ltab *T)
{
    int pos = 1;
    T->ntl[0] = T->ntl[1] = 0;
    for (int i = 0; i < L->nd; i++) {
        if (!T->cpl[0][i] && !T->cpl[1][i])
            continue;
        if (L->spatial[i]) {
            for (int e = 0; e < 2; e++)
                UNROLL
                for (int w = 0; w < NPIV; w++) {
                    T->pmvf[i][e][w] = pmv_factor(L, i, e, piv_first[w], piv_ee[w]);
                    pos &= T->pmvf[i][e][w] >= 1;
                }
            continue;
        }
        int v = L->var[i];
        T->pmvf[i][0][0] = L->mp[v];
        T->pmvf[i][1][0] = L->mpe[v];
        pos &= L->mp[v] >= 1 && L->mpe[v] >= 1;
        for (int t = 0; t < 2; t++)
            if (T->cpl[t][i])
                T->tl[t][T->ntl[t]++] = (int8_t)i;
    }
    T->ppos = (uint8_t)pos;
    T->pready = 1;
}

/* first_si_ordered, faster: a temporal directive's PMV factor is the same in
 * every variant, so their product is taken once per tensor, and only the
 * (one or two) spatial directives' factors per variant. That order of
 * multiplication overflows exactly when MAESTRO's does as long as no factor
 * is below 1; else, and for a level whose sizes are not static and that has
 * no cache entries (fd), MAESTRO's order. */
int64_t dgi_first_si(ectx *c, const dgi_level *L, ltab *T, const dstates *const *st, struct fdir *const *fd)
{
    if (!T->pready)
        first_si_tab(L, T);
    /* Each directive's factors in its Init state: from the level's table, or
     * (the repaired level 1, whose sizes change per call) its cache entry. */
    const int64_t *pf[DGI_MAXD];
    if (c->fixed) {
        if (!fd)
            return first_si_ordered(c, L, T, st);
        for (int i = 0; i < L->nd; i++) {
            if (!c->fpmvpos && (T->cpl[0][i] || T->cpl[1][i]) && !fd[i]->pmvpos)
                return first_si_ordered(c, L, T, st); /* fpmvpos: none is (fcache_prefill) */
            pf[i] = fd[i]->pmv;
        }
    } else {
        if (!T->ppos)
            return first_si_ordered(c, L, T, st);
        for (int i = 0; i < L->nd; i++)
            pf[i] = T->pmvf[i][st[i]->sc[0] == SC_IE];
    }
    int sp[2] = {L->sp_idx, L->nsp > 1 ? L->last_sp : -1};
    int64_t si = 0;
    int ovf = 0;
    for (int t = 0; t < 2; t++) {
        int64_t tp = 1;
        int ov = 0;
        for (int k = 0; k < T->ntl[t]; k++) {
            int i = T->tl[t][k];
            ov |= __builtin_mul_overflow(tp, pf[i][0], &tp);
        }
        ovf |= ov; /* every variant's product is at least tp */
        int tedge, tee;
        unsigned need = first_needs(L, T, st, t, &tedge, &tee);
        int64_t v[NPIV] = {0, 0, 0, 0};
        UNROLL
        for (int w = 0; w < NPIV; w++)
            if ((need >> w) & 1)
                v[w] = tp;
        for (int k = 0; k < 2; k++) {
            int i = sp[k];
            if (i < 0 || !T->cpl[t][i])
                continue;
            const int64_t *f = pf[i];
            UNROLL
            for (int w = 0; w < NPIV; w++)
                if ((need >> w) & 1)
                    v[w] = mulc(&ovf, v[w], f[w]);
        }
        si = addc(&ovf, si, si_combine(&ovf, L, T->tsp[t], tedge, tee, v));
    }
    flag_ovf(c, ovf);
    return si;
}

/* ------------------------------------------------------------------------ */
/* Compute-bound directive by directive (ratios of NoC volume to CP) */

/* Fixed-point unit of the ratios below: a ratio r is kept as an integer
 * q >= r * RQ_ONE, rounded up, so that products of them stay upper bounds. */
#define RQ_SHIFT 16
#define RQ_ONE (INT64_C(1) << RQ_SHIFT)

/* The largest factor directive i (coupled with an input tensor) can add to
 * that tensor's PIV (§6.2) in a step where it is in state class sc: before
 * the advancing directive (piv_before, either ee*), as the advancing one
 * (piv_changing, S or E) or after it (piv_after, Init). */
static int64_t piv_bound(const dgi_level *L, int i, int sc)
{
    int v = L->var[i];
    if (L->spatial[i])
        return max64(max64(L->mp[v], L->mpe[v]), max64(L->un[v], L->une[v]));
    if (sc == SC_I)
        return L->mp[v];
    if (sc == SC_IE)
        return L->mpe[v];
    return max64(L->mp[v], max64(L->un[v], 1));
}

/* Whether tensor t's sub-unit count (tensor_fan) is folded into the ratio of
 * its one spatially mapped directive (step_ratio). */
static inline int fan_folded(const ltab *T, int t)
{
    return T->tsp[t] && T->tspd[t][1] < 0;
}

/* For directive i in state class sc, and each tensor t: an upper bound of
 * (the largest factor it adds to the NoC volume of t) / (its smallest
 * nonzero factor CP can use, §6.5), in RQ_ONE units; -1 if there is none (a
 * negative or huge factor). 0 when CP's factors are 0: HEAD skips every step
 * in that state (inner_fast returns early without HEAD). The directive that
 * alone maps t spatially also carries the number of sub-unit volumes SI or
 * SE adds up (§6.3): E at its edge, else N. */
static inline __attribute__((always_inline)) void step_ratio(ectx *c, const dgi_level *L, const ltab *T, int i, int sc,
                                                              int e1, int64_t *q)
{
    int64_t fb[NPEV], cp = 0;
    const int64_t *f = T->pev[i][sc];
    if (c->fixed && (!((T->built[i] >> sc) & 1) || ((T->cponly[i] >> sc) & 1))) {
        /* The repaired level 1's factors are in T only when filled in this
         * call from the level prepared for its table (fcache_fill), else in
         * its cache entries, CP's variants alone: from that level again. */
        dgi_pev_all(c->p, L, c->fixed, i, sc, fb);
        f = fb;
    }
    /* CP takes PEV's edge-edge variant only where E = 1 (inner_fast's sel):
     * e1, T->tsp[2] && E == 1 for the E of the keys the ratios serve (for a
     * temporal directive of the repaired level 1, not necessarily L's). */
    int nv = e1 ? 2 : 1;
    for (int k = 0; k < nv; k++) {
        int64_t a = f[k ? V_P11 : V_P10];
        if (a < 0) {
            q[0] = q[1] = q[2] = -1;
            return;
        }
        if (a > 0)
            cp = cp == 0 || a < cp ? a : cp;
    }
    int64_t pb = piv_bound(L, i, sc);
    int64_t g[3] = {T->cpl[0][i] ? pb : 1, T->cpl[1][i] ? pb : 1,
                    max64(max64(f[V_E10], f[V_E00]), max64(f[V_E11], f[V_E01]))};
    int64_t fan = sc_edge(sc) ? max64(L->E, 1) : max64(L->N, 1);
    /* g·RQ_ONE/cp rounded up, in floating point: one division for the three
     * tensors instead of three 64-bit integer ones. The product's relative
     * error is below 2^-50, so raising it by 2^-48 and then to the next
     * integer keeps it an upper bound; it exceeds the exact ceiling by at
     * most 1 + g/2^32, immaterial in RQ_ONE units. */
    double inv = cp > 0 ? 1.0 / (double)cp : 0.0;
    for (int t = 0; t < 3; t++) {
        if (fan_folded(T, t) && T->tspd[t][0] == i && g[t] >= 0) {
            if (fan > (INT64_C(1) << 20))
                g[t] = -1;
            else
                g[t] *= fan;
        }
        if (cp == 0)
            q[t] = 0;
        else if (g[t] < 0 || g[t] >= (INT64_C(1) << 40))
            q[t] = -1;
        else
            q[t] = (int64_t)((double)(g[t] << RQ_SHIFT) * inv * (1.0 + 0x1p-48)) + 1;
    }
}

/* The largest ratio of directive i per tensor (step_ratio) over the state
 * classes in mask scm, into m; 0 if one is unknown. Cached per class when
 * the level's sizes are static; the repaired level 1 keeps the result per
 * cache entry instead (dgi_fdir_ratio). */
static int dir_ratio(ectx *c, const dgi_level *L, ltab *T, int i, unsigned scm, int64_t *m, int e1)
{
    m[0] = m[1] = m[2] = 0;
    for (; scm; scm &= scm - 1) {
        int sc = __builtin_ctz(scm);
        int64_t qb[3];
        const int64_t *q = qb;
        if (c->fixed) {
            step_ratio(c, L, T, i, sc, e1, qb);
        } else {
            if (!((T->rbuilt[i] >> sc) & 1)) {
                step_ratio(c, L, T, i, sc, e1, T->rq[i][sc]);
                T->rbuilt[i] |= (uint8_t)(1u << sc);
            }
            q = T->rq[i][sc];
        }
        UNROLL
        for (int t = 0; t < 3; t++) {
            if (q[t] < 0)
                return 0;
            m[t] = max64(m[t], q[t]);
        }
    }
    return 1;
}

/* r *= m in RQ_ONE units, rounded up; 0 on overflow. */
static inline int ratio_mul(int64_t *r, const int64_t *m)
{
    UNROLL
    for (int t = 0; t < 3; t++) {
        int64_t x;
        if (__builtin_mul_overflow(r[t], m[t], &x) || x > (INT64_C(1) << 62) - RQ_ONE)
            return 0;
        r[t] = (x + RQ_ONE - 1) >> RQ_SHIFT;
    }
    return 1;
}

/* Whether the ratios r (products over the directives) show every NoC delay
 * at most the compute delay: fan * r <= bw / simd, in RQ_ONE units. */
static int ratio_ok(const ltab *T, const dgi_level *L, const dgi_mhw *hw, const int64_t *r)
{
    int64_t f[3], in, out, lim;
    for (int t = 0; t < 3; t++)
        if ((f[t] = fan_folded(T, t) ? 1 : tensor_fan(T, L, t)) > (INT64_C(1) << 20) || r[t] > (INT64_C(1) << 40))
            return 0;
    if (__builtin_mul_overflow(f[0] * r[0] + f[1] * r[1], hw->simd, &in) ||
        __builtin_mul_overflow(f[2] * r[2], hw->simd, &out) || __builtin_mul_overflow(hw->noc_bw, RQ_ONE, &lim))
        return 0;
    return in <= lim && out <= lim;
}

/* The state classes of one directive's states. */
static inline unsigned sc_mask(const dstates *s)
{
    unsigned m = 0;
    for (int k = 0; k < s->n; k++)
        m |= 1u << s->sc[k];
    return m;
}

/* dgi_ratio_bound for every table the parent of static child level lv can hand
 * down at once: a directive's states are those of the parent's mapped or
 * edge size (child_states), so the largest ratio over both bounds every call. */
static int level_ratio_bound(ectx *c, int lv, const dgi_level *L, ltab *T)
{
    const dgi_level *parent = &c->b->lv[lv - 1];
    int64_t r[3] = {RQ_ONE, RQ_ONE, RQ_ONE}, m[3];
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i];
        unsigned scm = sc_mask(child_states(c, lv, i, 0, parent->mp[v]));
        if (parent->mpe[v] != parent->mp[v])
            scm |= sc_mask(child_states(c, lv, i, 1, parent->mpe[v]));
        if (!dir_ratio(c, L, T, i, scm, m, T->tsp[2] && L->E == 1) || !ratio_mul(r, m))
            return 0;
    }
    return ratio_ok(T, L, c->hw, r);
}

/* Whether level_ratio_bound shows every call of static child level lv
 * compute-bound; decided once per evaluation (ectx.rlevel). */
static int level_ratio_shown(ectx *c, int lv, const dgi_level *L, ltab *T)
{
    if (!c->rlevel[lv])
        c->rlevel[lv] = level_ratio_bound(c, lv, L, T) ? 1 : 2;
    return c->rlevel[lv] == 1;
}

/*
 * dgi_ratio_bound for the repaired level 1 through its cache entries, whose
 * states are fixed: each entry keeps its directive's ratios (dm), and the
 * level keeps each directive's largest over the entries seen so far (fmax).
 * The product of those maxima bounds every key whose entries have all been
 * seen, so once it passes, a call costs a look at its entries until a new
 * entry raises a maximum (an entry whose ratios are unknown fails the call
 * before). When it does not pass, the key's own product decides, exactly as
 * directive by directive. Either way the answer is the one the per-call
 * product gives: the maxima's product (rounded up the same way) passes only
 * if every key's does. The maxima assume the sub-unit count N (E <= N);
 * otherwise the key's own product decides.
 */
int dgi_fmax_pass(ectx *c, const dgi_level *L, const ltab *T, int e1)
{
    if (!c->fmpass[e1]) {
        int64_t r[3] = {RQ_ONE, RQ_ONE, RQ_ONE};
        int pass = 1;
        for (int i = 0; i < L->nd && pass; i++)
            pass = ratio_mul(r, c->fmax[e1][i]);
        c->fmpass[e1] = pass && ratio_ok(T, L, c->hw, r) ? 1 : 2;
    }
    return c->fmpass[e1] == 1;
}

void dgi_fdir_ratio(ectx *c, const dgi_level *L, ltab *T, int i, struct fdir *f, int e1)
{
    int grew = 0, ok;
    if (!L->spatial[i] && ((f->dmb >> (e1 ^ 1)) & 1)) {
        /* A temporal directive's CP factor is the same in both variants
         * (dgi_pev_all), so its ratios are the same for either e1. */
        ok = (f->dok >> (e1 ^ 1)) & 1;
        memcpy(f->dm[e1], f->dm[e1 ^ 1], sizeof f->dm[e1]);
    } else {
        ok = dir_ratio(c, L, T, i, sc_mask(&f->s), f->dm[e1], e1);
    }
    f->dmb |= (uint8_t)(1u << e1);
    f->dok |= (uint8_t)(ok << e1);
    UNROLL
    for (int t = 0; t < 3 && ok; t++)
        if (f->dm[e1][t] > c->fmax[e1][i][t])
            c->fmax[e1][i][t] = f->dm[e1][t], grew = 1;
    if (grew)
        c->fmpass[e1] = 0; /* the maxima's product is to be checked again */
}

static int fixed_ratio_bound(ectx *c, const dgi_level *L, ltab *T, struct fdir *const *fd)
{
    int e1 = T->tsp[2] && L->E == 1;
    for (int i = 0; i < L->nd; i++) {
        if (!((fd[i]->dmb >> e1) & 1))
            dgi_fdir_ratio(c, L, T, i, fd[i], e1);
        if (!((fd[i]->dok >> e1) & 1))
            return 0;
    }
    if (L->E <= L->N && dgi_fmax_pass(c, L, T, e1))
        return 1;
    int64_t r[3] = {RQ_ONE, RQ_ONE, RQ_ONE};
    for (int i = 0; i < L->nd; i++)
        if (!ratio_mul(r, fd[i]->dm[e1]))
            return 0;
    return ratio_ok(T, L, c->hw, r);
}

/*
 * Whether every step of a level but the first is compute-bound, shown
 * directive by directive. A step's NoC volumes are at most tensor_fan times a
 * product of one factor per directive (§6.3), and its CP is a product of one
 * factor per directive too; the states of the directives combine freely, so
 * the largest ratio of volume to CP over all steps is at most the product of
 * each directive's largest ratio over its own states. This holds where
 * dgi_noc_bound's single bound fails: a small edge tile shrinks CP and the
 * volumes together. Needs a latency of at most 1, so that a volume of at
 * most bw * CP / simd takes no longer than the compute delay. Shown once for
 * every call of a static level when it can be (level_ratio_bound).
 */
int dgi_ratio_bound(ectx *c, int lv, const dgi_level *L, ltab *T, const dstates *const *st, const cpsrc *x)
{
    if (c->hw->noc_lat > 1)
        return 0;
    if (c->fixed && x->fd)
        return fixed_ratio_bound(c, L, T, x->fd);
    if (!c->fixed && level_ratio_shown(c, lv, L, T))
        return 1;
    int64_t r[3] = {RQ_ONE, RQ_ONE, RQ_ONE}, m[3];
    int e1 = T->tsp[2] && L->E == 1;
    for (int i = 0; i < L->nd; i++)
        if (!dir_ratio(c, L, T, i, sc_mask(st[i]), m, e1) || !ratio_mul(r, m))
            return 0;
    return ratio_ok(T, L, c->hw, r);
}

/* ------------------------------------------------------------------------ */
/* A static innermost child level in product form */

/*
 * A static child level's directive sees one of two sizes (its parent's
 * mapped or edge size), whose states and CP sums ectx.scache keeps; on a
 * memo miss, product_sum (maestro_inner.h) then costs a product per
 * directive instead of a level analysis, when inner_fast would take its
 * one-lane closed form anyway. Most of the conditions hold for every call of
 * the level or for none, so they are checked once (product_form_holds).
 */

/* Whether every state level lv's directives can take (kmask: the parent's
 * directives whose edge size can change them) meets product_sum's
 * conditions, and inner_fast's that it leaves to the caller. */
static int product_form_holds(ectx *c, int lv, const dgi_level *parent, unsigned kmask)
{
    const dgi_level *L = &c->b->lv[lv];
    const ltab *T = &c->tab[lv];
    if (c->fixed || lv != c->b->nlv - 1 || c->hw->simd != 1 || T->noc_max < 0)
        return 0;
    c->simask[lv] = 0;
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i], j = parent->dir_of[v];
        /* A temporal directive that advances with a unique size of 0 may
         * make MAESTRO terminate (inner_fast checks which). */
        int may_abort = !L->spatial[i] && L->un[v] == 0 && (T->cpl[0][i] || T->cpl[1][i]);
        for (int b = 0; b <= (int)((kmask >> j) & 1); b++) {
            const dstates *s = child_states(c, lv, i, b, b ? parent->mpe[v] : parent->mp[v]);
            if (!product_state_ok(s) || (s->n > 1 && may_abort))
                return 0;
        }
        /* The first step's SI sees a directive's Init state alone: whether it
         * is at an edge (its PMV factors, the spatial flags) and edge-edge. */
        const dstates *s0 = &c->scache[lv][i][0], *s1 = &c->scache[lv][i][1];
        if (T->in_first < 0 && ((kmask >> j) & 1) && (s0->sc[0] != s1->sc[0] || s0->ee[0] != s1->ee[0]))
            c->simask[lv] |= 1u << j;
    }
    return 1;
}

int dgi_child_product(ectx *c, int lv, const dgi_level *parent, unsigned key, int64_t *rt)
{
    if (c->prod[lv] == 0)
        c->prod[lv] = product_form_holds(c, lv, parent, c->kmask[lv]) ? 1 : 2;
    if (c->prod[lv] != 1)
        return 0;
    const dgi_level *L = &c->b->lv[lv];
    ltab *T = &c->tab[lv];
    const dstates *st[DGI_MAXD];
    const int64_t(*pev[DGI_MAXD])[NPEV];
    for (int i = 0; i < L->nd; i++) {
        /* Filled by product_form_holds: child_states' look-up not needed. */
        st[i] = &c->scache[lv][i][(key >> parent->dir_of[L->var[i]]) & 1];
        pev[i] = T->pev[i];
    }
    int64_t sum, cpmin;
    if (!product_sum(st, pev, L->nd, T, L->E, 0, &sum, &cpmin))
        return 0;
    /* Compute-bound: by the level's NoC bound, or as dgi_ratio_bound shows it
     * for every call of a static level (its per-call proof is left to the
     * full analysis, which would otherwise repeat it when it fails). */
    if (cpmin < T->noc_max && (c->hw->noc_lat > 1 || !level_ratio_shown(c, lv, L, T)))
        return 0;
    int64_t in = T->in_first;
    if (in < 0) {
        unsigned sk = key & c->simask[lv];
        if (!memo_has(c->sihave[lv], sk)) {
            c->simemo[lv][sk] = dgi_first_si(c, L, T, st, NULL);
            memo_mark(c->sihave[lv], sk);
        }
        in = noc_delay(c->hw, c->simemo[lv][sk]);
    }
    if (__builtin_add_overflow(sum, in, rt))
        return 0;
    note_first_l1(c, L);
    return 1;
}
