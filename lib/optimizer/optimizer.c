/*
 * optimizer.c: the dg_optimizer handle: an ops table plus parameter values,
 * and the registry of built-in optimizers.
 *
 * Parameter values live in the handle, not in the plug-in's state, so they
 * can be set and queried before a search starts; the plug-in receives them
 * in dg_optimizer_context.params when the run begins.
 */
#include "optimizer_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The first ops version ends with tell. */
#define OPS_V1_SIZE (offsetof(dg_optimizer_ops, tell) + sizeof(void *))

DG_API int dg_optimizer_create(dg_optimizer **out, const dg_optimizer_ops *ops, void *user_data,
                               void (*user_data_free)(void *))
{
    int rc = DG_OK;
    dg_optimizer *o = NULL;
    if (!out)
        rc = dgi_fail(DG_EINVAL, "dg_optimizer_create: out is NULL");
    else if (!(o = calloc(1, sizeof *o)))
        rc = dgi_fail(DG_ENOMEM, "out of memory creating an optimizer");
    else if ((rc = dgi_copy_vtable(&o->ops, sizeof o->ops, ops, OPS_V1_SIZE, "dg_optimizer_ops")) == DG_OK) {
        if (!o->ops.create || !o->ops.ask || !o->ops.tell)
            rc = dgi_fail(DG_EINVAL, "dg_optimizer_ops needs create, ask and tell");
        else if (o->ops.flags)
            rc = dgi_fail(DG_EUNSUPPORTED, "dg_optimizer_ops.flags has unknown bits set");
        else if (o->ops.num_params && !o->ops.params)
            rc = dgi_fail(DG_EINVAL, "dg_optimizer_ops.num_params is set but params is NULL");
        else if (o->ops.num_params && !(o->params = calloc(o->ops.num_params, sizeof *o->params)))
            rc = dgi_fail(DG_ENOMEM, "out of memory creating an optimizer");
    }
    if (rc) {
        if (o)
            free(o->params);
        free(o);
        if (user_data_free) /* exactly once, failure included */
            user_data_free(user_data);
        return rc;
    }
    for (size_t i = 0; i < o->ops.num_params; i++)
        o->params[i] = o->ops.params[i].default_value;
    if (!o->ops.name)
        o->ops.name = "unnamed";
    o->user_data = user_data;
    o->user_data_free = user_data_free;
    *out = o;
    return DG_OK;
}

DG_API void dg_optimizer_destroy(dg_optimizer *o)
{
    if (!o)
        return;
    if (o->user_data_free)
        o->user_data_free(o->user_data);
    free(o->params);
    free(o);
}

DG_API const char *dg_optimizer_name(const dg_optimizer *o)
{
    return o ? o->ops.name : "";
}

static const dg_optimizer_ops *(*const builtins[])(void) = {
    dgi_optimizer_digamma, dgi_optimizer_random,
    /* the paper's baselines */
    dgi_optimizer_stdga, dgi_optimizer_pso, dgi_optimizer_tbpsa, dgi_optimizer_oneplusone, dgi_optimizer_de,
    dgi_optimizer_portfolio, dgi_optimizer_cma,
    /* the paper's HW-opt scheme: the hardware on a grid, for a fixed dataflow style */
    dgi_optimizer_grid,
};
#define NUM_BUILTINS (sizeof builtins / sizeof builtins[0])

DG_API size_t dg_optimizer_builtin_count(void) { return NUM_BUILTINS; }

DG_API const dg_optimizer_ops *dg_optimizer_builtin(size_t i)
{
    return i < NUM_BUILTINS ? builtins[i]() : NULL;
}

DG_API const dg_optimizer_ops *dg_optimizer_ops_find(const char *name)
{
    for (size_t i = 0; name && i < NUM_BUILTINS; i++)
        if (strcmp(builtins[i]()->name, name) == 0)
            return builtins[i]();
    return NULL;
}

DG_API const dg_optimizer_ops *dg_optimizer_ops_digamma(void) { return dgi_optimizer_digamma(); }
DG_API const dg_optimizer_ops *dg_optimizer_ops_random(void) { return dgi_optimizer_random(); }

DG_API int dg_optimizer_create_builtin(dg_optimizer **out, const char *name)
{
    if (!out || !name)
        return dgi_fail(DG_EINVAL, "dg_optimizer_create_builtin: NULL argument");
    const dg_optimizer_ops *ops = dg_optimizer_ops_find(name);
    if (!ops) {
        char known[256] = "";
        for (size_t i = 0; i < NUM_BUILTINS; i++) {
            strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, builtins[i]()->name, sizeof known - strlen(known) - 1);
        }
        return dgi_fail(DG_ENOTFOUND, "unknown optimizer '%s' (known: %s)", name, known);
    }
    return dg_optimizer_create(out, ops, NULL, NULL);
}

DG_API size_t dg_optimizer_param_count(const dg_optimizer *o)
{
    return o ? o->ops.num_params : 0;
}

DG_API const char *dg_optimizer_param_name(const dg_optimizer *o, size_t i)
{
    return o && i < o->ops.num_params ? o->ops.params[i].name : NULL;
}

DG_API const char *dg_optimizer_param_description(const dg_optimizer *o, size_t i)
{
    return o && i < o->ops.num_params ? o->ops.params[i].description : NULL;
}

static int find_param(const dg_optimizer *o, const char *key, size_t *index)
{
    if (!o || !key)
        return dgi_fail(DG_EINVAL, "optimizer parameter: NULL argument");
    for (size_t i = 0; i < o->ops.num_params; i++)
        if (o->ops.params[i].name && strcmp(o->ops.params[i].name, key) == 0) {
            *index = i;
            return DG_OK;
        }
    return dgi_fail(DG_ENOTFOUND, "optimizer '%s' has no parameter '%s'", o->ops.name, key);
}

DG_API int dg_optimizer_param_bounds(const dg_optimizer *o, const char *key, double *min, double *max,
                                     int *is_integer)
{
    size_t i;
    int rc = find_param(o, key, &i);
    if (rc)
        return rc;
    if (min) *min = o->ops.params[i].min;
    if (max) *max = o->ops.params[i].max;
    if (is_integer) *is_integer = o->ops.params[i].is_integer;
    return DG_OK;
}

DG_API int dg_optimizer_set_double(dg_optimizer *o, const char *key, double value)
{
    size_t i;
    int rc = find_param(o, key, &i);
    if (rc)
        return rc;
    const dg_param_info *p = &o->ops.params[i];
    if (!(value >= p->min && value <= p->max))
        return dgi_fail(DG_ERANGE, "parameter '%s' must be in [%g, %g], got %g", key, p->min, p->max, value);
    if (p->is_integer && value != floor(value))
        return dgi_fail(DG_ERANGE, "parameter '%s' takes an integer, got %g", key, value);
    o->params[i] = value;
    return DG_OK;
}

DG_API int dg_optimizer_set_int(dg_optimizer *o, const char *key, int64_t value)
{
    return dg_optimizer_set_double(o, key, (double)value);
}

DG_API int dg_optimizer_get_double(const dg_optimizer *o, const char *key, double *value)
{
    size_t i;
    int rc = find_param(o, key, &i);
    if (rc)
        return rc;
    if (!value)
        return dgi_fail(DG_EINVAL, "dg_optimizer_get_double: value is NULL");
    *value = o->params[i];
    return DG_OK;
}
