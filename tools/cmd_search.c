/*
 * cmd_search.c: `digamma search`: co-optimize hardware and mappings for a
 * model within a budget and report the best design.
 */
#include "cli_util.h"
#include "commands.h"
#include "search_report.h"

#include <digamma/digamma.h>

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exit status when the search ran but found no design within the budget. */
#define DG_EXIT_INFEASIBLE 3
/* Exit status after SIGINT/SIGTERM, as shells report a SIGINT death. */
#define DG_EXIT_INTERRUPTED 130

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: digamma search --model NAME|FILE [options]\n"
            "Co-optimize the accelerator (PEs, array shape, buffers) and every layer's mapping.\n"
            "\n"
            "  --model NAME|FILE      built-in model (digamma models) or a file: GAMMA CSV, MAESTRO .m,\n"
            "                         ONNX or Timeloop problem YAML\n"
            "  --platform edge|cloud  area budget preset: 0.2 or 7.0 mm² (default edge)\n"
            "  --area-mm2 A           area budget in mm² (overrides the preset)\n"
            "  --power-mw P           power budget in mW\n"
            "  --max-pes N            PE limit\n"
            "  --objective LIST       latency (default), energy, edp, power, area, lap; comma-separated,\n"
            "                         the first decides and the others break ties\n"
            "  --optimizer NAME       digamma (default), random, a baseline: stdga, pso, tbpsa,\n"
            "                         oneplusone, de, portfolio, cma, or grid (grid search over the\n"
            "                         hardware for a --dataflow style) (digamma optimizers)\n"
            "  --set KEY=VALUE        optimizer parameter (repeatable), e.g. --set population=50\n"
            "  --samples N            sampling budget, design points (default 40000)\n"
            "  --seed S               random seed (default 1)\n"
            "  --threads T            evaluation threads (default 1; the result does not depend on it)\n"
            "  --time-limit SEC       stop after SEC seconds\n"
            "  --fixed-hw RxC[:L1:L2] fixed PE array (R clusters of C PEs) and optional L1/L2 bytes:\n"
            "                         search mappings only\n"
            "  --hw-preset P          fixed hardware picked for the area budget: buffer, medium or\n"
            "                         compute (20, 30 or 40 %% of the area for PEs); search mappings only\n"
            "  --dataflow dla|shi|eye fixed dataflow style (HW and tiles searched)\n"
            "  The paper's schemes: HW-opt is --optimizer grid --dataflow dla|shi|eye, Mapping-opt\n"
            "  is --hw-preset buffer|medium|compute, co-optimization is the default.\n"
            "  --scope S              shared (default: one HW, a mapping per layer), one-mapping, per-layer\n"
            "  --levels N|MIN-MAX     cluster levels, 2 or 3 (default 2)\n"
            "  --compat maestro       cost model in MAESTRO-compatible mode\n"
            "  --area-model M         digamma (default: 282 um2/PE + 0.688 um2/byte, no power) or\n"
            "                         maestro (MAESTRO's area and power; needed for power budgets)\n"
            "  --json FILE            write the result as JSON ('-' for standard output)\n"
            "  --export-maestro DIR   write one MAESTRO mapping file per layer and hw.m to DIR\n"
            "  --plot FILE.svg        draw the convergence (best objective against samples)\n"
            "  --checkpoint FILE      save the search to FILE every --checkpoint-every samples\n"
            "                         (default 1000) and when it stops, unless the sample budget\n"
            "                         cut its last batch short (the last periodic file stays);\n"
            "                         Ctrl-C stops cleanly\n"
            "  --resume FILE          continue a checkpointed search (same options and seed):\n"
            "                         the result equals an uninterrupted run's\n"
            "  --quiet                no progress line, no summary\n"
            "\n"
            "Exit status: 0 a feasible design was found, 3 none was, 1 error, 2 bad usage,\n"
            "130 interrupted (the best design so far is still reported and saved).\n");
}

typedef struct options {
    const char *model, *platform, *optimizer, *json, *export_dir, *plot, *dataflow, *scope, *compat, *fixed_hw, *hw_preset;
    const char *checkpoint, *resume, *area_model;
    int64_t checkpoint_every;
    const char *sets[64];
    int num_sets;
    double area_mm2, power_mw, time_limit;
    int64_t max_pes, samples, threads, min_levels, max_levels;
    uint64_t seed;
    int objectives[DG_MAX_OBJECTIVES];
    size_t num_objectives;
    bool quiet;
} options;

