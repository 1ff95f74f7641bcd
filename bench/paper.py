#!/usr/bin/env python3
"""Reproduce the DiGamma paper's tables (§V: Fig. 5, 6 and 7) in one command (issue 5).

Fig. 5  nine optimizers (random, the seven nevergrad baselines, DiGamma) x seven
        models x edge and cloud: median latency and latency-area product (LAP)
        over seeds, normalised to CMA as the paper does; N/A where no seed found
        a feasible design; geomean rows; the paper's numbers beside ours.
Fig. 6  HW-opt (`--optimizer grid --dataflow dla|shi|eye`), Mapping-opt
        (`--hw-preset buffer|medium|compute`, the DiGamma GA on mappings only) and
        DiGamma co-optimization: median latency normalised to the best baseline
        scheme (the paper's is Compute-focused + Gamma).
Fig. 7  mnasnet on edge: the best design (over seeds) of HW-opt (dla-like),
        Mapping-opt (compute-focused) and DiGamma: latency, area, LAP, and the
        PE area : buffer area ratio under the default area model (282 um^2 per
        PE, 0.688 um^2 per SRAM byte over L1 * PEs + L2).

Every run is one `digamma search ... --threads 1 --quiet --json -` process; --jobs
of them run at once. Progress goes to standard error, the tables to standard
output and to OUT_DIR/paper.md, with OUT_DIR/fig5.csv, fig6.csv, fig7.csv and
the raw per-run results in OUT_DIR/runs.jsonl (--resume reuses them).

Usage: bench/paper.py [--quick] [--samples 40000] [--seeds 3] [--jobs 2]
                      [--models a,b] [--platforms edge,cloud] [--methods a,b]
                      [--figs 5,6,7] [--out-dir DIR] [--digamma PATH] [--resume]
Run from the build tree (needs tools/digamma), or give --digamma.
Standard library only.
"""
import argparse
import concurrent.futures
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mnasnet", "bert", "ncf", "dlrm"]
PLATFORMS = ["edge", "cloud"]
# Fig. 5's columns, in the paper's order, by our optimizer names.
METHODS = ["random", "stdga", "pso", "tbpsa", "oneplusone", "de", "portfolio", "cma", "digamma"]
METHOD_LABEL = {"random": "Random", "stdga": "stdGA", "pso": "PSO", "tbpsa": "TBPSA", "oneplusone": "(1+1)-ES",
                "de": "DE", "portfolio": "Portfolio", "cma": "CMA", "digamma": "DiGamma"}
# Fig. 6's schemes: (key, label, extra CLI arguments, deterministic).
SCHEMES = [
    ("grid-dla", "Grid-S HW + dla-like", ["--optimizer", "grid", "--dataflow", "dla"], True),
    ("grid-shi", "Grid-S HW + shi-like", ["--optimizer", "grid", "--dataflow", "shi"], True),
    ("grid-eye", "Grid-S HW + eye-like", ["--optimizer", "grid", "--dataflow", "eye"], True),
    ("map-buffer", "Buffer-focused + GA", ["--hw-preset", "buffer"], False),
    ("map-medium", "Medium-Buf-Com + GA", ["--hw-preset", "medium"], False),
    ("map-compute", "Compute-focused + GA", ["--hw-preset", "compute"], False),
    ("digamma", "DiGamma", ["--optimizer", "digamma"], False),
]
SCHEME_LABEL = {k: l for k, l, _, _ in SCHEMES}
PAPER_FIG6_REF = "map-compute"
FIG7_SCHEMES = [("grid-dla", "HW-opt (dla-like)"), ("map-compute", "Mapping-opt (Com-focused)"),
                ("digamma", "HW/Map-co-opt (DiGamma)")]
PE_UM2, SRAM_UM2_PER_BYTE = 282.0, 0.688

