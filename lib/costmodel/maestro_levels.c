/*
 * maestro_levels.c: the layer as MAESTRO's dimension table, and the cluster
 * levels built from a mapping (reference/maestro-model.md §2-§4).
 *
 * Everything the analysis needs per level is computed here once, from the
 * level's static dimension table, so that the hot loop in maestro_engine.c
 * only combines precomputed factors.
 */
#include "costmodel.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static void set_tensor(dgi_tensor *t, int nv, const int8_t *vars)
{
    t->nv = nv;
    t->mask = 0;
    for (int k = 0; k < nv; k++) {
        t->vars[k] = vars[k];
        t->mask |= 1u << vars[k];
    }
}

uint32_t dgi_mapping_flags(const dg_mapping *m)
{
    if (m->struct_size >= offsetof(dg_mapping, flags) + sizeof m->flags)
        return m->flags;
    return 0;
}

int dgi_mapping_uses(const dg_mapping *m, int dim)
{
    uint32_t nl = m->num_levels <= DG_MAX_LEVELS ? m->num_levels : DG_MAX_LEVELS;
    for (uint32_t l = 0; l < nl; l++) {
        uint32_t nd = m->levels[l].num_directives <= DG_MAX_DIRECTIVES ? m->levels[l].num_directives
                                                                       : DG_MAX_DIRECTIVES;
        for (uint32_t j = 0; j < nd; j++)
            if (m->levels[l].directives[j].dim == dim)
                return 1;
    }
    return 0;
}

static int check_dim(const char *what, int64_t v, int64_t minv)
{
    if (v < minv)
        return dgi_fail(DG_EINVAL, "layer %s is %lld; it must be at least %lld", what, (long long)v, (long long)minv);
    if (v > INT_MAX)
        return dgi_fail(DG_ERANGE, "layer %s is %lld; the model handles at most %d", what, (long long)v, INT_MAX);
    return DG_OK;
}

