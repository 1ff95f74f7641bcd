/*
 * search.c: the dg_search handle: the paper's Co-opt Framework. It owns the
 * sampling budget, the ask → evaluate → tell loop, parallel evaluation, the
 * seed, progress and stopping, and the best design.
 */
#include "optimizer/optimizer_internal.h"
#include "search_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Most candidates one ask may return (optimizer batch parameters stay below it). */
#define BATCH_CAPACITY 4096
/* 2^16 cached layer evaluations: about 30 MB. */
#define CACHE_SLOTS_LOG2 16

static const char *const objective_names[DG_OBJECTIVE_COUNT] = {"latency", "energy", "edp", "power", "area", "lap"};

DG_API const char *dg_objective_name(int objective)
{
    return objective >= 0 && objective < DG_OBJECTIVE_COUNT ? objective_names[objective] : NULL;
}

DG_API int dg_objective_from_name(const char *name)
{
    for (int i = 0; name && i < DG_OBJECTIVE_COUNT; i++)
        if (strcasecmp(name, objective_names[i]) == 0)
            return i;
    return -1;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

DG_API int dg_search_create(dg_search **out, const dg_workload *workload, const dg_budget *budget,
                            dg_cost_model *cost_model, dg_optimizer *optimizer,
                            const dg_space_options *space_options)
{
    if (!out || !workload || !budget || !cost_model || !optimizer)
        return dgi_fail(DG_EINVAL, "dg_search_create: NULL argument");
    dg_search *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory creating a search");
    int rc = dg_space_create(&s->space, workload, budget, space_options);
    if (rc == DG_OK)
        rc = dgi_cache_init(&s->cache, CACHE_SLOTS_LOG2);
    if (rc) {
        dg_search_destroy(s);
        return rc;
    }
    s->cm = cost_model;
    s->opt = optimizer;
    s->max_samples = 40000;
    s->seed = 1;
    s->threads = 1;
    s->objectives[0] = DG_OBJECTIVE_LATENCY;
    s->num_objectives = 1;
    double area = dg_budget_area_mm2(budget), power = dg_budget_power_mw(budget);
    s->area_limit_um2 = area == DG_UNLIMITED ? 0 : area * 1e6;
    s->power_limit_mw = power == DG_UNLIMITED ? 0 : power;
    s->pe_limit = dg_budget_max_pes(budget) == DG_UNLIMITED ? 0 : dg_budget_max_pes(budget);
    int64_t l1 = DG_UNLIMITED, l2 = DG_UNLIMITED;
    dg_budget_fixed_hw(budget, NULL, NULL, &l1, &l2);
    s->l1_cap = l1 == DG_UNLIMITED ? 0 : l1;
    s->l2_cap = l2 == DG_UNLIMITED ? 0 : l2;
    *out = s;
    return DG_OK;
}

DG_API void dg_search_destroy(dg_search *s)
{
    if (!s)
        return;
    dgi_checkpoint_free(s);
    dg_genome_destroy(s->best);
    dgi_cache_free(&s->cache);
    dg_space_destroy(s->space);
    free(s->hist_samples);
    free(s->hist_best);
    free(s);
}

DG_API int dg_search_set_samples(dg_search *s, int64_t samples)
{
    if (!s || samples < 1)
        return dgi_fail(DG_EINVAL, "the sampling budget must be at least 1");
    s->max_samples = samples;
    return DG_OK;
}

DG_API int dg_search_set_seed(dg_search *s, uint64_t seed)
{
    if (!s)
        return dgi_fail(DG_EINVAL, "dg_search_set_seed: search is NULL");
    s->seed = seed;
    return DG_OK;
}

DG_API int dg_search_set_threads(dg_search *s, int threads)
{
    if (!s || threads < 1 || threads > 256)
        return dgi_fail(DG_EINVAL, "threads must be in [1, 256]");
    s->threads = threads;
    return DG_OK;
}

DG_API int dg_search_set_time_limit(dg_search *s, double seconds)
{
    if (!s || seconds != seconds)
        return dgi_fail(DG_EINVAL, "dg_search_set_time_limit: bad argument");
    s->time_limit = seconds > 0 ? seconds : 0;
    return DG_OK;
}

DG_API int dg_search_set_objectives(dg_search *s, const int *objectives, size_t count)
{
    if (!s || !objectives || count < 1 || count > DG_MAX_OBJECTIVES)
        return dgi_fail(DG_EINVAL, "give 1 to %d objectives", DG_MAX_OBJECTIVES);
    for (size_t i = 0; i < count; i++)
        if (objectives[i] < 0 || objectives[i] >= DG_OBJECTIVE_COUNT)
            return dgi_fail(DG_EINVAL, "unknown objective %d", objectives[i]);
    memcpy(s->objectives, objectives, count * sizeof *objectives);
    s->num_objectives = (int)count;
    return DG_OK;
}

DG_API int dg_search_set_progress(dg_search *s, dg_progress_fn fn, void *user)
{
    if (!s)
        return dgi_fail(DG_EINVAL, "dg_search_set_progress: search is NULL");
    s->progress = fn;
    s->progress_user = user;
    return DG_OK;
}

DG_API void dg_search_request_stop(dg_search *s)
{
    if (s)
        atomic_store(&s->stop, 1);
}

DG_API const dg_space *dg_search_space(const dg_search *s)
{
    return s ? s->space : NULL;
}

/* ---- parallel evaluation ---------------------------------------------------- */

typedef struct batch_job {
    dg_search *s;
    dg_genome *const *genomes;
    dg_design *designs;
    dg_fitness *fits;
    int *rcs;
    size_t n;
    int stride, first;
} batch_job;

static void *evaluate_slice(void *arg)
{
    batch_job *j = arg;
    for (size_t i = (size_t)j->first; i < j->n; i += (size_t)j->stride)
        j->rcs[i] = dgi_evaluate_design(j->s, j->genomes[i], &j->designs[i], &j->fits[i]);
    return NULL;
}

/* Every genome's result lands in its own slot, so the outcome is the same
 * whatever the number of threads. */
static int evaluate_batch(dg_search *s, dg_genome *const *genomes, size_t n, dg_design *designs, dg_fitness *fits,
                          int *rcs, int threads)
{
    batch_job jobs[256];
    pthread_t tids[256];
    int started = 0;
    if (n == 0)
        return DG_OK;
    if ((size_t)threads > n)
        threads = (int)n;
    if (threads < 1)
        threads = 1; /* jobs[0] always runs here */
    for (int t = 0; t < threads; t++)
        jobs[t] = (batch_job){s, genomes, designs, fits, rcs, n, threads, t};
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&tids[t], NULL, evaluate_slice, &jobs[t]) != 0)
            break;
        started = t;
    }
    /* Slices whose thread did not start run here. */
    evaluate_slice(&jobs[0]);
    for (int t = started + 1; t < threads; t++)
        evaluate_slice(&jobs[t]);
    for (int t = 1; t <= started; t++)
        pthread_join(tids[t], NULL);
    for (size_t i = 0; i < n; i++)
        if (rcs[i])
            return rcs[i];
    return DG_OK;
}

