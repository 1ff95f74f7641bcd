/*
 * unit_baselines.c: the math cores of the baseline optimizers (lib/optimizer/
 * vecopt.h) on plain vectors: the eigensolver, the transforms, and every
 * algorithm on textbook functions where it should converge (sphere,
 * Rosenbrock), plus determinism, batching and dropped results.
 */
#include "test_util.h"

#include "optimizer/vecopt.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- test functions (standardized space) -------------------------------------------------- */

/* Optimum away from 0 but inside [-3,3]^n, the box that the GA and the
 * Hammersley sampling cover. */
static double centre(size_t i)
{
    return 1.0 - 0.25 * (double)(i % 7);
}

static double sphere(const double *u, size_t n, void *data)
{
    (void)data;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (u[i] - centre(i)) * (u[i] - centre(i));
    return s;
}

/* Rosenbrock shifted so that its optimum (1, ..., 1) sits at u = 0.5. */
static double rosenbrock(const double *u, size_t n, void *data)
{
    (void)data;
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        double x = u[i] + 0.5, y = u[i + 1] + 0.5;
        s += 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x);
    }
    return s;
}

/* Rotated ellipsoid, condition 1e6: only a method that learns the full
 * covariance solves it in a few thousand evaluations. */
#define ELL_N 10
static double rotation[ELL_N][ELL_N];

static void make_rotation(void)
{
    dg_rng rng;
    dgi_rng_seed(&rng, 3);
    for (int i = 0; i < ELL_N; i++) { /* Gram-Schmidt on Gaussian rows */
        for (int j = 0; j < ELL_N; j++)
            rotation[i][j] = dg_rng_normal(&rng);
        for (int k = 0; k < i; k++) {
            double d = 0;
            for (int j = 0; j < ELL_N; j++)
                d += rotation[i][j] * rotation[k][j];
            for (int j = 0; j < ELL_N; j++)
                rotation[i][j] -= d * rotation[k][j];
        }
        double norm = 0;
        for (int j = 0; j < ELL_N; j++)
            norm += rotation[i][j] * rotation[i][j];
        for (int j = 0; j < ELL_N; j++)
            rotation[i][j] /= sqrt(norm);
    }
}

static double ellipsoid(const double *u, size_t n, void *data)
{
    (void)data;
    double s = 0;
    for (size_t i = 0; i < n && i < ELL_N; i++) {
        double y = 0;
        for (size_t j = 0; j < ELL_N; j++)
            y += rotation[i][j] * (u[j] - 0.5);
        s += pow(1e6, (double)i / (ELL_N - 1)) * y * y;
    }
    return s;
}

static double minimize(const dgi_vecopt_class *cls, const double *params, size_t n, dgi_vecopt_fn f,
                       int64_t budget, size_t batch, uint64_t seed, double *best_u)
{
    dg_rng rng;
    dgi_rng_seed(&rng, seed);
    double best = NAN;
    DG_ASSERT_OK(dgi_vecopt_minimize(cls, params, n, f, NULL, &rng, budget, batch, best_u, &best));
    return best;
}

/* Default parameters of @p cls with @p key set to @p value. */
static double *with(const dgi_vecopt_class *cls, double *p, const char *key, double value)
{
    dgi_vecopt_defaults(cls, p);
    for (size_t i = 0; key && i < cls->num_params; i++)
        if (strcmp(cls->params[i].name, key) == 0)
            p[i] = value;
    return p;
}

/* ---- eigensolver --------------------------------------------------------------------------- */

static void check_eigen(size_t n, const double *a)
{
    double *d = malloc(n * sizeof *d), *z = malloc(n * n * sizeof *z);
    CU_ASSERT_FATAL(d && z);
    DG_ASSERT_OK(dgi_eigen_symmetric(n, a, d, z));
    double scale = 1e-300;
    for (size_t i = 0; i < n * n; i++)
        scale = fmax(scale, fabs(a[i]));
    double resid = 0, ortho = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            CU_ASSERT(d[k - 1] <= d[k]);
        for (size_t i = 0; i < n; i++) {
            double s = -d[k] * z[k * n + i];
            for (size_t j = 0; j < n; j++)
                s += a[i * n + j] * z[k * n + j];
            resid = fmax(resid, fabs(s));
        }
        for (size_t l = 0; l < n; l++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += z[k * n + j] * z[l * n + j];
            ortho = fmax(ortho, fabs(s - (k == l)));
        }
    }
    CU_ASSERT(resid <= 1e-12 * scale * (double)n);
    CU_ASSERT(ortho <= 1e-12 * (double)n);
    free(d);
    free(z);
}