int dgi_problem_init(dgi_problem *p, const dg_layer *l, int native_gemm, int has_batch)
{
    if (!l)
        return dgi_fail(DG_EINVAL, "layer is NULL");
    if (l->struct_size < offsetof(dg_layer, pad_x) + sizeof l->pad_x)
        return dgi_fail(DG_EINVAL, "dg_layer.struct_size %u is too small", l->struct_size);
    if (l->type < DG_LAYER_CONV || l->type > DG_LAYER_FC)
        return dgi_fail(DG_EINVAL, "unknown layer type %d", (int)l->type);
    int rc;
    if ((rc = check_dim("N (batch)", l->n, 1)) || (rc = check_dim("K", l->k, 1)) || (rc = check_dim("C", l->c, 1)) ||
        (rc = check_dim("Y", l->y, 1)) || (rc = check_dim("X", l->x, 1)) || (rc = check_dim("R", l->r, 1)) ||
        (rc = check_dim("S", l->s, 1)) || (rc = check_dim("stride_y", l->stride_y, 1)) ||
        (rc = check_dim("stride_x", l->stride_x, 1)) || (rc = check_dim("pad_y", l->pad_y, 0)) ||
        (rc = check_dim("pad_x", l->pad_x, 0)))
        return rc;
    memset(p, 0, sizeof *p);
    for (int v = 0; v < DGI_NV; v++)
        p->stride[v] = 1;
    if (native_gemm) {
        if (l->type != DG_LAYER_GEMM)
            return dgi_fail(DG_EINVAL, "DG_MAPPING_NATIVE_GEMM is set but the layer is not a GEMM");
        if (l->x != 1 || l->r != 1 || l->s != 1 || l->n != 1 || l->stride_y != 1 || l->stride_x != 1 || l->pad_y ||
            l->pad_x)
            return dgi_fail(DG_EINVAL, "a native GEMM layer must have x = r = s = n = 1, stride 1 and no padding");
        p->kind = DGI_P_GEMM;
        p->conv = 0;
        p->size[DG_DIM_Y] = l->y; /* M */
        p->size[DG_DIM_C] = l->c; /* K */
        p->size[DG_DIM_K] = l->k; /* N */
        static const int8_t in[] = {DG_DIM_Y, DG_DIM_C}, wt[] = {DG_DIM_C, DG_DIM_K}, out[] = {DG_DIM_Y, DG_DIM_K};
        set_tensor(&p->tens[0], 2, in);
        set_tensor(&p->tens[1], 2, wt);
        set_tensor(&p->tens[2], 2, out);
        /* MAESTRO sorts the variable names: K (= C), M (= Y), N (= K). */
        static const int8_t inv[] = {DG_DIM_C, DG_DIM_Y, DG_DIM_K};
        p->nin = 3;
        memcpy(p->invars, inv, sizeof inv);
        p->out_y = l->y;
        p->out_x = 1;
    } else {
        int dw = l->type == DG_LAYER_DWCONV;
        int64_t Y = l->y + 2 * l->pad_y, X = l->x + 2 * l->pad_x;
        if ((rc = check_dim("padded Y", Y, 1)) || (rc = check_dim("padded X", X, 1)))
            return rc;
        if (l->r > Y || l->s > X)
            return dgi_fail(DG_EINVAL, "the filter (%lldx%lld) is larger than the padded input (%lldx%lld)",
                            (long long)l->r, (long long)l->s, (long long)Y, (long long)X);
        p->kind = dw ? DGI_P_DSCONV : DGI_P_CONV;
        p->conv = 1;
        p->size[DG_DIM_N] = l->n;
        p->size[DG_DIM_K] = dw ? 1 : l->k;
        p->size[DG_DIM_C] = l->c;
        p->size[DG_DIM_Y] = Y;
        p->size[DG_DIM_X] = X;
        p->size[DG_DIM_R] = l->r;
        p->size[DG_DIM_S] = l->s;
        /* QUIRK (spec §2.1): MAESTRO's Y' ignores the stride. */
        p->size[DG_DIM_YO] = Y - l->r + 1;
        p->size[DG_DIM_XO] = X - l->s + 1;
        p->stride[DG_DIM_Y] = p->stride[DG_DIM_YO] = l->stride_y;
        p->stride[DG_DIM_X] = p->stride[DG_DIM_XO] = l->stride_x;
        p->out_y = (Y - l->r) / l->stride_y + 1;
        p->out_x = (X - l->s) / l->stride_x + 1;
        int8_t in[4], wt[4], out[4];
        int ni = 0, nw = 0, no = 0;
        if (has_batch)
            in[ni++] = out[no++] = DG_DIM_N;
        in[ni++] = DG_DIM_C;
        in[ni++] = DG_DIM_Y;
        in[ni++] = DG_DIM_X;
        if (!dw)
            wt[nw++] = DG_DIM_K;
        wt[nw++] = DG_DIM_C;
        wt[nw++] = DG_DIM_R;
        wt[nw++] = DG_DIM_S;
        out[no++] = dw ? DG_DIM_C : DG_DIM_K;
        out[no++] = DG_DIM_Y;
        out[no++] = DG_DIM_X;
        set_tensor(&p->tens[0], ni, in);
        set_tensor(&p->tens[1], nw, wt);
        set_tensor(&p->tens[2], no, out);
        /* MAESTRO's sorted input-tensor variable names: C K N R S X Y. */
        p->nin = 0;
        p->invars[p->nin++] = DG_DIM_C;
        if (!dw)
            p->invars[p->nin++] = DG_DIM_K;
        if (has_batch)
            p->invars[p->nin++] = DG_DIM_N;
        p->invars[p->nin++] = DG_DIM_R;
        p->invars[p->nin++] = DG_DIM_S;
        p->invars[p->nin++] = DG_DIM_X;
        p->invars[p->nin++] = DG_DIM_Y;
    }
    p->inmask = 0;
    for (int k = 0; k < p->nin; k++)
        p->inmask |= 1u << p->invars[k];
    /* The true MAC count, independent of the mapping. */
    int64_t f[7] = {has_batch ? p->size[DG_DIM_N] : 1, 1, 1, 1, 1, 1, 1};
    if (p->kind == DGI_P_GEMM) {
        f[1] = l->y, f[2] = l->c, f[3] = l->k;
    } else {
        f[1] = p->kind == DGI_P_DSCONV ? 1 : l->k;
        f[2] = l->c, f[3] = l->r, f[4] = l->s, f[5] = p->out_y, f[6] = p->out_x;
    }
    int64_t m = 1;
    for (int k = 0; k < 7; k++)
        if (!dgi_mul64(m, f[k], &m) || m > (INT64_C(1) << 53))
            return dgi_fail(DG_ERANGE, "the layer's MAC count is too large for the model");
    p->true_macs = m;
    return DG_OK;
}

