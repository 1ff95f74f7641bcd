/*
 * simulated_annealing.c: a complete user-written optimizer for libdigamma.
 *
 * Simulated annealing through the gene accessors: it starts from the
 * smallest design (one PE, unit tiles: within any area budget), every ask
 * proposes one neighbour of the current design (a tile or a cluster size
 * scaled by a random factor, a new parallel dimension, or two loops
 * swapped; dg_genome_repair() brings it back within bounds), and tell
 * accepts it with the Metropolis rule on the fitness score while the
 * temperature cools geometrically. The framework does the rest: sampling
 * budget, evaluation, caching, threads, seeds and the result.
 *
 * Scores of infeasible designs are huge (DG_INFEASIBLE_SCORE × (1 +
 * violation)), so the acceptance test uses the *relative* change of the
 * score: the same temperature works far from and inside the feasible region.
 *
 *   usage: simulated_annealing [MODEL [SAMPLES]]   (default: resnet18 2000)
 */
#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { P_T0, P_COOLING, P_GENES };
static const dg_param_info sa_params[] = {
    {"t0", "initial temperature (relative score change accepted with probability 1/e)", 0.01, 1e-6, 10, 0, 0},
    {"cooling", "temperature factor per sample (geometric schedule)", 0.999, 0.5, 1, 0, 0},
    {"genes", "most genes changed per move", 1, 1, 64, 1, 0},
};

typedef struct sa {
    dg_rng *rng;          /* the run's generator: runs are reproducible */
    dg_genome *current;   /* the accepted design */
    double current_score; /* its score (INFINITY before the first tell) */
    double temperature, cooling;
    int max_genes;
} sa;

static void sa_destroy(void *state)
{
    sa *s = state;
    if (!s)
        return;
    dg_genome_destroy(s->current);
    free(s);
}

static int sa_create(void **state, const dg_optimizer_context *ctx)
{
    sa *s = calloc(1, sizeof *s);
    if (!s)
        return dg_error_set(DG_ENOMEM, "simulated annealing: out of memory");
    s->rng = ctx->rng;
    s->temperature = ctx->params[P_T0];
    s->cooling = ctx->params[P_COOLING];
    s->max_genes = (int)ctx->params[P_GENES];
    s->current_score = INFINITY;
    int rc = dg_genome_create(&s->current, ctx->space); /* the starting point: the smallest design */
    if (rc) {
        sa_destroy(s);
        return rc;
    }
    *state = s;
    return DG_OK;
}

/* v scaled by a log-normal factor, at least 1 (repair applies the upper bounds). */
static int64_t scale(dg_rng *rng, int64_t v, double sigma)
{
    double x = (double)v * exp(sigma * dg_rng_normal(rng));
    return x < 1 ? 1 : x > 1e12 ? (int64_t)1e12 : (int64_t)llround(x);
}

/* Change one gene of g at random. */
static int move(sa *s, dg_genome *g)
{
    const dg_space *space = dg_genome_space(g);
    size_t unit = (size_t)dg_rng_below(s->rng, dg_space_num_units(space));
    int level = (int)dg_rng_below(s->rng, (uint64_t)dg_genome_num_levels(g));
    int dim = DG_DIM_K + (int)dg_rng_below(s->rng, 4); /* K, C, Y or X */
    double p = dg_rng_uniform(s->rng);
    if (p < 0.45)
        return dg_genome_set_tile(g, unit, level, dim, scale(s->rng, dg_genome_tile(g, unit, level, dim), 1.0));
    if (p < 0.6)
        return dg_genome_set_parallel_dim(g, unit, level, dim);
    if (p < 0.75) {
        int order[6], a = (int)dg_rng_below(s->rng, 6), b = (int)dg_rng_below(s->rng, 6);
        int rc = dg_genome_order(g, unit, level, order);
        if (rc)
            return rc;
        int t = order[a];
        order[a] = order[b];
        order[b] = t;
        return dg_genome_set_order(g, unit, level, order);
    }
    size_t hw = (size_t)dg_rng_below(s->rng, dg_space_num_hw_units(space));
    return dg_genome_set_cluster(g, hw, level, scale(s->rng, dg_genome_cluster(g, hw, level), 0.7));
}

/* One candidate per call: the starting point first, then neighbours of the current design. */
static int sa_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    sa *s = state;
    (void)capacity; /* always >= 1 */
    int rc = dg_genome_copy(batch[0], s->current);
    if (s->current_score != INFINITY) {
        int genes = 1 + (int)dg_rng_below(s->rng, (uint64_t)s->max_genes);
        for (int i = 0; rc == DG_OK && i < genes; i++)
            if ((rc = move(s, batch[0])) == DG_OK)
                rc = dg_genome_repair(batch[0]);
    }
    *count = 1;
    return rc;
}

static int sa_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    sa *s = state;
    if (count == 0)
        return DG_OK;
    double score = fitness[0].score;
    int accept = score <= s->current_score;
    if (!accept) { /* Metropolis on the relative worsening */
        double worse = (score - s->current_score) / s->current_score;
        accept = dg_rng_uniform(s->rng) < exp(-worse / s->temperature);
    }
    if (accept) {
        int rc = dg_genome_copy(s->current, batch[0]);
        if (rc)
            return rc;
        s->current_score = score;
    }
    s->temperature *= s->cooling;
    return DG_OK;
}

/* Designated initializers: entries added to the vtable later stay NULL. */
static const dg_optimizer_ops sa_ops = {
    .struct_size = sizeof(dg_optimizer_ops),
    .abi_version = DG_PLUGIN_ABI_VERSION,
    .name = "annealing",
    .description = "simulated annealing over the gene accessors (an example plug-in)",
    .params = sa_params,
    .num_params = sizeof sa_params / sizeof sa_params[0],
    .create = sa_create,
    .destroy = sa_destroy,
    .ask = sa_ask,
    .tell = sa_tell,
};

static int fail(const char *what, int rc)
{
    fprintf(stderr, "simulated_annealing: %s: %s (%s)\n", what, dg_last_error()->message, dg_strerror(rc));
    return 1;
}

int main(int argc, char **argv)
{
    const char *model = argc > 1 ? argv[1] : "resnet18";
    long samples = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    dg_search *s = NULL;
    int rc, status = 1;

    if ((rc = dg_workload_load(&w, model)))
        status = fail(model, rc);
    else if ((rc = dg_budget_create_preset(&b, "edge")))
        status = fail("budget", rc);
    else if ((rc = dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL)))
        status = fail("cost model", rc);
    else if ((rc = dg_optimizer_create(&opt, &sa_ops, NULL, NULL)))
        status = fail("optimizer", rc);
    else if ((rc = dg_search_create(&s, w, b, cm, opt, NULL)))
        status = fail("search", rc);
    else if ((rc = dg_search_set_samples(s, samples)))
        status = fail("samples", rc);
    else if ((rc = dg_search_run(s)))
        status = fail("run", rc);
    else {
        dg_design d = {.struct_size = sizeof d};
        if ((rc = dg_search_result(s, &d))) {
            status = fail("result", rc);
        } else {
            printf("%s on edge, %ld samples of simulated annealing:\n", dg_workload_name(w), samples);
            printf("  latency %.0f cycles, area %.4f mm2, %lld PEs (%lld x %lld)%s\n", d.latency_cycles,
                   d.area_um2 * 1e-6, (long long)d.num_pes, (long long)d.clusters, (long long)d.pes_per_cluster,
                   d.feasible ? "" : ", over budget");
            status = 0;
        }
    }
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
    return status;
}
