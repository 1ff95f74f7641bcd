/*
 * maestro_model.c: the built-in cost model, dg_cost_model_ops_maestro().
 *
 * Options (dg_cost_model_set_option):
 *   mode     default | maestro   default: MAESTRO's model with its known
 *                                miscounts fixed; maestro: MAESTRO HEAD 4eb08d1's
 *                                numbers, quirks included
 *   variant  head | e1d8efd      which MAESTRO commit compatibility mode mimics
 *                                (e1d8efd is what gamma/DiGamma ran)
 *   area     digamma | maestro   DiGamma's area model (power 0) or MAESTRO's
 *                                own area and power (spec §11)
 * Sizes are MAESTRO's elements, reported as bytes (one byte per element, as
 * DiGamma's INT8 area model assumes). docs/cost-model.md lists every
 * difference between the modes.
 */
#include "costmodel.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct mstate {
    int fixed;        /* mode default */
    int variant;      /* DGI_VARIANT_* */
    int area_maestro; /* MAESTRO's area/power */
} mstate;

int dgi_maestro_eval(const dg_layer *layer, const dg_hw *hw, const dg_mapping *m, const dgi_mopts *o, int fixed_mode,
                     dgi_mresult *r)
{
    if (!layer || !hw || !m || !r)
        return dgi_fail(DG_EINVAL, "NULL argument");
    if (m->struct_size < offsetof(dg_mapping, flags))
        return dgi_fail(DG_EINVAL, "dg_mapping.struct_size %u is too small", m->struct_size);
    dgi_mhw h;
    int rc = dgi_hw_resolve(&h, hw);
    if (rc)
        return rc;
    int native = (dgi_mapping_flags(m) & DG_MAPPING_NATIVE_GEMM) != 0;
    int has_batch = !native && (layer->n > 1 || dgi_mapping_uses(m, DG_DIM_N));
    dgi_problem p;
    if ((rc = dgi_problem_init(&p, layer, native, has_batch)))
        return rc;
    dgi_mopts opts = *o;
    opts.fixed = 0; /* the levels are MAESTRO's; maestro_fix.c re-prepares them */
    if (fixed_mode)
        opts.variant = DGI_VARIANT_HEAD;
    dgi_built b;
    if ((rc = dgi_build_levels(&b, &p, m, h.num_pes, &opts)))
        return rc;
    opts.fixed = fixed_mode ? 2 : 0;
    return dgi_maestro_analyze(&p, &b, &h, &opts, r);
}

static int m_create(void **state, void *user_data)
{
    (void)user_data;
    mstate *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory");
    s->fixed = 1;
    s->variant = DGI_VARIANT_HEAD;
    *state = s;
    return DG_OK;
}

static void m_destroy(void *state)
{
    free(state);
}

static int m_set_option(void *state, const char *key, const char *value)
{
    mstate *s = state;
    if (strcmp(key, "mode") == 0) {
        if (strcmp(value, "default") == 0)
            s->fixed = 1;
        else if (strcmp(value, "maestro") == 0)
            s->fixed = 0;
        else
            return dgi_fail(DG_EINVAL, "option mode: expected 'default' or 'maestro', got '%s'", value);
    } else if (strcmp(key, "variant") == 0) {
        if (strcmp(value, "head") == 0 || strcmp(value, "4eb08d1") == 0)
            s->variant = DGI_VARIANT_HEAD;
        else if (strcmp(value, "e1d8efd") == 0)
            s->variant = DGI_VARIANT_E1D8EFD;
        else
            return dgi_fail(DG_EINVAL, "option variant: expected 'head' or 'e1d8efd', got '%s'", value);
    } else if (strcmp(key, "area") == 0) {
        if (strcmp(value, "digamma") == 0)
            s->area_maestro = 0;
        else if (strcmp(value, "maestro") == 0)
            s->area_maestro = 1;
        else
            return dgi_fail(DG_EINVAL, "option area: expected 'digamma' or 'maestro', got '%s'", value);
    } else {
        return dgi_fail(DG_ENOTFOUND, "the maestro cost model has no option '%s' (mode, variant, area)", key);
    }
    return DG_OK;
}