int dgi_hw_resolve(dgi_mhw *h, const dg_hw *hw)
{
    if (!hw)
        return dgi_fail(DG_EINVAL, "hw is NULL");
    if (hw->struct_size < sizeof(dg_hw))
        return dgi_fail(DG_EINVAL, "dg_hw.struct_size %u is smaller than the v1 layout (%zu)", hw->struct_size,
                        sizeof(dg_hw));
    if (hw->num_pes < 1 || hw->num_pes > INT_MAX)
        return dgi_fail(DG_EINVAL, "hw num_pes is %lld; expected 1 .. %d", (long long)hw->num_pes, INT_MAX);
    if (hw->simd_lanes < 1 || hw->simd_lanes > INT_MAX)
        return dgi_fail(DG_EINVAL, "hw simd_lanes is %lld; expected 1 .. %d", (long long)hw->simd_lanes, INT_MAX);
    if (hw->noc_bw != DG_UNLIMITED && hw->noc_bw < 1)
        return dgi_fail(DG_EINVAL, "hw noc_bw is %lld; expected >= 1 or DG_UNLIMITED", (long long)hw->noc_bw);
    if (hw->offchip_bw != DG_UNLIMITED && hw->offchip_bw < 1)
        return dgi_fail(DG_EINVAL, "hw offchip_bw is %lld; expected >= 1 or DG_UNLIMITED", (long long)hw->offchip_bw);
    if (hw->noc_latency < 0 || hw->noc_latency > INT_MAX)
        return dgi_fail(DG_EINVAL, "hw noc_latency is %lld; expected 0 .. %d", (long long)hw->noc_latency, INT_MAX);
    if ((hw->l1_bytes != DG_UNLIMITED && hw->l1_bytes < 0) || (hw->l2_bytes != DG_UNLIMITED && hw->l2_bytes < 0))
        return dgi_fail(DG_EINVAL, "hw buffer sizes must be >= 0 or DG_UNLIMITED");
    h->num_pes = hw->num_pes;
    h->simd = hw->simd_lanes;
    /* MAESTRO's "unconstrained" is INT_MAX; larger values behave the same. */
    h->noc_bw = hw->noc_bw == DG_UNLIMITED || hw->noc_bw > INT_MAX ? INT_MAX : hw->noc_bw;
    h->noc_shift = (h->noc_bw & (h->noc_bw - 1)) == 0 ? __builtin_ctzll((unsigned long long)h->noc_bw) : -1;
    h->offchip_bw = hw->offchip_bw == DG_UNLIMITED || hw->offchip_bw > INT_MAX ? INT_MAX : hw->offchip_bw;
    h->noc_lat = hw->noc_latency;
    return DG_OK;
}

/* ------------------------------------------------------------------------ */

/* E: active sub-units in a spatial edge step, from the first SpatialMap
 * and its table entry d (§4). */
