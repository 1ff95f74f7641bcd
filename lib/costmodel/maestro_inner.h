/*
 * maestro_inner.h: inner_fast, the closed form of an innermost level below
 * the top whose every step is compute-bound (maestro_inner.c has the proofs
 * it relies on, and why).
 *
 * It is here, static inline and always inlined, rather than in
 * maestro_inner.c because it runs once per child analysis from two callers
 * in two files (dgi_analyze_level, and own_fast for default mode's repaired
 * level 1), and each caller's constants fold into it: as an out-of-line
 * function it cost up to 0.4 % more instructions per evaluation. Its
 * one-lane sum as a product of cached per-directive sums (product_sum) is
 * here too, for the same two files: static child levels (maestro_inner.c)
 * and the repaired level 1 (maestro_fix.c).
 */
#ifndef DIGAMMA_MAESTRO_INNER_H
#define DIGAMMA_MAESTRO_INNER_H

#include "maestro_engine.h"

/* Whether CP takes PEV's edge-edge variant (P11) in the first step, every
 * directive in Init (st[i]->sc[0]): with E = 1, where the output's spatial
 * map is at an edge and its last spatial directive is edge-edge (§6.5). */
static inline int first_cp_edge_edge(const ltab *T, const dstates *const *st, int64_t E)
{
    int o0 = T->tspd[2][0], o1 = T->tspd[2][1];
    return T->tsp[2] && E == 1 && (sc_edge(st[o0]->sc[0]) || (o1 >= 0 && sc_edge(st[o1]->sc[0]))) &&
           st[T->tspst[2]]->ee[0];
}

/*
 * The innermost level below the top, when the compute delay of every step is
 * at least any NoC delay could be: then a step's delay is its compute delay
 * ceil(CP/simd) (§7.7), except the first step, which adds its ingress delay.
 * Only CP's products are needed, and no step is skipped (CP >= 1). Returns 0
 * and leaves *rt alone when the condition cannot be shown.
 */
