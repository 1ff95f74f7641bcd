/*
 * maestro_fix.c: default mode's repair of MAESTRO's miscounts.
 *
 * Default mode is MAESTRO's model wherever MAESTRO counts the layer's MACs
 * right: the caller (dgi_maestro_eval) only comes here when MAESTRO's MAC
 * count differs from the true one. The analysis is then re-run with the
 * slips that cause miscounts repaired (docs/cost-model.md lists them):
 *   - the output-centric edge size in a spatial edge step (spec §14.5);
 *   - E, the active sub-units of a spatial edge step, also counts a
 *     partially filled sub-unit when the edge step is not the first one;
 *   - Y'/X' sizes and the output count respect the stride (§14.3);
 *   - a child level's tile sizes come from the table its parent hands down
 *     in that step, not from its static table (§14.1).
 * Whatever the repaired analysis still gets wrong (overlapping windows that
 * recompute MACs, odd edges), the MAC count and the MAC-driven L1 counts are
 * the layer's true MAC count; runtime, sizes and L2 traffic come from the
 * repaired analysis.
 *
 * The last repair (§14.1) is the engine's: it rebuilds a child level for each
 * table it is given (dgi_analyze_own, below) instead of keeping the one built
 * from its static table. Done naively that costs more than the rest of the
 * analysis, so level 1, rebuilt for every table the top level hands down,
 * keeps one copy updated variable by variable (flite_for) and caches each
 * directive's states and factors by the few table entries they depend on
 * (ectx.fcache); an innermost level 1 then takes inner_fast's closed form
 * from those cache entries (own_fast), without even re-preparing the level
 * when every entry the table needs is there (own_cached), as it is when a
 * 2-level analysis fills every entry a key can select up front
 * (fcache_prefill).
 */
#include "maestro_engine.h"
#include "maestro_inner.h"

#include <string.h>

int dgi_maestro_fix(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o, dgi_mresult *r)
{
    dgi_mopts fo = *o;
    fo.fixed = 1;
    fo.variant = DGI_VARIANT_HEAD;
    dgi_built fb = *b;
    for (int l = 0; l < fb.nlv; l++)
        dgi_prepare_level(&fb.lv[l], p, 1);
    dgi_mresult fr;
    int rc = dgi_maestro_analyze(p, &fb, hw, &fo, &fr);
    if (rc)
        return rc;
    fr.macs = p->true_macs;
    /* MAESTRO's model reads every operand from L1 once per MAC and writes every partial sum. */
    for (int t = 0; t < 3; t++)
        fr.l1_rd[t] = p->true_macs;
    fr.l1_wr[2] = p->true_macs;
    dgi_maestro_energy(&fr);
    *r = fr;
    return DG_OK;
}

/* ------------------------------------------------------------------------ */
/* The repaired analysis's child levels (§14.1), level 1 cached (ectx.fcache) */

/* The choices directive i of level 1 depends on, as 3 bits of the key. */
static inline unsigned fsub_key(const ectx *c, int i, unsigned key)
{
    const uint8_t *sh = c->fshift[i];
    return ((key >> sh[0]) & 1) | (((key >> sh[1]) & 1) << 1) | (((key >> sh[2]) & 1) << 2);
}

/* Which key bits those are (8, beyond any key, for a choice that does not apply). */
static void fsub_init(ectx *c)
{
    const dgi_problem *p = c->p;
    const dgi_level *parent = &c->b->lv[0], *L = &c->b->lv[1];
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i];
        c->fshift[i][0] = (uint8_t)parent->dir_of[v];
        c->fshift[i][1] = L->spatial[i] ? (uint8_t)parent->dir_of[L->var[L->sp_idx]] : 8;
        c->fshift[i][2] = p->conv && ((p->tens[2].mask >> v) & 1) && (v == DG_DIM_Y || v == DG_DIM_X)
                              ? (uint8_t)parent->dir_of[v == DG_DIM_Y ? DG_DIM_R : DG_DIM_S]
                              : 8;
    }
}

