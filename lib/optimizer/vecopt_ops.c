/*
 * vecopt_ops.c: a baseline core as a dg_optimizer_ops over the genome's [0,1]
 * vector view (the mapping is described in vecopt.h), with checkpoints.
 *
 * Checkpoints replay rather than serialise: a core is a deterministic
 * function of its generator and the losses it was told, so the wrapper gives
 * it a private generator, remembers the generator's starting state, the size
 * of every ask and every loss told, and saves those. Loading rebuilds the
 * core from scratch and replays the asks and tells without evaluating
 * anything. One mechanism covers all seven cores (and any new one) exactly,
 * at the price of a log of one double per sample (320 KB at 40,000 samples)
 * and a replay that costs the cores' own arithmetic only.
 */
#include "vecopt.h"

#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most candidates the wrapper proposes per ask (cores that want more, such as
 * a large TBPSA generation, are simply asked again). */
#define WRAP_CAP 256

/* One ask/tell round of the log. */
typedef struct vround {
    uint32_t asked_cap; /* the capacity the core was asked to fill */
    uint32_t told;      /* losses told back */
} vround;

typedef struct vecops {
    const dgi_vecopt_class *cls;
    void *core;
    size_t n, asked, cap;
    double *u;    /* WRAP_CAP * n standardized points of the last ask */
    double *v;    /* n: one genome vector */
    double *loss; /* WRAP_CAP */
    /* what a replay needs */
    double *params;
    int64_t budget;
    dg_rng rng, rng_start;
    vround *rounds;
    size_t num_rounds, rounds_cap;
    double *losses;
    size_t num_losses, losses_cap;
} vecops;

void dgi_vecopt_ops_destroy(void *state)
{
    vecops *s = state;
    if (!s)
        return;
    if (s->core)
        s->cls->destroy(s->core);
    free(s->u);
    free(s->v);
    free(s->loss);
    free(s->params);
    free(s->rounds);
    free(s->losses);
    free(s);
}

int dgi_vecopt_ops_create(const dgi_vecopt_class *cls, void **state, const dg_optimizer_context *ctx)
{
    size_t n = dg_space_vector_size(ctx->space);
    if (n == 0)
        return dgi_fail(DG_EINVAL, "%s: the space has an empty vector view", cls->name);
    vecops *s = calloc(1, sizeof *s);
    if (!s)
        return dgi_fail(DG_ENOMEM, "out of memory starting %s", cls->name);
    s->cls = cls;
    s->n = n;
    s->budget = ctx->max_samples;
    /* The framework draws nothing itself, so a private copy gives the core
     * the very stream it would have drawn from ctx->rng. */
    s->rng = s->rng_start = *ctx->rng;
    s->u = malloc(WRAP_CAP * n * sizeof *s->u);
    s->v = malloc(n * sizeof *s->v);
    s->loss = malloc(WRAP_CAP * sizeof *s->loss);
    s->params = malloc((cls->num_params ? cls->num_params : 1) * sizeof *s->params);
    if (!s->u || !s->v || !s->loss || !s->params) {
        dgi_vecopt_ops_destroy(s);
        return dgi_fail(DG_ENOMEM, "out of memory starting %s", cls->name);
    }
    if (cls->num_params)
        memcpy(s->params, ctx->params, cls->num_params * sizeof *s->params);
    int rc = cls->create(&s->core, n, s->params, &s->rng, s->budget);
    if (rc) {
        s->core = NULL;
        dgi_vecopt_ops_destroy(s);
        return rc;
    }
    *state = s;
    return DG_OK;
}

int dgi_vecopt_ops_ask(void *state, dg_genome *const *batch, size_t capacity, size_t *count)
{
    vecops *s = state;
    size_t cap = capacity < WRAP_CAP ? capacity : WRAP_CAP, got = 0;
    s->asked = 0;
    int rc = s->cls->ask(s->core, s->u, cap, &got);
    if (rc)
        return rc;
    if (got > cap)
        return dgi_fail(DG_EINVAL, "%s proposed %zu points for %zu slots", s->cls->name, got, cap);
    for (size_t i = 0; i < got; i++) {
        const double *u = s->u + i * s->n;
        for (size_t j = 0; j < s->n; j++)
            s->v[j] = dgi_vecopt_to_unit(u[j]);
        if ((rc = dg_genome_from_vector(batch[i], s->v, s->n)))
            return rc;
    }
    s->asked = got;
    s->cap = cap;
    *count = got;
    return DG_OK;
}

