/*
 * test_fuzz_regressions.c: replays what the fuzzers found, and their seed
 * corpora, through the fuzz targets themselves (fuzz/fuzz_*.c, compiled into
 * this program with -DDG_FUZZ_REPLAY so that their entry points are
 * dg_fuzz_<target>() and a broken property returns non-zero instead of
 * aborting). A crash is a crash here too; under check-sanitizers ASan and
 * UBSan watch every input.
 *
 *   tests/data/fuzz-regressions/<target>/<name>            fixed bugs: always replayed
 *   tests/data/fuzz-regressions/known-bugs/<target>/<name> open bugs in lib/costmodel
 *       or lib/search (reported, not fixed here): replayed only when built with
 *       -DDG_TEST_KNOWN_BUGS, so that `make check` stays green until they are fixed
 *   fuzz/corpus/<target>/                                  the seed corpora
 */
/* strdup, opendir */
#define _POSIX_C_SOURCE 200809L

#include "test_util.h"

#include <digamma/digamma.h>

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

#define TARGETS(X) X(gamma_csv) X(maestro_model) X(maestro_mapping) X(maestro_hw) X(genome_json) X(checkpoint) X(onnx) X(timeloop_yaml)
#define DECLARE(name) int dg_fuzz_##name(const uint8_t *data, size_t size);
TARGETS(DECLARE)
#undef DECLARE

static int read_all(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    *data = buf;
    *size = n;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every file of dir (if it exists) through fn; returns the number run. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        if (n == cap) {
            char **t = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *t);
            if (!t)
                break;
            names = t;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int run = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        uint8_t *data;
        size_t size;
        if (read_all(path, &data, &size) != 0) {
            CU_FAIL("cannot read a fuzz input");
            fprintf(stderr, "cannot read %s\n", path);
        } else {
            int rc = fn(data, size);
            if (rc != 0)
                fprintf(stderr, "fuzz input %s broke a property\n", path);
            CU_ASSERT_EQUAL(rc, 0);
            free(data);
            run++;
        }
        free(names[i]);
    }
    free(names);
    return run;
}

static void replay(const char *target, fuzz_fn fn)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/tests/data/fuzz-regressions/%s", DG_TEST_SRCDIR, target);
    replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", DG_TEST_SRCDIR, target);
    CU_ASSERT(replay_dir(dir, fn) > 0); /* the seed corpus is there */
#ifdef DG_TEST_KNOWN_BUGS
    snprintf(dir, sizeof dir, "%s/tests/data/fuzz-regressions/known-bugs/%s", DG_TEST_SRCDIR, target);
    replay_dir(dir, fn);
#endif
}