/* Fill directive i's cache entry sk from the level L prepared from the
 * table (delta), with T as scratch for its factors. */
static struct fdir *fcache_fill(ectx *c, const dgi_level *L, ltab *T, int i, unsigned sk, const int64_t *delta)
{
    const dgi_problem *p = c->p;
    struct fdir *f = &c->fcache[i][sk];
    dstates *s = &f->s;
    int v = L->var[i];
    dgi_directive_states(L, i, delta[v], s);
    for (int k = 0; k < s->n; k++) {
        int sc = s->sc[k];
        if (!((T->built[i] >> sc) & 1))
            dgi_fill_core(T, p, L, c->fixed, i, sc);
        f->pev[sc][V_P10] = T->pev[i][sc][V_P10];
        f->pev[sc][V_P11] = T->pev[i][sc][V_P11];
        f->sdb[sc][0] = T->sdb[i][sc][0];
        f->sdb[sc][1] = T->sdb[i][sc][1];
    }
    dgi_set_aggregates(T, i, s);
    f->dmb = f->dok = 0;
    f->pmvpos = 1;
    for (int w = 0; w < NPIV; w++) {
        f->pmv[w] = pmv_factor(L, i, s->sc[0] == SC_IE, piv_first[w], piv_ee[w]);
        f->pmvpos &= f->pmv[w] >= 1;
    }
    c->fhave[i] |= (uint8_t)(1u << sk);
    return f;
}

/* Directive i's cache entry for this key (filled on a miss); its core
 * factors are put in T either way. */
struct fdir *dgi_fcache_dir(ectx *c, const dgi_level *L, ltab *T, int i, unsigned key, const int64_t *delta)
{
    unsigned sk = fsub_key(c, i, key);
    if (!((c->fhave[i] >> sk) & 1))
        return fcache_fill(c, L, T, i, sk, delta);
    struct fdir *f = &c->fcache[i][sk];
    for (int k = 0; k < f->s.n; k++) {
        int sc = f->s.sc[k];
        T->pev[i][sc][V_P10] = f->pev[sc][V_P10];
        T->pev[i][sc][V_P11] = f->pev[sc][V_P11];
        T->sdb[i][sc][0] = f->sdb[sc][0];
        T->sdb[i][sc][1] = f->sdb[sc][1];
        T->built[i] |= (uint8_t)(1u << sc);
        T->cponly[i] |= (uint8_t)(1u << sc);
    }
    return f;
}

/* Level 1 prepared for the table of this key. The repaired analysis keeps
 * one copy and redoes only the variables whose entry changed since the last
 * key (dgi_reprepare_var): preparing the whole level per call cost more than
 * the closed form of its runtime. */
static const dgi_level *flite_for(ectx *c, unsigned key, const int64_t *delta)
{
    dgi_level *L = &c->flite;
    if (!c->flite_ok) {
        *L = c->b->lv[1];
        for (int i = 0; i < L->nd; i++)
            L->D[L->var[i]] = delta[L->var[i]];
        dgi_prepare_level(L, c->p, 1);
        c->flite_ok = 1;
    } else {
        const dgi_level *parent = &c->b->lv[0];
        for (unsigned ch = key ^ c->fkey; ch; ch &= ch - 1) {
            int v = parent->var[__builtin_ctz(ch)];
            L->D[v] = delta[v];
            dgi_reprepare_var(L, c->p, v, 1);
        }
    }
    c->fkey = key;
    /* Factors are per call; the tensor facts stay. */
    memset(c->ftab.built, 0, sizeof c->ftab.built);
    memset(c->ftab.cponly, 0, sizeof c->ftab.cponly);
    return L;
}

/* The key whose bits in mask are the low bits of m, in order. */
static unsigned spread_bits(unsigned m, unsigned mask)
{
    unsigned key = 0;
    for (; mask; mask &= mask - 1, m >>= 1)
        key |= (m & 1) * (mask & -mask);
    return key;
}

/* Whether two entries of a directive give the first step's SI the same
 * factors: their PMV factors and their Init state's edge flags. */
