/*
 * de.c: differential evolution (Storn & Price 1997) as nevergrad 0.4.2's `DE`
 * (DifferentialEvolution() with its defaults), and its `TwoPointsDE` variant
 * (two_points = 1), which the portfolio uses. baseline-optimizers.md §4.2.
 *
 * Standardized space R^n (vecopt.h), mapped onto the genome's [0,1] vector
 * through nevergrad's bounded-scalar transform (centre + u/6, bouncing).
 *
 *   - population of 30 ("standard": max(30, workers)), initialised with
 *     scale * N(0, I) (the first 30 asks);
 *   - then targets are taken in the order their results came back (nevergrad's
 *     uid queue: round-robin when sequential). For target x, a and b are drawn
 *     uniformly with replacement from the population and
 *         donor = x + F1 (a - b) + F2 (best - x)     (current-to-best/1)
 *     with best the best point evaluated so far ("optimistic");
 *   - crossover: binomial (one random coordinate always from the donor, each
 *     other one from the donor with probability CR = 0.5), or for TwoPointsDE
 *     with n >= 4, two-point: one segment from the donor and the rest from x,
 *     or the reverse (probability 1/2 each);
 *   - the trial replaces its target when its loss is no worse.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { P_POP, P_F1, P_F2, P_CR, P_TWO_POINTS, P_SCALE, P_WORKERS, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"population", "population size (nevergrad's \"standard\": 30)", 30, 4, 4096, 1, 0},
    {"f1", "differential weight F1 of a - b", 0.8, 0, 2, 0, 0},
    {"f2", "weight F2 of the pull towards the best point (current-to-best)", 0.8, 0, 2, 0, 0},
    {"crossover_rate", "binomial crossover: probability that a coordinate comes from the donor (CR)", 0.5, 0, 1, 0,
     0},
    {"two_points", "1: two-point crossover when the vector has at least 4 coordinates (TwoPointsDE)", 0, 0, 1, 1, 0},
    {"scale", "standard deviation of the Gaussian initial population (standardized space)", 1.0, 1e-6, 1e6, 0, 0},
    {"workers", "trials proposed per ask (nevergrad's num_workers; 1: sequential); at most the population", 1, 1,
     4096, 1, 0},
};

enum { EMPTY, ASKED, READY };

typedef struct de {
    size_t n, np, workers;
    dg_rng *rng;
    double f1, f2, cr, scale;
    int two_points;
    double *pop, *loss; /* np * n, np */
    int *status, *has_value;
    size_t *queue, qhead, qlen; /* FIFO of READY slots, in the order they were told */
    double *best, best_loss;
    int have_best;
    double *trial;   /* workers * n: the points of the last ask */
    size_t *slot;    /* their target slots */
    size_t asked;
} de;

static void de_destroy(void *state)
{
    de *s = state;
    if (!s)
        return;
    free(s->pop);
    free(s->loss);
    free(s->status);
    free(s->has_value);
    free(s->queue);
    free(s->best);
    free(s->trial);
    free(s->slot);
    free(s);
}

static int de_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    de *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting de");
    s->n = n;
    s->rng = rng;
    s->np = (size_t)p[P_POP];
    s->f1 = p[P_F1];
    s->f2 = p[P_F2];
    s->cr = p[P_CR];
    s->two_points = p[P_TWO_POINTS] != 0 && n >= 4;
    s->scale = p[P_SCALE];
    s->workers = (size_t)p[P_WORKERS];
    if (s->workers > s->np)
        s->workers = s->np;
    s->pop = malloc(s->np * n * sizeof *s->pop);
    s->loss = malloc(s->np * sizeof *s->loss);
    s->status = calloc(s->np, sizeof *s->status);
    s->has_value = calloc(s->np, sizeof *s->has_value);
    s->queue = malloc(s->np * sizeof *s->queue);
    s->best = malloc(n * sizeof *s->best);
    s->trial = malloc(s->workers * n * sizeof *s->trial);
    s->slot = malloc(s->workers * sizeof *s->slot);
    if (!s->pop || !s->loss || !s->status || !s->has_value || !s->queue || !s->best || !s->trial || !s->slot) {
        de_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting de");
    }
    *state = s;
    return DG_OK;
}

static void push(de *s, size_t slot)
{
    s->queue[(s->qhead + s->qlen++) % s->np] = slot;
}

