/*
 * cmd_eval.c: `digamma eval` evaluates every layer of a MAESTRO mapping file
 * with the built-in cost model, like running MAESTRO itself.
 *
 * Hardware defaults are MAESTRO's command-line defaults (7 PEs, unlimited NoC
 * bandwidth, NoC latency 0 = 1 hop x 0 cycles, off-chip bandwidth 70000,
 * 1 SIMD lane), so `digamma eval --compat maestro` with the same numbers
 * reproduces `maestro --Mapping_file=...`. With --hw, the hardware file's own
 * defaults apply first (1 PE, everything unlimited, NoC latency 1), then the
 * file; explicit flags override both (MAESTRO lets the file win).
 */
#include "cli_util.h"
#include "commands.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h> /* dg_error_set */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: digamma eval --mapping FILE.m [--hw FILE.m] [--num-pes N] [--noc-bw B]\n"
            "                    [--noc-latency L] [--offchip-bw B] [--simd S] [--l1-size N]\n"
            "                    [--l2-size N] [--compat maestro|e1d8efd] [--counts] [--json]\n"
            "Evaluate every layer of a MAESTRO mapping file with the built-in cost model.\n"
            "\n"
            "  --mapping FILE   MAESTRO mapping file (Network / Layer / Dimensions / Dataflow)\n"
            "  --hw FILE        MAESTRO hardware file (num_pes, noc_bw_cstr, NoC_NumHops, ...)\n"
            "  --num-pes N      processing elements (default 7, as MAESTRO)\n"
            "  --noc-bw B       NoC bandwidth, elements/cycle, or 'unlimited' (default)\n"
            "  --noc-latency L  NoC latency in cycles (default 0, as MAESTRO; gamma uses 1)\n"
            "  --offchip-bw B   off-chip bandwidth, elements/cycle, or 'unlimited' (default 70000)\n"
            "  --simd S         MACs per PE per cycle (default 1)\n"
            "  --l1-size N      L1 bytes per PE; a mapping needing more is reported invalid\n"
            "  --l2-size N      L2 bytes; likewise\n"
            "  --compat MODE    maestro: MAESTRO HEAD 4eb08d1's numbers, quirks included;\n"
            "                   e1d8efd: the MAESTRO commit gamma/DiGamma ran. Without it:\n"
            "                   the default model (MAESTRO's miscounts repaired)\n"
            "  --counts         also print the per-tensor L1/L2 read and write counts\n"
            "  --json           one JSON object per layer, in an array\n"
            "Flags override the hardware file. Sizes are in elements (= bytes at 8 bits),\n"
            "energy in units of one MAC. See docs/cost-model.md.\n");
}

typedef struct elayer {
    dg_layer layer;
    dg_mapping map;
    char *name;
} elayer;

typedef struct elist {
    elayer *v;
    size_t n, cap;
} elist;

static int collect(void *user, const dg_layer *l, const dg_mapping *m)
{
    elist *e = user;
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        elayer *v = realloc(e->v, cap * sizeof *v);
        if (!v)
            return dg_error_set(DG_ENOMEM, "out of memory"), 1;
        e->v = v;
        e->cap = cap;
    }
    elayer *x = &e->v[e->n];
    x->layer = *l;
    x->map = *m;
    const char *nm = l->name ? l->name : "layer";
    x->name = malloc(strlen(nm) + 1);
    if (!x->name)
        return dg_error_set(DG_ENOMEM, "out of memory"), 1;
    strcpy(x->name, nm);
    x->layer.name = x->name;
    e->n++;
    return 0;
}

static void free_list(elist *e)
{
    for (size_t k = 0; k < e->n; k++)
        free(e->v[k].name);
    free(e->v);
}

/* A bandwidth: a positive integer or "unlimited". */
static int parse_bw(const char *s, int64_t *out)
{
    if (strcmp(s, "unlimited") == 0 || strcmp(s, "inf") == 0) {
        *out = DG_UNLIMITED;
        return 0;
    }
    return cli_parse_int64(s, out) == 0 && *out >= 1 ? 0 : -1;
}

static const char *tensor_names[DG_TENSOR_COUNT] = {"input", "filter", "output"};