/* ---- the run ------------------------------------------------------------------ */

static bool better(const dg_fitness *a, const dg_fitness *b)
{
    if (a->score != b->score)
        return a->score < b->score;
    for (int i = 1; i < a->num_objectives; i++)
        if (a->objectives[i] != b->objectives[i])
            return a->objectives[i] < b->objectives[i];
    return false;
}

static int record_history(dg_search *s)
{
    if (s->hist_count == s->hist_cap) {
        size_t cap = s->hist_cap ? s->hist_cap * 2 : 64;
        int64_t *hs = realloc(s->hist_samples, cap * sizeof *hs);
        if (hs)
            s->hist_samples = hs;
        double *hb = realloc(s->hist_best, cap * sizeof *hb);
        if (hb)
            s->hist_best = hb;
        if (!hs || !hb)
            return dgi_fail(DG_ENOMEM, "out of memory recording the history");
        s->hist_cap = cap;
    }
    s->hist_samples[s->hist_count] = s->stats.samples;
    s->hist_best[s->hist_count] = s->best_design.objective;
    s->hist_count++;
    return DG_OK;
}

static int take_results(dg_search *s, dg_genome *const *batch, const dg_design *designs, const dg_fitness *fits,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        s->stats.samples++;
        if (fits[i].feasible)
            s->stats.feasible_samples++;
        if (s->have_best && !better(&fits[i], &s->best_fit))
            continue;
        int rc = s->best ? dg_genome_copy(s->best, batch[i]) : dg_genome_clone(&s->best, batch[i]);
        if (rc)
            return rc;
        s->best_fit = fits[i];
        s->best_design = designs[i];
        s->have_best = true;
        if (fits[i].feasible && (rc = record_history(s)))
            return rc;
    }
    return DG_OK;
}

