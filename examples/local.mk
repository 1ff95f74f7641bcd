# Examples: small programs that use only the public headers and link the
# shared object, exactly as a user's program would.
EXAMPLE_LDADD = lib/libdigamma.la
example_bins = examples/list_layers examples/simulated_annealing
noinst_PROGRAMS += $(example_bins)
examples_list_layers_LDADD = $(EXAMPLE_LDADD)
examples_simulated_annealing_LDADD = $(EXAMPLE_LDADD)

.PHONY: examples
examples: $(example_bins)

# A user-written cost model (roofline) plugged in through the vtable.
noinst_PROGRAMS += examples/roofline_cost_model
examples_roofline_cost_model_LDADD = lib/libdigamma.la