static void print_json_layer(const elayer *x, size_t index, int rc, const dg_layer_cost *c, bool first)
{
    printf("%s\n  {\"layer\": ", first ? "" : ",");
    cli_json_string(stdout, x->name);
    printf(", \"index\": %zu", index);
    if (rc != DG_OK) {
        printf(", \"valid\": false, \"error\": ");
        cli_json_string(stdout, dg_last_error()->message);
        printf("}");
        return;
    }
    printf(", \"valid\": %s, \"runtime_cycles\": %.0f, \"macs\": %.0f, \"l1_bytes\": %.0f, \"l2_bytes\": %.0f, "
           "\"energy\": %.17g",
           c->valid ? "true" : "false", c->runtime_cycles, c->macs, c->l1_bytes, c->l2_bytes, c->energy);
    for (int t = 0; t < DG_TENSOR_COUNT; t++)
        printf(", \"%s\": {\"l1_reads\": %.0f, \"l1_writes\": %.0f, \"l2_reads\": %.0f, \"l2_writes\": %.0f}",
               tensor_names[t], c->l1_reads[t], c->l1_writes[t], c->l2_reads[t], c->l2_writes[t]);
    printf("}");
}

static void print_bw(const char *label, int64_t bw)
{
    if (bw == DG_UNLIMITED)
        printf(", %s unlimited", label);
    else
        printf(", %s %lld", label, (long long)bw);
}