static int report_progress(dg_search *s, double start)
{
    if (!s->progress)
        return 0;
    dg_progress p = {sizeof p, s->best_fit.feasible, s->stats.samples, s->max_samples,
                     s->best_design.objective, now_seconds() - start};
    return s->progress(s->progress_user, &p);
}

static int run_loop(dg_search *s, void *state, dg_genome *const *batch, dg_design *designs, dg_fitness *fits,
                    int *rcs, double start)
{
    const dg_optimizer_ops *ops = &s->opt->ops;
    int threads = s->threads;
    if (!(dg_cost_model_flags(s->cm) & DG_COST_MODEL_THREADSAFE))
        threads = 1; /* a model that is not thread-safe is called from one thread */
    for (;;) {
        if (atomic_load(&s->stop)) {
            s->stats.stop_reason = DG_STOP_REQUESTED;
            return DG_OK;
        }
        if (s->time_limit > 0 && now_seconds() - start >= s->time_limit) {
            s->stats.stop_reason = DG_STOP_TIME;
            return DG_OK;
        }
        if (s->stats.samples >= s->max_samples) {
            s->stats.stop_reason = DG_STOP_SAMPLES;
            return DG_OK;
        }
        size_t n = 0;
        int rc = ops->ask(state, batch, BATCH_CAPACITY, &n);
        if (rc)
            return dgi_fail(DG_EUSER, "optimizer '%s' failed in ask: %s", ops->name, dg_last_error()->message);
        if (n == 0) {
            s->stats.stop_reason = DG_STOP_CONVERGED;
            return DG_OK;
        }
        if (n > BATCH_CAPACITY)
            return dgi_fail(DG_EUSER, "optimizer '%s' returned %zu candidates for %d slots", ops->name, n,
                            BATCH_CAPACITY);
        if ((int64_t)n > s->max_samples - s->stats.samples) {
            n = (size_t)(s->max_samples - s->stats.samples);
            s->batch_cut = true; /* the optimizer hears of part of its batch only */
        }
        for (size_t i = 0; i < n; i++)
            dgi_genome_repair(batch[i]); /* plug-ins may write any gene values */
        if ((rc = evaluate_batch(s, batch, n, designs, fits, rcs, threads)))
            return rc;
        if ((rc = take_results(s, batch, designs, fits, n)))
            return rc;
        if ((rc = ops->tell(state, (const dg_genome *const *)batch, fits, n)))
            return dgi_fail(DG_EUSER, "optimizer '%s' failed in tell: %s", ops->name, dg_last_error()->message);
        if (s->checkpoint_path && !s->batch_cut && s->stats.samples - s->checkpoint_last >= s->checkpoint_every) {
            if ((rc = dgi_checkpoint_write(s, s->checkpoint_path)))
                return rc;
            s->checkpoint_last = s->stats.samples;
        }
        if (report_progress(s, start))
            atomic_store(&s->stop, 1);
    }
}

