/*
 * search_report.c: the outputs of `digamma search`: the human summary, the
 * JSON document and the MAESTRO export. Everything comes through the public
 * API (dg_search_result, dg_search_evaluate_layer, dg_maestro_write_layer).
 */
#include "search_report.h"

#include "cli_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *dim_name(int dim)
{
    static const char *const names[DG_DIM_COUNT] = {"N", "K", "C", "Y", "X", "R", "S", "Y'", "X'"};
    return dim >= 0 && dim < DG_DIM_COUNT ? names[dim] : "?";
}

void format_mapping(char *buf, size_t cap, const dg_mapping *m)
{
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t l = 0; l < m->num_levels && n < cap; l++) {
        const dg_mapping_level *lv = &m->levels[l];
        if (l > 0)
            n += (size_t)snprintf(buf + n, cap - n, " | Cluster(%lld) ", (long long)lv->cluster_size);
        for (uint32_t i = 0; i < lv->num_directives && n < cap; i++) {
            const dg_directive *d = &lv->directives[i];
            n += (size_t)snprintf(buf + n, cap - n, "%s%c%s=%lld", i ? " " : "", d->kind == DG_SPATIAL ? 'S' : 'T',
                                  dim_name(d->dim), (long long)d->size);
        }
    }
}

typedef struct layer_row {
    dg_layer layer;
    dg_hw hw;
    dg_mapping mapping;
    dg_layer_cost cost;
} layer_row;

/* The best genome's per-layer detail, one row per distinct layer. */
static int layer_rows(dg_search *s, const dg_workload *w, layer_row **out, size_t *count)
{
    dg_genome *g;
    int rc = dg_search_best_genome(s, &g);
    if (rc)
        return rc;
    size_t n = dg_workload_num_unique(w);
    layer_row *rows = calloc(n, sizeof *rows);
    if (!rows) {
        dg_genome_destroy(g);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < n && rc == DG_OK; i++) {
        layer_row *r = &rows[i];
        r->layer.struct_size = sizeof r->layer;
        r->hw.struct_size = sizeof r->hw;
        r->mapping.struct_size = sizeof r->mapping;
        r->cost.struct_size = sizeof r->cost;
        rc = dg_workload_layer(w, i, &r->layer);
        if (rc == DG_OK)
            rc = dg_search_evaluate_layer(s, g, i, &r->hw, &r->mapping, &r->cost);
    }
    dg_genome_destroy(g);
    if (rc) {
        free(rows);
        return rc;
    }
    *out = rows;
    *count = n;
    return DG_OK;
}

/* Everything a report shows: the best design, the run's statistics, the rows. */
static int gather(dg_search *s, const report_info *info, dg_design *d, dg_search_stats *st, layer_row **rows,
                  size_t *n)
{
    d->struct_size = sizeof *d;
    st->struct_size = sizeof *st;
    int rc = dg_search_result(s, d);
    if (rc == DG_OK)
        rc = dg_search_stats_get(s, st);
    if (rc == DG_OK)
        rc = layer_rows(s, info->workload, rows, n);
    return rc;
}

