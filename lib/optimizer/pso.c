/*
 * pso.c: particle swarm optimisation (Kennedy & Eberhart 1995) with the
 * SPSO-2011 constants, as nevergrad 0.4.2's `PSO`. baseline-optimizers.md §4.2.
 *
 * nevergrad's PSO works in the box (0,1)^n: a standardized value u maps to
 * x = 1/2 + arctan(u)/pi and back with u = tan(pi (x - 1/2)); the wrapper
 * (vecopt.h) then maps u onto the genome's [0,1] vector with nevergrad's
 * bounded-scalar transform (centre + u/6, bouncing).
 *
 *   - swarm of 40; the first 40 asks are the particles' starting points,
 *     drawn like nevergrad's parametrization.sample(): every bounded gene
 *     uniform over its range (u = 6 (v - 1/2), v ~ U(0,1)), with an initial
 *     velocity U(-1, 1)^n in the box;
 *   - then particles move one at a time in the order their results came back
 *     (asynchronous; round-robin when sequential):
 *         v <- w v + phi_p r_p (p - x) + phi_g r_g (g - x),  r ~ U(0,1)^n
 *         x <- clip(x + v, eps, 1 - eps)
 *     with w = 0.5/ln 2, phi_p = phi_g = 0.5 + ln 2, p the particle's best
 *     position, g the swarm's;
 *   - a particle always moves to its new position; its best is replaced when
 *     the new loss is no worse, the swarm's best on strict improvement.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define EPS 1e-10 /* keeps tan() finite at the box's faces */

enum { P_POP, P_OMEGA, P_PHIP, P_PHIG, P_WORKERS, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"population", "number of particles (nevergrad: max(40, workers))", 40, 2, 4096, 1, 0},
    {"omega", "inertia weight w (SPSO-2011: 0.5/ln 2)", 0.72134752044448170368, 0, 2, 0, 0},
    {"phip", "attraction to the particle's own best, phi_p (0.5 + ln 2)", 1.19314718055994530942, 0, 4, 0, 0},
    {"phig", "attraction to the swarm's best, phi_g (0.5 + ln 2)", 1.19314718055994530942, 0, 4, 0, 0},
    {"workers", "particles moved per ask (nevergrad's num_workers; 1: sequential); at most the swarm", 1, 1, 4096,
     1, 0},
};

enum { EMPTY, ASKED, READY };

typedef struct pso {
    size_t n, np, workers;
    dg_rng *rng;
    double omega, phip, phig;
    double *x, *v, *pbest, *pbest_loss; /* per particle: position, velocity (box), best position and loss */
    int *status, *has_value;
    size_t *queue, qhead, qlen;
    double *gbest, gbest_loss;
    int have_gbest;
    double *nx, *nv; /* workers * n: the positions and velocities of the last ask */
    size_t *slot, asked;
} pso;

static void pso_destroy(void *state)
{
    pso *s = state;
    if (!s)
        return;
    free(s->x);
    free(s->v);
    free(s->pbest);
    free(s->pbest_loss);
    free(s->status);
    free(s->has_value);
    free(s->queue);
    free(s->gbest);
    free(s->nx);
    free(s->nv);
    free(s->slot);
    free(s);
}

static int pso_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    pso *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting pso");
    s->n = n;
    s->rng = rng;
    s->np = (size_t)p[P_POP];
    s->omega = p[P_OMEGA];
    s->phip = p[P_PHIP];
    s->phig = p[P_PHIG];
    s->workers = (size_t)p[P_WORKERS];
    if (s->workers > s->np)
        s->workers = s->np;
    size_t nn = s->np * n;
    s->x = malloc(nn * sizeof *s->x);
    s->v = malloc(nn * sizeof *s->v);
    s->pbest = malloc(nn * sizeof *s->pbest);
    s->pbest_loss = malloc(s->np * sizeof *s->pbest_loss);
    s->status = calloc(s->np, sizeof *s->status);
    s->has_value = calloc(s->np, sizeof *s->has_value);
    s->queue = malloc(s->np * sizeof *s->queue);
    s->gbest = malloc(n * sizeof *s->gbest);
    s->nx = malloc(s->workers * n * sizeof *s->nx);
    s->nv = malloc(s->workers * n * sizeof *s->nv);
    s->slot = malloc(s->workers * sizeof *s->slot);
    if (!s->x || !s->v || !s->pbest || !s->pbest_loss || !s->status || !s->has_value || !s->queue || !s->gbest ||
        !s->nx || !s->nv || !s->slot) {
        pso_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting pso");
    }
    *state = s;
    return DG_OK;
}

