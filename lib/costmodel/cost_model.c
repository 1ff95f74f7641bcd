/*
 * cost_model.c: the plug-in cost-model handle.
 *
 * The handle owns a private copy of the ops table, taken with the growth rule
 * of plugin.h, so that a plug-in compiled against an older or newer header
 * works as long as it asks for nothing this library does not know.
 */
#include "costmodel.h"

#include <stdlib.h>
#include <string.h>

struct dg_cost_model {
    dg_cost_model_ops ops;
    void *state;
    void *user_data;
    void (*user_data_free)(void *);
};

/* The v1 minimum: everything up to and including the mandatory evaluate. */
#define OPS_V1_MIN (offsetof(dg_cost_model_ops, evaluate) + sizeof(void *))
#define KNOWN_FLAGS (DG_COST_MODEL_THREADSAFE | DG_COST_MODEL_DETERMINISTIC)

DG_API void dg_hw_init(dg_hw *hw, int64_t num_pes)
{
    if (!hw)
        return;
    memset(hw, 0, sizeof *hw);
    hw->struct_size = sizeof *hw;
    hw->num_pes = num_pes;
    hw->simd_lanes = 1;
    hw->l1_bytes = DG_UNLIMITED;
    hw->l2_bytes = DG_UNLIMITED;
    hw->noc_bw = DG_UNLIMITED;
    hw->noc_latency = 1;
    hw->offchip_bw = DG_UNLIMITED;
}

/* Copy an ops table by the growth rule; fills *dst on success only. */
static int copy_ops(dg_cost_model_ops *dst, const dg_cost_model_ops *src)
{
    dg_cost_model_ops ops;
    int rc = dgi_copy_vtable(&ops, sizeof ops, src, OPS_V1_MIN, "dg_cost_model_ops");
    if (rc)
        return rc;
    if (ops.abi_version < 1 || ops.abi_version > DG_PLUGIN_ABI_VERSION)
        return dgi_fail(DG_EUNSUPPORTED, "cost-model plug-in ABI version %u; this library implements 1 .. %d",
                        ops.abi_version, DG_PLUGIN_ABI_VERSION);
    if (ops.flags & ~(uint64_t)KNOWN_FLAGS)
        return dgi_fail(DG_EUNSUPPORTED, "unknown cost-model flags 0x%llx",
                        (unsigned long long)(ops.flags & ~(uint64_t)KNOWN_FLAGS));
    if (!ops.evaluate)
        return dgi_fail(DG_EINVAL, "the cost-model ops table has no evaluate function");
    *dst = ops;
    return DG_OK;
}

DG_API int dg_cost_model_create(dg_cost_model **out, const dg_cost_model_ops *ops, void *user_data,
                                void (*user_data_free)(void *user_data))
{
    int rc;
    dg_cost_model *cm = NULL;
    if (!out || !ops) {
        rc = dgi_fail(DG_EINVAL, "dg_cost_model_create: %s is NULL", !out ? "out" : "ops");
        goto fail;
    }
    cm = calloc(1, sizeof *cm);
    if (!cm) {
        rc = dgi_fail(DG_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = copy_ops(&cm->ops, ops)))
        goto fail;
    /* Without a create function the state is the user's data itself. */
    cm->state = user_data;
    if (cm->ops.create) {
        void *state = NULL;
        dg_error_clear();
        rc = cm->ops.create(&state, user_data);
        if (rc) {
            if (rc > 0 || dg_last_error()->code == DG_OK)
                rc = dgi_fail(rc < 0 ? rc : DG_EUSER, "the cost model '%s' failed to initialise",
                              cm->ops.name ? cm->ops.name : "unnamed");
            goto fail;
        }
        cm->state = state;
    }
    cm->user_data = user_data;
    cm->user_data_free = user_data_free;
    *out = cm;
    return DG_OK;
fail:
    free(cm);
    if (user_data_free)
        user_data_free(user_data);
    return rc;
}

DG_API void dg_cost_model_destroy(dg_cost_model *cm)
{
    if (!cm)
        return;
    if (cm->ops.create && cm->ops.destroy)
        cm->ops.destroy(cm->state);
    if (cm->user_data_free)
        cm->user_data_free(cm->user_data);
    free(cm);
}

