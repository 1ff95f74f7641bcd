/*
 * cma.c: CMA-ES with full covariance (Hansen & Ostermeier 2001; constants and
 * update of Hansen's tutorial, arXiv:1604.00772, Table 1), as nevergrad
 * 0.4.2's `CMA` (ParametrizedCMA() wrapping pycma). baseline-optimizers.md §4.2.
 *
 * Standardized space R^n (vecopt.h), mapped onto the genome's [0,1] vector
 * through nevergrad's bounded-scalar transform (centre + u/6, bouncing):
 * x0 = 0 (every gene at mid-range) and sigma0 = 1 (a sixth of each range),
 * nevergrad's defaults.
 *
 *   - lambda = 4 + floor(3 ln n), mu = floor(lambda/2), log-linear weights;
 *     with `active` (pycma's default CMA_active) the lambda - mu worst get the
 *     tutorial's negative weights;
 *   - a generation is sampled at once (pycma's ask) and handed out one point
 *     at a time if the framework asks for fewer; the update runs when all
 *     lambda results are back (as nevergrad feeds pycma);
 *   - cumulative step-size adaptation; sigma's change per generation is
 *     capped at a factor e (as pycma does);
 *   - the covariance C is updated every generation (rank one + rank mu,
 *     O(lambda n^2)), its eigendecomposition C = B D^2 B^T lazily: every
 *     `eigen_gap` generations. Automatic: pycma's lazy gap, 0.5/(n (c1 + cmu))
 *     generations, but at least enough generations for 10 n samples, so that
 *     the O(n^3) decomposition costs about as much per sample as drawing one
 *     (O(n^2)). For the vectors of whole networks (hundreds to ~1,500
 *     coordinates) C moves by well under 1% per gap, so the stale factor is
 *     immaterial; below 100 coordinates pycma's own gap (often every
 *     generation) applies. Between decompositions samples use the last B, D, and
 *     C^(-1/2) y is computed as B^T z from the drawn z (as c-cmaes does).
 *
 * The eigensolver (dgi_eigen_symmetric) is Householder tridiagonalisation
 * followed by the implicit QL algorithm (EISPACK tred2/tql2, as in Hansen's
 * c-cmaes), with eigenvectors kept as rows so that every inner loop is a
 * contiguous vector operation.
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- symmetric eigendecomposition -------------------------------------------------------- */

/* Columns processed together when applying transformations to the eigenvectors. */
#define COLUMN_BLOCK 64

typedef struct rotation {
    size_t i;
    double c, s;
} rotation;