static int same_first(const struct fdir *a, const struct fdir *b)
{
    return sc_edge(a->s.sc[0]) == sc_edge(b->s.sc[0]) && a->s.ee[0] == b->s.ee[0] &&
           memcmp(a->pmv, b->pmv, sizeof a->pmv) == 0;
}

/* The key bits the first step's SI depends on, once fcache_prefill has
 * filled every entry a key can select (vary: the key bits that can be set):
 * those of a directive coupled with an input whose entries differ in what SI
 * reads (same_first), and E's, which it reads too. */
static unsigned fsi_mask(const ectx *c, unsigned vary)
{
    const ltab *T = &c->ftab;
    unsigned mask = c->fE[0] != c->fE[1] ? (1u << c->fE_bit) & vary : 0;
    for (int i = 0; i < c->b->lv[1].nd; i++) {
        if (!T->cpl[0][i] && !T->cpl[1][i])
            continue;
        unsigned bits = 0, ks = 0; /* the directive's key bits, and the sub-key bits they set */
        for (int k = 0; k < 3; k++)
            if (c->fshift[i][k] < 8 && ((vary >> c->fshift[i][k]) & 1))
                bits |= 1u << c->fshift[i][k], ks |= 1u << k;
        for (unsigned sk = ks; sk; sk = (sk - 1) & ks)
            if (!same_first(&c->fcache[i][sk], &c->fcache[i][0]))
                mask |= bits;
    }
    return mask;
}

/*
 * Every cache entry of level 1 that a key can select, filled before the
 * first call, with its compute-bound ratios when the proof may be needed.
 * A key bit is only ever set where the parent's edge size differs from its
 * mapped size, and the top level hands down nearly every choice of those
 * bits a directive depends on (97 % of the entries so reachable were filled
 * call by call before), so filling them up front costs about the same. In
 * exchange every call finds its entries (own_cached), instead of a third of
 * them preparing the level for the key and taking own_fast's longer way.
 * Directive by directive, its choices are walked in Gray-code order, so
 * that each key differs from the last in one variable (flite_for). A
 * temporal directive's ratios do not depend on E (its CP factor is one in
 * both variants), so its entry takes them for every E a key can have at
 * once (dgi_fdir_ratio copies them).
 */
static void fcache_prefill(ectx *c, int ratios)
{
    const dgi_level *parent = &c->b->lv[0], *S = &c->b->lv[1], *L = NULL;
    ltab *T = &c->ftab;
    unsigned vary = 0, key = 0;
    int64_t delta[DGI_NV];
    for (int j = 0; j < parent->nd; j++) {
        int v = parent->var[j];
        vary |= (unsigned)(parent->mpe[v] != parent->mp[v]) << j;
        delta[v] = parent->mp[v];
    }
    /* The values of e1 (E = 1, with the output spatially mapped) keys take. */
    unsigned e1s = 1u << (T->tsp[2] && c->fE[0] == 1);
    if ((vary >> c->fE_bit) & 1)
        e1s |= 1u << (T->tsp[2] && c->fE[1] == 1);
    int seen[2] = {0, 0}, ok[2] = {1, 1}, pmvpos = 1;
    for (int i = 0; i < S->nd; i++) {
        unsigned bits = 0;
        for (int k = 0; k < 3; k++)
            bits |= c->fshift[i][k] < 8 ? 1u << c->fshift[i][k] : 0;
        bits &= vary;
        int coupled = T->cpl[0][i] || T->cpl[1][i];
        unsigned n = 1; /* 2^popcount(bits): __builtin_popcount is a libgcc call without -mpopcnt */
        for (unsigned b = bits; b; b &= b - 1)
            n <<= 1;
        for (unsigned g = 0; g < n; g++) {
            unsigned next = (key & ~bits) | spread_bits(g ^ (g >> 1), bits);
            for (unsigned ch = next ^ key; ch; ch &= ch - 1) {
                int j = __builtin_ctz(ch), v = parent->var[j];
                delta[v] = (next >> j) & 1 ? parent->mpe[v] : parent->mp[v];
            }
            key = next;
            unsigned sk = fsub_key(c, i, key);
            /* The E = 1 choices whose ratios the entry needs: its own E's
             * for a spatial directive, every one for a temporal one. */
            unsigned want = 0;
            if (ratios)
                want = S->spatial[i] ? 1u << (T->tsp[2] && c->fE[(key >> c->fE_bit) & 1] == 1) : e1s;
            int have = (c->fhave[i] >> sk) & 1;
            if (have && !(want & ~c->fcache[i][sk].dmb))
                continue;
            L = flite_for(c, key, delta);
            struct fdir *f = have ? &c->fcache[i][sk] : fcache_fill(c, L, T, i, sk, delta);
            pmvpos &= f->pmvpos || !coupled;
            for (int e1 = 0; e1 < 2; e1++)
                if ((want >> e1) & 1) {
                    dgi_fdir_ratio(c, L, T, i, f, e1);
                    seen[e1] = 1;
                    ok[e1] &= (f->dok >> e1) & 1;
                }
        }
    }
    c->fpmvpos = (uint8_t)pmvpos;
    /* The exact first-step SI is only ever needed where its ingress is not
     * known statically (own_cached's in < 0). */
    if (c->fin_static < 0)
        c->fsimask = fsi_mask(c, vary);
    /* The maxima are final: every key they cover is shown or not at once. */
    if (ratios && L && L->E <= L->N)
        for (int e1 = 0; e1 < 2; e1++)
            c->fshown[e1] = (uint8_t)(seen[e1] && ok[e1] && dgi_fmax_pass(c, L, T, e1));
}

