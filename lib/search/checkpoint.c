/*
 * checkpoint.c: saving a search between batches and resuming it exactly.
 *
 * A checkpoint is a text file:
 *
 *   digamma-checkpoint 1
 *   library 0.1.0
 *   fingerprint <16 hex digits: workload, budget, space, objectives, optimizer and parameters>
 *   seed / samples / feasible_samples / rng      (the generator's whole state)
 *   best ...                                     (fitness, design, genome JSON)
 *   history ...
 *   optimizer <name> <bytes>, then the optimizer's own state
 *   checksum <16 hex digits over everything above>
 *
 * Doubles are written in hexadecimal (%a) so they read back bit-exactly. A
 * checkpoint is written to "<path>.tmp", flushed to disk and renamed over
 * <path>: an interrupted write never destroys the previous checkpoint.
 */
/* open_memstream, fsync */
#define _POSIX_C_SOURCE 200809L

#include "optimizer/optimizer_internal.h"
#include "search_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "digamma-checkpoint 1"

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}
#define FNV_START 1469598103934665603ULL

/* Everything a resumed run must share with the checkpointed one. */
static uint64_t fingerprint(const dg_search *s)
{
    const dg_space *sp = s->space;
    uint64_t h = fnv(FNV_START, DG_VERSION_STRING, strlen(DG_VERSION_STRING));
    for (size_t i = 0; i < sp->num_layers; i++) {
        const dg_layer *l = &sp->layers[i];
        int64_t v[] = {l->type, l->n, l->k, l->c, l->y, l->x, l->r, l->s, l->stride_y, l->stride_x,
                       l->pad_y, l->pad_x, l->count};
        h = fnv(h, v, sizeof v);
    }
    double limits[] = {s->area_limit_um2, s->power_limit_mw};
    int64_t caps[] = {s->l1_cap, s->l2_cap, s->pe_limit, sp->max_pes, sp->opt.scope, sp->opt.min_levels,
                      sp->opt.max_levels, sp->opt.dataflow, s->num_objectives};
    h = fnv(h, limits, sizeof limits);
    h = fnv(h, caps, sizeof caps);
    h = fnv(h, s->objectives, sizeof s->objectives);
    h = fnv(h, s->opt->ops.name, strlen(s->opt->ops.name));
    if (s->opt->ops.num_params)
        h = fnv(h, s->opt->params, s->opt->ops.num_params * sizeof *s->opt->params);
    const char *cm = dg_cost_model_name(s->cm);
    return fnv(h, cm, strlen(cm));
}

static int write_to_stream(void *sink, const void *data, size_t size)
{
    return fwrite(data, 1, size, sink) == size ? 0 : -1;
}

/* The running optimizer's state as bytes (malloc'd, NUL-terminated). */
static int save_state(dg_search *s, char **out, size_t *len)
{
    const dg_optimizer_ops *ops = &s->opt->ops;
    char *text = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&text, &n);
    if (!o)
        return dgi_fail(DG_ENOMEM, "out of memory saving the optimizer's state");
    int rc = ops->save(s->opt_state, write_to_stream, o);
    if (fclose(o) != 0 && rc == DG_OK)
        rc = dgi_fail(DG_ENOMEM, "out of memory saving the optimizer's state");
    if (rc) {
        free(text);
        return rc == DG_ENOMEM ? rc : dgi_fail(DG_EUSER, "optimizer '%s' failed to save its state", ops->name);
    }
    *out = text;
    *len = n;
    return DG_OK;
}

/* The state kept from a checkpoint or the end of a run, copied. */
static int copy_blob(const dg_search *s, char **out, size_t *len)
{
    char *text = malloc(s->opt_blob_size + 1);
    if (!text)
        return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
    if (s->opt_blob_size)
        memcpy(text, s->opt_blob, s->opt_blob_size);
    text[s->opt_blob_size] = '\0';
    *out = text;
    *len = s->opt_blob_size;
    return DG_OK;
}

int dgi_checkpoint_keep_state(dg_search *s)
{
    if (!s->opt->ops.save || !s->opt->ops.load || !s->opt_state)
        return DG_OK; /* nothing to keep: checkpoints are refused for such optimizers anyway */
    char *text;
    size_t n;
    int rc = save_state(s, &text, &n);
    if (rc)
        return rc;
    free(s->opt_blob);
    s->opt_blob = text;
    s->opt_blob_size = n;
    return DG_OK;
}

