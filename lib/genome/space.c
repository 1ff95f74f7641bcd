/*
 * space.c: the search space: which genes exist and their bounds, derived from
 * the workload, the budget and the options.
 */
#include "genome_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

DG_API void dg_space_options_init(dg_space_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->scope = DG_SCOPE_SHARED_HW;
    o->min_levels = 2;
    o->max_levels = 2;
    o->dataflow = DG_DATAFLOW_FREE;
    o->max_pes = DG_UNLIMITED;
}

static int check_options(const dg_space_options *o)
{
    if (o->scope < DG_SCOPE_SHARED_HW || o->scope > DG_SCOPE_PER_LAYER)
        return dgi_fail(DG_EINVAL, "unknown scope %d", (int)o->scope);
    if (o->min_levels < 2 || o->max_levels > DGI_MAX_GLEVELS || o->min_levels > o->max_levels)
        return dgi_fail(DG_EINVAL, "levels must satisfy 2 <= min_levels <= max_levels <= 3 (got %d..%d)",
                        (int)o->min_levels, (int)o->max_levels);
    if (o->dataflow < DG_DATAFLOW_FREE || o->dataflow > DG_DATAFLOW_EYE)
        return dgi_fail(DG_EINVAL, "unknown dataflow style %d", (int)o->dataflow);
    if (o->max_pes < 1 && o->max_pes != DG_UNLIMITED)
        return dgi_fail(DG_EINVAL, "max_pes must be at least 1 or DG_UNLIMITED");
    return DG_OK;
}

/* The most PEs that fit: the area with minimal (1-byte) buffers, the budget's
 * PE limit, the caller's bound. A design this large is rarely feasible once
 * its buffers are counted, but the bound must not cut off any feasible one. */
static int64_t derive_max_pes(const dg_budget *b, int64_t option)
{
    int64_t limit = INT64_C(1) << 20; /* a million PEs: beyond any sane budget */
    double area = dg_budget_area_mm2(b);
    if (area != DG_UNLIMITED) {
        double fit = floor(area * 1e6 / (DGI_PE_AREA_UM2 + DGI_SRAM_AREA_UM2_PER_BYTE));
        if (fit < (double)limit)
            limit = (int64_t)fit;
    }
    if (dg_budget_max_pes(b) != DG_UNLIMITED && dg_budget_max_pes(b) < limit)
        limit = dg_budget_max_pes(b);
    if (option != DG_UNLIMITED && option < limit)
        limit = option;
    return limit;
}

DG_API int dg_space_create(dg_space **out, const dg_workload *workload, const dg_budget *budget,
                           const dg_space_options *options)
{
    if (!out || !workload || !budget)
        return dgi_fail(DG_EINVAL, "dg_space_create: NULL argument");
    dg_space_options o;
    dg_space_options_init(&o);
    if (options) {
        if (options->struct_size < sizeof(uint32_t) * 2)
            return dgi_fail(DG_EINVAL, "dg_space_options.struct_size is too small");
        memcpy(&o, options, options->struct_size < sizeof o ? options->struct_size : sizeof o);
        o.struct_size = sizeof o;
    }
    int rc = check_options(&o);
    if (rc)
        return rc;
    size_t n = dg_workload_num_unique(workload);
    if (n == 0)
        return dgi_fail(DG_EINVAL, "the workload has no layers");

    dg_space *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory creating a search space");
    s->opt = o;
    s->num_layers = n;
    s->num_units = o.scope == DG_SCOPE_ONE_MAPPING ? 1 : n;
    s->num_hw_units = o.scope == DG_SCOPE_PER_LAYER ? n : 1;
    s->layers = calloc(n, sizeof *s->layers);
    s->bounds = calloc(s->num_units, sizeof *s->bounds);
    if (!s->layers || !s->bounds || (rc = dg_workload_clone(&s->workload, workload)) ||
        (rc = dg_budget_clone(&s->budget, budget))) {
        dg_space_destroy(s);
        return rc ? rc : dgi_fail(DG_ENOMEM, "out of memory creating a search space");
    }
    for (size_t i = 0; i < n; i++) {
        s->layers[i].struct_size = sizeof s->layers[i];
        dg_workload_layer(workload, i, &s->layers[i]);
        const dg_layer *l = &s->layers[i];
        int64_t b[NGDIMS] = {l->k, l->c, l->out_y, l->out_x, l->r, l->s};
        int64_t *u = s->bounds[dgi_unit_of(s, i)];
        for (int d = 0; d < NGDIMS; d++) /* one shared mapping is bounded by the largest layer */
            u[d] = b[d] > u[d] ? b[d] : u[d];
    }

    int64_t rows, cols;
    if (dg_budget_fixed_hw(budget, &rows, &cols, NULL, NULL)) {
        s->fixed_hw = true;
        s->fixed_clusters = rows;
        s->fixed_cols = cols;
        s->opt.min_levels = s->opt.max_levels = 2; /* the fixed array is two-level */
        s->max_pes = rows * cols;
    } else {
        s->max_pes = derive_max_pes(budget, o.max_pes);
        if (s->max_pes < 1) {
            dg_space_destroy(s);
            return dgi_fail(DG_EINFEASIBLE, "the area budget of %g mm² cannot hold a single PE (%g µm² each)",
                            dg_budget_area_mm2(budget), DGI_PE_AREA_UM2);
        }
    }
    /* Vector view: per hw unit 3 cluster genes + 1 level gene; per unit and
     * level 1 parallel-dim gene, 6 order keys, 6 tiles. */
    /* genome_vector.c: genes for the levels up to max_levels only */
    size_t levels = (size_t)s->opt.max_levels;
    s->vector_size = s->num_hw_units * (levels + 1) + s->num_units * levels * (1 + 2 * NGDIMS);
    *out = s;
    return DG_OK;
}

DG_API void dg_space_destroy(dg_space *s)
{
    if (!s)
        return;
    dg_workload_destroy(s->workload);
    dg_budget_destroy(s->budget);
    free(s->layers);
    free(s->bounds);
    free(s);
}

DG_API size_t dg_space_vector_size(const dg_space *s) { return s ? s->vector_size : 0; }
DG_API size_t dg_space_num_units(const dg_space *s) { return s ? s->num_units : 0; }
DG_API size_t dg_space_num_hw_units(const dg_space *s) { return s ? s->num_hw_units : 0; }
DG_API int64_t dg_space_max_pes(const dg_space *s) { return s ? s->max_pes : 0; }
DG_API const dg_workload *dg_space_workload(const dg_space *s) { return s ? s->workload : NULL; }