DG_API int dg_search_run(dg_search *s)
{
    if (!s)
        return dgi_fail(DG_EINVAL, "dg_search_run: search is NULL");
    if (s->ran)
        return dgi_fail(DG_ESTATE, "a search runs once; create another to run again");
    s->ran = true;
    atomic_store(&s->stop, 0); /* a stop request concerns a running search */
    double start = now_seconds();
    if (!s->resumed)
        dgi_rng_seed(&s->rng, s->seed);
    dg_optimizer_context ctx = {sizeof ctx, 0, s->space, &s->rng, s->opt->params, s->max_samples, s->opt->user_data};

    dg_genome **batch = calloc(BATCH_CAPACITY, sizeof *batch);
    dg_design *designs = calloc(BATCH_CAPACITY, sizeof *designs);
    dg_fitness *fits = calloc(BATCH_CAPACITY, sizeof *fits);
    int *rcs = calloc(BATCH_CAPACITY, sizeof *rcs);
    int rc = batch && designs && fits && rcs ? DG_OK : dgi_fail(DG_ENOMEM, "out of memory starting the search");
    for (size_t i = 0; rc == DG_OK && i < BATCH_CAPACITY; i++)
        rc = dg_genome_create(&batch[i], s->space);

    void *state = NULL;
    if (rc == DG_OK) {
        rc = s->opt->ops.create(&state, &ctx);
        if (rc) {
            rc = dgi_fail(DG_EUSER, "optimizer '%s' failed to start: %s", s->opt->ops.name, dg_last_error()->message);
        } else {
            s->opt_state = state;
            if (s->resumed && s->opt->ops.load(state, s->opt_blob, s->opt_blob_size) != DG_OK)
                rc = dgi_fail(DG_EUSER, "optimizer '%s' could not load the checkpoint's state: %s", s->opt->ops.name,
                              dg_last_error()->message);
            if (rc == DG_OK)
                rc = run_loop(s, state, batch, designs, fits, rcs, start);
            /* A batch cut short by the budget leaves the optimizer where an
             * uninterrupted longer run never is; the last periodic checkpoint
             * (after a whole batch) is the one to resume from then. */
            if (rc == DG_OK && s->checkpoint_path && !s->batch_cut)
                rc = dgi_checkpoint_write(s, s->checkpoint_path);
            /* Keep the final state as bytes, so that dg_search_save_checkpoint()
             * works after the run, and end the optimizer's run. */
            if (rc == DG_OK)
                rc = dgi_checkpoint_keep_state(s);
            if (s->opt->ops.destroy)
                s->opt->ops.destroy(state);
            s->opt_state = NULL;
        }
    }
    for (size_t i = 0; batch && i < BATCH_CAPACITY; i++)
        dg_genome_destroy(batch[i]);
    free(batch);
    free(designs);
    free(fits);
    free(rcs);
    s->stats.seconds = now_seconds() - start;
    s->stats.seed = s->seed;
    s->stats.threads = s->threads;
    s->stats.cache_hits = atomic_load(&s->cache.hits);
    s->stats.layer_evaluations = atomic_load(&s->cache.misses);
    return rc;
}

/* ---- results -------------------------------------------------------------------- */

static void copy_sized(void *dst, const void *src, size_t known)
{
    uint32_t caller;
    memcpy(&caller, dst, sizeof caller);
    memcpy(dst, src, caller < known ? caller : known);
    memcpy(dst, &caller, sizeof caller);
}

