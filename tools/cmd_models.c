/*
 * cmd_models.c: `digamma models [--json]` lists the model zoo;
 * `digamma models --show NAME|FILE [--json] [--skipped]` prints the layers of
 * one model (zoo, GAMMA CSV, MAESTRO, ONNX or Timeloop YAML), and with
 * --skipped the nodes of an imported model that did not become layers.
 */
#include "cli_util.h"
#include "commands.h"

#include <digamma/digamma.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "Usage: digamma models [--json]\n"
               "       digamma models --show NAME|FILE [--json] [--skipped]\n"
               "List the built-in models (name, layers, distinct layers, MACs), or\n"
               "the layers of one model read from the zoo or from a file (GAMMA CSV,\n"
               "MAESTRO .m, ONNX .onnx, Timeloop problem .yaml; see docs/import.md).\n"
               "  --skipped   also list the model's nodes that are not layers and carry\n"
               "              MACs the importer cannot map (e.g. an ONNX LSTM)\n");
}

static int list_models(bool json)
{
    if (json)
        printf("[");
    else
        printf("%-14s %7s %7s %14s  %s\n", "name", "layers", "unique", "MACs", "description");
    for (size_t i = 0; i < dg_builtin_model_count(); i++) {
        dg_workload *w;
        const char *name = dg_builtin_model_name(i);
        if (dg_workload_builtin(&w, name) != DG_OK)
            return cli_fail_lib(name);
        if (json) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            cli_json_string(stdout, name);
            printf(", \"layers\": %zu, \"unique_layers\": %zu, \"macs\": %lld, \"description\": ",
                   dg_workload_num_layers(w), dg_workload_num_unique(w), (long long)dg_workload_total_macs(w));
            cli_json_string(stdout, dg_builtin_model_description(i));
            printf("}");
        } else {
            printf("%-14s %7zu %7zu %14lld  %s\n", name, dg_workload_num_layers(w), dg_workload_num_unique(w),
                   (long long)dg_workload_total_macs(w), dg_builtin_model_description(i));
        }
        dg_workload_destroy(w);
    }
    if (json)
        printf("\n]\n");
    return DG_EXIT_OK;
}

/* The skipped nodes, collected by the import callback. */
typedef struct skipped_list {
    char **names, **ops;
    size_t n, cap;
    bool oom;
} skipped_list;

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int collect_skipped(void *user, const char *name, const char *op_type)
{
    skipped_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **names = realloc(l->names, cap * sizeof *names);
        if (names)
            l->names = names;
        char **ops = names ? realloc(l->ops, cap * sizeof *ops) : NULL;
        if (ops)
            l->ops = ops;
        if (!names || !ops) {
            l->oom = true;
            return 1;
        }
        l->cap = cap;
    }
    l->names[l->n] = copy_string(name);
    l->ops[l->n] = copy_string(op_type);
    l->n++;
    if (!l->names[l->n - 1] || !l->ops[l->n - 1]) {
        l->oom = true;
        return 1;
    }
    return 0;
}

static void free_skipped(skipped_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->names[i]);
        free(l->ops[i]);
    }
    free(l->names);
    free(l->ops);
}

static void print_skipped(const skipped_list *l, bool json)
{
    if (json) {
        printf(", \"skipped\": [");
        for (size_t i = 0; i < l->n; i++) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            cli_json_string(stdout, l->names[i]);
            printf(", \"op_type\": ");
            cli_json_string(stdout, l->ops[i]);
            printf("}");
        }
        printf("%s]", l->n ? "\n" : "");
        return;
    }
    printf("%zu skipped node%s%s\n", l->n, l->n == 1 ? "" : "s", l->n ? ":" : "");
    for (size_t i = 0; i < l->n; i++)
        printf("  %-40s %s\n", *l->names[i] ? l->names[i] : "(unnamed)", l->ops[i]);
}

