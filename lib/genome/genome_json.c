/*
 * genome_json.c: genomes as JSON text and back.
 *
 *   {"format": "digamma-genome", "version": 1, "levels": 2,
 *    "hw": [[clusters, pes_per_cluster, 1], ...],
 *    "units": [[{"par": "K", "par2": "", "order": "KCYXRS", "tiles": [k,c,y,x,r,s]}, ...x3], ...]}
 *
 * All three level slots are written so that a loaded genome equals the
 * saved one; loading repairs nothing silently: a genome that needs repair to
 * fit the space is refused.
 */
#include "genome_internal.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static const char dim_letters[NGDIMS + 1] = "KCYXRS";

DG_API int dg_genome_to_json(const dg_genome *g, char *buf, size_t cap, size_t *needed)
{
    if (!g || (!buf && cap))
        return dgi_fail(DG_EINVAL, "dg_genome_to_json: NULL argument");
    const dg_space *s = g->space;
    dgi_strbuf o = {buf, cap, 0};
    dgi_strbuf_put(&o, "{\"format\": \"digamma-genome\", \"version\": 1, \"levels\": %d, \"hw\": [", g->levels);
    for (size_t h = 0; h < s->num_hw_units; h++)
        dgi_strbuf_put(&o, "%s[%lld, %lld, %lld]", h ? ", " : "", (long long)g->clusters[h][0], (long long)g->clusters[h][1],
            (long long)g->clusters[h][2]);
    dgi_strbuf_put(&o, "],\n \"units\": [");
    for (size_t u = 0; u < s->num_units; u++) {
        dgi_strbuf_put(&o, "%s[", u ? ",\n  " : "\n  ");
        for (int l = 0; l < DGI_MAX_GLEVELS; l++) {
            const dgi_glevel *lv = &g->map[u][l];
            char order[NGDIMS + 1];
            for (int i = 0; i < NGDIMS; i++)
                order[i] = dim_letters[lv->order[i]];
            order[NGDIMS] = '\0';
            char par2[2] = {lv->par2 < NGDIMS ? dim_letters[lv->par2] : '\0', '\0'};
            dgi_strbuf_put(&o, "%s{\"par\": \"%c\", \"par2\": \"%s\", \"order\": \"%s\", \"tiles\": [%lld, %lld, %lld, %lld, %lld, %lld]}",
                l ? ", " : "", dim_letters[lv->par], par2, order, (long long)lv->tile[0], (long long)lv->tile[1],
                (long long)lv->tile[2], (long long)lv->tile[3], (long long)lv->tile[4], (long long)lv->tile[5]);
        }
        dgi_strbuf_put(&o, "]");
    }
    dgi_strbuf_put(&o, "]}\n");
    if (needed)
        *needed = o.len;
    if (o.len >= cap) {
        if (cap)
            buf[cap - 1] = '\0';
        return dgi_fail(DG_ERANGE, "genome JSON needs %zu bytes, buffer has %zu", o.len + 1, cap);
    }
    return DG_OK;
}

static int letter_dim(const char *s, size_t i, uint8_t *out)
{
    const char *p = s && s[i] ? strchr(dim_letters, s[i]) : NULL;
    if (!p)
        return -1;
    *out = (uint8_t)(p - dim_letters);
    return 0;
}

static int bad(const char *what)
{
    return dgi_fail(DG_EPARSE, "genome JSON: %s", what);
}

static int read_level(const dgi_json *j, dgi_glevel *lv)
{
    const dgi_json *par = dgi_json_get(j, "par"), *par2 = dgi_json_get(j, "par2");
    const dgi_json *order = dgi_json_get(j, "order"), *tiles = dgi_json_get(j, "tiles");
    if (!par || par->type != DGI_JSON_STRING || strlen(par->string) != 1 || letter_dim(par->string, 0, &lv->par))
        return bad("\"par\" must be one of K C Y X R S");
    lv->par2 = 0xff;
    if (par2 && par2->type == DGI_JSON_STRING && par2->string[0] && letter_dim(par2->string, 0, &lv->par2))
        return bad("\"par2\" must be empty or one of K C Y X R S");
    if (!order || order->type != DGI_JSON_STRING || strlen(order->string) != NGDIMS)
        return bad("\"order\" must be a permutation of KCYXRS");
    unsigned seen = 0;
    for (int i = 0; i < NGDIMS; i++) {
        if (letter_dim(order->string, (size_t)i, &lv->order[i]) || (seen & (1u << lv->order[i])))
            return bad("\"order\" must be a permutation of KCYXRS");
        seen |= 1u << lv->order[i];
    }
    if (!tiles || tiles->type != DGI_JSON_ARRAY || tiles->count != NGDIMS)
        return bad("\"tiles\" must be an array of 6 integers");
    for (int d = 0; d < NGDIMS; d++)
        if (!dgi_json_int(&tiles->items[d], &lv->tile[d]) || lv->tile[d] < 1)
            return bad("tiles must be integers >= 1");
    return DG_OK;
}

