/*
 * cache.c: the layer-evaluation cache. A GA child usually differs from its
 * parent in one or two layers, so most of a design's layers were evaluated
 * before under the same PE hierarchy: those come from here.
 *
 * Direct-mapped with overwrite: bounded memory, no eviction bookkeeping.
 * Striped locks keep parallel evaluation safe; the cache never changes a
 * result (the cost model is deterministic), only how fast it arrives.
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

/* The key is a whole number of 8-byte words (checked below); mix a word at
 * a time, it is on the evaluation path of every layer. */
_Static_assert(sizeof(layer_key) % sizeof(uint64_t) == 0, "layer_key must be a whole number of words");

uint64_t dgi_key_hash(const layer_key *k)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    const unsigned char *p = (const unsigned char *)k;
    for (size_t i = 0; i < sizeof *k; i += sizeof(uint64_t)) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    return h ? h : 1;
}

int dgi_cache_init(layer_cache *c, size_t slots_log2)
{
    memset(c, 0, sizeof *c);
    c->slots = calloc((size_t)1 << slots_log2, sizeof *c->slots);
    if (!c->slots)
        return dgi_fail(DG_ENOMEM, "out of memory for the evaluation cache");
    c->mask = ((size_t)1 << slots_log2) - 1;
    for (int i = 0; i < CACHE_LOCKS; i++)
        pthread_mutex_init(&c->locks[i], NULL);
    return DG_OK;
}

void dgi_cache_free(layer_cache *c)
{
    if (!c->slots)
        return;
    for (int i = 0; i < CACHE_LOCKS; i++)
        pthread_mutex_destroy(&c->locks[i]);
    free(c->slots);
    c->slots = NULL;
}

bool dgi_cache_get(layer_cache *c, const layer_key *k, uint64_t hash, dg_layer_cost *cost)
{
    size_t slot = hash & c->mask;
    pthread_mutex_t *lock = &c->locks[slot % CACHE_LOCKS];
    pthread_mutex_lock(lock);
    cache_entry *e = &c->slots[slot];
    bool hit = e->hash == hash && memcmp(&e->key, k, sizeof *k) == 0;
    if (hit)
        *cost = e->cost;
    pthread_mutex_unlock(lock);
    if (hit)
        atomic_fetch_add(&c->hits, 1);
    else
        atomic_fetch_add(&c->misses, 1);
    return hit;
}

void dgi_cache_put(layer_cache *c, const layer_key *k, uint64_t hash, const dg_layer_cost *cost)
{
    size_t slot = hash & c->mask;
    pthread_mutex_t *lock = &c->locks[slot % CACHE_LOCKS];
    pthread_mutex_lock(lock);
    cache_entry *e = &c->slots[slot];
    e->hash = hash;
    e->key = *k;
    e->cost = *cost;
    pthread_mutex_unlock(lock);
}
