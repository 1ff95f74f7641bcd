/*
 * fuzz_checkpoint.c: checkpoint files through dg_search_resume().
 *
 * The input is written to a temporary file and resumed into six small
 * searches on the edge budget, the ones the CLI builds for
 *
 *   digamma search --model fuzz/checkpoint-tiny.csv --set population=4 --set elite_ratio=0.5 --checkpoint F
 *   digamma search --model fuzz/checkpoint-tiny.csv --optimizer random --checkpoint F
 *   digamma search --model ncf --set population=4 --set elite_ratio=0.5 --checkpoint F
 *   digamma search --model ncf --optimizer random --checkpoint F
 *   digamma search --model fuzz/checkpoint-tiny.csv --optimizer cma --checkpoint F
 *   digamma search --model fuzz/checkpoint-tiny.csv --optimizer de --checkpoint F
 *
 * (other settings at their defaults), so that checkpoints written by the CLI
 * are valid seeds. The two-layer model keeps checkpoints (and so the corpus)
 * small; ncf is a real model. Half the GA's population are elites, so that
 * the members a checkpoint restores meet each other again (with the default
 * 5 % a population of 4 keeps none). CMA and DE stand for the baselines,
 * whose state is a replay log (lib/optimizer/vecopt_ops.c). A checkpoint ends with a checksum line over the
 * rest; an input that does not end with one gets the right one appended (the
 * corpus holds files without it), so that the fuzzer gets past the checksum
 * and into the parser; inputs that carry their own still test the check.
 *
 * Properties: a refused checkpoint leaves the search as new (no samples, no
 * result, no history; the same search then meets the next input); a resumed
 * one runs a few more samples, and the search saved afterwards resumes again.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static int fuzz_failed;

#define EXTRA_SAMPLES 12

/* fuzz/checkpoint-tiny.csv */
static const char tiny_csv[] = "K,C,Y,X,R,S,T\n8,4,6,6,3,3,1\n16,8,1,1,1,1,0\n";

/* The searches, by index. */
static const struct {
    const char *optimizer;
    int ncf; /* else the tiny model */
} searches[] = {{"digamma", 0}, {"random", 0}, {"digamma", 1}, {"random", 1}, {"cma", 0}, {"de", 0}};
#define NSEARCH (int)(sizeof searches / sizeof searches[0])
static dg_workload *workloads[2];
static dg_budget *b;
static dg_cost_model *cm;

static void init(void)
{
    if (b)
        return;
    if (dg_workload_parse_buffer(&workloads[0], tiny_csv, sizeof tiny_csv - 1, DG_FORMAT_GAMMA_CSV, "tiny") != DG_OK ||
        dg_workload_builtin(&workloads[1], "ncf") != DG_OK || dg_budget_create_preset(&b, "edge") != DG_OK ||
        dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK)
        abort();
}

/* which: an index into searches[]. */
static dg_search *make_search(int which, dg_optimizer **opt)
{
    dg_search *s = NULL;
    bool ga = strcmp(searches[which].optimizer, "digamma") == 0;
    if (dg_optimizer_create_builtin(opt, searches[which].optimizer) != DG_OK)
        abort();
    if (ga && (dg_optimizer_set_int(*opt, "population", 4) != DG_OK ||
               dg_optimizer_set_double(*opt, "elite_ratio", 0.5) != DG_OK))
        abort();
    if (dg_search_create(&s, workloads[searches[which].ncf], b, cm, *opt, NULL) != DG_OK)
        abort();
    dg_search_set_time_limit(s, 10.0); /* a guard only; the runs take milliseconds */
    return s;
}

/* FNV-1a, as the checkpoint format's checksum line. */
static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static int write_file(const char *path, const uint8_t *data, size_t size, int add_checksum)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    if (add_checksum)
        ok = ok && fprintf(f, "\nchecksum %016" PRIx64 "\n", fnv(data, size)) > 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Searches that have only ever refused checkpoints, kept across inputs (a
 * refusal must leave a search as new, so they stay usable; creating one costs
 * a hundred times a refusal). */
