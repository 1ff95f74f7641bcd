# API reference: `make docs` runs Doxygen on the public headers and fails on
# any warning (WARN_AS_ERROR in docs/Doxyfile.in).
EXTRA_DIST += docs/Doxyfile.in docs/mainpage.md docs/thread-safety.md docs/errors.md docs/models.md docs/search.md
EXTRA_DIST += docs/import.md
EXTRA_DIST += docs/abi.md

.PHONY: docs
if HAVE_DOXYGEN
docs: docs/Doxyfile
	$(AM_V_GEN)rm -rf docs/html && $(DOXYGEN) docs/Doxyfile
else
docs:
	@echo "doxygen was not found at configure time; install it and re-run configure" >&2; exit 1
endif

clean-local: clean-docs
clean-docs:
	-rm -rf docs/html