/* The whole checkpoint as one string (checksum included). */
static int render(dg_search *s, char **text, size_t *len)
{
    const dg_optimizer_ops *ops = &s->opt->ops;
    if (!ops->save || !ops->load)
        return dgi_fail(DG_EUNSUPPORTED, "optimizer '%s' cannot save its state, so this search cannot be checkpointed",
                        ops->name);
    char *opt_text = NULL, *buf = NULL;
    size_t opt_len = 0, n = 0;
    int rc = s->opt_state ? save_state(s, &opt_text, &opt_len) : copy_blob(s, &opt_text, &opt_len);
    if (rc)
        return rc;
    FILE *f = open_memstream(&buf, &n);
    if (!f) {
        free(opt_text);
        return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
    }
    fprintf(f, MAGIC "\nlibrary %s\nfingerprint %016" PRIx64 "\nseed %" PRIu64 "\nsamples %" PRId64
               "\nfeasible_samples %" PRId64 "\nrng %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n",
            DG_VERSION_STRING, fingerprint(s), s->seed, s->stats.samples, s->stats.feasible_samples, s->rng.s[0],
            s->rng.s[1], s->rng.s[2], s->rng.s[3]);
    fprintf(f, "best %d\n", s->have_best ? 1 : 0);
    if (s->have_best) {
        const dg_fitness *b = &s->best_fit;
        const dg_design *d = &s->best_design;
        fprintf(f, "fitness %a %a %d %d %a %a %a %a\n", b->score, b->violation, (int)b->feasible,
                (int)b->num_objectives, b->objectives[0], b->objectives[1], b->objectives[2], b->objectives[3]);
        fprintf(f, "design %d %a %a %a %a %a %a %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %a\n",
                (int)d->feasible, d->latency_cycles, d->energy, d->area_um2, d->power_mw, d->objective, d->violation,
                d->num_pes, d->l1_bytes, d->l2_bytes, d->clusters, d->pes_per_cluster, d->macs);
        size_t need = 0;
        dg_genome_to_json(s->best, NULL, 0, &need);
        char *json = malloc(need + 1);
        if (!json || dg_genome_to_json(s->best, json, need + 1, NULL) != DG_OK) {
            free(json);
            fclose(f);
            free(buf);
            free(opt_text);
            return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
        }
        fprintf(f, "genome %zu\n%s", need, json);
        free(json);
    }
    fprintf(f, "history %zu\n", s->hist_count);
    for (size_t i = 0; i < s->hist_count; i++)
        fprintf(f, "%" PRId64 " %a\n", s->hist_samples[i], s->hist_best[i]);
    fprintf(f, "optimizer %s %zu\n", s->opt->ops.name, opt_len);
    if (opt_len)
        fwrite(opt_text, 1, opt_len, f);
    free(opt_text);
    if (fclose(f) != 0) {
        free(buf);
        return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
    }
    /* Append the checksum of everything written so far. */
    char line[64];
    int m = snprintf(line, sizeof line, "\nchecksum %016" PRIx64 "\n", fnv(FNV_START, buf, n));
    char *all = realloc(buf, n + (size_t)m + 1);
    if (!all) {
        free(buf);
        return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
    }
    memcpy(all + n, line, (size_t)m + 1);
    *text = all;
    *len = n + (size_t)m;
    return DG_OK;
}

