/*
 * budget.c: the dg_budget handle: area, power and PE limits, and fixed hardware.
 *
 * Limits use DG_UNLIMITED rather than GAMMA's -1-or-2^30 conventions, so "no
 * limit" is explicit and cannot be confused with a tiny budget.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct dg_budget {
    double area_mm2;
    double power_mw;
    int64_t max_pes;
    bool fixed_hw;
    int64_t rows, cols, l1_bytes, l2_bytes;
};

static bool valid_limit(double v)
{
    return v == DG_UNLIMITED || (isfinite(v) && v > 0);
}

DG_API int dg_budget_create(dg_budget **out, double area_mm2)
{
    if (!out)
        return dgi_fail(DG_EINVAL, "dg_budget_create: out is NULL");
    if (!valid_limit(area_mm2))
        return dgi_fail(DG_EINVAL, "area budget must be a positive number of mm² or DG_UNLIMITED, got %g", area_mm2);
    dg_budget *b = calloc(1, sizeof *b);
    if (!b)
        return dgi_fail(DG_ENOMEM, "out of memory creating a budget");
    b->area_mm2 = area_mm2;
    b->power_mw = DG_UNLIMITED;
    b->max_pes = DG_UNLIMITED;
    *out = b;
    return DG_OK;
}

DG_API int dg_budget_create_preset(dg_budget **out, const char *platform)
{
    if (!out || !platform)
        return dgi_fail(DG_EINVAL, "dg_budget_create_preset: NULL argument");
    if (strcmp(platform, "edge") == 0)
        return dg_budget_create(out, DG_EDGE_AREA_MM2);
    if (strcmp(platform, "cloud") == 0)
        return dg_budget_create(out, DG_CLOUD_AREA_MM2);
    return dgi_fail(DG_ENOTFOUND, "unknown platform '%s' (expected edge or cloud)", platform);
}

DG_API int dg_budget_clone(dg_budget **out, const dg_budget *b)
{
    if (!out || !b)
        return dgi_fail(DG_EINVAL, "dg_budget_clone: NULL argument");
    dg_budget *c = malloc(sizeof *c);
    if (!c)
        return dgi_fail(DG_ENOMEM, "out of memory copying a budget");
    *c = *b;
    *out = c;
    return DG_OK;
}

DG_API void dg_budget_destroy(dg_budget *b)
{
    free(b);
}

DG_API int dg_budget_set_area_mm2(dg_budget *b, double area_mm2)
{
    if (!b || !valid_limit(area_mm2))
        return dgi_fail(DG_EINVAL, "area budget must be a positive number of mm² or DG_UNLIMITED");
    b->area_mm2 = area_mm2;
    return DG_OK;
}

DG_API double dg_budget_area_mm2(const dg_budget *b)
{
    return b ? b->area_mm2 : DG_UNLIMITED;
}

DG_API int dg_budget_set_power_mw(dg_budget *b, double power_mw)
{
    if (!b || !valid_limit(power_mw))
        return dgi_fail(DG_EINVAL, "power budget must be a positive number of mW or DG_UNLIMITED");
    b->power_mw = power_mw;
    return DG_OK;
}

DG_API double dg_budget_power_mw(const dg_budget *b)
{
    return b ? b->power_mw : DG_UNLIMITED;
}

DG_API int dg_budget_set_max_pes(dg_budget *b, int64_t max_pes)
{
    if (!b || (max_pes < 1 && max_pes != DG_UNLIMITED))
        return dgi_fail(DG_EINVAL, "PE limit must be at least 1 or DG_UNLIMITED");
    b->max_pes = max_pes;
    return DG_OK;
}

DG_API int64_t dg_budget_max_pes(const dg_budget *b)
{
    return b ? b->max_pes : DG_UNLIMITED;
}

DG_API int dg_budget_set_fixed_hw(dg_budget *b, int64_t rows, int64_t cols, int64_t l1_bytes, int64_t l2_bytes)
{
    if (!b)
        return dgi_fail(DG_EINVAL, "dg_budget_set_fixed_hw: budget is NULL");
    if (rows < 1 || cols < 1)
        return dgi_fail(DG_EINVAL, "the PE array needs at least 1 row and 1 column, got %lldx%lld",
                        (long long)rows, (long long)cols);
    if ((l1_bytes < 1 && l1_bytes != DG_UNLIMITED) || (l2_bytes < 1 && l2_bytes != DG_UNLIMITED))
        return dgi_fail(DG_EINVAL, "buffer capacities must be at least 1 byte or DG_UNLIMITED");
    int64_t pes;
    if (!dgi_mul64(rows, cols, &pes))
        return dgi_fail(DG_ERANGE, "a %lldx%lld PE array overflows", (long long)rows, (long long)cols);
    b->fixed_hw = true;
    b->rows = rows, b->cols = cols, b->l1_bytes = l1_bytes, b->l2_bytes = l2_bytes;
    return DG_OK;
}

DG_API void dg_budget_clear_fixed_hw(dg_budget *b)
{
    if (b)
        b->fixed_hw = false;
}

DG_API int dg_budget_fixed_hw(const dg_budget *b, int64_t *rows, int64_t *cols, int64_t *l1_bytes, int64_t *l2_bytes)
{
    if (!b || !b->fixed_hw)
        return 0;
    if (rows) *rows = b->rows;
    if (cols) *cols = b->cols;
    if (l1_bytes) *l1_bytes = b->l1_bytes;
    if (l2_bytes) *l2_bytes = b->l2_bytes;
    return 1;
}
