/*
 * maestro_top.c: the top level's counts in closed form.
 *
 * At the top, dgi_analyze_level's step loop computes SI, SE and PM of every
 * step (§6.3, §6.5) for the counts MAESTRO reports, about 500 instructions
 * a step and a quarter of an evaluation. Each of those counts is a sum over
 * the steps of products of one factor per directive, with coefficients that
 * depend only on the states of the level's (at most two) SpatialMaps, so it
 * also comes as products of per-directive sums, as the MAC count does
 * (dgi_top_macs_closed). SI adds one twist: its factors depend on which
 * directive advanced in the step (chg), so its sum is taken per such
 * directive.
 *
 * The runtime has no such form: a step's delay is the largest of the
 * child's runtime, its NoC delays and the off-chip term. But where the
 * child's runtime is at least every NoC delay of the level (dgi_noc_bound,
 * or the largest SI and SE over the steps), a step's delay needs only the
 * child's runtime for the tables it hands down and the off-chip term, so
 * the runtime is summed over groups of states that hand down the same
 * tables (top_runtime). The first step's child is analysed first, as in
 * the step loop, since the first record decides the reported L1 size.
 *
 * dgi_top_closed gives up (returns 0) where that cannot be shown: steps
 * that HEAD may skip (a compute factor below 1; the loop passes over those
 * cheaply), or a child runtime below the NoC bound. The step loop then
 * runs and finds the children analysed so far memoised. The caller has
 * shown that no count overflows and no factor is negative
 * (top_counts_fit), so the sums here take plain arithmetic: regrouped,
 * they are the same integers.
 */
#include "maestro_engine.h"

/* si_combine's coefficients of the four PIV variants for a step's spatial
 * flags; SE combines its PEV variants E10, E00, E11, E01 the same way
 * (step_volumes). The sums below weight each variant's product separately,
 * so they take the coefficients rather than si_combine's result: the two
 * must change together. */
static void combine_coefs(const dgi_level *L, int sp, int spedge, int ee, int64_t *k)
{
    k[W_10] = k[W_00] = k[W_11] = k[W_01] = 0;
    if (!sp) {
        k[W_10] = 1;
    } else if (!spedge) {
        k[W_10] = 1;
        if (L->N > 1)
            k[W_00] = L->N - 1;
    } else {
        k[(L->E == 1 && ee) ? W_11 : W_10] = 1;
        if (L->E > 1) {
            if (L->E - ee - 1 > 0)
                k[W_00] = L->E - ee - 1;
            if (ee)
                k[W_01] = 1;
        }
    }
}

/* The states the SpatialMap j takes in the steps where directive d advanced
 * (d < 0: in every step): all of them before d, its Steady and Edge states
 * if it is d, its Init state after d (or with a single state). */
static void spatial_range(const dstates *const *st, int j, int d, int *lo, int *hi)
{
    *lo = 0;
    *hi = 1;
    if (d < 0 || j < d)
        *hi = st[j]->n;
    else if (j == d)
        *lo = 1, *hi = st[j]->n;
}

/* The step sums below also give the largest value over the steps (MAX
 * instead of SUM), for a NoC bound: each directive's states occur in every
 * combination with the others', so the largest product is the product of
 * the largest factors. */
enum { SUM, MAX };

/* One directive's factors over its states k >= from: Σ occ·f, or the largest f. */
static int64_t dir_agg(int how, const dstates *s, int from, const int64_t *f, size_t stride)
{
    int64_t a = 0;
    for (int k = from; k < s->n; k++) {
        int64_t v = f[(size_t)s->sc[k] * stride];
        a = how == SUM ? a + s->occ[k] * v : max64(a, v);
    }
    return a;
}

/* Adds one combination of the SpatialMaps' states (occurrences occ, value v). */
static int64_t acc(int how, int64_t total, int64_t occ, int64_t v)
{
    return how == SUM ? total + occ * v : max64(total, v);
}

/* Σ over every step of occ·SE (or its largest SE). A temporal directive's
 * SE factor is the same in every variant (dgi_pev_all), so the product over
 * them is taken once. */