static int parse_objectives(options *o, const char *list)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    o->num_objectives = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int obj = dg_objective_from_name(tok);
        if (obj < 0)
            return cli_usage_error("unknown objective '%s' (latency, energy, edp, power, area, lap)", tok);
        if (o->num_objectives == DG_MAX_OBJECTIVES)
            return cli_usage_error("at most %d objectives", DG_MAX_OBJECTIVES);
        o->objectives[o->num_objectives++] = obj;
    }
    return o->num_objectives ? 0 : cli_usage_error("--objective needs at least one objective");
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->platform = "edge";
    o->optimizer = "digamma";
    o->samples = 40000;
    o->seed = 1;
    o->threads = 1;
    o->max_pes = DG_UNLIMITED;
    o->min_levels = o->max_levels = 2;
    o->checkpoint_every = 1000;
    o->objectives[0] = DG_OBJECTIVE_LATENCY;
    o->num_objectives = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(DG_EXIT_OK);
        }
        if (strcmp(a, "--quiet") == 0) {
            o->quiet = true;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage_error("search: option '%s' needs a value (or is unknown)", a);
        const char *v = argv[++i];
        int64_t n;
        if (strcmp(a, "--model") == 0) o->model = v;
        else if (strcmp(a, "--platform") == 0) o->platform = v;
        else if (strcmp(a, "--optimizer") == 0) o->optimizer = v;
        else if (strcmp(a, "--json") == 0) o->json = v;
        else if (strcmp(a, "--export-maestro") == 0) o->export_dir = v;
        else if (strcmp(a, "--plot") == 0) o->plot = v;
        else if (strcmp(a, "--dataflow") == 0) o->dataflow = v;
        else if (strcmp(a, "--scope") == 0) o->scope = v;
        else if (strcmp(a, "--compat") == 0) o->compat = v;
        else if (strcmp(a, "--fixed-hw") == 0) o->fixed_hw = v;
        else if (strcmp(a, "--hw-preset") == 0) o->hw_preset = v;
        else if (strcmp(a, "--checkpoint") == 0) o->checkpoint = v;
        else if (strcmp(a, "--resume") == 0) o->resume = v;
        else if (strcmp(a, "--area-model") == 0) o->area_model = v;
        else if (strcmp(a, "--checkpoint-every") == 0) {
            if (cli_parse_int64(v, &o->checkpoint_every) || o->checkpoint_every < 1)
                return cli_usage_error("--checkpoint-every needs a positive integer, got '%s'", v);
        }
        else if (strcmp(a, "--objective") == 0) {
            int rc = parse_objectives(o, v);
            if (rc)
                return rc;
        } else if (strcmp(a, "--set") == 0) {
            if (o->num_sets == 64)
                return cli_usage_error("too many --set options");
            o->sets[o->num_sets++] = v;
        } else if (strcmp(a, "--area-mm2") == 0) {
            if (cli_parse_double(v, &o->area_mm2) || o->area_mm2 <= 0)
                return cli_usage_error("--area-mm2 needs a positive number, got '%s'", v);
        } else if (strcmp(a, "--power-mw") == 0) {
            if (cli_parse_double(v, &o->power_mw) || o->power_mw <= 0)
                return cli_usage_error("--power-mw needs a positive number, got '%s'", v);
        } else if (strcmp(a, "--time-limit") == 0) {
            if (cli_parse_double(v, &o->time_limit) || o->time_limit <= 0)
                return cli_usage_error("--time-limit needs a positive number of seconds, got '%s'", v);
        } else if (strcmp(a, "--max-pes") == 0) {
            if (cli_parse_int64(v, &o->max_pes) || o->max_pes < 1)
                return cli_usage_error("--max-pes needs a positive integer, got '%s'", v);
        } else if (strcmp(a, "--samples") == 0) {
            if (cli_parse_int64(v, &o->samples) || o->samples < 1)
                return cli_usage_error("--samples needs a positive integer, got '%s'", v);
        } else if (strcmp(a, "--threads") == 0) {
            if (cli_parse_int64(v, &o->threads) || o->threads < 1 || o->threads > 256)
                return cli_usage_error("--threads needs an integer in [1, 256], got '%s'", v);
        } else if (strcmp(a, "--seed") == 0) {
            if (cli_parse_int64(v, &n) || n < 0)
                return cli_usage_error("--seed needs a non-negative integer, got '%s'", v);
            o->seed = (uint64_t)n;
        } else if (strcmp(a, "--levels") == 0) {
            int lo, hi;
            char extra;
            if (sscanf(v, "%d-%d%c", &lo, &hi, &extra) == 2 || (sscanf(v, "%d%c", &lo, &extra) == 1 && (hi = lo))) {
                o->min_levels = lo;
                o->max_levels = hi;
            } else {
                return cli_usage_error("--levels takes N or MIN-MAX, got '%s'", v);
            }
        } else {
            return cli_usage_error("search: unknown option '%s'", a);
        }
    }
    if (!o->model)
        return cli_usage_error("search needs --model NAME|FILE");
    if (o->fixed_hw && o->hw_preset)
        return cli_usage_error("--fixed-hw and --hw-preset both fix the hardware; give one");
    return 0;
}

