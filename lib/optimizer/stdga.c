/*
 * stdga.c: the paper's "standard GA" baseline (baseline-optimizers.md §4.2):
 * a generational GA with conventional, domain-blind operators on the
 * genome's [0,1] vector (Holland 1975; Goldberg 1989). This is the GA the
 * paper's §IV-B describes ("two standard genetic operators: crossover ... and
 * mutation") and its Fig. 5 contrasts with DiGamma's domain-aware operators.
 *
 *   - generation 0: `population` uniformly random vectors;
 *   - each next generation: the `elite` best are kept with their known
 *     fitness (they cost no samples); the rest are children of parents
 *     chosen by tournament (`tournament` entrants drawn with replacement,
 *     the best wins), recombined with probability `p_crossover` by two-point
 *     (default), one-point or uniform crossover, then every gene is redrawn
 *     uniformly with probability mutation_genes / n (one gene per child on
 *     average, the textbook 1/n).
 *
 * The GA works in the box [0,1]^n of the genome's vector view; the wrapper's
 * standardized space is reached with u = 6 (v - 1/2), which the bounded-scalar
 * transform maps back to exactly v.
 *
 * variant = 1 selects instead nevergrad 0.4.2's compact GA `cGA` (Harik, Lobo
 * & Goldberg 1999), which is what gamma's `--method pureGA` runs: per
 * coordinate a probability vector over `cga_arity` = 500 bins of the normal
 * distribution; a candidate draws a bin per coordinate and a point inside it
 * (one random offset shared by all coordinates) mapped by the inverse normal
 * CDF; results are compared in pairs and each differing coordinate moves
 * 1/lambda of probability (lambda = 40) from the loser's bin to the winner's,
 * with every probability floored at 1/lambda and renormalised. Note that
 * with these defaults the floor (1/40) is far above the uniform level
 * (1/500), so each update flattens the vectors again: nevergrad's cGA then
 * samples almost exactly like its random search (u ~ N(0, I)), which is why
 * the plain GA is the default here.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_VARIANT, P_POP, P_ELITE, P_TOURNAMENT, P_PCROSS, P_CROSSOVER, P_MUTGENES, P_ARITY, P_CGA_LAMBDA, P_COUNT
};
static const dg_param_info params[P_COUNT] = {
    {"variant", "0: standard generational GA; 1: compact GA (nevergrad cGA, what gamma's pureGA runs)", 0, 0, 1, 1,
     0},
    {"population", "individuals per generation", 100, 2, 4096, 1, 0},
    {"elite", "best individuals carried over unchanged", 1, 0, 4095, 1, 0},
    {"tournament", "entrants per tournament selection", 2, 1, 64, 1, 0},
    {"p_crossover", "probability that a pair of parents is recombined", 0.9, 0, 1, 0, 0},
    {"crossover", "0: uniform, 1: one-point, 2: two-point", 2, 0, 2, 1, 0},
    {"mutation_genes", "expected genes redrawn per child (per-gene rate = this / vector length)", 1, 0, 1e6, 0, 0},
    {"cga_arity", "cGA: bins per coordinate", 500, 2, 100000, 1, 0},
    {"cga_lambda", "cGA: population size lambda (learning rate and probability floor 1/lambda)", 40, 1, 1e6, 1, 0},
};

/* ---- the standard GA ----------------------------------------------------------------------- */

typedef struct ga {
    size_t n, pop, elite, tourn;
    int kind;
    dg_rng *rng;
    double pc, pm;
    double *x, *fit;       /* current population (pop * n), sorted best first once evaluated */
    double *kid, *kid_fit; /* the generation being evaluated (pop * n) */
    size_t nkids, handed, told, ask_start, asked;
    int evaluated;         /* the current population has fitness */
    size_t *idx;
    double *tmp;
} ga;

static void ga_free(ga *s)
{
    if (!s)
        return;
    free(s->x), free(s->fit), free(s->kid), free(s->kid_fit), free(s->idx), free(s->tmp);
    free(s);
}

static size_t tournament(ga *s)
{
    size_t best = (size_t)dg_rng_below(s->rng, s->pop);
    for (size_t i = 1; i < s->tourn; i++) {
        size_t c = (size_t)dg_rng_below(s->rng, s->pop);
        if (s->fit[c] < s->fit[best])
            best = c;
    }
    return best;
}

static void mutate(ga *s, double *x)
{
    for (size_t j = 0; j < s->n; j++)
        if (dg_rng_uniform(s->rng) < s->pm)
            x[j] = dg_rng_uniform(s->rng);
}

