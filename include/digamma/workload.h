/**
 * @file workload.h
 * @brief The DNN workload: an ordered list of layers, with repeats merged.
 */
#ifndef DIGAMMA_WORKLOAD_H
#define DIGAMMA_WORKLOAD_H

#include "common.h"

DG_BEGIN_DECLS

/**
 * @defgroup workload Workload
 * @brief Layers to map: built by hand, parsed from files, or from the model zoo.
 *
 * A workload keeps its layers in order of first appearance. A layer identical
 * to one already present (same type and every dimension) is not stored again:
 * the stored layer's repeat count grows instead. Costs of a workload are
 * Σ count · cost(layer).
 *
 * Thread safety: a workload may be read from several threads at once; it must
 * not be modified while another thread uses it.
 * @{
 */

/** Opaque workload handle. */
typedef struct dg_workload dg_workload;

/** Layer types. Values are pinned. */
typedef enum dg_layer_type {
    DG_LAYER_CONV = 1,   /**< 2-D convolution: K filters of C×R×S over a C×Y×X input. */
    DG_LAYER_DWCONV = 2, /**< Depthwise convolution: one R×S filter per channel (K = C). */
    DG_LAYER_GEMM = 3,   /**< Matrix product (M×K)·(K×N); stored as y = M, c = K, k = N. */
    DG_LAYER_FC = 4      /**< Fully connected: k = outputs, c = inputs, n = batch. */
} dg_layer_type;

/**
 * @brief One layer, as read back with dg_workload_layer() or given to dg_workload_add_layer().
 *
 * Size-prefixed: set `struct_size = sizeof(dg_layer)` before passing it in;
 * fields may be appended in later versions.
 *
 * Dimensions follow DESIGN.md: y and x are **input** rows and columns; the
 * output size is (y + 2·pad_y − r)/stride_y + 1. A GEMM (M×K)·(K×N) is stored
 * as y = M, c = K, k = N with x = r = s = 1; an FC layer as k = outputs,
 * c = inputs, n = batch with y = x = r = s = 1; for DWCONV k equals c.
 */
typedef struct dg_layer {
    uint32_t struct_size; /**< sizeof(dg_layer) as the caller knows it. */
    int32_t type;         /**< A #dg_layer_type. */
    int64_t n;            /**< Batch. */
    int64_t k;            /**< Output channels. */
    int64_t c;            /**< Input channels. */
    int64_t y;            /**< Input rows. */
    int64_t x;            /**< Input columns. */
    int64_t r;            /**< Filter rows. */
    int64_t s;            /**< Filter columns. */
    int64_t stride_y;     /**< Vertical stride (≥ 1). */
    int64_t stride_x;     /**< Horizontal stride (≥ 1). */
    int64_t pad_y;        /**< Rows of zero padding on each side (≥ 0). */
    int64_t pad_x;        /**< Columns of zero padding on each side (≥ 0). */
    int64_t out_y;        /**< Output rows (filled by the library). */
    int64_t out_x;        /**< Output columns (filled by the library). */
    int64_t macs;         /**< MACs of one instance (filled by the library). */
    int64_t count;        /**< Repeat count (filled by the library; ignored on input). */
    const char *name;     /**< Name; borrowed from the workload on output, copied on input (may be NULL). */
} dg_layer;

/** @brief Name of a #dg_layer_type ("CONV", "DWCONV", "GEMM", "FC"), or "unknown". Static string. */
DG_API const char *dg_layer_type_name(int type);

/**
 * File formats for the parsers. Values are pinned; new formats are appended.
 *
 * #DG_FORMAT_ONNX and #DG_FORMAT_TIMELOOP_YAML depend on optional libraries
 * (protobuf-c, libyaml); dg_workload_format_supported() tells whether this
 * build has them. docs/import.md describes how models map to layers.
 */
typedef enum dg_format {
    /** Guess: a path ending in `.onnx`, or binary content, is ONNX; `.yaml`/`.yml`,
     *  or text with a `problem:` key, is Timeloop YAML; text containing "Network",
     *  or a line opening a bare `Layer NAME {` block, is MAESTRO; anything else
     *  is GAMMA CSV. */
    DG_FORMAT_AUTO = 0,
    DG_FORMAT_GAMMA_CSV = 1, /**< GAMMA's model CSV: header line, then K,C,Y,X,R,S,T rows. */
    DG_FORMAT_MAESTRO = 2,   /**< MAESTRO's model file: Network { Layer { Type / Stride / Dimensions } }. */
    /** ONNX model (binary ModelProto): Conv, Gemm and MatMul nodes become layers;
     *  other nodes are skipped (see dg_workload_parse_file_ex()). */
    DG_FORMAT_ONNX = 3,
    /** Timeloop / CoSA problem YAML (`problem: { shape: ..., instance: { C: .., M: .., ... } }`):
     *  one layer per problem, from one document, a sequence or several documents. */
    DG_FORMAT_TIMELOOP_YAML = 4
} dg_format;

