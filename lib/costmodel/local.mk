# The cost-model part: handle, built-in MAESTRO-like model, MAESTRO notation.
lib_libdigamma_core_la_SOURCES += \
	lib/costmodel/costmodel.h \
	lib/costmodel/cost_model.c \
	lib/costmodel/maestro_levels.c \
	lib/costmodel/maestro_engine.h \
	lib/costmodel/maestro_engine.c \
	lib/costmodel/maestro_inner.h \
	lib/costmodel/maestro_inner.c \
	lib/costmodel/maestro_fix.c \
	lib/costmodel/maestro_top.c \
	lib/costmodel/maestro_model.c \
	lib/costmodel/maestro_parse.c \
	lib/costmodel/maestro_write.c
EXTRA_DIST += docs/cost-model.md
