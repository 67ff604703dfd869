#ifndef CLITEKERNELS_H
#define CLITEKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction set used by clk_int8_gemm_nt on this CPU.
typedef enum {
    CLK_ISA_SCALAR = 0,      ///< portable C
    CLK_ISA_AVX2 = 1,        ///< vpmovsxbw + vpmaddwd
    CLK_ISA_AVX512_VNNI = 2  ///< vpdpbusd on 256-bit vectors (AVX512-VL + VNNI)
} clk_isa;

/// The instruction set chosen at run time (cpuid), or the one forced by clk_force_isa.
clk_isa clk_active_isa(void);

/// Forces an instruction set (for tests); values the CPU lacks fall back to the best available.
/// Returns the instruction set now active.
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
/// columns, c rows of ldc. AVX2 vpmaddwd on pairs of taps when clk_active_isa() allows (output positions in
/// the lanes when column_step is 1 and out_w >= 8, else channels), else C.
void clk_int8_conv_broadcast(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                             const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc);

/// Packs the n x k int8 matrix b (rows of ldb bytes; n a multiple of 8) for clk_int8_gemm_lanes into
/// `packed`, which holds n * ((k + 1) / 2) int32: per block of 8 rows, per pair of columns, 8 int32 that
/// each hold two int16 values (low = even column, odd k padded with 0).
void clk_int8_pack_lanes(int n, int k, const int8_t *b, int ldb, int32_t *packed);

/// c[i*ldc + j] = sum_p a[i*lda + p] * b[j*ldb + p] for i < m, j < n (n a multiple of 8), exact int32
/// (wrapping) sums, from b packed by clk_int8_pack_lanes: output channels in vector lanes (AVX2 vpmaddwd,
/// four rows x 16 channels per block) when clk_active_isa() allows, else C.
void clk_int8_gemm_lanes(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                         int ldc);

/// clk_int8_gemm_lanes for a convolution without im2col: row i of a (k = segments * segment_bytes taps) is
/// read in place as `segments` runs of `segment_bytes` bytes, `segment_stride` apart, from
/// image + (i / out_w) * row_step + (i % out_w) * column_step. Returns 1 when done, 0 (nothing written) when
/// AVX2 is not active, segment_bytes is not a positive multiple of 16 or k > 1024: then use im2col.
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

#ifdef __cplusplus
}
#endif

#endif