int dgi_eigen_symmetric(size_t n, const double *a_in, double *d, double *z)
{
    if (n == 0)
        return DG_OK;
    if (n == 1) {
        d[0] = a_in[0];
        z[0] = 1;
        return DG_OK;
    }
    double *A = malloc(n * n * sizeof *A), *e = malloc(n * sizeof *e), *beta = malloc(n * sizeof *beta);
    double *p = malloc(n * sizeof *p), *w = malloc(n * sizeof *w);
    if (!A || !e || !beta || !p || !w) {
        free(A), free(e), free(beta), free(p), free(w);
        return dgi_fail(DG_ENOMEM, "out of memory in an eigendecomposition of size %zu", n);
    }
    memcpy(A, a_in, n * n * sizeof *A);

    /* Householder: A = Q T Q^T, T tridiagonal (d, e), v_k kept in row k of A. */
    for (size_t k = 0; k + 2 < n; k++) {
        double *x = A + k * n + k + 1;
        size_t m = n - k - 1;
        double scale = 0;
        for (size_t i = 0; i < m; i++)
            scale += fabs(x[i]);
        d[k] = A[k * n + k];
        beta[k] = 0;
        if (scale == 0) {
            e[k] = 0;
            continue;
        }
        double ss = 0;
        for (size_t i = 0; i < m; i++) {
            x[i] /= scale;
            ss += x[i] * x[i];
        }
        double alpha = x[0] > 0 ? -sqrt(ss) : sqrt(ss);
        e[k] = alpha * scale;
        x[0] -= alpha;
        double vv = 0;
        for (size_t i = 0; i < m; i++)
            vv += x[i] * x[i];
        if (vv == 0)
            continue;
        double b = 2.0 / vv, pv = 0;
        beta[k] = b;
        for (size_t i = 0; i < m; i++) {
            p[i] = b * dgi_dot(A + (k + 1 + i) * n + k + 1, x, m);
            pv += p[i] * x[i];
        }
        double K = 0.5 * b * pv;
        for (size_t i = 0; i < m; i++)
            w[i] = p[i] - K * x[i];
        for (size_t i = 0; i < m; i++)
            dgi_axpy2(A + (k + 1 + i) * n + k + 1, w, -x[i], x, -w[i], m);
    }
    d[n - 2] = A[(n - 2) * n + n - 2];
    d[n - 1] = A[(n - 1) * n + n - 1];
    e[n - 2] = A[(n - 2) * n + n - 1];
    e[n - 1] = 0;
    if (n == 2)
        beta[0] = 0;

    /* Q = H_0 ... H_{n-3}, accumulated backwards (the active block shrinks),
     * one block of columns at a time so that the block stays in cache. */
    memset(z, 0, n * n * sizeof *z);
    for (size_t i = 0; i < n; i++)
        z[i * n + i] = 1;
    for (size_t j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
        size_t j1 = j0 + COLUMN_BLOCK < n ? j0 + COLUMN_BLOCK : n;
        for (size_t kk = n >= 3 ? n - 2 : 0; kk-- > 0;) {
            size_t lo = kk + 1, m = n - lo, c0 = lo > j0 ? lo : j0;
            if (beta[kk] == 0 || c0 >= j1)
                continue;
            const double *v = A + kk * n + lo;
            size_t width = j1 - c0;
            memset(w, 0, width * sizeof *w);
            for (size_t i = 0; i < m; i++)
                dgi_axpy(w, z + (lo + i) * n + c0, v[i], width);
            for (size_t i = 0; i < m; i++)
                dgi_axpy(z + (lo + i) * n + c0, w, -beta[kk] * v[i], width);
        }
    }
    /* Rows of z become the columns of Q. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double t = z[i * n + j];
            z[i * n + j] = z[j * n + i];
            z[j * n + i] = t;
        }

    /* Implicit QL on (d, e) (tql2). The rotations do not depend on z: they
     * are recorded and applied afterwards, a block of columns at a time. */
    int rc = DG_OK;
    rotation *rot = NULL;
    size_t nrot = 0, rot_cap = 0;
    double f = 0, tst1 = 0, eps = 0x1p-52;
    for (size_t l = 0; l < n && rc == DG_OK; l++) {
        double t = fabs(d[l]) + fabs(e[l]);
        if (t > tst1)
            tst1 = t;
        size_t m = l;
        while (m < n - 1 && fabs(e[m]) > eps * tst1)
            m++;
        if (m > l) {
            int iter = 0;
            do {
                if (++iter > 200) {
                    rc = dgi_fail(DG_ERANGE, "eigendecomposition did not converge");
                    break;
                }
                double g = d[l];
                double pp = (d[l + 1] - g) / (2.0 * e[l]);
                double r = hypot(pp, 1.0);
                if (pp < 0)
                    r = -r;
                d[l] = e[l] / (pp + r);
                d[l + 1] = e[l] * (pp + r);
                double dl1 = d[l + 1];
                double h = g - d[l];
                for (size_t i = l + 2; i < n; i++)
                    d[i] -= h;
                f += h;
                pp = d[m];
                double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                for (size_t i = m; i-- > l;) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * pp;
                    r = hypot(pp, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = pp / r;
                    pp = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    if (nrot == rot_cap) {
                        size_t cap = rot_cap ? 2 * rot_cap : 4 * n;
                        rotation *q = realloc(rot, cap * sizeof *q);
                        if (!q) {
                            rc = dgi_fail(DG_ENOMEM, "out of memory in an eigendecomposition of size %zu", n);
                            break;
                        }
                        rot = q;
                        rot_cap = cap;
                    }
                    rot[nrot++] = (rotation){i, c, s};
                }
                pp = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * pp;
                d[l] = c * pp;
            } while (rc == DG_OK && fabs(e[l]) > eps * tst1);
        }
        d[l] += f;
        e[l] = 0;
    }
    for (size_t k0 = 0; rc == DG_OK && k0 < n; k0 += COLUMN_BLOCK) {
        size_t width = k0 + COLUMN_BLOCK < n ? COLUMN_BLOCK : n - k0;
        for (size_t r = 0; r < nrot; r++)
            dgi_rot(z + rot[r].i * n + k0, z + (rot[r].i + 1) * n + k0, rot[r].c, rot[r].s, width);
    }
    free(rot);
    /* Ascending eigenvalues, vectors along. */
    for (size_t i = 0; rc == DG_OK && i + 1 < n; i++) {
        size_t k = i;
        for (size_t j = i + 1; j < n; j++)
            if (d[j] < d[k])
                k = j;
        if (k != i) {
            double t = d[k];
            d[k] = d[i];
            d[i] = t;
            for (size_t j = 0; j < n; j++) {
                t = z[i * n + j];
                z[i * n + j] = z[k * n + j];
                z[k * n + j] = t;
            }
        }
    }
    free(A), free(e), free(beta), free(p), free(w);
    return rc;
}

