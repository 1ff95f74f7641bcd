/*
 * fuzz_gamma_csv.c: GAMMA model CSVs through dg_workload_parse_buffer().
 *
 * Properties beyond "no crash, no leak": a parsed workload is consistent
 * (every distinct layer readable, counts and MACs add up), clones equal, the
 * format guess agrees when the text names no other format, and a layer
 * written as a MAESTRO block (dg_maestro_write_layer) parses back with the
 * same MAC count.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <string.h>

static int fuzz_failed;

static int same_layer(const dg_layer *a, const dg_layer *b)
{
    return a->type == b->type && a->n == b->n && a->k == b->k && a->c == b->c && a->y == b->y && a->x == b->x &&
           a->r == b->r && a->s == b->s && a->stride_y == b->stride_y && a->stride_x == b->stride_x &&
           a->pad_y == b->pad_y && a->pad_x == b->pad_x && a->macs == b->macs && a->count == b->count;
}

static void check_workload(const dg_workload *w)
{
    size_t unique = dg_workload_num_unique(w), total = dg_workload_num_layers(w), sum = 0;
    int64_t macs = 0;
    DG_FUZZ_CHECK(unique >= 1 && unique <= total);
    for (size_t i = 0; i < unique; i++) {
        dg_layer l = {.struct_size = sizeof l};
        DG_FUZZ_CHECK(dg_workload_layer(w, i, &l) == DG_OK);
        DG_FUZZ_CHECK(l.count >= 1 && l.macs >= 1 && l.out_y >= 1 && l.out_x >= 1);
        sum += (size_t)l.count;
        macs += l.count * l.macs; /* the library refuses workloads whose total overflows */

        /* Written as MAESTRO text, the layer reads back with the same MACs. */
        size_t need = 0;
        if (dg_maestro_write_layer(&l, NULL, NULL, 0, &need) != DG_OK)
            continue; /* e.g. sizes beyond MAESTRO's int range */
        char *text = malloc(need + 1);
        DG_FUZZ_CHECK(text && dg_maestro_write_layer(&l, NULL, text, need + 1, NULL) == DG_OK);
        if (text) {
            dg_workload *back = NULL;
            int rc = dg_workload_parse_buffer(&back, text, need, DG_FORMAT_MAESTRO, "roundtrip");
            if (rc != DG_OK)
                fprintf(stderr, "round trip failed: %s\n%s", dg_last_error()->message, text);
            DG_FUZZ_CHECK(rc == DG_OK);
            if (rc == DG_OK) {
                dg_layer b = {.struct_size = sizeof b};
                DG_FUZZ_CHECK(dg_workload_layer(back, 0, &b) == DG_OK && b.macs == l.macs);
            }
            dg_workload_destroy(back);
            free(text);
        }
    }
    DG_FUZZ_CHECK(sum == total);
    DG_FUZZ_CHECK(dg_workload_total_macs(w) == macs);
    dg_layer l = {.struct_size = sizeof l};
    DG_FUZZ_CHECK(dg_workload_layer(w, unique, &l) == DG_ERANGE);
}

DG_FUZZ_TARGET(gamma_csv)
{
    fuzz_failed = 0;
    dg_workload *w = NULL;
    int rc = dg_workload_parse_buffer(&w, (const char *)data, size, DG_FORMAT_GAMMA_CSV, "fuzz.csv");
    DG_FUZZ_CHECK((rc == DG_OK) == (w != NULL));
    if (rc != DG_OK) {
        const dg_error *e = dg_last_error();
        DG_FUZZ_CHECK(e->code == rc && e->message && e->message[0]);
        return fuzz_failed;
    }
    check_workload(w);

    dg_workload *c = NULL;
    DG_FUZZ_CHECK(dg_workload_clone(&c, w) == DG_OK);
    if (c) {
        DG_FUZZ_CHECK(dg_workload_num_unique(c) == dg_workload_num_unique(w));
        for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
            dg_layer a = {.struct_size = sizeof a}, b = {.struct_size = sizeof b};
            DG_FUZZ_CHECK(dg_workload_layer(w, i, &a) == DG_OK && dg_workload_layer(c, i, &b) == DG_OK);
            DG_FUZZ_CHECK(same_layer(&a, &b));
        }
        dg_workload_destroy(c);
    }

    /* Text that names no other format is guessed to be a CSV: no byte of a
     * binary (ONNX) file, no line opening with "problem:" (Timeloop YAML), no
     * "Network" (MAESTRO). */
    int other = 0;
    for (size_t i = 0; i < size && !other; i++)
        other = (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' && data[i] != '\f' &&
                 data[i] != '\v') || data[i] == 0x7f ||
                (i + 7 <= size && memcmp(data + i, "Network", 7) == 0);
    for (size_t i = 0; i < size && !other;) {
        while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '-'))
            i++;
        other = size - i >= 8 && memcmp(data + i, "problem:", 8) == 0;
        while (i < size && data[i] != '\n')
            i++;
        i++;
    }
    if (!other) {
        dg_workload *a = NULL;
        DG_FUZZ_CHECK(dg_workload_parse_buffer(&a, (const char *)data, size, DG_FORMAT_AUTO, "fuzz.csv") == DG_OK);
        if (a)
            DG_FUZZ_CHECK(dg_workload_total_macs(a) == dg_workload_total_macs(w));
        dg_workload_destroy(a);
    }
    dg_workload_destroy(w);
    return fuzz_failed;
}
