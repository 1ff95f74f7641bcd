/*
 * zoo.c: the built-in model zoo — the table of networks and lookup by name.
 *
 * Each network is a builder function (zoo_resnet.c, zoo_mobilenet.c,
 * zoo_classic.c, zoo_mlp.c) written from the network's published
 * architecture with real strides and padding; docs/models.md lists the
 * sources, the MAC totals and how the models differ from the paper's
 * workload CSVs.
 */
#include "zoo_internal.h"

#include <stdio.h>
#include <string.h>

const dgi_builtin_model dgi_builtin_models[] = {
    {"resnet18", "ResNet-18 (torchvision), 224x224, batch 1: 20 conv + FC, 1.82 GMACs", dgi_zoo_resnet18},
    {"resnet50", "ResNet-50 v1.5 (torchvision, stride on the 3x3), 224x224, batch 1: 53 conv + FC, 4.09 GMACs",
     dgi_zoo_resnet50},
    {"mobilenet_v2", "MobileNetV2 1.0 (torchvision), 224x224, batch 1: 52 conv/dwconv + FC, 0.30 GMACs",
     dgi_zoo_mobilenet_v2},
    {"mnasnet", "MnasNet (torchvision mnasnet1_0), 224x224, batch 1: 52 conv/dwconv + FC, 0.31 GMACs",
     dgi_zoo_mnasnet},
    {"vgg16", "VGG-16 (configuration D), 224x224, batch 1: 13 conv + 3 FC, 15.47 GMACs", dgi_zoo_vgg16},
    {"alexnet", "AlexNet (torchvision single-tower), 224x224, batch 1: 5 conv + 3 FC, 0.71 GMACs", dgi_zoo_alexnet},
    {"bert", "BERT-base, one encoder block at sequence length 512: 4 projections, 12 heads x 2 attention GEMMs, FFN",
     dgi_zoo_bert},
    {"ncf", "NCF as in the DiGamma paper's ncf_m.csv: 12 FC layers, batch 1", dgi_zoo_ncf},
    {"dlrm", "DLRM RMC1 MLPs as in the DiGamma paper's dlrmRMC1_m.csv: bottom and top MLP, 6 FC layers, batch 1",
     dgi_zoo_dlrm},
};

const size_t dgi_builtin_model_total = sizeof dgi_builtin_models / sizeof dgi_builtin_models[0];

DG_API size_t dg_builtin_model_count(void)
{
    return dgi_builtin_model_total;
}

DG_API const char *dg_builtin_model_name(size_t index)
{
    return index < dgi_builtin_model_total ? dgi_builtin_models[index].name : NULL;
}

DG_API const char *dg_builtin_model_description(size_t index)
{
    return index < dgi_builtin_model_total ? dgi_builtin_models[index].description : NULL;
}

DG_API int dg_workload_builtin(dg_workload **out, const char *name)
{
    if (!out || !name)
        return dgi_fail(DG_EINVAL, "dg_workload_builtin: %s is NULL", out ? "name" : "out");

    const dgi_builtin_model *model = NULL;
    for (size_t i = 0; i < dgi_builtin_model_total; i++) {
        if (strcmp(dgi_builtin_models[i].name, name) == 0) {
            model = &dgi_builtin_models[i];
            break;
        }
    }
    if (!model) {
        char known[256];
        size_t used = 0;
        known[0] = '\0';
        for (size_t i = 0; i < dgi_builtin_model_total && used < sizeof known; i++) {
            int n = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                             dgi_builtin_models[i].name);
            if (n < 0)
                break;
            used += (size_t)n;
        }
        return dgi_fail(DG_ENOTFOUND, "unknown built-in model \"%s\" (known models: %s)", name, known);
    }

    dg_workload *w;
    int rc = dg_workload_create(&w, model->name);
    if (rc)
        return rc;
    if ((rc = model->build(w)) != DG_OK) {
        dg_workload_destroy(w);
        return rc;
    }
    *out = w;
    return DG_OK;
}
