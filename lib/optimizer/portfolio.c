/*
 * portfolio.c: nevergrad 0.4.2's passive `Portfolio` (baseline-optimizers.md
 * §4.2): CMA, TwoPointsDE and a scrambled Hammersley sampling share one
 * budget B with no information exchange:
 *
 *   - budgets: CMA floor(B/3) + [B mod 3 > 0], TwoPointsDE floor(B/3) +
 *     [B mod 3 > 1], ScrHammersleySearch floor(B/3); with B < 12 (nevergrad:
 *     12 x num_workers) only the Hammersley sampling, over the whole budget;
 *   - the t-th ask goes to optimizer t mod 3, which alone is told the result
 *     (one candidate per ask, nevergrad's sequential run).
 *
 * The members are the cma and de cores of this library (cma.c, de.c with
 * two_points = 1), at their nevergrad defaults.
 *
 * ScrHammersleySearch (defined here, used by the portfolio only): point i of
 * N has first coordinate (i + 1/2)/N and coordinate j >= 1 the van der
 * Corput radical inverse of i + 1 in the j-th prime, each prime's digits
 * 1..p-1 scrambled by a random permutation (0 stays 0), as nevergrad's
 * HammersleySampler(scrambling=True). Every gene of the vector view is a
 * bounded scalar, so the point in [0,1]^n is the genome vector itself
 * (standardized u = 6 (h - 1/2)).
 */
#include "vecopt.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- scrambled Hammersley ----------------------------------------------------------------- */

typedef struct hamm {
    size_t n, budget, index, asked;
    uint32_t *primes;  /* n - 1 */
    uint32_t **perm;   /* n - 1 digit permutations */
    uint32_t *storage; /* all permutations */
} hamm;

static void hamm_destroy(void *state)
{
    hamm *s = state;
    if (!s)
        return;
    free(s->primes);
    free(s->perm);
    free(s->storage);
    free(s);
}

static int first_primes(uint32_t *out, size_t count)
{
    if (count == 0)
        return DG_OK;
    double k = (double)count;
    size_t limit = count < 6 ? 12 : (size_t)(k * (log(k) + log(log(k)))) + 2;
    unsigned char *composite = calloc(limit + 1, 1);
    if (!composite)
        return dgi_fail(DG_ENOMEM, "out of memory in the Hammersley sampler");
    size_t found = 0;
    for (size_t i = 2; i <= limit && found < count; i++) {
        if (composite[i])
            continue;
        out[found++] = (uint32_t)i;
        for (size_t j = i * i; j <= limit; j += i)
            composite[j] = 1;
    }
    free(composite);
    return found == count ? DG_OK : dgi_fail(DG_EINVAL, "prime bound too small for %zu primes", count);
}

static int hamm_create(void **state, size_t n, const double *params, dg_rng *rng, int64_t budget)
{
    (void)params;
    hamm *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory in the Hammersley sampler");
    s->n = n;
    s->budget = budget > 0 ? (size_t)budget : 1;
    size_t d = n - 1;
    s->primes = malloc((d ? d : 1) * sizeof *s->primes);
    s->perm = malloc((d ? d : 1) * sizeof *s->perm);
    int rc = s->primes && s->perm ? first_primes(s->primes, d) : dgi_fail(DG_ENOMEM, "out of memory");
    size_t total = 0;
    for (size_t j = 0; rc == DG_OK && j < d; j++)
        total += s->primes[j];
    if (rc == DG_OK && !(s->storage = malloc((total ? total : 1) * sizeof *s->storage)))
        rc = dgi_fail(DG_ENOMEM, "out of memory in the Hammersley sampler");
    if (rc) {
        hamm_destroy(s);
        return rc;
    }
    uint32_t *q = s->storage;
    for (size_t j = 0; j < d; j++) {
        uint32_t p = s->primes[j];
        s->perm[j] = q;
        for (uint32_t i = 0; i < p; i++)
            q[i] = i;
        for (uint32_t i = p - 1; i > 1; i--) { /* Fisher-Yates over 1..p-1 */
            uint32_t r = 1 + (uint32_t)dg_rng_below(rng, i);
            uint32_t t = q[i];
            q[i] = q[r];
            q[r] = t;
        }
        q += p;
    }
    *state = s;
    return DG_OK;
}

