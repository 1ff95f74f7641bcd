/* test_budget.c: the budget handle. */
#include "test_util.h"

#include <digamma/digamma.h>

#include <math.h>

static void test_presets(void)
{
    dg_budget *b;
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    CU_ASSERT_DOUBLE_EQUAL(dg_budget_area_mm2(b), 0.2, 1e-12);
    CU_ASSERT_EQUAL(dg_budget_power_mw(b), DG_UNLIMITED);
    CU_ASSERT_EQUAL(dg_budget_max_pes(b), DG_UNLIMITED);
    CU_ASSERT_EQUAL(dg_budget_fixed_hw(b, NULL, NULL, NULL, NULL), 0);
    dg_budget_destroy(b);
    DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
    CU_ASSERT_DOUBLE_EQUAL(dg_budget_area_mm2(b), 7.0, 1e-12);
    dg_budget_destroy(b);
    b = (dg_budget *)0x1;
    DG_ASSERT_RC(dg_budget_create_preset(&b, "mainframe"), DG_ENOTFOUND);
    CU_ASSERT_PTR_EQUAL(b, (dg_budget *)0x1); /* untouched on failure */
}

static void test_limits_and_bad_values(void)
{
    dg_budget *b;
    DG_ASSERT_OK(dg_budget_create(&b, 1.5));
    DG_ASSERT_OK(dg_budget_set_power_mw(b, 300));
    DG_ASSERT_OK(dg_budget_set_max_pes(b, 1024));
    DG_ASSERT_RC(dg_budget_set_area_mm2(b, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_area_mm2(b, -3), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_area_mm2(b, NAN), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_area_mm2(b, INFINITY), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_max_pes(b, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_power_mw(b, -1e9), DG_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(dg_budget_area_mm2(b), 1.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dg_budget_power_mw(b), 300, 1e-12);
    CU_ASSERT_EQUAL(dg_budget_max_pes(b), 1024);
    DG_ASSERT_OK(dg_budget_set_area_mm2(b, DG_UNLIMITED));
    CU_ASSERT_EQUAL(dg_budget_area_mm2(b), DG_UNLIMITED);
    dg_budget_destroy(b);
    DG_ASSERT_RC(dg_budget_create(&b, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_create(NULL, 1), DG_EINVAL);
}

static void test_fixed_hw(void)
{
    dg_budget *b, *c;
    DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
    DG_ASSERT_OK(dg_budget_set_fixed_hw(b, 16, 32, 512, DG_UNLIMITED));
    DG_ASSERT_RC(dg_budget_set_fixed_hw(b, 0, 32, 512, 1024), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_fixed_hw(b, 4, 4, 0, 1024), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_fixed_hw(b, INT64_MAX, 4, 1, 1), DG_ERANGE);
    DG_ASSERT_OK(dg_budget_clone(&c, b));
    dg_budget_destroy(b);
    int64_t rows = 0, cols = 0, l1 = 0, l2 = 0;
    CU_ASSERT_EQUAL(dg_budget_fixed_hw(c, &rows, &cols, &l1, &l2), 1);
    CU_ASSERT_EQUAL(rows, 16);
    CU_ASSERT_EQUAL(cols, 32);
    CU_ASSERT_EQUAL(l1, 512);
    CU_ASSERT_EQUAL(l2, DG_UNLIMITED);
    dg_budget_clear_fixed_hw(c);
    CU_ASSERT_EQUAL(dg_budget_fixed_hw(c, &rows, NULL, NULL, NULL), 0);
    dg_budget_destroy(c);
}

/* The Mapping-opt presets: inside the area, ordered from buffer- to
 * compute-focused, L1s that hold a 7x7 filter's working set (294 bytes). */
static void test_hw_presets(void)
{
    static const char *const platforms[] = {"edge", "cloud"};
    for (int p = 0; p < 2; p++) {
        int64_t last_pes = 0, last_l1 = INT64_MAX;
        for (int preset = DG_HW_PRESET_BUFFER; preset <= DG_HW_PRESET_COMPUTE; preset++) {
            dg_budget *b = NULL;
            DG_ASSERT_OK(dg_budget_create_preset(&b, platforms[p]));
            DG_ASSERT_OK(dg_budget_set_fixed_hw_preset(b, preset));
            int64_t rows = 0, cols = 0, l1 = 0, l2 = 0;
            CU_ASSERT_EQUAL_FATAL(dg_budget_fixed_hw(b, &rows, &cols, &l1, &l2), 1);
            double area = 282.0 * (double)(rows * cols) + 0.688 * ((double)(l1 * rows * cols) + (double)l2);
            CU_ASSERT(area <= dg_budget_area_mm2(b) * 1e6);
            CU_ASSERT(area >= 0.99 * dg_budget_area_mm2(b) * 1e6); /* a preset spends its budget */
            CU_ASSERT(rows * cols > last_pes);
            CU_ASSERT(l1 < last_l1);
            CU_ASSERT(l1 >= 294);
            CU_ASSERT((cols & (cols - 1)) == 0 && cols * cols <= rows * cols * 4);
            last_pes = rows * cols;
            last_l1 = l1;
            CU_ASSERT_EQUAL(dg_hw_preset_from_name(dg_hw_preset_name(preset)), preset);
            dg_budget_destroy(b);
        }
    }
    /* A PE limit caps the array. */
    dg_budget *b = NULL;
    DG_ASSERT_OK(dg_budget_create_preset(&b, "cloud"));
    DG_ASSERT_OK(dg_budget_set_max_pes(b, 100));
    DG_ASSERT_OK(dg_budget_set_fixed_hw_preset(b, DG_HW_PRESET_COMPUTE));
    int64_t rows = 0, cols = 0;
    dg_budget_fixed_hw(b, &rows, &cols, NULL, NULL);
    CU_ASSERT(rows * cols <= 100 && rows * cols >= 64);
    dg_budget_destroy(b);
}

static void test_hw_presets_bad_input(void)
{
    dg_budget *b = NULL;
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_budget_set_fixed_hw(b, 2, 3, 40, 50));
    DG_ASSERT_RC(dg_budget_set_fixed_hw_preset(b, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_fixed_hw_preset(b, 4), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_fixed_hw_preset(NULL, DG_HW_PRESET_MEDIUM), DG_EINVAL);
    DG_ASSERT_OK(dg_budget_set_area_mm2(b, 0.0002)); /* 200 µm²: not one PE */
    DG_ASSERT_RC(dg_budget_set_fixed_hw_preset(b, DG_HW_PRESET_COMPUTE), DG_EINFEASIBLE);
    DG_ASSERT_OK(dg_budget_set_area_mm2(b, DG_UNLIMITED));
    DG_ASSERT_RC(dg_budget_set_fixed_hw_preset(b, DG_HW_PRESET_COMPUTE), DG_EINVAL);
    int64_t rows = 0, cols = 0, l1 = 0, l2 = 0; /* unchanged by the failures */
    CU_ASSERT_EQUAL(dg_budget_fixed_hw(b, &rows, &cols, &l1, &l2), 1);
    CU_ASSERT(rows == 2 && cols == 3 && l1 == 40 && l2 == 50);
    dg_budget_destroy(b);
    CU_ASSERT_PTR_NULL(dg_hw_preset_name(0));
    CU_ASSERT_STRING_EQUAL(dg_hw_preset_name(DG_HW_PRESET_COMPUTE), "compute");
    CU_ASSERT_EQUAL(dg_hw_preset_from_name("huge"), DG_ENOTFOUND);
    CU_ASSERT_EQUAL(dg_hw_preset_from_name(NULL), DG_ENOTFOUND);
}

static void test_null_handles(void)
{
    CU_ASSERT_EQUAL(dg_budget_area_mm2(NULL), DG_UNLIMITED);
    CU_ASSERT_EQUAL(dg_budget_max_pes(NULL), DG_UNLIMITED);
    DG_ASSERT_RC(dg_budget_set_area_mm2(NULL, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_set_fixed_hw(NULL, 1, 1, 1, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_budget_clone(NULL, NULL), DG_EINVAL);
    dg_budget_clear_fixed_hw(NULL);
    dg_budget_destroy(NULL);
}

static CU_TestInfo tests[] = {
    {"presets", test_presets},
    {"limits and bad values", test_limits_and_bad_values},
    {"fixed hardware", test_fixed_hw},
    {"fixed hardware presets (Mapping-opt)", test_hw_presets},
    {"fixed hardware presets: bad input", test_hw_presets_bad_input},
    {"NULL handles", test_null_handles},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(budget, tests)