# ---------------------------------------------------------------------------
# The paper's numbers, transcribed from reference/paper.md (bold markers
# dropped; None = the paper's N/A). Fig. 5: normalised to CMA, columns in
# METHODS order.
NA = None
PAPER_FIG5_LAT = {
    "edge": {
        "resnet18": [NA, 4.7, 169.3, NA, NA, 0.8, 0.8, 1.0, 0.5],
        "resnet50": [NA, NA, 110.9, 0.7, 21.7, 1.1, 0.3, 1.0, 0.3],
        "mobilenet_v2": [NA, 29.0, 1.0, 0.5, 0.5, 0.2, 3.7, 1.0, 0.2],
        "mnasnet": [NA, 5.3, 27.6, 0.1, 33.5, 0.04, 0.04, 1.0, 0.04],
        "bert": [NA, NA, NA, 1.0, 2.0, 10.0, 0.5, 1.0, 0.4],
        "ncf": [229.8, 88.4, NA, 133.6, 0.5, NA, 1.9, 1.0, 0.4],
        "dlrm": [304.7, 151.5, 1.2, 168.8, 2.8, 5.2, 15.6, 1.0, 0.8],
        "geomean": [264.6, 24.9, 14.4, 2.9, 3.2, 0.8, 0.9, 1.0, 0.3],
    },
    "cloud": {
        "resnet18": [NA, 64.9, 1652.5, 0.4, 373.6, NA, 0.3, 1.0, 0.03],
        "resnet50": [NA, 116.2, 1904.7, 3593.7, NA, 1.5, 6.4, 1.0, 0.3],
        "mobilenet_v2": [0.8, 0.8, 20.8, 0.8, 8.9, 3.2, 0.6, 1.0, 0.4],
        "mnasnet": [NA, 10.8, 0.2, 0.1, 0.2, NA, 10.6, 1.0, 0.1],
        "bert": [10669.5, 18.9, 27.2, 13173.1, 1043.3, 42.3, 2.3, 1.0, 1.2],
        "ncf": [47.1, 15.0, 0.6, 0.3, 41.2, 0.6, 0.4, 1.0, 0.01],
        "dlrm": [3481.5, 17.1, 0.8, 28.0, 54.1, 4230.0, 27.9, 1.0, 0.6],
        "geomean": [193.3, 16.4, 14.5, 10.8, 34.6, 13.8, 2.3, 1.0, 0.1],
    },
}
PAPER_FIG5_LAP = {
    "edge": {
        "resnet18": [NA, 6.3, 46.2, NA, NA, 1.2, 1.2, 1.0, 0.7],
        "resnet50": [NA, NA, 12.0, 0.7, 20.8, 1.1, 0.3, 1.0, 0.3],
        "mobilenet_v2": [NA, 20.0, 1.1, 0.4, 0.6, 0.2, 2.7, 1.0, 0.2],
        "mnasnet": [NA, 1.0, 2.5, 0.1, 35.3, 0.04, 0.04, 1.0, 0.05],
        "bert": [NA, NA, NA, 0.7, 2.6, 13.2, 0.7, 1.0, 0.5],
        "ncf": [179.3, 78.4, NA, 105.0, 0.5, NA, 1.9, 1.0, 0.4],
        "dlrm": [211.2, 83.1, 1.2, 140.5, 1.6, 5.2, 15.8, 1.0, 0.7],
        "geomean": [194.6, 15.3, 4.5, 2.4, 3.1, 0.9, 1.0, 1.0, 0.3],
    },
    "cloud": {
        "resnet18": [NA, 30.3, 19.1, 0.1, 201.7, NA, 0.3, 1.0, 0.03],
        "resnet50": [NA, 113.9, 262.8, 1352.9, NA, 1.4, 4.5, 1.0, 0.3],
        "mobilenet_v2": [1.4, 1.4, 28.6, 1.4, 20.5, 6.1, 1.3, 1.0, 0.7],
        "mnasnet": [NA, 7.2, 0.2, 0.1, 0.3, NA, 12.0, 1.0, 0.1],
        "bert": [1528.0, 14.6, 12.0, 7659.3, 990.3, 35.8, 2.4, 1.0, 1.3],
        "ncf": [39.2, 10.8, 0.8, 0.4, 14.9, 0.8, 0.6, 1.0, 0.01],
        "dlrm": [2098.1, 8.8, 0.6, 16.0, 53.0, 760.0, 26.1, 1.0, 0.4],
        "geomean": [115.7, 12.6, 5.5, 7.3, 30.6, 11.4, 2.5, 1.0, 0.1],
    },
}
# Fig. 6: normalised to Compute-focused + Gamma, columns in SCHEMES order.
PAPER_FIG6 = {
    "edge": {
        "resnet18": [7.8, 94.8, 29.8, 3.7, 2.4, 1.0, 0.8],
        "resnet50": [3.6, 88.4, 27.8, 3.7, 1.9, 1.0, 0.8],
        "mobilenet_v2": [2.4, 48.5, 15.9, 2.9, 1.8, 1.0, 0.7],
        "mnasnet": [2.5, 61.2, 20.5, 3.5, 2.0, 1.0, 0.7],
        "bert": [1.3, 4.1, 1.1, 5.6, 2.8, 1.0, 0.8],
        "ncf": [1.8, 908.0, 482.4, 5.2, 2.7, 1.0, 0.8],
        "dlrm": [1.8, 890.8, 473.4, 4.7, 2.4, 1.0, 1.0],
        "geomean": [2.6, 97.4, 35.3, 4.1, 2.3, 1.0, 0.8],
    },
    "cloud": {
        "resnet18": [8.6, 877.6, 275.7, 1.1, 1.2, 1.0, 0.2],
        "resnet50": [3.4, 786.9, 141.0, 1.1, 0.9, 1.0, 0.4],
        "mobilenet_v2": [3.2, 276.4, 90.6, 1.1, 0.9, 1.0, 0.4],
        "mnasnet": [3.6, 322.6, 107.9, 1.1, 0.9, 1.0, 0.4],
        "bert": [1.0, 100.3, 26.6, 3.0, 1.5, 1.0, 0.7],
        "ncf": [1.0, 12288.1, 6528.1, 2.3, 1.2, 1.0, 0.9],
        "dlrm": [1.3, 10846.3, 5763.9, 1.8, 1.1, 1.0, 0.7],
        "geomean": [2.4, 972.6, 324.8, 1.5, 1.1, 1.0, 0.5],
    },
}
# Fig. 7 (mnasnet, edge; area budget 2.00E+5 um^2 -- the paper's table says
# mm^2, but 0.2 mm^2 is 2e5 um^2): latency, area um^2, LAP, PE : buffer area.
PAPER_FIG7 = {
    "grid-dla": (3.74e6, 1.99e5, 7.44e11, "67 : 33"),
    "map-compute": (1.14e6, 1.83e5, 2.08e11, "39 : 61"),
    "digamma": (9.80e5, 1.99e5, 1.95e11, "56 : 44"),
}

