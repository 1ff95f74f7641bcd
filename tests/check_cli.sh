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
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