static void test_eigen(void)
{
    dg_rng rng;
    dgi_rng_seed(&rng, 5);
    static const size_t sizes[] = {1, 2, 3, 4, 7, 16, 33, 70, 130};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        double *a = malloc(n * n * sizeof *a);
        CU_ASSERT_FATAL(a != NULL);
        /* random symmetric */
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++)
                a[i * n + j] = a[j * n + i] = dg_rng_normal(&rng);
        check_eigen(n, a);
        /* a covariance-like matrix: close to a multiple of I, repeated eigenvalues */
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++)
                a[i * n + j] = a[j * n + i] = (i == j ? 2.0 : 0.0) + (i / 3 == j / 3 ? 1e-9 : 0.0);
        check_eigen(n, a);
        /* diagonal, unsorted, and zero */
        memset(a, 0, n * n * sizeof *a);
        for (size_t i = 0; i < n; i++)
            a[i * n + i] = (double)((i * 7) % 5);
        check_eigen(n, a);
        memset(a, 0, n * n * sizeof *a);
        check_eigen(n, a);
        free(a);
    }
    /* A known spectrum: [[2,1],[1,2]] has 1 and 3. */
    double a2[4] = {2, 1, 1, 2}, d[2], z[4];
    DG_ASSERT_OK(dgi_eigen_symmetric(2, a2, d, z));
    CU_ASSERT_DOUBLE_EQUAL(d[0], 1, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(d[1], 3, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(fabs(z[0]), sqrt(0.5), 1e-14);
}

/* ---- transforms ------------------------------------------------------------------------------- */

static void test_transforms(void)
{
    /* nevergrad's bounded Scalar(0, 1): centre 0.5, step 1/6, bouncing. */
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(0), 0.5, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(3), 1.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(-3), 0.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(1.2), 0.7, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(4.5), 0.75, 1e-15); /* 1.25 reflects to 0.75 */
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(-4.5), 0.25, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(9), 0.0, 1e-15);    /* 2 reflects to 0 */
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(100), 0.0, 1e-15);  /* far out: clipped */
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(-100), 1.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(INFINITY), 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(NAN), 0.5, 0);
    for (double v = 0; v <= 1; v += 0.125)
        CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(dgi_vecopt_from_unit(v)), v, 1e-15);
    /* Normal CDF and its inverse. */
    CU_ASSERT_DOUBLE_EQUAL(dgi_norm_cdf(0), 0.5, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_norm_ppf(0.5), 0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(dgi_norm_ppf(0.975), 1.959963984540054, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dgi_norm_ppf(0.001), -3.090232306167813, 1e-11);
    for (double x = -7; x <= 7; x += 0.37)
        CU_ASSERT_DOUBLE_EQUAL(dgi_norm_ppf(dgi_norm_cdf(x)), x, 1e-7 * (1 + fabs(x)));
    CU_ASSERT(isfinite(dgi_norm_ppf(0)) && dgi_norm_ppf(0) < -8);
    CU_ASSERT(isfinite(dgi_norm_ppf(1)) && dgi_norm_ppf(1) > 8);
}

/* ---- convergence ---------------------------------------------------------------------------------- */

typedef struct conv_case {
    const dgi_vecopt_class *cls;
    const char *key; /* a parameter to change, or NULL */
    double value;
    dgi_vecopt_fn f;
    size_t n;
    int64_t budget;
    double below; /* the best loss must end below this */
} conv_case;