/* Children for slots [s->elite, s->pop) of the next generation. */
static void breed(ga *s)
{
    size_t n = s->n, k = 0, want = s->pop - s->elite;
    while (k < want) {
        double *a = s->kid + k * n, *b = k + 1 < want ? s->kid + (k + 1) * n : s->tmp;
        memcpy(a, s->x + tournament(s) * n, n * sizeof *a);
        memcpy(b, s->x + tournament(s) * n, n * sizeof *b);
        if (dg_rng_uniform(s->rng) < s->pc) {
            size_t lo = 0, hi = n;
            if (s->kind == 1) {
                lo = 1 + (size_t)dg_rng_below(s->rng, n > 1 ? n - 1 : 1);
            } else if (s->kind == 2) {
                lo = (size_t)dg_rng_below(s->rng, n + 1);
                hi = (size_t)dg_rng_below(s->rng, n + 1);
                if (lo > hi) {
                    size_t t = lo;
                    lo = hi;
                    hi = t;
                }
            }
            for (size_t j = lo; j < hi; j++) {
                if (s->kind == 0 && dg_rng_below(s->rng, 2) == 0)
                    continue;
                double t = a[j];
                a[j] = b[j];
                b[j] = t;
            }
        }
        mutate(s, a);
        mutate(s, b);
        k += 2;
    }
    s->nkids = want;
}

static void sort_population(ga *s, const double *x, const double *fit, size_t count, double *out_x,
                            double *out_fit)
{
    for (size_t i = 0; i < count; i++) { /* stable insertion sort of indices */
        size_t v = i, j = i;
        while (j > 0 && fit[s->idx[j - 1]] > fit[v]) {
            s->idx[j] = s->idx[j - 1];
            j--;
        }
        s->idx[j] = v;
    }
    for (size_t i = 0; i < count; i++) {
        memcpy(out_x + i * s->n, x + s->idx[i] * s->n, s->n * sizeof *x);
        out_fit[i] = fit[s->idx[i]];
    }
}

static int ga_ask(ga *s, double *u, size_t cap, size_t *count)
{
    size_t n = s->n;
    if (s->handed == 0 && s->told == 0) {
        if (!s->evaluated) { /* generation 0 */
            for (size_t i = 0; i < s->pop * n; i++)
                s->kid[i] = dg_rng_uniform(s->rng);
            s->nkids = s->pop;
        } else {
            breed(s);
        }
    }
    size_t k = s->nkids - s->handed;
    if (k > cap)
        k = cap;
    for (size_t i = 0; i < k * n; i++)
        u[i] = dgi_vecopt_from_unit(s->kid[s->handed * n + i]);
    s->ask_start = s->handed;
    s->asked = k;
    s->handed += k;
    *count = k;
    return DG_OK;
}

static int ga_tell(ga *s, const double *loss, size_t count)
{
    size_t n = s->n;
    if (count > s->asked)
        count = s->asked;
    for (size_t i = 0; i < count; i++)
        s->kid_fit[s->ask_start + i] = loss[i];
    s->handed = s->told = s->ask_start + count;
    s->asked = 0;
    if (s->told < s->nkids)
        return DG_OK;
    /* New population: the elites (the first of the sorted population) and the children. */
    if (s->evaluated) { /* the children go after the elites; the merged set is sorted */
        memmove(s->kid + s->elite * n, s->kid, s->nkids * n * sizeof *s->kid);
        memmove(s->kid_fit + s->elite, s->kid_fit, s->nkids * sizeof *s->kid_fit);
        memcpy(s->kid, s->x, s->elite * n * sizeof *s->kid);
        memcpy(s->kid_fit, s->fit, s->elite * sizeof *s->kid_fit);
    }
    sort_population(s, s->kid, s->kid_fit, s->pop, s->x, s->fit);
    s->evaluated = 1;
    s->handed = s->told = 0;
    return DG_OK;
}

/* ---- the compact GA (nevergrad cGA) -------------------------------------------------------- */

typedef struct cga {
    size_t n, arity;
    dg_rng *rng;
    double step;     /* 1 / lambda */
    double *p, *cdf; /* n * arity */
    size_t *bins;    /* the candidate of the last ask: its bin per coordinate */
    size_t *prev;    /* the first of a pair */
    double prev_loss;
    int have_prev;
    double *row;
} cga;

static void cga_free(cga *s)
{
    if (!s)
        return;
    free(s->p), free(s->cdf), free(s->bins), free(s->prev), free(s->row);
    free(s);
}

static void cga_cdf_row(cga *s, size_t i)
{
    const double *p = s->p + i * s->arity;
    double *c = s->cdf + i * s->arity, acc = 0;
    for (size_t j = 0; j < s->arity; j++)
        c[j] = acc += p[j];
}