#define TEST_FN(name)                               \
    static void test_##name(void)                   \
    {                                               \
        replay(#name, dg_fuzz_##name);              \
    }
TARGETS(TEST_FN)
#undef TEST_FN

/* Fixed in lib/json.c: a NUL byte right after a number's digits was taken as
 * part of the number (strchr() finds the terminating NUL of its set), so
 * `"version": 1<NUL>` read as 1 and a genome with NULs in it loaded. */
static void test_json_nul_in_number(void)
{
    uint8_t *data;
    size_t size;
    CU_ASSERT_FATAL(read_all(DG_SRC("tests/data/fuzz-regressions/genome_json/nul-inside-number.json"), &data,
                             &size) == 0);
    const uint8_t *nul = memchr(data, 0, size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(nul);
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_space *sp = NULL;
    DG_ASSERT_OK(dg_workload_builtin(&w, "ncf"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_space_create(&sp, w, b, NULL));
    dg_genome *g = NULL;
    DG_ASSERT_RC(dg_genome_from_json(&g, sp, (const char *)data, size), DG_EPARSE);
    CU_ASSERT_PTR_NULL(g);
    /* Without the NUL the same text loads. */
    size_t at = (size_t)(nul - data);
    memmove(data + at, data + at + 1, size - at - 1);
    DG_ASSERT_OK(dg_genome_from_json(&g, sp, (const char *)data, size - 1));
    dg_genome_destroy(g);
    dg_space_destroy(sp);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
    free(data);
}

/* Fixed in lib/optimizer/digamma_ga.c (3933d12): the GA's saved members
 * carry their number of objectives, which ga_load() took without the
 * 1..DG_MAX_OBJECTIVES check the checkpoint's own "fitness" line gets;
 * compare_members() then read objectives[i] for i up to that number, past
 * the array of 4 (UBSan: "index 4 out of bounds for type 'const double[4]'"),
 * whenever two restored elites tied on the score. The file is a checkpoint of
 * `digamma search --model fuzz/checkpoint-tiny.csv --set population=4
 * --set elite_ratio=0.5` whose member lines say 64 objectives and one score;
 * the run refuses the state (DG_EUSER, "could not load"). */
static void test_ga_member_num_objectives(void)
{
    static const char tiny[] = "K,C,Y,X,R,S,T\n8,4,6,6,3,3,1\n16,8,1,1,1,1,0\n";
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    dg_search *s = NULL;
    DG_ASSERT_OK(dg_workload_parse_buffer(&w, tiny, sizeof tiny - 1, DG_FORMAT_GAMMA_CSV, "tiny"));
    DG_ASSERT_OK(dg_budget_create_preset(&b, "edge"));
    DG_ASSERT_OK(dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL));
    DG_ASSERT_OK(dg_optimizer_create_builtin(&opt, "digamma"));
    DG_ASSERT_OK(dg_optimizer_set_int(opt, "population", 4));
    DG_ASSERT_OK(dg_optimizer_set_double(opt, "elite_ratio", 0.5));
    DG_ASSERT_OK(dg_search_create(&s, w, b, cm, opt, NULL));
    if (s) {
        DG_ASSERT_OK(dg_search_resume(s, DG_SRC("tests/data/fuzz-regressions/checkpoint/"
                                                "ga-member-num-objectives.ckpt")));
        DG_ASSERT_OK(dg_search_set_samples(s, 60));
        DG_ASSERT_RC(dg_search_run(s), DG_EUSER);
    }
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
}

static int keep_first(void *user, const dg_layer *l, const dg_mapping *m)
{
    struct first {
        int n;
        dg_layer l;
        dg_mapping m;
        char name[128];
    } *f = user;
    if (f->n++ == 0) {
        f->l = *l;
        f->m = *m;
        snprintf(f->name, sizeof f->name, "%s", l->name ? l->name : "");
        f->l.name = f->name;
    }
    return 0;
}

/* Fuzzing found (lib/costmodel/maestro_parse.c parse_layer()): a layer name
 * was copied as the raw text from its first to its last token, so a comment
 * and the control bytes inside it became part of the name;
 * dg_maestro_write_layer() wrote them back and the parser then refused its
 * own output ("unexpected control byte 0x01"). */
static void test_name_round_trip(void)
{
    uint8_t *data;
    size_t size;
    CU_ASSERT_FATAL(read_all(DG_SRC("tests/data/fuzz-regressions/maestro_mapping/"
                                    "name-with-comment-and-control-byte.m"), &data, &size) == 0);
    struct {
        int n;
        dg_layer l;
        dg_mapping m;
        char name[128];
    } first = {0}, again = {0};
    DG_ASSERT_OK(dg_maestro_parse_mapping_buffer((const char *)data, size, "known", keep_first, &first));
    free(data);
    CU_ASSERT(strstr(first.name, "note") == NULL); /* the comment is not part of the name */
    char text[4096];
    DG_ASSERT_OK(dg_maestro_write_layer(&first.l, &first.m, text, sizeof text, NULL));
    DG_ASSERT_OK(dg_maestro_parse_mapping_buffer(text, strlen(text), "written", keep_first, &again));
}

/* Fuzzing found (lib/costmodel/maestro_parse.c finish_layer_dims()): a GEMM's
 * MAC count was computed as y * c * k without an overflow check (signed
 * overflow; a wrapped count reached the callback). Like a CONV's, it is
 * refused with DG_EPARSE "MAC count overflows", before any callback. */
static void test_gemm_macs_overflow(void)
{
    static const char text[] = "Network n { Layer L { Type: GEMM\n"
                               "Dimensions { M: 4194304, N: 4194304, K: 2147483647 } } }\n";
    struct {
        int n;
        dg_layer l;
        dg_mapping m;
        char name[128];
    } first = {0};
    DG_ASSERT_RC(dg_maestro_parse_mapping_buffer(text, sizeof text - 1, "known", keep_first, &first), DG_EPARSE);
    CU_ASSERT_EQUAL(first.n, 0);
    CU_ASSERT(strstr(dg_last_error()->message, "MAC count overflows") != NULL);
}

static CU_TestInfo tests[] = {
    {"gamma_csv: regressions and corpus", test_gamma_csv},
    {"maestro_model: regressions and corpus", test_maestro_model},
    {"maestro_mapping: regressions and corpus (parser + cost model)", test_maestro_mapping},
    {"maestro_hw: regressions and corpus", test_maestro_hw},
    {"genome_json: regressions and corpus", test_genome_json},
    {"checkpoint: regressions and corpus", test_checkpoint},
    {"onnx: regressions and corpus", test_onnx},
    {"timeloop_yaml: regressions and corpus", test_timeloop_yaml},
    {"JSON: a NUL byte after a number is refused", test_json_nul_in_number},
    {"GA checkpoint members with too many objectives are refused", test_ga_member_num_objectives},
    {"MAESTRO: a layer name with a comment round-trips", test_name_round_trip},
    {"MAESTRO: a GEMM whose MAC count overflows is refused", test_gemm_macs_overflow},
    CU_TEST_INFO_NULL,
};
DG_REGISTER_SUITE(fuzz_regressions, tests)