static int build_budget(const options *o, dg_budget **out)
{
    dg_budget *b;
    if (dg_budget_create_preset(&b, o->platform) != DG_OK)
        return cli_usage_error("unknown platform '%s' (edge or cloud)", o->platform);
    int rc = DG_OK;
    if (o->area_mm2 > 0)
        rc = dg_budget_set_area_mm2(b, o->area_mm2);
    if (rc == DG_OK && o->power_mw > 0)
        rc = dg_budget_set_power_mw(b, o->power_mw);
    if (rc == DG_OK && o->max_pes != DG_UNLIMITED)
        rc = dg_budget_set_max_pes(b, o->max_pes);
    if (rc == DG_OK && o->fixed_hw) {
        long long r, c, l1 = DG_UNLIMITED, l2 = DG_UNLIMITED;
        char extra;
        int got = sscanf(o->fixed_hw, "%lldx%lld:%lld:%lld%c", &r, &c, &l1, &l2, &extra);
        if (got != 2 && got != 4) {
            dg_budget_destroy(b);
            return cli_usage_error("--fixed-hw takes RxC or RxC:L1:L2, got '%s'", o->fixed_hw);
        }
        rc = dg_budget_set_fixed_hw(b, r, c, l1, l2);
    }
    if (rc == DG_OK && o->hw_preset) {
        int preset = dg_hw_preset_from_name(o->hw_preset);
        if (preset < 0) {
            dg_budget_destroy(b);
            return cli_usage_error("unknown --hw-preset '%s' (buffer, medium or compute)", o->hw_preset);
        }
        rc = dg_budget_set_fixed_hw_preset(b, preset);
    }
    if (rc) {
        dg_budget_destroy(b);
        return cli_fail_lib("budget");
    }
    *out = b;
    return 0;
}

static int build_space_options(const options *o, dg_space_options *so)
{
    dg_space_options_init(so);
    so->min_levels = (int32_t)o->min_levels;
    so->max_levels = (int32_t)o->max_levels;
    if (o->dataflow) {
        if (strcmp(o->dataflow, "dla") == 0) so->dataflow = DG_DATAFLOW_DLA;
        else if (strcmp(o->dataflow, "shi") == 0) so->dataflow = DG_DATAFLOW_SHI;
        else if (strcmp(o->dataflow, "eye") == 0) so->dataflow = DG_DATAFLOW_EYE;
        else return cli_usage_error("unknown dataflow '%s' (dla, shi or eye)", o->dataflow);
    }
    if (o->scope) {
        if (strcmp(o->scope, "shared") == 0) so->scope = DG_SCOPE_SHARED_HW;
        else if (strcmp(o->scope, "one-mapping") == 0) so->scope = DG_SCOPE_ONE_MAPPING;
        else if (strcmp(o->scope, "per-layer") == 0) so->scope = DG_SCOPE_PER_LAYER;
        else return cli_usage_error("unknown scope '%s' (shared, one-mapping or per-layer)", o->scope);
    }
    return 0;
}

static int apply_sets(const options *o, dg_optimizer *opt)
{
    for (int i = 0; i < o->num_sets; i++) {
        char key[128];
        const char *eq = strchr(o->sets[i], '=');
        double v;
        if (!eq || (size_t)(eq - o->sets[i]) >= sizeof key || cli_parse_double(eq + 1, &v))
            return cli_usage_error("--set takes KEY=NUMBER, got '%s'", o->sets[i]);
        snprintf(key, sizeof key, "%.*s", (int)(eq - o->sets[i]), o->sets[i]);
        if (dg_optimizer_set_double(opt, key, v) != DG_OK)
            return cli_fail_lib("--set");
    }
    return 0;
}

/* ---- progress and interruption ---- */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct progress_state {
    bool show;
    const char *objective;
} progress_state;

static int on_progress(void *user, const dg_progress *p)
{
    progress_state *ps = user;
    if (ps->show) {
        fprintf(stderr, "\r  %lld/%lld samples  best %s %s%.6g  %.1f s   ", (long long)p->samples,
                (long long)p->max_samples, ps->objective, p->best_feasible ? "" : "(infeasible) ", p->best_objective,
                p->seconds);
        fflush(stderr);
    }
    return interrupted ? 1 : 0;
}