static int64_t sum_se(int how, const dgi_level *L, const ltab *T, const dstates *const *st)
{
    int64_t part = 1;
    for (int i = 0; i < L->nd; i++)
        if (!L->spatial[i])
            part *= dir_agg(how, st[i], 0, &T->pev[i][0][V_E10], NPEV);
    int s0 = L->sp_idx, s1 = L->last_sp, two = s1 != s0;
    int kk[DGI_MAXD] = {0};
    int64_t total = 0;
    for (int k0 = 0; k0 < st[s0]->n; k0++)
        for (int k1 = 0; k1 < (two ? st[s1]->n : 1); k1++) {
            kk[s0] = k0;
            if (two)
                kk[s1] = k1;
            unsigned e, ee;
            step_spatial(L, st, kk, &e, &ee);
            int64_t coef[4];
            combine_coefs(L, T->tsp[2], (e & T->tspm[2]) != 0, (ee & T->tstm[2]) != 0, coef);
            int64_t occ = st[s0]->occ[k0] * (two ? st[s1]->occ[k1] : 1), v = 0;
            for (int q = 0; q < 4; q++) {
                if (!coef[q])
                    continue;
                int64_t f = T->pev[s0][st[s0]->sc[k0]][q] * (two ? T->pev[s1][st[s1]->sc[k1]][q] : 1);
                v += coef[q] * f;
            }
            total = acc(how, total, occ, v);
        }
    return total * part;
}

/* Σ occ·SI(t) (or its largest SI(t)) over the steps where directive d
 * (several states, coupled with t) advanced. SI's PIV product there is the
 * factors of the directives before d in their states (the prefix rows' pb,
 * pivctx.before1 for the single-state ones), d's own (pivctx.chg) and those
 * after it, all in Init (pivctx.after). */
static int64_t sum_si_chg(int how, const dgi_level *L, const ltab *T, const dstates *const *st, const pivctx *x,
                          int t, int d, int64_t np)
{
    /* np: the directives before d with several states that are not
     * SpatialMaps (sum_si). d itself, if temporal: the occurrences of its
     * Steady and Edge states. */
    int64_t docc = 1;
    if (how == SUM && !L->spatial[d]) {
        docc = 0;
        for (int k = 1; k < st[d]->n; k++)
            docc += st[d]->occ[k];
    }
    int s0 = L->sp_idx, s1 = L->last_sp, two = s1 != s0;
    int lo0, hi0, lo1 = 0, hi1 = 1;
    spatial_range(st, s0, d, &lo0, &hi0);
    if (two)
        spatial_range(st, s1, d, &lo1, &hi1);
    int kk[DGI_MAXD] = {0};
    int64_t total = 0;
    for (int k0 = lo0; k0 < hi0; k0++)
        for (int k1 = lo1; k1 < hi1; k1++) {
            kk[s0] = k0;
            if (two)
                kk[s1] = k1;
            unsigned e, ee;
            step_spatial(L, st, kk, &e, &ee);
            int64_t coef[NPIV];
            combine_coefs(L, T->tsp[t], (e & T->tspm[t]) != 0, (ee & T->tstm[t]) != 0, coef);
            /* The SpatialMaps' occurrences, and their pb where they come before d with several states. */
            int64_t occ = st[s0]->occ[k0] * (two ? st[s1]->occ[k1] : 1), pb[2] = {1, 1};
            for (int h = 0; h < 1 + two; h++) {
                int j = h ? s1 : s0;
                if (j < d && st[j]->n > 1)
                    for (int e2 = 0; e2 < 2; e2++)
                        pb[e2] *= T->pb[j][st[j]->sc[kk[j]]][t][e2];
            }
            int64_t v = 0;
            for (int w = 0; w < NPIV; w++) {
                if (!coef[w])
                    continue;
                int e2 = piv_ee[w];
                v += coef[w] * pb[e2] * x->before1[t][e2][d] * x->chg[t][w][d] * x->after[t][w][d];
            }
            total = acc(how, total, occ, v);
        }
    return total * docc * np;
}

/* Σ occ·SI(t) (or its largest SI(t)) over every step but the first,
 * directive by directive. A temporal directive's PIV factor before the
 * advancing one is the same for both ee* (fill_rest), so the product over
 * those before d is one number, carried along. */