static inline __attribute__((always_inline)) int inner_fast(ectx *c, int lv, const dgi_level *L, ltab *T,
                                                             const dstates *const *st, const cpsrc *x,
                                                             const int *ms, int nms, int64_t *rt)
{
    const dgi_problem *p = c->p;
    const dgi_mhw *hw = c->hw;
    int nd = L->nd;
    if (x->noc_max < 0)
        return 0;
    int ospd0 = T->tspd[2][0], ospd1 = T->tspd[2][1], ost = T->tspst[2];
    /* CP uses PEV's edge-edge variant in a step where the output's spatial map
     * is at an edge, its last spatial directive is edge-edge, and E = 1 (§6.5). */
    int sel = T->tsp[2] && L->E == 1;
    /* With one SIMD lane, Σ occ·CP over all steps factorises into
     * per-directive sums, given the states of the directives that pick CP's
     * variant (sd, enumerated below; the others' sums are multiplied into
     * part). */
    int sd[3], nsd = 0;
    unsigned sdmask = 0;
    if (sel && hw->simd == 1) {
        const int cand[3] = {ospd0, ospd1, ost};
        for (int k = 0; k < 3; k++)
            if (cand[k] >= 0 && st[cand[k]]->n > 1 && !((sdmask >> cand[k]) & 1)) {
                sd[nsd++] = cand[k];
                sdmask |= 1u << cand[k];
            }
    }
    /* One pass over the directives for every product below. Their overflow
     * flags are kept aside and raised where the products are used, as if
     * each were computed there: a call that gives up must not flag an
     * overflow the full analysis would not. */
    int anyz = 0, ovf_min = 0, ovf_cp = 0, ovf_part = 0;
    int64_t cpmin = 1, cp0 = 1, cp1 = 1, part[2] = {1, 1};
    for (int i = 0; i < nd; i++) {
        const dstates *s = st[i];
        if (s->minf < 1)
            return 0;
        anyz |= s->hasz;
        ovf_min |= __builtin_mul_overflow(cpmin, s->minf, &cpmin);
        ovf_cp |= __builtin_mul_overflow(cp0, s->init[0], &cp0);
        if (sel)
            ovf_cp |= __builtin_mul_overflow(cp1, s->init[1], &cp1);
        if (!((sdmask >> i) & 1)) {
            ovf_part |= __builtin_mul_overflow(part[0], s->sum[0], &part[0]);
            if (sel)
                ovf_part |= __builtin_mul_overflow(part[1], s->sum[1], &part[1]);
        }
    }
    /* The smallest nonzero CP over all steps: every factor's smallest nonzero
     * value. Steps whose CP is 0 are skipped by HEAD (§15): they add 0 to the
     * sums below as well, provided the first step is not one of them and no
     * abort hides in them (both checked below); e1d8efd does not skip them. */
    if (anyz && !c->head)
        return 0;
    if (!anyz) {
        c->ovf |= ovf_min;
    } else {
        cpmin = 1;
        for (int i = 0; i < nd && cpmin > 0; i++)
            if (__builtin_mul_overflow(cpmin, st[i]->minf, &cpmin))
                cpmin = -1; /* larger than any bound */
    }
    if (cpmin > 0 && ceil_div(cpmin, hw->simd) < x->noc_max && !dgi_ratio_bound(c, lv, L, T, st, x))
        return 0;
    /* MAESTRO would terminate if a temporal loop with a unique size of 0 advances
     * and no inner coupled loop restarted (§6.2). */
    for (int r = 0; r < nms; r++) {
        int i = ms[r], v = L->var[i];
        if (L->spatial[i] || L->un[v] != 0)
            continue;
        for (int t = 0; t < 2; t++) {
            if (!T->cpl[t][i])
                continue;
            int in = 0;
            for (int j = i + 1; j < nd && !in; j++)
                in = T->cpl[t][j] && !st[j]->u[0];
            if (!in) {
                if (anyz)
                    return 0; /* the step that aborts might be skipped */
                c->abort = 1;
            }
        }
    }
    int ovf = 0; /* see mulc */
    /* The first step (all Init): compute + ingress delay, with the exact SI (§6.3). */
    int64_t first, cp_first;
    {
        int64_t si = 0;
        c->ovf |= ovf_cp;
        cp_first = first_cp_edge_edge(T, st, L->E) ? cp1 : cp0;
        if (cp_first == 0 && c->head && c->first_done) {
            /* HEAD skips the first step (anyz), and the next step it runs
             * has left Init: it adds no ingress delay, so nothing does. Only
             * MAESTRO's L1 record would differ (it counts the skipped
             * steps), and that is taken from the first call alone. */
            first = 0;
        } else {
            if (cp_first <= 0)
                return 0;
            if (x->in_first < 0)
                si = dgi_first_si(c, L, T, st, x->fd);
            first = addc(&ovf, ceil_div(cp_first, hw->simd), x->in_first >= 0 ? x->in_first : noc_delay(hw, si));
        }
    }
    int64_t sum;
    if (hw->simd == 1) {
        c->ovf |= ovf_part;
        int64_t all = 0;
        int k0 = 0, k1 = 0;
        int n0 = nsd > 0 ? st[sd[0]]->n : 1, n1 = nsd > 1 ? st[sd[1]]->n : 1;
        int kk[DGI_MAXD] = {0};
        for (k0 = 0; k0 < n0; k0++)
            for (k1 = 0; k1 < n1; k1++) {
                if (nsd > 0)
                    kk[sd[0]] = k0;
                if (nsd > 1)
                    kk[sd[1]] = k1;
                int v = 0;
                if (sel) {
                    int edge = sc_edge(st[ospd0]->sc[kk[ospd0]]) || (ospd1 >= 0 && sc_edge(st[ospd1]->sc[kk[ospd1]]));
                    v = edge && st[ost]->ee[kk[ost]];
                }
                int64_t term = part[v];
                for (int j = 0; j < nsd; j++)
                    term = mulc(&ovf, term, mulc(&ovf, st[sd[j]]->occ[kk[sd[j]]],
                                              x->pev[sd[j]][st[sd[j]]->sc[kk[sd[j]]]][v ? V_P11 : V_P10]));
                all = addc(&ovf, all, term);
            }
        sum = addc(&ovf, all - cp_first, first);
    } else {
        /* Every other step: occ · ceil(CP/simd), CP from prefix products. */
        int64_t total = 1;
        for (int r = 0; r < nms; r++)
            total *= st[ms[r]]->n;
        int idx[DGI_MAXD] = {0}, raw[DGI_MAXD] = {0};
        int64_t pocc[DGI_MAXD + 1], p0[DGI_MAXD + 1], p1[DGI_MAXD + 1];
        pocc[0] = 1, p0[0] = 1, p1[0] = 1;
        for (int i = 0; i < nd; i++)
            if (st[i]->n == 1) {
                p0[0] = mulc(&ovf, p0[0], x->pev[i][st[i]->sc[0]][V_P10]);
                p1[0] = mulc(&ovf, p1[0], x->pev[i][st[i]->sc[0]][V_P11]);
            }
        sum = first;
        for (int64_t cn = 1; cn < total; cn++) {
            int from = next_case(cn, st, ms, nms, idx, raw);
            for (int r = from; r < nms; r++) {
                int i = ms[r], sc = st[i]->sc[idx[i]];
                pocc[r + 1] = pocc[r] * st[i]->occ[idx[i]];
                p0[r + 1] = mulc(&ovf, p0[r], x->pev[i][sc][V_P10]);
                p1[r + 1] = mulc(&ovf, p1[r], x->pev[i][sc][V_P11]);
            }
            int64_t cp = p0[nms];
            if (sel && st[ost]->ee[idx[ost]] &&
                (sc_edge(st[ospd0]->sc[idx[ospd0]]) || (ospd1 >= 0 && sc_edge(st[ospd1]->sc[idx[ospd1]]))))
                cp = p1[nms];
            sum = addc(&ovf, sum, mulc(&ovf, pocc[nms], ceil_div(cp, hw->simd)));
        }
    }
    flag_ovf(c, ovf);
    (void)p;
    *rt = sum;
    return 1;
}

