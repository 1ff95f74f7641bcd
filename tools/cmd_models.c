/*
 * cmd_models.c: `digamma models [--json]` lists the model zoo;
 * `digamma models --show NAME|FILE [--json]` prints the layers of one model.
 */
#include "cli_util.h"
#include "commands.h"

#include <digamma/digamma.h>

#include <stdbool.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "Usage: digamma models [--json]\n"
               "       digamma models --show NAME|FILE [--json]\n"
               "List the built-in models (name, layers, distinct layers, MACs), or\n"
               "the layers of one model read from the zoo or from a file.\n");
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

static int show_model(const char *model, bool json)
{
    dg_workload *w;
    if (dg_workload_load(&w, model) != DG_OK)
        return cli_fail_lib(NULL);
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
    if (json)
        printf("\n]}\n");
    dg_workload_destroy(w);
    return DG_EXIT_OK;
}

int dg_cmd_models(int argc, char **argv)
{
    bool json = false;
    const char *show = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
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
    return show ? show_model(show, json) : list_models(json);
}