static void run_cases(const conv_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const conv_case *c = &cases[i];
        double p[16], u[16];
        double first = c->f((double[16]){0}, c->n, NULL);
        double best = minimize(c->cls, with(c->cls, p, c->key, c->value), c->n, c->f, c->budget, 1, 42, u);
        if (!(best < c->below))
            fprintf(stderr, "%s%s%s on %s, n = %zu, %lld evaluations: %g, want < %g\n", c->cls->name,
                    c->key ? " " : "", c->key ? c->key : "",
                    c->f == sphere ? "sphere" : c->f == ellipsoid ? "rotated ellipsoid" : "rosenbrock", c->n,
                    (long long)c->budget, best, c->below);
        CU_ASSERT(best < c->below);
        CU_ASSERT(best < first);
        CU_ASSERT_DOUBLE_EQUAL(c->f(u, c->n, NULL), best, 0); /* the reported point has the reported loss */
    }
}

static void test_cma_converges(void)
{
    make_rotation();
    const conv_case cases[] = {
        {&dgi_vecopt_cma, NULL, 0, ellipsoid, ELL_N, 6000, 1e-10},
        {&dgi_vecopt_cma, "active", 0, ellipsoid, ELL_N, 8000, 1e-10},
        {&dgi_vecopt_cma, NULL, 0, sphere, 10, 2500, 1e-10},
        {&dgi_vecopt_cma, "active", 0, sphere, 10, 3000, 1e-10},
        {&dgi_vecopt_cma, "eigen_gap", 5, sphere, 10, 3000, 1e-10},
        {&dgi_vecopt_cma, NULL, 0, rosenbrock, 2, 1500, 1e-10},
        {&dgi_vecopt_cma, NULL, 0, rosenbrock, 3, 3000, 1e-10},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_oneplusone_converges(void)
{
    make_rotation();
    CU_ASSERT(minimize(&dgi_vecopt_oneplusone, NULL, ELL_N, ellipsoid, 6000, 1, 42, NULL) > 1e-3);
    const conv_case cases[] = {
        {&dgi_vecopt_oneplusone, NULL, 0, sphere, 10, 3000, 1e-8},
        {&dgi_vecopt_oneplusone, NULL, 0, rosenbrock, 2, 10000, 1e-5},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_de_converges(void)
{
    const conv_case cases[] = {
        {&dgi_vecopt_de, NULL, 0, sphere, 10, 6000, 1e-6},
        {&dgi_vecopt_de, "two_points", 1, sphere, 10, 6000, 1e-4},
        {&dgi_vecopt_de, NULL, 0, rosenbrock, 2, 3000, 1e-6},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_pso_converges(void)
{
    const conv_case cases[] = {
        {&dgi_vecopt_pso, NULL, 0, sphere, 10, 6000, 1e-4},
        {&dgi_vecopt_pso, NULL, 0, rosenbrock, 2, 4000, 1e-4},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_tbpsa_converges(void)
{
    const conv_case cases[] = {
        {&dgi_vecopt_tbpsa, NULL, 0, sphere, 10, 6000, 1e-3},
        /* isotropic and built for noise: it only crawls along Rosenbrock's valley (f = 6.5 at the start) */
        {&dgi_vecopt_tbpsa, NULL, 0, rosenbrock, 2, 4000, 0.5},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_stdga_converges(void)
{
    const conv_case cases[] = {
        /* uniform redraws: no fine steps, so only a coarse approach (f = 1.9 at u = 0) */
        {&dgi_vecopt_stdga, NULL, 0, sphere, 5, 8000, 0.1},
        {&dgi_vecopt_stdga, "crossover", 0, sphere, 5, 8000, 0.1},
        {&dgi_vecopt_stdga, "crossover", 1, sphere, 5, 8000, 0.1},
        {&dgi_vecopt_stdga, NULL, 0, rosenbrock, 2, 8000, 0.1},
        /* cGA: with nevergrad's defaults it is close to random sampling (see stdga.c) */
        {&dgi_vecopt_stdga, "variant", 1, sphere, 2, 2000, 5e-2},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_portfolio_converges(void)
{
    const conv_case cases[] = {
        {&dgi_vecopt_portfolio, NULL, 0, sphere, 10, 7500, 1e-8}, /* its CMA third does it */
        {&dgi_vecopt_portfolio, NULL, 0, rosenbrock, 2, 4500, 1e-8},
        {&dgi_vecopt_hammersley, NULL, 0, sphere, 2, 1000, 2e-2},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* ---- algorithm details ----------------------------------------------------------------------------- */

/* A probe objective: records every point it sees. */
typedef struct trace {
    size_t n, count, cap;
    double *u;
} trace;

static double record(const double *u, size_t n, void *data)
{
    trace *t = data;
    if (t->count < t->cap)
        memcpy(t->u + t->count * n, u, n * sizeof *u);
    t->count++;
    return sphere(u, n, NULL);
}

static void run_trace(const dgi_vecopt_class *cls, const double *params, size_t n, int64_t budget, size_t batch,
                      uint64_t seed, trace *t)
{
    t->n = n;
    t->count = 0;
    t->cap = (size_t)budget;
    t->u = malloc(t->cap * n * sizeof *t->u);
    CU_ASSERT_FATAL(t->u != NULL);
    dg_rng rng;
    dgi_rng_seed(&rng, seed);
    double best;
    DG_ASSERT_OK(dgi_vecopt_minimize(cls, params, n, record, t, &rng, budget, batch, NULL, &best));
    CU_ASSERT_EQUAL(t->count, (size_t)budget);
}

static const dgi_vecopt_class *const all[] = {&dgi_vecopt_stdga, &dgi_vecopt_pso, &dgi_vecopt_tbpsa,
                                              &dgi_vecopt_oneplusone, &dgi_vecopt_de, &dgi_vecopt_portfolio,
                                              &dgi_vecopt_cma, &dgi_vecopt_hammersley};
#define NUM_ALL (sizeof all / sizeof all[0])

static void test_deterministic(void)
{
    for (size_t c = 0; c < NUM_ALL; c++) {
        trace a, b, other;
        run_trace(all[c], NULL, 6, 500, 1, 7, &a);
        run_trace(all[c], NULL, 6, 500, 1, 7, &b);
        run_trace(all[c], NULL, 6, 500, 1, 8, &other);
        CU_ASSERT(memcmp(a.u, b.u, 500 * 6 * sizeof *a.u) == 0);
        if (all[c] != &dgi_vecopt_hammersley) /* the scrambling is random, the first coordinate is not */
            CU_ASSERT(memcmp(a.u, other.u, 500 * 6 * sizeof *a.u) != 0);
        for (size_t i = 0; i < 500 * 6; i++)
            CU_ASSERT_FATAL(isfinite(a.u[i]));
        free(a.u), free(b.u), free(other.u);
    }
}

/* Population methods give the same points whether asked one at a time or in batches. */
static void test_batch_equivalence(void)
{
    const dgi_vecopt_class *const same[] = {&dgi_vecopt_cma, &dgi_vecopt_tbpsa, &dgi_vecopt_stdga,
                                            &dgi_vecopt_hammersley};
    for (size_t c = 0; c < sizeof same / sizeof same[0]; c++) {
        trace one, many;
        run_trace(same[c], NULL, 5, 1200, 1, 3, &one);
        run_trace(same[c], NULL, 5, 1200, 37, 3, &many);
        CU_ASSERT(memcmp(one.u, many.u, 1200 * 5 * sizeof *one.u) == 0);
        free(one.u), free(many.u);
    }
    /* workers > 1: several candidates per ask, all evaluated. */
    const char *const keys[] = {"workers", "workers", "workers"};
    const dgi_vecopt_class *const par[] = {&dgi_vecopt_de, &dgi_vecopt_pso, &dgi_vecopt_oneplusone};
    for (size_t c = 0; c < 3; c++) {
        double p[16];
        double best = minimize(par[c], with(par[c], p, keys[c], 8), 4, sphere, 3000, 8, 1, NULL);
        CU_ASSERT(best < 1e-3);
    }
}

/* TBPSA starts with lambda = 4n children around 0 with sigma ~ 1; the
 * (1+1)-ES starts at 0 exactly; DE's first 30 points are N(0, I). */
static void test_initial_points(void)
{
    trace t;
    run_trace(&dgi_vecopt_oneplusone, NULL, 3, 10, 1, 1, &t);
    CU_ASSERT(t.u[0] == 0 && t.u[1] == 0 && t.u[2] == 0);
    free(t.u);
    run_trace(&dgi_vecopt_cma, NULL, 50, 400, 1, 1, &t);
    /* lambda = 4 + floor(3 ln 50) = 15; the first generation is N(0, I): mean ~0, variance ~1. */
    double m = 0, v = 0;
    for (size_t i = 0; i < 15 * 50; i++)
        m += t.u[i];
    m /= 15 * 50;
    for (size_t i = 0; i < 15 * 50; i++)
        v += (t.u[i] - m) * (t.u[i] - m);
    v /= 15 * 50;
    CU_ASSERT(fabs(m) < 0.15 && fabs(v - 1) < 0.2);
    free(t.u);
    /* PSO's swarm starts uniform over each gene's range: u = 6 (v - 1/2) in [-3, 3]. */
    run_trace(&dgi_vecopt_pso, NULL, 4, 40, 1, 1, &t);
    double lo = 0, hi = 0;
    for (size_t i = 0; i < 40 * 4; i++)
        lo = fmin(lo, t.u[i]), hi = fmax(hi, t.u[i]);
    CU_ASSERT(lo >= -3 - 1e-9 && hi <= 3 + 1e-9 && lo < -2 && hi > 2);
    free(t.u);
    /* Hammersley: first coordinate (i + 1/2)/N, all points distinct. */
    run_trace(&dgi_vecopt_hammersley, NULL, 3, 64, 1, 1, &t);
    for (size_t i = 0; i < 64; i++) {
        CU_ASSERT_DOUBLE_EQUAL(dgi_vecopt_to_unit(t.u[i * 3]), ((double)i + 0.5) / 64, 1e-12);
        for (size_t j = 0; j < i; j++)
            CU_ASSERT(t.u[i * 3 + 1] != t.u[j * 3 + 1] || t.u[i * 3 + 2] != t.u[j * 3 + 2]);
    }
    free(t.u);
}

/* The framework may tell fewer results than it asked for (the budget ran out);
 * the cores must carry on if asked again. */
static void test_dropped_results(void)
{
    for (size_t c = 0; c < NUM_ALL; c++) {
        const dgi_vecopt_class *cls = all[c];
        double p[16];
        dgi_vecopt_defaults(cls, p);
        dg_rng rng;
        dgi_rng_seed(&rng, 9);
        void *core = NULL;
        size_t n = 4, cap = 16;
        DG_ASSERT_OK(cls->create(&core, n, p, &rng, 2000));
        CU_ASSERT_PTR_NOT_NULL_FATAL(core);
        double u[16 * 4], loss[16];
        for (int round = 0; round < 400; round++) {
            size_t got = 0;
            DG_ASSERT_OK(cls->ask(core, u, cap, &got));
            CU_ASSERT(got >= 1 && got <= cap);
            for (size_t i = 0; i < got; i++)
                loss[i] = sphere(u + i * n, n, NULL);
            size_t told = round % 3 == 0 ? got / 2 : got; /* drop some every third round */
            DG_ASSERT_OK(cls->tell(core, loss, told));
        }
        cls->destroy(core);
    }
}

static CU_TestInfo tests[] = {
    {"symmetric eigendecomposition", test_eigen},
    {"bounded-scalar transform and normal quantiles", test_transforms},
    {"cma converges on sphere, Rosenbrock and a rotated ellipsoid", test_cma_converges},
    {"oneplusone converges on sphere and Rosenbrock", test_oneplusone_converges},
    {"de converges on sphere and Rosenbrock", test_de_converges},
    {"pso converges on sphere and Rosenbrock", test_pso_converges},
    {"tbpsa converges on sphere and Rosenbrock", test_tbpsa_converges},
    {"stdga converges on sphere and Rosenbrock", test_stdga_converges},
    {"portfolio converges; Hammersley covers", test_portfolio_converges},
    {"same seed, same points", test_deterministic},
    {"batched asks give the sequential points", test_batch_equivalence},
    {"initial points as nevergrad's", test_initial_points},
    {"dropped results are tolerated", test_dropped_results},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(baselines_core, tests)
