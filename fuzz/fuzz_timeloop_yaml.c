/*
 * fuzz_timeloop_yaml.c: Timeloop / CoSA problem YAML through
 * dg_workload_parse_buffer(DG_FORMAT_TIMELOOP_YAML). Does nothing in a build
 * without the YAML importer.
 *
 * Properties: a failed parse sets the error; a successful one gives a
 * consistent workload, and DG_FORMAT_AUTO reads the same workload whenever
 * the text has a `problem:` key and no byte that looks binary.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <string.h>

static int fuzz_failed;

static int looks_like_yaml_problem(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' && data[i] != '\f' &&
             data[i] != '\v') || data[i] == 0x7f)
            return 0;
    for (size_t i = 0; i < size;) { /* a line starting (after blanks and dashes) with problem: */
        while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '-'))
            i++;
        if (size - i >= 8 && memcmp(data + i, "problem:", 8) == 0)
            return 1;
        while (i < size && data[i] != '\n')
            i++;
        i++;
    }
    return 0;
}

DG_FUZZ_TARGET(timeloop_yaml)
{
    fuzz_failed = 0;
    if (!dg_workload_format_supported(DG_FORMAT_TIMELOOP_YAML))
        return 0;
    dg_workload *w = NULL;
    int rc = dg_workload_parse_buffer(&w, (const char *)data, size, DG_FORMAT_TIMELOOP_YAML, "fuzz.yaml");
    DG_FUZZ_CHECK((rc == DG_OK) == (w != NULL));
    if (rc != DG_OK) {
        DG_FUZZ_CHECK(dg_last_error()->code == rc);
        return fuzz_failed;
    }
    size_t sum = 0;
    int64_t macs = 0;
    DG_FUZZ_CHECK(dg_fuzz_workload_consistent(w, &sum, &macs));
    if (looks_like_yaml_problem(data, size)) {
        dg_workload *a = NULL;
        DG_FUZZ_CHECK(dg_workload_parse_buffer(&a, (const char *)data, size, DG_FORMAT_AUTO, "fuzz.yaml") == DG_OK);
        if (a)
            DG_FUZZ_CHECK(dg_workload_total_macs(a) == macs && dg_workload_num_layers(a) == sum);
        dg_workload_destroy(a);
    }
    dg_workload_destroy(w);
    return fuzz_failed;
}