/* Bounds of level 1's NoC delays (dgi_noc_bound, dgi_first_ingress) that
 * hold for every table its parent can hand down, d being at most the larger
 * of the parent's mapped and edge sizes: by dgi_prepare_level, a variable's
 * sizes are mp = tile, un <= tile, mpe <= max(tile, d), une <= offset + d,
 * and the output-centric Y'/X' sizes are at most Y's/X's; so every factor is
 * at most max(1, tile, offset + d). E <= N (own_fast checks it), so the
 * sub-unit counts are the static level's. Checked once per analysis, they
 * spare own_fast the exact bounds whenever the compute delay clears them. */
static void fstatic_bounds(ectx *c)
{
    const dgi_problem *p = c->p;
    const dgi_level *parent = &c->b->lv[0], *L = &c->b->lv[1];
    int64_t vol[3];
    c->fnoc_static = c->fin_static = -1;
    for (int t = 0; t < 3; t++) {
        int64_t bb = 1;
        for (int k = 0; k < p->tens[t].nv; k++) {
            int v = p->tens[t].vars[k], i = L->dir_of[v];
            int64_t d = max64(parent->mp[v], parent->mpe[v]), m;
            if (d < 1 || L->E > L->N || __builtin_add_overflow(L->ofs[i], d, &m))
                return;
            m = max64(m, L->size[i]);
            if (__builtin_mul_overflow(bb, m, &bb) || bb > (INT64_C(1) << 40))
                return;
        }
        vol[t] = bb;
    }
    c->fnoc_static = dgi_noc_from_vols(&c->ftab, L, c->hw, vol);
    if (c->fnoc_static >= 0)
        c->fin_static = dgi_first_from_vols(&c->ftab, L, c->hw, vol);
}

/* Set up the repaired level 1's cache for one analysis (level 1 exists). */
void dgi_own_init(ectx *c)
{
    const dgi_level *parent = &c->b->lv[0], *L = &c->b->lv[1];
    int v = L->var[L->sp_idx];
    c->fE_bit = parent->dir_of[v];
    c->fE[0] = dgi_edge_units(L, parent->mp[v], 1);
    c->fE[1] = dgi_edge_units(L, parent->mpe[v], 1);
    fsub_init(c);
    memset(c->fmax, 0, sizeof c->fmax);
    c->fmpass[0] = c->fmpass[1] = 0;
    c->fshown[0] = c->fshown[1] = c->fpmvpos = 0;
    c->fsimask = ~0u;
    memset(c->fsihave, 0, sizeof c->fsihave);
    dgi_init_tab(&c->ftab, c->p, &c->b->lv[1], c->hw, 0); /* tensor facts */
    if (c->b->nlv == 2) {
        fstatic_bounds(c);
        /* own_cached's conditions; the proof is only ever needed where a NoC
         * delay can exceed one cycle, and only works with a latency of 1. */
        if (c->hw->simd == 1 && c->fnoc_static >= 0)
            fcache_prefill(c, c->fnoc_static > 1 && c->hw->noc_lat <= 1);
    }
}

