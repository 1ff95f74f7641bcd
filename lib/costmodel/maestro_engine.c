/*
 * maestro_engine.c: MAESTRO's per-level analysis (reference/maestro-model.md
 * §5-§9): iteration states and cases, the reuse volumes, the recursion
 * through cluster levels, runtime, buffer sizes and access counts.
 *
 * The code follows the spec's structure function by function so that it can
 * be checked against it (and against maestro_ref.py). Two things make it fast
 * without changing a single number:
 *   - a child level's result depends only on the dimension table its parent
 *     hands down, and each entry of that table is either the parent's mapped
 *     size or its edge size; results are memoised by that choice (a bit per
 *     directive), as the spec suggests (§16);
 *   - below the top level only what the runtime needs is computed (the access
 *     counts MAESTRO reports come from the top level alone).
 * All scratch memory lives on the caller's stack: no allocation, no globals.
 */
#include "costmodel.h"

#include <string.h>

enum { ST_I = 0, ST_S = 1, ST_E = 2 };

/* The states one directive can take in one call (spec §5). */
typedef struct dstates {
    int n;
    int8_t pos[3];
    uint8_t u[3], ie[3], ee[3];
    int64_t occ[3];
} dstates;

/* One iteration case: the state of every directive. */
typedef struct ccase {
    int8_t pos[DGI_MAXD];
    uint8_t u[DGI_MAXD], ee[DGI_MAXD], edge[DGI_MAXD];
    int chg;                       /* innermost directive not in Init, -1 if none */
    uint8_t inited[3];             /* per tensor: an inner coupled loop restarted */
    uint8_t sp[3], spedge[3];      /* per tensor: spatially mapped; in a spatial edge */
    int8_t spst[3];                /* per tensor: its last spatial directive */
    uint8_t any_spedge;            /* some SpatialMap of the level is at an edge */
} ccase;

#define MEMO_SLOTS (1 << DGI_MAXD)

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
    uint8_t have[DG_MAX_LEVELS][MEMO_SLOTS];
    int64_t memo[DG_MAX_LEVELS][MEMO_SLOTS];
} ectx;

static inline int64_t mulc(ectx *c, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        c->ovf = 1;
    return r;
}

static inline int64_t addc(ectx *c, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        c->ovf = 1;
    return r;
}

