// c[i*ldc + j] = sum_p a[i*lda + p] * bT[p*ldb + j]: the int8 x int32 product of LiteKernels'
// int8GemmBroadcast (short k, right operand stored k-major and widened to int32), exact int32 wrapping sums.
// AVX2: two rows of a and sixteen channels per block, so each weight load feeds two multiplies and each
// broadcast a value two more.
#include "clitekernels.h"

#include <stdint.h>

static void broadcast_scalar(int m, int n, int k, const int8_t *a, int lda, const int32_t *bT, int ldb,
                             int32_t *c, int ldc, int first_row) {
    for (int i = first_row; i < m; i++)
        for (int j = 0; j < n; j++) {
            uint32_t sum = 0;
            for (int p = 0; p < k; p++) sum += (uint32_t)((int32_t)a[i * lda + p] * bT[p * ldb + j]);
            c[i * ldc + j] = (int32_t)sum;
        }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx2")))
static void broadcast_avx2(int m, int n, int k, const int8_t *a, int lda, const int32_t *bT, int ldb,
                           int32_t *c, int ldc) {
    int i = 0;
    for (; i + 2 <= m; i += 2) {
        const int8_t *a0 = a + i * lda, *a1 = a0 + lda;
        int32_t *c0 = c + i * ldc, *c1 = c0 + ldc;
        int j = 0;
        for (; j + 16 <= n; j += 16) {
            __m256i s00 = _mm256_setzero_si256(), s01 = s00, s10 = s00, s11 = s00;
            for (int p = 0; p < k; p++) {
                const __m256i w0 = _mm256_loadu_si256((const __m256i *)(bT + p * ldb + j));
                const __m256i w1 = _mm256_loadu_si256((const __m256i *)(bT + p * ldb + j + 8));
                const __m256i x0 = _mm256_set1_epi32(a0[p]), x1 = _mm256_set1_epi32(a1[p]);
                s00 = _mm256_add_epi32(s00, _mm256_mullo_epi32(x0, w0));
                s01 = _mm256_add_epi32(s01, _mm256_mullo_epi32(x0, w1));
                s10 = _mm256_add_epi32(s10, _mm256_mullo_epi32(x1, w0));
                s11 = _mm256_add_epi32(s11, _mm256_mullo_epi32(x1, w1));
            }
            _mm256_storeu_si256((__m256i *)(c0 + j), s00);
            _mm256_storeu_si256((__m256i *)(c0 + j + 8), s01);
            _mm256_storeu_si256((__m256i *)(c1 + j), s10);
            _mm256_storeu_si256((__m256i *)(c1 + j + 8), s11);
        }
        for (; j < n; j += 8) {
            __m256i s0 = _mm256_setzero_si256(), s1 = s0;
            for (int p = 0; p < k; p++) {
                const __m256i w = _mm256_loadu_si256((const __m256i *)(bT + p * ldb + j));
                s0 = _mm256_add_epi32(s0, _mm256_mullo_epi32(_mm256_set1_epi32(a0[p]), w));
                s1 = _mm256_add_epi32(s1, _mm256_mullo_epi32(_mm256_set1_epi32(a1[p]), w));
            }
            _mm256_storeu_si256((__m256i *)(c0 + j), s0);
            _mm256_storeu_si256((__m256i *)(c1 + j), s1);
        }
    }
    if (i < m) broadcast_scalar(m, n, k, a, lda, bT, ldb, c, ldc, i);
}
#define CLK_HAVE_AVX2_BROADCAST 1
#endif

void clk_int8_gemm_broadcast(int m, int n, int k, const int8_t *a, int lda, const int32_t *bT, int ldb,
                             int32_t *c, int ldc) {
#ifdef CLK_HAVE_AVX2_BROADCAST
    if (clk_active_isa() >= CLK_ISA_AVX2) {
        broadcast_avx2(m, n, k, a, lda, bT, ldb, c, ldc);
        return;
    }
#endif
    broadcast_scalar(m, n, k, a, lda, bT, ldb, c, ldc, 0);
}

// The same product with the rows of a read straight from an NHWC image instead of im2col rows: output
// position (oy, ox) takes a[p] = image[oy*row_step + ox*column_step + taps[p]] (a window inside the image).
static void conv_taps_scalar(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                             const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc) {
    for (int oy = 0; oy < out_h; oy++)
        for (int ox = 0; ox < out_w; ox++) {
            const int8_t *x = image + oy * row_step + ox * column_step;
            int32_t *row = c + (oy * out_w + ox) * ldc;
            for (int j = 0; j < n; j++) {
                uint32_t sum = 0;
                for (int p = 0; p < k; p++) sum += (uint32_t)((int32_t)x[taps[p]] * bT[p * n + j]);
                row[j] = (int32_t)sum;
            }
        }
}

#ifdef CLK_HAVE_AVX2_BROADCAST
// Two neighbouring positions of one output row and 16 channels (then 8) per block.
__attribute__((target("avx2")))
static void conv_taps_avx2(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                           const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc) {
    for (int oy = 0; oy < out_h; oy++) {
        int ox = 0;
        for (; ox + 2 <= out_w; ox += 2) {
            const int8_t *x0 = image + oy * row_step + ox * column_step, *x1 = x0 + column_step;
            int32_t *c0 = c + (oy * out_w + ox) * ldc, *c1 = c0 + ldc;
            int j = 0;
            for (; j + 16 <= n; j += 16) {
                __m256i s00 = _mm256_setzero_si256(), s01 = s00, s10 = s00, s11 = s00;
                for (int p = 0; p < k; p++) {
                    const __m256i w0 = _mm256_loadu_si256((const __m256i *)(bT + p * n + j));
                    const __m256i w1 = _mm256_loadu_si256((const __m256i *)(bT + p * n + j + 8));
                    const __m256i v0 = _mm256_set1_epi32(x0[taps[p]]), v1 = _mm256_set1_epi32(x1[taps[p]]);
                    s00 = _mm256_add_epi32(s00, _mm256_mullo_epi32(v0, w0));
                    s01 = _mm256_add_epi32(s01, _mm256_mullo_epi32(v0, w1));
                    s10 = _mm256_add_epi32(s10, _mm256_mullo_epi32(v1, w0));
                    s11 = _mm256_add_epi32(s11, _mm256_mullo_epi32(v1, w1));
                }
                _mm256_storeu_si256((__m256i *)(c0 + j), s00);
                _mm256_storeu_si256((__m256i *)(c0 + j + 8), s01);
                _mm256_storeu_si256((__m256i *)(c1 + j), s10);
                _mm256_storeu_si256((__m256i *)(c1 + j + 8), s11);
            }
            for (; j < n; j += 8) {
                __m256i s0 = _mm256_setzero_si256(), s1 = s0;
                for (int p = 0; p < k; p++) {
                    const __m256i w = _mm256_loadu_si256((const __m256i *)(bT + p * n + j));
                    s0 = _mm256_add_epi32(s0, _mm256_mullo_epi32(_mm256_set1_epi32(x0[taps[p]]), w));
                    s1 = _mm256_add_epi32(s1, _mm256_mullo_epi32(_mm256_set1_epi32(x1[taps[p]]), w));
                }
                _mm256_storeu_si256((__m256i *)(c0 + j), s0);
                _mm256_storeu_si256((__m256i *)(c1 + j), s1);
            }
        }
        if (ox < out_w) {
            const int8_t *x0 = image + oy * row_step + ox * column_step;
            int32_t *c0 = c + (oy * out_w + ox) * ldc;
            for (int j = 0; j < n; j += 8) {
                __m256i s0 = _mm256_setzero_si256();
                for (int p = 0; p < k; p++) {
                    const __m256i w = _mm256_loadu_si256((const __m256i *)(bT + p * n + j));
                    s0 = _mm256_add_epi32(s0, _mm256_mullo_epi32(_mm256_set1_epi32(x0[taps[p]]), w));
                }
                _mm256_storeu_si256((__m256i *)(c0 + j), s0);
            }
        }
    }
}
#endif

void clk_int8_conv_broadcast(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                             const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc) {
#ifdef CLK_HAVE_AVX2_BROADCAST
    if (clk_active_isa() >= CLK_ISA_AVX2) {
        conv_taps_avx2(image, out_h, out_w, row_step, column_step, taps, k, bT, n, c, ldc);
        return;
    }
#endif
    conv_taps_scalar(image, out_h, out_w, row_step, column_step, taps, k, bT, n, c, ldc);
}
