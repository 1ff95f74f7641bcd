# The digamma command-line program: a thin layer over the public API only.
bin_PROGRAMS += tools/digamma
tools_digamma_LDADD = lib/libdigamma.la
tools_digamma_SOURCES = \
	tools/commands.h \
	tools/digamma.c \
	tools/cli_util.c \
	tools/cli_util.h \
	tools/cmd_models.c \
	tools/cmd_optimizers.c \
	tools/cmd_search.c \
	tools/search_report.c \
	tools/search_report.h \
	tools/svg_plot.c
tools_digamma_SOURCES += tools/cmd_eval.c
