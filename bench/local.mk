# Benchmarks: built on demand with `make bench`, never run by make check.

# Cost-model speed: evaluations per second per core, beside maestro_ref.py.
noinst_PROGRAMS += bench/bench_costmodel
bench_bench_costmodel_LDADD = lib/libdigamma.la
bench_bench_costmodel_CPPFLAGS = $(AM_CPPFLAGS) -DBENCH_SRCDIR='"$(abs_top_srcdir)"'
EXTRA_DIST += bench/maestro_ref_timing.py
