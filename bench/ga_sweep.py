#!/usr/bin/env python3
"""Compare DiGamma GA settings side by side over several seeds.

  bench/ga_sweep.py MODEL PLATFORM SAMPLES [SETTING ...]

Each SETTING is a string of search options, e.g. "--set p_transplant=0"
("" is the defaults). For each, runs `digamma search` for seeds 1..6 (two at a
time) and prints the geomean and median of latency / compute lower bound.
Infeasible results count as infinity. Run from the build tree.
"""
import json
import math
import os
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

DIGAMMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "digamma")


def ratio(model, platform, samples, setting, seed):
    cmd = [DIGAMMA, "search", "--model", model, "--platform", platform, "--samples", samples,
           "--seed", str(seed), "--quiet", "--json", "-"] + setting.split()
    d = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
    return d["latency_cycles"] / d["lower_bound_cycles"] if d["feasible"] else float("inf")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    model, platform, samples = sys.argv[1:4]
    for setting in sys.argv[4:] or [""]:
        with ThreadPoolExecutor(2) as ex:
            r = list(ex.map(lambda s: ratio(model, platform, samples, setting, s), range(1, 7)))
        gm = math.exp(sum(map(math.log, r)) / len(r))
        print("%-45s geomean %.3f median %.3f  %s" % (setting or "(defaults)", gm, statistics.median(r),
                                                     " ".join("%.2f" % x for x in r)), flush=True)


if __name__ == "__main__":
    main()