static dg_search *fresh[NSEARCH];
static dg_optimizer *fresh_opt[NSEARCH];

static void try_resume(int which, const char *path, const char *path2)
{
    if (!fresh[which])
        fresh[which] = make_search(which, &fresh_opt[which]);
    dg_search *s = fresh[which];
    int rc = dg_search_resume(s, path);
    if (rc != DG_OK) {
        DG_FUZZ_CHECK(dg_last_error()->code == rc);
        DG_FUZZ_CHECK(rc == DG_EPARSE || rc == DG_EINVAL || rc == DG_EIO || rc == DG_ENOMEM);
        /* Unchanged: nothing evaluated, nothing loaded. */
        dg_search_stats st = {.struct_size = sizeof st};
        DG_FUZZ_CHECK(dg_search_stats_get(s, &st) == DG_OK && st.samples == 0);
        dg_design d = {.struct_size = sizeof d};
        DG_FUZZ_CHECK(dg_search_result(s, &d) == DG_ESTATE);
        DG_FUZZ_CHECK(dg_search_history_count(s) == 0);
        return;
    }
    dg_optimizer *opt = fresh_opt[which];
    fresh[which] = NULL;
    fresh_opt[which] = NULL;
    dg_search_stats st = {.struct_size = sizeof st};
    DG_FUZZ_CHECK(dg_search_stats_get(s, &st) == DG_OK);
    int64_t resumed_at = st.samples;
    dg_search_set_samples(s, resumed_at < INT64_MAX - EXTRA_SAMPLES ? resumed_at + EXTRA_SAMPLES : INT64_MAX);
    rc = dg_search_run(s);
    /* An optimizer state the optimizer cannot load is refused at run time. */
    if (rc != DG_OK)
        DG_FUZZ_CHECK(rc == DG_EUSER && dg_last_error()->code == rc);
    if (rc == DG_OK) {
        dg_design d = {.struct_size = sizeof d};
        if (dg_search_result(s, &d) == DG_OK) {
            dg_genome *best = NULL;
            DG_FUZZ_CHECK(dg_search_best_genome(s, &best) == DG_OK);
            dg_genome_destroy(best);
        }
        for (size_t i = 0; i < dg_search_history_count(s); i++) {
            int64_t at;
            double v;
            DG_FUZZ_CHECK(dg_search_history(s, i, &at, &v) == DG_OK);
        }
        /* Saved again, the search resumes again. */
        if (dg_search_save_checkpoint(s, path2) == DG_OK) {
            dg_optimizer *opt2 = NULL;
            dg_search *s2 = make_search(which, &opt2);
            rc = dg_search_resume(s2, path2);
            if (rc != DG_OK)
                fprintf(stderr, "re-saved checkpoint refused: %s\n", dg_last_error()->message);
            DG_FUZZ_CHECK(rc == DG_OK);
            dg_search_destroy(s2);
            dg_optimizer_destroy(opt2);
            remove(path2);
        }
    }
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
}

DG_FUZZ_TARGET(checkpoint)
{
    fuzz_failed = 0;
    init();
    const char *dir = getenv("TMPDIR");
    char path[512], path2[530];
    snprintf(path, sizeof path, "%s/dg-fuzz-ckpt-%ld", dir && dir[0] ? dir : "/tmp", (long)getpid());
    snprintf(path2, sizeof path2, "%s.again", path);
    int has_checksum = size >= 27 && memcmp(data + size - 27, "\nchecksum ", 10) == 0;
    if (write_file(path, data, size, !has_checksum) != 0)
        return 0;
    for (int which = 0; which < NSEARCH; which++)
        try_resume(which, path, path2);
    remove(path);
    return fuzz_failed;
}
