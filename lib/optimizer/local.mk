# The optimizer part: the handle, parameters, and the built-in algorithms.
lib_libdigamma_core_la_SOURCES += \
	lib/optimizer/optimizer_internal.h \
	lib/optimizer/optimizer.c \
	lib/optimizer/random.c \
	lib/optimizer/digamma_ga.c
