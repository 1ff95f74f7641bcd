#!/bin/sh
# The digamma program: help, version, models, JSON, exit codes.
dg="${top_builddir:-.}/tools/digamma"
pass=0 fail=0
check() { # check NAME EXPECTED_STATUS COMMAND...
    name=$1 want=$2; shift 2
    out=$("$@" 2>&1); got=$?
    if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $name: exit $got, want $want"; echo "$out" | head -5; fi
}
contains() { # contains NAME NEEDLE COMMAND...
    name=$1 needle=$2; shift 2
    if "$@" 2>&1 | grep -q -- "$needle"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $name: output lacks '$needle'"; fi
}
check "--version" 0 "$dg" --version
contains "--version text" "libdigamma" "$dg" --version
check "--help" 0 "$dg" --help
contains "--help lists models" "models" "$dg" --help
check "no arguments" 2 "$dg"
check "unknown command" 2 "$dg" frobnicate
check "models" 0 "$dg" models
contains "models lists resnet50" "resnet50" "$dg" models
check "models --json" 0 "$dg" models --json
check "models bad option" 2 "$dg" models --bogus
check "models --show unknown" 1 "$dg" models --show no-such-model
contains "models --show resnet18" "conv1" "$dg" models --show resnet18
if command -v python3 >/dev/null; then
    check "models --json parses" 0 sh -c "'$dg' models --json | python3 -c '
import json, sys
m = json.load(sys.stdin)
assert len(m) >= 9, m
for e in m:
    assert {\"name\", \"layers\", \"unique_layers\", \"macs\"} <= set(e), e
    assert e[\"macs\"] > 0 and e[\"unique_layers\"] <= e[\"layers\"]
'"
    check "models --show --json parses" 0 sh -c "'$dg' models --show mobilenet_v2 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"layers\"] >= d[\"unique_layers\"] > 0'"
fi
# search
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dg-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
check "search without --model" 2 "$dg" search
check "search bad samples" 2 "$dg" search --model ncf --samples zero
check "search bad platform" 2 "$dg" search --model ncf --platform moon
check "search bad objective" 2 "$dg" search --model ncf --objective speed
check "search bad dataflow" 2 "$dg" search --model ncf --dataflow tpu
check "search bad --set" 2 "$dg" search --model ncf --set population
check "search unknown parameter" 1 "$dg" search --model ncf --set colour=3
check "search parameter out of range" 1 "$dg" search --model ncf --set population=1
check "search unknown model" 1 "$dg" search --model no-such-model
check "search below one PE" 1 "$dg" search --model ncf --area-mm2 0.0001
contains "search below one PE says why" "single PE" "$dg" search --model ncf --area-mm2 0.0001
check "search unknown optimizer" 1 "$dg" search --model ncf --optimizer magic
check "search fixed HW with no room" 3 "$dg" search --model ncf --samples 100 --fixed-hw 2x2:1:1 --quiet
check "search ncf" 0 "$dg" search --model ncf --samples 500 --plot "$scratch/p.svg" --json "$scratch/r.json"
contains "search summary" "latency" "$dg" search --model dlrm --samples 200
if grep -q "<svg" "$scratch/p.svg" 2>/dev/null && grep -q polyline "$scratch/p.svg"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: --plot wrote no SVG"; fi
contains "optimizers" "digamma" "$dg" optimizers
# The paper's Fig. 6 schemes: HW-opt (grid + style) and Mapping-opt (fixed-HW presets).
check "HW-opt: grid with a style" 0 "$dg" search --model ncf --optimizer grid --dataflow dla --samples 300 --quiet
contains "HW-opt: grid without a style says why" "dataflow style" "$dg" search --model ncf --optimizer grid --samples 300
check "Mapping-opt: compute preset" 0 "$dg" search --model ncf --hw-preset compute --samples 300 --quiet
check "Mapping-opt: unknown preset" 2 "$dg" search --model ncf --hw-preset huge
check "Mapping-opt: preset and fixed HW together" 2 "$dg" search --model ncf --hw-preset buffer --fixed-hw 2x2
contains "optimizers --params" "population" "$dg" optimizers --params
if command -v python3 >/dev/null; then
    check "search JSON fields" 0 python3 -c "
import json
d = json.load(open('$scratch/r.json'))
for k in ('feasible', 'latency_cycles', 'energy', 'area_um2', 'num_pes', 'l1_bytes', 'l2_bytes', 'samples', 'seconds', 'seed', 'layers'):
    assert k in d, k
assert d['samples'] == 500 and d['feasible'] and d['area_um2'] <= 200000
total = sum(l['count'] * l['runtime_cycles'] for l in d['layers'])
assert abs(total - d['latency_cycles']) <= 1e-6 * total, (total, d['latency_cycles'])
for l in d['layers']:
    assert {'name', 'count', 'macs', 'runtime_cycles', 'mapping'} <= set(l), l
"
    check "same seed, 1 and 2 threads, same JSON result" 0 sh -c "
'$dg' search --model mobilenet_v2 --samples 400 --seed 7 --quiet --json - --threads 1 | grep -v -e seconds -e threads -e cache_hits -e layer_evaluations > '$scratch/t1'
'$dg' search --model mobilenet_v2 --samples 400 --seed 7 --quiet --json - --threads 2 | grep -v -e seconds -e threads -e cache_hits -e layer_evaluations > '$scratch/t2'
cmp '$scratch/t1' '$scratch/t2'"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