static int64_t sum_si(int how, const dgi_level *L, const ltab *T, const dstates *const *st, const pivctx *x, int t,
                      const int *ms, int nms)
{
    int64_t np = 1, total = 0;
    for (int r = 0; r < nms; r++) {
        int d = ms[r];
        if (T->cpl[t][d]) {
            int64_t v = sum_si_chg(how, L, T, st, x, t, d, np);
            total = how == SUM ? total + v : max64(total, v);
        }
        if (!L->spatial[d])
            np *= dir_agg(how, st[d], 0, &T->pb[d][0][t][0], sizeof T->pb[d][0] / sizeof(int64_t));
    }
    return total;
}

/* A bound of every NoC delay of the steps but the first, from their
 * largest SI and SE: tighter than dgi_noc_bound's, which takes each
 * variable's largest size in every tensor and every state at once. */
static int64_t noc_bound_exact(const dgi_level *L, const ltab *T, const dstates *const *st, const pivctx *x,
                               const int *ms, int nms, const dgi_mhw *hw)
{
    int64_t in = sum_si(MAX, L, T, st, x, 0, ms, nms) + sum_si(MAX, L, T, st, x, 1, ms, nms);
    return max64(noc_delay(hw, in), noc_delay(hw, sum_se(MAX, L, T, st)));
}

/*
 * The runtime, where every step but the first is shown compute-bound: the
 * child's runtime for the step's tables, at least the off-chip term. That
 * depends on a step's states only through the child's key bits and whether
 * the first SpatialMap is at an edge and edge-edge, so each directive's
 * states are grouped by those, and the runtime summed over the groups'
 * combinations, each weighted by its occurrences. The first step (all in
 * Init) comes first, as in the step loop: the child analysed first sets
 * the reported L1 size (note_first_l1), and after it the order no longer
 * matters. noc_max is dgi_noc_bound's; the first child runtime below it
 * has it tightened (noc_bound_exact, as costly as the sums). 0 when a child
 * runtime is below the NoC bound even so.
 */
static int top_runtime(ectx *c, const dgi_level *L, const ltab *T, const dstates *const *st, const int *ms, int nms,
                       unsigned kmask, const unsigned *key_single, const pivctx *px, int64_t noc_max, int64_t in0,
                       int64_t offchip, int64_t *runtime, int *ovf, int *abort)
{
    int tight = 0;
    int ng[DGI_MAXD], sp = L->sp_idx, rsp = -1;
    int64_t gocc[DGI_MAXD][3];
    unsigned gb0[DGI_MAXD][3], gb1[DGI_MAXD][3], k0 = key_single[0], k1 = key_single[1];
    uint8_t gfl[DGI_MAXD][3];
    for (int r = 0; r < nms; r++) {
        int d = ms[r];
        if (d == sp)
            rsp = r;
        ng[r] = 0;
        for (int k = 0; k < st[d]->n; k++) {
            int sc = st[d]->sc[k], g = 0;
            /* A directive and a state class, as GCC is told (under ASan its
             * -Warray-bounds took T->sdb[d][sc] for out of bounds; extend_row). */
            if ((unsigned)d >= DGI_MAXD || (unsigned)sc >= NSC)
                __builtin_unreachable();
            unsigned b0 = (unsigned)T->sdb[d][sc][0] << d, b1 = (unsigned)T->sdb[d][sc][1] << d;
            uint8_t fl = (uint8_t)(d == sp && sc_edge(sc) && st[d]->ee[k]);
            while (g < ng[r] && !(gb0[r][g] == b0 && gb1[r][g] == b1 && gfl[r][g] == fl))
                g++;
            if (g == ng[r]) {
                gb0[r][g] = b0, gb1[r][g] = b1, gfl[r][g] = fl, gocc[r][g] = 0;
                ng[r]++;
            }
            gocc[r][g] += st[d]->occ[k];
        }
        k0 |= gb0[r][0], k1 |= gb1[r][0]; /* state 0 is group 0 */
    }
    int flag0 = sc_edge(st[sp]->sc[0]) && st[sp]->ee[0];
    int64_t comp = step_child_runtime(c, 1, L, flag0, k0 & kmask, k1 & kmask);
    if (!c->first_done)
        return 0; /* the step loop keeps MAESTRO's order for the first record */
    int64_t rt = max64(comp + in0, offchip);
    int g[DGI_MAXD] = {0};
    for (;;) {
        int64_t n = 1;
        unsigned b0 = key_single[0], b1 = key_single[1];
        int first = 1;
        for (int r = 0; r < nms; r++) {
            n *= gocc[r][g[r]];
            b0 |= gb0[r][g[r]], b1 |= gb1[r][g[r]];
            first &= g[r] == 0;
        }
        comp = step_child_runtime(c, 1, L, rsp >= 0 ? gfl[rsp][g[rsp]] : flag0, b0 & kmask, b1 & kmask);
        if (!c->head && comp == 0)
            *abort = 1; /* e1d8efd divides by the top-level compute delay */
        if (n > first) { /* steps other than the first: chg >= 0 */
            if (comp < noc_max && !tight) {
                int64_t exact = noc_bound_exact(L, T, st, px, ms, nms, c->hw);
                noc_max = exact < noc_max ? exact : noc_max;
                tight = 1;
            }
            if (comp < noc_max)
                return 0; /* a NoC delay may exceed it: the step loop decides */
            rt = addc(ovf, rt, mulc(ovf, n - first, max64(comp, offchip)));
        }
        int r = nms - 1;
        while (r >= 0 && ++g[r] == ng[r])
            g[r--] = 0;
        if (r < 0)
            break;
    }
    *runtime = rt;
    return 1;
}

