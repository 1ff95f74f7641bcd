/*
 * parse_maestro_model.c: MAESTRO's model files (Network / Layer / Type /
 * Stride / Dimensions) as workloads.
 *
 * MAESTRO's model and mapping files share one grammar, so this reuses the
 * cost model's mapping-file parser and keeps only the layers; any Dataflow
 * blocks are ignored.
 */
#include "workload_internal.h"

static int add_parsed_layer(void *user, const dg_layer *layer, const dg_mapping *mapping)
{
    (void)mapping;
    return dg_workload_add_layer(user, layer) == DG_OK ? 0 : 1;
}

int dgi_parse_maestro_model(dg_workload **out, const char *data, size_t size, const char *origin)
{
    dg_workload *w;
    int rc = dg_workload_create(&w, origin);
    if (rc)
        return rc;
    rc = dg_maestro_parse_mapping_buffer(data, size, origin, add_parsed_layer, w);
    if (rc == DG_EUSER) /* the workload refused a layer: its own error is more useful */
        rc = dg_last_error()->code;
    if (rc == DG_OK && dg_workload_num_layers(w) == 0)
        rc = dgi_fail_at(DG_EPARSE, origin, 0, "no layers: expected Network { Layer NAME { Type ... Dimensions { ... } } }");
    if (rc) {
        dg_workload_destroy(w);
        return rc;
    }
    *out = w;
    return DG_OK;
}
