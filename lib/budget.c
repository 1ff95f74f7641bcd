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

/* Shares of the area spent on PEs, by preset (the rest buys SRAM). */
static const struct {
    const char *name;
    double pe_share;
} presets[] = {
    [DG_HW_PRESET_BUFFER] = {"buffer", 0.20},
    [DG_HW_PRESET_MEDIUM] = {"medium", 0.30},
    [DG_HW_PRESET_COMPUTE] = {"compute", 0.40},
};

DG_API const char *dg_hw_preset_name(int preset)
{
    return preset >= DG_HW_PRESET_BUFFER && preset <= DG_HW_PRESET_COMPUTE ? presets[preset].name : NULL;
}

DG_API int dg_hw_preset_from_name(const char *name)
{
    for (int p = DG_HW_PRESET_BUFFER; name && p <= DG_HW_PRESET_COMPUTE; p++)
        if (strcmp(name, presets[p].name) == 0)
            return p;
    return dgi_fail(DG_ENOTFOUND, "unknown hardware preset '%s' (expected buffer, medium or compute)",
                    name ? name : "(null)");
}

DG_API int dg_budget_set_fixed_hw_preset(dg_budget *b, int preset)
{
    if (!b)
        return dgi_fail(DG_EINVAL, "dg_budget_set_fixed_hw_preset: budget is NULL");
    if (!dg_hw_preset_name(preset))
        return dgi_fail(DG_EINVAL, "unknown hardware preset %d", preset);
    if (b->area_mm2 == DG_UNLIMITED)
        return dgi_fail(DG_EINVAL, "a hardware preset divides an area budget; this budget's area is unlimited");
    double area = b->area_mm2 * 1e6;
    double pes = floor(area * presets[preset].pe_share / DGI_PE_AREA_UM2);
    if (b->max_pes != DG_UNLIMITED && pes > (double)b->max_pes)
        pes = (double)b->max_pes;
    int64_t cols = 1;
    while ((double)(cols * 2) * (double)(cols * 2) <= pes)
        cols *= 2;
    int64_t rows = (int64_t)floor(pes / (double)cols);
    if (rows < 1)
        return dgi_fail(DG_EINFEASIBLE, "%g mm² cannot hold the %s preset's PEs (%g µm² each)", b->area_mm2,
                        presets[preset].name, DGI_PE_AREA_UM2);
    int64_t n = rows * cols;
    double sram = floor((area - DGI_PE_AREA_UM2 * (double)n) / DGI_SRAM_AREA_UM2_PER_BYTE);
    int64_t l1 = (int64_t)floor(sram / 2 / (double)n);
    int64_t l2 = (int64_t)floor(sram - (double)l1 * (double)n);
    if (l1 < 1 || l2 < 1)
        return dgi_fail(DG_EINFEASIBLE, "%g mm² leaves no SRAM for the %s preset's %lld PEs", b->area_mm2,
                        presets[preset].name, (long long)n);
    return dg_budget_set_fixed_hw(b, rows, cols, l1, l2);
}
