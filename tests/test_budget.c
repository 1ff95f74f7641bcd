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
    {"NULL handles", test_null_handles},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(budget, tests)