/* Innermost repaired level 1 in closed form (inner_fast) from the
 * per-directive cache alone (entries missing are filled from L, the level
 * prepared for this key). Returns 0 when the closed form does not apply;
 * the caller then runs the full analysis, which reaches the same closed form
 * with the same inputs. */
static int own_fast(ectx *c, const dgi_level *L, unsigned key, const int64_t *delta, int64_t *rt)
{
    const dstates *st[DGI_MAXD];
    struct fdir *fd[DGI_MAXD];
    cpsrc x;
    x.fd = fd;
    int ms[DGI_MAXD], nms = 0;
    for (int i = 0; i < L->nd; i++) {
        unsigned sk = fsub_key(c, i, key);
        struct fdir *f = (c->fhave[i] >> sk) & 1 ? &c->fcache[i][sk] : fcache_fill(c, L, &c->ftab, i, sk, delta);
        fd[i] = f;
        st[i] = &f->s;
        x.pev[i] = f->pev;
        if (f->s.n > 1)
            ms[nms++] = i;
    }
    /* The static bounds first; the exact ones only if the closed form needs
     * them (a second try repeats only what the first did before giving up). */
    int loose = c->fnoc_static >= 0 && L->E <= L->N;
    if (loose) {
        x.noc_max = c->fnoc_static;
        x.in_first = c->fin_static;
    } else {
        x.noc_max = dgi_noc_bound(&c->ftab, c->p, L, c->hw);
        x.in_first = dgi_first_ingress(&c->ftab, c->p, L, c->hw);
    }
    if (!inner_fast(c, 1, L, &c->ftab, st, &x, ms, nms, rt)) {
        if (!loose)
            return 0;
        x.noc_max = dgi_noc_bound(&c->ftab, c->p, L, c->hw);
        x.in_first = dgi_first_ingress(&c->ftab, c->p, L, c->hw);
        if (!inner_fast(c, 1, L, &c->ftab, st, &x, ms, nms, rt))
            return 0;
    }
    note_first_l1(c, L);
    return 1;
}

/*
 * An innermost repaired level 1 in product form (product_sum) from its cache
 * entries alone, when every entry this key needs is there: then the level is
 * not re-prepared for the key (flite_for). This is own_fast's first try
 * (inner_fast with the static bounds) without the key's level: E comes from
 * fE, and where the compute-bound proof (the NoC bound alone does not clear
 * the smallest compute delay) or the first step's SI (its ingress is not
 * known statically) is needed, they read only the level's shape (its
 * directives, N, the SpatialMaps) and E, so they are given the level
 * prepared for an earlier key with this key's E for the while. Compute
 * factors of 0 are taken as inner_fast takes them (below). Whatever this
 * cannot show (an entry whose ratios are not computed yet, a PMV factor
 * below 1) goes to own_fast, which decides as before (returns 0); where the
 * closed form fails on what own_fast would decide the same way (the proof,
 * a skipped first step before any L1 record), the full analysis follows at
 * once (returns -1). own_fast's exact NoC bound could still spare a failed
 * proof, but did so in none of the 1,279 such calls of 3,000 evaluations of
 * the benchmark's miscounted mappings with finite bandwidth.
 */
