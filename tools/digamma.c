/*
 * digamma: the command-line face of libdigamma.
 *
 *   digamma [--version | --help]
 *   digamma <command> [options]
 *
 * Every command lives in its own cmd_*.c file and uses only the public API.
 */
#include "cli_util.h"
#include "commands.h"

#include <digamma/digamma.h>

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"search", dg_cmd_search, "co-optimize hardware and mappings of a model within a budget"},
    {"models", dg_cmd_models, "list the built-in models, or show the layers of one (--show NAME|FILE)"},
    {"eval", dg_cmd_eval, "evaluate a MAESTRO mapping file with the built-in cost model"},
    {"optimizers", dg_cmd_optimizers, "list the built-in optimizers (--params: with their parameters)"},
};

static void print_help(FILE *f)
{
    fprintf(f,
            "Usage: digamma <command> [options]\n"
            "       digamma --version | --help\n"
            "\n"
            "HW-mapping co-optimization of DNN accelerators (DiGamma) with a\n"
            "MAESTRO-like analytical cost model.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\n"
            "Run 'digamma <command> --help' for a command's options.\n"
            "A --model argument takes a built-in name (see 'digamma models') or a\n"
            "file: GAMMA model CSV (K,C,Y,X,R,S,T), MAESTRO .m model, ONNX model or\n"
            "Timeloop problem YAML.\n"
            "\n"
            "Exit status: 0 success, 1 the library reported an error, 2 bad usage.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return print_help(stderr), DG_EXIT_USAGE;
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return DG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("digamma (libdigamma) %s\n", dg_version_string());
        return DG_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s'", cmd);
}
