# Tests. api_tests links the shared library and tests the public API;
# unit_tests links the convenience library and may test internals.
TEST_CPPFLAGS = $(AM_CPPFLAGS) -DDG_TEST_SRCDIR='"$(abs_top_srcdir)"' -DDG_TEST_BUILDDIR='"$(abs_top_builddir)"'

if HAVE_CUNIT
check_PROGRAMS += tests/api_tests tests/unit_tests
TESTS += tests/api_tests tests/unit_tests

tests_api_tests_CPPFLAGS = $(TEST_CPPFLAGS) -DSUITES_FILE='"api_suites.def"'
tests_api_tests_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_api_tests_LDADD = lib/libdigamma.la $(CUNIT_LIBS) -lm
tests_api_tests_SOURCES = \
	tests/test_main.c tests/test_util.h tests/api_suites.def \
	tests/test_errors.c \
	tests/test_workload.c \
	tests/test_parsers.c \
	tests/test_zoo.c \
	tests/test_budget.c \
	tests/test_checkpoint.c

tests_unit_tests_CPPFLAGS = $(TEST_CPPFLAGS) -DSUITES_FILE='"unit_suites.def"'
tests_unit_tests_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_tests_LDADD = lib/libdigamma-core.la $(CUNIT_LIBS) -lm
tests_unit_tests_SOURCES = \
	tests/test_main.c tests/test_util.h tests/unit_suites.def \
	tests/unit_overflow.c
endif

# Shell checks: exported symbols, the installed library through pkg-config, the CLI.
TESTS += tests/check_exports.sh tests/check_installed.sh tests/check_cli.sh tests/check_export.sh
TESTS_ENVIRONMENT = top_srcdir='$(top_srcdir)'; top_builddir='$(top_builddir)'; MAKE='$(MAKE)'; \
	CC='$(CC)'; CFLAGS='$(CFLAGS)'; LDFLAGS='$(LDFLAGS)'; export top_srcdir top_builddir MAKE CC CFLAGS LDFLAGS;
EXTRA_DIST += tests/check_exports.sh tests/check_installed.sh tests/check_cli.sh tests/check_export.sh tests/data

# The whole suite again under AddressSanitizer and UBSan, in a fresh copy of
# the distributed tree (so it also proves the tarball is complete).
.PHONY: check-sanitizers
check-sanitizers: distdir
	cd $(distdir) && ./configure -q --enable-sanitizers && $(MAKE) check; \
	  status=$$?; cat tests/*.log 2>/dev/null | grep -E "^[0-9]+ passed|ERROR|runtime error" || true; \
	  cd .. && rm -rf $(distdir); exit $$status

# Cost model (issue 3).
if HAVE_CUNIT
tests_api_tests_SOURCES += tests/cm_test_util.h tests/test_maestro_cases.c tests/test_cost_model.c \
	tests/test_maestro_notation.c tests/test_maestro_random.c
tests_unit_tests_SOURCES += tests/cm_test_util.h tests/unit_maestro.c
endif

# Genome, search and optimizer suites.
if HAVE_CUNIT
tests_api_tests_SOURCES += tests/test_genome.c tests/test_search.c tests/test_optimizer.c
endif
TESTS += tests/check_eval.sh
EXTRA_DIST += tests/check_eval.sh

# Model importers (issue 7).
if HAVE_CUNIT
tests_api_tests_SOURCES += tests/test_import.c
endif

# Baseline optimizers (issue 5): the cores on plain vectors, and each one through a search.
if HAVE_CUNIT
tests_api_tests_SOURCES += tests/test_baselines.c tests/test_schemes.c
tests_unit_tests_SOURCES += tests/unit_baselines.c
endif

# ABI (issue 6, docs/abi.md): abidiff of the built library against the
# committed baseline abi/libdigamma.abi; `make abi-dump` regenerates it.
TESTS += tests/check_abi.sh
EXTRA_DIST += tests/check_abi.sh abi
.PHONY: abi-dump
abi-dump: lib/libdigamma.la
	$(AM_V_GEN)abidw --headers-dir $(top_srcdir)/include/digamma --drop-private-types \
	  --no-corpus-path --no-comp-dir-path --short-locs \
	  --out-file $(top_srcdir)/abi/libdigamma.abi $(top_builddir)/lib/.libs/libdigamma.so
include tests/valgrind.mk

# Fuzzing (issue 6): the fuzz targets replay their seed corpora and the inputs
# the fuzzers found (tests/data/fuzz-regressions/) inside api_tests; see
# tests/test_fuzz_regressions.c and fuzz/local.mk.
if HAVE_CUNIT
tests_api_tests_SOURCES += tests/test_fuzz_regressions.c fuzz/fuzz_common.h fuzz/fuzz_gamma_csv.c \
	fuzz/fuzz_maestro_model.c fuzz/fuzz_maestro_mapping.c fuzz/fuzz_maestro_hw.c fuzz/fuzz_genome_json.c \
	fuzz/fuzz_checkpoint.c fuzz/fuzz_onnx.c fuzz/fuzz_timeloop_yaml.c
tests_api_tests_CPPFLAGS += -DDG_FUZZ_REPLAY
endif