/* Append a round to the replay log. */
static int log_round(vecops *s, size_t cap, const double *loss, size_t count)
{
    if (s->num_rounds == s->rounds_cap) {
        size_t more = s->rounds_cap ? 2 * s->rounds_cap : 256;
        vround *r = realloc(s->rounds, more * sizeof *r);
        if (!r)
            return dgi_fail(DG_ENOMEM, "out of memory logging %s", s->cls->name);
        s->rounds = r;
        s->rounds_cap = more;
    }
    if (s->num_losses + count > s->losses_cap) {
        size_t more = s->losses_cap ? 2 * s->losses_cap : 4096;
        while (more < s->num_losses + count)
            more *= 2;
        double *l = realloc(s->losses, more * sizeof *l);
        if (!l)
            return dgi_fail(DG_ENOMEM, "out of memory logging %s", s->cls->name);
        s->losses = l;
        s->losses_cap = more;
    }
    s->rounds[s->num_rounds++] = (vround){(uint32_t)cap, (uint32_t)count};
    memcpy(s->losses + s->num_losses, loss, count * sizeof *loss);
    s->num_losses += count;
    return DG_OK;
}

int dgi_vecopt_ops_tell(void *state, const dg_genome *const *batch, const dg_fitness *fitness, size_t count)
{
    (void)batch; /* the core remembers the points it proposed */
    vecops *s = state;
    if (count > s->asked)
        return dgi_fail(DG_EINVAL, "%s told %zu results for %zu candidates", s->cls->name, count, s->asked);
    for (size_t i = 0; i < count; i++)
        s->loss[i] = isnan(fitness[i].score) ? HUGE_VAL : fitness[i].score;
    s->asked = 0;
    int rc = log_round(s, s->cap, s->loss, count);
    return rc ? rc : s->cls->tell(s->core, s->loss, count);
}

/* ---- checkpoints: the replay log ------------------------------------------------------ */

int dgi_vecopt_ops_save(void *state, dg_state_writer write, void *sink)
{
    const vecops *s = state;
    char line[256];
    int n = snprintf(line, sizeof line, "vecopt 1 %s %zu %zu %zu\nrng %llx %llx %llx %llx\n", s->cls->name, s->n,
                     s->num_rounds, s->num_losses, (unsigned long long)s->rng_start.s[0],
                     (unsigned long long)s->rng_start.s[1], (unsigned long long)s->rng_start.s[2],
                     (unsigned long long)s->rng_start.s[3]);
    if (write(sink, line, (size_t)n))
        return DG_EIO;
    for (size_t r = 0; r < s->num_rounds; r++) {
        n = snprintf(line, sizeof line, "%u %u\n", (unsigned)s->rounds[r].asked_cap, (unsigned)s->rounds[r].told);
        if (write(sink, line, (size_t)n))
            return DG_EIO;
    }
    for (size_t i = 0; i < s->num_losses; i++) { /* %a: exact */
        n = snprintf(line, sizeof line, "%a\n", s->losses[i]);
        if (write(sink, line, (size_t)n))
            return DG_EIO;
    }
    return DG_OK;
}

/* The next whitespace-separated unsigned number of *p, or false. */
static bool next_count(const char **p, unsigned long long *out)
{
    char *end;
    while (**p == ' ' || **p == '\n')
        (*p)++;
    if (**p < '0' || **p > '9')
        return false;
    *out = strtoull(*p, &end, 10);
    *p = end;
    return true;
}