int64_t dgi_edge_units(const dgi_level *L, int64_t d, int fixed)
{
    int i = L->sp_idx;
    int64_t m = L->size[i], o = L->ofs[i], N = L->N, E;
    int64_t full = o * (N - 1) + m;
    if (d > full) {
        int64_t nst = dgi_udiv(dgi_udiv(d - m, o) + 1, N) - 1;
        int64_t rem = d - (nst + 1) * o * N;
        E = rem < m ? 1 : dgi_udiv(rem - m, o) + 1;
        if (fixed && (E - 1) * o + m < rem)
            E++; /* MAESTRO leaves the partially filled sub-unit out here */
    } else if (d > m) {
        E = dgi_udiv(d - m, o) + 1;
        if ((E - 1) * o + m < d)
            E++;
    } else {
        E = 1;
    }
    if (d <= m)
        E = 1;
    return E;
}

/* E from the level's own table. */
static void prepare_E(dgi_level *L, int fixed)
{
    L->E = dgi_edge_units(L, L->D[L->var[L->sp_idx]], fixed);
}

/* Mapped, unique and edge sizes of directive i's variable. */
static void prepare_dir(dgi_level *L, int i, int fixed)
{
    int v = L->var[i];
    int64_t m = L->size[i], o = L->ofs[i], d = L->D[v];
    int64_t nst = d > m ? dgi_udiv(d - m, o) : 0;
    int has_edge = nst * o + m < d || m > d;
    L->mp[v] = m;
    L->un[v] = min64(m, o);
    if (!L->spatial[i] && d <= m)
        L->un[v] = 0;
    int64_t em = d - (nst + 1) * o;
    /* A tile larger than the dimension covers all of it (MAESTRO only
     * notices when the offset is larger too); repaired in default mode. */
    if (em < 0 || (fixed && m > d))
        em = d;
    L->mpe[v] = has_edge ? em : m;
    L->une[v] = max64(o - (m - em), 0);
}

/* Output-centric sizes of a reference dimension (k = 0: Y -> Y', 1: X -> X'). */
static void prepare_alias(dgi_level *L, const dgi_problem *p, int k, int fixed)
{
    static const int ref[2] = {DG_DIM_Y, DG_DIM_X}, sl[2] = {DG_DIM_R, DG_DIM_S}, oc[2] = {DG_DIM_YO, DG_DIM_XO};
    int v = ref[k], i = L->dir_of[v];
    int64_t s = p->stride[v];
    if (fixed) {
        /* Output rows of an input window of n rows are (n - R)/s + 1, not n - R + 1,
         * and none when the window is smaller than the filter. */
        int64_t r = L->mp[sl[k]], re = L->mpe[sl[k]];
        L->mp[oc[k]] = L->mp[v] >= r ? dgi_udiv(L->mp[v] - r, s) + 1 : 0;
        L->un[oc[k]] = max64(dgi_udiv(min64(L->ofs[i], L->size[i]), s), 1);
        L->mpe[oc[k]] = L->mpe[v] >= re ? dgi_udiv(L->mpe[v] - re, s) + 1 : 0;
        L->une[oc[k]] = min64(L->un[oc[k]], L->mpe[oc[k]]);
        return;
    }
    L->mp[oc[k]] = L->mp[v] - L->mp[sl[k]] + 1;
    L->un[oc[k]] = min64(L->ofs[i], L->size[i]);
    L->mpe[oc[k]] = L->mpe[v] - L->mpe[sl[k]] + 1;
    L->une[oc[k]] = min64(L->ofs[i], L->mpe[oc[k]]);
}

/* Static per-level quantities (spec §4). With @p fixed, default mode's
 * repairs: E counts a partially filled sub-unit, and Y'/X' respect the stride. */
void dgi_prepare_level(dgi_level *L, const dgi_problem *p, int fixed)
{
    memset(L->dir_of, -1, sizeof L->dir_of);
    L->nsp = 0;
    L->sp_idx = L->last_sp = -1;
    for (int i = 0; i < L->nd; i++) {
        L->dir_of[L->var[i]] = (int8_t)i;
        if (L->spatial[i]) {
            if (L->sp_idx < 0)
                L->sp_idx = i;
            L->last_sp = i;
            L->nsp++;
        }
    }
    prepare_E(L, fixed);
    for (int i = 0; i < L->nd; i++)
        prepare_dir(L, i, fixed);
    if (p->conv)
        for (int k = 0; k < 2; k++)
            prepare_alias(L, p, k, fixed);
    for (int t = 0; t < 3; t++) {
        int64_t mv = 1;
        for (int k = 0; k < p->tens[t].nv; k++)
            mv *= L->mp[p->tens[t].vars[k]];
        L->mv[t] = mv;
    }
}

