/*
 * vecopt.h: the paper's baseline optimizers as cores on plain double vectors.
 *
 * Every baseline (stdga, pso, tbpsa, oneplusone, de, portfolio, cma) is a
 * "vector core": an ask/tell algorithm over nevergrad's *standardized* space
 * R^n, driven by a dg_rng and told plain losses (minimised). The cores know
 * nothing about genomes, so they can be unit-tested on textbook functions
 * (dgi_vecopt_minimize) and reused inside each other (the portfolio).
 *
 * vecopt.c turns a core into a dg_optimizer_ops: it asks the core for
 * standardized vectors u, maps each coordinate into the genome's [0,1] vector
 * view the way nevergrad 0.4.2 maps a standardized value onto a bounded
 * Scalar(lower=0, upper=1) (baseline-optimizers.md §3.2):
 *
 *     x = 0.5 + u/6            (centre (a+b)/2, step (b-a)/6)
 *     v = clip(2*clip(x,0,1) - x, 0, 1)   ("bouncing": one reflection, then a clip)
 *
 * decodes v with dg_genome_from_vector, and tells the core each genome's
 * fitness score. Optimizers that work in a box map it to the standardized
 * space first, as nevergrad does (PSO: arctan; Hammersley and the GA: the
 * uniform box of the bounded scalars; cGA: the inverse normal CDF).
 *
 * Contract of a core: ask() proposes 1..cap points (or 0 to end the run),
 * written row-major into u[cap*n]; tell() receives the losses of the first
 * `count` points of the last ask, in order (possibly fewer than asked: the
 * rest are dropped and may be proposed again in another form). Asks and
 * tells alternate. A core may always be asked for one point at a time.
 */
#ifndef DIGAMMA_VECOPT_H
#define DIGAMMA_VECOPT_H

#include "optimizer_internal.h"

#include <stddef.h>

typedef struct dgi_vecopt_class {
    const char *name;
    const dg_param_info *params; /* the parameter table (also the ops' table) */
    size_t num_params;
    /* params: num_params values, in table order; budget: the sampling budget (< 1: unknown). */
    int (*create)(void **state, size_t n, const double *params, dg_rng *rng, int64_t budget);
    void (*destroy)(void *state);
    int (*ask)(void *state, double *u, size_t cap, size_t *count);
    int (*tell)(void *state, const double *loss, size_t count);
} dgi_vecopt_class;

/* The cores (each in its own file). */
extern const dgi_vecopt_class dgi_vecopt_stdga;
extern const dgi_vecopt_class dgi_vecopt_pso;
extern const dgi_vecopt_class dgi_vecopt_tbpsa;
extern const dgi_vecopt_class dgi_vecopt_oneplusone;
extern const dgi_vecopt_class dgi_vecopt_de;
extern const dgi_vecopt_class dgi_vecopt_cma;
extern const dgi_vecopt_class dgi_vecopt_hammersley; /* portfolio.c: scrambled Hammersley sampling */
extern const dgi_vecopt_class dgi_vecopt_portfolio;

/* ---- the dg_optimizer_ops wrapper -------------------------------------------------- */

/* create() of a built-in: wraps core @p cls for the genome space of @p ctx. */
int dgi_vecopt_ops_create(const dgi_vecopt_class *cls, void **state, const dg_optimizer_context *ctx);
void dgi_vecopt_ops_destroy(void *state);
int dgi_vecopt_ops_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count);
int dgi_vecopt_ops_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count);
/* Checkpoints: the log of asks and tells, replayed on load (vecopt_ops.c). */
int dgi_vecopt_ops_save(void *state, dg_state_writer write, void *sink);
int dgi_vecopt_ops_load(void *state, const void *data, size_t size);

/* The built-in dgi_optimizer_<name>() of core dgi_vecopt_<name>, whose file
 * defines its parameter table `params` with P_COUNT entries. */
