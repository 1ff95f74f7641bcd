#!/bin/sh
# ABI check (docs/abi.md): compare the built shared library with the
# committed baseline abi/libdigamma.abi using libabigail's abidiff.
#
# Passes when nothing changed or functions were only added. Fails when a
# function or variable was removed (abidiff status bit 8,
# ABIDIFF_ABI_INCOMPATIBLE_CHANGE) or when the type of anything already in the
# baseline changed (bit 4, ABIDIFF_ABI_CHANGE, with added symbols filtered
# out): abidiff reports a changed parameter or struct layout with bit 4 only.
# A deliberate, compatible change (a member appended to a size-prefixed
# struct, a new vtable entry) also fails until the baseline is regenerated
# with `make abi-dump` in the same commit, so that it is reviewed.
# Skips (77) without abidiff, without a shared library, or when the library
# carries no debug information (a build with CFLAGS lacking -g).
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
baseline="$top_srcdir/abi/libdigamma.abi"
headers="$top_srcdir/include/digamma"
if ! command -v abidiff >/dev/null 2>&1; then
    echo "abidiff not found (Debian: abigail-tools); skipping"; exit 77
fi
so=$(ls "$top_builddir"/lib/.libs/libdigamma.so.* 2>/dev/null | head -1)
if [ -z "$so" ]; then echo "no shared library built; skipping"; exit 77; fi
if [ ! -f "$baseline" ]; then echo "FAIL: no baseline $baseline (make abi-dump)"; echo "0 passed, 1 failed"; exit 1; fi
if ! LC_ALL=C readelf -S "$so" 2>/dev/null | grep -q '\.debug_info'; then
    echo "$so has no debug information (build with -g); skipping"; exit 77
fi

# The whole report, additions included, for the log.
echo "abidiff $baseline $so:"
abidiff --headers-dir2 "$headers" --drop-private-types "$baseline" "$so"
full=$?
if [ $((full & 3)) -ne 0 ]; then
    echo "FAIL: abidiff could not compare (status $full)"; echo "0 passed, 1 failed"; exit 1
fi
# The verdict: everything but added symbols.
abidiff --no-added-syms --headers-dir2 "$headers" --drop-private-types "$baseline" "$so" >/dev/null
status=$?
if [ $((status & 8)) -ne 0 ]; then
    echo "FAIL: incompatible ABI change (a function or variable of the baseline was removed or its symbol changed)"
    echo "0 passed, 1 failed"; exit 1
fi
if [ $((status & 4)) -ne 0 ]; then
    echo "FAIL: the type of a function, struct or vtable of the baseline changed (see the report above)."
    echo "If the change is compatible under docs/abi.md (e.g. a member appended to a size-prefixed"
    echo "struct), regenerate the baseline with 'make abi-dump' and commit it with the change."
    echo "0 passed, 1 failed"; exit 1
fi
if [ $((full & 4)) -ne 0 ]; then
    echo "functions were added (compatible); regenerate the baseline with 'make abi-dump' at the next release"
fi
echo "1 passed, 0 failed"