static size_t pop_front(de *s)
{
    size_t slot = s->queue[s->qhead];
    s->qhead = (s->qhead + 1) % s->np;
    s->qlen--;
    return slot;
}

/* nevergrad's Crossover.apply(donor, x): some coordinates of the donor are taken back from x. */
static void crossover(de *s, double *donor, const double *x)
{
    size_t n = s->n;
    if (s->two_points) {
        size_t b0 = (size_t)dg_rng_below(s->rng, n + 1), b1 = (size_t)dg_rng_below(s->rng, n);
        if (b1 >= b0) /* two distinct points of {0..n} */
            b1++;
        if (b0 > b1) {
            size_t t = b0;
            b0 = b1;
            b1 = t;
        }
        if (b0 == 0 && b1 == n) /* keep at least one coordinate on each side */
            (dg_rng_below(s->rng, 2) ? &b1 : &b0)[0] = 1 + (size_t)dg_rng_below(s->rng, n - 1);
        if (b0 > b1) {
            size_t t = b0;
            b0 = b1;
            b1 = t;
        }
        if (dg_rng_below(s->rng, 2)) {
            memcpy(donor + b0, x + b0, (b1 - b0) * sizeof *x);
        } else {
            memcpy(donor, x, b0 * sizeof *x);
            memcpy(donor + b1, x + b1, (n - b1) * sizeof *x);
        }
        return;
    }
    size_t keep = (size_t)dg_rng_below(s->rng, n);
    for (size_t j = 0; j < n; j++)
        if (dg_rng_uniform(s->rng) > s->cr && j != keep)
            donor[j] = x[j];
}

static int de_ask(void *state, double *u, size_t cap, size_t *count)
{
    de *s = state;
    size_t k = 0, want = cap < s->workers ? cap : s->workers, n = s->n;
    /* Initialisation: every empty slot gets a Gaussian point. */
    for (size_t i = 0; i < s->np && k < want; i++) {
        if (s->status[i] != EMPTY)
            continue;
        double *x = s->trial + k * n;
        for (size_t j = 0; j < n; j++)
            x[j] = s->scale * dg_rng_normal(s->rng);
        s->status[i] = ASKED;
        s->slot[k++] = i;
    }
    int initialising = 0;
    for (size_t i = 0; i < s->np; i++)
        initialising |= s->status[i] != READY;
    /* Evolution: only once the whole population has been evaluated. */
    while (!initialising && k < want && s->qlen > 0) {
        size_t t = pop_front(s);
        const double *x = s->pop + t * n;
        const double *a = s->pop + (size_t)dg_rng_below(s->rng, s->np) * n;
        const double *b = s->pop + (size_t)dg_rng_below(s->rng, s->np) * n;
        double *d = s->trial + k * n;
        for (size_t j = 0; j < n; j++)
            d[j] = x[j] + s->f1 * (a[j] - b[j]) + s->f2 * (s->best[j] - x[j]);
        crossover(s, d, x);
        s->status[t] = ASKED;
        s->slot[k++] = t;
    }
    memcpy(u, s->trial, k * n * sizeof *u);
    s->asked = k;
    *count = k;
    return DG_OK;
}

static int de_tell(void *state, const double *loss, size_t count)
{
    de *s = state;
    size_t n = s->n;
    for (size_t i = 0; i < s->asked; i++) {
        size_t t = s->slot[i];
        const double *x = s->trial + i * n;
        if (i >= count) { /* dropped: an initial slot becomes empty again, a target goes back in line */
            if (s->has_value[t]) {
                s->status[t] = READY;
                push(s, t);
            } else {
                s->status[t] = EMPTY;
            }
            continue;
        }
        if (!s->has_value[t] || loss[i] <= s->loss[t]) { /* an initial point is always taken */
            memcpy(s->pop + t * n, x, n * sizeof *x);
            s->loss[t] = loss[i];
            s->has_value[t] = 1;
        }
        s->status[t] = READY;
        push(s, t);
        if (!s->have_best || loss[i] < s->best_loss) {
            memcpy(s->best, x, n * sizeof *x);
            s->best_loss = loss[i];
            s->have_best = 1;
        }
    }
    s->asked = 0;
    return DG_OK;
}

const dgi_vecopt_class dgi_vecopt_de = {"de", params, P_COUNT, de_create, de_destroy, de_ask, de_tell};

DGI_VECOPT_BUILTIN(de,
                   "differential evolution (nevergrad DE): population 30, current-to-best/1 with F1=F2=0.8, binomial CR=0.5")
