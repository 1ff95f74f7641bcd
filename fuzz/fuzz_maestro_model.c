/*
 * fuzz_maestro_model.c: MAESTRO model files through dg_workload_parse_buffer().
 *
 * Properties: a parsed workload is consistent, and every layer written back
 * as a MAESTRO block (dg_maestro_write_layer) reads back as the same layer.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <string.h>

static int fuzz_failed;

DG_FUZZ_TARGET(maestro_model)
{
    fuzz_failed = 0;
    dg_workload *w = NULL;
    int rc = dg_workload_parse_buffer(&w, (const char *)data, size, DG_FORMAT_MAESTRO, "fuzz.m");
    DG_FUZZ_CHECK((rc == DG_OK) == (w != NULL));
    if (rc != DG_OK) {
        const dg_error *e = dg_last_error();
        DG_FUZZ_CHECK(e->code == rc && e->message && e->message[0]);
        return fuzz_failed;
    }
    size_t unique = dg_workload_num_unique(w), sum = 0;
    DG_FUZZ_CHECK(unique >= 1);
    for (size_t i = 0; i < unique; i++) {
        dg_layer l = {.struct_size = sizeof l};
        DG_FUZZ_CHECK(dg_workload_layer(w, i, &l) == DG_OK);
        DG_FUZZ_CHECK(l.count >= 1 && l.macs >= 1 && l.name != NULL);
        sum += (size_t)l.count;
        size_t need = 0;
        if (dg_maestro_write_layer(&l, NULL, NULL, 0, &need) != DG_OK)
            continue;
        char *text = malloc(need + 1);
        if (!text)
            continue;
        DG_FUZZ_CHECK(dg_maestro_write_layer(&l, NULL, text, need + 1, NULL) == DG_OK);
        dg_workload *back = NULL;
        rc = dg_workload_parse_buffer(&back, text, need, DG_FORMAT_MAESTRO, "roundtrip");
        if (rc != DG_OK)
            fprintf(stderr, "round trip failed: %s\n%s", dg_last_error()->message, text);
        DG_FUZZ_CHECK(rc == DG_OK);
        if (rc == DG_OK) {
            dg_layer b = {.struct_size = sizeof b};
            DG_FUZZ_CHECK(dg_workload_layer(back, 0, &b) == DG_OK);
            /* GEMM without a mapping is written as CONV, as gamma does */
            DG_FUZZ_CHECK((b.type == l.type || (l.type == DG_LAYER_GEMM && b.type == DG_LAYER_CONV)) && b.n == l.n && b.k == l.k && b.c == l.c && b.y == l.y && b.x == l.x &&
                          b.r == l.r && b.s == l.s && b.stride_y == l.stride_y && b.stride_x == l.stride_x &&
                          b.macs == l.macs);
        }
        dg_workload_destroy(back);
        free(text);
    }
    DG_FUZZ_CHECK(sum == dg_workload_num_layers(w));
    dg_workload_destroy(w);
    return fuzz_failed;
}
