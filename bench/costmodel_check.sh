#!/bin/sh
# costmodel_check.sh: the two checks behind every cost-model speed change.
#
#   bench/costmodel_check.sh [hash|instr|all]      (from the build directory; default all)
#
# hash:  an FNV-1a hash of every number of 6,000 evaluations (runtime, MACs,
#        sizes, energy, validity, all access counts) in each of the six
#        settings, beside the hash main has had since b941030. A speed change
#        must leave all six equal: the model's numbers are not to move.
# instr: instructions per evaluation (valgrind callgrind, a run of 3,000
#        evaluations minus a run of none, so setup is excluded). They do not
#        depend on the machine's load, unlike the rates bench_costmodel prints.
set -eu
what=${1:-all}
bench=bench/.libs/bench_costmodel
[ -x "$bench" ] || { echo "run from the build directory after make ($bench is missing)" >&2; exit 2; }
export LD_LIBRARY_PATH=lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# Expected hashes (main at b941030 and every commit since that did not change the model).
expected() {
    case "$1" in
    "unlimited default") echo b9338e49d19cb68c ;; "unlimited maestro") echo c2591754074a9c9a ;;
    "mixed default") echo 303889b5df84d141 ;; "mixed maestro") echo 285cc427f2924667 ;;
    "finite default") echo 89b93d5eb5474ca6 ;; "finite maestro") echo 429731958b718119 ;;
    esac
}

refs() { # Ir of a callgrind run of $3 evaluations
    BENCH_EVALS=$3 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --no-python --bw "$1" \
        --only "$2" 2>&1 | sed -n 's/.*refs: *//p' | tr -d ,
}

status=0
for bw in unlimited mixed finite; do
    for mode in default maestro; do
        if [ "$what" != instr ]; then
            h=$(BENCH_HASH=1 BENCH_EVALS=6000 "$bench" --no-python --bw $bw --only $mode 2>&1 | sed -n 's/.*results: //p')
            e=$(expected "$bw $mode")
            if [ "$h" = "$e" ]; then r=same; else r="DIFFERENT (expected $e)"; status=1; fi
            printf '%-9s %-7s hash %s %s\n' $bw $mode "$h" "$r"
        fi
        if [ "$what" != hash ]; then
            a=$(refs $bw $mode 0)
            b=$(refs $bw $mode 3000)
            printf '%-9s %-7s %d instructions/evaluation\n' $bw $mode $(((b - a) / 3000))
        fi
    done
done
exit $status
