#ifndef CLITEKERNELS_H
#define CLITEKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction set of the C kernels. Every variant computes the same exact int32 sums.
typedef enum {
    CLK_ISA_SCALAR = 0,       ///< portable C
    CLK_ISA_AVX2 = 1,         ///< vpmovsxbw + vpmaddwd
    CLK_ISA_AVX512_VNNI = 2,  ///< vpdpbusd: EVEX (AVX512-VL/BW + VNNI), 512-bit in the lanes kernels
    CLK_ISA_AVX_VNNI = 3      ///< vpdpbusd: 256-bit VEX (AVX-VNNI, Alder Lake and later), with AVX2
} clk_isa;

/// The instruction set in use on the calling thread: the one forced on this thread by clk_force_isa, else
/// the process-wide choice (the best the CPU has, or LABRUN_ISA=scalar|avx2|avx512-vnni|avx-vnni when set
/// at start-up and supported; other values are ignored).
clk_isa clk_active_isa(void);

/// 1 when this CPU (and OS) can run `isa`, else 0.
int clk_isa_supported(clk_isa isa);

/// Forces an instruction set on the calling thread only (for tests, which run concurrently); one the CPU
/// lacks falls back to the process-wide choice. Returns the instruction set now active on this thread.
clk_isa clk_force_isa(clk_isa isa);

/// c[i*ldc + j] = sum_p a[i*lda + p] * b[j*ldb + p] for i < m, j < n; exact int32 (wrapping) sums.
/// n must be a multiple of 4. Any k; multiples of 32 are fastest.
void clk_int8_gemm_nt(int m, int n, int k, const int8_t *a, int lda, const int8_t *b, int ldb,
                      int32_t *c, int ldc);

/// c[i*ldc + j] = sum_p a[i*lda + p] * bT[p*ldb + j] for i < m, j < n, exact int32 (wrapping) sums:
/// LiteKernels' int8GemmBroadcast (bT holds the int8 weights widened to int32, k-major). n must be a
/// multiple of 8. AVX2 when clk_active_isa() allows, else C.
void clk_int8_gemm_broadcast(int m, int n, int k, const int8_t *a, int lda, const int32_t *bT, int ldb,
                             int32_t *c, int ldc);

/// The same product for a convolution whose windows all lie inside the image, without im2col: row
/// oy*out_w + ox of a is a[p] = image[oy*row_step + ox*column_step + taps[p]]; bT has n (multiple of 8)
/// columns, c rows of ldc. With AVX2, vpmaddwd on pairs of taps (output positions in the lanes when
/// column_step is 1 and out_w >= 8, else channels); with AVX512 / AVX-VNNI, vpdpbusd on groups of 4 taps,
/// channels in the lanes (k <= 32); else C.
void clk_int8_conv_broadcast(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                             const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc);

/// Number of int32 clk_int8_pack_lanes writes for n channels of k taps: n * ((k + 1) / 2 + (k + 3) / 4 + 1).
int clk_int8_lanes_packed_count(int n, int k);

/// Packs the n x k int8 matrix b (rows of ldb bytes; n a multiple of 8) for clk_int8_gemm_lanes into
/// `packed` (clk_int8_lanes_packed_count int32), in two layouts so that any instruction set can use it:
/// first, per block of 8 rows, per pair of columns, 8 int32 that each hold two int16 values (low = even
/// column, odd k padded with 0: vpmaddwd); then, per group of 4 columns, n int32 that each hold the 4 bytes
/// of one row (k padded with 0: vpdpbusd), followed by n int32 -128 * sum of the row (wrapping).
void clk_int8_pack_lanes(int n, int k, const int8_t *b, int ldb, int32_t *packed);

/// c[i*ldc + j] = sum_p a[i*lda + p] * b[j*ldb + p] for i < m, j < n (n a multiple of 8), exact int32
/// (wrapping) sums, from b packed by clk_int8_pack_lanes: output channels in vector lanes (four rows x 16
/// channels per block with AVX2 vpmaddwd; four rows x 32 channels with AVX512 vpdpbusd, 4 x 16 with
/// AVX-VNNI) when clk_active_isa() allows, else C.
void clk_int8_gemm_lanes(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                         int ldc);

/// clk_int8_gemm_lanes for a convolution without im2col: row i of a (k = segments * segment_bytes taps) is
/// read in place as `segments` runs of `segment_bytes` bytes, `segment_stride` apart, from
/// image + (i / out_w) * row_step + (i % out_w) * column_step. Returns 1 when done, 0 (nothing written) when
/// the active instruction set is scalar, segment_bytes is not a positive multiple of 16 or k > 1024: then use im2col.
int clk_int8_conv_lanes(const int8_t *image, int m, int out_w, int row_step, int column_step, int segments,
                        int segment_bytes, int segment_stride, const int32_t *packed, int n, int32_t *c, int ldc);