int dgi_top_closed(ectx *c, const dgi_level *L, const ltab *T, const int64_t *delta, const dstates *const *st,
                   const int *ms, int nms, unsigned kmask, const unsigned *key_single, pivctx *px,
                   int *px_ready, dgi_mresult *top, topsums *z)
{
    const dgi_mhw *hw = c->hw;
    int64_t macs, noc_max;
    /* Every compute factor at least 1: no step is skipped, so the first step
     * is the first one processed. */
    if (c->top_st_ok && c->top_macs_closed) { /* top_macs has tried, with these states */
        if (c->top_macs_closed != 1)
            return 0;
        macs = c->top_macs;
    } else if (L->N < 1 || L->E < 1 || !dgi_top_macs_closed(L, T, st, &macs)) {
        return 0;
    }
    if ((noc_max = dgi_noc_bound(T, c->p, L, hw)) < 0)
        return 0;
    if (!*px_ready)
        dgi_piv_setup(c, L, T, st, px), *px_ready = 1;

    /* The first step (all in Init): its SI and SE set the L2 sizes, and with
     * them the off-chip term. */
    int kk[DGI_MAXD] = {0};
    unsigned e, ee;
    step_spatial(L, st, kk, &e, &ee);
    int64_t si0[2], se0 = 0, coef[NPIV];
    for (int t = 0; t < 2; t++) /* as step_volumes with nothing advanced; NULL: nothing overflows */
        si0[t] = si_combine(NULL, L, T->tsp[t], (e & T->tspm[t]) != 0, (ee & T->tstm[t]) != 0, px->pmv0[t]);
    combine_coefs(L, T->tsp[2], (e & T->tspm[2]) != 0, (ee & T->tstm[2]) != 0, coef);
    for (int q = 0; q < 4; q++) {
        int64_t f = coef[q];
        for (int i = 0; i < L->nd && f; i++)
            f *= T->pev[i][st[i]->sc[0]][q];
        se0 += f;
    }
    for (int t = 0; t < 2; t++)
        z->l2_size[t] = 2 * si0[t];
    z->l2_size[2] = 2 * se0;
    int64_t offchip = offchip_delay(hw, z->l2_size);
    int64_t in0 = noc_delay(hw, si0[0] + si0[1]);

    int64_t runtime;
    int abort = 0, ovf = 0;
    if (!top_runtime(c, L, T, st, ms, nms, kmask, key_single, px, noc_max, in0, offchip, &runtime, &ovf, &abort))
        return 0;
    for (int r = 0; r < nms; r++) /* every directive with several states advances in some step */
        if (px->abort_at[0][ms[r]] || px->abort_at[1][ms[r]])
            abort = 1; /* MAESTRO terminates: a unique size of 0 */

    /* The counts (every step is processed, so the output's L1 writes are the
     * MACs: the caller takes them from z->macs). */
    for (int t = 0; t < 2; t++)
        z->in_l2_rd[t] = si0[t] + sum_si(SUM, L, T, st, px, t, ms, nms);
    z->out_l2_wr = sum_se(SUM, L, T, st);
    z->macs = macs;
    z->runtime = runtime;
    dgi_top_tiles(c, delta, top, &ovf);
    if (abort)
        c->abort = 1;
    flag_ovf(c, ovf);
    return 1;
}
