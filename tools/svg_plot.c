/*
 * svg_plot.c: the convergence picture of --plot: best objective (log scale)
 * against samples, as a self-contained SVG file.
 */
#include "search_report.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define W 720
#define H 420
#define ML 90 /* margins */
#define MR 20
#define MT 40
#define MB 50

int report_plot_svg(const char *path, const dg_search *s, const char *objective)
{
    size_t n = dg_search_history_count(s);
    dg_search_stats st = {.struct_size = sizeof st};
    dg_search_stats_get(s, &st);
    FILE *f = fopen(path, "w");
    if (!f)
        return dg_error_set(DG_EIO, "cannot write %s: %s", path, strerror(errno));
    double xmax = st.samples > 0 ? (double)st.samples : 1, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double y;
        dg_search_history(s, i, NULL, &y);
        if (y > 0) {
            ymin = fmin(ymin, y);
            ymax = fmax(ymax, y);
        }
    }
    if (!(ymin <= ymax))
        ymin = 1, ymax = 10;
    double lo = floor(log10(ymin)), hi = ceil(log10(ymax));
    if (hi <= lo)
        hi = lo + 1;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"%d\" y=\"22\" font-size=\"15\">Convergence: best feasible %s vs samples</text>\n", ML, objective);
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n", ML, MT,
            W - ML - MR, H - MT - MB);
#define PX(x) (ML + (x) / xmax * (W - ML - MR))
#define PY(y) (H - MB - (log10(y) - lo) / (hi - lo) * (H - MT - MB))
    for (double e = lo; e <= hi; e++) {
        fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", ML, W - MR, PY(pow(10, e)),
                PY(pow(10, e)));
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%.0f</text>\n", ML - 6, PY(pow(10, e)) + 4, e);
    }
    for (int i = 0; i <= 4; i++)
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n", PX(xmax * i / 4), H - MB + 18,
                xmax * i / 4);
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">samples</text>\n", (ML + W - MR) / 2, H - 10);
    fprintf(f, "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"");
    double last = NAN;
    for (size_t i = 0; i < n; i++) { /* a staircase: the best holds until it improves */
        int64_t x;
        double y;
        dg_search_history(s, i, &x, &y);
        if (y <= 0)
            continue;
        if (last == last)
            fprintf(f, "%.1f,%.1f ", PX((double)x), PY(last));
        fprintf(f, "%.1f,%.1f ", PX((double)x), PY(y));
        last = y;
    }
    if (last == last)
        fprintf(f, "%.1f,%.1f", PX(xmax), PY(last));
    fprintf(f, "\"/>\n</svg>\n");
#undef PX
#undef PY
    if (fclose(f) != 0)
        return dg_error_set(DG_EIO, "cannot write %s", path);
    return DG_OK;
}
