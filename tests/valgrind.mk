# check-valgrind (issue 6): every example and the main digamma commands under
# valgrind's memcheck, failing on any memory error or leak (all leak kinds).
# Not part of `make check` (it takes a few minutes); skipped when valgrind is
# missing. Programs run through `libtool --mode=execute`, so valgrind sees the
# real binaries, not libtool's wrapper scripts. valgrind's own errors exit 99,
# told apart from the programs' statuses (digamma search exits 3 when nothing
# fits the budget, which is not a memory error).
VALGRIND_FLAGS = --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 \
	--track-origins=yes --quiet
VALGRIND_RUN = $(LIBTOOL) --mode=execute valgrind $(VALGRIND_FLAGS)

.PHONY: check-valgrind
check-valgrind: all
	@if ! command -v valgrind >/dev/null 2>&1; then \
	  echo "check-valgrind: valgrind not found (Debian: valgrind); skipping"; exit 0; fi; \
	scratch=$$(mktemp -d); pass=0; fail=0; \
	vg() { want=$$1; shift; \
	  $(VALGRIND_RUN) --log-file="$$scratch/vg.log" "$$@" >"$$scratch/out.log" 2>&1; rc=$$?; \
	  if [ $$rc = 99 ] || [ -s "$$scratch/vg.log" ]; then \
	    echo "FAIL (memcheck): $$*"; cat "$$scratch/vg.log"; fail=$$((fail + 1)); \
	  elif ! echo " $$want " | grep -q " $$rc "; then \
	    echo "FAIL (exit $$rc, want $$want): $$*"; tail -5 "$$scratch/out.log"; fail=$$((fail + 1)); \
	  else echo "PASS: $$*"; pass=$$((pass + 1)); fi; }; \
	dg=tools/digamma; data=$(top_srcdir)/tests/data; \
	vg 0 examples/list_layers; \
	vg 0 examples/list_layers $$data/gamma-models/mobilenet_v2.csv; \
	vg 0 examples/simulated_annealing ncf 400; \
	vg 0 examples/roofline_cost_model; \
	vg "0 3" $$dg search --model resnet18 --samples 500 --quiet; \
	vg "0 3" $$dg search --model resnet18 --samples 500 --threads 2 --json $$scratch/r.json --plot $$scratch/p.svg \
	  --export-maestro $$scratch/export; \
	vg 0 $$dg eval --mapping $$data/maestro-cases/c02.m; \
	vg 0 $$dg eval --mapping $$data/maestro-cases/h02.m --hw $$data/maestro-cases/hw_h02.m --json --counts; \
	vg 0 $$dg models --json; \
	vg 0 $$dg models --show $$data/onnx/mobilenetv2.onnx --skipped; \
	vg 0 $$dg models --show $$data/gamma-models/resnet50.csv --json; \
	vg "0 3" $$dg search --model $$data/onnx/alexnet.onnx --samples 200 --optimizer cma --quiet; \
	printf 'problem:\n  shape: cnn-layer\n  instance: {C: 64, M: 128, N: 1, P: 28, Q: 28, R: 3, S: 3}\n' \
	  >$$scratch/t.yaml; \
	vg "0 3" $$dg search --model $$scratch/t.yaml --samples 200 --optimizer portfolio --quiet; \
	vg 0 $$dg optimizers; \
	vg "0 3" $$dg search --model ncf --samples 300 --checkpoint-every 100 --checkpoint $$scratch/ck --quiet; \
	vg "0 3" $$dg search --model ncf --samples 600 --checkpoint-every 100 --resume $$scratch/ck --quiet; \
	vg 1 $$dg search --model no-such-model; \
	vg 1 $$dg search --model ncf --set population=1; \
	vg 1 $$dg eval --mapping $$data/gamma-models/ncf_m.csv; \
	vg 1 $$dg search --model ncf --resume $$data/gamma-models/ncf_m.csv; \
	rm -rf "$$scratch"; \
	echo "$$pass passed, $$fail failed"; test $$fail = 0
