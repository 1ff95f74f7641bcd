/*
 * fuzz_maestro_hw.c: MAESTRO hardware files through dg_maestro_parse_hw_buffer(),
 * then the parsed accelerator through both area models and the built-in cost
 * model on a small fixed layer and mapping.
 *
 * Properties: a failed parse leaves the caller's dg_hw untouched; a parsed
 * one has values in the documented ranges; evaluation fails cleanly or gives
 * finite, non-negative numbers.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <math.h>
#include <string.h>

static int fuzz_failed;

static const char mapping_text[] =
    "Network fuzz {\n"
    "Layer L {\n"
    "Type: CONV\n"
    "Stride { X: 2, Y: 1 }\n"
    "Dimensions { K: 16, C: 8, Y: 10, X: 12, R: 3, S: 3 }\n"
    "Dataflow {\n"
    "  SpatialMap(1,1) K;\n"
    "  TemporalMap(4,4) C;\n"
    "  TemporalMap(Sz(R),1) Y;\n"
    "  TemporalMap(Sz(S),1) X;\n"
    "  TemporalMap(Sz(R),Sz(R)) R;\n"
    "  TemporalMap(Sz(S),Sz(S)) S;\n"
    "  Cluster(2, P);\n"
    "  SpatialMap(1,1) C;\n"
    "}\n"
    "}\n"
    "}\n";

static dg_layer layer;
static dg_mapping mapping;
static dg_cost_model *models[2];

static int keep(void *user, const dg_layer *l, const dg_mapping *m)
{
    (void)user;
    layer = *l;
    layer.name = "L";
    mapping = *m;
    return 0;
}

static void init(void)
{
    if (models[0])
        return;
    if (dg_maestro_parse_mapping_buffer(mapping_text, sizeof mapping_text - 1, "fixed", keep, NULL) != DG_OK)
        abort();
    for (int i = 0; i < 2; i++)
        if (dg_cost_model_create(&models[i], dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK)
            abort();
    if (dg_cost_model_set_option(models[1], "mode", "maestro") != DG_OK ||
        dg_cost_model_set_option(models[1], "area", "maestro") != DG_OK)
        abort();
}

static int in_range(int64_t v, int64_t lo)
{
    return v == DG_UNLIMITED || (v >= lo && v <= INT32_MAX);
}

DG_FUZZ_TARGET(maestro_hw)
{
    fuzz_failed = 0;
    init();
    for (int start = 0; start < 2; start++) {
        dg_hw hw, before;
        dg_hw_init(&hw, start ? 7 : 1);
        if (start) { /* finite values to start from, as digamma eval does */
            hw.l1_bytes = 512;
            hw.l2_bytes = 65536;
            hw.noc_bw = 64;
            hw.offchip_bw = 70000;
            hw.noc_latency = 0;
        }
        before = hw;
        int rc = dg_maestro_parse_hw_buffer((const char *)data, size, "fuzz_hw.m", &hw);
        if (rc != DG_OK) {
            DG_FUZZ_CHECK(memcmp(&hw, &before, sizeof hw) == 0);
            DG_FUZZ_CHECK(dg_last_error()->code == rc);
            return fuzz_failed;
        }
        DG_FUZZ_CHECK(hw.struct_size == sizeof hw && hw.num_pes >= 1 && hw.num_pes <= INT32_MAX);
        DG_FUZZ_CHECK(in_range(hw.l1_bytes, 1) && in_range(hw.l2_bytes, 1) && in_range(hw.noc_bw, 1) &&
                      in_range(hw.offchip_bw, 1) && hw.noc_latency >= 0 && hw.noc_latency <= INT32_MAX);
        for (int k = 0; k < 2; k++) {
            double area = -1, power = -1;
            if (dg_cost_model_area(models[k], &hw, &area, &power) == DG_OK)
                DG_FUZZ_CHECK(isfinite(area) && isfinite(power) && area >= 0);
            dg_layer_cost c = {.struct_size = sizeof c};
            rc = dg_cost_model_evaluate(models[k], &layer, &hw, &mapping, &c);
            if (rc != DG_OK) {
                DG_FUZZ_CHECK(dg_last_error()->code == rc);
                continue;
            }
            if (c.valid)
                DG_FUZZ_CHECK(isfinite(c.runtime_cycles) && c.runtime_cycles > 0 && isfinite(c.energy) &&
                              c.energy >= 0 && (k > 0 || c.macs == (double)layer.macs));
        }
    }
    return fuzz_failed;
}
