#!/bin/sh
# costmodel_ab.sh: the cost-model benchmark of two builds, interleaved.
#
#   bench/costmodel_ab.sh BUILD_A BUILD_B [unlimited|mixed|finite] [default|maestro] [ROUNDS]
#
# BUILD_A and BUILD_B are build directories (each with
# bench/.libs/bench_costmodel and lib/.libs), typically "before" and "after"
# a change, in two git worktrees. Runs `bench_costmodel --seconds 1
# --no-python` ROUNDS times (default 5) for each, alternating A and B, so
# that the host's changing load falls on both alike, and prints per build
# the mean of the means, the mean of the median passes and the fastest pass
# of all. A single run's rate on a shared machine moves by a third within
# minutes; compare only builds measured this way.
set -eu
[ $# -ge 2 ] || { sed -n 4p "$0" >&2; exit 2; }
a=$1 b=$2 bw=${3:-unlimited} mode=${4:-default} rounds=${5:-5}
for d in "$a" "$b"; do
    [ -x "$d/bench/.libs/bench_costmodel" ] ||
        { echo "$d: no bench/.libs/bench_costmodel (run make there)" >&2; exit 2; }
done
pattern='s|.*mode: *\([0-9]*\) evaluations.*median pass \([0-9]*\)/s, fastest pass \([0-9]*\)/s|\1 \2 \3|p'
i=0
while [ $i -lt "$rounds" ]; do
    for d in "$a" "$b"; do
        rates=$(cd "$d" && LD_LIBRARY_PATH=lib/.libs bench/.libs/bench_costmodel --seconds 1 --no-python \
            --bw "$bw" --only "$mode" | sed -n "$pattern")
        echo "$d $rates"
    done
    i=$((i + 1))
done | awk -v bw="$bw" -v mode="$mode" '
    { n[$1]++; mean[$1] += $2; med[$1] += $3; if ($4 > best[$1]) best[$1] = $4
      if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    END {
        printf "%s bandwidths, %s mode, evaluations/s per core:\n", bw, mode
        for (j = 1; j <= k; j++) {
            d = order[j]
            printf "  %-40s mean %8.0f   median pass %8.0f   fastest pass %8.0f\n",
                d, mean[d] / n[d], med[d] / n[d], best[d]
        }
    }'