/* Parse the log into `rounds`/`losses` (caller frees), checking its shape. */
static int parse_log(const vecops *s, const char *text, dg_rng *start, vround **rounds, size_t *num_rounds,
                     double **losses, size_t *num_losses)
{
    char name[32];
    size_t n, nr, nl;
    unsigned long long r[4];
    int used = 0;
    if (sscanf(text, "vecopt 1 %31s %zu %zu %zu\nrng %llx %llx %llx %llx\n%n", name, &n, &nr, &nl, &r[0], &r[1], &r[2],
               &r[3], &used) != 8 || used == 0)
        return dgi_fail(DG_EPARSE, "%s state: bad header", s->cls->name);
    if (strcmp(name, s->cls->name) != 0 || n != s->n)
        return dgi_fail(DG_EPARSE, "%s state: written by %s over %zu genes, this search has %zu", s->cls->name, name,
                        n, s->n);
    if (nr > strlen(text) / 4 || nl > strlen(text) / 2) /* every round and loss takes at least that many bytes */
        return dgi_fail(DG_EPARSE, "%s state: the counts exceed the data", s->cls->name);
    for (int k = 0; k < 4; k++)
        start->s[k] = r[k];
    *rounds = malloc((nr ? nr : 1) * sizeof **rounds);
    *losses = malloc((nl ? nl : 1) * sizeof **losses);
    if (!*rounds || !*losses)
        return dgi_fail(DG_ENOMEM, "out of memory loading %s", s->cls->name);
    const char *p = text + used;
    size_t total = 0;
    for (size_t i = 0; i < nr; i++) {
        unsigned long long cap, told;
        if (!next_count(&p, &cap) || !next_count(&p, &told) || cap < 1 || cap > WRAP_CAP || told > cap ||
            told > nl - total)
            return dgi_fail(DG_EPARSE, "%s state: bad round %zu", s->cls->name, i);
        (*rounds)[i] = (vround){(uint32_t)cap, (uint32_t)told};
        total += told;
    }
    if (total != nl)
        return dgi_fail(DG_EPARSE, "%s state: the rounds tell %zu losses, the log has %zu", s->cls->name, total, nl);
    for (size_t i = 0; i < nl; i++) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || isnan(v))
            return dgi_fail(DG_EPARSE, "%s state: bad loss %zu", s->cls->name, i);
        (*losses)[i] = v;
        p = end;
    }
    while (*p == '\n' || *p == ' ')
        p++;
    if (*p)
        return dgi_fail(DG_EPARSE, "%s state: unexpected data after the log", s->cls->name);
    *num_rounds = nr;
    *num_losses = nl;
    return DG_OK;
}

/* A fresh core from `start`, driven through the logged rounds. */
static int replay(vecops *s, const dg_rng *start, const vround *rounds, size_t num_rounds, const double *losses)
{
    if (s->core)
        s->cls->destroy(s->core);
    s->core = NULL;
    s->rng = s->rng_start = *start;
    int rc = s->cls->create(&s->core, s->n, s->params, &s->rng, s->budget);
    if (rc) {
        s->core = NULL;
        return rc;
    }
    s->num_rounds = s->num_losses = 0;
    for (size_t r = 0; r < num_rounds; r++) {
        size_t got = 0;
        if ((rc = s->cls->ask(s->core, s->u, rounds[r].asked_cap, &got)))
            return rc;
        if (got < rounds[r].told || got > rounds[r].asked_cap)
            return dgi_fail(DG_EPARSE, "%s state: replay proposed %zu points where %u were told (another version?)",
                            s->cls->name, got, (unsigned)rounds[r].told);
        const double *loss = losses + s->num_losses;
        if ((rc = log_round(s, rounds[r].asked_cap, loss, rounds[r].told)) ||
            (rc = s->cls->tell(s->core, loss, rounds[r].told)))
            return rc;
    }
    s->asked = 0;
    return DG_OK;
}

int dgi_vecopt_ops_load(void *state, const void *data, size_t size)
{
    vecops *s = state;
    char *text = malloc(size + 1);
    if (!text)
        return dgi_fail(DG_ENOMEM, "out of memory loading %s", s->cls->name);
    memcpy(text, data, size);
    text[size] = '\0';
    dg_rng start;
    vround *rounds = NULL;
    double *losses = NULL;
    size_t num_rounds = 0, num_losses = 0;
    int rc = size && memchr(data, '\0', size) ? dgi_fail(DG_EPARSE, "%s state: a NUL byte", s->cls->name)
                                      : parse_log(s, text, &start, &rounds, &num_rounds, &losses, &num_losses);
    if (!rc)
        rc = replay(s, &start, rounds, num_rounds, losses);
    free(text);
    free(rounds);
    free(losses);
    return rc;
}
