#!/bin/sh
# digamma eval: MAESTRO's numbers from the command line, JSON, exit codes;
# and the roofline example (a user-written cost model) runs.
dg="${top_builddir:-.}/tools/digamma"
cases="${top_srcdir:-.}/tests/data/maestro-cases"
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
        fail=$((fail + 1)); echo "FAIL: $name: output lacks '$needle'"; "$@" 2>&1 | head -5; fi
}
c04="--mapping $cases/c04.m --num-pes 64 --noc-bw 64 --noc-latency 1 --offchip-bw 1000"
check "eval --help" 0 "$dg" eval --help
contains "help lists eval" "eval" "$dg" --help
check "eval without --mapping" 2 "$dg" eval
check "eval bad option" 2 "$dg" eval --mapping x.m --frobnicate
check "eval bad number" 2 "$dg" eval --mapping x.m --num-pes zero
check "eval bad --compat" 2 "$dg" eval --mapping x.m --compat gamma
check "eval missing file" 1 "$dg" eval --mapping "$cases/no-such.m"
contains "eval missing file names it" "no-such.m" "$dg" eval --mapping "$cases/no-such.m"
check "eval c04" 0 "$dg" eval $c04 --compat maestro
contains "eval c04 runtime" "56939" "$dg" eval $c04 --compat maestro
contains "eval c04 counts" "24144" "$dg" eval $c04 --compat maestro --counts
contains "eval h02 with hw file" "29469" "$dg" eval --mapping "$cases/h02.m" --hw "$cases/hw_h02.m" --compat maestro
contains "eval r02 rejected by HEAD" "NO" "$dg" eval --mapping "$cases/r02.m" --num-pes 64 --compat maestro
contains "eval r02 on e1d8efd" "114347" "$dg" eval --mapping "$cases/r02.m" --num-pes 64 --noc-bw 64 --noc-latency 1 --offchip-bw 1000 --compat e1d8efd
# MAESTRO's default 7 PEs cannot hold c04's clusters of 8: an error, not a crash.
check "eval cluster larger than the array" 1 "$dg" eval --mapping "$cases/c04.m"
contains "eval cluster error explains" "PEs" "$dg" eval --mapping "$cases/c04.m"
check "eval too little L1" 0 "$dg" eval $c04 --l1-size 100
contains "eval too little L1 is invalid" "NO" "$dg" eval $c04 --l1-size 100
if command -v python3 >/dev/null; then
    check "eval --json parses" 0 sh -c "'$dg' eval $c04 --compat maestro --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert isinstance(d, list) and len(d) == 1, d
e = d[0]
for k in (\"layer\", \"runtime_cycles\", \"macs\", \"l1_bytes\", \"l2_bytes\", \"energy\", \"valid\", \"input\", \"filter\", \"output\"):
    assert k in e, k
assert e[\"runtime_cycles\"] == 56939 and e[\"macs\"] == 3612672 and e[\"valid\"] is True, e
assert e[\"l1_bytes\"] == 252 and e[\"l2_bytes\"] == 7264, e
assert e[\"input\"][\"l2_reads\"] == 24144 and e[\"output\"][\"l2_writes\"] == 50176, e
assert abs(e[\"energy\"] - 30416386.72) < 0.01, e
'"
    check "eval --json with a failing layer" 1 sh -c "'$dg' eval --mapping '$cases/c04.m' --json > eval.json.tmp"
    check "eval --json failing layer parses" 0 python3 -c "import json; d = json.load(open('eval.json.tmp')); assert d[0]['valid'] is False and 'PEs' in d[0]['error']"
    rm -f eval.json.tmp
fi
ex="${top_builddir:-.}/examples/roofline_cost_model"
if [ -x "$ex" ]; then
    check "roofline example runs" 0 "$ex"
    contains "roofline example prints both models" "roofline" "$ex"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
