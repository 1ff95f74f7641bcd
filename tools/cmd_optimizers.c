/* cmd_optimizers.c: `digamma optimizers [--params]` lists the built-in optimizers. */
#include "cli_util.h"
#include "commands.h"

#include <digamma/digamma.h>
#include <digamma/plugin.h>

#include <string.h>

int dg_cmd_optimizers(int argc, char **argv)
{
    int params = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--params") == 0) {
            params = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: digamma optimizers [--params]\nList the built-in optimizers; --params adds their parameters.\n");
            return DG_EXIT_OK;
        } else {
            return cli_usage_error("optimizers: unknown option '%s'", argv[i]);
        }
    }
    for (size_t i = 0; i < dg_optimizer_builtin_count(); i++) {
        const dg_optimizer_ops *ops = dg_optimizer_builtin(i);
        printf("%-12s %s\n", ops->name, ops->description ? ops->description : "");
        for (size_t p = 0; params && p < ops->num_params; p++) {
            const dg_param_info *pi = &ops->params[p];
            printf("    %-18s %-10g [%g, %g]%s  %s\n", pi->name, pi->default_value, pi->min, pi->max,
                   pi->is_integer ? " int" : "", pi->description);
        }
    }
    return DG_EXIT_OK;
}