DG_API int dg_search_result(const dg_search *s, dg_design *out)
{
    if (!s || !out || out->struct_size < sizeof(uint32_t) * 2)
        return dgi_fail(DG_EINVAL, "dg_search_result: NULL argument or struct_size not set");
    if (!s->have_best)
        return dgi_fail(DG_ESTATE, "nothing has been evaluated yet");
    copy_sized(out, &s->best_design, sizeof s->best_design);
    return DG_OK;
}

DG_API int dg_search_best_genome(const dg_search *s, dg_genome **out)
{
    if (!s || !out)
        return dgi_fail(DG_EINVAL, "dg_search_best_genome: NULL argument");
    if (!s->have_best)
        return dgi_fail(DG_ESTATE, "nothing has been evaluated yet");
    return dg_genome_clone(out, s->best);
}

DG_API int dg_search_stats_get(const dg_search *s, dg_search_stats *out)
{
    if (!s || !out || out->struct_size < sizeof(uint32_t) * 2)
        return dgi_fail(DG_EINVAL, "dg_search_stats_get: NULL argument or struct_size not set");
    dg_search_stats st = s->stats;
    st.struct_size = sizeof st;
    copy_sized(out, &st, sizeof st);
    return DG_OK;
}

/* Evaluating is for genomes as the search would see them: repaired ones. */
static int check_genome(const dg_search *s, const dg_genome *g)
{
    if (g->space != s->space)
        return dgi_fail(DG_EINVAL, "the genome belongs to another search space");
    dg_genome *fixed;
    int rc = dg_genome_clone(&fixed, g);
    if (rc)
        return rc;
    dgi_genome_repair(fixed);
    int same = dg_genome_equal(fixed, g);
    dg_genome_destroy(fixed);
    return same ? DG_OK : dgi_fail(DG_EINVAL, "the genome breaks the space's bounds; call dg_genome_repair() first");
}

DG_API int dg_search_evaluate(dg_search *s, const dg_genome *g, dg_design *out)
{
    if (!s || !g || !out || out->struct_size < sizeof(uint32_t) * 2)
        return dgi_fail(DG_EINVAL, "dg_search_evaluate: NULL argument or struct_size not set");
    int crc = check_genome(s, g);
    if (crc)
        return crc;
    dg_design d;
    dg_fitness f;
    int rc = dgi_evaluate_design(s, g, &d, &f);
    if (rc == DG_OK)
        copy_sized(out, &d, sizeof d);
    return rc;
}

DG_API int dg_search_evaluate_layer(dg_search *s, const dg_genome *g, size_t layer, dg_hw *hw, dg_mapping *mapping,
                                    dg_layer_cost *cost)
{
    if (!s || !g)
        return dgi_fail(DG_EINVAL, "dg_search_evaluate_layer: NULL argument");
    int crc = check_genome(s, g);
    if (crc)
        return crc;
    if (layer >= s->space->num_layers)
        return dgi_fail(DG_ERANGE, "layer %zu out of range (%zu distinct layers)", layer, s->space->num_layers);
    dg_hw h;
    dg_mapping m;
    dg_layer_cost c;
    int rc = dgi_evaluate_unit_layer(s, g, layer, &h, &m, &c);
    if (rc)
        return rc;
    if (hw)
        copy_sized(hw, &h, sizeof h);
    if (mapping)
        copy_sized(mapping, &m, sizeof m);
    if (cost)
        copy_sized(cost, &c, sizeof c);
    return DG_OK;
}

DG_API size_t dg_search_history_count(const dg_search *s)
{
    return s ? s->hist_count : 0;
}

DG_API int dg_search_history(const dg_search *s, size_t index, int64_t *samples, double *best_objective)
{
    if (!s)
        return dgi_fail(DG_EINVAL, "dg_search_history: search is NULL");
    if (index >= s->hist_count)
        return dgi_fail(DG_ERANGE, "history index %zu out of range (%zu points)", index, s->hist_count);
    if (samples)
        *samples = s->hist_samples[index];
    if (best_objective)
        *best_objective = s->hist_best[index];
    return DG_OK;
}