static inline int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* ceil(a / b) for b > 0 and any sign of a (Python's -(-a // b)). */
static inline int64_t ceil_div(int64_t a, int64_t b)
{
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

/* ------------------------------------------------------------------------ */
/* States (spec §5) */

static void directive_states(const dgi_level *L, int i, int64_t d, dstates *s)
{
    int64_t m = L->size[i], o = L->ofs[i];
    s->n = 0;
    if (!L->spatial[i]) {
        s->pos[0] = ST_I, s->occ[0] = 1, s->u[0] = d <= m, s->ie[0] = d < m, s->ee[0] = 0;
        s->n = 1;
        int64_t nst = (d - m) / o;
        if (m < d && nst > 0) {
            s->pos[s->n] = ST_S, s->occ[s->n] = nst, s->u[s->n] = 0, s->ie[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
        if (!(d < m) && nst * o + m < d) {
            s->pos[s->n] = ST_E, s->occ[s->n] = 1, s->u[s->n] = 0, s->ie[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
    } else {
        int64_t N = L->N;
        int64_t cov = m + o * (N - 1);
        int u = d <= cov, ie = d < cov;
        s->pos[0] = ST_I, s->occ[0] = 1, s->u[0] = (uint8_t)u, s->ie[0] = (uint8_t)ie, s->ee[0] = (uint8_t)ie;
        s->n = 1;
        int64_t nst = ((d - m) / o + 1) / N - 1;
        if (cov < d && nst > 0) {
            s->pos[s->n] = ST_S, s->occ[s->n] = nst, s->u[s->n] = 0, s->ie[s->n] = 0, s->ee[s->n] = 0;
            s->n++;
        }
        int has_edge = !u && ((nst + 1) * o * N + cov > d) && (nst * o * N + cov != d);
        int64_t rem = d - (nst + 1) * o * N;
        int64_t act = rem < m ? 1 : (rem - m) / o + 1;
        int ee = (act - 1) * o + m < rem;
        if (!ie && has_edge) {
            s->pos[s->n] = ST_E, s->occ[s->n] = 1, s->u[s->n] = 0, s->ie[s->n] = 0, s->ee[s->n] = (uint8_t)ee;
            s->n++;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Volumes (spec §6) */

/* PE mapped volume PMV(t, first, ee*), §6.1. */
static int64_t pmv(ectx *c, const dgi_level *L, const ccase *cs, const dgi_tensor *t, int first, int ee)
{
    int64_t r = 1;
    for (int k = 0; k < t->nv; k++) {
        int v = t->vars[k], i = L->dir_of[v];
        if (!L->spatial[i]) {
            r = mulc(c, r, cs->edge[i] ? L->mpe[v] : L->mp[v]);
        } else if (cs->edge[i]) {
            if (L->E == 1) {
                if (first || ee)
                    r = mulc(c, r, L->mpe[v]);
            } else {
                r = mulc(c, r, ee ? L->mpe[v] : L->mp[v]);
            }
        } else {
            r = mulc(c, r, L->mp[v]);
        }
    }
    return r;
}

/* PE ingress volume PIV(t, first, ee*), the temporal-reuse model, §6.2. */
static int64_t piv(ectx *c, const dgi_level *L, const ccase *cs, int ti, int first, int ee)
{
    const dgi_tensor *t = &c->p->tens[ti];
    int chg = cs->chg;
    if (chg < 0)
        return pmv(c, L, cs, t, first, ee);
    /* QUIRK (§14.2): a tensor not coupled with the loop that advanced is stationary. */
    if (!((t->mask >> L->var[chg]) & 1))
        return 0;
    int inited = cs->inited[ti];
    int64_t r = 1;
    for (int k = 0; k < t->nv; k++) {
        int v = t->vars[k], i = L->dir_of[v];
        int64_t f;
        if (!L->spatial[i]) {
            if (cs->pos[i] == ST_I) {
                f = cs->edge[i] ? L->mpe[v] : L->mp[v];
            } else if (i == chg && !inited) {
                if (L->un[v] == 0)
                    c->abort = 1; /* MAESTRO terminates here */
                f = max64(L->un[v], 1);
            } else {
                f = L->mp[v];
            }
        } else {
            int64_t M = ee ? L->mpe[v] : L->mp[v], U = ee ? L->une[v] : L->un[v];
            if (cs->pos[i] == ST_I)
                f = (first || i <= chg) ? M : U;
            else
                f = (!first && i == chg && !inited) ? U : M;
        }
        r = mulc(c, r, f);
    }
    return r;
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

/* "first ? mp : un" with a zero un skipped (factor 1). */
static inline int64_t mp_or_un(const dgi_level *L, int a, int first)
{
    if (first)
        return L->mp[a];
    return L->un[a] ? L->un[a] : 1;
}

/* PE egress / partial-sum volume PEV(out, psum, first, ee*, reuse), §6.4. */
static int64_t pev(ectx *c, const dgi_level *L, const ccase *cs, int psum, int first, int ee, int reuse)
{
    const dgi_problem *p = c->p;
    const dgi_tensor *t = &p->tens[2];
    int64_t r = 1;
    int64_t E = L->E;
    if (psum) {
        /* Part 1: the reduction variables (not coupled with the output). */
        for (int i = 0; i < L->nd; i++) {
            int v = L->var[i];
            if ((t->mask >> v) & 1)
                continue;
            int64_t f = 1;
            if (!L->spatial[i]) {
                f = cs->edge[i] ? L->mpe[v] : L->mp[v];
            } else if (cs->pos[i] == ST_I) {
                f = (cs->edge[i] && ee) ? L->mpe[v] : mp_or_un(L, v, first);
            } else if (cs->pos[i] == ST_S) {
                f = mp_or_un(L, v, first);
            } else if (E == 1) {
                if (first || ee)
                    f = L->mpe[v];
            } else {
                f = ee ? L->une[v] : mp_or_un(L, v, first);
            }
            r = mulc(c, r, f);
        }
    }
    /* Part 2: the output's own variables, output-centric. */
    for (int k = 0; k < t->nv; k++) {
        int v = t->vars[k], i = L->dir_of[v], a = oalias(p, v);
        int64_t f = 1;
        if (!L->spatial[i]) {
            if (cs->pos[i] == ST_I)
                f = cs->edge[i] ? L->mpe[a] : L->mp[a];
            else if (cs->pos[i] == ST_S)
                f = L->mp[a];
            else
                f = L->mpe[a];
        } else if (cs->pos[i] == ST_I) {
            if (cs->edge[i] && ee)
                f = (E == 1 || !reuse) ? L->mpe[a] : L->une[a];
            else
                f = mp_or_un(L, a, first);
        } else if (cs->pos[i] == ST_S) {
            f = mp_or_un(L, a, first);
        } else if (E == 1) {
            if (first || ee)
                f = c->fixed ? L->mpe[a] : L->mpe[v]; /* QUIRK (§14.5): MAESTRO takes input-centric v */
        } else {
            f = ee ? L->une[a] : mp_or_un(L, a, first);
        }
        r = mulc(c, r, f);
    }
    return r;
}

/* Spatial ingress SI(t), §6.3. */
static int64_t spatial_ingress(ectx *c, const dgi_level *L, const ccase *cs, int ti)
{
    if (!cs->sp[ti])
        return piv(c, L, cs, ti, 1, 0);
    if (!cs->spedge[ti])
        return addc(c, piv(c, L, cs, ti, 1, 0), mulc(c, L->N - 1, piv(c, L, cs, ti, 0, 0)));
    int ee = cs->ee[cs->spst[ti]];
    int64_t r = (L->E == 1 && ee) ? piv(c, L, cs, ti, 1, 1) : piv(c, L, cs, ti, 1, 0);
    if (L->E > 1) {
        int64_t nfull = max64(L->E - ee - 1, 0);
        if (nfull)
            r = addc(c, r, mulc(c, nfull, piv(c, L, cs, ti, 0, 0)));
        if (ee)
            r = addc(c, r, piv(c, L, cs, ti, 0, 1));
    }
    return r;
}

/* Spatial egress SE(out), §6.5. */
static int64_t spatial_egress(ectx *c, const dgi_level *L, const ccase *cs)
{
    if (!cs->sp[2])
        return pev(c, L, cs, 0, 1, 0, 1);
    if (!cs->spedge[2])
        return addc(c, pev(c, L, cs, 0, 1, 0, 1), mulc(c, L->N - 1, pev(c, L, cs, 0, 0, 0, 1)));
    int ee = cs->ee[cs->spst[2]];
    int64_t r = (L->E == 1 && ee) ? pev(c, L, cs, 0, 1, 1, 1) : pev(c, L, cs, 0, 1, 0, 1);
    if (L->E > 1) {
        int64_t nfull = max64(L->E - ee - 1, 0);
        if (nfull)
            r = addc(c, r, mulc(c, nfull, pev(c, L, cs, 0, 0, 0, 1)));
        if (ee)
            r = addc(c, r, pev(c, L, cs, 0, 0, 1, 1));
    }
    return r;
}

/* Critical-path partial sums CP(out), §6.5: MACs of the first sub-unit. */
static int64_t critical_psums(ectx *c, const dgi_level *L, const ccase *cs)
{
    if (cs->sp[2] && cs->spedge[2] && L->E == 1 && cs->ee[cs->spst[2]])
        return pev(c, L, cs, 1, 1, 1, 1);
    return pev(c, L, cs, 1, 1, 0, 1);
}

/* MACs of the whole sub-unit array in one step, PM(out), §6.5. */
static int64_t psum_mapping(ectx *c, const dgi_level *L, const ccase *cs)
{
    if (!cs->any_spedge)
        return mulc(c, L->N, pev(c, L, cs, 1, 1, 0, 1));
    int ee = cs->ee[L->last_sp];
    int64_t r = (L->E == 1 && ee) ? pev(c, L, cs, 1, 1, 1, 1) : pev(c, L, cs, 1, 1, 0, 1);
    if (L->E > 1) {
        int64_t nfull = max64(L->E - ee - 1, 0);
        if (nfull)
            r = addc(c, r, mulc(c, nfull, pev(c, L, cs, 1, 1, 0, 1)));
        if (ee)
            r = addc(c, r, pev(c, L, cs, 1, 0, 1, 0));
    }
    return r;
}

/* Sub-cluster table SD(case, ee*), §6.7, as a memo key: bit i set when
 * directive i hands its edge size down (and that differs from the mapped size). */
static unsigned sub_cluster_key(const dgi_level *L, const ccase *cs, int ee, int64_t *dchild)
{
    unsigned key = 0;
    for (int i = 0; i < L->nd; i++) {
        int v = L->var[i];
        int use_e;
        if (!L->spatial[i])
            use_e = cs->edge[i];
        else if (cs->pos[i] == ST_I)
            use_e = cs->edge[i] && (L->E == 1 || ee);
        else if (cs->pos[i] == ST_S)
            use_e = 0;
        else
            use_e = L->E == 1 || ee;
        dchild[v] = use_e ? L->mpe[v] : L->mp[v];
        if (use_e && L->mpe[v] != L->mp[v])
            key |= 1u << i;
    }
    return key;
}

/* ------------------------------------------------------------------------ */
/* The per-level analysis A(ℓ, δ), §7 */

/* NoC delay: λ + ceil(x / BW) − 1. */
static inline int64_t noc_delay(const dgi_mhw *hw, int64_t x)
{
    return hw->noc_lat + ceil_div(x, hw->noc_bw) - 1;
}

static void fill_case(const dgi_problem *p, const dgi_level *L, const dstates *st, const int *idx, ccase *cs,
                      int64_t *occ)
{
    int64_t o = 1;
    int chg = -1;
    uint8_t any_spedge = 0;
    for (int i = 0; i < L->nd; i++) {
        const dstates *s = &st[i];
        int k = idx[i];
        cs->pos[i] = s->pos[k];
        cs->u[i] = s->u[k];
        cs->ee[i] = s->ee[k];
        cs->edge[i] = s->pos[k] == ST_E || s->ie[k];
        o *= s->occ[k];
        if (s->pos[k] != ST_I)
            chg = i;
        if (L->spatial[i] && cs->edge[i])
            any_spedge = 1;
    }
    cs->chg = chg;
    cs->any_spedge = any_spedge;
    for (int t = 0; t < 3; t++) {
        const dgi_tensor *tn = &p->tens[t];
        uint8_t inited = 0;
        for (int i = chg + 1; i < L->nd; i++)
            if (((tn->mask >> L->var[i]) & 1) && cs->pos[i] == ST_I && !cs->u[i]) {
                inited = 1;
                break;
            }
        cs->inited[t] = inited;
        uint8_t sp = 0, spedge = 0;
        int8_t spst = -1;
        for (int k = 0; k < tn->nv; k++) {
            int i = L->dir_of[tn->vars[k]];
            if (L->spatial[i]) {
                sp = 1;
                spst = (int8_t)i;
                if (cs->edge[i])
                    spedge = 1;
            }
        }
        cs->sp[t] = sp;
        cs->spedge[t] = spedge;
        cs->spst[t] = spst;
    }
    *occ = o;
}

static int64_t analyze(ectx *c, int lv, const int64_t *delta, dgi_mresult *top);

/* Runtime of level lv for the table the parent hands down (memoised). */
static int64_t child_runtime(ectx *c, int lv, unsigned key, const int64_t *delta)
{
    if (c->have[lv][key])
        return c->memo[lv][key];
    int64_t rt = analyze(c, lv, delta, NULL);
    c->have[lv][key] = 1;
    c->memo[lv][key] = rt;
    return rt;
}

static int64_t analyze(ectx *c, int lv, const int64_t *delta, dgi_mresult *top)
{
    const dgi_problem *p = c->p;
    const dgi_level *L = &c->b->lv[lv];
    dgi_level own;
    if (c->fixed && lv > 0) {
        /* QUIRK (§14.1): MAESTRO keeps a child's tile sizes from its static table
         * while the parent hands down a smaller edge tile; repaired, the child's
         * per-level quantities come from the table it is actually given. */
        own = *L;
        for (int i = 0; i < own.nd; i++)
            own.D[own.var[i]] = delta[own.var[i]];
        dgi_prepare_level(&own, p, 1);
        L = &own;
    }
    if (c->fixed && lv + 1 < c->b->nlv)
        /* This level's edge sizes now depend on its own table, so the memo
         * keys of its child are only meaningful within this call. */
        memset(c->have[lv + 1], 0, sizeof c->have[lv + 1]);
    const dgi_mhw *hw = c->hw;
    int innermost = lv == c->b->nlv - 1;
    int nd = L->nd;

    dstates st[DGI_MAXD];
    int64_t total = 1;
    for (int i = 0; i < nd; i++) {
        directive_states(L, i, delta[L->var[i]], &st[i]);
        total *= st[i].n;
    }

    int64_t runtime = 0, macs = 0;
    int64_t l2_size[3] = {0, 0, 0};
    int reruns = 0; /* times the first-case block ran (cases skipped before it re-run it) */
    int processed = 0;
    int raw[DGI_MAXD] = {0}, idx[DGI_MAXD] = {0};
    ccase cs;

    for (int64_t cn = 0; cn < total; cn++) {
        /* MAESTRO's order: case 0 is all-Init; case q+1 uses state (digit_i(q) + 1) mod n_i. */
        if (cn > 0) {
            for (int i = 0; i < nd; i++)
                idx[i] = (raw[i] + 1) % st[i].n;
            for (int i = nd - 1; i >= 0; i--) {
                if (++raw[i] < st[i].n)
                    break;
                raw[i] = 0;
            }
        }
        int64_t occ;
        fill_case(p, L, st, idx, &cs, &occ);

        int64_t si[2];
        si[0] = spatial_ingress(c, L, &cs, 0);
        si[1] = spatial_ingress(c, L, &cs, 1);
        int64_t se = spatial_egress(c, L, &cs);

        if (processed == 0) {
            reruns++;
            if (top) {
                for (int t = 0; t < 2; t++) {
                    l2_size[t] = addc(c, l2_size[t], 2 * si[t]);
                    int64_t sz = 1;
                    for (int k = 0; k < p->tens[t].nv; k++)
                        sz = mulc(c, sz, delta[p->tens[t].vars[k]]);
                    top->l2_wr[t] = sz;
                }
                l2_size[2] = 2 * se;
                int64_t sz = 1;
                for (int k = 0; k < p->tens[2].nv; k++) {
                    int v = p->tens[2].vars[k];
                    if (p->conv && (v == DG_DIM_Y || v == DG_DIM_X)) {
                        /* QUIRK (§14.3): MAESTRO ignores the stride in the output size */
                        int64_t f = delta[v] - delta[v == DG_DIM_Y ? DG_DIM_R : DG_DIM_S];
                        sz = mulc(c, sz, c->fixed ? floor_div(f, p->stride[v]) + 1 : f + 1);
                    }
                    else
                        sz = mulc(c, sz, delta[v]);
                }
                top->l2_rd[2] = sz;
            }
        }

        int64_t pm = 0;
        if (top) {
            pm = psum_mapping(c, L, &cs);
            top->l2_wr[2] = addc(c, top->l2_wr[2], mulc(c, occ, se));
            top->l1_wr[2] = addc(c, top->l1_wr[2], mulc(c, occ, pm));
            top->l1_rd[2] = addc(c, top->l1_rd[2], mulc(c, occ, pm));
        }
        int64_t psums = critical_psums(c, L, &cs);
        if (psums <= 0 && c->head)
            continue; /* HEAD skips cases without partial sums (§15) */
        if (top) {
            for (int t = 0; t < 2; t++) {
                top->l2_rd[t] = addc(c, top->l2_rd[t], mulc(c, occ, si[t]));
                top->l1_wr[t] = top->l2_rd[t]; /* QUIRK (§14.6): set, not accumulated */
                top->l1_rd[t] = addc(c, top->l1_rd[t], mulc(c, occ, pm));
            }
        }

        int64_t comp;
        if (innermost) {
            comp = ceil_div(psums, hw->simd);
        } else {
            int64_t dchild[DGI_NV];
            int sp = L->sp_idx;
            if (cs.edge[sp] && cs.ee[sp]) {
                unsigned key = sub_cluster_key(L, &cs, 1, dchild);
                comp = child_runtime(c, lv + 1, key, dchild);
                if (L->E - 1 > 0) {
                    key = sub_cluster_key(L, &cs, 0, dchild);
                    comp = max64(comp, child_runtime(c, lv + 1, key, dchild));
                }
            } else {
                unsigned key = sub_cluster_key(L, &cs, 0, dchild);
                comp = child_runtime(c, lv + 1, key, dchild);
            }
        }
        if (lv == 0 && !c->head && comp == 0)
            c->abort = 1; /* e1d8efd divides by the top-level compute delay */

        int64_t in_d = noc_delay(hw, addc(c, si[0], si[1]));
        int64_t out_d = noc_delay(hw, se);
        int64_t delay = cs.chg < 0 ? comp + in_d : max64(max64(out_d, comp), in_d);
        if (lv == 0) {
            /* Off-chip term with the doubled L2 sizes (§7.8). */
            int64_t ob = floor_div(l2_size[2], hw->offchip_bw);
            int64_t ib = floor_div(l2_size[0] + l2_size[1], hw->offchip_bw);
            delay = max64(max64(floor_div(ib, 2), delay), floor_div(ob, 2));
        }
        runtime = addc(c, runtime, mulc(c, occ, delay));
        if (top)
            macs = addc(c, macs, mulc(c, occ, pm));
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
        for (int t = 0; t < 3; t++)
            top->l2_size[t] = l2_size[t];
    }
    return runtime;
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

int dgi_maestro_analyze(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o,
                        dgi_mresult *r)
{
    ectx c;
    c.p = p;
    c.b = b;
    c.hw = hw;
    c.head = o->variant == DGI_VARIANT_HEAD;
    c.fixed = o->fixed;
    c.first_done = 0;
    c.abort = 0;
    c.ovf = 0;
    for (int l = 1; l < b->nlv; l++)
        memset(c.have[l], 0, sizeof c.have[l]);
    memset(r, 0, sizeof *r);
    analyze(&c, 0, p->size, r);
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
