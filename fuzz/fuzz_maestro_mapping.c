/*
 * fuzz_maestro_mapping.c: MAESTRO mapping files through
 * dg_maestro_parse_mapping_buffer(), and every layer the parser accepts
 * through the built-in cost model.
 *
 * Each parsed (layer, mapping) is evaluated with the built-in model in its
 * three settings (default; mode=maestro variant=head; mode=maestro
 * variant=e1d8efd) on a few accelerators (1, 7, 64 and 1024 PEs; unlimited and
 * tight bandwidths and buffers), so the engine sees whatever the parser lets
 * through. Properties: evaluation either fails cleanly or gives finite,
 * non-negative numbers; the same call twice gives the same result; and the
 * layer and mapping written back with dg_maestro_write_layer() parse to the
 * same layer and mapping.
 *
 * Layers over DG_FUZZ_MAX_MACS MACs are parsed but not evaluated, so that no
 * single input takes seconds (the engine's time does not grow with the sizes
 * today, but a regression that made it so must not stall the fuzzer).
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <math.h>
#include <string.h>

#define DG_FUZZ_MAX_MACS 1e15
#define MAX_LAYERS 64

static int fuzz_failed;

typedef struct collected {
    size_t n;
    dg_layer layer[MAX_LAYERS];
    dg_mapping map[MAX_LAYERS];
    char name[MAX_LAYERS][128];
} collected;

static int collect(void *user, const dg_layer *l, const dg_mapping *m)
{
    collected *c = user;
    if (c->n == MAX_LAYERS)
        return 0; /* enough to look at; the parse still succeeds */
    c->layer[c->n] = *l;
    c->map[c->n] = *m;
    snprintf(c->name[c->n], sizeof c->name[0], "%s", l->name ? l->name : "");
    c->layer[c->n].name = c->name[c->n];
    c->n++;
    return 0;
}

static dg_cost_model *models[3];

