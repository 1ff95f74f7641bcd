/* genome_internal.h: the representation of spaces and genomes. */
#ifndef DIGAMMA_GENOME_INTERNAL_H
#define DIGAMMA_GENOME_INTERNAL_H

#include "internal.h"

/* Gene dimensions: K C Y X R S as 0..5, i.e. dg_dim value - 1. Y and X are
 * output rows and columns. */
enum { GK = 0, GC, GY, GX, GR, GS, NGDIMS };
#define DGI_MAX_GLEVELS 3
/* Parallel dimensions the GA may choose (K, C, Y, X; R and S only in fixed styles). */
#define DGI_NUM_PAR 4

typedef struct dgi_glevel {
    uint8_t par;            /* gene dim mapped spatially */
    uint8_t par2;           /* second spatial dim (eye style) or 0xff */
    uint8_t order[NGDIMS];  /* permutation of gene dims, outermost first */
    int64_t tile[NGDIMS];
} dgi_glevel;

struct dg_space {
    dg_workload *workload;
    dg_budget *budget;
    dg_space_options opt;
    size_t num_layers;        /* distinct layers */
    dg_layer *layers;         /* copies of the distinct layers */
    size_t num_units;         /* mapping units */
    size_t num_hw_units;
    int64_t (*bounds)[NGDIMS];/* per unit: K, C, out Y, out X, R, S */
    int64_t max_pes;
    bool fixed_hw;
    int64_t fixed_clusters, fixed_cols;
    size_t vector_size;
};

struct dg_genome {
    const dg_space *space;
    int levels;
    int64_t (*clusters)[DGI_MAX_GLEVELS]; /* per hw unit: [0] top clusters, [1..] cluster sizes */
    dgi_glevel (*map)[DGI_MAX_GLEVELS];    /* per unit, per level */
};

/* Which units / hw unit a distinct layer uses. */
static inline size_t dgi_unit_of(const dg_space *s, size_t layer)
{
    return s->opt.scope == DG_SCOPE_ONE_MAPPING ? 0 : layer;
}
static inline size_t dgi_hw_of(const dg_space *s, size_t layer)
{
    return s->opt.scope == DG_SCOPE_PER_LAYER ? layer : 0;
}

/* Internal helpers shared by the genome sources and the built-in optimizers. */
void dgi_genome_repair(dg_genome *g);
int64_t dgi_genome_pes(const dg_genome *g, size_t hw);
void dgi_level_unit(dgi_glevel *l, const int64_t bound[NGDIMS]); /* every tile 1 but R, S; identity order */
uint64_t dgi_genome_hash(const dg_genome *g);
/* Uniform random level / hardware, used by randomize and the GA's grow operator. */
struct dg_rng;
void dgi_random_level(dgi_glevel *l, const int64_t parent[NGDIMS], struct dg_rng *rng);
void dgi_random_hw(const dg_space *s, int64_t clusters[DGI_MAX_GLEVELS], int levels, struct dg_rng *rng);
void dgi_random_order(uint8_t order[NGDIMS], struct dg_rng *rng);
/* Tiles of the parent of `level` (the unit's bounds at level 0). */
const int64_t *dgi_parent_tiles(const dg_genome *g, size_t unit, int level);

#endif
