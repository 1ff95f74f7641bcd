/* commands.h: the subcommands of the digamma program, one file each. */
#ifndef DIGAMMA_TOOLS_COMMANDS_H
#define DIGAMMA_TOOLS_COMMANDS_H

/* Each takes the arguments from the subcommand name on (argv[0] is its name)
 * and returns the process exit status (see cli_util.h). */
int dg_cmd_models(int argc, char **argv);
int dg_cmd_eval(int argc, char **argv);
int dg_cmd_search(int argc, char **argv);
int dg_cmd_optimizers(int argc, char **argv);

#endif
