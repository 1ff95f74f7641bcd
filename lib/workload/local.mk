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

# Model importers (issue 7). Both are optional: without their library the
# formats fail with DG_EUNSUPPORTED (load.c), and these sources are not built.
AM_CPPFLAGS += $(PROTOBUF_C_CFLAGS) $(YAML_CFLAGS)
lib_libdigamma_core_la_LIBADD += $(PROTOBUF_C_LIBS) $(YAML_LIBS)

if HAVE_ONNX
# The C code for onnx.proto is generated in the build tree, never committed or
# distributed. The schema's package is renamed to dgi_onnx so that its symbols
# (hidden in the shared library anyway) cannot clash with an application's own
# protobuf-c ONNX code when linking the static library.
lib_libdigamma_core_la_SOURCES += lib/workload/import_onnx.c
nodist_lib_libdigamma_core_la_SOURCES = lib/workload/dgi_onnx.pb-c.c lib/workload/dgi_onnx.pb-c.h
BUILT_SOURCES = lib/workload/dgi_onnx.pb-c.c lib/workload/dgi_onnx.pb-c.h
CLEANFILES += lib/workload/dgi_onnx.pb-c.c lib/workload/dgi_onnx.pb-c.h lib/workload/dgi_onnx.proto

lib/workload/dgi_onnx.pb-c.c: $(ONNX_PROTO)
	$(AM_V_GEN)$(MKDIR_P) lib/workload && \
	$(SED) -e 's/^package onnx;/package dgi_onnx;/' '$(ONNX_PROTO)' > lib/workload/dgi_onnx.proto.tmp && \
	mv -f lib/workload/dgi_onnx.proto.tmp lib/workload/dgi_onnx.proto && \
	$(PROTOC_C) --proto_path=lib/workload --c_out=lib/workload lib/workload/dgi_onnx.proto
# Two outputs from one command (the automake manual's idiom): the header
# follows the source, and is remade if it alone was deleted.
lib/workload/dgi_onnx.pb-c.h: lib/workload/dgi_onnx.pb-c.c
	@test -f $@ || rm -f lib/workload/dgi_onnx.pb-c.c
	@test -f $@ || $(MAKE) $(AM_MAKEFLAGS) lib/workload/dgi_onnx.pb-c.c
endif

if HAVE_YAML
lib_libdigamma_core_la_SOURCES += lib/workload/import_yaml.c
endif
