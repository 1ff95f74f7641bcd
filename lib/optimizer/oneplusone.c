/*
 * oneplusone.c: the (1+1)-evolution strategy with the one-fifth success rule
 * (Rechenberg 1973; Schumer & Steiglitz 1968), as nevergrad 0.4.2's
 * `OnePlusOne` (ParametrizedOnePlusOne with its defaults: Gaussian mutation,
 * no noise handling, no crossover). baseline-optimizers.md §4.2.
 *
 * Standardized space R^n (vecopt.h), mapped onto the genome's [0,1] vector
 * through nevergrad's bounded-scalar transform (centre + u/6, bouncing).
 *
 *   - the first point is u = 0 (every gene at the middle of its range);
 *   - then every child is best + sigma * N(0, I), the parent being the best
 *     point so far;
 *   - after each result: sigma *= 2 if the child is at least as good as the
 *     best so far (ties count as successes, as nevergrad compares with "<="
 *     after recording the child), else sigma *= 0.84 (~ 2^(-1/4): sigma is
 *     steady when one child in five succeeds). The best is replaced only on
 *     strict improvement.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { P_SIGMA, P_UP, P_DOWN, P_WORKERS, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"sigma", "initial mutation step in the standardized space (1 = a sixth of each gene's range)", 1.0, 1e-6,
     1e6, 0, 0},
    {"success_factor", "step multiplier after a success (child no worse than the best)", 2.0, 1, 100, 0, 0},
    {"failure_factor", "step multiplier after a failure", 0.84, 0.01, 1, 0, 0},
    {"workers", "children proposed per ask, from the same parent (nevergrad's num_workers; 1: sequential)", 1, 1,
     4096, 1, 0},
};

typedef struct opo {
    size_t n;
    dg_rng *rng;
    double sigma, up, down;
    size_t workers;
    double *best, best_loss;
    int have_best, started;
    double *pending; /* workers * n: the children of the last ask */
    size_t asked;
} opo;

static void opo_destroy(void *state)
{
    opo *s = state;
    if (!s)
        return;
    free(s->best);
    free(s->pending);
    free(s);
}

static int opo_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    opo *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting oneplusone");
    s->n = n;
    s->rng = rng;
    s->sigma = p[P_SIGMA];
    s->up = p[P_UP];
    s->down = p[P_DOWN];
    s->workers = (size_t)p[P_WORKERS];
    s->best = calloc(n, sizeof *s->best); /* u = 0: the parametrization's initial point */
    s->pending = malloc(s->workers * n * sizeof *s->pending);
    if (!s->best || !s->pending) {
        opo_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting oneplusone");
    }
    *state = s;
    return DG_OK;
}

static int opo_ask(void *state, double *u, size_t cap, size_t *count)
{
    opo *s = state;
    size_t k = cap < s->workers ? cap : s->workers;
    if (!s->started) /* the first point alone: nothing to mutate yet */
        k = 1;
    for (size_t i = 0; i < k; i++) {
        double *x = s->pending + i * s->n;
        for (size_t j = 0; j < s->n; j++)
            x[j] = s->started ? s->best[j] + s->sigma * dg_rng_normal(s->rng) : 0.0;
        memcpy(u + i * s->n, x, s->n * sizeof *x);
    }
    s->started = 1;
    s->asked = k;
    *count = k;
    return DG_OK;
}

static int opo_tell(void *state, const double *loss, size_t count)
{
    opo *s = state;
    for (size_t i = 0; i < count && i < s->asked; i++) {
        int success = !s->have_best || loss[i] <= s->best_loss;
        if (!s->have_best || loss[i] < s->best_loss) {
            memcpy(s->best, s->pending + i * s->n, s->n * sizeof *s->best);
            s->best_loss = loss[i];
            s->have_best = 1;
        }
        s->sigma *= success ? s->up : s->down;
        /* Plateaus (equal scores) keep doubling the step: bound it away from overflow. */
        if (s->sigma > 1e100)
            s->sigma = 1e100;
        if (s->sigma < 1e-100)
            s->sigma = 1e-100;
    }
    s->asked = 0;
    return DG_OK;
}

const dgi_vecopt_class dgi_vecopt_oneplusone = {"oneplusone", params, P_COUNT, opo_create, opo_destroy,
                                                opo_ask, opo_tell};

DGI_VECOPT_BUILTIN(oneplusone,
                   "(1+1)-ES (nevergrad OnePlusOne): Gaussian child of the best point, step x2 on success, x0.84 on failure")
