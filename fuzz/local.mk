# Fuzzing (issue 6): one libFuzzer target per parser, in fuzz/fuzz_<name>.c.
#
#   ./configure CC=clang --enable-fuzzing && make
#   fuzz/fuzz_gamma_csv -dict=$(srcdir)/fuzz/gamma_csv.dict fuzz/corpus/gamma_csv
#
# The targets link the convenience library statically; configure compiles the
# whole build with coverage instrumentation, ASan and UBSan. `make fuzz-smoke`
# runs every target once over its seed corpus and over the saved regression
# inputs (no fuzzing); in a build configured without --enable-fuzzing it does
# that in a fresh copy of the distributed tree built with clang. fuzz/README.md
# tells how to fuzz, minimise and keep what is found.
FUZZ_NAMES = gamma_csv maestro_model maestro_mapping maestro_hw genome_json checkpoint onnx timeloop_yaml
FUZZ_DICTS = fuzz/gamma_csv.dict fuzz/maestro.dict fuzz/maestro_hw.dict fuzz/genome_json.dict fuzz/checkpoint.dict \
	fuzz/onnx.dict fuzz/timeloop_yaml.dict
EXTRA_DIST += fuzz/README.md fuzz/corpus fuzz/checkpoint-tiny.csv $(FUZZ_DICTS)

.PHONY: fuzz-smoke
if ENABLE_FUZZING
FUZZ_LDADD = lib/libdigamma-core.la -lm
fuzz_targets = fuzz/fuzz_gamma_csv fuzz/fuzz_maestro_model fuzz/fuzz_maestro_mapping fuzz/fuzz_maestro_hw \
	fuzz/fuzz_genome_json fuzz/fuzz_checkpoint fuzz/fuzz_onnx fuzz/fuzz_timeloop_yaml
noinst_PROGRAMS += $(fuzz_targets)
fuzz_fuzz_gamma_csv_SOURCES = fuzz/fuzz_gamma_csv.c fuzz/fuzz_common.h
fuzz_fuzz_gamma_csv_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_gamma_csv_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_maestro_model_SOURCES = fuzz/fuzz_maestro_model.c fuzz/fuzz_common.h
fuzz_fuzz_maestro_model_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_maestro_model_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_maestro_mapping_SOURCES = fuzz/fuzz_maestro_mapping.c fuzz/fuzz_common.h
fuzz_fuzz_maestro_mapping_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_maestro_mapping_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_maestro_hw_SOURCES = fuzz/fuzz_maestro_hw.c fuzz/fuzz_common.h
fuzz_fuzz_maestro_hw_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_maestro_hw_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_genome_json_SOURCES = fuzz/fuzz_genome_json.c fuzz/fuzz_common.h
fuzz_fuzz_genome_json_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_genome_json_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_checkpoint_SOURCES = fuzz/fuzz_checkpoint.c fuzz/fuzz_common.h
fuzz_fuzz_checkpoint_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_checkpoint_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_onnx_SOURCES = fuzz/fuzz_onnx.c fuzz/fuzz_common.h
fuzz_fuzz_onnx_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_onnx_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_timeloop_yaml_SOURCES = fuzz/fuzz_timeloop_yaml.c fuzz/fuzz_common.h
fuzz_fuzz_timeloop_yaml_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_timeloop_yaml_LDFLAGS = $(FUZZ_LDFLAGS)

# Each target once over its corpus and its fixed regressions (known, unfixed
# bugs live under tests/data/fuzz-regressions/known-bugs/ and are not run).
fuzz-smoke: $(fuzz_targets)
	@status=0; for t in $(FUZZ_NAMES); do \
	  inputs="$(srcdir)/fuzz/corpus/$$t"; \
	  regs="$(srcdir)/tests/data/fuzz-regressions/$$t"; \
	  if test -d "$$regs"; then inputs="$$inputs $$regs"; fi; \
	  if ASAN_OPTIONS=detect_leaks=1 ./fuzz/fuzz_$$t -runs=0 -timeout=30 -rss_limit_mb=2048 -artifact_prefix=fuzz/fuzz_$$t- $$inputs \
	       >fuzz/fuzz_$$t.log 2>&1; then \
	    echo "PASS: fuzz_$$t ($$(grep -o 'INITED.*' fuzz/fuzz_$$t.log | head -1))"; \
	  else \
	    echo "FAIL: fuzz_$$t"; tail -40 fuzz/fuzz_$$t.log; status=1; \
	  fi; \
	done; exit $$status
CLEANFILES += fuzz/*.log
else
# Not configured for fuzzing: build a fresh copy of the distributed tree with
# clang and --enable-fuzzing, and run the smoke test there.
fuzz-smoke: distdir
	( cd $(distdir) && ./configure -q CC=clang --enable-fuzzing && \
	  { $(MAKE) -j2 >make.log 2>&1 || { tail -30 make.log; exit 1; }; } && $(MAKE) fuzz-smoke ); \
	  status=$$?; rm -rf $(distdir); exit $$status
endif