# Rough relative cost of one run, to start the long ones first (better packing
# of the process pool). Units: seconds per 40,000 samples on one core, measured
# at 4,000 samples; unknown pairs count as 10.
UNIQUE_LAYERS = {"resnet18": 12, "resnet50": 24, "mobilenet_v2": 31, "mnasnet": 34, "bert": 5, "ncf": 7, "dlrm": 5}
METHOD_COST = {"random": 3.0, "cma": 3.0, "portfolio": 2.0, "tbpsa": 1.5, "pso": 1.5, "stdga": 1.5,
               "oneplusone": 1.0, "de": 1.0, "digamma": 0.6, "grid": 1.0}


def est_cost(task):
    model, platform, method = task["model"], task["platform"], task["method"]
    base = METHOD_COST.get(method.split("-")[0] if method.startswith("grid") else method, 1.0)
    if method.startswith("map-"):
        base = METHOD_COST["digamma"]
    return base * UNIQUE_LAYERS.get(model, 20) * (1.5 if platform == "cloud" else 1.0)


# ---------------------------------------------------------------------------
def fmt(x, digits=2):
    """A normalised value like the paper prints it."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "N/A"
    if x >= 1000:
        return "%.0f" % x
    if x >= 0.095:
        return "%.*f" % (digits if x < 10 else 1, x)
    return "%.2g" % x


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0 and math.isfinite(x)]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def cli_capabilities(digamma):
    """Which of the Fig. 6 schemes this digamma binary can run."""
    try:
        opts = subprocess.run([digamma, "optimizers"], capture_output=True, text=True, check=True).stdout
        helptext = subprocess.run([digamma, "search", "--help"], capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("paper.py: cannot run %s: %s" % (digamma, e))
    names = {line.split()[0] for line in opts.splitlines() if line.strip()}
    return {
        "grid": "grid" in names and "--dataflow" in helptext,
        "hw_preset": "--hw-preset" in helptext,
        "optimizers": names,
    }


def task_args(t):
    if t["method"] in METHODS:
        return ["--optimizer", t["method"]]
    for key, _, args, _ in SCHEMES:
        if key == t["method"]:
            return args
    raise KeyError(t["method"])


def task_key(t):
    return "%s|%s|%s|%d|%d" % (t["model"], t["platform"], t["method"], t["samples"], t["seed"])


KEEP = ("model", "platform", "optimizer", "feasible", "violation", "latency_cycles", "energy", "area_um2",
        "num_pes", "clusters", "pes_per_cluster", "l1_bytes", "l2_bytes", "samples", "feasible_samples",
        "seconds", "seed", "lower_bound_cycles", "area_budget_um2")


def parallelism(d):
    """MAC-weighted most common (across-cluster, within-cluster) spatial dimension pair, e.g. 'K-C'."""
    weight = {}
    for layer in d.get("layers", []):
        dims = []
        for level in layer.get("mapping", []):
            sp = [x["dim"].rstrip("'") for x in level.get("directives", []) if x.get("kind") == "spatial"]
            dims.append(sp[0] if sp else "-")
        key = "-".join(dims)
        weight[key] = weight.get(key, 0) + layer.get("macs", 0) * layer.get("count", 1)
    if not weight:
        return ""
    total = sum(weight.values()) or 1
    best = max(weight, key=weight.get)
    return "%s (%.0f%% of MACs)" % (best, 100.0 * weight[best] / total)


def run_task(digamma, t):
    cmd = [digamma, "search", "--model", t["model"], "--platform", t["platform"]] + task_args(t) + [
        "--samples", str(t["samples"]), "--seed", str(t["seed"]), "--threads", "1", "--quiet", "--json", "-"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        # wait4 reaps the child and gives its own CPU time, which unlike the
        # wall time does not depend on what else the machine runs.
        _, status, usage = os.wait4(proc.pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        if rc not in (0, 3):
            raise RuntimeError("failed (exit %d): %s\n%s" % (rc, " ".join(cmd), err.read().strip()))
        d = json.load(out)
    r = {k: d.get(k) for k in KEEP}
    r.update(key=task_key(t), method=t["method"], wall=wall, cpu=usage.ru_utime + usage.ru_stime,
             cmd=" ".join(cmd[1:]), parallelism=parallelism(d))
    return r


# ---------------------------------------------------------------------------
def cell(runs):
    """Median latency and LAP over the feasible seeds; None when none was feasible."""
    ok = [r for r in runs if r["feasible"]]
    if not ok:
        return None, None, 0
    lat = statistics.median(r["latency_cycles"] for r in ok)
    lap = statistics.median(r["latency_cycles"] * r["area_um2"] for r in ok)
    return lat, lap, len(ok)


def ratio(a, b):
    return a / b if a is not None and b is not None and b > 0 else None


def fig5(res, models, platforms, methods, seeds, out):
    md, rows = [], []
    ref = "cma" if "cma" in methods else methods[0]
    md.append("## Fig. 5: optimizers at the same sampling budget\n")
    md.append("Median over %d seeds of the best design's latency (and latency-area product), divided by %s's "
              "median for the same model and platform, as the paper's Fig. 5 (lower is better). "
              "N/A: no seed found a design within the area budget; `k/n`: only k of n seeds did (the median "
              "is over those). Geomean over the models where both the method and %s have a value. "
              "*paper* rows: the paper's Fig. 5 values.\n" % (seeds, METHOD_LABEL.get(ref, ref), METHOD_LABEL.get(ref, ref)))
    summary = {}
    for metric, paper, idx in (("Latency", PAPER_FIG5_LAT, 0), ("Latency-area product", PAPER_FIG5_LAP, 1)):
        md.append("### %s, normalised to %s\n" % (metric, METHOD_LABEL.get(ref, ref)))
        md.append("| platform | model | " + " | ".join(METHOD_LABEL.get(m, m) for m in methods) + " |")
        md.append("|---|---|" + "---:|" * len(methods))
        for p in platforms:
            norm = {m: [] for m in methods}
            for mo in models:
                vals = {m: cell(res.get((mo, p, m), [])) for m in methods}
                refv = vals[ref][idx]
                ours, theirs = [], []
                for m in methods:
                    v, k = vals[m][idx], vals[m][2]
                    n = ratio(v, refv)
                    norm[m].append(n)
                    s = fmt(n) if v is not None else "N/A"
                    if v is not None and refv is None:
                        s = "(%s N/A)" % METHOD_LABEL.get(ref, ref)
                    if 0 < k < len(res.get((mo, p, m), [])):
                        s += " %d/%d" % (k, len(res[(mo, p, m)]))
                    ours.append(s)
                    pv = paper[p][mo][METHODS.index(m)] if m in METHODS else None
                    theirs.append(fmt(pv))
                    if idx == 0:
                        runs = res.get((mo, p, m), [])
                        rows.append({
                            "platform": p, "model": mo, "method": m, "seeds": len(runs), "feasible": k,
                            "median_latency_cycles": vals[m][0], "median_lap_cycles_um2": vals[m][1],
                            "latency_vs_%s" % ref: ratio(vals[m][0], vals[ref][0]),
                            "lap_vs_%s" % ref: ratio(vals[m][1], vals[ref][1]),
                            "paper_latency_vs_cma": PAPER_FIG5_LAT[p][mo][METHODS.index(m)] if m in METHODS else None,
                            "paper_lap_vs_cma": PAPER_FIG5_LAP[p][mo][METHODS.index(m)] if m in METHODS else None,
                            "median_seconds": statistics.median(r["seconds"] for r in runs) if runs else None,
                        })
                md.append("| %s | %s | %s |" % (p, mo, " | ".join(ours)))
                md.append("| | *paper* | %s |" % " | ".join("*%s*" % x for x in theirs))
            gm = {m: geomean(norm[m]) for m in methods}
            md.append("| **%s** | **geomean** | %s |" % (p, " | ".join("**%s**" % fmt(gm[m]) for m in methods)))
            md.append("| | *paper* | %s |" % " | ".join(
                "*%s*" % fmt(paper[p]["geomean"][METHODS.index(m)] if m in METHODS else None) for m in methods))
            summary[(metric, p)] = gm
        md.append("")
    # DiGamma against each baseline: geomean over models of baseline / DiGamma.
    if "digamma" in methods:
        md.append("### DiGamma's speed-up over each baseline\n")
        md.append("Geomean over the models of (baseline median latency / DiGamma median latency), over the "
                  "models where both found a feasible design (in brackets: how many models that is). The paper "
                  "reports 3.0x (edge) and 10.0x (cloud) over its best baseline, CMA.\n")
        base = [m for m in methods if m != "digamma"]
        md.append("| platform | " + " | ".join(METHOD_LABEL.get(m, m) for m in base) + " | best baseline |")
        md.append("|---|" + "---:|" * (len(base) + 1))
        for p in platforms:
            sp = {}
            for m in base:
                rs = [ratio(cell(res.get((mo, p, m), []))[0], cell(res.get((mo, p, "digamma"), []))[0]) for mo in models]
                rs = [x for x in rs if x is not None]
                sp[m] = (geomean(rs), len(rs))
            # Best baseline: feasible on every model, lowest speed-up (ties: any).
            full = [m for m in base if sp[m][1] == len(models) and sp[m][0] is not None]
            best = min(full or [m for m in base if sp[m][0] is not None] or [None], key=lambda m: sp[m][0] if m else 0)
            summary[("best", p)] = (best, sp.get(best, (None, 0))[0])
            md.append("| %s | %s | %s |" % (p, " | ".join(
                "%sx (%d)" % (fmt(sp[m][0]), sp[m][1]) if sp[m][0] else "N/A" for m in base),
                "%s: %sx" % (METHOD_LABEL.get(best, best), fmt(sp[best][0])) if best else "N/A"))
        md.append("")
    # Feasibility.
    md.append("### Feasibility (seeds with a design within the area budget)\n")
    md.append("| platform | " + " | ".join(METHOD_LABEL.get(m, m) for m in methods) + " |")
    md.append("|---|" + "---:|" * len(methods))
    for p in platforms:
        cnt = []
        for m in methods:
            runs = [r for mo in models for r in res.get((mo, p, m), [])]
            cnt.append("%d/%d" % (sum(1 for r in runs if r["feasible"]), len(runs)))
        md.append("| %s | %s |" % (p, " | ".join(cnt)))
    md.append("")
    write_csv(os.path.join(out, "fig5.csv"), rows)
    return "\n".join(md), summary


def supported(scheme, caps):
    return not (scheme.startswith("grid") and not caps["grid"]) and not (
        scheme.startswith("map") and not caps["hw_preset"])


def fig6(res, models, platforms, schemes, seeds, caps, out):
    md, rows = [], []
    md.append("## Fig. 6: HW-opt, Mapping-opt and co-optimization\n")
    missing = []
    if not caps["grid"]:
        missing.append("`--optimizer grid` (HW-opt)")
    if not caps["hw_preset"]:
        missing.append("`--hw-preset` (Mapping-opt)")
    if missing:
        md.append("**Note:** this `digamma` lacks %s; those columns are N/A (not run).\n" % " and ".join(missing))
    md.append("Median latency over %d seeds (grid search has no randomness: one run), normalised per platform to "
              "the baseline scheme with the lowest geomean latency among those feasible on every model (the "
              "paper's reference is Compute-focused + Gamma; ours is named below). HW-opt: `--optimizer grid "
              "--dataflow dla|shi|eye`; Mapping-opt: `--hw-preset buffer|medium|compute` with the DiGamma GA "
              "searching mappings only; DiGamma: co-optimization (the same runs as Fig. 5). *paper* rows: the "
              "paper's Fig. 6 values.\n" % seeds)
    summary = {}
    for p in platforms:
        vals = {(mo, s): cell(res.get((mo, p, s), []))[0] for mo in models for s in schemes}
        dg = "digamma" if "digamma" in schemes else None
        base = [s for s in schemes if s != "digamma"]

        def gm_vs(s, refs):
            return geomean([ratio(vals[(mo, s)], vals[(mo, refs)]) for mo in models])

        full = [s for s in base if all(vals[(mo, s)] is not None for mo in models)]
        if dg and full:
            ref = min(full, key=lambda s: gm_vs(s, dg) if all(vals[(mo, dg)] for mo in models) else gm_vs(s, full[0]))
        elif full:
            ref = min(full, key=lambda s: gm_vs(s, full[0]))
        else:
            ref = dg or (schemes[0] if schemes else None)
        summary[("ref", p)] = ref
        md.append("### %s: normalised to %s\n" % (p, SCHEME_LABEL.get(ref, ref)))
        md.append("| model | " + " | ".join(SCHEME_LABEL[s] for s in schemes) + " |")
        md.append("|---|" + "---:|" * len(schemes))
        norm = {s: [] for s in schemes}
        for mo in models:
            ours, theirs = [], []
            for s in schemes:
                runs = res.get((mo, p, s), [])
                n = ratio(vals[(mo, s)], vals[(mo, ref)])
                norm[s].append(n)
                txt = fmt(n) if runs else ("N/A (no CLI)" if not supported(s, caps) else "not run")
                k = sum(1 for r in runs if r["feasible"])
                if runs and 0 < k < len(runs):
                    txt += " %d/%d" % (k, len(runs))
                ours.append(txt)
                si = [x[0] for x in SCHEMES].index(s)
                theirs.append("*%s*" % fmt(PAPER_FIG6[p][mo][si]))
                rows.append({"platform": p, "model": mo, "scheme": s, "seeds": len(runs), "feasible": k,
                             "median_latency_cycles": vals[(mo, s)], "latency_vs_ref": n, "reference": ref,
                             "latency_vs_map_compute": ratio(vals[(mo, s)], vals.get((mo, PAPER_FIG6_REF))),
                             "paper_latency_vs_compute_focused": PAPER_FIG6[p][mo][si]})
            md.append("| %s | %s |" % (mo, " | ".join(ours)))
            md.append("| *paper* | %s |" % " | ".join(theirs))
        gms = {s: geomean(norm[s]) for s in schemes}
        summary[("gm", p)] = gms
        md.append("| **geomean** | %s |" % " | ".join("**%s**" % fmt(gms[s]) for s in schemes))
        md.append("| *paper* | %s |" % " | ".join(
            "*%s*" % fmt(PAPER_FIG6[p]["geomean"][[x[0] for x in SCHEMES].index(s)]) for s in schemes))
        pr = PAPER_FIG6_REF
        if ref != pr and pr in schemes and any(vals[(mo, pr)] for mo in models):
            md.append("| geomean vs %s (the paper's reference) | %s |" % (SCHEME_LABEL[pr], " | ".join(
                fmt(geomean([ratio(vals[(mo, s)], vals[(mo, pr)]) for mo in models])) for s in schemes)))
        if dg:
            sp = []
            for s in base:
                g = geomean([ratio(vals[(mo, s)], vals[(mo, dg)]) for mo in models])
                if g:
                    sp.append("%s %sx" % (SCHEME_LABEL[s], fmt(g)))
            md.append("\nDiGamma's speed-up (geomean of scheme / DiGamma latency, models where both are "
                      "feasible): " + ", ".join(sp) + ".")
        md.append("")
    write_csv(os.path.join(out, "fig6.csv"), rows)
    return "\n".join(md), summary


PRESET_PE_SHARE = {"buffer": 0.2, "medium": 0.3, "compute": 0.4}


def preset_hw(name, area_um2):
    """The fixed hardware of --hw-preset NAME for an area budget (lib/budget.c,
    dg_budget_set_fixed_hw_preset): (clusters, PEs per cluster, L1 B, L2 B)."""
    if name not in PRESET_PE_SHARE or not area_um2:
        return None
    pes = math.floor(area_um2 * PRESET_PE_SHARE[name] / PE_UM2)
    cols = 1
    while (cols * 2) * (cols * 2) <= pes:
        cols *= 2
    rows = pes // cols
    n = rows * cols
    sram = math.floor((area_um2 - PE_UM2 * n) / SRAM_UM2_PER_BYTE)
    l1 = math.floor(sram / 2 / n)
    return rows, cols, l1, sram - l1 * n


def fig7(res, out):
    md, rows, notes = [], [], []
    md.append("## Fig. 7: the designs found for mnasnet on edge\n")
    md.append("The best design over the seeds of each scheme (grid search: its one run). For Mapping-opt the "
              "hardware is the preset's, buffers included (see the note below the table). Area under the default "
              "area model: PE area = 282 um^2 x PEs, buffer area = 0.688 um^2/B x (L1 x PEs + L2). The area "
              "budget is 2.00E+05 um^2 (0.2 mm^2; the paper's table labels its areas mm^2, but they are um^2). "
              "Parallelism: the spatially mapped dimension across clusters - within a cluster, for the layers "
              "holding most MACs.\n")
    md.append("| scheme | latency (cycles) | area (um^2) | LAP | PE area : buffer area | PEs (clusters x PEs) | L1 B | L2 B | parallelism |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for s, label in FIG7_SCHEMES:
        runs = [r for r in res.get(("mnasnet", "edge", s), []) if r["feasible"]]
        pl, pa, plap, pratio = PAPER_FIG7[s]
        if runs:
            r = min(runs, key=lambda r: (r["latency_cycles"], r["area_um2"]))
            l1, l2, area = r["l1_bytes"], r["l2_bytes"], r["area_um2"]
            if s.startswith("map-"):
                # Fixed hardware: the chip as built is the preset, whatever part
                # of its buffers the mappings use (the JSON reports the latter).
                hw = preset_hw(s[4:], r["area_budget_um2"])
                if hw and hw[0] * hw[1] == r["num_pes"]:
                    l1, l2 = hw[2], hw[3]
                    area = PE_UM2 * r["num_pes"] + SRAM_UM2_PER_BYTE * (l1 * r["num_pes"] + l2)
                    notes.append("%s: the preset's buffers (%d B L1 per PE, %d B L2); its mappings use at most "
                                 "%d B and %d B, %.3g um^2 of area had the buffers been cut to fit." % (
                                     label, l1, l2, r["l1_bytes"], r["l2_bytes"], r["area_um2"]))
            pe = PE_UM2 * r["num_pes"]
            buf = SRAM_UM2_PER_BYTE * (l1 * r["num_pes"] + l2)
            pct = 100.0 * pe / (pe + buf)
            lap = r["latency_cycles"] * area
            md.append("| %s | %.3g | %.3g | %.3g | %.0f : %.0f | %d (%d x %d) | %d | %d | %s |" % (
                label, r["latency_cycles"], area, lap, pct, 100 - pct, r["num_pes"], r["clusters"],
                r["pes_per_cluster"], l1, l2, r["parallelism"]))
            rows.append({"scheme": s, "seed": r["seed"], "latency_cycles": r["latency_cycles"],
                         "area_um2": area, "lap": lap, "num_pes": r["num_pes"], "clusters": r["clusters"],
                         "pes_per_cluster": r["pes_per_cluster"], "l1_bytes": l1, "l2_bytes": l2,
                         "l1_bytes_used": r["l1_bytes"], "l2_bytes_used": r["l2_bytes"], "area_used_um2": r["area_um2"],
                         "pe_area_um2": pe, "buffer_area_um2": buf, "pe_area_pct": pct,
                         "parallelism": r["parallelism"], "paper_latency_cycles": pl, "paper_area_um2": pa,
                         "paper_lap": plap, "paper_pe_buffer_ratio": pratio})
        else:
            md.append("| %s | N/A%s | | | | | | | |" % (label, "" if res.get(("mnasnet", "edge", s)) else " (not run)"))
            rows.append({"scheme": s, "paper_latency_cycles": pl, "paper_area_um2": pa, "paper_lap": plap,
                         "paper_pe_buffer_ratio": pratio})
        md.append("| *paper* | *%.3g* | *%.3g* | *%.3g* | *%s* | | | | |" % (pl, pa, plap, pratio))
    md.append("")
    for n in notes:
        md.append("- " + n)
    md.append("")
    write_csv(os.path.join(out, "fig7.csv"), rows)
    return "\n".join(md)


def write_csv(path, rows):
    fields = []
    for r in rows:
        for k in r:
            if k not in fields:
                fields.append(k)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else ("%.6g" % v if isinstance(v, float) else v)) for k, v in r.items()})


# ---------------------------------------------------------------------------
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=40000, help="sampling budget per run (default 40000)")
    ap.add_argument("--seeds", type=int, default=3, help="seeds 1..N per cell, median reported (default 3)")
    ap.add_argument("--quick", action="store_true", help="4,000 samples, 2 seeds")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--platforms", default=",".join(PLATFORMS))
    ap.add_argument("--methods", default=",".join(METHODS), help="Fig. 5 optimizers (default: all nine)")
    ap.add_argument("--figs", default="5,6,7", help="which figures (default 5,6,7)")
    ap.add_argument("--jobs", type=int, default=2, help="digamma processes at once (default 2)")
    ap.add_argument("--out-dir", default="paper-results", help="where paper.md and the CSVs go")
    ap.add_argument("--digamma", default=None, help="the digamma program (default: tools/digamma of "
                    "the build tree, then of the current directory)")
    ap.add_argument("--resume", action="store_true", help="reuse runs recorded in OUT_DIR/runs.jsonl")
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: render the tables from OUT_DIR/runs.jsonl as they are")
    a = ap.parse_args()
    if a.quick:
        a.samples, a.seeds = 4000, 2
    if a.digamma is None:
        cands = [os.path.join(os.getcwd(), "tools", "digamma"), os.path.join(here, "..", "tools", "digamma")]
        a.digamma = next((c for c in cands if os.access(c, os.X_OK)), cands[0])
    models = [m for m in a.models.split(",") if m]
    platforms = [p for p in a.platforms.split(",") if p]
    methods = [m for m in a.methods.split(",") if m]
    figs = set(a.figs.split(","))
    caps = cli_capabilities(a.digamma)
    for m in methods:
        if m not in caps["optimizers"]:
            sys.exit("paper.py: %s does not know optimizer '%s' (digamma optimizers)" % (a.digamma, m))
    schemes = []  # the Fig. 6 schemes this digamma can run
    if "6" in figs or "7" in figs:
        for key, _, _, _ in SCHEMES:
            if key.startswith("grid") and not caps["grid"]:
                continue
            if key.startswith("map") and not caps["hw_preset"]:
                continue
            schemes.append(key)
    all_schemes = [k for k, _, _, _ in SCHEMES]
    os.makedirs(a.out_dir, exist_ok=True)

    # The runs: Fig. 5 (methods x models x platforms x seeds), Fig. 6 schemes,
    # Fig. 7 (mnasnet/edge of three schemes; covered by Fig. 6 when it runs).
    tasks, seen = [], set()

    def add(model, platform, method, seeds):
        for s in range(1, seeds + 1):
            t = {"model": model, "platform": platform, "method": method, "samples": a.samples, "seed": s}
            if task_key(t) not in seen:
                seen.add(task_key(t))
                tasks.append(t)

    det = {k: d for k, _, _, d in SCHEMES}
    if "5" in figs:
        for mo in models:
            for p in platforms:
                for m in methods:
                    add(mo, p, m, a.seeds)
    if "6" in figs:
        for mo in models:
            for p in platforms:
                for s in schemes:
                    add(mo, p, s, 1 if det[s] else a.seeds)
    if "7" in figs:
        for s, _ in FIG7_SCHEMES:
            if s in schemes:
                add("mnasnet", "edge", s, 1 if det[s] else a.seeds)

    runs_path = os.path.join(a.out_dir, "runs.jsonl")
    done = {}
    if a.report_only:
        a.resume = True
    if a.resume and os.path.exists(runs_path):
        with open(runs_path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                    done[r["key"]] = r
                except (ValueError, KeyError):
                    pass
    results = [done[task_key(t)] for t in tasks if task_key(t) in done]
    todo = sorted((t for t in tasks if task_key(t) not in done), key=est_cost, reverse=True)
    if a.report_only:
        missing_runs = len(todo)
        todo = []
    mode = "a" if a.resume else "w"
    if a.report_only and missing_runs:
        print("paper.py: --report-only: %d of the %d runs are missing; their cells have fewer seeds or N/A" % (
            missing_runs, len(tasks)), file=sys.stderr)
    log = open(runs_path, mode)
    lock = threading.Lock()
    t_start = time.monotonic()
    cpu_sum, cpu_time = [0.0], [0.0]
    print("paper.py: %d runs (%d reused), %d samples, %d seeds, %d jobs, %s" % (
        len(todo), len(results), a.samples, a.seeds, a.jobs, a.digamma), file=sys.stderr)
    if not caps["grid"] or not caps["hw_preset"]:
        print("paper.py: note: this digamma lacks %s; Fig. 6/7 show N/A for those schemes" % ", ".join(
            x for x, ok in (("--optimizer grid", caps["grid"]), ("--hw-preset", caps["hw_preset"])) if not ok),
            file=sys.stderr)
    failed = []
    cost_all, cost_done = sum(est_cost(t) for t in todo), [0.0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = {pool.submit(run_task, a.digamma, t): t for t in todo}
        for i, fut in enumerate(concurrent.futures.as_completed(futs), 1):
            t = futs[fut]
            try:
                r = fut.result()
            except Exception as e:  # report and go on; the cell gets fewer seeds
                failed.append((t, str(e)))
                print("paper.py: %s" % e, file=sys.stderr)
                continue
            with lock:
                results.append(r)
                log.write(json.dumps(r) + "\n")
                log.flush()
                cpu_sum[0] += r["wall"]
                cpu_time[0] += r["cpu"]
            el = time.monotonic() - t_start
            cost_done[0] += est_cost(t)
            eta = el * (cost_all - cost_done[0]) / cost_done[0] if cost_done[0] else 0
            print("[%d/%d %6.0fs, ~%.0f min left] %-12s %-5s %-11s seed %d: %6.1fs %s" % (
                i, len(todo), el, eta / 60.0, t["model"], t["platform"], t["method"], t["seed"], r["wall"],
                "latency %.4g" % r["latency_cycles"] if r["feasible"] else "infeasible"), file=sys.stderr)
    log.close()
    wall = time.monotonic() - t_start

    res = {}
    for r in results:
        res.setdefault((r["model"], r["platform"], r["method"]), []).append(r)
    for v in res.values():
        v.sort(key=lambda r: r["seed"])

    cmdline = ("bench/paper.py " + " ".join(sys.argv[1:])).strip()
    # Every invocation that ran something is logged in meta.json, so that a
    # --resume that only re-renders the tables still reports the real cost.
    meta_path = os.path.join(a.out_dir, "meta.json")
    meta = []
    if a.resume and os.path.exists(meta_path):
        try:
            with open(meta_path) as f:
                meta = json.load(f)
        except ValueError:
            meta = []
    if todo:
        meta.append({"command": cmdline, "runs": len(todo), "failed": len(failed), "wall_s": round(wall, 1),
                     "run_time_summed_s": round(cpu_sum[0], 1), "cpu_time_summed_s": round(cpu_time[0], 1),
                     "samples": a.samples, "seeds": a.seeds,
                     "jobs": a.jobs, "ended": time.strftime("%Y-%m-%d %H:%M:%S"),
                     "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]})
        with open(meta_path, "w") as f:
            json.dump(meta, f, indent=1)
    parts = ["# DiGamma paper reproduction (§V, Fig. 5-7)\n",
             "%d samples per run, seeds 1..%d (grid search: one run), %d parallel jobs of one `digamma` thread each. "
             "This rendering: `%s` (%d runs now, %d reused from runs.jsonl)." % (
                 a.samples, a.seeds, a.jobs, cmdline, len(todo), len(results) - (len(todo) - len(failed)))]
    for m in meta:
        parts.append("- `%s`: %d runs, %.0f s wall (%.1f min), %.0f s of run time and %s s of CPU time summed "
                     "over the runs, ended %s, load average then %s." % (
                         m["command"], m["runs"], m["wall_s"], m["wall_s"] / 60.0, m["run_time_summed_s"],
                         "%.0f" % m["cpu_time_summed_s"] if m.get("cpu_time_summed_s") is not None else "?", m["ended"],
                                           " ".join("%.2f" % x for x in m["loadavg_at_end"])))
    if a.report_only and missing_runs:
        parts.append("\n**Incomplete:** %d of the %d runs are missing from runs.jsonl; cells show the seeds "
                     "that ran." % (missing_runs, len(tasks)))
    parts.append("")
    summary5 = summary6 = None
    if "5" in figs:
        text, summary5 = fig5(res, models, platforms, methods, a.seeds, a.out_dir)
        parts.append(text)
    if "6" in figs:
        text, summary6 = fig6(res, models, platforms, all_schemes, a.seeds, caps, a.out_dir)
        parts.append(text)
    if "7" in figs:
        parts.append(fig7(res, a.out_dir))
    if failed:
        parts.append("## Failed runs\n\n" + "\n".join("- %s: %s" % (task_key(t), e) for t, e in failed) + "\n")
    doc = "\n".join(parts)
    with open(os.path.join(a.out_dir, "paper.md"), "w") as f:
        f.write(doc)
    print(doc)
    if summary5:
        for p in platforms:
            best = summary5.get(("best", p))
            if best and best[0]:
                print("paper.py: %s: DiGamma %.2fx better than the best baseline (%s), geomean latency" % (
                    p, best[1], best[0]), file=sys.stderr)
    print("paper.py: %d runs in %.0f s wall (%.1f min); wrote %s/paper.md, fig5.csv, fig6.csv, fig7.csv" % (
        len(todo), wall, wall / 60.0, a.out_dir), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