int report_text(FILE *f, dg_search *s, const report_info *info)
{
    dg_design d;
    dg_search_stats st;
    layer_row *rows;
    size_t n;
    int rc = gather(s, info, &d, &st, &rows, &n);
    if (rc)
        return rc;
    fprintf(f, "model        %s (%zu layers, %zu distinct, %.4g MACs)\n", info->model,
            dg_workload_num_layers(info->workload), n, (double)dg_workload_total_macs(info->workload));
    fprintf(f, "platform     %s, area budget %g mm²; optimizer %s, %lld samples in %.2f s (seed %llu)\n",
            info->platform, info->area_budget_mm2, info->optimizer, (long long)st.samples, st.seconds,
            (unsigned long long)st.seed);
    fprintf(f, "feasible     %s%s\n", d.feasible ? "yes" : "NO", d.feasible ? "" : " (best design found breaks the budget)");
    fprintf(f, "hardware     %lld PEs = %lld clusters x %lld PEs; L1 %lld B per PE, L2 %lld B\n", (long long)d.num_pes,
            (long long)d.clusters, (long long)d.pes_per_cluster, (long long)d.l1_bytes, (long long)d.l2_bytes);
    fprintf(f, "area         %.4g µm² (%.3f mm²), PE share %.0f%%\n", d.area_um2, d.area_um2 / 1e6,
            d.area_um2 > 0 ? 100.0 * 282.0 * (double)d.num_pes / d.area_um2 : 0.0);
    fprintf(f, "latency      %.6g cycles\nenergy       %.6g (MAC units)\n", d.latency_cycles, d.energy);
    fprintf(f, "\n%-26s %5s %14s %12s %8s %8s  mapping\n", "layer", "count", "MACs", "cycles", "L1", "L2");
    for (size_t i = 0; i < n; i++) {
        char map[1024];
        format_mapping(map, sizeof map, &rows[i].mapping);
        fprintf(f, "%-26s %5lld %14lld %12.6g %8.0f %8.0f  %s\n", rows[i].layer.name, (long long)rows[i].layer.count,
                (long long)rows[i].layer.macs, rows[i].cost.runtime_cycles, rows[i].cost.l1_bytes,
                rows[i].cost.l2_bytes, map);
    }
    free(rows);
    return DG_OK;
}

static void json_mapping(FILE *f, const dg_mapping *m)
{
    fprintf(f, "[");
    for (uint32_t l = 0; l < m->num_levels; l++) {
        const dg_mapping_level *lv = &m->levels[l];
        fprintf(f, "%s{\"cluster_size\": %lld, \"directives\": [", l ? ", " : "", (long long)lv->cluster_size);
        for (uint32_t i = 0; i < lv->num_directives; i++) {
            const dg_directive *d = &lv->directives[i];
            fprintf(f, "%s{\"kind\": \"%s\", \"dim\": \"%s\", \"size\": %lld, \"offset\": %lld}", i ? ", " : "",
                    d->kind == DG_SPATIAL ? "spatial" : "temporal", dim_name(d->dim), (long long)d->size,
                    (long long)d->offset);
        }
        fprintf(f, "]}");
    }
    fprintf(f, "]");
}

int report_json(FILE *f, dg_search *s, const report_info *info)
{
    dg_design d;
    dg_search_stats st;
    layer_row *rows;
    size_t n;
    int rc = gather(s, info, &d, &st, &rows, &n);
    if (rc)
        return rc;
    fprintf(f, "{\n  \"model\": ");
    cli_json_string(f, info->model);
    fprintf(f, ",\n  \"platform\": ");
    cli_json_string(f, info->platform);
    fprintf(f, ",\n  \"optimizer\": ");
    cli_json_string(f, info->optimizer);
    fprintf(f,
            ",\n  \"area_budget_um2\": %.17g,\n  \"feasible\": %s,\n  \"violation\": %.17g,\n"
            "  \"latency_cycles\": %.17g,\n  \"energy\": %.17g,\n  \"area_um2\": %.17g,\n  \"power_mw\": %.17g,\n"
            "  \"num_pes\": %lld,\n  \"clusters\": %lld,\n  \"pes_per_cluster\": %lld,\n  \"l1_bytes\": %lld,\n"
            "  \"l2_bytes\": %lld,\n  \"macs\": %.17g,\n  \"samples\": %lld,\n  \"feasible_samples\": %lld,\n"
            "  \"seconds\": %.6f,\n  \"seed\": %llu,\n  \"threads\": %d,\n  \"cache_hits\": %lld,\n"
            "  \"layer_evaluations\": %lld,\n  \"max_pes\": %lld,\n  \"lower_bound_cycles\": %.17g,\n"
            "  \"layers\": [",
            info->area_budget_mm2 * 1e6, d.feasible ? "true" : "false", d.violation, d.latency_cycles, d.energy,
            d.area_um2, d.power_mw, (long long)d.num_pes, (long long)d.clusters, (long long)d.pes_per_cluster,
            (long long)d.l1_bytes, (long long)d.l2_bytes, d.macs, (long long)st.samples,
            (long long)st.feasible_samples, st.seconds, (unsigned long long)st.seed, st.threads,
            (long long)st.cache_hits, (long long)st.layer_evaluations, (long long)dg_space_max_pes(dg_search_space(s)),
            (double)dg_workload_total_macs(info->workload) / (double)dg_space_max_pes(dg_search_space(s)));
    for (size_t i = 0; i < n; i++) {
        const layer_row *r = &rows[i];
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        cli_json_string(f, r->layer.name);
        fprintf(f,
                ", \"type\": \"%s\", \"count\": %lld, \"macs\": %lld, \"runtime_cycles\": %.17g, \"energy\": %.17g, "
                "\"l1_bytes\": %.17g, \"l2_bytes\": %.17g, \"valid\": %s, \"num_pes\": %lld, \"mapping\": ",
                dg_layer_type_name(r->layer.type), (long long)r->layer.count, (long long)r->layer.macs,
                r->cost.runtime_cycles, r->cost.energy, r->cost.l1_bytes, r->cost.l2_bytes,
                r->cost.valid ? "true" : "false", (long long)r->hw.num_pes);
        json_mapping(f, &r->mapping);
        fprintf(f, "}");
    }
    fprintf(f, "\n  ],\n  \"history\": [");
    for (size_t i = 0; i < dg_search_history_count(s); i++) {
        int64_t samples;
        double best;
        dg_search_history(s, i, &samples, &best);
        fprintf(f, "%s[%lld, %.17g]", i ? ", " : "", (long long)samples, best);
    }
    fprintf(f, "]\n}\n");
    free(rows);
    return DG_OK;
}