static int hamm_ask(void *state, double *u, size_t cap, size_t *count)
{
    hamm *s = state;
    size_t k = cap;
    for (size_t c = 0; c < k; c++) {
        size_t i = (s->index + c) % s->budget;
        double *x = u + c * s->n;
        x[0] = dgi_vecopt_from_unit(((double)i + 0.5) / (double)s->budget);
        for (size_t j = 0; j + 1 < s->n; j++) {
            uint64_t m = (uint64_t)i + 1, base = s->primes[j];
            double v = 0, denom = 1;
            while (m) {
                denom *= (double)base;
                v += (double)s->perm[j][m % base] / denom;
                m /= base;
            }
            x[j + 1] = dgi_vecopt_from_unit(v);
        }
    }
    s->index += k;
    s->asked = k;
    *count = k;
    return DG_OK;
}

static int hamm_tell(void *state, const double *loss, size_t count)
{
    (void)loss;
    hamm *s = state;
    if (count < s->asked) /* dropped points come again */
        s->index -= s->asked - count;
    s->asked = 0;
    return DG_OK;
}

const dgi_vecopt_class dgi_vecopt_hammersley = {"hammersley", NULL, 0, hamm_create, hamm_destroy, hamm_ask,
                                                hamm_tell};

/* ---- the portfolio --------------------------------------------------------------------------- */

enum { P_SMALL, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"small_budget", "below this sampling budget only the Hammersley sampling runs (nevergrad: 12 x num_workers)",
     12, 0, 1e9, 1, 0},
};

#define MAX_MEMBERS 3

typedef struct portfolio {
    size_t count, next, who;
    const dgi_vecopt_class *cls[MAX_MEMBERS];
    void *member[MAX_MEMBERS];
    int asked;
} portfolio;

static void portfolio_destroy(void *state)
{
    portfolio *s = state;
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        if (s->member[i])
            s->cls[i]->destroy(s->member[i]);
    free(s);
}

static int add_member(portfolio *s, const dgi_vecopt_class *cls, size_t n, dg_rng *rng, int64_t budget,
                      const char *key, double value)
{
    double p[16];
    if (cls->num_params > sizeof p / sizeof p[0])
        return dgi_fail(DG_EINVAL, "portfolio: %s has too many parameters", cls->name);
    dgi_vecopt_defaults(cls, p);
    for (size_t i = 0; key && i < cls->num_params; i++)
        if (strcmp(cls->params[i].name, key) == 0)
            p[i] = value;
    s->cls[s->count] = cls;
    int rc = cls->create(&s->member[s->count], n, p, rng, budget);
    if (rc)
        s->member[s->count] = NULL;
    s->count++;
    return rc;
}

static int portfolio_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    portfolio *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting portfolio");
    int64_t b = budget > 0 ? budget : 1;
    int rc;
    if ((double)b < p[P_SMALL]) {
        rc = add_member(s, &dgi_vecopt_hammersley, n, rng, b, NULL, 0);
    } else {
        rc = add_member(s, &dgi_vecopt_cma, n, rng, b / 3 + (b % 3 > 0), NULL, 0);
        if (rc == DG_OK)
            rc = add_member(s, &dgi_vecopt_de, n, rng, b / 3 + (b % 3 > 1), "two_points", 1);
        if (rc == DG_OK)
            rc = add_member(s, &dgi_vecopt_hammersley, n, rng, b / 3, NULL, 0);
    }
    if (rc) {
        portfolio_destroy(s);
        return rc;
    }
    *state = s;
    return DG_OK;
}

static int portfolio_ask(void *state, double *u, size_t cap, size_t *count)
{
    portfolio *s = state;
    (void)cap;
    s->who = s->next;
    size_t got = 0;
    int rc = s->cls[s->who]->ask(s->member[s->who], u, 1, &got);
    if (rc)
        return rc;
    s->asked = got > 0;
    if (got)
        s->next = (s->next + 1) % s->count;
    *count = got;
    return DG_OK;
}

static int portfolio_tell(void *state, const double *loss, size_t count)
{
    portfolio *s = state;
    if (!s->asked)
        return DG_OK;
    s->asked = 0;
    if (count == 0) /* dropped: the same member is asked again */
        s->next = s->who;
    return s->cls[s->who]->tell(s->member[s->who], loss, count ? 1 : 0);
}

const dgi_vecopt_class dgi_vecopt_portfolio = {"portfolio", params, P_COUNT, portfolio_create, portfolio_destroy,
                                               portfolio_ask, portfolio_tell};

DGI_VECOPT_BUILTIN(portfolio,
                   "passive portfolio (nevergrad Portfolio): CMA, TwoPointsDE and scrambled Hammersley, a third of the budget each")