/* ---- CMA-ES ----------------------------------------------------------------------------- */

/* From this vector length on, the automatic eigendecomposition gap is at least 10 n samples. */
#define LARGE_N 100

enum { P_POPSIZE, P_SIGMA, P_ACTIVE, P_EIGEN_GAP, P_COUNT };
static const dg_param_info params[P_COUNT] = {
    {"popsize", "offspring per generation, lambda (0: 4 + floor(3 ln n), pycma's default)", 0, 0, 4096, 1, 0},
    {"sigma", "initial step size in the standardized space (nevergrad: 1, a sixth of each gene's range)", 1.0,
     1e-9, 1e9, 0, 0},
    {"active", "1: active covariance update, negative weights for the worst (pycma's CMA_active)", 1, 0, 1, 1, 0},
    {"eigen_gap", "generations between eigendecompositions (0: automatic, pycma's lazy gap, >= 10n samples)", 0, 0,
     1e6, 1, 0},
};

typedef struct cma {
    size_t n, lambda, mu;
    dg_rng *rng;
    double *w; /* lambda recombination weights, best first */
    double mueff, cs, ds, cc, c1, cmu, chin, sumw;
    double sigma, *m, *ps, *pc;
    double *C;     /* n*n; the upper triangle is current */
    double *B, *D; /* eigenvectors (rows) and sqrt(eigenvalues) of the last decomposition */
    double *S;     /* n*n scratch: the symmetric copy handed to the eigensolver */
    int identity;  /* B = I and D = 1 (before the first decomposition) */
    size_t gen, last_eigen, gap;
    /* the generation being evaluated */
    double *z, *y, *fit; /* lambda*n, lambda*n, lambda */
    size_t *idx, handed, told, ask_start, asked;
    double *yw, *zw, *t, *coef;
    const double **vec;
} cma;

static void cma_destroy(void *state)
{
    cma *s = state;
    if (!s)
        return;
    free(s->w), free(s->m), free(s->ps), free(s->pc), free(s->C), free(s->B), free(s->D), free(s->S);
    free(s->z), free(s->y), free(s->fit), free(s->idx), free(s->yw), free(s->zw), free(s->t), free(s->coef);
    free(s->vec);
    free(s);
}

