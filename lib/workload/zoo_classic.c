/*
 * zoo_classic.c: VGG-16 and AlexNet, 224x224 input, batch 1.
 *
 * VGG-16 is configuration D of Simonyan & Zisserman, "Very Deep Convolutional
 * Networks for Large-Scale Image Recognition", ICLR 2015 (Table 1): thirteen
 * 3x3/1 pad 1 convolutions in five groups (64, 128, 256, 512, 512 channels),
 * each group followed by a 2x2/2 max pool, then FC 25088 -> 4096 -> 4096 ->
 * 1000. Names follow the Caffe model ("conv1_1" .. "conv5_3", "fc6" .. "fc8").
 *
 * AlexNet is torchvision's single-tower variant (from Krizhevsky, "One weird
 * trick for parallelizing convolutional neural networks", 2014, not the
 * two-GPU grouped network of the 2012 paper): conv1 11x11/4 pad 2 to 64
 * (224 -> 55), 3x3/2 max pool (27), conv2 5x5 pad 2 to 192, pool (13), conv3
 * 3x3 pad 1 to 384, conv4 to 256, conv5 to 256, pool (6), then FC 9216 ->
 * 4096 -> 4096 -> 1000.
 */
#include "zoo_internal.h"

#include <stdio.h>

int dgi_zoo_vgg16(dg_workload *w)
{
    static const struct { int64_t channels; int convs; } groups[] = {
        {64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3},
    };
    int64_t hw = 224, in_c = 3;
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g].convs; i++) {
            char name[32];
            snprintf(name, sizeof name, "conv%d_%d", g + 1, i + 1);
            DGZ_TRY(dg_workload_add_conv(w, name, 1, groups[g].channels, in_c, hw, hw, 3, 3, 1, 1));
            in_c = groups[g].channels;
        }
        hw = dgz_out(hw, 2, 2, 0); /* max pool */
    }
    /* hw = 7: the classifier sees 512 x 7 x 7 = 25088 inputs. */
    DGZ_TRY(dg_workload_add_fc(w, "fc6", 1, 4096, in_c * hw * hw));
    DGZ_TRY(dg_workload_add_fc(w, "fc7", 1, 4096, 4096));
    return dg_workload_add_fc(w, "fc8", 1, 1000, 4096);
}

int dgi_zoo_alexnet(dg_workload *w)
{
    int64_t hw = 224;
    DGZ_TRY(dg_workload_add_conv(w, "conv1", 1, 64, 3, hw, hw, 11, 11, 4, 2));
    hw = dgz_out(hw, 11, 4, 2); /* 55 */
    hw = dgz_out(hw, 3, 2, 0);  /* max pool: 27 */
    DGZ_TRY(dg_workload_add_conv(w, "conv2", 1, 192, 64, hw, hw, 5, 5, 1, 2));
    hw = dgz_out(hw, 3, 2, 0);  /* max pool: 13 */
    DGZ_TRY(dg_workload_add_conv(w, "conv3", 1, 384, 192, hw, hw, 3, 3, 1, 1));
    DGZ_TRY(dg_workload_add_conv(w, "conv4", 1, 256, 384, hw, hw, 3, 3, 1, 1));
    DGZ_TRY(dg_workload_add_conv(w, "conv5", 1, 256, 256, hw, hw, 3, 3, 1, 1));
    hw = dgz_out(hw, 3, 2, 0);  /* max pool: 6 (the adaptive average pool keeps 6x6) */
    DGZ_TRY(dg_workload_add_fc(w, "fc6", 1, 4096, 256 * hw * hw));
    DGZ_TRY(dg_workload_add_fc(w, "fc7", 1, 4096, 4096));
    return dg_workload_add_fc(w, "fc8", 1, 1000, 4096);
}