/// pooled[(py*out_w + px)*channels + c] = max over fy < filter_h, fx < filter_w of
/// acc[((py*stride_h + fy)*columns + px*stride_w + fx)*channels + c]: a max pool over int32 rows of `channels`
/// values whose windows all lie inside the grid (no padding). AVX2 when clk_active_isa() allows and channels is
/// a multiple of 8, else C.
void clk_max_pool_int32(const int32_t *acc, int columns, int channels, int out_h, int out_w, int stride_h,
                        int stride_w, int filter_h, int filter_w, int32_t *pooled);

/// out[r*out_stride + c] = int8(clamp(requantize(acc[r*stride + c] + offsets[c], multipliers[c], left_shifts[c],
/// right_shifts[c]) + output_offset, min, max)) for r < rows, c < channels: LiteKernels'
/// OutputRescale.requantize (multipliers >= 0), bit for bit; AVX2 when clk_active_isa() allows, else C.
void clk_requantize_rows(const int32_t *acc, int rows, int stride, int channels, const int32_t *offsets,
                         const int32_t *multipliers, const int32_t *left_shifts, const int32_t *right_shifts,
                         int32_t output_offset, int32_t min, int32_t max, int8_t *out, int out_stride);

/// 1 when clk_conv_float_max_pool runs (AVX-512F, with clk_active_isa() == CLK_ISA_AVX512_VNNI), else 0.
int clk_conv_float_max_pool_supported(void);

/// LiteKernels' convFloatMaxPoolFast for `count` 2 x 2 pool windows whose four convolution pixels
/// lie inside the image, bit for bit: window i reads the pixels at input + in_offsets[i] (+ column_step,
/// + row_step, + both), tap p of a pixel at offset taps[p] (p < tap_count) against weights[p * ocp + c], adds
/// bias[c] (0 when bias is NULL), clamps to [conv_lo, conv_hi], takes the window maximum, clamps to [pool_lo, pool_hi] and writes
/// output[out_offsets[i] + c] for c < oc. ocp is a positive multiple of 16 >= oc; bias holds oc values.
/// fused 1 adds each product with one FMA (.fused), 0 with a rounded product and a rounded add (.separate).
/// Returns 1 when done, 0 (nothing written) when clk_conv_float_max_pool_supported() is 0.
int clk_conv_float_max_pool(const float *input, const int32_t *in_offsets, const int32_t *out_offsets, int count,
                            int column_step, int row_step, const int32_t *taps, int tap_count, const float *weights,
                            int ocp, const float *bias, int oc, float conv_lo, float conv_hi, float pool_lo,
                            float pool_hi, float *output, int fused);

/// The range of a hybrid kernel's input row: *min_out = min(+0, min x), *max_out = max(+0, max x) over the n
/// values, NaNs skipped (LiteKernels' asymmetricQuantizeFloats). AVX-512 or AVX2 when clk_active_isa() allows.
void clk_float_range(const float *x, int n, float *min_out, float *max_out);

/// out[i] = int8(clamp(round(x[i] * inverse) + offset, -128, 127)), NaN -> 0, with Float.rounded()'s ties away
/// from zero and every float operation of LiteKernels' asymmetricQuantizeFloats loop, bit for bit.
void clk_quantize_floats(const float *x, int n, float inverse, int32_t offset, int8_t *out);

/// out[r*out_stride + c] = clamp(float(acc[r*stride + c] - offset*sums[c]) * scales[c] * input_scale + bias[c],
/// lo, hi) for r < rows, c < channels: the hybrid CONV_2D rescale of LiteKernels (wrapping int32, a rounded
/// product, product, sum in that order; bias NULL adds +0; Swift.min/max clamp), bit for bit.
void clk_hybrid_rescale_rows(const int32_t *acc, int rows, int stride, int channels, const int32_t *sums,
                             int32_t offset, const float *scales, float input_scale, const float *bias, float lo,
                             float hi, float *out, int out_stride);

/// clk_hybrid_rescale_rows followed by a float max pool, without writing the conv output: for py < out_h,
/// px < out_w, c < channels, out[(py*out_w + px)*channels + c] = clamp(max over fy < filter_h, fx < filter_w in
/// that order of clamp(rescale(acc[((py*stride_h + fy)*columns + px*stride_w + fx)*stride + c]), conv_lo, conv_hi),
/// pool_lo, pool_hi), the maximum taken as LiteKernels' maxPoolFloat does (from -FLT_MAX, a value >= it
/// replaces it), bit for bit. Every window lies inside the accumulator grid (no padding).
void clk_hybrid_rescale_max_pool(const int32_t *acc, int columns, int stride, int channels, const int32_t *sums,
                                 int32_t offset, const float *scales, float input_scale, const float *bias,
                                 float conv_lo, float conv_hi, int out_h, int out_w, int stride_h, int stride_w,
                                 int filter_h, int filter_w, float pool_lo, float pool_hi, float *out);

#ifdef __cplusplus
}
#endif

#endif
