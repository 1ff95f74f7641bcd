/* zoo_internal.h: the builders of the built-in model zoo (see zoo.c, docs/models.md). */
#ifndef DIGAMMA_ZOO_INTERNAL_H
#define DIGAMMA_ZOO_INTERNAL_H

#include "workload_internal.h"

/* Return from the enclosing builder when a libdigamma call fails; the error
 * message is already set by the failing call. */
#define DGZ_TRY(expr)              \
    do {                           \
        int dgz_rc_ = (expr);      \
        if (dgz_rc_ != DG_OK)      \
            return dgz_rc_;        \
    } while (0)

/* Output size of a convolution or pooling window along one axis. */
static inline int64_t dgz_out(int64_t in, int64_t kernel, int64_t stride, int64_t pad)
{
    return (in + 2 * pad - kernel) / stride + 1;
}

/* Every builder appends its layers (batch 1, 224x224 input for the CNNs) to
 * an empty workload and returns DG_OK or the first failing call's code. */
int dgi_zoo_resnet18(dg_workload *w);     /* zoo_resnet.c */
int dgi_zoo_resnet50(dg_workload *w);     /* zoo_resnet.c */
int dgi_zoo_mobilenet_v2(dg_workload *w); /* zoo_mobilenet.c */
int dgi_zoo_mnasnet(dg_workload *w);      /* zoo_mobilenet.c */
int dgi_zoo_vgg16(dg_workload *w);        /* zoo_classic.c */
int dgi_zoo_alexnet(dg_workload *w);      /* zoo_classic.c */
int dgi_zoo_bert(dg_workload *w);         /* zoo_mlp.c */
int dgi_zoo_ncf(dg_workload *w);          /* zoo_mlp.c */
int dgi_zoo_dlrm(dg_workload *w);         /* zoo_mlp.c */

#endif
