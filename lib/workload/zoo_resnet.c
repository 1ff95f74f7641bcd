/*
 * zoo_resnet.c: ResNet-18 and ResNet-50 (He, Zhang, Ren, Sun, "Deep Residual
 * Learning for Image Recognition", CVPR 2016, Table 1), as torchvision builds
 * them: 224x224 input, batch 1.
 *
 * conv1 is 7x7/2 pad 3 (224 -> 112), then a 3x3/2 pad 1 max pool (112 -> 56;
 * pooling has no MACs and is not a layer). Each stage's first block
 * downsamples with stride 2 (except layer1) and has a 1x1 projection
 * ("downsample") on its shortcut whenever the stride or the channel count
 * changes. ResNet-50 is torchvision's "v1.5": the stride sits on the 3x3
 * conv2 of the bottleneck, not on the first 1x1 (the original v1); this is
 * what gives the published 4.09 GMACs and what the paper's resnet50.csv
 * shows. Global average pooling, then the 1000-way FC classifier.
 *
 * Layers are named as torchvision names its modules ("layer2.0.conv1",
 * "layer2.0.downsample", "fc"), in the order the forward pass runs them
 * (a block's downsample after its convolutions, as in the paper's CSVs).
 */
#include "zoo_internal.h"

#include <stdio.h>

static int conv(dg_workload *w, const char *prefix, const char *what, int64_t k, int64_t c, int64_t hw,
                int64_t r, int64_t stride, int64_t pad)
{
    char name[64];
    snprintf(name, sizeof name, "%s.%s", prefix, what);
    return dg_workload_add_conv(w, name, 1, k, c, hw, hw, r, r, stride, pad);
}

/* BasicBlock: 3x3/stride, 3x3/1, optional 1x1/stride projection. *hw is the
 * input size on entry and the output size on return. */
static int basic_block(dg_workload *w, const char *prefix, int64_t in_c, int64_t planes, int64_t *hw,
                       int64_t stride)
{
    int64_t in = *hw, mid = dgz_out(in, 3, stride, 1);
    DGZ_TRY(conv(w, prefix, "conv1", planes, in_c, in, 3, stride, 1));
    DGZ_TRY(conv(w, prefix, "conv2", planes, planes, mid, 3, 1, 1));
    if (stride != 1 || in_c != planes)
        DGZ_TRY(conv(w, prefix, "downsample", planes, in_c, in, 1, stride, 0));
    *hw = mid;
    return DG_OK;
}

/* Bottleneck (v1.5): 1x1/1, 3x3/stride, 1x1/1 to 4*planes, optional 1x1/stride projection. */
static int bottleneck(dg_workload *w, const char *prefix, int64_t in_c, int64_t planes, int64_t *hw,
                      int64_t stride)
{
    int64_t in = *hw, mid = dgz_out(in, 3, stride, 1), out_c = 4 * planes;
    DGZ_TRY(conv(w, prefix, "conv1", planes, in_c, in, 1, 1, 0));
    DGZ_TRY(conv(w, prefix, "conv2", planes, planes, in, 3, stride, 1));
    DGZ_TRY(conv(w, prefix, "conv3", out_c, planes, mid, 1, 1, 0));
    if (stride != 1 || in_c != out_c)
        DGZ_TRY(conv(w, prefix, "downsample", out_c, in_c, in, 1, stride, 0));
    *hw = mid;
    return DG_OK;
}

static int resnet(dg_workload *w, const int blocks[4], int bottleneck_blocks)
{
    static const int64_t planes[4] = {64, 128, 256, 512};
    const int64_t expansion = bottleneck_blocks ? 4 : 1;
    int64_t hw = 224;
    DGZ_TRY(dg_workload_add_conv(w, "conv1", 1, 64, 3, hw, hw, 7, 7, 2, 3));
    hw = dgz_out(hw, 7, 2, 3);  /* 112 */
    hw = dgz_out(hw, 3, 2, 1);  /* max pool: 56 */
    int64_t in_c = 64;
    for (int stage = 0; stage < 4; stage++) {
        for (int b = 0; b < blocks[stage]; b++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "layer%d.%d", stage + 1, b);
            int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
            if (bottleneck_blocks)
                DGZ_TRY(bottleneck(w, prefix, in_c, planes[stage], &hw, stride));
            else
                DGZ_TRY(basic_block(w, prefix, in_c, planes[stage], &hw, stride));
            in_c = planes[stage] * expansion;
        }
    }
    /* Global average pool to 1x1, then the classifier. */
    return dg_workload_add_fc(w, "fc", 1, 1000, in_c);
}

int dgi_zoo_resnet18(dg_workload *w)
{
    static const int blocks[4] = {2, 2, 2, 2};
    return resnet(w, blocks, 0);
}

int dgi_zoo_resnet50(dg_workload *w)
{
    static const int blocks[4] = {3, 4, 6, 3};
    return resnet(w, blocks, 1);
}
