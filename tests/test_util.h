/* test_util.h: helpers shared by the CUnit suites. */
#ifndef DIGAMMA_TEST_UTIL_H
#define DIGAMMA_TEST_UTIL_H

#include <CUnit/CUnit.h>
#include <digamma/digamma.h>
#include <stdio.h>
#include <string.h>

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

/* The handles one search needs, as the search, checkpoint and scheme suites
 * open them (in this order: a positional initialiser may fill the first four). */
typedef struct test_search_env {
    dg_workload *w;
    dg_budget *b;
    dg_cost_model *cm;
    dg_optimizer *opt;
    dg_search *s;
} test_search_env;

/* Destroy what is open (NULL handles are fine) and clear the struct. */
static inline void test_search_env_close(test_search_env *e)
{
    dg_search_destroy(e->s);
    dg_optimizer_destroy(e->opt);
    dg_cost_model_destroy(e->cm);
    dg_budget_destroy(e->b);
    dg_workload_destroy(e->w);
    memset(e, 0, sizeof *e);
}

#endif