void dgi_reprepare_var(dgi_level *L, const dgi_problem *p, int v, int fixed)
{
    if (v == L->var[L->sp_idx])
        prepare_E(L, fixed);
    prepare_dir(L, L->dir_of[v], fixed);
    if (p->conv && (v == DG_DIM_Y || v == DG_DIM_R))
        prepare_alias(L, p, 0, fixed);
    if (p->conv && (v == DG_DIM_X || v == DG_DIM_S))
        prepare_alias(L, p, 1, fixed);
}

static int dim_allowed(const dgi_problem *p, int dim)
{
    if (dim < 0 || dim >= DGI_NV)
        return 0;
    if (p->kind == DGI_P_GEMM)
        return dim == DG_DIM_Y || dim == DG_DIM_C || dim == DG_DIM_K;
    if (dim == DG_DIM_YO || dim == DG_DIM_XO)
        return 1;
    return (p->inmask >> dim) & 1;
}

static const char *kind_name(int kind)
{
    return kind == DGI_P_GEMM ? "native GEMM" : kind == DGI_P_DSCONV ? "depthwise" : "CONV";
}

/* Structural checks of the mapping: every failure is the caller's mistake. */
static int check_mapping(const dgi_problem *p, const dg_mapping *m, int64_t num_pes)
{
    if (!m)
        return dgi_fail(DG_EINVAL, "mapping is NULL");
    if (m->struct_size < offsetof(dg_mapping, flags))
        return dgi_fail(DG_EINVAL, "dg_mapping.struct_size %u is too small", m->struct_size);
    if (m->num_levels < 1 || m->num_levels > DG_MAX_LEVELS)
        return dgi_fail(DG_EINVAL, "mapping has %u cluster levels; expected 1 .. %d", m->num_levels, DG_MAX_LEVELS);
    if (m->struct_size >= offsetof(dg_mapping, reserved) + sizeof m->reserved && m->reserved)
        return dgi_fail(DG_EINVAL, "dg_mapping.reserved must be 0");
    if (dgi_mapping_flags(m) & ~DG_MAPPING_NATIVE_GEMM)
        return dgi_fail(DG_EINVAL, "unknown dg_mapping flags 0x%x", (unsigned)dgi_mapping_flags(m));
    int64_t U = 1;
    for (uint32_t l = 0; l < m->num_levels; l++) {
        const dg_mapping_level *L = &m->levels[l];
        if (L->num_directives < 1 || L->num_directives > DG_MAX_DIRECTIVES)
            return dgi_fail(DG_EINVAL, "cluster level %u has %u directives; expected 1 .. %d", l, L->num_directives,
                            DG_MAX_DIRECTIVES);
        if (L->reserved)
            return dgi_fail(DG_EINVAL, "cluster level %u: reserved must be 0", l);
        if (l > 0) {
            if (L->cluster_size < 1 || L->cluster_size > INT_MAX)
                return dgi_fail(DG_EINVAL, "cluster level %u: cluster size %lld; expected 1 .. %d", l,
                                (long long)L->cluster_size, INT_MAX);
            U *= L->cluster_size;
            if (U > num_pes)
                return dgi_fail(DG_EINVAL,
                                "the Cluster sizes multiply to more PEs than the hardware has (%lld); "
                                "MAESTRO would divide by zero",
                                (long long)num_pes);
        }
        uint32_t seen = 0;
        int nsp = 0;
        for (uint32_t j = 0; j < L->num_directives; j++) {
            const dg_directive *d = &L->directives[j];
            if (d->kind != DG_TEMPORAL && d->kind != DG_SPATIAL)
                return dgi_fail(DG_EINVAL, "cluster level %u, directive %u: unknown kind %d", l, j, (int)d->kind);
            if (!dim_allowed(p, d->dim))
                return dgi_fail(DG_EINVAL,
                                "cluster level %u, directive %u: "
                                "dimension %d is not a dimension of this %s layer",
                                l, j, (int)d->dim, kind_name(p->kind));
            if (d->size < 1 || d->offset < 1 || d->size > INT_MAX || d->offset > INT_MAX)
                return dgi_fail(DG_EINVAL, "cluster level %u, directive %u (%s): size and offset must be 1 .. %d", l, j,
                                dgi_dim_name(d->dim, p->kind == DGI_P_GEMM), INT_MAX);
            if (seen & (1u << d->dim))
                return dgi_fail(DG_EINVAL, "cluster level %u maps dimension %s twice", l,
                                dgi_dim_name(d->dim, p->kind == DGI_P_GEMM));
            seen |= 1u << d->dim;
            nsp += d->kind == DG_SPATIAL;
        }
        if (nsp < 1 || nsp > 2)
            return dgi_fail(DG_EINVAL, "cluster level %u has %d SpatialMap directives; MAESTRO needs one or two", l,
                            nsp);
        if (p->conv) {
            if ((seen & (1u << DG_DIM_Y)) && (seen & (1u << DG_DIM_YO)))
                return dgi_fail(DG_EINVAL, "cluster level %u maps both Y and Y'", l);
            if ((seen & (1u << DG_DIM_X)) && (seen & (1u << DG_DIM_XO)))
                return dgi_fail(DG_EINVAL, "cluster level %u maps both X and X'", l);
            /* MAESTRO converts Y' to Y with this level's own R tile (spec §3a). */
            if ((seen & (1u << DG_DIM_YO)) && !(seen & (1u << DG_DIM_R)))
                return dgi_fail(DG_EINVAL, "cluster level %u maps Y' but has no R directive to convert it with", l);
            if ((seen & (1u << DG_DIM_XO)) && !(seen & (1u << DG_DIM_S)))
                return dgi_fail(DG_EINVAL, "cluster level %u maps X' but has no S directive to convert it with", l);
        }
    }
    return DG_OK;
}

