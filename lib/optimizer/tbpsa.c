/*
 * tbpsa.c: test-based population-size adaptation (Hellwig & Beyer 2016), as
 * nevergrad 0.4.2's `NaiveTBPSA` (what gamma's `--method TBPSA` selects):
 * a self-adaptive (mu/mu, lambda)-ES whose population grows when a
 * statistical test sees no progress. baseline-optimizers.md §4.2.
 *
 * Standardized space R^n (vecopt.h), mapped onto the genome's [0,1] vector
 * through nevergrad's bounded-scalar transform (centre + u/6, bouncing).
 *
 *   - start: centre c = 0, sigma = 1, mu = n, lambda = 4 mu;
 *   - each child draws sigma' = sigma exp(N(0,1)/sqrt(n)), x = c + sigma' N(0, I);
 *   - once lambda children are back: sort by loss, c = mean of the best mu,
 *     sigma = geometric mean of their sigma';
 *   - population control: every result is recorded; once 5 lambda are, the
 *     mean losses of the first and the last lambda are compared,
 *     z = (m_first - m_last) / sqrt(s_first^2 + s_last^2), s = std/sqrt(lambda-1);
 *     z < 2 (no significant progress) doubles mu, otherwise
 *     mu = max(min_mu, floor(0.84 mu)); then lambda = 4 mu, the record restarts.
 *   - "naive": the recommendation is the best point evaluated (the search
 *     framework keeps it anyway), not the centre.
 *
 * Asks never straddle a point where the population size may change, so a
 * batched run gives the same points as nevergrad's sequential one.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { P_MU, P_SIGMA, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"mu", "initial parents mu, lambda = 4 mu (0: the vector length, nevergrad's default)", 0, 0, 1e6, 1, 0},
    {"sigma", "initial step size in the standardized space", 1.0, 1e-6, 1e6, 0, 0},
};

typedef struct child {
    double loss, sigma;
    size_t order; /* arrival, the sort's tie-break (Python's sort is stable) */
} child;

typedef struct tbpsa {
    size_t n, mu, lambda, min_mu;
    dg_rng *rng;
    double sigma, *centre;
    /* the current generation */
    double *x;        /* count * n */
    child *kids;      /* count */
    size_t count, x_cap, kids_cap;
    /* the population-size record */
    double *record;
    size_t record_len, record_cap;
    /* the last ask */
    double *ask_x, *ask_sigma;
    size_t asked, ask_x_cap, ask_sigma_cap;
} tbpsa;

static void tbpsa_destroy(void *state)
{
    tbpsa *s = state;
    if (!s)
        return;
    free(s->centre);
    free(s->x);
    free(s->kids);
    free(s->record);
    free(s->ask_x);
    free(s->ask_sigma);
    free(s);
}

static int tbpsa_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    tbpsa *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting tbpsa");
    s->n = n;
    s->rng = rng;
    s->mu = p[P_MU] > 0 ? (size_t)p[P_MU] : n;
    s->min_mu = s->mu < n ? s->mu : n;
    s->lambda = 4 * s->mu;
    s->sigma = p[P_SIGMA];
    s->centre = calloc(n, sizeof *s->centre);
    if (!s->centre) {
        tbpsa_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting tbpsa");
    }
    *state = s;
    return DG_OK;
}

/* Grow an array to hold at least want elements; NULL (p unchanged) when out of memory. */
static void *grow(void *p, size_t *cap, size_t want, size_t elem)
{
    if (want <= *cap)
        return p;
    size_t c = *cap ? *cap : 16;
    while (c < want)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (q)
        *cap = c;
    return q;
}

#define GROW(field, capfield, want)                                                   \
    do {                                                                              \
        void *q_ = grow(s->field, &s->capfield, (want), sizeof *s->field);            \
        if (!q_)                                                                      \
            return dgi_fail(DG_ENOMEM, "out of memory in tbpsa");                    \
        s->field = q_;                                                                \
    } while (0)

