/* workload_internal.h: the workload's representation, shared by its sources. */
#ifndef DIGAMMA_WORKLOAD_INTERNAL_H
#define DIGAMMA_WORKLOAD_INTERNAL_H

#include "internal.h"

/* A distinct layer: the public struct with its own copy of the name. */
typedef struct dgi_layer_entry {
    dg_layer layer; /* layer.name points at name_storage */
    char *name_storage;
} dgi_layer_entry;

struct dg_workload {
    char *name;
    dgi_layer_entry *layers; /* distinct layers, order of first appearance */
    size_t num_unique;
    size_t capacity;
    size_t num_layers;       /* counting repeats */
};

/* Check a layer's fields and compute out_y, out_x and macs into *l.
 * origin/line (may be NULL/0) locate the error for parsers. */
int dgi_layer_complete(dg_layer *l, const char *origin, long line);

/* Parsers of the two text formats; both build a complete workload or nothing. */
int dgi_parse_gamma_csv(dg_workload **out, const char *data, size_t size, const char *origin);
int dgi_parse_maestro_model(dg_workload **out, const char *data, size_t size, const char *origin);

/* The model zoo: one builder per network. */
typedef int (*dgi_model_builder)(dg_workload *w);
typedef struct dgi_builtin_model {
    const char *name;
    const char *description;
    dgi_model_builder build;
} dgi_builtin_model;

extern const dgi_builtin_model dgi_builtin_models[];
extern const size_t dgi_builtin_model_total;

#endif