int dg_cmd_eval(int argc, char **argv)
{
    const char *mapping = NULL, *hwfile = NULL, *compat = NULL;
    bool json = false, counts = false;
    int64_t num_pes = -1, noc_bw = 0, noc_lat = -1, offchip = 0, simd = -1, l1 = -2, l2 = -2;
    bool have_noc_bw = false, have_offchip = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return DG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        } else if (strcmp(a, "--counts") == 0) {
            counts = true;
            continue;
        }
        if (!v)
            return cli_usage_error("eval: %s needs a value", a);
        i++;
        if (strcmp(a, "--mapping") == 0) {
            mapping = v;
        } else if (strcmp(a, "--hw") == 0) {
            hwfile = v;
        } else if (strcmp(a, "--compat") == 0) {
            if (strcmp(v, "maestro") != 0 && strcmp(v, "e1d8efd") != 0)
                return cli_usage_error("eval: --compat takes 'maestro' or 'e1d8efd', not '%s'", v);
            compat = v;
        } else if (strcmp(a, "--num-pes") == 0) {
            if (cli_parse_int64(v, &num_pes) || num_pes < 1)
                return cli_usage_error("eval: --num-pes needs a positive integer, not '%s'", v);
        } else if (strcmp(a, "--noc-bw") == 0) {
            if (parse_bw(v, &noc_bw))
                return cli_usage_error("eval: --noc-bw needs a positive integer or 'unlimited', not '%s'", v);
            have_noc_bw = true;
        } else if (strcmp(a, "--offchip-bw") == 0) {
            if (parse_bw(v, &offchip))
                return cli_usage_error("eval: --offchip-bw needs a positive integer or 'unlimited', not '%s'", v);
            have_offchip = true;
        } else if (strcmp(a, "--noc-latency") == 0) {
            if (cli_parse_int64(v, &noc_lat) || noc_lat < 0)
                return cli_usage_error("eval: --noc-latency needs an integer >= 0, not '%s'", v);
        } else if (strcmp(a, "--simd") == 0) {
            if (cli_parse_int64(v, &simd) || simd < 1)
                return cli_usage_error("eval: --simd needs a positive integer, not '%s'", v);
        } else if (strcmp(a, "--l1-size") == 0) {
            if (cli_parse_int64(v, &l1) || l1 < 0)
                return cli_usage_error("eval: --l1-size needs an integer >= 0, not '%s'", v);
        } else if (strcmp(a, "--l2-size") == 0) {
            if (cli_parse_int64(v, &l2) || l2 < 0)
                return cli_usage_error("eval: --l2-size needs an integer >= 0, not '%s'", v);
        } else {
            return cli_usage_error("eval: unknown option '%s'", a);
        }
    }
    if (!mapping)
        return cli_usage_error("eval: --mapping FILE.m is required");

    dg_hw hw;
    if (hwfile) {
        dg_hw_init(&hw, 1); /* MAESTRO's defaults for keys a hardware file omits */
        if (dg_maestro_parse_hw_file(hwfile, &hw) != DG_OK)
            return cli_fail_lib(NULL);
    } else {
        dg_hw_init(&hw, 7); /* MAESTRO's command-line defaults */
        hw.noc_latency = 0;
        hw.offchip_bw = 70000;
    }
    if (num_pes > 0)
        hw.num_pes = num_pes;
    if (have_noc_bw)
        hw.noc_bw = noc_bw;
    if (have_offchip)
        hw.offchip_bw = offchip;
    if (noc_lat >= 0)
        hw.noc_latency = noc_lat;
    if (simd > 0)
        hw.simd_lanes = simd;
    if (l1 >= 0)
        hw.l1_bytes = l1;
    if (l2 >= 0)
        hw.l2_bytes = l2;

    elist layers = {NULL, 0, 0};
    if (dg_maestro_parse_mapping_file(mapping, collect, &layers) != DG_OK) {
        free_list(&layers);
        return cli_fail_lib(NULL);
    }
    if (layers.n == 0) {
        free_list(&layers);
        fprintf(stderr, "digamma: %s: no layers (expected Network { Layer NAME { ... } })\n", mapping);
        return DG_EXIT_FAILURE;
    }
    dg_cost_model *cm;
    if (dg_cost_model_create(&cm, dg_cost_model_ops_maestro(), NULL, NULL) != DG_OK) {
        free_list(&layers);
        return cli_fail_lib(NULL);
    }
    const char *mode = compat ? "maestro" : "default";
    if (dg_cost_model_set_option(cm, "mode", mode) != DG_OK ||
        dg_cost_model_set_option(cm, "variant", compat && strcmp(compat, "e1d8efd") == 0 ? "e1d8efd" : "head") !=
            DG_OK) {
        dg_cost_model_destroy(cm);
        free_list(&layers);
        return cli_fail_lib(NULL);
    }

    if (json) {
        printf("[");
    } else {
        printf("%s: %zu layer%s; %s model (%s), %lld PEs", mapping, layers.n, layers.n == 1 ? "" : "s",
               compat ? "MAESTRO-compatible" : "default", compat ? (strcmp(compat, "maestro") ? compat : "4eb08d1")
                                                                 : "miscounts repaired",
               (long long)hw.num_pes);
        print_bw("NoC bw", hw.noc_bw);
        printf(", NoC latency %lld", (long long)hw.noc_latency);
        print_bw("off-chip bw", hw.offchip_bw);
        printf(", %lld SIMD lane%s\n", (long long)hw.simd_lanes, hw.simd_lanes == 1 ? "" : "s");
        printf("%-24s %-7s %14s %16s %10s %10s %18s\n", "layer", "valid", "runtime", "MACs", "L1 bytes", "L2 bytes",
               "energy (MACs)");
    }
    int status = DG_EXIT_OK;
    double tot_rt = 0, tot_macs = 0, tot_e = 0, max_l1 = 0, max_l2 = 0;
    bool all_valid = true;
    for (size_t k = 0; k < layers.n; k++) {
        const elayer *x = &layers.v[k];
        dg_layer_cost c = {.struct_size = sizeof c};
        int rc;
        if (x->map.num_levels == 0)
            rc = dg_error_set(DG_EINVAL, "layer %s has no Dataflow (and no earlier layer has one)", x->name);
        else
            rc = dg_cost_model_evaluate(cm, &x->layer, &hw, &x->map, &c);
        if (rc != DG_OK) {
            status = DG_EXIT_FAILURE;
            all_valid = false;
            if (!json)
                fprintf(stderr, "digamma: %s: layer %s: %s\n", mapping, x->name, dg_last_error()->message);
        }
        if (json) {
            print_json_layer(x, k, rc, &c, k == 0);
            continue;
        }
        if (rc != DG_OK) {
            printf("%-24s %-7s\n", x->name, "error");
            continue;
        }
        printf("%-24s %-7s %14.0f %16.0f %10.0f %10.0f %18.2f\n", x->name, c.valid ? "yes" : "NO", c.runtime_cycles,
               c.macs, c.l1_bytes, c.l2_bytes, c.energy);
        if (counts)
            for (int t = 0; t < DG_TENSOR_COUNT; t++)
                printf("    %-7s L1 reads %14.0f  writes %14.0f   L2 reads %14.0f  writes %14.0f\n", tensor_names[t],
                       c.l1_reads[t], c.l1_writes[t], c.l2_reads[t], c.l2_writes[t]);
        all_valid = all_valid && c.valid;
        tot_rt += c.runtime_cycles;
        tot_macs += c.macs;
        tot_e += c.energy;
        max_l1 = c.l1_bytes > max_l1 ? c.l1_bytes : max_l1;
        max_l2 = c.l2_bytes > max_l2 ? c.l2_bytes : max_l2;
    }
    if (json) {
        printf("\n]\n");
    } else if (layers.n > 1) {
        printf("%-24s %-7s %14.0f %16.0f %10.0f %10.0f %18.2f\n", "total (max L1/L2)", all_valid ? "yes" : "NO",
               tot_rt, tot_macs, max_l1, max_l2, tot_e);
    }
    dg_cost_model_destroy(cm);
    free_list(&layers);
    return status;
}