static int m_evaluate(void *state, const dg_layer *layer, const dg_hw *hw, const dg_mapping *mapping,
                      dg_layer_cost *out)
{
    const mstate *s = state;
    if (!out || out->struct_size < sizeof(dg_layer_cost))
        return dgi_fail(DG_EINVAL, "dg_layer_cost is NULL or its struct_size is smaller than the version-1 layout");
    dgi_mopts o = {.variant = s->variant, .fixed = 0};
    dgi_mresult r;
    int rc = dgi_maestro_eval(layer, hw, mapping, &o, s->fixed, &r);
    if (rc)
        return rc;
    dg_layer_cost c;
    memset(&c, 0, sizeof c);
    c.struct_size = out->struct_size;
    c.valid = r.valid;
    c.runtime_cycles = (double)r.runtime;
    c.macs = (double)r.macs;
    c.l1_bytes = (double)r.l1_size_total;
    c.l2_bytes = (double)r.l2_size_total;
    c.energy = r.energy;
    for (int t = 0; t < 3; t++) {
        c.l1_reads[t] = (double)r.l1_rd[t];
        c.l1_writes[t] = (double)r.l1_wr[t];
        c.l2_reads[t] = (double)r.l2_rd[t];
        c.l2_writes[t] = (double)r.l2_wr[t];
    }
    /* A mapping that needs more buffer than the hardware has does not fit. */
    if ((hw->l1_bytes != DG_UNLIMITED && r.l1_size_total > hw->l1_bytes) ||
        (hw->l2_bytes != DG_UNLIMITED && r.l2_size_total > hw->l2_bytes))
        c.valid = 0;
    memcpy(out, &c, sizeof c);
    return DG_OK;
}

/* MAESTRO's own area and power (spec §11). */
static int m_area(void *state, const dg_hw *hw, double *area_um2, double *power_mw)
{
    const mstate *s = state;
    if (!s->area_maestro)
        return dgi_default_area(hw, area_um2, power_mw);
    if (hw->num_pes < 1 || hw->simd_lanes < 1)
        return dgi_fail(DG_EINVAL, "hw num_pes and simd_lanes must be at least 1");
    if (hw->l1_bytes < 0 || hw->l2_bytes < 0)
        return dgi_fail(DG_EINVAL, "the area model needs finite buffer sizes (l1_bytes, l2_bytes are unlimited)");
    double P = (double)hw->num_pes, vw = (double)hw->simd_lanes;
    double bw = hw->noc_bw == DG_UNLIMITED ? (double)INT_MAX : (double)hw->noc_bw;
    double l1 = fmax(1.0, ceil((double)hw->l1_bytes)), l2 = fmax(1.0, ceil((double)hw->l2_bytes));
    double arb = 1.2886 * P * P + 5.5814 * P - 23.711;
    double bus = 14.662 * P + 28.895;
    double area = P * (283.0 * vw + 0.104 * l1) + 0.104 * l2 + 101.7938 * bus * bw + fmax(395.473, 395.473 * arb);
    double power = P * (1.2223 * vw + 0.00345 * l1) + 0.00345 * l2 + 0.8 * bus / 1000.0 * bw +
                   fmax(0.34, 0.34 * arb / 1000.0);
    if (area_um2)
        *area_um2 = area;
    if (power_mw)
        *power_mw = power;
    return DG_OK;
}

static const dg_cost_model_ops maestro_ops = {
    sizeof(dg_cost_model_ops),
    DG_PLUGIN_ABI_VERSION,
    DG_COST_MODEL_THREADSAFE | DG_COST_MODEL_DETERMINISTIC,
    "maestro",
    m_create,
    m_destroy,
    m_evaluate,
    m_area,
    m_set_option,
};

DG_API const dg_cost_model_ops *dg_cost_model_ops_maestro(void)
{
    return &maestro_ops;
}
