/*
 * zoo_mobilenet.c: MobileNetV2 and MnasNet, 224x224 input, batch 1.
 *
 * Both are stacks of inverted residual blocks: a 1x1 "expand" conv (C -> t*C),
 * a depthwise k x k conv (stride s, pad k/2) and a 1x1 linear "project" conv
 * (t*C -> C'). Neither has MACs outside its convolutions and the classifier.
 *
 * MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
 * Bottlenecks", CVPR 2018, Table 2), width 1.0, as torchvision mobilenet_v2:
 * stem 3x3/2 conv to 32; 17 blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2)
 * (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), all depthwise
 * 3x3; the first block (t = 1) has no expand conv; a final 1x1 conv to 1280;
 * global average pool; the 1280 -> 1000 classifier. Blocks are numbered 1..17
 * as torchvision's features.1 .. features.17.
 *
 * MnasNet is torchvision's mnasnet1_0 (depth multiplier 1.0). That is the
 * MnasNet-B1 variant of Tan et al., "MnasNet: Platform-Aware Neural
 * Architecture Search for Mobile", CVPR 2019 (no squeeze-and-excitation),
 * not MnasNet-A1: 3x3/2 conv to 32, a separable stem (depthwise 3x3, 1x1 to
 * 16), six stacks of (out, kernel, stride, expansion, repeats) = (24,3,2,3,3)
 * (40,5,2,3,3) (80,5,2,6,3) (96,3,1,6,2) (192,5,2,6,4) (320,3,1,6,1), a 1x1
 * conv to 1280, global average pool and the 1280 -> 1000 classifier. This is
 * the network of the paper's mnasnet.csv
 * (its 3x3 and 5x5 depthwise layers and expansion factors 3 and 6).
 */
#include "zoo_internal.h"

#include <stdio.h>

/* One inverted residual block; *hw is the input size on entry and the output size on return. */
static int inverted_residual(dg_workload *w, const char *prefix, int64_t in_c, int64_t out_c,
                             int64_t expansion, int64_t kernel, int64_t stride, int64_t *hw)
{
    char name[64];
    int64_t in = *hw, mid_c = in_c * expansion, pad = kernel / 2;
    if (expansion != 1) {
        snprintf(name, sizeof name, "%s.expand", prefix);
        DGZ_TRY(dg_workload_add_conv(w, name, 1, mid_c, in_c, in, in, 1, 1, 1, 0));
    }
    snprintf(name, sizeof name, "%s.dw", prefix);
    DGZ_TRY(dg_workload_add_dwconv(w, name, 1, mid_c, in, in, kernel, kernel, stride, pad));
    int64_t out = dgz_out(in, kernel, stride, pad);
    snprintf(name, sizeof name, "%s.project", prefix);
    DGZ_TRY(dg_workload_add_conv(w, name, 1, out_c, mid_c, out, out, 1, 1, 1, 0));
    *hw = out;
    return DG_OK;
}

int dgi_zoo_mobilenet_v2(dg_workload *w)
{
    static const struct { int64_t t, c, n, s; } cfg[] = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
        {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    int64_t hw = 224;
    DGZ_TRY(dg_workload_add_conv(w, "conv_stem", 1, 32, 3, hw, hw, 3, 3, 2, 1));
    hw = dgz_out(hw, 3, 2, 1); /* 112 */
    int64_t in_c = 32;
    int block = 1;
    for (size_t g = 0; g < sizeof cfg / sizeof cfg[0]; g++) {
        for (int64_t i = 0; i < cfg[g].n; i++, block++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "block%d", block);
            DGZ_TRY(inverted_residual(w, prefix, in_c, cfg[g].c, cfg[g].t, 3, i == 0 ? cfg[g].s : 1, &hw));
            in_c = cfg[g].c;
        }
    }
    DGZ_TRY(dg_workload_add_conv(w, "conv_head", 1, 1280, in_c, hw, hw, 1, 1, 1, 0));
    return dg_workload_add_fc(w, "classifier", 1, 1000, 1280);
}

int dgi_zoo_mnasnet(dg_workload *w)
{
    static const struct { int64_t out, kernel, stride, expansion, repeats; } stacks[] = {
        {24, 3, 2, 3, 3}, {40, 5, 2, 3, 3}, {80, 5, 2, 6, 3},
        {96, 3, 1, 6, 2}, {192, 5, 2, 6, 4}, {320, 3, 1, 6, 1},
    };
    int64_t hw = 224;
    DGZ_TRY(dg_workload_add_conv(w, "stem.conv", 1, 32, 3, hw, hw, 3, 3, 2, 1));
    hw = dgz_out(hw, 3, 2, 1); /* 112 */
    DGZ_TRY(dg_workload_add_dwconv(w, "stem.dw", 1, 32, hw, hw, 3, 3, 1, 1));
    DGZ_TRY(dg_workload_add_conv(w, "stem.project", 1, 16, 32, hw, hw, 1, 1, 1, 0));
    int64_t in_c = 16;
    for (size_t s = 0; s < sizeof stacks / sizeof stacks[0]; s++) {
        for (int64_t i = 0; i < stacks[s].repeats; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "stack%zu.%lld", s + 1, (long long)i);
            DGZ_TRY(inverted_residual(w, prefix, in_c, stacks[s].out, stacks[s].expansion, stacks[s].kernel,
                                      i == 0 ? stacks[s].stride : 1, &hw));
            in_c = stacks[s].out;
        }
    }
    DGZ_TRY(dg_workload_add_conv(w, "conv_head", 1, 1280, in_c, hw, hw, 1, 1, 1, 0));
    return dg_workload_add_fc(w, "classifier", 1, 1000, 1280);
}
