# Benchmarks: built with the library (noinst), never run by make check.

# Cost-model speed: evaluations per second per core, beside maestro_ref.py.
noinst_PROGRAMS += bench/bench_costmodel
bench_bench_costmodel_LDADD = lib/libdigamma.la $(DL_LIBS)
bench_bench_costmodel_CPPFLAGS = $(AM_CPPFLAGS) -DBENCH_SRCDIR='"$(abs_top_srcdir)"'
EXTRA_DIST += bench/maestro_ref_timing.py
# Bit-identity hashes and instructions per evaluation (valgrind) of the same
# benchmark: the two checks behind a cost-model speed change.
EXTRA_DIST += bench/costmodel_check.sh
# Two builds' benchmark rates, interleaved (before/after a change); for their
# ratio alone, finer: bench_costmodel --against OTHER_BUILD/lib/.libs/libdigamma.so.
EXTRA_DIST += bench/costmodel_ab.sh

# The paper's tables (§V, Fig. 5-7; issue 5) in one command: every optimizer and
# scheme on the seven models, edge and cloud, several seeds, run PAPER_JOBS
# digamma processes at a time. Writes bench/paper-results/paper.md and fig5/6/7.csv (paper-quick: bench/paper-quick-results).
# `make paper` is the paper's 40,000-sample budget (546 runs, 16 min on the idle
# 2-core machine, about 1,900 s of CPU time; see bench/RESULTS.md);
# `make paper-quick` a 4,000-sample, 2-seed smoke run of the same tables.
# Extra options: make paper PAPER_FLAGS='--seeds 5 --models resnet18,ncf'
EXTRA_DIST += bench/paper.py
PAPER_JOBS = 2
PAPER_FLAGS =
.PHONY: paper paper-quick
paper: tools/digamma
	$(PYTHON3) $(srcdir)/bench/paper.py --digamma tools/digamma --jobs $(PAPER_JOBS) \
	    --out-dir bench/paper-results $(PAPER_FLAGS)
paper-quick: tools/digamma
	$(PYTHON3) $(srcdir)/bench/paper.py --quick --digamma tools/digamma --jobs $(PAPER_JOBS) \
	    --out-dir bench/paper-quick-results $(PAPER_FLAGS)
