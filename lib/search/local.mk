# The search framework: evaluation loop, cache, threads, results.
lib_libdigamma_core_la_SOURCES += \
	lib/search/search_internal.h \
	lib/search/search.c \
	lib/search/evaluate.c \
	lib/search/cache.c \
	lib/search/checkpoint.c
