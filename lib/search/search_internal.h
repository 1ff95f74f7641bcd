/* search_internal.h: the search handle and its evaluation machinery. */
#ifndef DIGAMMA_SEARCH_INTERNAL_H
#define DIGAMMA_SEARCH_INTERNAL_H

#include "genome/genome_internal.h"
#include "rng.h"

#include <pthread.h>
#include <stdatomic.h>

/* A direct-mapped cache of layer evaluations, keyed by everything the cost
 * depends on: the layer, the PE hierarchy and the unit's mapping genes. */
typedef struct layer_key {
    uint64_t layer;
    int64_t clusters[DGI_MAX_GLEVELS];
    int32_t levels;
    int32_t pad;
    dgi_glevel genes[DGI_MAX_GLEVELS];
} layer_key;

typedef struct cache_entry {
    uint64_t hash; /* 0 = empty */
    layer_key key;
    dg_layer_cost cost;
} cache_entry;

#define CACHE_LOCKS 64
typedef struct layer_cache {
    cache_entry *slots;
    size_t mask;
    pthread_mutex_t locks[CACHE_LOCKS];
    atomic_llong hits, misses;
} layer_cache;

int dgi_cache_init(layer_cache *c, size_t slots_log2);
void dgi_cache_free(layer_cache *c);
/* Fill *cost from the cache; true on a hit. */
bool dgi_cache_get(layer_cache *c, const layer_key *k, uint64_t hash, dg_layer_cost *cost);
void dgi_cache_put(layer_cache *c, const layer_key *k, uint64_t hash, const dg_layer_cost *cost);
uint64_t dgi_key_hash(const layer_key *k);

struct dg_search {
    dg_space *space;
    dg_cost_model *cm;
    dg_optimizer *opt;
    int64_t max_samples;
    uint64_t seed;
    int threads;
    double time_limit;
    int objectives[DG_MAX_OBJECTIVES];
    int num_objectives;
    dg_progress_fn progress;
    void *progress_user;
    atomic_int stop;
    bool ran;
    /* constraints, resolved once */
    double area_limit_um2, power_limit_mw;
    int64_t l1_cap, l2_cap, pe_limit;
    /* results */
    dg_genome *best;
    dg_fitness best_fit;
    dg_design best_design;
    bool have_best;
    dg_search_stats stats;
    int64_t *hist_samples;
    double *hist_best;
    size_t hist_count, hist_cap;
    layer_cache cache;
    /* checkpoints */
    char *checkpoint_path;
    int64_t checkpoint_every, checkpoint_last;
    void *opt_state;          /* the optimizer's state while a run is on, else NULL */
    dg_rng rng;               /* the run's generator */
    bool resumed;             /* rng, counters, best and opt_blob come from a checkpoint */
    bool batch_cut;           /* the budget cut the last batch short */
    char *opt_blob;           /* the optimizer's saved state: from a checkpoint, or at the end of a run */
    size_t opt_blob_size;
};

/* Checkpoints (checkpoint.c). */
int dgi_checkpoint_write(dg_search *s, const char *path);
/* After a run: keep the optimizer's final state as bytes (if it can save). */
int dgi_checkpoint_keep_state(dg_search *s);
void dgi_checkpoint_free(dg_search *s);

/* Evaluate one genome on the whole workload (thread-safe when the cost model is). */
int dgi_evaluate_design(dg_search *s, const dg_genome *g, dg_design *design, dg_fitness *fit);
int dgi_evaluate_unit_layer(dg_search *s, const dg_genome *g, size_t layer, dg_hw *hw, dg_mapping *map,
                            dg_layer_cost *cost);

#endif