/**
 * @brief Create an empty workload.
 * @param[out] out receives the new workload; unchanged on failure.
 * @param name a name for the workload (copied; NULL gives "workload").
 * @return #DG_OK, #DG_EINVAL if @p out is NULL, #DG_ENOMEM.
 */
DG_API int dg_workload_create(dg_workload **out, const char *name);

/** @brief Destroy a workload. NULL is allowed and ignored. */
DG_API void dg_workload_destroy(dg_workload *w);

/**
 * @brief Deep copy of a workload.
 * @return #DG_OK, #DG_EINVAL, #DG_ENOMEM.
 */
DG_API int dg_workload_clone(dg_workload **out, const dg_workload *w);

/**
 * @brief Append a layer given as a struct (the general form; asymmetric stride and padding).
 *
 * Only the input fields are read (type, n, k, c, y, x, r, s, stride_*, pad_*,
 * name); out_y, out_x, macs and count are computed. Missing stride defaults
 * to 1 only through the typed adders; here every field must be valid.
 * @return #DG_OK; #DG_EINVAL for a NULL argument, an unknown type, a dimension
 *         < 1, a stride < 1, a negative padding, or a filter larger than the
 *         padded input; #DG_ERANGE if the MAC count overflows 64 bits.
 *         The workload is unchanged on failure.
 */
DG_API int dg_workload_add_layer(dg_workload *w, const dg_layer *layer);

/**
 * @brief Append a convolution (same stride and padding in both directions).
 * @param w the workload.
 * @param name layer name (copied; may be NULL).
 * @param batch batch size N.
 * @param k output channels.  @param c input channels.
 * @param y input rows.  @param x input columns.
 * @param r filter rows. @param s filter columns.
 * @param stride stride (≥ 1).  @param pad zero padding on each side (≥ 0).
 * @return as dg_workload_add_layer().
 */
DG_API int dg_workload_add_conv(dg_workload *w, const char *name, int64_t batch, int64_t k,
                                int64_t c, int64_t y, int64_t x, int64_t r, int64_t s,
                                int64_t stride, int64_t pad);

/**
 * @brief Append a depthwise convolution over @p c channels.
 * @return as dg_workload_add_layer().
 */
DG_API int dg_workload_add_dwconv(dg_workload *w, const char *name, int64_t batch, int64_t c,
                                  int64_t y, int64_t x, int64_t r, int64_t s, int64_t stride,
                                  int64_t pad);

/**
 * @brief Append a matrix product (M×K)·(K×N).
 * @return as dg_workload_add_layer().
 */
DG_API int dg_workload_add_gemm(dg_workload *w, const char *name, int64_t m, int64_t n, int64_t k);

/**
 * @brief Append a fully connected layer with @p in inputs and @p out outputs.
 * @return as dg_workload_add_layer().
 */
DG_API int dg_workload_add_fc(dg_workload *w, const char *name, int64_t batch, int64_t out,
                              int64_t in);

/** @brief The workload's name (borrowed; valid while the workload lives). */
DG_API const char *dg_workload_name(const dg_workload *w);

/** @brief Number of layers counting repeats (0 for NULL). */
DG_API size_t dg_workload_num_layers(const dg_workload *w);

/** @brief Number of distinct layers (0 for NULL). */
DG_API size_t dg_workload_num_unique(const dg_workload *w);

/**
 * @brief Read distinct layer @p index (0-based, order of first appearance).
 * @param w the workload.
 * @param index which distinct layer.
 * @param[out] out filled up to its `struct_size`; `name` is borrowed from @p w.
 * @return #DG_OK, #DG_EINVAL (NULL, or struct_size too small), #DG_ERANGE (index).
 */
DG_API int dg_workload_layer(const dg_workload *w, size_t index, dg_layer *out);

/** @brief Total MACs, Σ count · MACs (0 for NULL). */
DG_API int64_t dg_workload_total_macs(const dg_workload *w);

/**
 * @brief Parse a workload from a file.
 * @param[out] out receives the workload; unchanged on failure (nothing half-built).
 * @param path file to read.
 * @param format a #dg_format (DG_FORMAT_AUTO guesses).
 * @return #DG_OK; #DG_EIO if the file cannot be read; #DG_EPARSE with file,
 *         line and the expected form in dg_last_error(); #DG_EINVAL/#DG_ERANGE
 *         for impossible dimensions; #DG_EUNSUPPORTED for a format this build
 *         cannot read (see dg_workload_format_supported()).
 */
DG_API int dg_workload_parse_file(dg_workload **out, const char *path, int format);

