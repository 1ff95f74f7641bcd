/* test_workload.c: the workload handle through the public API. */
#include "test_util.h"

#include <digamma/digamma.h>

#include <stdint.h>
#include <string.h>

static dg_layer get_layer(const dg_workload *w, size_t i)
{
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_OK(dg_workload_layer(w, i, &l));
    return l;
}

static void test_conv_output_size_and_macs(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_create(&w, "t"));
    /* ResNet's first layer: 224x224, 7x7, stride 2, pad 3 -> 112x112. */
    DG_ASSERT_OK(dg_workload_add_conv(w, "conv1", 1, 64, 3, 224, 224, 7, 7, 2, 3));
    dg_layer l = get_layer(w, 0);
    CU_ASSERT_EQUAL(l.out_y, 112);
    CU_ASSERT_EQUAL(l.out_x, 112);
    CU_ASSERT_EQUAL(l.macs, (int64_t)64 * 3 * 7 * 7 * 112 * 112);
    CU_ASSERT_EQUAL(l.count, 1);
    CU_ASSERT_STRING_EQUAL(l.name, "conv1");
    CU_ASSERT_EQUAL(l.type, DG_LAYER_CONV);
    dg_workload_destroy(w);
}

static void test_layer_kinds_macs(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_create(&w, NULL));
    CU_ASSERT_STRING_EQUAL(dg_workload_name(w), "workload");
    DG_ASSERT_OK(dg_workload_add_dwconv(w, "dw", 1, 32, 112, 112, 3, 3, 1, 1));
    DG_ASSERT_OK(dg_workload_add_gemm(w, "qk", 512, 512, 64));
    DG_ASSERT_OK(dg_workload_add_fc(w, "fc", 4, 1000, 2048));
    dg_layer dw = get_layer(w, 0), gemm = get_layer(w, 1), fc = get_layer(w, 2);
    CU_ASSERT_EQUAL(dw.macs, (int64_t)32 * 3 * 3 * 112 * 112);
    CU_ASSERT_EQUAL(dw.k, 32);
    CU_ASSERT_EQUAL(gemm.macs, (int64_t)512 * 512 * 64);
    CU_ASSERT_EQUAL(gemm.y, 512); /* M */
    CU_ASSERT_EQUAL(gemm.k, 512); /* N */
    CU_ASSERT_EQUAL(gemm.c, 64);  /* K */
    CU_ASSERT_EQUAL(fc.macs, (int64_t)4 * 1000 * 2048);
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), dw.macs + gemm.macs + fc.macs);
    CU_ASSERT_STRING_EQUAL(dg_layer_type_name(DG_LAYER_DWCONV), "DWCONV");
    CU_ASSERT_STRING_EQUAL(dg_layer_type_name(99), "unknown");
    dg_workload_destroy(w);
}

static void test_identical_layers_merge(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_create(&w, "t"));
    for (int i = 0; i < 3; i++)
        DG_ASSERT_OK(dg_workload_add_conv(w, i ? "again" : "first", 1, 64, 64, 56, 56, 3, 3, 1, 1));
    DG_ASSERT_OK(dg_workload_add_conv(w, "strided", 1, 64, 64, 56, 56, 3, 3, 2, 1));
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 4);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 2);
    dg_layer l = get_layer(w, 0);
    CU_ASSERT_EQUAL(l.count, 3);
    CU_ASSERT_STRING_EQUAL(l.name, "first");
    CU_ASSERT_EQUAL(dg_workload_total_macs(w), 3 * l.macs + get_layer(w, 1).macs);
    dg_workload_destroy(w);
}

