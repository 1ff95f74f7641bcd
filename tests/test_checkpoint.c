/* test_checkpoint.c: a search saved and resumed ends exactly as an
 * uninterrupted one; bad checkpoints are refused and change nothing. */
#include "test_util.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef test_search_env run;

static int open_run(run *r, const char *model, const char *optimizer, int64_t samples, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    int rc = dg_workload_builtin(&r->w, model);
    if (!rc) rc = dg_budget_create_preset(&r->b, "edge");
    if (!rc) rc = dg_cost_model_create(&r->cm, dg_cost_model_ops_maestro(), NULL, NULL);
    if (!rc) rc = dg_optimizer_create_builtin(&r->opt, optimizer);
    if (!rc) rc = dg_search_create(&r->s, r->w, r->b, r->cm, r->opt, NULL);
    if (!rc) rc = dg_search_set_samples(r->s, samples);
    if (!rc) rc = dg_search_set_seed(r->s, seed);
    CU_ASSERT_EQUAL(rc, DG_OK);
    return rc;
}

/* The best genome as JSON, for exact comparison (caller frees). */
static char *best_json(dg_search *s)
{
    dg_genome *g = NULL;
    if (dg_search_best_genome(s, &g))
        return NULL;
    size_t need = 0;
    dg_genome_to_json(g, NULL, 0, &need);
    char *j = malloc(need + 1);
    if (j)
        dg_genome_to_json(g, j, need + 1, NULL);
    dg_genome_destroy(g);
    return j;
}

static int stop_at(void *user, const dg_progress *p)
{
    return p->samples >= *(int64_t *)user;
}

static void tmp_path(char *buf, size_t cap, const char *what)
{
    snprintf(buf, cap, "%s/dg-ckpt-%ld-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), what);
}

/* Uninterrupted vs stopped-at-`stop`, saved, resumed in a fresh search. */
static void check_resume_exact(const char *model, const char *optimizer, int64_t samples, int64_t stop, int threads)
{
    char path[256];
    tmp_path(path, sizeof path, optimizer);
    run a, b, c;
    if (open_run(&a, model, optimizer, samples, 11))
        return;
    DG_ASSERT_OK(dg_search_run(a.s));
    dg_design da = {.struct_size = sizeof da};
    DG_ASSERT_OK(dg_search_result(a.s, &da));
    char *ja = best_json(a.s);

    if (open_run(&b, model, optimizer, samples, 11) == DG_OK) {
        DG_ASSERT_OK(dg_search_set_checkpoint(b.s, path, 1 << 30)); /* only at the end of the run */
        DG_ASSERT_OK(dg_search_set_progress(b.s, stop_at, &stop));
        DG_ASSERT_OK(dg_search_run(b.s));
        dg_search_stats st = {.struct_size = sizeof st};
        DG_ASSERT_OK(dg_search_stats_get(b.s, &st));
        CU_ASSERT_EQUAL(st.stop_reason, DG_STOP_REQUESTED);
        CU_ASSERT(st.samples < samples);
    }
    if (open_run(&c, model, optimizer, samples, 11) == DG_OK) {
        DG_ASSERT_OK(dg_search_set_threads(c.s, threads));
        DG_ASSERT_OK(dg_search_resume(c.s, path));
        DG_ASSERT_OK(dg_search_run(c.s));
        dg_design dc = {.struct_size = sizeof dc};
        dg_search_stats st = {.struct_size = sizeof st};
        DG_ASSERT_OK(dg_search_result(c.s, &dc));
        DG_ASSERT_OK(dg_search_stats_get(c.s, &st));
        CU_ASSERT_EQUAL(st.samples, samples);
        CU_ASSERT_EQUAL(dc.latency_cycles, da.latency_cycles);
        CU_ASSERT_EQUAL(dc.area_um2, da.area_um2);
        CU_ASSERT_EQUAL(dc.energy, da.energy);
        char *jc = best_json(c.s);
        CU_ASSERT(ja && jc && strcmp(ja, jc) == 0);
        CU_ASSERT_EQUAL(dg_search_history_count(c.s), dg_search_history_count(a.s));
        free(jc);
    }
    free(ja);
    test_search_env_close(&a);
    test_search_env_close(&b);
    test_search_env_close(&c);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    CU_ASSERT(access(tmp, F_OK) != 0); /* the temporary file was renamed away */
    remove(path);
}

static void test_resume_digamma(void)
{
    check_resume_exact("resnet18", "digamma", 1500, 600, 1);
}

static void test_resume_random_other_thread_count(void)
{
    check_resume_exact("mobilenet_v2", "random", 700, 300, 2);
}

/* The baselines checkpoint by replaying their log of asks and tells
 * (lib/optimizer/vecopt_ops.c); each resumes to the uninterrupted result. */
static void test_resume_baselines(void)
{
    static const char *const names[] = {"stdga", "pso", "tbpsa", "oneplusone", "de", "portfolio", "cma"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        check_resume_exact("ncf", names[i], 900, 350, 1 + (int)(i % 2));
}

/* A baseline's state refuses another baseline's log and a damaged one. */
static void test_baseline_state_mismatch(void)
{
    char path[256];
    tmp_path(path, sizeof path, "baseline");
    int64_t stop = 200;
    run a;
    if (open_run(&a, "ncf", "cma", 600, 5) == DG_OK) {
        DG_ASSERT_OK(dg_search_set_checkpoint(a.s, path, 1 << 30));
        DG_ASSERT_OK(dg_search_set_progress(a.s, stop_at, &stop));
        DG_ASSERT_OK(dg_search_run(a.s));
    }
    test_search_env_close(&a);
    run b;
    if (open_run(&b, "ncf", "de", 600, 5) == DG_OK)
        CU_ASSERT(dg_search_resume(b.s, path) < 0);
    test_search_env_close(&b);
    remove(path);
}

/* Periodic checkpoints: the file exists during the run, and a budget that
 * cuts the last batch short keeps the last whole-batch checkpoint. */
static void test_periodic_and_cut_batch(void)
{
    char path[256];
    tmp_path(path, sizeof path, "periodic");
    run r;
    if (open_run(&r, "ncf", "digamma", 450, 3))
        return;
    DG_ASSERT_OK(dg_search_set_checkpoint(r.s, path, 100));
    DG_ASSERT_OK(dg_search_run(r.s));
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[128];
    long samples = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "samples %ld", &samples) == 1)
            break;
    fclose(f);
    /* Whole batches only: the first generation is 100 genomes, the next ones 95
     * (5 elites stay); the 450-sample budget cuts the fifth batch. */
    CU_ASSERT(samples >= 100 && samples < 450 && (samples - 100) % 95 == 0);
    test_search_env_close(&r);
    remove(path);
}

