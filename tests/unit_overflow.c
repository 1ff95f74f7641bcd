/* unit_overflow.c: the internal overflow-checked arithmetic and number parser. */
#include "test_util.h"

#include "internal.h"
#include "workload/parse_common.h"

#include <string.h>

static void test_mul_add(void)
{
    int64_t r;
    CU_ASSERT(dgi_mul64(3, 4, &r) && r == 12);
    CU_ASSERT(!dgi_mul64(INT64_MAX, 2, &r));
    CU_ASSERT(!dgi_add64(INT64_MAX, 1, &r));
    CU_ASSERT(dgi_add64(-5, 5, &r) && r == 0);
}

static int parse(const char *s, int64_t *v)
{
    return dgi_parse_int64(s, s + strlen(s), v);
}

static void test_parse_int64(void)
{
    int64_t v;
    CU_ASSERT(parse(" 42 ", &v) == DG_OK && v == 42);
    CU_ASSERT(parse("-7", &v) == DG_OK && v == -7);
    CU_ASSERT(parse("9223372036854775807", &v) == DG_OK && v == INT64_MAX);
    CU_ASSERT_EQUAL(parse("9223372036854775808", &v), DG_ERANGE);
    CU_ASSERT_EQUAL(parse("99999999999999999999999", &v), DG_ERANGE);
    CU_ASSERT_EQUAL(parse("", &v), DG_EPARSE);
    CU_ASSERT_EQUAL(parse("-", &v), DG_EPARSE);
    CU_ASSERT_EQUAL(parse("1.5", &v), DG_EPARSE);
    CU_ASSERT_EQUAL(parse("12a", &v), DG_EPARSE);
    CU_ASSERT_EQUAL(parse("0x10", &v), DG_EPARSE);
}

static void test_lines_handle_crlf_and_missing_final_newline(void)
{
    const char text[] = "a\r\nbb\n\nccc";
    dgi_lines it;
    const char *s, *e;
    dgi_lines_init(&it, text, sizeof text - 1);
    CU_ASSERT(dgi_lines_next(&it, &s, &e) && e - s == 1 && it.line == 1);
    CU_ASSERT(dgi_lines_next(&it, &s, &e) && e - s == 2 && it.line == 2);
    CU_ASSERT(dgi_lines_next(&it, &s, &e) && e - s == 0 && it.line == 3);
    CU_ASSERT(dgi_lines_next(&it, &s, &e) && e - s == 3 && it.line == 4);
    CU_ASSERT(!dgi_lines_next(&it, &s, &e));
}

static CU_TestInfo tests[] = {
    {"checked multiply and add", test_mul_add},
    {"strict integer parsing", test_parse_int64},
    {"line splitting", test_lines_handle_crlf_and_missing_final_newline},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(overflow, tests)