static int cga_ask(cga *s, double *u, size_t cap, size_t *count)
{
    (void)cap; /* one candidate per ask: results pair up in order */
    size_t A = s->arity;
    for (size_t i = 0; i < s->n; i++) {
        /* nevergrad: bin = number of cumulative probabilities below a uniform draw */
        double r = dg_rng_uniform(s->rng);
        const double *c = s->cdf + i * A;
        size_t lo = 0, hi = A; /* first j with c[j] >= r */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c[mid] < r)
                lo = mid + 1;
            else
                hi = mid;
        }
        s->bins[i] = lo < A ? lo : A - 1;
    }
    double offset = dg_rng_uniform(s->rng); /* one point inside the bins, shared */
    for (size_t i = 0; i < s->n; i++)
        u[i] = dgi_norm_ppf(((double)s->bins[i] + offset) / (double)A);
    *count = 1;
    return DG_OK;
}

static int cga_tell(cga *s, const double *loss, size_t count)
{
    if (count == 0)
        return DG_OK;
    if (!s->have_prev) {
        memcpy(s->prev, s->bins, s->n * sizeof *s->bins);
        s->prev_loss = loss[0];
        s->have_prev = 1;
        return DG_OK;
    }
    const size_t *win = s->prev, *lose = s->bins;
    if (s->prev_loss > loss[0]) {
        win = s->bins;
        lose = s->prev;
    }
    size_t A = s->arity;
    for (size_t i = 0; i < s->n; i++) {
        if (win[i] == lose[i])
            continue;
        double *p = s->p + i * A, sum = 0;
        p[win[i]] += s->step;
        p[lose[i]] -= s->step;
        for (size_t j = 0; j < A; j++) {
            if (p[j] < s->step)
                p[j] = s->step;
            sum += p[j];
        }
        for (size_t j = 0; j < A; j++)
            p[j] /= sum;
        cga_cdf_row(s, i);
    }
    s->have_prev = 0;
    return DG_OK;
}

/* ---- the class: one of the two ----------------------------------------------------------------- */

typedef struct stdga {
    ga *ga;
    cga *cga;
} stdga;

static void stdga_destroy(void *state)
{
    stdga *s = state;
    if (!s)
        return;
    ga_free(s->ga);
    cga_free(s->cga);
    free(s);
}

static int stdga_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    stdga *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting stdga");
    if (p[P_VARIANT] == 1) {
        cga *c = s->cga = calloc(1, sizeof *c);
        if (c) {
            c->n = n;
            c->rng = rng;
            c->arity = (size_t)p[P_ARITY];
            c->step = 1.0 / p[P_CGA_LAMBDA];
            c->p = malloc(n * c->arity * sizeof *c->p);
            c->cdf = malloc(n * c->arity * sizeof *c->cdf);
            c->bins = malloc(n * sizeof *c->bins);
            c->prev = malloc(n * sizeof *c->prev);
        }
        if (!c || !c->p || !c->cdf || !c->bins || !c->prev) {
            stdga_destroy(s);
            return dgi_fail(DG_ENOMEM, "out of memory starting stdga (cGA)");
        }
        for (size_t i = 0; i < n * c->arity; i++)
            c->p[i] = 1.0 / (double)c->arity;
        for (size_t i = 0; i < n; i++)
            cga_cdf_row(c, i);
    } else {
        ga *g = s->ga = calloc(1, sizeof *g);
        if (g) {
            g->n = n;
            g->rng = rng;
            g->pop = (size_t)p[P_POP];
            g->elite = (size_t)p[P_ELITE] < g->pop ? (size_t)p[P_ELITE] : g->pop - 1;
            g->tourn = (size_t)p[P_TOURNAMENT];
            g->pc = p[P_PCROSS];
            g->kind = (int)p[P_CROSSOVER];
            g->pm = p[P_MUTGENES] / (double)n;
            g->x = malloc(g->pop * n * sizeof *g->x);
            g->fit = malloc(g->pop * sizeof *g->fit);
            g->kid = malloc(g->pop * n * sizeof *g->kid);
            g->kid_fit = malloc(g->pop * sizeof *g->kid_fit);
            g->idx = malloc(g->pop * sizeof *g->idx);
            g->tmp = malloc(n * sizeof *g->tmp);
        }
        if (!g || !g->x || !g->fit || !g->kid || !g->kid_fit || !g->idx || !g->tmp) {
            stdga_destroy(s);
            return dgi_fail(DG_ENOMEM, "out of memory starting stdga");
        }
    }
    *state = s;
    return DG_OK;
}

static int stdga_ask(void *state, double *u, size_t cap, size_t *count)
{
    stdga *s = state;
    return s->ga ? ga_ask(s->ga, u, cap, count) : cga_ask(s->cga, u, cap, count);
}

static int stdga_tell(void *state, const double *loss, size_t count)
{
    stdga *s = state;
    return s->ga ? ga_tell(s->ga, loss, count) : cga_tell(s->cga, loss, count);
}

const dgi_vecopt_class dgi_vecopt_stdga = {"stdga", params, P_COUNT, stdga_create, stdga_destroy, stdga_ask,
                                           stdga_tell};

DGI_VECOPT_BUILTIN(stdga,
                   "standard GA on the gene vector: tournament selection, two-point crossover, uniform redraws (variant 1: cGA)")