static int own_cached(ectx *c, unsigned key, int64_t *rt)
{
    const dgi_level *S = &c->b->lv[1];
    ltab *T = &c->ftab;
    int64_t E = c->fE[(key >> c->fE_bit) & 1];
    if (c->hw->simd != 1 || c->fnoc_static < 0 || E > S->N)
        return 0;
    const dstates *st[DGI_MAXD];
    const int64_t(*pev[DGI_MAXD])[NPEV];
    struct fdir *fd[DGI_MAXD];
    int anyz = 0;
    for (int i = 0; i < S->nd; i++) {
        unsigned sk = fsub_key(c, i, key);
        if (!((c->fhave[i] >> sk) & 1))
            return 0;
        fd[i] = &c->fcache[i][sk];
        st[i] = &fd[i]->s;
        pev[i] = fd[i]->pev;
        if (st[i]->minf < 1)
            return 0;
        anyz |= st[i]->hasz;
    }
    /* Steps whose compute factors include a 0 have no partial sums: HEAD
     * (the repaired analysis's semantics) skips them, and they add 0 to the
     * product. If the first step is one of them, it adds no ingress delay
     * either, provided an earlier record has set the L1 size (inner_fast). */
    int64_t sum, cpmin, in = c->fin_static;
    if (!product_sum(st, pev, S->nd, T, E, 0, &sum, &cpmin))
        return 0;
    int first = 1;
    if (anyz) {
        int v = first_cp_edge_edge(T, st, E);
        for (int i = 0; i < S->nd; i++)
            first &= st[i]->init[v] != 0;
        if (!first && !c->first_done)
            return -1;
    }
    if (!first)
        in = 0;
    int e1 = T->tsp[2] && E == 1;
    int prove = cpmin < c->fnoc_static && !c->fshown[e1];
    if (prove || in < 0) {
        if (!c->flite_ok)
            return 0;
        for (int i = 0; i < S->nd && (prove || !c->fpmvpos); i++) {
            int coupled = T->cpl[0][i] || T->cpl[1][i];
            if ((prove && !((fd[i]->dmb >> e1) & 1)) || (in < 0 && coupled && !fd[i]->pmvpos))
                return 0;
        }
        dgi_level *F = &c->flite;
        int64_t E0 = F->E;
        F->E = E;
        cpsrc x; /* the repaired level's proof reads its cache entries alone */
        x.fd = fd;
        int ok = !prove || dgi_ratio_bound(c, 1, F, T, st, &x);
        if (ok && in < 0) {
            unsigned sk = key & c->fsimask;
            if (!memo_has(c->fsihave, sk)) {
                c->fsimemo[sk] = dgi_first_si(c, F, T, st, fd);
                memo_mark(c->fsihave, sk);
            }
            in = noc_delay(c->hw, c->fsimemo[sk]);
        }
        F->E = E0;
        if (!ok)
            return -1;
    }
    if (__builtin_add_overflow(sum, in, rt))
        return 0;
    note_first_l1(c, S);
    return 1;
}

/* QUIRK (§14.1): MAESTRO keeps a child's tile sizes from its static table
 * while the parent hands down a smaller edge tile; repaired (default mode's
 * second analysis), the child's per-level quantities come from the table it
 * is actually given. Out of line (its frame is large), so analyze's
 * recursion does not carry that frame. */
int64_t dgi_analyze_own(ectx *c, int lv, const int64_t *delta, unsigned key)
{
    if (lv == 1) {
        int64_t rt;
        int closed = c->b->nlv == 2 ? own_cached(c, key, &rt) : 0;
        if (closed > 0)
            return rt;
        const dgi_level *L = flite_for(c, key, delta);
        if (c->b->nlv == 2 && closed == 0 && own_fast(c, L, key, delta, &rt))
            return rt;
        return dgi_analyze_level(c, lv, L, &c->ftab, delta, key, NULL);
    }
    dgi_level own = c->b->lv[lv];
    ltab own_tab;
    for (int i = 0; i < own.nd; i++)
        own.D[own.var[i]] = delta[own.var[i]];
    dgi_prepare_level(&own, c->p, 1);
    dgi_init_tab(&own_tab, c->p, &own, c->hw, 1);
    return dgi_analyze_level(c, lv, &own, &own_tab, delta, key, NULL);
}