/* File names keep letters, digits, '-' and '_' of the layer name. */
static void safe_name(char *out, size_t cap, const char *name)
{
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < cap; p++)
        out[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'
                                  ? *p
                                  : '_');
    out[n] = '\0';
}

int report_export_maestro(const char *dir, dg_search *s, const report_info *info)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return dg_error_set(DG_EIO, "cannot create %s: %s", dir, strerror(errno));
    layer_row *rows;
    size_t n;
    int rc = layer_rows(s, info->workload, &rows, &n);
    if (rc)
        return rc;
    size_t cap = 1 << 16;
    char *text = malloc(cap);
    for (size_t i = 0; text && i < n && rc == DG_OK; i++) {
        rc = dg_maestro_write_layer(&rows[i].layer, &rows[i].mapping, text, cap, NULL);
        if (rc)
            break;
        char base[64], path[4096];
        safe_name(base, sizeof base, rows[i].layer.name);
        snprintf(path, sizeof path, "%s/%02zu_%s.m", dir, i, base);
        FILE *f = fopen(path, "w");
        if (!f) {
            rc = dg_error_set(DG_EIO, "cannot write %s: %s", path, strerror(errno));
            break;
        }
        fprintf(f, "// %s, layer %zu of %s, found by digamma search (x%lld in the model)\n", rows[i].layer.name, i,
                info->model, (long long)rows[i].layer.count);
        fprintf(f, "// evaluate with: digamma eval --mapping %02zu_%s.m --hw hw.m\n", i, base);
        fprintf(f, "Network %s {\n%s}\n", base, text);
        if (fclose(f) != 0)
            rc = dg_error_set(DG_EIO, "cannot write %s", path);
    }
    if (!text)
        rc = DG_ENOMEM;
    if (rc == DG_OK && n > 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/hw.m", dir);
        FILE *f = fopen(path, "w");
        if (!f) {
            rc = dg_error_set(DG_EIO, "cannot write %s: %s", path, strerror(errno));
        } else {
            /* The search's hardware: unlimited bandwidths are MAESTRO's INT_MAX. */
            fprintf(f, "num_pes: %lld\nNoC_NumHops: %lld\nnoc_bw_cstr: 2147483647\noffchip_bw_cstr: 2147483647\n",
                    (long long)rows[0].hw.num_pes, (long long)rows[0].hw.noc_latency);
            fclose(f);
        }
    }
    free(text);
    free(rows);
    return rc;
}