static int tbpsa_ask(void *state, double *u, size_t cap, size_t *count)
{
    tbpsa *s = state;
    size_t n = s->n;
    /* Up to the end of the generation, and not past the next population-size test. */
    size_t k = s->lambda > s->count ? s->lambda - s->count : 1;
    size_t to_test = 5 * s->lambda > s->record_len ? 5 * s->lambda - s->record_len : 1;
    if (k > to_test)
        k = to_test;
    if (k > cap)
        k = cap;
    GROW(ask_x, ask_x_cap, k * n);
    GROW(ask_sigma, ask_sigma_cap, k);
    for (size_t i = 0; i < k; i++) {
        double sig = s->sigma * exp(dg_rng_normal(s->rng) / sqrt((double)n));
        double *x = s->ask_x + i * n;
        for (size_t j = 0; j < n; j++)
            x[j] = s->centre[j] + sig * dg_rng_normal(s->rng);
        s->ask_sigma[i] = sig;
    }
    memcpy(u, s->ask_x, k * n * sizeof *u);
    s->asked = k;
    *count = k;
    return DG_OK;
}

static int by_loss(const void *a, const void *b)
{
    const child *x = a, *y = b;
    if (x->loss < y->loss)
        return -1;
    if (x->loss > y->loss)
        return 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* nevergrad's _PopulationSizeController.add_value. */
static int record(tbpsa *s, double loss)
{
    GROW(record, record_cap, s->record_len + 1);
    s->record[s->record_len++] = loss;
    if (s->record_len < 5 * s->lambda)
        return DG_OK;
    double mean[2] = {0, 0}, var[2] = {0, 0};
    const double *part[2] = {s->record, s->record + s->record_len - s->lambda};
    for (int h = 0; h < 2; h++) {
        for (size_t i = 0; i < s->lambda; i++)
            mean[h] += part[h][i];
        mean[h] /= (double)s->lambda;
        for (size_t i = 0; i < s->lambda; i++)
            var[h] += (part[h][i] - mean[h]) * (part[h][i] - mean[h]);
        var[h] /= (double)s->lambda; /* numpy std: population */
        var[h] /= (double)s->lambda - 1; /* (std / sqrt(lambda - 1))^2 */
    }
    double z = (mean[0] - mean[1]) / sqrt(var[0] + var[1]); /* may be inf or NaN, as in numpy */
    if (z < 2.0) {
        s->mu *= 2;
    } else {
        size_t m = (size_t)((double)s->mu * 0.84);
        s->mu = m > s->min_mu ? m : s->min_mu;
    }
    s->lambda = 4 * s->mu;
    s->record_len = 0;
    return DG_OK;
}

static int tbpsa_tell(void *state, const double *loss, size_t count)
{
    tbpsa *s = state;
    size_t n = s->n;
    for (size_t i = 0; i < count && i < s->asked; i++) {
        int rc = record(s, loss[i]);
        if (rc)
            return rc;
        GROW(x, x_cap, (s->count + 1) * n);
        GROW(kids, kids_cap, s->count + 1);
        memcpy(s->x + s->count * n, s->ask_x + i * n, n * sizeof(double));
        s->kids[s->count] = (child){loss[i], s->ask_sigma[i], s->count};
        s->count++;
        if (s->count < s->lambda)
            continue;
        /* End of a generation: the best mu make the new centre and step. */
        child *k = s->kids;
        qsort(k, s->count, sizeof *k, by_loss);
        size_t mu = s->mu < s->count ? s->mu : s->count;
        double logsum = 0;
        memset(s->centre, 0, n * sizeof *s->centre);
        for (size_t a = 0; a < mu; a++) {
            const double *x = s->x + k[a].order * n;
            for (size_t j = 0; j < n; j++)
                s->centre[j] += x[j];
            logsum += log(k[a].sigma);
        }
        for (size_t j = 0; j < n; j++)
            s->centre[j] /= (double)mu;
        s->sigma = exp(logsum / (double)mu);
        s->count = 0;
    }
    s->asked = 0;
    return DG_OK;
}

const dgi_vecopt_class dgi_vecopt_tbpsa = {"tbpsa", params, P_COUNT, tbpsa_create, tbpsa_destroy, tbpsa_ask,
                                           tbpsa_tell};

DGI_VECOPT_BUILTIN(tbpsa,
                   "test-based population-size adaptation (nevergrad NaiveTBPSA): self-adaptive (mu/mu,lambda)-ES, lambda = 4n")
