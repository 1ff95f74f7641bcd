/*
 * roofline_cost_model.c: a user-written cost model plugged into libdigamma.
 *
 * A roofline: a layer takes as long as the slower of its compute (MACs over
 * the PEs the mapping keeps busy) and its off-chip traffic (every tensor moved
 * once). It is registered through the dg_cost_model_ops vtable and evaluated
 * next to the built-in MAESTRO-like model on the same layer, hardware and
 * mapping. Only public headers are used; the program links the shared object.
 *
 *   ./examples/roofline_cost_model
 */
#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model's state: made by create() from the user_data, freed by destroy(). */
typedef struct roofline {
    double bytes_per_element; /* 1 for INT8 */
} roofline;

static int roof_create(void **state, void *user_data)
{
    roofline *r = malloc(sizeof *r);
    if (!r)
        return dg_error_set(DG_ENOMEM, "roofline: out of memory");
    r->bytes_per_element = user_data ? *(const double *)user_data : 1.0;
    *state = r;
    return DG_OK;
}

static void roof_destroy(void *state)
{
    free(state);
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

/* Extent of a dimension in the layer (output-centric for Y'/X'). */
static int64_t extent(const dg_layer *l, int dim)
{
    int64_t oy = (l->y + 2 * l->pad_y - l->r) / l->stride_y + 1;
    int64_t ox = (l->x + 2 * l->pad_x - l->s) / l->stride_x + 1;
    switch (dim) {
    case DG_DIM_N: return l->n;
    case DG_DIM_K: return l->k;
    case DG_DIM_C: return l->c;
    case DG_DIM_Y: return l->y + 2 * l->pad_y;
    case DG_DIM_X: return l->x + 2 * l->pad_x;
    case DG_DIM_R: return l->r;
    case DG_DIM_S: return l->s;
    case DG_DIM_YO: return oy;
    case DG_DIM_XO: return ox;
    default: return 1;
    }
}

/* PEs the mapping keeps busy: at each level, the sub-units its first
 * SpatialMap can feed, within the extent the level above leaves it. */
static int64_t busy_pes(const dg_layer *l, const dg_hw *hw, const dg_mapping *m)
{
    int64_t cluster = 1;
    for (uint32_t lv = 1; lv < m->num_levels; lv++)
        cluster *= m->levels[lv].cluster_size;
    int64_t ext[DG_DIM_COUNT], busy = 1;
    for (int d = 0; d < DG_DIM_COUNT; d++)
        ext[d] = extent(l, d);
    for (uint32_t lv = 0; lv < m->num_levels; lv++) {
        const dg_mapping_level *L = &m->levels[lv];
        int64_t units = lv == 0 ? hw->num_pes / cluster : L->cluster_size;
        int64_t used = 1;
        for (uint32_t j = 0; j < L->num_directives; j++) {
            const dg_directive *d = &L->directives[j];
            if (d->kind == DG_SPATIAL && used == 1) {
                int64_t tiles = ext[d->dim] > d->size ? ceil_div(ext[d->dim] - d->size, d->offset) + 1 : 1;
                used = tiles < units ? tiles : units;
            }
        }
        busy *= used;
        for (uint32_t j = 0; j < L->num_directives; j++) { /* the level below sees one tile */
            const dg_directive *d = &L->directives[j];
            if (d->size < ext[d->dim])
                ext[d->dim] = d->size;
        }
    }
    return busy > 0 ? busy : 1;
}

static int roof_evaluate(void *state, const dg_layer *l, const dg_hw *hw, const dg_mapping *m, dg_layer_cost *out)
{
    const roofline *r = state;
    if (m->num_levels < 1)
        return dg_error_set(DG_EINVAL, "roofline: the mapping has no levels");
    int64_t oy = extent(l, DG_DIM_YO), ox = extent(l, DG_DIM_XO);
    int dw = l->type == DG_LAYER_DWCONV;
    double macs = (double)l->n * (dw ? 1 : (double)l->k) * (double)l->c * (double)l->r * (double)l->s * (double)oy *
                  (double)ox;
    double in = (double)l->n * (double)l->c * (double)extent(l, DG_DIM_Y) * (double)extent(l, DG_DIM_X);
    double wt = (dw ? 1 : (double)l->k) * (double)l->c * (double)l->r * (double)l->s;
    double outp = (double)l->n * (double)(dw ? l->c : l->k) * (double)oy * (double)ox;
    double compute = macs / ((double)busy_pes(l, hw, m) * (double)hw->simd_lanes);
    double memory = hw->offchip_bw == DG_UNLIMITED ? 0.0 : (in + wt + outp) / (double)hw->offchip_bw;
    out->valid = 1;
    out->runtime_cycles = compute > memory ? compute : memory;
    out->macs = macs;
    out->l1_bytes = 3.0 * r->bytes_per_element;                 /* one operand of each tensor */
    out->l2_bytes = (in + wt + outp) * r->bytes_per_element;    /* everything stays on chip */
    out->l2_reads[DG_TENSOR_INPUT] = in;
    out->l2_reads[DG_TENSOR_FILTER] = wt;
    out->l2_writes[DG_TENSOR_OUTPUT] = outp;
    for (int t = 0; t < DG_TENSOR_COUNT; t++)
        out->l1_reads[t] = macs;
    out->energy = macs + 18.61 * (in + wt + outp) + 1.68 * 3.0 * macs;
    return DG_OK;
}

static void show(const char *who, dg_cost_model *cm, const dg_layer *l, const dg_hw *hw, const dg_mapping *m)
{
    dg_layer_cost c = {.struct_size = sizeof c};
    if (dg_cost_model_evaluate(cm, l, hw, m, &c) != DG_OK) {
        fprintf(stderr, "%s: %s\n", who, dg_last_error()->message);
        return;
    }
    /* Area of a design sized for this mapping: the buffers it needs. */
    dg_hw sized = *hw;
    sized.l1_bytes = (int64_t)c.l1_bytes;
    sized.l2_bytes = (int64_t)c.l2_bytes;
    double area = 0;
    dg_cost_model_area(cm, &sized, &area, NULL);
    printf("%-10s %12.0f cycles %14.0f MACs  L1 %8.0f B  L2 %9.0f B  energy %14.0f  area %.3f mm2\n", who,
           c.runtime_cycles, c.macs, c.l1_bytes, c.l2_bytes, c.energy, area / 1e6);
}

int main(void)
{
    /* A ResNet-style 3x3 convolution: 64 -> 64 channels on a 56x56 input, padding 1. */
    dg_layer l;
    memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.type = DG_LAYER_CONV;
    l.n = 1, l.k = 64, l.c = 64, l.y = 56, l.x = 56, l.r = 3, l.s = 3;
    l.stride_y = l.stride_x = 1, l.pad_y = l.pad_x = 1;
    l.name = "conv3x3";

    /* 16 clusters of 16 PEs: K across clusters, C inside, NVDLA-like. */
    dg_mapping m;
    memset(&m, 0, sizeof m);
    m.struct_size = sizeof m;
    m.num_levels = 2;
    const dg_directive top[] = {{DG_SPATIAL, DG_DIM_K, 4, 4},     {DG_TEMPORAL, DG_DIM_C, 16, 16},
                                {DG_TEMPORAL, DG_DIM_YO, 8, 8},   {DG_TEMPORAL, DG_DIM_XO, 56, 56},
                                {DG_TEMPORAL, DG_DIM_R, 3, 3},    {DG_TEMPORAL, DG_DIM_S, 3, 3}};
    const dg_directive inner[] = {{DG_SPATIAL, DG_DIM_C, 1, 1},   {DG_TEMPORAL, DG_DIM_K, 4, 4},
                                  {DG_TEMPORAL, DG_DIM_YO, 8, 8}, {DG_TEMPORAL, DG_DIM_XO, 8, 8},
                                  {DG_TEMPORAL, DG_DIM_R, 3, 3},  {DG_TEMPORAL, DG_DIM_S, 3, 3}};
    m.levels[0].num_directives = 6;
    memcpy(m.levels[0].directives, top, sizeof top);
    m.levels[1].cluster_size = 16;
    m.levels[1].num_directives = 6;
    memcpy(m.levels[1].directives, inner, sizeof inner);

    dg_hw hw;
    dg_hw_init(&hw, 256);
    hw.noc_bw = 64;
    hw.offchip_bw = 32;

    /* The plug-in: only evaluate is mandatory; no area entry = DiGamma's area model. */
    dg_cost_model_ops ops = DG_COST_MODEL_OPS_INIT;
    ops.name = "roofline";
    ops.flags = DG_COST_MODEL_THREADSAFE | DG_COST_MODEL_DETERMINISTIC;
    ops.create = roof_create;
    ops.destroy = roof_destroy;
    ops.evaluate = roof_evaluate;
    double bytes_per_element = 1.0;
    dg_cost_model *roof, *maestro;
    if (dg_cost_model_create(&roof, &ops, &bytes_per_element, NULL) != DG_OK ||
        dg_cost_model_create(&maestro, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK) {
        fprintf(stderr, "cannot create the cost models: %s\n", dg_last_error()->message);
        return 1;
    }

    char text[2048];
    if (dg_maestro_write_layer(&l, &m, text, sizeof text, NULL) == DG_OK)
        printf("The mapping in MAESTRO notation:\n%s\n", text);
    printf("%s on %lld PEs (NoC bw %lld, off-chip bw %lld elements/cycle):\n", l.name, (long long)hw.num_pes,
           (long long)hw.noc_bw, (long long)hw.offchip_bw);
    show(dg_cost_model_name(roof), roof, &l, &hw, &m);
    show(dg_cost_model_name(maestro), maestro, &l, &hw, &m);
    dg_cost_model_destroy(roof);
    dg_cost_model_destroy(maestro);
    return 0;
}
