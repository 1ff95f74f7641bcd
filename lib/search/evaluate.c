/*
 * evaluate.c: one design point on the whole workload.
 *
 * Latency and energy are Σ count · (per-layer value); L1 and L2 are the
 * largest requirement over the layers (each design gets exactly the buffers
 * its mappings need, the paper's §IV-C); area and power come from the cost
 * model's area function over that hardware. The violation adds up the
 * relative excess over every limit, so an optimizer can tell "a little over"
 * from "far over".
 */
#include "search_internal.h"

#include <math.h>
#include <string.h>

/* Violation charged for a layer whose mapping the cost model rejects. */
#define INVALID_LAYER_VIOLATION 10.0

static double excess(double value, double limit)
{
    return limit > 0 && value > limit ? value / limit - 1.0 : 0.0;
}

int dgi_evaluate_unit_layer(dg_search *s, const dg_genome *g, size_t layer, dg_hw *hw, dg_mapping *map,
                            dg_layer_cost *cost)
{
    const dg_space *sp = s->space;
    size_t u = dgi_unit_of(sp, layer), h = dgi_hw_of(sp, layer);
    layer_key key;
    memset(&key, 0, sizeof key);
    key.layer = layer;
    key.levels = g->levels;
    memcpy(key.clusters, g->clusters[h], (size_t)g->levels * sizeof key.clusters[0]);
    memcpy(key.genes, g->map[u], (size_t)g->levels * sizeof key.genes[0]);
    uint64_t hash = dgi_key_hash(&key);

    hw->struct_size = sizeof *hw;
    map->struct_size = sizeof *map;
    int rc = dg_genome_decode(g, layer, hw, map);
    if (rc)
        return rc;
    if (dgi_cache_get(&s->cache, &key, hash, cost))
        return DG_OK;
    memset(cost, 0, sizeof *cost);
    cost->struct_size = sizeof *cost;
    rc = dg_cost_model_evaluate(s->cm, &sp->layers[layer], hw, map, cost);
    if (rc == DG_EINVAL) { /* a mapping the model refuses is an invalid design, not a failed run */
        memset(cost, 0, sizeof *cost);
        cost->struct_size = sizeof *cost;
        cost->valid = 0;
        rc = DG_OK;
    }
    if (rc)
        return rc;
    dgi_cache_put(&s->cache, &key, hash, cost);
    return DG_OK;
}

static double objective_value(int objective, const dg_design *d)
{
    switch (objective) {
    case DG_OBJECTIVE_ENERGY: return d->energy;
    case DG_OBJECTIVE_EDP: return d->energy * d->latency_cycles;
    case DG_OBJECTIVE_POWER: return d->power_mw;
    case DG_OBJECTIVE_AREA: return d->area_um2;
    case DG_OBJECTIVE_LAP: return d->latency_cycles * d->area_um2;
    default: return d->latency_cycles;
    }
}

/* Area, power and budget checks of one hardware unit with the buffers its layers need. */
static int check_hw(dg_search *s, int64_t pes, double l1, double l2, double *area, double *power,
                    double *violation)
{
    dg_hw hw;
    dg_hw_init(&hw, pes);
    hw.l1_bytes = (int64_t)ceil(l1);
    hw.l2_bytes = (int64_t)ceil(l2);
    *area = *power = 0;
    int rc = dg_cost_model_area(s->cm, &hw, area, power);
    if (rc)
        return rc;
    *violation += excess(*area, s->area_limit_um2) + excess(*power, s->power_limit_mw) +
                  excess((double)pes, (double)s->pe_limit) + excess(l1, (double)s->l1_cap) +
                  excess(l2, (double)s->l2_cap);
    return DG_OK;
}

int dgi_evaluate_design(dg_search *s, const dg_genome *g, dg_design *d, dg_fitness *fit)
{
    const dg_space *sp = s->space;
    memset(d, 0, sizeof *d);
    d->struct_size = sizeof *d;
    double violation = 0, area_max = 0, power_max = 0;
    double l1 = 0, l2 = 0;
    for (size_t i = 0; i < sp->num_layers; i++) {
        dg_hw hw;
        dg_mapping map;
        dg_layer_cost c;
        int rc = dgi_evaluate_unit_layer(s, g, i, &hw, &map, &c);
        if (rc)
            return rc;
        double count = (double)sp->layers[i].count;
        if (!c.valid)
            violation += INVALID_LAYER_VIOLATION;
        d->latency_cycles += count * c.runtime_cycles;
        d->energy += count * c.energy;
        d->macs += count * c.macs;
        l1 = c.l1_bytes > l1 ? c.l1_bytes : l1;
        l2 = c.l2_bytes > l2 ? c.l2_bytes : l2;
        /* Per-layer scope: every layer's own accelerator must fit on its own. */
        if (sp->opt.scope == DG_SCOPE_PER_LAYER) {
            double area, power;
            if ((rc = check_hw(s, hw.num_pes, c.l1_bytes, c.l2_bytes, &area, &power, &violation)))
                return rc;
            area_max = area > area_max ? area : area_max;
            power_max = power > power_max ? power : power_max;
            l1 = l2 = 0;
        }
    }
    if (sp->opt.scope != DG_SCOPE_PER_LAYER) {
        int rc = check_hw(s, dgi_genome_pes(g, 0), l1, l2, &area_max, &power_max, &violation);
        if (rc)
            return rc;
        d->l1_bytes = (int64_t)ceil(l1);
        d->l2_bytes = (int64_t)ceil(l2);
    }
    d->area_um2 = area_max;
    d->power_mw = power_max;
    d->num_pes = dgi_genome_pes(g, 0);
    d->clusters = g->clusters[0][0];
    d->pes_per_cluster = d->num_pes / (d->clusters > 0 ? d->clusters : 1);
    d->violation = violation;
    d->feasible = violation == 0;
    d->objective = objective_value(s->objectives[0], d);

    memset(fit, 0, sizeof *fit);
    fit->num_objectives = s->num_objectives;
    for (int i = 0; i < s->num_objectives; i++)
        fit->objectives[i] = objective_value(s->objectives[i], d);
    fit->feasible = d->feasible;
    fit->violation = violation;
    fit->score = d->feasible ? d->objective : DG_INFEASIBLE_SCORE * (1.0 + violation);
    return DG_OK;
}
