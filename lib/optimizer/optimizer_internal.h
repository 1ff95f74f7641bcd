/* optimizer_internal.h: the optimizer handle, shared with the search framework. */
#ifndef DIGAMMA_OPTIMIZER_INTERNAL_H
#define DIGAMMA_OPTIMIZER_INTERNAL_H

#include "internal.h"

struct dg_optimizer {
    dg_optimizer_ops ops;   /* our copy, zero-extended */
    double *params;         /* current values, in ops.params order */
    void *user_data;
    void (*user_data_free)(void *);
};

/* The built-ins (each in its own file). */
const dg_optimizer_ops *dgi_optimizer_digamma(void);
const dg_optimizer_ops *dgi_optimizer_random(void);
const dg_optimizer_ops *dgi_optimizer_grid(void); /* the paper's HW-opt */
/* The paper's baselines (vecopt.h: cores on plain vectors behind the genome's vector view). */
const dg_optimizer_ops *dgi_optimizer_stdga(void);
const dg_optimizer_ops *dgi_optimizer_pso(void);
const dg_optimizer_ops *dgi_optimizer_tbpsa(void);
const dg_optimizer_ops *dgi_optimizer_oneplusone(void);
const dg_optimizer_ops *dgi_optimizer_de(void);
const dg_optimizer_ops *dgi_optimizer_portfolio(void);
const dg_optimizer_ops *dgi_optimizer_cma(void);

#endif
