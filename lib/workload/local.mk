# The workload part: handle, parsers, model zoo.
lib_libdigamma_core_la_SOURCES += \
	lib/workload/workload_internal.h \
	lib/workload/workload.c \
	lib/workload/parse_common.c \
	lib/workload/parse_common.h \
	lib/workload/parse_gamma_csv.c \
	lib/workload/parse_maestro_model.c \
	lib/workload/load.c \
	lib/workload/zoo.c \
	lib/workload/zoo_internal.h \
	lib/workload/zoo_resnet.c \
	lib/workload/zoo_mobilenet.c \
	lib/workload/zoo_classic.c \
	lib/workload/zoo_mlp.c