DG_API const char *dg_cost_model_name(const dg_cost_model *cm)
{
    if (!cm)
        return NULL;
    return cm->ops.name ? cm->ops.name : "unnamed";
}

DG_API int dg_cost_model_set_option(dg_cost_model *cm, const char *key, const char *value)
{
    if (!cm || !key || !value)
        return dgi_fail(DG_EINVAL, "dg_cost_model_set_option: NULL argument");
    if (!cm->ops.set_option)
        return dgi_fail(DG_EUNSUPPORTED, "the cost model '%s' takes no options", dg_cost_model_name(cm));
    return cm->ops.set_option(cm->state, key, value);
}

DG_API int dg_cost_model_evaluate(dg_cost_model *cm, const dg_layer *layer, const dg_hw *hw,
                                  const dg_mapping *mapping, dg_layer_cost *out)
{
    if (!cm || !layer || !hw || !mapping || !out)
        return dgi_fail(DG_EINVAL, "dg_cost_model_evaluate: NULL argument");
    if (out->struct_size < sizeof(dg_layer_cost))
        return dgi_fail(DG_EINVAL, "dg_layer_cost.struct_size %u is smaller than the version-1 layout (%zu)",
                        out->struct_size, sizeof(dg_layer_cost));
    if (hw->struct_size < sizeof(dg_hw))
        return dgi_fail(DG_EINVAL, "dg_hw.struct_size %u is smaller than the version-1 layout (%zu)", hw->struct_size,
                        sizeof(dg_hw));
    /* The plug-in fills a private copy, so that a failure leaves *out as it was
     * and a caller's larger (newer) struct keeps its unknown tail. */
    dg_layer_cost tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.struct_size = sizeof tmp;
    int rc = cm->ops.evaluate(cm->state, layer, hw, mapping, &tmp);
    if (rc) {
        if (rc > 0)
            rc = dgi_fail(DG_EUSER, "the cost model '%s' failed (returned %d)", dg_cost_model_name(cm), rc);
        return rc;
    }
    uint32_t caller_size = out->struct_size;
    memcpy(out, &tmp, sizeof tmp);
    out->struct_size = caller_size;
    return DG_OK;
}

/* DiGamma's area model (reference/digamma-algorithm.md §3.6). */
int dgi_default_area(const dg_hw *hw, double *area_um2, double *power_mw)
{
    if (hw->num_pes < 1)
        return dgi_fail(DG_EINVAL, "hw num_pes must be at least 1");
    if (hw->l1_bytes < 0 || hw->l2_bytes < 0)
        return dgi_fail(DG_EINVAL, "the area model needs finite buffer sizes (l1_bytes, l2_bytes are unlimited)");
    double sram_bytes = (double)hw->l1_bytes * (double)hw->num_pes + (double)hw->l2_bytes;
    double a = DGI_PE_AREA_UM2 * (double)hw->num_pes + DGI_SRAM_AREA_UM2_PER_BYTE * sram_bytes;
    if (area_um2)
        *area_um2 = a;
    if (power_mw)
        *power_mw = 0.0;
    return DG_OK;
}

DG_API int dg_cost_model_area(dg_cost_model *cm, const dg_hw *hw, double *area_um2, double *power_mw)
{
    if (!cm || !hw)
        return dgi_fail(DG_EINVAL, "dg_cost_model_area: NULL argument");
    if (hw->struct_size < sizeof(dg_hw))
        return dgi_fail(DG_EINVAL, "dg_hw.struct_size %u is smaller than the version-1 layout (%zu)", hw->struct_size,
                        sizeof(dg_hw));
    double a = 0.0, p = 0.0;
    int rc = cm->ops.area ? cm->ops.area(cm->state, hw, &a, &p) : dgi_default_area(hw, &a, &p);
    if (rc) {
        if (rc > 0)
            rc = dgi_fail(DG_EUSER, "the cost model '%s' area function failed (returned %d)", dg_cost_model_name(cm),
                          rc);
        return rc;
    }
    if (area_um2)
        *area_um2 = a;
    if (power_mw)
        *power_mw = p;
    return DG_OK;
}

DG_API uint64_t dg_cost_model_flags(const dg_cost_model *cm)
{
    return cm ? cm->ops.flags : 0;
}
