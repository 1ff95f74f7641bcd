/*
 * fuzz_genome_json.c: genome JSON through dg_genome_from_json(), into two
 * fixed spaces of the built-in "ncf" model on the edge budget: the default
 * space (shared HW, 2 levels) and a per-layer space with 2 or 3 levels.
 *
 * Properties: a loaded genome is valid as it is (repair changes nothing),
 * writes back to JSON that loads to an equal genome, decodes for every layer,
 * survives the [0,1] vector view, and evaluates without error.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <math.h>
#include <string.h>

static int fuzz_failed;

#define NSPACES 2

static struct fixture {
    dg_workload *w;
    dg_budget *b;
    dg_cost_model *cm;
    dg_optimizer *opt;
    dg_search *s[NSPACES];
} fx;

static void init(void)
{
    if (fx.w)
        return;
    if (dg_workload_builtin(&fx.w, "ncf") != DG_OK || dg_budget_create_preset(&fx.b, "edge") != DG_OK ||
        dg_cost_model_create(&fx.cm, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK ||
        dg_optimizer_create_builtin(&fx.opt, "random") != DG_OK)
        abort();
    dg_space_options o[NSPACES];
    dg_space_options_init(&o[0]);
    dg_space_options_init(&o[1]);
    o[1].scope = DG_SCOPE_PER_LAYER;
    o[1].min_levels = 2;
    o[1].max_levels = 3;
    for (int i = 0; i < NSPACES; i++)
        if (dg_search_create(&fx.s[i], fx.w, fx.b, fx.cm, fx.opt, &o[i]) != DG_OK)
            abort();
}

static char *to_json(const dg_genome *g, size_t *len)
{
    size_t need = 0;
    dg_genome_to_json(g, NULL, 0, &need);
    if (need == 0)
        return NULL;
    char *text = malloc(need + 1);
    if (text && dg_genome_to_json(g, text, need + 1, len) != DG_OK) {
        free(text);
        return NULL;
    }
    return text;
}

static void check_genome(dg_search *s, const dg_space *space, dg_genome *g)
{
    /* Valid as loaded. */
    dg_genome *r = NULL;
    DG_FUZZ_CHECK(dg_genome_clone(&r, g) == DG_OK);
    if (r) {
        DG_FUZZ_CHECK(dg_genome_repair(r) == DG_OK && dg_genome_equal(r, g));
        dg_genome_destroy(r);
    }
    /* JSON round trip. */
    size_t len = 0;
    char *text = to_json(g, &len);
    DG_FUZZ_CHECK(text != NULL);
    if (text) {
        dg_genome *back = NULL;
        int rc = dg_genome_from_json(&back, space, text, len);
        if (rc != DG_OK)
            fprintf(stderr, "reload failed: %s\n%s", dg_last_error()->message, text);
        DG_FUZZ_CHECK(rc == DG_OK && dg_genome_equal(back, g));
        dg_genome_destroy(back);
        free(text);
    }
    /* Decode every layer. */
    size_t layers = dg_workload_num_unique(dg_space_workload(space));
    for (size_t i = 0; i < layers; i++) {
        dg_hw hw = {.struct_size = sizeof hw};
        dg_mapping m = {.struct_size = sizeof m};
        DG_FUZZ_CHECK(dg_genome_decode(g, i, &hw, &m) == DG_OK);
        DG_FUZZ_CHECK(hw.num_pes >= 1 && hw.num_pes <= dg_space_max_pes(space));
        DG_FUZZ_CHECK(m.num_levels >= 2 && m.num_levels <= DG_MAX_LEVELS);
    }
    /* The vector view: in [0,1], and back gives a valid genome. */
    size_t n = dg_space_vector_size(space);
    double *v = malloc(n * sizeof *v);
    if (v) {
        DG_FUZZ_CHECK(dg_genome_to_vector(g, v, n) == DG_OK);
        for (size_t i = 0; i < n; i++)
            DG_FUZZ_CHECK(v[i] >= 0 && v[i] <= 1);
        dg_genome *h = NULL;
        if (dg_genome_clone(&h, g) == DG_OK) {
            DG_FUZZ_CHECK(dg_genome_from_vector(h, v, n) == DG_OK);
            dg_genome_destroy(h);
        }
        free(v);
    }
    /* Evaluate on the whole workload. */
    dg_design d = {.struct_size = sizeof d};
    int rc = dg_search_evaluate(s, g, &d);
    if (rc != DG_OK)
        fprintf(stderr, "evaluate failed: %s\n", dg_last_error()->message);
    DG_FUZZ_CHECK(rc == DG_OK);
    if (rc == DG_OK)
        DG_FUZZ_CHECK(isfinite(d.latency_cycles) && d.latency_cycles > 0 && isfinite(d.energy) &&
                      isfinite(d.area_um2) && d.num_pes >= 1);
}

DG_FUZZ_TARGET(genome_json)
{
    fuzz_failed = 0;
    init();
    for (int i = 0; i < NSPACES; i++) {
        const dg_space *space = dg_search_space(fx.s[i]);
        dg_genome *g = NULL;
        int rc = dg_genome_from_json(&g, space, (const char *)data, size);
        DG_FUZZ_CHECK((rc == DG_OK) == (g != NULL));
        if (rc != DG_OK) {
            DG_FUZZ_CHECK(dg_last_error()->code == rc);
            continue;
        }
        check_genome(fx.s[i], space, g);
        dg_genome_destroy(g);
    }
    return fuzz_failed;
}
