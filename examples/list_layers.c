/*
 * list_layers: load a model (built-in name or file) and print its layers.
 *
 *   examples/list_layers resnet18
 *   examples/list_layers my_model.csv
 *
 * Shows the basics every program needs: checking that the library it runs
 * against matches the headers it was built with, creating and destroying a
 * handle, and reporting errors with dg_last_error().
 */
#include <digamma/digamma.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    /* A program built against one release may run against another. */
    if (dg_version_number() / 100 != DG_VERSION_NUMBER / 100)
        fprintf(stderr, "warning: built with libdigamma %s, running %s\n", DG_VERSION_STRING,
                dg_version_string());

    const char *model = argc > 1 ? argv[1] : "resnet18";
    dg_workload *w = NULL;
    if (dg_workload_load(&w, model) != DG_OK) {
        fprintf(stderr, "list_layers: %s\n", dg_last_error()->message);
        return 1;
    }
    printf("%s: %zu layers, %zu distinct, %.3f GMACs\n", dg_workload_name(w), dg_workload_num_layers(w),
           dg_workload_num_unique(w), dg_workload_total_macs(w) / 1e9);
    for (size_t i = 0; i < dg_workload_num_unique(w); i++) {
        dg_layer l = {.struct_size = sizeof l};
        dg_workload_layer(w, i, &l);
        printf("  %-24s %-6s x%-3lld K=%-5lld C=%-5lld Y=%-4lld X=%-4lld R=%lld S=%lld stride=%lld -> %lldx%lld  %lld MACs\n",
               l.name, dg_layer_type_name(l.type), (long long)l.count, (long long)l.k, (long long)l.c, (long long)l.y,
               (long long)l.x, (long long)l.r, (long long)l.s, (long long)l.stride_y, (long long)l.out_y,
               (long long)l.out_x, (long long)l.macs);
    }
    dg_workload_destroy(w);
    return 0;
}
