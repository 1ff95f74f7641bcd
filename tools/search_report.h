/* search_report.h: how `digamma search` presents a finished search. */
#ifndef DIGAMMA_TOOLS_SEARCH_REPORT_H
#define DIGAMMA_TOOLS_SEARCH_REPORT_H

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <stdio.h>

/* What the report needs besides the search itself. */
typedef struct report_info {
    const char *model;
    const char *platform;
    const char *optimizer;
    const dg_workload *workload;
    double area_budget_mm2;
} report_info;

/* Human summary: hardware, buffers, area, latency, energy, per-layer mappings. */
int report_text(FILE *f, dg_search *s, const report_info *info);
/* The JSON document of --json. */
int report_json(FILE *f, dg_search *s, const report_info *info);
/* One MAESTRO mapping file per distinct layer, plus hw.m, into dir. */
int report_export_maestro(const char *dir, dg_search *s, const report_info *info);
/* Convergence plot: best objective against samples, as SVG. */
int report_plot_svg(const char *path, const dg_search *s, const char *objective);

/* The compact one-line form of a mapping, e.g. "S(K,16) T(C,8) | C16: ...". */
void format_mapping(char *buf, size_t cap, const dg_mapping *m);

#endif
