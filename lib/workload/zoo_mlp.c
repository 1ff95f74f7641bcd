/*
 * zoo_mlp.c: the matrix-product workloads of the DiGamma paper — one BERT-base
 * encoder block, and the MLPs of NCF and DLRM.
 *
 * BERT-base (Devlin et al., NAACL 2019): hidden size 768, 12 heads of 64,
 * feed-forward size 3072; one encoder block at sequence length 512, batch 1.
 * A GEMM (M x K)·(K x N) is dg_workload_add_gemm(w, name, M, N, K):
 *   attn.query/key/value   X·W     (512 x 768)·(768 x 768)    three times
 *   attn.scores            Q_h·K_hᵀ (512 x 64)·(64 x 512)     once per head
 *   attn.context           A_h·V_h  (512 x 512)·(512 x 64)    once per head
 *   attn.output            (512 x 768)·(768 x 768)
 *   ffn.intermediate       (512 x 768)·(768 x 3072)
 *   ffn.output             (512 x 3072)·(3072 x 768)
 * The 12 heads are 12 separate (identical) layers, so each per-head GEMM is
 * one distinct layer with a repeat count of 12; likewise the four 768 x 768
 * projections are one distinct layer (named after the first, attn.query)
 * with a count of 4. Softmax, layer norm and the residual adds have no MACs.
 *
 * NCF and DLRM have no standard "published" layer list at batch 1; the zoo
 * uses exactly the FC rows of the paper's workload files (gamma's ncf_m.csv
 * and dlrmRMC1_m.csv; see docs/models.md for their provenance and caveats),
 * as FC layers with batch 1.
 */
#include "zoo_internal.h"

#include <stdio.h>

int dgi_zoo_bert(dg_workload *w)
{
    const int64_t seq = 512, hidden = 768, heads = 12, head_dim = 64, ffn = 3072;
    DGZ_TRY(dg_workload_add_gemm(w, "attn.query", seq, hidden, hidden));
    DGZ_TRY(dg_workload_add_gemm(w, "attn.key", seq, hidden, hidden));
    DGZ_TRY(dg_workload_add_gemm(w, "attn.value", seq, hidden, hidden));
    for (int64_t h = 0; h < heads; h++) {
        DGZ_TRY(dg_workload_add_gemm(w, "attn.scores", seq, seq, head_dim));  /* Q_h·K_hᵀ */
        DGZ_TRY(dg_workload_add_gemm(w, "attn.context", seq, head_dim, seq)); /* softmax(.)·V_h */
    }
    DGZ_TRY(dg_workload_add_gemm(w, "attn.output", seq, hidden, hidden));
    DGZ_TRY(dg_workload_add_gemm(w, "ffn.intermediate", seq, ffn, hidden));
    return dg_workload_add_gemm(w, "ffn.output", seq, hidden, ffn);
}

/* The 12 rows of ncf_m.csv (outputs, inputs), in file order. They are
 * two-column projections of the 12 GEMMs of MAESTRO's ncf_model.m (whose
 * third dimension, mostly the 2048 batch, was dropped), so the layers are
 * named by position. */
int dgi_zoo_ncf(dg_workload *w)
{
    static const int64_t rows[12][2] = {
        {256, 128}, {128, 64},  {256, 256}, {256, 256}, {256, 256},  {128, 256},
        {256, 128}, {128, 64},  {64, 128},  {128, 2048}, {2048, 128}, {2048, 128},
    };
    for (int i = 0; i < 12; i++) {
        char name[16];
        snprintf(name, sizeof name, "fc%d", i + 1);
        DGZ_TRY(dg_workload_add_fc(w, name, 1, rows[i][0], rows[i][1]));
    }
    return DG_OK;
}

/* DLRM RMC1 (Gupta et al., "DeepRecSys", ISCA 2020; Naumov et al., DLRM 2019):
 * bottom MLP over the dense features 256 -> 256 -> 128 -> 32, top MLP over
 * the feature interactions 256 -> 256 -> 64 -> 1, as in dlrmRMC1_m.csv. The
 * embedding lookups have no MACs. bottom_mlp.0 and top_mlp.0 have the same
 * shape, so they merge into one distinct layer with a count of 2. */
int dgi_zoo_dlrm(dg_workload *w)
{
    DGZ_TRY(dg_workload_add_fc(w, "bottom_mlp.0", 1, 256, 256));
    DGZ_TRY(dg_workload_add_fc(w, "bottom_mlp.1", 1, 128, 256));
    DGZ_TRY(dg_workload_add_fc(w, "bottom_mlp.2", 1, 32, 128));
    DGZ_TRY(dg_workload_add_fc(w, "top_mlp.0", 1, 256, 256));
    DGZ_TRY(dg_workload_add_fc(w, "top_mlp.1", 1, 64, 256));
    return dg_workload_add_fc(w, "top_mlp.2", 1, 1, 64);
}
