/*
 * bench_costmodel.c: evaluations per second of the built-in cost model on one
 * core, for 2-level CONV mappings of real layer shapes, next to maestro_ref.py
 * (the Python form of MAESTRO's model) on the same cases in the same run.
 *
 *   bench/bench_costmodel [--cases N] [--seconds S] [--seed X] [--model NAME]
 *                         [--bw mixed|unlimited|finite] [--py-cases N] [--ref DIR]
 *                         [--python PYTHON] [--no-python] [--only default|maestro]
 *                         [--mappings all|miscounted|counted]
 *                         [--against OTHER_LIBDIGAMMA_SO [--rounds N]]
 *
 * Cases: every convolution of the model (default resnet50, from the zoo) with
 * gamma-style random 2-level mappings: a spatial dimension per level among K,
 * C, Y', X', random loop orders, tiles uniform in [1, dimension] at the top and
 * in [1, parent tile] below, full R and S tiles, 64 to 1024 PEs; with --bw
 * mixed (default) half with unlimited bandwidths (gamma's setting), half with
 * NoC bandwidth 64 and off-chip 256. The public API is timed (dg_cost_model_evaluate), which
 * includes all argument checks. Single thread. --mappings keeps only the
 * mappings whose MACs MAESTRO miscounts (default mode repairs those) or only
 * the others, to profile the two paths apart.
 *
 * --against LIB compares this build with another one (LIB: its
 * libdigamma.so, loaded beside this build's) instead: every case is evaluated
 * by both in turn, in alternating order, --rounds times, and each build keeps
 * its fastest time per case. The sums of those give the ratio of the two
 * builds' costs, to within a few tenths of a percent even on a loaded
 * machine, where whole passes (bench/costmodel_ab.sh) move by a fifth. The
 * cases stay in cache between the two evaluations, so the ratio leaves out
 * the first touch of the caller's structures, which no build changes.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkstemp, popen */
#include <digamma/digamma.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dlfcn.h>

#ifndef BENCH_SRCDIR
#define BENCH_SRCDIR "."
#endif

typedef struct bcase {
    dg_layer layer;
    dg_mapping map;
    dg_hw hw;
} bcase;

static uint64_t rng_state;
static int bw_mode; /* 0 mixed, 1 unlimited (gamma's setting), 2 finite */

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static int64_t uniform(int64_t lo, int64_t hi) /* inclusive */
{
    return lo + (int64_t)(next_u64() % (uint64_t)(hi - lo + 1));
}