static int show_model(const char *model, bool json, bool skipped)
{
    dg_workload *w;
    skipped_list sl = {0};
    if (dg_workload_load_ex(&w, model, skipped ? collect_skipped : NULL, &sl) != DG_OK) {
        bool oom = sl.oom;
        free_skipped(&sl);
        if (oom) {
            fprintf(stderr, "digamma: out of memory listing the skipped nodes\n");
            return DG_EXIT_FAILURE;
        }
        return cli_fail_lib(NULL);
    }
    if (json) {
        printf("{\"name\": ");
        cli_json_string(stdout, dg_workload_name(w));
        printf(", \"layers\": %zu, \"unique_layers\": %zu, \"macs\": %lld, \"layer_list\": [",
               dg_workload_num_layers(w), dg_workload_num_unique(w), (long long)dg_workload_total_macs(w));
    } else {
        printf("%s: %zu layers, %zu distinct, %lld MACs\n", dg_workload_name(w), dg_workload_num_layers(w),
               dg_workload_num_unique(w), (long long)dg_workload_total_macs(w));
        printf("%-28s %-6s %5s %6s %6s %5s %5s %3s %3s %6s %4s %11s %14s\n", "layer", "type", "count", "K", "C", "Y",
               "X", "R", "S", "stride", "pad", "output", "MACs");
    }
    for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
        dg_layer l = {.struct_size = sizeof l};
        if (dg_workload_layer(w, i, &l) != DG_OK) {
            dg_workload_destroy(w);
            free_skipped(&sl);
            return cli_fail_lib(NULL);
        }
        if (json) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            cli_json_string(stdout, l.name);
            printf(", \"type\": \"%s\", \"count\": %lld, \"n\": %lld, \"k\": %lld, \"c\": %lld, \"y\": %lld, "
                   "\"x\": %lld, \"r\": %lld, \"s\": %lld, \"stride_y\": %lld, \"stride_x\": %lld, \"pad_y\": %lld, "
                   "\"pad_x\": %lld, \"out_y\": %lld, \"out_x\": %lld, \"macs\": %lld}",
                   dg_layer_type_name(l.type), (long long)l.count, (long long)l.n, (long long)l.k, (long long)l.c,
                   (long long)l.y, (long long)l.x, (long long)l.r, (long long)l.s, (long long)l.stride_y,
                   (long long)l.stride_x, (long long)l.pad_y, (long long)l.pad_x, (long long)l.out_y,
                   (long long)l.out_x, (long long)l.macs);
        } else {
            char out[24];
            snprintf(out, sizeof out, "%lldx%lld", (long long)l.out_y, (long long)l.out_x);
            printf("%-28s %-6s %5lld %6lld %6lld %5lld %5lld %3lld %3lld %6lld %4lld %11s %14lld\n", l.name,
                   dg_layer_type_name(l.type), (long long)l.count, (long long)l.k, (long long)l.c, (long long)l.y,
                   (long long)l.x, (long long)l.r, (long long)l.s, (long long)l.stride_y, (long long)l.pad_y, out,
                   (long long)l.macs);
        }
    }
    if (json) {
        printf("\n]");
        if (skipped)
            print_skipped(&sl, true);
        printf("}\n");
    } else if (skipped) {
        print_skipped(&sl, false);
    }
    free_skipped(&sl);
    dg_workload_destroy(w);
    return DG_EXIT_OK;
}

int dg_cmd_models(int argc, char **argv)
{
    bool json = false, skipped = false;
    const char *show = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--skipped") == 0) {
            skipped = true;
        } else if (strcmp(argv[i], "--show") == 0) {
            if (++i == argc)
                return cli_usage_error("--show needs a model name or file");
            show = argv[i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return DG_EXIT_OK;
        } else {
            return cli_usage_error("models: unknown option '%s'", argv[i]);
        }
    }
    if (skipped && !show)
        return cli_usage_error("--skipped goes with --show NAME|FILE");
    return show ? show_model(show, json, skipped) : list_models(json);
}