static int write_outputs(const options *o, dg_search *s, const report_info *info)
{
    int rc = DG_OK;
    if (o->json) {
        FILE *f = strcmp(o->json, "-") == 0 ? stdout : fopen(o->json, "w");
        if (!f) {
            fprintf(stderr, "digamma: cannot write %s\n", o->json);
            return DG_EXIT_FAILURE;
        }
        rc = report_json(f, s, info);
        if (f != stdout && fclose(f) != 0 && rc == DG_OK)
            rc = dg_error_set(DG_EIO, "cannot write %s", o->json);
        if (rc)
            return cli_fail_lib("--json");
    }
    if (o->export_dir && report_export_maestro(o->export_dir, s, info) != DG_OK)
        return cli_fail_lib("--export-maestro");
    if (o->plot && report_plot_svg(o->plot, s, dg_objective_name(o->objectives[0])) != DG_OK)
        return cli_fail_lib("--plot");
    if (!o->quiet && !(o->json && strcmp(o->json, "-") == 0) && report_text(stdout, s, info) != DG_OK)
        return cli_fail_lib("summary");
    return DG_EXIT_OK;
}

int dg_cmd_search(int argc, char **argv)
{
    options o;
    int status = parse_args(argc, argv, &o);
    if (status)
        return status;
    dg_workload *w = NULL;
    dg_budget *b = NULL;
    dg_cost_model *cm = NULL;
    dg_optimizer *opt = NULL;
    dg_search *s = NULL;
    dg_space_options so;
    if (dg_workload_load(&w, o.model) != DG_OK) {
        status = cli_fail_lib(NULL);
        goto done;
    }
    if ((status = build_budget(&o, &b)) || (status = build_space_options(&o, &so)))
        goto done;
    if (dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK ||
        (o.compat && dg_cost_model_set_option(cm, "mode", o.compat) != DG_OK) ||
        (o.area_model && dg_cost_model_set_option(cm, "area", o.area_model) != DG_OK)) {
        status = cli_fail_lib("cost model");
        goto done;
    }
    bool wants_power = o.power_mw > 0;
    for (size_t i = 0; i < o.num_objectives; i++)
        wants_power |= o.objectives[i] == DG_OBJECTIVE_POWER;
    if (wants_power && (!o.area_model || strcmp(o.area_model, "maestro") != 0))
        fprintf(stderr, "digamma: note: DiGamma's area model reports no power (0 mW); "
                        "use --area-model maestro for power budgets and objectives\n");
    if (dg_optimizer_create_builtin(&opt, o.optimizer) != DG_OK) {
        status = cli_fail_lib(NULL);
        goto done;
    }
    if ((status = apply_sets(&o, opt)))
        goto done;
    if (dg_search_create(&s, w, b, cm, opt, &so) != DG_OK) {
        status = cli_fail_lib(NULL);
        goto done;
    }
    dg_search_set_samples(s, o.samples);
    dg_search_set_seed(s, o.seed);
    dg_search_set_threads(s, (int)o.threads);
    dg_search_set_objectives(s, o.objectives, o.num_objectives);
    if (o.time_limit > 0)
        dg_search_set_time_limit(s, o.time_limit);
    if ((o.checkpoint && dg_search_set_checkpoint(s, o.checkpoint, o.checkpoint_every) != DG_OK) ||
        (o.resume && dg_search_resume(s, o.resume) != DG_OK)) {
        status = cli_fail_lib(o.resume ? o.resume : o.checkpoint);
        goto done;
    }
    progress_state ps = {!o.quiet && isatty(STDERR_FILENO), dg_objective_name(o.objectives[0])};
    dg_search_set_progress(s, on_progress, &ps);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int rc = dg_search_run(s);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (ps.show)
        fputs("\n", stderr);
    if (rc != DG_OK) {
        status = cli_fail_lib("search");
        goto done;
    }
    if (interrupted)
        fprintf(stderr, "digamma: interrupted; reporting the best design so far%s%s\n",
                o.checkpoint ? ", search saved to " : "", o.checkpoint ? o.checkpoint : "");
    report_info info = {o.model, o.platform, o.optimizer, w, dg_budget_area_mm2(b)};
    status = write_outputs(&o, s, &info);
    if (status == DG_EXIT_OK) {
        dg_design d = {.struct_size = sizeof d};
        dg_search_result(s, &d);
        if (!d.feasible) {
            fprintf(stderr, "digamma: no design within the budget was found\n");
            status = DG_EXIT_INFEASIBLE;
        }
        if (interrupted)
            status = DG_EXIT_INTERRUPTED;
    }
done:
    dg_search_destroy(s);
    dg_optimizer_destroy(opt);
    dg_cost_model_destroy(cm);
    dg_budget_destroy(b);
    dg_workload_destroy(w);
    return status;
}