/**
 * @brief Parse a workload from memory (need not be NUL-terminated; may be binary for ONNX).
 * @param[out] out receives the workload; unchanged on failure.
 * @param data the text.
 * @param size its length in bytes.
 * @param format a #dg_format.
 * @param origin name used in error messages and as the workload name (may be NULL).
 * @return as dg_workload_parse_file().
 */
DG_API int dg_workload_parse_buffer(dg_workload **out, const char *data, size_t size, int format,
                                    const char *origin);

/**
 * @brief Whether this build of the library can read @p format.
 * @param format a #dg_format.
 * @return 1 if dg_workload_parse_file() accepts @p format, 0 if the format is
 *         unknown or needs an optional library this build lacks (ONNX needs
 *         protobuf-c, Timeloop YAML needs libyaml). #DG_FORMAT_AUTO gives 1.
 * @par Thread safety: safe from any thread.
 */
DG_API int dg_workload_format_supported(int format);

/**
 * @brief Receives one node of an imported model that did not become a layer.
 *
 * Called by dg_workload_parse_file_ex() and its twins for every node whose
 * operator the importer does not know (an LSTM, a ConvTranspose, a node of a
 * custom domain, a 3-D convolution, ...). Nodes known to carry no
 * multiply-accumulates (activations, pooling, normalisation, reshapes,
 * element-wise arithmetic, constants) are not reported.
 *
 * @param user the pointer given with the callback.
 * @param node_name the node's name, or "" if it has none (borrowed; valid during the call).
 * @param op_type the node's operator, e.g. "LSTM"; prefixed by its domain and
 *        a colon when the domain is not ONNX's own, e.g. "com.microsoft:Attention"
 *        (borrowed; valid during the call).
 * @return 0 to go on; non-zero stops: the parse then fails with #DG_EUSER.
 */
typedef int (*dg_import_report_fn)(void *user, const char *node_name, const char *op_type);

/**
 * @brief dg_workload_parse_file() that also lists the nodes the import skipped.
 *
 * @p fn is called once per skipped node, in the model's node order, after the
 * workload has been built and only if the import succeeded. Formats that skip
 * nothing (GAMMA CSV, MAESTRO, Timeloop YAML) never call it.
 * @param[out] out receives the workload; unchanged on failure.
 * @param path file to read.
 * @param format a #dg_format.
 * @param fn the callback, or NULL (then this is dg_workload_parse_file()).
 * @param user passed to @p fn.
 * @return as dg_workload_parse_file(), plus #DG_EUNSUPPORTED when @p format
 *         (or the format guessed) needs a library this build lacks ("built
 *         without ONNX support"), and #DG_EUSER when @p fn stopped the import
 *         (the workload is then destroyed).
 */
DG_API int dg_workload_parse_file_ex(dg_workload **out, const char *path, int format, dg_import_report_fn fn,
                                     void *user);

/**
 * @brief dg_workload_parse_buffer() that also lists the nodes the import skipped.
 * @param[out] out receives the workload; unchanged on failure.
 * @param data the file's bytes (an ONNX model is binary).
 * @param size their number.
 * @param format a #dg_format.
 * @param origin name used in error messages and as the workload name (may be NULL).
 * @param fn the callback, or NULL.
 * @param user passed to @p fn.
 * @return as dg_workload_parse_file_ex().
 */
DG_API int dg_workload_parse_buffer_ex(dg_workload **out, const char *data, size_t size, int format,
                                       const char *origin, dg_import_report_fn fn, void *user);

/**
 * @brief dg_workload_load() that also lists the nodes a file import skipped.
 * @param[out] out receives the workload; unchanged on failure.
 * @param name_or_path a built-in model's name (which skips nothing), else a file.
 * @param fn the callback, or NULL.
 * @param user passed to @p fn.
 * @return as dg_workload_load() and dg_workload_parse_file_ex().
 */
DG_API int dg_workload_load_ex(dg_workload **out, const char *name_or_path, dg_import_report_fn fn, void *user);

/** @brief Number of models in the built-in zoo. */
DG_API size_t dg_builtin_model_count(void);

/** @brief Name of built-in model @p index, or NULL when out of range. Static string. */
DG_API const char *dg_builtin_model_name(size_t index);

/** @brief One-line description of built-in model @p index, or NULL. Static string. */
DG_API const char *dg_builtin_model_description(size_t index);

/**
 * @brief Build a model of the zoo by name ("resnet18", "bert", ...).
 * @return #DG_OK, #DG_ENOTFOUND for an unknown name, #DG_EINVAL, #DG_ENOMEM.
 */
DG_API int dg_workload_builtin(dg_workload **out, const char *name);

/**
 * @brief A built-in model by name, or else a file by path (format guessed).
 * @return as dg_workload_builtin() or dg_workload_parse_file().
 */
DG_API int dg_workload_load(dg_workload **out, const char *name_or_path);

/** @} */

DG_END_DECLS

#endif /* DIGAMMA_WORKLOAD_H */
