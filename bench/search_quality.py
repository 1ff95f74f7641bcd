#!/usr/bin/env python3
"""Search quality and speed benchmark for `digamma search` (issue 4).

Runs the CLI side by side for every model x platform x seed with each
optimizer at the same sampling budget, and reports:
  * feasibility of every run,
  * latency as a ratio to the compute lower bound (total MACs / the most PEs
    that fit the area budget with minimal buffers), median over seeds, and
    the geomean over models,
  * DiGamma's latency relative to random search's,
  * time and peak memory (max RSS) of a resnet50/edge search with 1 thread,
    and the speed-up with 2 threads (same seed, same result checked).

Usage: bench/search_quality.py [--samples 40000] [--seeds 3] [--quick]
                               [--models a,b] [--platforms edge,cloud]
Writes Markdown to stdout. Run from the build tree (needs tools/digamma).
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mnasnet", "bert", "ncf", "dlrm"]


def run(digamma, model, platform, optimizer, samples, seed, threads=1):
    cmd = [digamma, "search", "--model", model, "--platform", platform, "--optimizer", optimizer,
           "--samples", str(samples), "--seed", str(seed), "--threads", str(threads), "--quiet", "--json", "-"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        # wait4 reaps the child and gives its own peak memory and CPU time.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 3):
            sys.exit("failed: %s\n%s" % (" ".join(cmd), err.read()))
        d = json.load(out)
    d["wall"] = wall
    d["maxrss_kb"] = usage.ru_maxrss
    d["cpu"] = usage.ru_utime + usage.ru_stime
    return d


def geomean(xs):
    xs = [x for x in xs if x and x > 0 and math.isfinite(x)]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=40000)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--platforms", default="edge,cloud")
    ap.add_argument("--optimizers", default="digamma,random")
    ap.add_argument("--quick", action="store_true", help="4000 samples, 2 seeds")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--digamma", default=os.path.join(os.path.dirname(__file__), "..", "tools", "digamma"))
    a = ap.parse_args()
    if a.quick:
        a.samples, a.seeds = 4000, 2
    models, platforms, opts = a.models.split(","), a.platforms.split(","), a.optimizers.split(",")

    print("## Search quality: %d samples, %d seeds (median), `%s`\n" % (a.samples, a.seeds, " ".join(sys.argv)))
    print("| model | platform | " + " | ".join("%s feasible | %s latency | %s / LB" % (o, o, o) for o in opts)
          + " | digamma / random |")
    print("|---|---|" + "---|---|---|" * len(opts) + "---|")
    ratios = {o: {p: [] for p in platforms} for o in opts}
    vs_random = {p: [] for p in platforms}
    for m in models:
        for p in platforms:
            row, med = [], {}
            for o in opts:
                runs = [run(a.digamma, m, p, o, a.samples, s) for s in range(1, a.seeds + 1)]
                feas = sum(1 for r in runs if r["feasible"])
                lat = statistics.median(r["latency_cycles"] if r["feasible"] else float("inf") for r in runs)
                lb = runs[0]["lower_bound_cycles"]
                med[o] = lat
                ratios[o][p].append(lat / lb)
                row += ["%d/%d" % (feas, len(runs)), "%.4g" % lat, "%.2f" % (lat / lb)]
            vr = med.get("digamma", float("nan")) / med.get("random", float("nan")) if "random" in med else float("nan")
            vs_random[p].append(vr)
            print("| %s | %s | %s | %.3f |" % (m, p, " | ".join(row), vr))
            sys.stdout.flush()
    print()
    for p in platforms:
        print("- %s: geomean latency / lower bound: %s; geomean digamma / random latency: %.3f" % (
            p, ", ".join("%s %.2f" % (o, geomean(ratios[o][p])) for o in opts), geomean(vs_random[p])))
    if a.no_speed:
        return
    print("\n## Speed: resnet50, edge, %d samples, seed 1\n" % a.samples)
    one = run(a.digamma, "resnet50", "edge", "digamma", a.samples, 1, threads=1)
    two = run(a.digamma, "resnet50", "edge", "digamma", a.samples, 1, threads=2)
    same = one["latency_cycles"] == two["latency_cycles"] and one["area_um2"] == two["area_um2"]
    print("| threads | wall s | search s | peak RSS MiB | latency | cache hits | cost-model calls |")
    print("|---|---|---|---|---|---|---|")
    for t, r in ((1, one), (2, two)):
        print("| %d | %.2f | %.2f | %.1f | %.6g | %d | %d |" % (t, r["wall"], r["seconds"], r["maxrss_kb"] / 1024.0,
                                                             r["latency_cycles"], r["cache_hits"], r["layer_evaluations"]))
    print("\n2-thread speed-up %.2fx; same result with 1 and 2 threads: %s" % (one["seconds"] / two["seconds"], same))


if __name__ == "__main__":
    main()
