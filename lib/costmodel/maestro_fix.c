/*
 * maestro_fix.c: default mode's repair of MAESTRO's miscounts.
 */
#include "costmodel.h"

int dgi_maestro_fix(const dgi_problem *p, const dgi_built *b, const dgi_mhw *hw, const dgi_mopts *o, dgi_mresult *r)
{
    (void)b;
    (void)hw;
    (void)o;
    r->macs = p->true_macs;
    for (int t = 0; t < 3; t++)
        r->l1_rd[t] = p->true_macs;
    r->l1_wr[2] = p->true_macs;
    dgi_maestro_energy(r);
    return DG_OK;
}
