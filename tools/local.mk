# The digamma command-line program: a thin layer over the public API only.
bin_PROGRAMS += tools/digamma
tools_digamma_LDADD = lib/libdigamma.la
tools_digamma_SOURCES = \
	tools/commands.h \
	tools/digamma.c \
	tools/cli_util.c \
	tools/cli_util.h \
	tools/cmd_models.c
