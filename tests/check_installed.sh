#!/bin/sh
# Install into a scratch root, then build an example against the *installed*
# headers and library through pkg-config and run it: a broken .pc file or a
# header missing from the install fails here.
set -e
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dg-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if ! command -v pkg-config >/dev/null; then echo "pkg-config missing; skipping"; exit 77; fi
${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$scratch/root" >"$scratch/install.log" 2>&1 || {
    cat "$scratch/install.log"; echo "0 passed, 1 failed"; exit 1; }
pcdir=$(find "$scratch/root" -name libdigamma.pc -exec dirname {} \; | head -1)
[ -n "$pcdir" ] || { echo "FAIL: libdigamma.pc not installed"; echo "0 passed, 1 failed"; exit 1; }
for h in digamma.h common.h version.h workload.h budget.h cost_model.h plugin.h; do
    find "$scratch/root" -path "*/include/digamma/$h" | grep -q . || { echo "FAIL: $h not installed"; echo "0 passed, 1 failed"; exit 1; }
done
export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$scratch/root"
cflags=$(pkg-config --cflags libdigamma)
libs=$(pkg-config --libs libdigamma)
echo "pkg-config: $cflags $libs"
${CC:-cc} ${CFLAGS:-} -std=c11 -Wall -Werror $cflags -o "$scratch/list_layers" "$top_srcdir/examples/list_layers.c" ${LDFLAGS:-} $libs
libdir=$(echo "$libs" | sed -n 's/.*-L\([^ ]*\).*/\1/p')
LD_LIBRARY_PATH="$libdir" "$scratch/list_layers" resnet18 > "$scratch/out.txt"
head -1 "$scratch/out.txt"
grep -q "^resnet18: " "$scratch/out.txt" || { echo "FAIL: unexpected output"; echo "0 passed, 1 failed"; exit 1; }
# The installed program runs too.
LD_LIBRARY_PATH="$libdir" "$(find "$scratch/root" -path '*/bin/digamma' | head -1)" --version
echo "1 passed, 0 failed"
