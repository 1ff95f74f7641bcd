# The genome part: search space, encoding, decoding, repair, vector and JSON views.
lib_libdigamma_core_la_SOURCES += \
	lib/genome/genome_internal.h \
	lib/genome/space.c \
	lib/genome/genome.c \
	lib/genome/genome_decode.c \
	lib/genome/genome_vector.c \
	lib/genome/genome_json.c
