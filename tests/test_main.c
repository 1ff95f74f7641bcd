/*
 * test_main.c: the CUnit driver. Compiled once per test program; the suites
 * it runs are listed in the file named by SUITES_FILE (an X-macro list of
 * SUITE(name) lines, each defined by register_<name>_suite() in its own file).
 *
 * CUnit's basic runner returns 0 even when tests fail, so the exit status is
 * taken from the failure counts, read before the registry is cleaned up.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#define SUITE(name) void register_##name##_suite(void);
#include SUITES_FILE
#undef SUITE

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "cannot initialise CUnit: %s\n", CU_get_error_msg());
        return 2;
    }
#define SUITE(name) register_##name##_suite();
#include SUITES_FILE
#undef SUITE
    if (CU_get_error() != CUE_SUCCESS) {
        fprintf(stderr, "cannot register the suites: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    /* An optional argument runs one suite only (handy while debugging). */
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (argc > 1) {
        CU_pSuite s = CU_get_suite(argv[1]);
        if (!s) {
            fprintf(stderr, "no suite named %s\n", argv[1]);
            CU_cleanup_registry();
            return 2;
        }
        CU_basic_run_suite(s);
    } else {
        CU_basic_run_tests();
    }
    unsigned run = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned suites_failed = CU_get_number_of_suites_failed();
    printf("\n%u passed, %u failed\n", run - failed, failed + suites_failed);
    CU_cleanup_registry();
    return (failed || suites_failed) ? 1 : 0;
}
