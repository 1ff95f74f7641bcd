/*
 * random.c: random search, the paper's simplest baseline: every sample is a
 * fresh uniformly random genome (the same distribution as the GA's initial
 * population).
 */
#include "optimizer_internal.h"

#include <stdlib.h>

enum { P_BATCH };
static const dg_param_info params[] = {
    {"batch", "genomes proposed per batch (evaluated in parallel)", 64, 1, 4096, 1, 0},
};

typedef struct random_state {
    dg_rng *rng;
    size_t batch;
} random_state;

static int random_create(void **state, const dg_optimizer_context *ctx)
{
    random_state *s = malloc(sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting random search");
    s->rng = ctx->rng;
    s->batch = (size_t)ctx->params[P_BATCH];
    *state = s;
    return DG_OK;
}

static void random_destroy(void *state)
{
    free(state);
}

static int random_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    random_state *s = state;
    size_t n = s->batch < capacity ? s->batch : capacity;
    for (size_t i = 0; i < n; i++) {
        int rc = dg_genome_randomize(batch[i], s->rng);
        if (rc)
            return rc;
    }
    *count = n;
    return DG_OK;
}

static int random_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    (void)state, (void)batch, (void)fitness, (void)count; /* nothing to learn */
    return DG_OK;
}

/* Random search keeps no state beyond the framework's generator. */
static int random_save(void *state, dg_state_writer write, void *sink)
{
    (void)state, (void)write, (void)sink;
    return DG_OK;
}

static int random_load(void *state, const void *data, size_t size)
{
    (void)state, (void)data;
    return size == 0 ? DG_OK : dgi_fail(DG_EPARSE, "random search has no saved state, got %zu bytes", size);
}

static const dg_optimizer_ops random_ops = {
    sizeof(dg_optimizer_ops), DG_PLUGIN_ABI_VERSION, 0, "random",
    "random search: uniformly random design points", params, sizeof params / sizeof params[0],
    random_create, random_destroy, random_ask, random_tell, random_save, random_load,
};

const dg_optimizer_ops *dgi_optimizer_random(void)
{
    return &random_ops;
}
