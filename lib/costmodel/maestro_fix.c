/*
 * maestro_fix.c: default mode's repair of MAESTRO's miscounts.
 *
 * Default mode is MAESTRO's model wherever MAESTRO counts the layer's MACs
 * right: the caller (dgi_maestro_eval) only comes here when MAESTRO's MAC
 * count differs from the true one. The analysis is then re-run with the
 * slips that cause miscounts repaired (docs/cost-model.md lists them):
 *   - the output-centric edge size in a spatial edge step (spec §14.5);
 *   - E, the active sub-units of a spatial edge step, also counts a
 *     partially filled sub-unit when the edge step is not the first one;
 *   - Y'/X' sizes and the output count respect the stride (§14.3);
 *   - a child level's tile sizes come from the table its parent hands down
 *     in that step, not from its static table (§14.1).
 * Whatever the repaired analysis still gets wrong (overlapping windows that
 * recompute MACs, odd edges), the MAC count and the MAC-driven L1 counts are
 * the layer's true MAC count; runtime, sizes and L2 traffic come from the
 * repaired analysis.
 */
#include "costmodel.h"

int dgi_maestro_fix(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o, dgi_mresult *r)
{
    dgi_mopts fo = *o;
    fo.fixed = 1;
    fo.variant = DGI_VARIANT_HEAD;
    dgi_built fb = *b;
    for (int l = 0; l < fb.nlv; l++)
        dgi_prepare_level(&fb.lv[l], p, 1);
    dgi_mresult fr;
    int rc = dgi_maestro_analyze(p, &fb, hw, &fo, &fr);
    if (rc)
        return rc;
    fr.macs = p->true_macs;
    /* MAESTRO's model reads every operand from L1 once per MAC and writes every partial sum. */
    for (int t = 0; t < 3; t++)
        fr.l1_rd[t] = p->true_macs;
    fr.l1_wr[2] = p->true_macs;
    dgi_maestro_energy(&fr);
    *r = fr;
    return DG_OK;
}
