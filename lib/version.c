/* version.c: runtime twins of version.h, so programs can check what they run against. */
#include "internal.h"

DG_API int dg_version_number(void) { return DG_VERSION_NUMBER; }
DG_API const char *dg_version_string(void) { return DG_VERSION_STRING; }
DG_API int dg_plugin_abi_version(void) { return DG_PLUGIN_ABI_VERSION; }