#define DGI_VECOPT_BUILTIN(name, description)                                                                   \
    static int ops_create(void **state, const dg_optimizer_context *ctx)                                        \
    {                                                                                                           \
        return dgi_vecopt_ops_create(&dgi_vecopt_##name, state, ctx);                                           \
    }                                                                                                           \
    static const dg_optimizer_ops ops = {                                                                       \
        sizeof(dg_optimizer_ops), DG_PLUGIN_ABI_VERSION, 0, #name, description, params, P_COUNT, ops_create,     \
        dgi_vecopt_ops_destroy, dgi_vecopt_ops_ask, dgi_vecopt_ops_tell, dgi_vecopt_ops_save, dgi_vecopt_ops_load, \
    };                                                                                                          \
    const dg_optimizer_ops *dgi_optimizer_##name(void)                                                          \
    {                                                                                                           \
        return &ops;                                                                                            \
    }

/* ---- helpers shared by the cores -------------------------------------------------------- */

/* Standardized value → [0,1] (nevergrad's bounded Scalar(0, 1) with bouncing), and the
 * inverse on [0,1] (the standardized value of a point of the box). */
double dgi_vecopt_to_unit(double u);
double dgi_vecopt_from_unit(double v);

/* Standard normal CDF and its inverse (p in (0,1); the ends give ±8.3). */
double dgi_norm_cdf(double x);
double dgi_norm_ppf(double p);

/* Default parameter values of a core (out[num_params]). */
void dgi_vecopt_defaults(const dgi_vecopt_class *cls, double *out);

/*
 * Minimise f over R^n with core @p cls for @p budget evaluations (the test
 * harness of the cores, and a convenience for internal callers). params may
 * be NULL for the defaults; batch caps each ask (0: 1, sequential). The best
 * point and loss are stored in best_u (may be NULL) and *best_f.
 */
typedef double (*dgi_vecopt_fn)(const double *u, size_t n, void *data);
int dgi_vecopt_minimize(const dgi_vecopt_class *cls, const double *params, size_t n, dgi_vecopt_fn f, void *data,
                        dg_rng *rng, int64_t budget, size_t batch, double *best_u, double *best_f);

/* Small vector kernels, unrolled by four so that the compiler's SLP
 * vectorizer uses SIMD even at -O2 (the loop vectorizer would need runtime
 * checks that -O2's cost model refuses). */
static inline void dgi_axpy(double *restrict y, const double *restrict x, double a, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        y[i] += a * x[i];
        y[i + 1] += a * x[i + 1];
        y[i + 2] += a * x[i + 2];
        y[i + 3] += a * x[i + 3];
    }
    for (; i < n; i++)
        y[i] += a * x[i];
}

/* y += a x + b z */
static inline void dgi_axpy2(double *restrict y, const double *restrict x, double a, const double *restrict z,
                             double b, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        y[i] += a * x[i] + b * z[i];
        y[i + 1] += a * x[i + 1] + b * z[i + 1];
        y[i + 2] += a * x[i + 2] + b * z[i + 2];
        y[i + 3] += a * x[i + 3] + b * z[i + 3];
    }
    for (; i < n; i++)
        y[i] += a * x[i] + b * z[i];
}

/* y += a0 x0 + a1 x1 + a2 x2 + a3 x3 (four rank-one terms per pass over y) */
static inline void dgi_axpy4(double *restrict y, const double *restrict x0, double a0, const double *restrict x1,
                             double a1, const double *restrict x2, double a2, const double *restrict x3, double a3,
                             size_t n)
{
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        y[i] += (a0 * x0[i] + a1 * x1[i]) + (a2 * x2[i] + a3 * x3[i]);
        y[i + 1] += (a0 * x0[i + 1] + a1 * x1[i + 1]) + (a2 * x2[i + 1] + a3 * x3[i + 1]);
    }
    for (; i < n; i++)
        y[i] += (a0 * x0[i] + a1 * x1[i]) + (a2 * x2[i] + a3 * x3[i]);
}

static inline double dgi_dot(const double *restrict x, const double *restrict y, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; i++)
        s0 += x[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

static inline void dgi_scale(double *y, double a, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        y[i] *= a;
        y[i + 1] *= a;
        y[i + 2] *= a;
        y[i + 3] *= a;
    }
    for (; i < n; i++)
        y[i] *= a;
}

/* Givens rotation of two rows: (a, b) <- (c a - s b, s a + c b). */
static inline void dgi_rot(double *restrict a, double *restrict b, double c, double s, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        double a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
        double b0 = b[i], b1 = b[i + 1], b2 = b[i + 2], b3 = b[i + 3];
        a[i] = c * a0 - s * b0;
        a[i + 1] = c * a1 - s * b1;
        a[i + 2] = c * a2 - s * b2;
        a[i + 3] = c * a3 - s * b3;
        b[i] = s * a0 + c * b0;
        b[i + 1] = s * a1 + c * b1;
        b[i + 2] = s * a2 + c * b2;
        b[i + 3] = s * a3 + c * b3;
    }
    for (; i < n; i++) {
        double h = b[i];
        b[i] = s * a[i] + c * h;
        a[i] = c * a[i] - s * h;
    }
}

/* Symmetric eigendecomposition (Householder tridiagonalisation + implicit QL).
 * a: n×n row-major symmetric (only read); eval[n] ascending; evec: n×n with
 * eigenvector i in ROW i. Returns DG_OK, or DG_ENOMEM / DG_ERANGE (no convergence). */
int dgi_eigen_symmetric(size_t n, const double *a, double *eval, double *evec);

#endif
