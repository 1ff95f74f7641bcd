#!/bin/sh
# digamma search --export-maestro writes one MAESTRO mapping per layer that
# digamma eval evaluates to exactly the search's per-layer numbers, for
# several models (CONV, depthwise, GEMM, FC; strides and padding) and styles.
dg="${top_builddir:-.}/tools/digamma"
command -v python3 >/dev/null || { echo "python3 missing; skipping"; exit 77; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dg-export.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
pass=0 fail=0
for args in "resnet18" "mobilenet_v2 --dataflow eye" "bert --levels 3" "ncf --dataflow dla" "alexnet --scope per-layer"; do
    set -- $args
    model=$1; shift
    dir="$scratch/$model"
    if ! "$dg" search --model "$model" --samples 300 --quiet --json "$dir.json" --export-maestro "$dir" "$@"; then
        [ $? = 3 ] || { echo "FAIL: search $model $*"; fail=$((fail + 1)); continue; }
    fi
    # per-layer scope: every layer has its own PE count, so compare each file under its own hw
    if python3 - "$dg" "$dir" "$dir.json" <<'PY'
import json, subprocess, sys, glob, os
dg, d, result = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
bad = 0
for i, layer in enumerate(result["layers"]):
    files = glob.glob(os.path.join(d, "%02d_*.m" % i))
    hw = os.path.join(d, "hw.m")
    cmd = [dg, "eval", "--mapping", files[0], "--hw", hw, "--json"]
    if layer["num_pes"] != result["num_pes"]:
        cmd += ["--num-pes", str(layer["num_pes"])]
    got = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)[0]
    for key in ("runtime_cycles", "l1_bytes", "l2_bytes", "energy"):
        if abs(got[key] - layer[key]) > 1e-9 * max(1.0, abs(layer[key])):
            print("  %s layer %s: eval %s = %r, search says %r" % (d, layer["name"], key, got[key], layer[key]))
            bad += 1
sys.exit(1 if bad else 0)
PY
    then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: export of $model $*"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