/* Write a checkpoint, then return its text (caller frees). */
static char *make_checkpoint(const char *path, const char *model)
{
    run r;
    if (open_run(&r, model, "digamma", 300, 4))
        return NULL;
    DG_ASSERT_OK(dg_search_run(r.s));
    DG_ASSERT_OK(dg_search_save_checkpoint(r.s, path));
    test_search_env_close(&r);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = calloc(1, 1 << 22);
    size_t n = text ? fread(text, 1, (1 << 22) - 1, f) : 0;
    (void)n;
    fclose(f);
    return text;
}

static void write_text(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
}

static void expect_refused(const char *path, const char *model, int code, const char *needle)
{
    run r;
    if (open_run(&r, model, "digamma", 300, 4))
        return;
    DG_ASSERT_RC(dg_search_resume(r.s, path), code);
    if (needle && !strstr(dg_last_error()->message, needle)) {
        fprintf(stderr, "message '%s' lacks '%s'\n", dg_last_error()->message, needle);
        CU_FAIL("refusal message lacks the reason");
    }
    /* The search is unchanged: it runs from scratch as usual. */
    DG_ASSERT_OK(dg_search_run(r.s));
    dg_search_stats st = {.struct_size = sizeof st};
    DG_ASSERT_OK(dg_search_stats_get(r.s, &st));
    CU_ASSERT_EQUAL(st.samples, 300);
    test_search_env_close(&r);
}