static double box_to_std(double x)
{
    return tan(PI * (x - 0.5));
}

static int pso_ask(void *state, double *u, size_t cap, size_t *count)
{
    pso *s = state;
    size_t k = 0, want = cap < s->workers ? cap : s->workers, n = s->n;
    /* The swarm's starting points: uniform genes, uniform velocities. */
    for (size_t i = 0; i < s->np && k < want; i++) {
        if (s->status[i] != EMPTY)
            continue;
        double *x = s->nx + k * n, *v = s->nv + k * n;
        for (size_t j = 0; j < n; j++)
            x[j] = 0.5 + atan(dgi_vecopt_from_unit(dg_rng_uniform(s->rng))) / PI;
        for (size_t j = 0; j < n; j++)
            v[j] = dg_rng_uniform(s->rng) * 2.0 - 1.0;
        s->status[i] = ASKED;
        s->slot[k++] = i;
    }
    int initialising = 0;
    for (size_t i = 0; i < s->np; i++)
        initialising |= s->status[i] != READY;
    while (!initialising && k < want && s->qlen > 0) {
        size_t t = s->queue[s->qhead];
        s->qhead = (s->qhead + 1) % s->np;
        s->qlen--;
        const double *x = s->x + t * n, *v = s->v + t * n, *pb = s->pbest + t * n;
        double *nx = s->nx + k * n, *nv = s->nv + k * n;
        /* r_p for every coordinate, then r_g (nevergrad draws the two vectors in turn). */
        for (size_t j = 0; j < n; j++)
            nv[j] = s->phip * dg_rng_uniform(s->rng) * (pb[j] - x[j]);
        for (size_t j = 0; j < n; j++) {
            nv[j] += s->omega * v[j] + s->phig * dg_rng_uniform(s->rng) * (s->gbest[j] - x[j]);
            double y = x[j] + nv[j];
            nx[j] = y < EPS ? EPS : y > 1 - EPS ? 1 - EPS : y;
        }
        s->status[t] = ASKED;
        s->slot[k++] = t;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < n; j++)
            u[i * n + j] = box_to_std(s->nx[i * n + j]);
    s->asked = k;
    *count = k;
    return DG_OK;
}

static int pso_tell(void *state, const double *loss, size_t count)
{
    pso *s = state;
    size_t n = s->n;
    for (size_t i = 0; i < s->asked; i++) {
        size_t t = s->slot[i];
        const double *nx = s->nx + i * n;
        if (i >= count) { /* dropped: the particle stays where it was */
            if (s->has_value[t]) {
                s->status[t] = READY;
                s->queue[(s->qhead + s->qlen++) % s->np] = t;
            } else {
                s->status[t] = EMPTY;
            }
            continue;
        }
        memcpy(s->x + t * n, nx, n * sizeof *nx);
        memcpy(s->v + t * n, s->nv + i * n, n * sizeof *nx);
        if (!s->has_value[t] || loss[i] <= s->pbest_loss[t]) {
            memcpy(s->pbest + t * n, nx, n * sizeof *nx);
            s->pbest_loss[t] = loss[i];
        }
        s->has_value[t] = 1;
        s->status[t] = READY;
        s->queue[(s->qhead + s->qlen++) % s->np] = t;
        if (!s->have_gbest || loss[i] < s->gbest_loss) {
            memcpy(s->gbest, nx, n * sizeof *nx);
            s->gbest_loss = loss[i];
            s->have_gbest = 1;
        }
    }
    s->asked = 0;
    return DG_OK;
}

const dgi_vecopt_class dgi_vecopt_pso = {"pso", params, P_COUNT, pso_create, pso_destroy, pso_ask, pso_tell};

DGI_VECOPT_BUILTIN(pso,
                   "particle swarm (nevergrad PSO): 40 particles, SPSO-2011 constants, asynchronous updates in an arctan box")