static int read_genome(const dgi_json *root, dg_genome *g)
{
    const dg_space *s = g->space;
    const dgi_json *fmt = dgi_json_get(root, "format"), *ver = dgi_json_get(root, "version");
    int64_t version, levels;
    if (!fmt || fmt->type != DGI_JSON_STRING || strcmp(fmt->string, "digamma-genome") != 0)
        return bad("not a digamma genome (\"format\" is not \"digamma-genome\")");
    if (!dgi_json_int(ver, &version) || version != 1)
        return bad("unsupported version (expected 1)");
    if (!dgi_json_int(dgi_json_get(root, "levels"), &levels) || levels < s->opt.min_levels ||
        levels > s->opt.max_levels)
        return bad("\"levels\" is missing or outside this space's range");
    g->levels = (int)levels;
    const dgi_json *hw = dgi_json_get(root, "hw"), *units = dgi_json_get(root, "units");
    if (!hw || hw->type != DGI_JSON_ARRAY || hw->count != s->num_hw_units)
        return dgi_fail(DG_EPARSE, "genome JSON: \"hw\" must hold %zu hardware units", s->num_hw_units);
    for (size_t h = 0; h < s->num_hw_units; h++) {
        const dgi_json *c = &hw->items[h];
        if (c->type != DGI_JSON_ARRAY || c->count != DGI_MAX_GLEVELS)
            return bad("each \"hw\" entry must be an array of 3 cluster sizes");
        for (int l = 0; l < DGI_MAX_GLEVELS; l++)
            if (!dgi_json_int(&c->items[l], &g->clusters[h][l]) || g->clusters[h][l] < 1)
                return bad("cluster sizes must be integers >= 1");
    }
    if (!units || units->type != DGI_JSON_ARRAY || units->count != s->num_units)
        return dgi_fail(DG_EPARSE, "genome JSON: \"units\" must hold %zu mapping units (one per distinct layer)",
                        s->num_units);
    for (size_t u = 0; u < s->num_units; u++) {
        const dgi_json *lv = &units->items[u];
        if (lv->type != DGI_JSON_ARRAY || lv->count != DGI_MAX_GLEVELS)
            return bad("each unit must be an array of 3 levels");
        for (int l = 0; l < DGI_MAX_GLEVELS; l++) {
            int rc = read_level(&lv->items[l], &g->map[u][l]);
            if (rc)
                return rc;
        }
    }
    return DG_OK;
}

DG_API int dg_genome_from_json(dg_genome **out, const dg_space *space, const char *json, size_t len)
{
    if (!out || !space || !json)
        return dgi_fail(DG_EINVAL, "dg_genome_from_json: NULL argument");
    dgi_json *root;
    int rc = dgi_json_parse(json, len, "<genome>", &root);
    if (rc)
        return rc;
    dg_genome *g = NULL;
    if ((rc = dg_genome_create(&g, space)) == DG_OK && (rc = read_genome(root, g)) == DG_OK) {
        /* The text must describe a valid genome of this space as it is. */
        dg_genome *fixed;
        if ((rc = dg_genome_clone(&fixed, g)) == DG_OK) {
            dgi_genome_repair(fixed);
            if (!dg_genome_equal(fixed, g))
                rc = bad("the genome does not fit this space (a tile, cluster size or PE count is out of bounds)");
            dg_genome_destroy(fixed);
        }
    }
    dgi_json_free(root);
    if (rc) {
        dg_genome_destroy(g);
        return rc;
    }
    *out = g;
    return DG_OK;
}