static void test_bad_checkpoints_refused(void)
{
    char path[256], bad[256];
    tmp_path(path, sizeof path, "good");
    tmp_path(bad, sizeof bad, "bad");
    char *text = make_checkpoint(path, "ncf");
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    size_t n = strlen(text);

    expect_refused(path, "dlrm", DG_EINVAL, "another problem");       /* other workload */
    write_text(bad, text, n / 2);                                      /* truncated */
    expect_refused(bad, "ncf", DG_EPARSE, "checksum");
    char *flip = malloc(n + 1);
    memcpy(flip, text, n + 1);
    flip[n / 3] ^= 0x01;                                               /* one flipped bit */
    write_text(bad, flip, n);
    expect_refused(bad, "ncf", DG_EPARSE, "checksum");
    write_text(bad, "", 0);                                            /* empty */
    expect_refused(bad, "ncf", DG_EPARSE, NULL);
    write_text(bad, "\x7f" "ELF\x02\x01", 6);                          /* not text at all */
    expect_refused(bad, "ncf", DG_EPARSE, NULL);
    memcpy(flip, text, n + 1);                                         /* another library version */
    char *v = strstr(flip, "library ");
    if (v) {
        v[8] = '9';
        write_text(bad, flip, n);
        expect_refused(bad, "ncf", DG_EPARSE, "checksum"); /* the checksum catches the edit first */
    }
    expect_refused("/nonexistent/dir/ck", "ncf", DG_EIO, "ck");

    /* Same workload, other optimizer parameters. */
    run r;
    if (open_run(&r, "ncf", "digamma", 300, 4) == DG_OK) {
        DG_ASSERT_OK(dg_optimizer_set_int(r.opt, "population", 50));
        DG_ASSERT_RC(dg_search_resume(r.s, path), DG_EINVAL);
        test_search_env_close(&r);
    }
    /* A search that has run cannot resume. */
    if (open_run(&r, "ncf", "digamma", 100, 4) == DG_OK) {
        DG_ASSERT_OK(dg_search_run(r.s));
        DG_ASSERT_RC(dg_search_resume(r.s, path), DG_ESTATE);
        test_search_env_close(&r);
    }
    free(flip);
    free(text);
    remove(path);
    remove(bad);
}

/* A plug-in without save/load is told clearly that it cannot take part. */
static int noop_create(void **state, const dg_optimizer_context *ctx)
{
    *state = ctx->rng;
    return DG_OK;
}
static int noop_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    (void)capacity;
    *count = 1;
    return dg_genome_randomize(batch[0], state);
}
static int noop_tell(void *state, const dg_genome *const *b, const dg_fitness *f, size_t n)
{
    (void)state, (void)b, (void)f, (void)n;
    return DG_OK;
}

static void test_plugin_without_save(void)
{
    dg_optimizer_ops ops = {.struct_size = sizeof ops, .abi_version = DG_PLUGIN_ABI_VERSION, .name = "nosave",
                            .create = noop_create, .ask = noop_ask, .tell = noop_tell};
    run r;
    memset(&r, 0, sizeof r);
    DG_ASSERT_OK(dg_workload_builtin(&r.w, "ncf"));
    DG_ASSERT_OK(dg_budget_create_preset(&r.b, "edge"));
    DG_ASSERT_OK(dg_cost_model_create(&r.cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create(&r.opt, &ops, NULL, NULL));
    DG_ASSERT_OK(dg_search_create(&r.s, r.w, r.b, r.cm, r.opt, NULL));
    DG_ASSERT_RC(dg_search_set_checkpoint(r.s, "/tmp/never-written", 10), DG_EUNSUPPORTED);
    CU_ASSERT(strstr(dg_last_error()->message, "nosave") != NULL);
    DG_ASSERT_RC(dg_search_resume(r.s, "/tmp/never-written"), DG_EUNSUPPORTED);
    DG_ASSERT_OK(dg_search_set_samples(r.s, 20));
    DG_ASSERT_OK(dg_search_run(r.s));
    DG_ASSERT_RC(dg_search_save_checkpoint(r.s, "/tmp/never-written"), DG_EUNSUPPORTED);
    test_search_env_close(&r);
}

static CU_TestInfo tests[] = {
    {"digamma: stopped, saved, resumed == uninterrupted", test_resume_digamma},
    {"random: resumed with another thread count == uninterrupted", test_resume_random_other_thread_count},
    {"the seven baselines: resumed == uninterrupted", test_resume_baselines},
    {"a baseline refuses another baseline's state", test_baseline_state_mismatch},
    {"periodic checkpoints after whole batches", test_periodic_and_cut_batch},
    {"corrupt, truncated, mismatched checkpoints refused", test_bad_checkpoints_refused},
    {"a plug-in without save/load is told so", test_plugin_without_save},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(checkpoint, tests)
