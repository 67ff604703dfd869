// Shared by the lanes kernels (lanes_gemm.c) and their VNNI variants (lanes_vnni_*.c); not public.
#ifndef CLK_LANES_INTERNAL_H
#define CLK_LANES_INTERNAL_H

#include <stdint.h>

// Row i of a read in place from a convolution's input: `segments` runs of `segment_bytes` (a multiple of 16)
// starting at image + (i / out_w) * row_step + (i % out_w) * column_step, `segment_stride` bytes apart.
typedef struct {
    const int8_t *image;
    int out_w, row_step, column_step, segments, segment_bytes, segment_stride;
} clk_conv_rows;

// Rows of a handled per block by the lanes kernels; their scratch `x` holds this many widened rows.
#define CLK_LANES_ROWS 4

// Variants on the vpdpbusd layout of clk_int8_pack_lanes (see lanes_vnni_body.h). `x` holds
// CLK_LANES_ROWS * ((k + 3) / 4) int32.
void clk_lanes_avx512vnni(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                          int ldc, int32_t *x, const clk_conv_rows *conv);
void clk_lanes_avxvnni(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                       int ldc, int32_t *x, const clk_conv_rows *conv);

// clk_int8_conv_broadcast on groups of 4 taps (k <= 32): `quads` holds (k + 3) / 4 rows of n int32 (4 weight
// bytes each, 0 past k), `bias` n int32 -128 * sum of the weights.
void clk_conv_taps_avx512vnni(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                              const int32_t *taps, int k, const int32_t *quads, const int32_t *bias, int n,
                              int32_t *c, int ldc);
void clk_conv_taps_avxvnni(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                           const int32_t *taps, int k, const int32_t *quads, const int32_t *bias, int n,
                           int32_t *c, int ldc);

#endif