static void init_models(void)
{
    if (models[0])
        return;
    for (int i = 0; i < 3; i++)
        if (dg_cost_model_create(&models[i], dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK)
            abort();
    if (dg_cost_model_set_option(models[1], "mode", "maestro") != DG_OK ||
        dg_cost_model_set_option(models[2], "mode", "maestro") != DG_OK ||
        dg_cost_model_set_option(models[2], "variant", "e1d8efd") != DG_OK ||
        dg_cost_model_set_option(models[2], "area", "maestro") != DG_OK)
        abort();
}

static int finite_nonneg(double v)
{
    return isfinite(v) && v >= 0;
}

static void evaluate_all(const dg_layer *l, const dg_mapping *m)
{
    if ((double)l->macs > DG_FUZZ_MAX_MACS)
        return;
    static const int64_t pes[] = {1, 7, 64, 1024};
    for (int hv = 0; hv < 2 * 4; hv++) {
        dg_hw hw;
        dg_hw_init(&hw, pes[hv % 4]);
        if (hv >= 4) { /* MAESTRO's command-line defaults, tight buffers */
            hw.noc_bw = 4;
            hw.noc_latency = 0;
            hw.offchip_bw = 70000;
            hw.simd_lanes = 2;
            hw.l1_bytes = 64;
            hw.l2_bytes = 4096;
        }
        for (int k = 0; k < 3; k++) {
            dg_layer_cost c = {.struct_size = sizeof c}, c2 = {.struct_size = sizeof c2};
            int rc = dg_cost_model_evaluate(models[k], l, &hw, m, &c);
            if (rc != DG_OK) {
                DG_FUZZ_CHECK(rc < 0 && dg_last_error()->code == rc);
                continue;
            }
            DG_FUZZ_CHECK(c.valid == 0 || c.valid == 1);
            if (!c.valid)
                continue;
            DG_FUZZ_CHECK(finite_nonneg(c.runtime_cycles) && finite_nonneg(c.macs) && finite_nonneg(c.energy) &&
                          finite_nonneg(c.l1_bytes) && finite_nonneg(c.l2_bytes));
            for (int t = 0; t < DG_TENSOR_COUNT; t++)
                DG_FUZZ_CHECK(finite_nonneg(c.l1_reads[t]) && finite_nonneg(c.l1_writes[t]) &&
                              finite_nonneg(c.l2_reads[t]) && finite_nonneg(c.l2_writes[t]));
            /* Deterministic: the same call gives the same numbers. */
            DG_FUZZ_CHECK(dg_cost_model_evaluate(models[k], l, &hw, m, &c2) == DG_OK);
            DG_FUZZ_CHECK(memcmp(&c, &c2, sizeof c) == 0);
            double area = -1, power = -1;
            DG_FUZZ_CHECK(dg_cost_model_area(models[k], &hw, &area, &power) == DG_OK || hw.l1_bytes == DG_UNLIMITED);
        }
    }
}

static int same_mapping(const dg_mapping *a, const dg_mapping *b)
{
    if (a->num_levels != b->num_levels || a->flags != b->flags)
        return 0;
    for (uint32_t l = 0; l < a->num_levels; l++) {
        const dg_mapping_level *x = &a->levels[l], *y = &b->levels[l];
        if (x->num_directives != y->num_directives || (l > 0 && x->cluster_size != y->cluster_size))
            return 0;
        for (uint32_t j = 0; j < x->num_directives; j++)
            if (x->directives[j].kind != y->directives[j].kind || x->directives[j].dim != y->directives[j].dim ||
                x->directives[j].size != y->directives[j].size || x->directives[j].offset != y->directives[j].offset)
                return 0;
    }
    return 1;
}

/* Written back and parsed again, a layer and its mapping are unchanged. */
static void round_trip(const dg_layer *layer, const dg_mapping *m)
{
    const dg_layer *l = layer;
    size_t need = 0;
    if (m->num_levels == 0 || dg_maestro_write_layer(l, m, NULL, 0, &need) != DG_OK)
        return; /* the writer refuses what the model would refuse */
    char *text = malloc(need + 1);
    if (!text)
        return;
    DG_FUZZ_CHECK(dg_maestro_write_layer(l, m, text, need + 1, NULL) == DG_OK);
    collected *back = calloc(1, sizeof *back);
    if (back) {
        int rc = dg_maestro_parse_mapping_buffer(text, need, "roundtrip", collect, back);
        if (rc != DG_OK)
            fprintf(stderr, "round trip failed: %s\n%s", dg_last_error()->message, text);
        DG_FUZZ_CHECK(rc == DG_OK && back->n == 1);
        if (rc == DG_OK && back->n == 1) {
            const dg_layer *b = &back->layer[0];
            int same = b->type == l->type && b->n == l->n && b->k == l->k && b->c == l->c && b->y == l->y &&
                       b->x == l->x && b->r == l->r && b->s == l->s && b->stride_y == l->stride_y &&
                       b->stride_x == l->stride_x && b->macs == l->macs && same_mapping(&back->map[0], m);
            if (!same)
                fprintf(stderr, "round trip changed the layer or mapping:\n%s", text);
            DG_FUZZ_CHECK(same);
        }
        free(back);
    }
    free(text);
}

DG_FUZZ_TARGET(maestro_mapping)
{
    fuzz_failed = 0;
    init_models();
    collected *c = calloc(1, sizeof *c);
    if (!c)
        return 0;
    int rc = dg_maestro_parse_mapping_buffer((const char *)data, size, "fuzz.m", collect, c);
    if (rc != DG_OK) {
        DG_FUZZ_CHECK(c->n == 0); /* nothing reaches the callback from a bad file */
        DG_FUZZ_CHECK(dg_last_error()->code == rc);
    }
    for (size_t i = 0; i < c->n; i++) {
        evaluate_all(&c->layer[i], &c->map[i]);
        round_trip(&c->layer[i], &c->map[i]);
    }
    free(c);
    return fuzz_failed;
}