/* What product_sum asks of a directive's states: no factor 0, negative or
 * overflowed (minf is 0 then). */
static inline int product_state_ok(const dstates *s)
{
    return s->minf >= 1 && !s->hasz;
}

/*
 * inner_fast's sum when it is a product. With one SIMD lane, the sum over
 * the steps is Π_i Σ_k occ·CP factor, and the first step's compute delay it
 * takes out is added back with its ingress delay: the runtime is that
 * product (*sum) plus the first step's ingress, provided no factor is 0 or
 * overflowed (minf) and nothing overflows. Where CP's variant changes from
 * step to step (E = 1 and the output's spatial directives, which pick it,
 * have several states), the pickers' states are enumerated as in
 * inner_fast, pev giving their factors. *cpmin is the smallest compute
 * delay, which the caller must show clears every NoC delay. The caller also
 * vouches for inner_fast's other conditions: one SIMD lane, a NoC bound, no
 * temporal directive that could abort; with checked = 0, for the states'
 * conditions too. Returns 0 when a condition fails; the caller then takes
 * the long way, which decides as before.
 */
static inline __attribute__((always_inline)) int product_sum(const dstates *const *st,
                                                             const int64_t (*const *pev)[NPEV], int nd,
                                                             const ltab *T, int64_t E, int checked, int64_t *sum,
                                                             int64_t *cpmin)
{
    int o0 = T->tspd[2][0], o1 = T->tspd[2][1], ost = T->tspst[2];
    int sel = T->tsp[2] && E == 1;
    /* The pickers with several states: at most the output's first two
     * spatial directives (its last one is one of them). */
    int sd[2] = {-1, -1}, nsd = 0;
    if (sel) {
        if (st[o0]->n > 1)
            sd[nsd++] = o0;
        if (o1 >= 0 && st[o1]->n > 1)
            sd[nsd++] = o1;
    }
    /* inner_fast raises an overflow of either variant's product, of the
     * first step's CP and of the smallest compute delay: any of them sends
     * the call to it. Without pickers to enumerate, the first two are at
     * most the products of the sums (every factor and occurrence >= 1). */
    int ovf = 0;
    int64_t part[2] = {1, 1}, cp[2] = {1, 1}, m = 1;
    for (int i = 0; i < nd; i++) {
        const dstates *s = st[i];
        if (checked && !product_state_ok(s))
            return 0;
        ovf |= __builtin_mul_overflow(m, s->minf, &m);
        if (nsd) {
            ovf |= __builtin_mul_overflow(cp[0], s->init[0], &cp[0]);
            ovf |= __builtin_mul_overflow(cp[1], s->init[1], &cp[1]);
            if (i == sd[0] || i == sd[1])
                continue;
        }
        ovf |= __builtin_mul_overflow(part[0], s->sum[0], &part[0]);
        if (sel)
            ovf |= __builtin_mul_overflow(part[1], s->sum[1], &part[1]);
    }
    *cpmin = m;
    if (!nsd) {
        /* One variant in every step. */
        *sum = part[first_cp_edge_edge(T, st, E)];
        return !ovf;
    }
    int64_t all = 0;
    int n0 = nsd > 0 ? st[sd[0]]->n : 1, n1 = nsd > 1 ? st[sd[1]]->n : 1;
    for (int k0 = 0; k0 < n0; k0++)
        for (int k1 = 0; k1 < n1; k1++) {
            /* The state of directive i in this combination (0 if not a picker). */
#define PICKED(i) ((i) == sd[0] ? k0 : (i) == sd[1] ? k1 : 0)
            int v = sel && (sc_edge(st[o0]->sc[PICKED(o0)]) || (o1 >= 0 && sc_edge(st[o1]->sc[PICKED(o1)]))) &&
                    st[ost]->ee[PICKED(ost)];
            int64_t term = part[v];
            for (int j = 0; j < nsd; j++) {
                int i = sd[j], k = j ? k1 : k0;
                int64_t f;
                ovf |= __builtin_mul_overflow(st[i]->occ[k], pev[i][st[i]->sc[k]][v ? V_P11 : V_P10], &f);
                ovf |= __builtin_mul_overflow(term, f, &term);
            }
#undef PICKED
            ovf |= __builtin_add_overflow(all, term, &all);
        }
    *sum = all;
    return !ovf;
}

#endif /* DIGAMMA_MAESTRO_INNER_H */