int dgi_checkpoint_write(dg_search *s, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    int rc = render(s, &text, &len);
    if (rc)
        return rc;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!tmp) {
        free(text);
        return dgi_fail(DG_ENOMEM, "out of memory writing a checkpoint");
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        rc = dgi_fail_at(DG_EIO, tmp, 0, "cannot write the checkpoint: %s", strerror(errno));
    else {
        bool ok = fwrite(text, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, path) != 0) {
            rc = dgi_fail_at(DG_EIO, path, 0, "cannot write the checkpoint: %s", strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    free(text);
    return rc;
}

void dgi_checkpoint_free(dg_search *s)
{
    free(s->checkpoint_path);
    free(s->opt_blob);
    s->checkpoint_path = NULL;
    s->opt_blob = NULL;
}

DG_API int dg_search_set_checkpoint(dg_search *s, const char *path, int64_t every_samples)
{
    if (!s)
        return dgi_fail(DG_EINVAL, "dg_search_set_checkpoint: search is NULL");
    if (path && every_samples < 1)
        return dgi_fail(DG_EINVAL, "checkpoints need an interval of at least one sample");
    if (path && (!s->opt->ops.save || !s->opt->ops.load))
        return dgi_fail(DG_EUNSUPPORTED, "optimizer '%s' cannot save its state, so this search cannot be checkpointed",
                        s->opt->ops.name);
    char *copy = path ? dgi_strdup(path) : NULL;
    if (path && !copy)
        return dgi_fail(DG_ENOMEM, "out of memory");
    free(s->checkpoint_path);
    s->checkpoint_path = copy;
    s->checkpoint_every = every_samples;
    return DG_OK;
}

DG_API int dg_search_save_checkpoint(dg_search *s, const char *path)
{
    if (!s || !path)
        return dgi_fail(DG_EINVAL, "dg_search_save_checkpoint: NULL argument");
    if (!s->ran && !s->resumed)
        return dgi_fail(DG_ESTATE, "nothing to checkpoint: the search has not run");
    return dgi_checkpoint_write(s, path);
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct cursor {
    const char *p, *end;
    const char *path;
    long line;
} cursor;

static int corrupt(cursor *c, const char *what)
{
    return dgi_fail_at(DG_EPARSE, c->path, c->line, "corrupt checkpoint: %s", what);
}

/* The next line, NUL-terminated in a bounded copy. */
static bool next_line(cursor *c, char *out, size_t cap)
{
    if (c->p >= c->end)
        return false;
    const char *e = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (!e)
        e = c->end;
    size_t n = (size_t)(e - c->p);
    if (n >= cap)
        return false;
    memcpy(out, c->p, n);
    out[n] = '\0';
    c->p = e < c->end ? e + 1 : e;
    c->line++;
    return true;
}

/* Take `n` raw bytes (the genome JSON, the optimizer's state). */
static const char *take(cursor *c, size_t n)
{
    if ((size_t)(c->end - c->p) < n)
        return NULL;
    const char *r = c->p;
    for (size_t i = 0; i < n; i++)
        if (c->p[i] == '\n')
            c->line++;
    c->p += n;
    return r;
}

typedef struct loaded {
    uint64_t seed;
    int64_t samples, feasible_samples;
    uint64_t rng[4];
    int have_best;
    dg_fitness fit;
    dg_design design;
    dg_genome *best;
    size_t hist_count;
    int64_t *hist_samples;
    double *hist_best;
    char *blob;
    size_t blob_size;
} loaded;

static void loaded_free(loaded *l)
{
    dg_genome_destroy(l->best);
    free(l->hist_samples);
    free(l->hist_best);
    free(l->blob);
}

static int parse(dg_search *s, cursor *c, loaded *l)
{
    char line[512], name[128];
    uint64_t fp;
    if (!next_line(c, line, sizeof line) || strcmp(line, MAGIC) != 0)
        return corrupt(c, "not a digamma checkpoint (bad first line)");
    if (!next_line(c, line, sizeof line) || strncmp(line, "library ", 8) != 0)
        return corrupt(c, "expected 'library VERSION'");
    if (strcmp(line + 8, DG_VERSION_STRING) != 0)
        return dgi_fail_at(DG_EINVAL, c->path, c->line, "checkpoint written by libdigamma %s, this is %s", line + 8,
                           DG_VERSION_STRING);
    if (!next_line(c, line, sizeof line) || sscanf(line, "fingerprint %" SCNx64, &fp) != 1)
        return corrupt(c, "expected 'fingerprint HEX'");
    if (fp != fingerprint(s))
        return dgi_fail_at(DG_EINVAL, c->path, c->line,
                           "checkpoint of another problem: the workload, budget, search options, objectives, "
                           "optimizer or its parameters differ from this search's");
    if (!next_line(c, line, sizeof line) || sscanf(line, "seed %" SCNu64, &l->seed) != 1 ||
        !next_line(c, line, sizeof line) || sscanf(line, "samples %" SCNd64, &l->samples) != 1 ||
        !next_line(c, line, sizeof line) || sscanf(line, "feasible_samples %" SCNd64, &l->feasible_samples) != 1 ||
        !next_line(c, line, sizeof line) ||
        sscanf(line, "rng %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64, &l->rng[0], &l->rng[1], &l->rng[2],
               &l->rng[3]) != 4 ||
        !next_line(c, line, sizeof line) || sscanf(line, "best %d", &l->have_best) != 1)
        return corrupt(c, "expected seed, samples, feasible_samples, rng and best lines");
    if (l->samples < 0 || l->feasible_samples < 0 || l->feasible_samples > l->samples)
        return corrupt(c, "impossible sample counts");
    if (l->have_best) {
        int feasible, nobj;
        dg_fitness *f = &l->fit;
        dg_design *d = &l->design;
        if (!next_line(c, line, sizeof line) ||
            sscanf(line, "fitness %la %la %d %d %la %la %la %la", &f->score, &f->violation, &feasible, &nobj,
                   &f->objectives[0], &f->objectives[1], &f->objectives[2], &f->objectives[3]) != 8 ||
            nobj < 1 || nobj > DG_MAX_OBJECTIVES)
            return corrupt(c, "expected 'fitness ...'");
        f->feasible = feasible;
        f->num_objectives = nobj;
        int dfeas;
        d->struct_size = sizeof *d;
        if (!next_line(c, line, sizeof line) ||
            sscanf(line, "design %d %la %la %la %la %la %la %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %la",
                   &dfeas, &d->latency_cycles, &d->energy, &d->area_um2, &d->power_mw, &d->objective, &d->violation,
                   &d->num_pes, &d->l1_bytes, &d->l2_bytes, &d->clusters, &d->pes_per_cluster, &d->macs) != 13)
            return corrupt(c, "expected 'design ...'");
        d->feasible = dfeas;
        size_t n;
        const char *json;
        if (!next_line(c, line, sizeof line) || sscanf(line, "genome %zu", &n) != 1 || !(json = take(c, n)))
            return corrupt(c, "expected 'genome LENGTH' and the genome");
        int rc = dg_genome_from_json(&l->best, s->space, json, n);
        if (rc)
            return dgi_fail_at(rc, c->path, c->line, "corrupt checkpoint: best genome: %s", dg_last_error()->message);
    }
    if (!next_line(c, line, sizeof line) || sscanf(line, "history %zu", &l->hist_count) != 1 ||
        l->hist_count > (size_t)l->samples)
        return corrupt(c, "expected 'history COUNT'");
    if (l->hist_count) {
        l->hist_samples = calloc(l->hist_count, sizeof *l->hist_samples);
        l->hist_best = calloc(l->hist_count, sizeof *l->hist_best);
        if (!l->hist_samples || !l->hist_best)
            return dgi_fail(DG_ENOMEM, "out of memory reading a checkpoint");
    }
    for (size_t i = 0; i < l->hist_count; i++)
        if (!next_line(c, line, sizeof line) ||
            sscanf(line, "%" SCNd64 " %la", &l->hist_samples[i], &l->hist_best[i]) != 2)
            return corrupt(c, "bad history line");
    size_t n;
    if (!next_line(c, line, sizeof line) || sscanf(line, "optimizer %127s %zu", name, &n) != 2)
        return corrupt(c, "expected 'optimizer NAME LENGTH'");
    if (strcmp(name, s->opt->ops.name) != 0)
        return dgi_fail_at(DG_EINVAL, c->path, c->line, "checkpoint of optimizer '%s', this search uses '%s'", name,
                           s->opt->ops.name);
    const char *blob = take(c, n);
    if (!blob)
        return corrupt(c, "the optimizer's state is truncated");
    if (!(l->blob = malloc(n + 1)))
        return dgi_fail(DG_ENOMEM, "out of memory reading a checkpoint");
    memcpy(l->blob, blob, n);
    l->blob[n] = '\0';
    l->blob_size = n;
    return DG_OK;
}

DG_API int dg_search_resume(dg_search *s, const char *path)
{
    if (!s || !path)
        return dgi_fail(DG_EINVAL, "dg_search_resume: NULL argument");
    if (s->ran)
        return dgi_fail(DG_ESTATE, "a search resumes before it runs");
    if (!s->opt->ops.save || !s->opt->ops.load)
        return dgi_fail(DG_EUNSUPPORTED, "optimizer '%s' cannot load a saved state", s->opt->ops.name);
    char *data;
    size_t size;
    int rc = dgi_read_file(path, &data, &size);
    if (rc)
        return rc;
    /* The checksum line closes the file; check it before reading anything. */
    const char *tail = size >= 27 ? data + size - 27 : NULL;
    uint64_t sum;
    if (!tail || strncmp(tail, "\nchecksum ", 10) != 0 || sscanf(tail + 10, "%16" SCNx64, &sum) != 1 ||
        sum != fnv(FNV_START, data, size - 27)) {
        free(data);
        return dgi_fail_at(DG_EPARSE, path, 0, "corrupt checkpoint: the checksum does not match (truncated or edited)");
    }
    cursor c = {data, data + size - 27, path, 0};
    loaded l;
    memset(&l, 0, sizeof l);
    rc = parse(s, &c, &l);
    free(data);
    if (rc) {
        loaded_free(&l);
        return rc;
    }
    /* Commit: nothing of the search changed until here. */
    s->seed = l.seed;
    s->stats.samples = l.samples;
    s->stats.feasible_samples = l.feasible_samples;
    memcpy(s->rng.s, l.rng, sizeof l.rng);
    s->have_best = l.have_best;
    if (l.have_best) {
        dg_genome_destroy(s->best);
        s->best = l.best;
        l.best = NULL;
        s->best_fit = l.fit;
        s->best_design = l.design;
    }
    free(s->hist_samples);
    free(s->hist_best);
    s->hist_samples = l.hist_samples;
    s->hist_best = l.hist_best;
    s->hist_count = s->hist_cap = l.hist_count;
    l.hist_samples = NULL;
    l.hist_best = NULL;
    free(s->opt_blob);
    s->opt_blob = l.blob;
    s->opt_blob_size = l.blob_size;
    l.blob = NULL;
    s->checkpoint_last = l.samples;
    s->resumed = true;
    loaded_free(&l);
    return DG_OK;
}