static int cma_create(void **state, size_t n, const double *p, dg_rng *rng, int64_t budget)
{
    (void)budget;
    cma *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting cma");
    s->n = n;
    s->rng = rng;
    size_t lambda = p[P_POPSIZE] > 0 ? (size_t)p[P_POPSIZE] : 4 + (size_t)floor(3.0 * log((double)n));
    if (lambda < 2)
        lambda = 2;
    s->lambda = lambda;
    s->mu = lambda / 2;
    s->sigma = p[P_SIGMA];
    s->identity = 1;
    size_t nn = n * n;
    s->w = calloc(lambda, sizeof *s->w);
    s->m = calloc(n, sizeof *s->m);
    s->ps = calloc(n, sizeof *s->ps);
    s->pc = calloc(n, sizeof *s->pc);
    s->C = calloc(nn, sizeof *s->C);
    s->B = calloc(nn, sizeof *s->B);
    s->D = malloc(n * sizeof *s->D);
    s->S = malloc(nn * sizeof *s->S);
    s->z = malloc(lambda * n * sizeof *s->z);
    s->y = malloc(lambda * n * sizeof *s->y);
    s->fit = malloc(lambda * sizeof *s->fit);
    s->idx = malloc(lambda * sizeof *s->idx);
    s->yw = malloc(n * sizeof *s->yw);
    s->zw = malloc(n * sizeof *s->zw);
    s->t = malloc(n * sizeof *s->t);
    s->coef = malloc((lambda + 1) * sizeof *s->coef);
    s->vec = malloc((lambda + 1) * sizeof *s->vec);
    if (!s->w || !s->m || !s->ps || !s->pc || !s->C || !s->B || !s->D || !s->S || !s->z || !s->y || !s->fit ||
        !s->idx || !s->yw || !s->zw || !s->t || !s->coef || !s->vec) {
        cma_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting cma (n = %zu)", n);
    }
    for (size_t i = 0; i < n; i++) {
        s->C[i * n + i] = 1;
        s->B[i * n + i] = 1;
        s->D[i] = 1;
    }
    /* Weights and learning rates: the tutorial's Table 1. */
    double dn = (double)n, sp = 0, sp2 = 0, sn = 0, sn2 = 0;
    for (size_t i = 0; i < lambda; i++) {
        double wi = log(((double)lambda + 1) / 2) - log((double)i + 1);
        s->w[i] = wi;
        if (i < s->mu)
            sp += wi, sp2 += wi * wi;
        else
            sn += wi, sn2 += wi * wi;
    }
    s->mueff = sp * sp / sp2;
    double mueff_neg = sn2 > 0 ? sn * sn / sn2 : 0;
    s->c1 = 2.0 / ((dn + 1.3) * (dn + 1.3) + s->mueff);
    s->cmu = 2.0 * (s->mueff - 2 + 1 / s->mueff) / ((dn + 2) * (dn + 2) + s->mueff);
    if (s->cmu > 1 - s->c1)
        s->cmu = 1 - s->c1;
    double amu = 1 + s->c1 / s->cmu, amueff = 1 + 2 * mueff_neg / (s->mueff + 2);
    double aposdef = (1 - s->c1 - s->cmu) / (dn * s->cmu);
    double aneg = amu < amueff ? amu : amueff;
    if (aposdef < aneg)
        aneg = aposdef;
    s->sumw = 0;
    for (size_t i = 0; i < lambda; i++) {
        if (i < s->mu)
            s->w[i] /= sp;
        else
            s->w[i] = p[P_ACTIVE] != 0 && sn != 0 ? s->w[i] * aneg / fabs(sn) : 0;
        s->sumw += s->w[i];
    }
    s->cs = (s->mueff + 2) / (dn + s->mueff + 5);
    double q = sqrt((s->mueff - 1) / (dn + 1)) - 1;
    s->ds = 1 + 2 * (q > 0 ? q : 0) + s->cs;
    s->cc = (4 + s->mueff / dn) / (dn + 4 + 2 * s->mueff / dn);
    s->chin = sqrt(dn) * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn));
    /* Lazy eigendecomposition. */
    if (p[P_EIGEN_GAP] > 0) {
        s->gap = (size_t)p[P_EIGEN_GAP];
    } else {
        double lazy = 0.5 / (dn * (s->c1 + s->cmu));                  /* pycma */
        double cheap = ceil(10.0 * dn / (double)lambda);              /* >= 10 n samples */
        double g = dn >= LARGE_N && cheap > lazy ? cheap : lazy;
        s->gap = g < 1 ? 1 : g > 1e9 ? (size_t)1e9 : (size_t)g;
    }
    *state = s;
    return DG_OK;
}

