/* test_errors.c: status strings, the per-thread last error, version twins. */
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <pthread.h>
#include <string.h>

static void test_strerror_covers_every_code(void)
{
    for (int code = DG_OK; code >= DG_EINTERNAL; code--) {
        const char *s = dg_strerror(code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown error");
    }
    CU_ASSERT_STRING_EQUAL(dg_strerror(-999), "unknown error");
    CU_ASSERT_STRING_EQUAL(dg_strerror(42), "unknown error");
}

static void test_last_error_records_and_clears(void)
{
    dg_error_clear();
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_OK);
    CU_ASSERT_EQUAL(dg_error_set(DG_ERANGE, "value %d too big", 7), DG_ERANGE);
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_ERANGE);
    CU_ASSERT_STRING_EQUAL(dg_last_error()->message, "value 7 too big");
    dg_error_clear();
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_OK);
    CU_ASSERT_PTR_NOT_NULL(dg_last_error()->message);
}

static void test_long_messages_are_truncated_not_overflowed(void)
{
    char big[4000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    dg_error_set(DG_EINVAL, "%s", big);
    CU_ASSERT(strlen(dg_last_error()->message) < sizeof big);
    CU_ASSERT(strlen(dg_last_error()->message) > 100);
}

static void *fail_on_other_thread(void *arg)
{
    (void)arg;
    dg_error_set(DG_EIO, "other thread");
    return NULL;
}

static void test_last_error_is_per_thread(void)
{
    dg_error_set(DG_EINVAL, "main thread");
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, fail_on_other_thread, NULL), 0);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(dg_last_error()->code, DG_EINVAL);
    CU_ASSERT_STRING_EQUAL(dg_last_error()->message, "main thread");
}

static void test_version_twins_match_headers(void)
{
    CU_ASSERT_EQUAL(dg_version_number(), DG_VERSION_NUMBER);
    CU_ASSERT_STRING_EQUAL(dg_version_string(), DG_VERSION_STRING);
    CU_ASSERT_EQUAL(dg_plugin_abi_version(), DG_PLUGIN_ABI_VERSION);
    CU_ASSERT(DG_VERSION_CHECK(0, 0, 1));
    CU_ASSERT(!DG_VERSION_CHECK(999, 0, 0));
}

static CU_TestInfo tests[] = {
    {"strerror covers every code", test_strerror_covers_every_code},
    {"last error records and clears", test_last_error_records_and_clears},
    {"long messages are truncated", test_long_messages_are_truncated_not_overflowed},
    {"last error is per thread", test_last_error_is_per_thread},
    {"version twins match headers", test_version_twins_match_headers},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(errors, tests)
