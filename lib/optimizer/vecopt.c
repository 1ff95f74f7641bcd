/*
 * vecopt.c: what the baseline cores share: nevergrad's bounded-scalar
 * transform, the normal CDF and its inverse, and the plain-function test
 * harness (the dg_optimizer_ops wrapper is vecopt_ops.c).
 */
#include "vecopt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- transforms --------------------------------------------------------------------- */

double dgi_vecopt_to_unit(double u)
{
    if (isnan(u))
        return 0.5;
    double x = 0.5 + u / 6.0;              /* nevergrad: centre + sigma * u, sigma = (b - a)/6 */
    double c = x < 0 ? 0 : x > 1 ? 1 : x;  /* bouncing: reflect once at the border ... */
    double r = 2.0 * c - x;
    return r < 0 ? 0 : r > 1 ? 1 : r;      /* ... then clip */
}

double dgi_vecopt_from_unit(double v)
{
    return 6.0 * (v - 0.5);
}

double dgi_norm_cdf(double x)
{
    return 0.5 * erfc(-x * 0.70710678118654752440);
}

/* Acklam's rational approximation, polished by one Halley step. */
double dgi_norm_ppf(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double lo = 0.02425, hi = 1 - lo;
    if (!(p > 1e-16))
        p = 1e-16;
    if (p > 1 - 1e-16)
        p = 1 - 1e-16;
    double x;
    if (p < lo) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= hi) {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        double q = sqrt(-2 * log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double e = dgi_norm_cdf(x) - p;
    double u = e * 2.50662827463100050242 * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

void dgi_vecopt_defaults(const dgi_vecopt_class *cls, double *out)
{
    for (size_t i = 0; i < cls->num_params; i++)
        out[i] = cls->params[i].default_value;
}

/* ---- the plain-function harness ------------------------------------------------------------- */

int dgi_vecopt_minimize(const dgi_vecopt_class *cls, const double *params, size_t n, dgi_vecopt_fn f, void *data,
                        dg_rng *rng, int64_t budget, size_t batch, double *best_u, double *best_f)
{
    if (batch == 0)
        batch = 1;
    double *defaults = calloc(cls->num_params + 1, sizeof *defaults);
    double *u = malloc(batch * n * sizeof *u), *loss = malloc(batch * sizeof *loss);
    void *core = NULL;
    int rc = defaults && u && loss ? DG_OK : dgi_fail(DG_ENOMEM, "out of memory");
    if (rc == DG_OK) {
        dgi_vecopt_defaults(cls, defaults);
        rc = cls->create(&core, n, params ? params : defaults, rng, budget);
    }
    *best_f = HUGE_VAL;
    for (int64_t done = 0; rc == DG_OK && done < budget;) {
        size_t cap = (int64_t)batch < budget - done ? batch : (size_t)(budget - done), got = 0;
        if ((rc = cls->ask(core, u, cap, &got)) || got == 0)
            break;
        for (size_t i = 0; i < got; i++) {
            loss[i] = f(u + i * n, n, data);
            if (loss[i] < *best_f) {
                *best_f = loss[i];
                if (best_u)
                    memcpy(best_u, u + i * n, n * sizeof *u);
            }
        }
        rc = cls->tell(core, loss, got);
        done += (int64_t)got;
    }
    if (core)
        cls->destroy(core);
    free(defaults);
    free(u);
    free(loss);
    return rc;
}