/* Draw a whole generation: z ~ N(0, I), y = B^T (D z). */
static void sample_generation(cma *s)
{
    size_t n = s->n, lam = s->lambda;
    for (size_t k = 0; k < lam * n; k++)
        s->z[k] = dg_rng_normal(s->rng);
    if (s->identity) {
        memcpy(s->y, s->z, lam * n * sizeof *s->y);
        return;
    }
    memset(s->y, 0, lam * n * sizeof *s->y);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) { /* four rows of B per pass over each y */
        const double *b = s->B + i * n;
        for (size_t k = 0; k < lam; k++) {
            const double *z = s->z + k * n + i;
            dgi_axpy4(s->y + k * n, b, s->D[i] * z[0], b + n, s->D[i + 1] * z[1], b + 2 * n, s->D[i + 2] * z[2],
                      b + 3 * n, s->D[i + 3] * z[3], n);
        }
    }
    for (; i < n; i++)
        for (size_t k = 0; k < lam; k++)
            dgi_axpy(s->y + k * n, s->B + i * n, s->D[i] * s->z[k * n + i], n);
}

static int cma_ask(void *state, double *u, size_t cap, size_t *count)
{
    cma *s = state;
    size_t n = s->n;
    if (s->handed == 0 && s->told == 0)
        sample_generation(s);
    size_t k = s->lambda - s->handed;
    if (k > cap)
        k = cap;
    for (size_t i = 0; i < k; i++) {
        const double *y = s->y + (s->handed + i) * n;
        for (size_t j = 0; j < n; j++)
            u[i * n + j] = s->m[j] + s->sigma * y[j];
    }
    s->ask_start = s->handed;
    s->asked = k;
    s->handed += k;
    *count = k;
    return DG_OK;
}

static int decompose(cma *s)
{
    size_t n = s->n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            s->S[i * n + j] = s->S[j * n + i] = s->C[i * n + j];
    int rc = dgi_eigen_symmetric(n, s->S, s->t, s->B);
    if (rc)
        return rc;
    double top = s->t[n - 1] > 0 ? s->t[n - 1] : 1, floor_ev = top * 1e-14;
    for (size_t i = 0; i < n; i++)
        s->D[i] = sqrt(s->t[i] > floor_ev ? s->t[i] : floor_ev);
    s->identity = 0;
    s->last_eigen = s->gen;
    return DG_OK;
}

static void sort_indices(cma *s)
{
    /* Insertion sort by loss (stable; lambda is small). */
    for (size_t i = 0; i < s->lambda; i++) {
        size_t v = s->idx[i] = i, j = i;
        while (j > 0 && s->fit[s->idx[j - 1]] > s->fit[v]) {
            s->idx[j] = s->idx[j - 1];
            j--;
        }
        s->idx[j] = v;
    }
}