int dgi_build_levels(dgi_built *b, const dgi_problem *p, const dg_mapping *m, int64_t num_pes, const dgi_mopts *o)
{
    int rc = check_mapping(p, m, num_pes);
    if (rc)
        return rc;
    b->nlv = (int)m->num_levels;
    b->invalid = 0;
    b->reason = NULL;
    int64_t U = 1;
    for (int l = 1; l < b->nlv; l++)
        U *= m->levels[l].cluster_size;

    int64_t D[DGI_NV];
    memcpy(D, p->size, sizeof D);
    const dgi_level *prev = NULL;
    for (int l = 0; l < b->nlv; l++) {
        const dg_mapping_level *ml = &m->levels[l];
        dgi_level *L = &b->lv[l];
        /* The user's directives, in order; `have` marks the variables present
         * (every one at most once, check_mapping made sure). */
        int8_t var[2 * DGI_MAXD], sp[2 * DGI_MAXD];
        int64_t size[2 * DGI_MAXD], ofs[2 * DGI_MAXD];
        int8_t pos[DGI_NV];
        uint32_t have = 0;
        int n = 0;
        for (uint32_t j = 0; j < ml->num_directives; j++) {
            const dg_directive *d = &ml->directives[j];
            var[n] = (int8_t)d->dim;
            sp[n] = d->kind == DG_SPATIAL;
            size[n] = d->size;
            ofs[n] = d->offset;
            pos[d->dim] = (int8_t)n;
            have |= 1u << d->dim;
            if (o->variant == DGI_VARIANT_HEAD && p->conv && !sp[n] &&
                ((d->dim == DG_DIM_R && (d->size != d->offset || d->size != p->size[DG_DIM_R])) ||
                 (d->dim == DG_DIM_S && (d->size != d->offset || d->size != p->size[DG_DIM_S])))) {
                b->invalid = 1;
                b->reason = "a TemporalMap over R or S must cover the whole filter (MAESTRO rejects it)";
            }
            n++;
        }
        if (p->conv) {
            /* (a) output-centric Y'/X' become input-centric with this level's R/S tile. */
            int iy = (have >> DG_DIM_YO) & 1 ? pos[DG_DIM_YO] : -1, ix = (have >> DG_DIM_XO) & 1 ? pos[DG_DIM_XO] : -1;
            if (l == 0 && ((iy >= 0 && size[iy] > p->size[DG_DIM_YO]) || (ix >= 0 && size[ix] > p->size[DG_DIM_XO]))) {
                /* MAESTRO returns garbage for these (spec §14.10). */
                b->invalid = 1;
                b->reason = "a top-level Y' or X' tile is larger than the output";
            }
            if (iy >= 0) {
                var[iy] = DG_DIM_Y;
                size[iy] += size[pos[DG_DIM_R]] - 1;
                have = (have & ~(1u << DG_DIM_YO)) | 1u << DG_DIM_Y;
            }
            if (ix >= 0) {
                var[ix] = DG_DIM_X;
                size[ix] += size[pos[DG_DIM_S]] - 1;
                have = (have & ~(1u << DG_DIM_XO)) | 1u << DG_DIM_X;
            }
        }
        /* (b) inherit the level above's directives this level lacks, each put in
         * front: they end up in reverse order. */
        if (prev) {
            int8_t ivar[DGI_MAXD];
            int ni = 0;
            for (int k = 0; k < prev->nd; k++)
                if (!((have >> prev->var[k]) & 1))
                    ivar[ni++] = (int8_t)k;
            if (ni) {
                memmove(var + ni, var, (size_t)n * sizeof var[0]);
                memmove(sp + ni, sp, (size_t)n * sizeof sp[0]);
                memmove(size + ni, size, (size_t)n * sizeof size[0]);
                memmove(ofs + ni, ofs, (size_t)n * sizeof ofs[0]);
                for (int j = 0; j < ni; j++) {
                    int k = ivar[ni - 1 - j];
                    var[j] = prev->var[k];
                    sp[j] = 0;
                    size[j] = prev->size[k];
                    ofs[j] = prev->ofs[k];
                    have |= 1u << prev->var[k];
                }
                n += ni;
            }
        }
        /* (c) unroll the input-tensor variables still missing. */
        for (int k = 0; k < p->nin; k++) {
            int v = p->invars[k];
            if ((have >> v) & 1)
                continue;
            var[n] = (int8_t)v;
            sp[n] = 0;
            size[n] = ofs[n] = D[v];
            have |= 1u << v;
            n++;
        }
        if (n != p->nin)
            return dgi_fail(DG_EINTERNAL, "cluster level %d has %d directives, expected %d", l, n, p->nin);
        /* (d) fold the stride into Y/X directives. */
        if (p->conv) {
            for (int i = 0; i < n; i++) {
                int v = var[i];
                if (v != DG_DIM_Y && v != DG_DIM_X)
                    continue;
                int64_t s = p->stride[v];
                int64_t rf = p->size[v == DG_DIM_Y ? DG_DIM_R : DG_DIM_S];
                if (s == 1 || size[i] < rf)
                    continue;
                int64_t q = (size[i] + s - rf) / s;
                size[i] = q * min64(s, rf) + max64(rf - s, 0);
                ofs[i] = (l > 0 && rf < s) ? q * rf : q * s;
            }
        }
        L->nd = n;
        for (int i = 0; i < n; i++) {
            L->var[i] = var[i];
            L->spatial[i] = sp[i];
            L->size[i] = size[i];
            L->ofs[i] = ofs[i];
        }
        L->N = l == 0 ? num_pes / U : ml->cluster_size;
        memcpy(L->D, D, sizeof D);
        dgi_prepare_level(L, p, o->fixed == 1);
        /* (e) the table of the level below: min(tile, dimension). */
        for (int i = 0; i < n; i++)
            D[var[i]] = min64(size[i], D[var[i]]);
        prev = L;
    }
    return DG_OK;
}
