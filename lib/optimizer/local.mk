# The optimizer part: the handle, parameters, and the built-in algorithms.
lib_libdigamma_core_la_SOURCES += \
	lib/optimizer/optimizer_internal.h \
	lib/optimizer/optimizer.c \
	lib/optimizer/random.c \
	lib/optimizer/grid.c \
	lib/optimizer/digamma_ga.c

# The paper's baseline optimizers: cores on plain vectors (vecopt.h) behind the genome's vector view.
lib_libdigamma_core_la_SOURCES += \
	lib/optimizer/vecopt.h \
	lib/optimizer/vecopt.c \
	lib/optimizer/vecopt_ops.c \
	lib/optimizer/stdga.c \
	lib/optimizer/pso.c \
	lib/optimizer/tbpsa.c \
	lib/optimizer/oneplusone.c \
	lib/optimizer/de.c \
	lib/optimizer/portfolio.c \
	lib/optimizer/cma.c