static int update(cma *s)
{
    size_t n = s->n, lam = s->lambda;
    sort_indices(s);
    memset(s->yw, 0, n * sizeof *s->yw);
    memset(s->zw, 0, n * sizeof *s->zw);
    for (size_t i = 0; i < s->mu; i++) {
        const double *y = s->y + s->idx[i] * n, *z = s->z + s->idx[i] * n;
        for (size_t j = 0; j < n; j++) {
            s->yw[j] += s->w[i] * y[j];
            s->zw[j] += s->w[i] * z[j];
        }
    }
    for (size_t j = 0; j < n; j++)
        s->m[j] += s->sigma * s->yw[j];
    /* C^(-1/2) y_w = B^T z_w. */
    if (s->identity) {
        memcpy(s->t, s->zw, n * sizeof *s->t);
    } else {
        memset(s->t, 0, n * sizeof *s->t);
        for (size_t i = 0; i < n; i++)
            dgi_axpy(s->t, s->B + i * n, s->zw[i], n);
    }
    double fs = sqrt(s->cs * (2 - s->cs) * s->mueff), norm = 0;
    for (size_t j = 0; j < n; j++) {
        s->ps[j] = (1 - s->cs) * s->ps[j] + fs * s->t[j];
        norm += s->ps[j] * s->ps[j];
    }
    norm = sqrt(norm);
    double g1 = (double)s->gen + 1;
    int hsig = norm / sqrt(1 - pow(1 - s->cs, 2 * g1)) < (1.4 + 2 / ((double)n + 1)) * s->chin;
    double fc = hsig ? sqrt(s->cc * (2 - s->cc) * s->mueff) : 0;
    for (size_t j = 0; j < n; j++)
        s->pc[j] = (1 - s->cc) * s->pc[j] + fc * s->yw[j];

    /* C <- a C + c1 pc pc^T + cmu sum w°_i y_i y_i^T (upper triangle). */
    double a = 1 + s->c1 * (hsig ? 0 : s->cc * (2 - s->cc)) - s->c1 - s->cmu * s->sumw;
    size_t K = 0;
    s->coef[K] = s->c1;
    s->vec[K++] = s->pc;
    for (size_t i = 0; i < lam; i++) {
        double wi = s->w[i];
        if (wi == 0)
            continue;
        const double *z = s->z + s->idx[i] * n;
        if (wi < 0) {
            double zz = 0;
            for (size_t j = 0; j < n; j++)
                zz += z[j] * z[j];
            wi *= zz > 0 ? (double)n / zz : 0;
        }
        s->coef[K] = s->cmu * wi;
        s->vec[K++] = s->y + s->idx[i] * n;
    }
    for (size_t r = 0; r < n; r++) {
        double *row = s->C + r * n;
        dgi_scale(row + r, a, n - r);
        size_t k = 0;
        for (; k + 4 <= K; k += 4) {
            const double *const *v = s->vec + k;
            const double *c = s->coef + k;
            dgi_axpy4(row + r, v[0] + r, c[0] * v[0][r], v[1] + r, c[1] * v[1][r], v[2] + r, c[2] * v[2][r],
                      v[3] + r, c[3] * v[3][r], n - r);
        }
        for (; k < K; k++)
            dgi_axpy(row + r, s->vec[k] + r, s->coef[k] * s->vec[k][r], n - r);
    }
    double change = (s->cs / s->ds) * (norm / s->chin - 1);
    s->sigma *= exp(change < 1 ? change : 1);
    if (!(s->sigma < 1e100))
        s->sigma = 1e100;
    if (s->sigma < 1e-100)
        s->sigma = 1e-100;
    s->gen++;
    if (s->gen - s->last_eigen >= s->gap)
        return decompose(s);
    return DG_OK;
}

static int cma_tell(void *state, const double *loss, size_t count)
{
    cma *s = state;
    if (count > s->asked)
        count = s->asked;
    for (size_t i = 0; i < count; i++)
        s->fit[s->ask_start + i] = loss[i];
    s->told = s->ask_start + count;
    s->handed = s->told; /* dropped points are handed out again */
    s->asked = 0;
    if (s->told < s->lambda)
        return DG_OK;
    s->handed = s->told = 0;
    return update(s);
}

const dgi_vecopt_class dgi_vecopt_cma = {"cma", params, P_COUNT, cma_create, cma_destroy, cma_ask, cma_tell};

DGI_VECOPT_BUILTIN(cma,
                   "CMA-ES (nevergrad CMA / pycma): full covariance, lambda = 4 + 3 ln n, sigma0 = 1, active update, lazy eigen")