/* CPU time of this thread: evaluations per second *per core*, whatever else
 * the machine runs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { GK, GC, GY, GX, GR, GS };
static const int gene_dim[6] = {DG_DIM_K, DG_DIM_C, DG_DIM_YO, DG_DIM_XO, DG_DIM_R, DG_DIM_S};

/* A gamma-style 2-level mapping for layer l (write_maestro's shape). */
static void gen_mapping(const dg_layer *l, bcase *c)
{
    int64_t full[6] = {l->k, l->c, l->y + 2 * l->pad_y - l->r + 1, l->x + 2 * l->pad_x - l->s + 1, l->r, l->s};
    int64_t t0[6], t1[6];
    for (int g = 0; g < 6; g++)
        t0[g] = g >= GR ? full[g] : uniform(1, full[g]);
    for (int g = 0; g < 6; g++)
        t1[g] = g >= GR ? full[g] : uniform(1, t0[g]);
    int p0 = (int)uniform(0, 3), p1 = (int)uniform(0, 3);
    static const int64_t pes[] = {64, 128, 256, 512, 1024};
    int64_t P = pes[uniform(0, 4)];
    int64_t cl = uniform(1, t0[p1] < 32 ? t0[p1] : 32);
    if (cl > P)
        cl = P;
    memset(&c->map, 0, sizeof c->map);
    c->map.struct_size = sizeof c->map;
    c->map.num_levels = 2;
    for (int lv = 0; lv < 2; lv++) {
        int order[6] = {0, 1, 2, 3, 4, 5};
        for (int k = 5; k > 0; k--) {
            int j = (int)uniform(0, k), t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        dg_mapping_level *L = &c->map.levels[lv];
        L->cluster_size = lv ? cl : 0;
        L->num_directives = 6;
        for (int k = 0; k < 6; k++) {
            int g = order[k];
            int64_t t = lv ? t1[g] : t0[g];
            L->directives[k] = (dg_directive){(lv ? p1 : p0) == g ? DG_SPATIAL : DG_TEMPORAL, gene_dim[g], t, t};
        }
    }
    dg_hw_init(&c->hw, P);
    int finite = bw_mode == 0 ? (int)(next_u64() & 1) : bw_mode == 2;
    if (finite) {
        c->hw.noc_bw = 64;
        c->hw.offchip_bw = 256;
    }
}

/* Write the cases for maestro_ref_timing.py, with this model's maestro-mode numbers. */
static int write_py_cases(const char *path, const bcase *cs, int n, dg_cost_model *compat)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    char text[4096];
    for (int i = 0; i < n; i++) {
        dg_layer_cost r = {.struct_size = sizeof r};
        if (dg_cost_model_evaluate(compat, &cs[i].layer, &cs[i].hw, &cs[i].map, &r) != DG_OK ||
            dg_maestro_write_layer(&cs[i].layer, &cs[i].map, text, sizeof text, NULL) != DG_OK) {
            fclose(f);
            return -1;
        }
        fprintf(f, "@case %d pes=%lld noc_bw=%lld noc_lat=%lld offchip_bw=%lld simd=%lld runtime=%.0f macs=%.0f\n", i,
                (long long)cs[i].hw.num_pes, (long long)cs[i].hw.noc_bw, (long long)cs[i].hw.noc_latency,
                (long long)cs[i].hw.offchip_bw, (long long)cs[i].hw.simd_lanes, r.runtime_cycles, r.macs);
        fprintf(f, "Network bench {\n%s}\n@end\n", text);
    }
    return fclose(f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Evaluate every case repeatedly for at least `seconds`. Returns the mean
 * rate (evals/s) and, in *best and *median, the rates of the fastest and the
 * median pass over the cases: on a shared machine other work slows some
 * passes down, which drags the mean but hardly the median and not the
 * fastest pass. */
static double time_model(dg_cost_model *cm, const bcase *cs, int n, double seconds, double *checksum, double *best,
                         double *median)
{
    enum { MAX_PASSES = 100000 };
    static double pass[MAX_PASSES];
    int npass = 0;
    dg_layer_cost r = {.struct_size = sizeof r};
    long evals = 0;
    double sum = 0, t0 = now(), el, fastest = 1e30;
    const char *fixed_n = getenv("BENCH_EVALS"); /* a fixed count, for profiling */
    if (fixed_n) {
        long want = atol(fixed_n);
        int hash = getenv("BENCH_HASH") != NULL; /* FNV-1a over every reported number: a bit-identity check */
        uint64_t h = 1469598103934665603u;
        for (long e = 0; e < want; e++)
            if (dg_cost_model_evaluate(cm, &cs[e % n].layer, &cs[e % n].hw, &cs[e % n].map, &r) == DG_OK) {
                sum += r.runtime_cycles;
                if (!hash)
                    continue;
                double f[18] = {r.runtime_cycles, r.macs, r.l1_bytes, r.l2_bytes, r.energy, (double)r.valid};
                for (int t = 0; t < 3; t++)
                    f[6 + t] = r.l1_reads[t], f[9 + t] = r.l1_writes[t], f[12 + t] = r.l2_reads[t],
                          f[15 + t] = r.l2_writes[t];
                const unsigned char *b = (const unsigned char *)f;
                for (size_t k = 0; k < 18 * sizeof(double); k++)
                    h = (h ^ b[k]) * 1099511628211u;
            }
        if (hash)
            printf("hash of all results: %016llx\n", (unsigned long long)h);
        *checksum = sum;
        el = now() - t0;
        *best = *median = (double)want / el;
        return (double)want / el;
    }
    do {
        double p0 = now();
        (void)0;
        for (int i = 0; i < n; i++) {
            if (dg_cost_model_evaluate(cm, &cs[i].layer, &cs[i].hw, &cs[i].map, &r) == DG_OK)
                sum += r.runtime_cycles;
            evals++;
        }
        double p1 = now();
        if (p1 - p0 < fastest)
            fastest = p1 - p0;
        if (npass < MAX_PASSES)
            pass[npass++] = p1 - p0;
        el = p1 - t0;
    } while (el < seconds);
    qsort(pass, (size_t)npass, sizeof pass[0], cmp_double);
    *checksum = sum;
    *best = (double)n / fastest;
    *median = (double)n / pass[npass / 2];
    return (double)evals / el;
}

static double now_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The other build's entry points (--against). */
typedef struct other_build {
    void *handle;
    int (*create)(dg_cost_model **, const dg_cost_model_ops *, void *, void (*)(void *));
    const dg_cost_model_ops *(*ops_maestro)(void);
    int (*set_option)(dg_cost_model *, const char *, const char *);
    int (*evaluate)(dg_cost_model *, const dg_layer *, const dg_hw *, const dg_mapping *, dg_layer_cost *);
    void (*destroy)(dg_cost_model *);
} other_build;

static int load_other(other_build *o, const char *path)
{
    o->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!o->handle) {
        fprintf(stderr, "--against: %s\n", dlerror());
        return -1;
    }
    /* POSIX guarantees that a function's address survives the trip through void *. */
    *(void **)&o->create = dlsym(o->handle, "dg_cost_model_create");
    *(void **)&o->ops_maestro = dlsym(o->handle, "dg_cost_model_ops_maestro");
    *(void **)&o->set_option = dlsym(o->handle, "dg_cost_model_set_option");
    *(void **)&o->evaluate = dlsym(o->handle, "dg_cost_model_evaluate");
    *(void **)&o->destroy = dlsym(o->handle, "dg_cost_model_destroy");
    if (!o->create || !o->ops_maestro || !o->set_option || !o->evaluate || !o->destroy) {
        fprintf(stderr, "--against: %s lacks the cost-model API\n", path);
        return -1;
    }
    return 0;
}

/* --against: this build's model `mine` beside the other build's, in `mode`;
 * per case the fastest of `rounds` evaluations, alternating which build goes
 * first. Returns 1 if their results differ. */
static int compare_builds(dg_cost_model *mine, const char *path, const char *mode, const bcase *cs, int n, int rounds)
{
    other_build o;
    dg_cost_model *theirs;
    if (load_other(&o, path) != 0)
        return 2;
    if (o.create(&theirs, o.ops_maestro(), NULL, NULL) != DG_OK || o.set_option(theirs, "mode", mode) != DG_OK) {
        fprintf(stderr, "--against: cannot create the other build's model\n");
        return 2;
    }
    double *best = malloc(2 * (size_t)n * sizeof *best), total[2] = {0, 0}, sum[2] = {0, 0};
    if (!best)
        return 2;
    for (int i = 0; i < 2 * n; i++)
        best[i] = 1e30;
    int differ = 0;
    dg_layer_cost r[2] = {{.struct_size = sizeof r[0]}, {.struct_size = sizeof r[1]}};
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < n; i++)
            for (int turn = 0; turn < 2; turn++) {
                int b = (turn + k + i) & 1; /* 0 this build, 1 the other */
                double t0 = now_wall();
                if (b == 0)
                    dg_cost_model_evaluate(mine, &cs[i].layer, &cs[i].hw, &cs[i].map, &r[0]);
                else
                    o.evaluate(theirs, &cs[i].layer, &cs[i].hw, &cs[i].map, &r[1]);
                double t = now_wall() - t0;
                total[b] += t;
                if (t < best[2 * i + b])
                    best[2 * i + b] = t;
                if (turn == 1 && memcmp(&r[0], &r[1], sizeof r[0]) != 0)
                    differ = 1;
            }
    for (int i = 0; i < n; i++)
        sum[0] += best[2 * i], sum[1] += best[2 * i + 1];
    printf("%s mode, this build against %s, %d rounds:\n", mode, path, rounds);
    printf("  per case, fastest of the rounds: %.3f us against %.3f us each: this build / other = %.4f\n",
           1e6 * sum[0] / n, 1e6 * sum[1] / n, sum[0] / sum[1]);
    printf("  all evaluations: %.3f us against %.3f us each: this build / other = %.4f\n",
           1e6 * total[0] / ((double)n * rounds), 1e6 * total[1] / ((double)n * rounds), total[0] / total[1]);
    if (differ)
        printf("  RESULTS DIFFER between the builds\n");
    free(best);
    o.destroy(theirs);
    /* The other build stays loaded: its destructors may still run at exit. */
    return differ;
}

