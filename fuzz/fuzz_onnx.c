/*
 * fuzz_onnx.c: ONNX models (binary protobuf) through
 * dg_workload_parse_buffer_ex(DG_FORMAT_ONNX). Does nothing in a build
 * without the ONNX importer (dg_workload_format_supported() says 0).
 *
 * Properties: a failed import sets the error and reports no skipped node; a
 * successful one gives a consistent workload and reports skipped nodes with
 * non-NULL names; a callback that stops the import makes it fail with
 * DG_EUSER and build nothing.
 */
#include "fuzz_common.h"

#include <digamma/digamma.h>

#include <string.h>

static int fuzz_failed;

typedef struct report {
    int calls, stop_at;
} report;

static int on_skipped(void *user, const char *node_name, const char *op_type)
{
    report *r = user;
    DG_FUZZ_CHECK(node_name != NULL && op_type != NULL);
    if (node_name && op_type)
        (void)(strlen(node_name) + strlen(op_type)); /* readable */
    r->calls++;
    return r->stop_at && r->calls >= r->stop_at;
}

DG_FUZZ_TARGET(onnx)
{
    fuzz_failed = 0;
    if (!dg_workload_format_supported(DG_FORMAT_ONNX))
        return 0;
    dg_workload *w = NULL;
    report r = {0, 0};
    int rc = dg_workload_parse_buffer_ex(&w, (const char *)data, size, DG_FORMAT_ONNX, "fuzz.onnx", on_skipped, &r);
    DG_FUZZ_CHECK((rc == DG_OK) == (w != NULL));
    if (rc != DG_OK) {
        DG_FUZZ_CHECK(dg_last_error()->code == rc && r.calls == 0);
        return fuzz_failed;
    }
    size_t sum = 0;
    int64_t macs = 0;
    DG_FUZZ_CHECK(dg_fuzz_workload_consistent(w, &sum, &macs));
    dg_workload_destroy(w);

    /* The callback stops the import: DG_EUSER, nothing built. */
    if (r.calls > 0) {
        report stop = {0, 1};
        w = NULL;
        rc = dg_workload_parse_buffer_ex(&w, (const char *)data, size, DG_FORMAT_ONNX, "fuzz.onnx", on_skipped,
                                         &stop);
        DG_FUZZ_CHECK(rc == DG_EUSER && w == NULL && stop.calls == 1);
        dg_workload_destroy(w);
    }
    return fuzz_failed;
}
