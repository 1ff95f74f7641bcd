/*
 * genome_decode.c: a genome → the concrete accelerator and MAESTRO mapping of
 * one layer.
 *
 * Level ℓ ≥ 1 opens with Cluster(cluster size); the parallel dimension is a
 * SpatialMap(t,t), every other dimension a TemporalMap(t,t) (size = offset:
 * non-overlapping tiles). Y and X tiles are output rows and columns (MAESTRO's
 * Y'/X'), so a tile never overruns the real output, stride and padding
 * included; strided layers get the equivalent input-centric Y/X windows.
 * In the one-mapping scope tiles are clamped to each layer's sizes.
 */
#include "genome_internal.h"

#include <string.h>

static const int32_t directive_dim[NGDIMS] = {DG_DIM_K, DG_DIM_C, DG_DIM_YO, DG_DIM_XO, DG_DIM_R, DG_DIM_S};

DG_API int dg_genome_decode(const dg_genome *g, size_t layer, dg_hw *hw, dg_mapping *mapping)
{
    if (!g || !hw || !mapping)
        return dgi_fail(DG_EINVAL, "dg_genome_decode: NULL argument");
    const dg_space *s = g->space;
    if (layer >= s->num_layers)
        return dgi_fail(DG_ERANGE, "layer %zu out of range (%zu distinct layers)", layer, s->num_layers);
    if (hw->struct_size < offsetof(dg_hw, offchip_bw) + sizeof hw->offchip_bw ||
        mapping->struct_size < offsetof(dg_mapping, flags))
        return dgi_fail(DG_EINVAL, "dg_genome_decode: struct_size of hw or mapping too small");

    const dg_layer *ly = &s->layers[layer];
    const size_t u = dgi_unit_of(s, layer), h = dgi_hw_of(s, layer);
    const int64_t dims[NGDIMS] = {ly->k, ly->c, ly->out_y, ly->out_x, ly->r, ly->s};
    const bool depthwise = ly->type == DG_LAYER_DWCONV;

    uint32_t caller_hw = hw->struct_size;
    dg_hw_init(hw, dgi_genome_pes(g, h));
    hw->struct_size = caller_hw;

    uint32_t caller_map = mapping->struct_size;
    memset(mapping, 0, caller_map < sizeof *mapping ? caller_map : sizeof *mapping);
    mapping->struct_size = caller_map;
    mapping->num_levels = (uint32_t)g->levels;

    int64_t parent[NGDIMS];
    memcpy(parent, dims, sizeof parent);
    for (int l = 0; l < g->levels; l++) {
        const dgi_glevel *lv = &g->map[u][l];
        dg_mapping_level *ml = &mapping->levels[l];
        ml->cluster_size = l == 0 ? 1 : g->clusters[h][l];
        int64_t tile[NGDIMS];
        for (int d = 0; d < NGDIMS; d++) {
            int64_t t = lv->tile[d] < parent[d] ? lv->tile[d] : parent[d];
            /* R and S stay whole, except a spatially split filter row (eye style). */
            if ((d == GR || d == GS) && !(lv->par == d || lv->par2 == d))
                t = dims[d];
            tile[d] = t;
        }
        /* A depthwise layer has no K loop of its own: K-parallel means C-parallel. */
        int par = lv->par, par2 = lv->par2;
        if (depthwise && par == GK)
            par = GC;
        for (int i = 0; i < NGDIMS; i++) {
            int d = lv->order[i];
            if (depthwise && d == GK)
                continue;
            dg_directive *dir = &ml->directives[ml->num_directives++];
            dir->kind = (d == par || d == par2) ? DG_SPATIAL : DG_TEMPORAL;
            dir->dim = directive_dim[d];
            dir->size = dir->offset = tile[d];
            /* MAESTRO turns an output-centric Y'/X' tile into input rows as
             * t + R - 1, ignoring the stride; for strided layers write the
             * input window itself, (t-1)·stride + R rows advancing t·stride,
             * which MAESTRO's stride folding handles exactly. */
            int64_t stride = d == GY ? ly->stride_y : d == GX ? ly->stride_x : 1;
            if (stride > 1) {
                int64_t filter = d == GY ? tile[GR] : tile[GS];
                dir->dim = d == GY ? DG_DIM_Y : DG_DIM_X;
                dir->size = (tile[d] - 1) * stride + filter;
                dir->offset = tile[d] * stride;
            }
        }
        memcpy(parent, tile, sizeof parent);
    }
    return DG_OK;
}
