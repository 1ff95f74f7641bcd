#!/bin/sh
# The shared object must export dg_* functions and nothing else (the version
# node DIGAMMA_x.y is an absolute symbol and is allowed).
so=$(ls "${top_builddir:-.}"/lib/.libs/libdigamma.so.* 2>/dev/null | head -1)
if [ -z "$so" ]; then echo "no shared library built; skipping"; exit 77; fi
syms=$(nm -D --defined-only "$so" | awk '{print $3}')
bad=$(echo "$syms" | grep -v -e '^dg_' -e '^DIGAMMA_' -e '^$' || true)
count=$(echo "$syms" | grep -c '^dg_')
echo "$count dg_* symbols exported by $so"
if [ -n "$bad" ]; then
    echo "FAIL: symbols outside dg_*:"; echo "$bad"
    echo "0 passed, 1 failed"; exit 1
fi
# Internal helpers must not leak.
if echo "$syms" | grep -q '^dgi_'; then echo "FAIL: dgi_ internals exported"; exit 1; fi
# Exported data would freeze struct sizes into programs (R5): functions only.
data=$(nm -D --defined-only "$so" | awk '$2 ~ /^[BDGRSV]$/ {print $3}')
if [ -n "$data" ]; then echo "FAIL: data symbols exported: $data"; echo "0 passed, 1 failed"; exit 1; fi
echo "1 passed, 0 failed"