static void cpu_name(char *buf, size_t cap)
{
    snprintf(buf, cap, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *p = strchr(line, ':');
            if (p) {
                p += 2;
                p[strcspn(p, "\n")] = '\0';
                snprintf(buf, cap, "%s", p);
            }
            break;
        }
    fclose(f);
}

int main(int argc, char **argv)
{
    int ncases = 2000, pycases = 200, use_python = 1, only = 0; /* 1: default mode only, 2: maestro only */
    int keep = 0; /* --mappings: 0 all, 1 only those MAESTRO miscounts, 2 only the others */
    const char *against = NULL;
    int rounds = 10;
    double seconds = 3.0;
    uint64_t seed = 1;
    const char *model = "resnet50", *ref = BENCH_SRCDIR "/../shared/reference", *python = "python3";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--no-python") == 0) {
            use_python = 0;
            continue;
        }
        if (strcmp(a, "--help") == 0) {
            printf("Usage: %s [--cases N] [--seconds S] [--seed X] [--model NAME] [--bw mixed|unlimited|finite]\n"
                   "          [--py-cases N] [--ref DIR] [--python PYTHON] [--no-python] [--only default|maestro]\n"
                   "          [--mappings all|miscounted|counted] [--against OTHER_LIBDIGAMMA_SO [--rounds N]]\n",
                   argv[0]);
            return 0;
        }
        if (!v) {
            fprintf(stderr, "%s needs a value\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "--cases") == 0)
            ncases = atoi(v);
        else if (strcmp(a, "--seconds") == 0)
            seconds = atof(v);
        else if (strcmp(a, "--seed") == 0)
            seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--model") == 0)
            model = v;
        else if (strcmp(a, "--py-cases") == 0)
            pycases = atoi(v);
        else if (strcmp(a, "--ref") == 0)
            ref = v;
        else if (strcmp(a, "--python") == 0)
            python = v;
        else if (strcmp(a, "--against") == 0)
            against = v;
        else if (strcmp(a, "--rounds") == 0)
            rounds = atoi(v);
        else if (strcmp(a, "--only") == 0)
            only = strcmp(v, "default") == 0 ? 1 : strcmp(v, "maestro") == 0 ? 2 : 0;
        else if (strcmp(a, "--mappings") == 0) {
            keep = strcmp(v, "all") == 0 ? 0 : strcmp(v, "miscounted") == 0 ? 1 : strcmp(v, "counted") == 0 ? 2 : -1;
            if (keep < 0) {
                fprintf(stderr, "--mappings takes all, miscounted or counted\n");
                return 2;
            }
        }
        else if (strcmp(a, "--bw") == 0) {
            bw_mode = strcmp(v, "unlimited") == 0 ? 1 : strcmp(v, "finite") == 0 ? 2 : strcmp(v, "mixed") == 0 ? 0 : -1;
            if (bw_mode < 0) {
                fprintf(stderr, "--bw takes mixed, unlimited or finite\n");
                return 2;
            }
        }
        else {
            fprintf(stderr, "unknown option %s\n", a);
            return 2;
        }
    }
    if (ncases < 1 || pycases < 0 || seconds <= 0 || rounds < 1) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    rng_state = seed;

    dg_workload *w;
    if (dg_workload_load(&w, model) != DG_OK) {
        fprintf(stderr, "%s\n", dg_last_error()->message);
        return 1;
    }
    dg_layer convs[256];
    int nconv = 0;
    for (size_t i = 0; i < dg_workload_num_unique(w) && nconv < 256; i++) {
        dg_layer l = {.struct_size = sizeof l};
        if (dg_workload_layer(w, i, &l) == DG_OK && l.type == DG_LAYER_CONV)
            convs[nconv++] = l;
    }
    if (nconv == 0) {
        fprintf(stderr, "%s has no convolutions\n", model);
        return 1;
    }

    dg_cost_model *fixed, *compat;
    if (dg_cost_model_create(&fixed, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK ||
        dg_cost_model_create(&compat, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK ||
        dg_cost_model_set_option(compat, "mode", "maestro") != DG_OK) {
        fprintf(stderr, "%s\n", dg_last_error()->message);
        return 1;
    }
    bcase *cs = calloc((size_t)ncases, sizeof *cs);
    if (!cs)
        return 1;
    int invalid = 0, miscounted = 0;
    for (int i = 0; i < ncases; i++) {
        for (;;) { /* keep mappings MAESTRO evaluates */
            cs[i].layer = convs[uniform(0, nconv - 1)];
            gen_mapping(&cs[i].layer, &cs[i]);
            dg_layer_cost r = {.struct_size = sizeof r};
            if (dg_cost_model_evaluate(compat, &cs[i].layer, &cs[i].hw, &cs[i].map, &r) == DG_OK && r.valid) {
                int mis = r.macs != (double)cs[i].layer.macs;
                if ((keep == 1 && !mis) || (keep == 2 && mis))
                    continue; /* not of the kind asked for: draw another */
                miscounted += mis;
                break;
            }
            invalid++;
        }
    }

    char cpu[128];
    cpu_name(cpu, sizeof cpu);
    printf("cost-model benchmark: %d %s convolutions (%d distinct shapes), gamma-style 2-level mappings, "
           "%s bandwidths, seed %llu\n",
           ncases, model, nconv, bw_mode == 1 ? "unlimited" : bw_mode == 2 ? "finite" : "mixed",
           (unsigned long long)seed);
    printf("CPU: %s; one thread; %d generated mappings skipped as invalid; MAESTRO miscounts the MACs of %d "
           "(%.0f%%)\n",
           cpu, invalid, miscounted, 100.0 * miscounted / ncases);
    if (against) {
        int rc = compare_builds(only == 2 ? compat : fixed, against, only == 2 ? "maestro" : "default", cs, ncases,
                                rounds);
        free(cs);
        dg_cost_model_destroy(fixed);
        dg_cost_model_destroy(compat);
        dg_workload_destroy(w);
        return rc;
    }
    double ck1 = 0, ck2 = 0, best, median;
    if (only != 2) {
        double r_fixed = time_model(fixed, cs, ncases, seconds, &ck1, &best, &median);
        printf("C model, default mode:   %10.0f evaluations/s (%.2f us each); "
               "median pass %.0f/s, fastest pass %.0f/s\n",
               r_fixed, 1e6 / r_fixed, median, best);
    }
    if (only != 1) {
        double r_compat = time_model(compat, cs, ncases, seconds, &ck2, &best, &median);
        printf("C model, maestro mode:   %10.0f evaluations/s (%.2f us each); "
               "median pass %.0f/s, fastest pass %.0f/s\n",
               r_compat, 1e6 / r_compat, median, best);
    }

    int status = 0;
    if (use_python && pycases > 0) {
        if (pycases > ncases)
            pycases = ncases;
        char path[] = "/tmp/bench_costmodel_XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0 || write_py_cases(path, cs, pycases, compat) != 0) {
            fprintf(stderr, "cannot write the Python cases\n");
            return 1;
        }
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "'%s' '%s/bench/maestro_ref_timing.py' --ref '%s' '%s'", python, BENCH_SRCDIR, ref,
                 path);
        FILE *p = popen(cmd, "r");
        char line[256] = "";
        if (p) {
            if (!fgets(line, sizeof line, p))
                line[0] = '\0';
            pclose(p);
        }
        remove(path);
        long evals = 0, mism = -1;
        double secs = 0;
        if (sscanf(line, "evals=%ld seconds=%lf mismatches=%ld", &evals, &secs, &mism) == 3 && secs > 0) {
            double r_py = (double)evals / secs;
            /* The C rate on exactly the Python subset, for a like-for-like ratio. */
            double ck3, best3, median3, r_sub = time_model(compat, cs, pycases, seconds, &ck3, &best3, &median3);
            printf("maestro_ref.py:          %10.1f evaluations/s (%.2f ms each), %d cases, %ld disagreeing\n", r_py,
                   1e3 / r_py, pycases, mism);
            printf("C maestro mode, same %d cases: %.0f evaluations/s = %.0fx maestro_ref.py\n", pycases, r_sub,
                   r_sub / r_py);
            if (mism != 0)
                status = 1;
        } else {
            printf("maestro_ref.py: not run (%s); give --ref DIR or --no-python\n", line[0] ? line : "no output");
        }
    }
    printf("checksums %.0f %.0f\n", ck1, ck2);
    free(cs);
    dg_cost_model_destroy(fixed);
    dg_cost_model_destroy(compat);
    dg_workload_destroy(w);
    return status;
}
