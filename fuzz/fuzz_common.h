/*
 * fuzz_common.h: what the libFuzzer targets in fuzz/ share.
 *
 * Every target uses the public API only. The same sources are compiled twice:
 * - as libFuzzer targets (`./configure CC=clang --enable-fuzzing`, fuzz/local.mk):
 *   the entry point is LLVMFuzzerTestOneInput, and a broken property aborts so
 *   that libFuzzer records the input;
 * - into tests/api_tests with -DDG_FUZZ_REPLAY (tests/test_fuzz_regressions.c):
 *   the entry point is dg_fuzz_<target>() and a broken property makes it
 *   return non-zero, so that `make check` replays every saved crash input.
 *
 * A crash (ASan, UBSan, a signal) is a crash in both modes.
 */
#ifndef DIGAMMA_FUZZ_COMMON_H
#define DIGAMMA_FUZZ_COMMON_H

#include <digamma/digamma.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef DG_FUZZ_REPLAY
#  define DG_FUZZ_ENTRY(name) dg_fuzz_##name
#else
#  define DG_FUZZ_ENTRY(name) LLVMFuzzerTestOneInput
#endif

/* Declares the entry point (for -Wmissing-prototypes) and opens its definition. */
#define DG_FUZZ_TARGET(name)                                              \
    int DG_FUZZ_ENTRY(name)(const uint8_t *data, size_t size);            \
    int DG_FUZZ_ENTRY(name)(const uint8_t *data, size_t size)

/* A property every input must keep (beyond "no crash"). */
#ifdef DG_FUZZ_REPLAY
#  define DG_FUZZ_CHECK(cond)                                                              \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
            fuzz_failed = 1;                                                              \
        }                                                                                 \
    } while (0)
#else
#  define DG_FUZZ_CHECK(cond)                                                              \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)
#endif

/* A parsed workload agrees with itself: at least one distinct layer, every
 * one readable with a positive count, MAC count and output size, and the
 * counts and MACs summing to the workload's totals (returned through
 * layers and macs for further checks). */
static inline int dg_fuzz_workload_consistent(const dg_workload *w, size_t *layers, int64_t *macs)
{
    size_t unique = dg_workload_num_unique(w), sum = 0;
    int64_t total = 0;
    if (unique < 1)
        return 0;
    for (size_t i = 0; i < unique; i++) {
        dg_layer l = {.struct_size = sizeof l};
        if (dg_workload_layer(w, i, &l) != DG_OK || l.count < 1 || l.macs < 1 || l.out_y < 1 || l.out_x < 1)
            return 0;
        sum += (size_t)l.count;
        total += l.count * l.macs;
    }
    *layers = sum;
    *macs = total;
    return sum == dg_workload_num_layers(w) && total == dg_workload_total_macs(w);
}

#endif