static void test_bad_layers_rejected_and_workload_unchanged(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_create(&w, "t"));
    DG_ASSERT_OK(dg_workload_add_conv(w, "ok", 1, 8, 8, 8, 8, 3, 3, 1, 0));
    DG_ASSERT_RC(dg_workload_add_conv(w, "zero", 1, 0, 8, 8, 8, 3, 3, 1, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_conv(w, "neg", 1, 8, -8, 8, 8, 3, 3, 1, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_conv(w, "stride0", 1, 8, 8, 8, 8, 3, 3, 0, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_conv(w, "negpad", 1, 8, 8, 8, 8, 3, 3, 1, -1), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_conv(w, "bigfilter", 1, 8, 8, 2, 2, 3, 3, 1, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_gemm(w, "g", 0, 1, 1), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_fc(w, "f", 1, 1, -5), DG_EINVAL);
    /* Absurd dimensions whose product overflows 64 bits. */
    DG_ASSERT_RC(dg_workload_add_conv(w, "huge", 1, INT64_MAX / 2, 1 << 20, 1 << 20, 1 << 20, 1, 1, 1, 0), DG_ERANGE);
    DG_ASSERT_RC(dg_workload_add_conv(w, "hugepad", 1, 1, 1, 8, 8, 3, 3, 1, INT64_MAX), DG_ERANGE);
    CU_ASSERT(strstr(dg_last_error()->message, "overflow") != NULL);
    dg_layer bad = {.struct_size = sizeof bad, .type = 77, .n = 1, .k = 1, .c = 1, .y = 1, .x = 1, .r = 1, .s = 1, .stride_y = 1, .stride_x = 1};
    DG_ASSERT_RC(dg_workload_add_layer(w, &bad), DG_EINVAL);
    CU_ASSERT_EQUAL(dg_workload_num_layers(w), 1);
    CU_ASSERT_EQUAL(dg_workload_num_unique(w), 1);
    dg_workload_destroy(w);
}

static void test_null_handles(void)
{
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_RC(dg_workload_create(NULL, "x"), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_conv(NULL, "x", 1, 1, 1, 1, 1, 1, 1, 1, 0), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_add_layer(NULL, &l), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_layer(NULL, 0, &l), DG_EINVAL);
    DG_ASSERT_RC(dg_workload_clone(NULL, NULL), DG_EINVAL);
    CU_ASSERT_EQUAL(dg_workload_num_layers(NULL), 0);
    CU_ASSERT_EQUAL(dg_workload_num_unique(NULL), 0);
    CU_ASSERT_EQUAL(dg_workload_total_macs(NULL), 0);
    CU_ASSERT_STRING_EQUAL(dg_workload_name(NULL), "");
    dg_workload_destroy(NULL);
}

static void test_getter_bounds_and_struct_size(void)
{
    dg_workload *w;
    DG_ASSERT_OK(dg_workload_create(&w, "t"));
    DG_ASSERT_OK(dg_workload_add_gemm(w, "g", 2, 3, 4));
    dg_layer l = {.struct_size = sizeof l};
    DG_ASSERT_RC(dg_workload_layer(w, 1, &l), DG_ERANGE);
    l.struct_size = 8;
    DG_ASSERT_RC(dg_workload_layer(w, 0, &l), DG_EINVAL);
    /* An older caller that knows only the fields up to `macs` gets exactly those. */
    dg_layer older;
    memset(&older, 0x5a, sizeof older);
    older.struct_size = offsetof(dg_layer, count);
    DG_ASSERT_OK(dg_workload_layer(w, 0, &older));
    CU_ASSERT_EQUAL(older.macs, 24);
    CU_ASSERT_EQUAL(older.struct_size, offsetof(dg_layer, count));
    CU_ASSERT_NOT_EQUAL(older.count, 1); /* past the caller's size: untouched */
    dg_workload_destroy(w);
}

static void test_clone_is_deep_and_equal(void)
{
    dg_workload *w, *c;
    DG_ASSERT_OK(dg_workload_create(&w, "orig"));
    DG_ASSERT_OK(dg_workload_add_conv(w, "a", 1, 8, 8, 8, 8, 3, 3, 1, 1));
    DG_ASSERT_OK(dg_workload_add_conv(w, "a2", 1, 8, 8, 8, 8, 3, 3, 1, 1));
    DG_ASSERT_OK(dg_workload_add_fc(w, "b", 1, 10, 20));
    DG_ASSERT_OK(dg_workload_clone(&c, w));
    dg_workload_destroy(w);
    CU_ASSERT_STRING_EQUAL(dg_workload_name(c), "orig");
    CU_ASSERT_EQUAL(dg_workload_num_layers(c), 3);
    CU_ASSERT_EQUAL(dg_workload_num_unique(c), 2);
    CU_ASSERT_STRING_EQUAL(get_layer(c, 0).name, "a");
    CU_ASSERT_EQUAL(get_layer(c, 0).count, 2);
    dg_workload_destroy(c);
}

static CU_TestInfo tests[] = {
    {"conv output size and MACs", test_conv_output_size_and_macs},
    {"MACs of every layer kind", test_layer_kinds_macs},
    {"identical layers merge", test_identical_layers_merge},
    {"bad layers rejected, workload unchanged", test_bad_layers_rejected_and_workload_unchanged},
    {"NULL handles", test_null_handles},
    {"getter bounds and struct_size", test_getter_bounds_and_struct_size},
    {"clone is deep", test_clone_is_deep_and_equal},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(workload, tests)
