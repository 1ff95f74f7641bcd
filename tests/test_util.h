/* test_util.h: helpers shared by the CUnit suites. */
#ifndef DIGAMMA_TEST_UTIL_H
#define DIGAMMA_TEST_UTIL_H

#include <CUnit/CUnit.h>
#include <stdio.h>

/* Register a suite from a NULL-terminated CU_TestInfo array. */
#define DG_REGISTER_SUITE(name, tests)                                          \
    void register_##name##_suite(void);                                       \
    void register_##name##_suite(void)                                        \
    {                                                                          \
        CU_SuiteInfo suites[] = {{#name, NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL}; \
        CU_register_suites(suites);                                            \
    }

/* Path of a file in the source tree (tests/data/..., examples/...). */
#define DG_SRC(rel) DG_TEST_SRCDIR "/" rel

/* Assert a libdigamma status, printing the last error when it differs. */
#define DG_ASSERT_RC(expr, want)                                               \
    do {                                                                       \
        int rc_ = (expr);                                                      \
        if (rc_ != (want))                                                     \
            fprintf(stderr, "%s:%d: %s returned %d (%s), want %d\n", __FILE__, \
                    __LINE__, #expr, rc_, dg_last_error()->message, (want));   \
        CU_ASSERT_EQUAL(rc_, (want));                                          \
    } while (0)

#define DG_ASSERT_OK(expr) DG_ASSERT_RC((expr), DG_OK)

#endif
