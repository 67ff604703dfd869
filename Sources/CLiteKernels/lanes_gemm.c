// c[i*ldc + j] = sum_p a[i*lda + p] * b[j][p] with the weights packed once (clk_int8_pack_lanes) so that
// output channels sit in vector lanes: no horizontal sums. Each int32 of the packed form holds two taps
// of one channel as int16 (low = even tap); an int32 broadcast of two int16 input taps and one
// vpmaddwd then add the two products of eight channels at once. int8 x int8 pairs fit int32 exactly, so
// the sums are the exact wrapping int32 sums of the reference. The VNNI variants (lanes_vnni_body.h) take
// four taps per int32 instead, from a second layout packed alongside.
#include "clitekernels.h"
#include "lanes_internal.h"

#include <stdint.h>
#include <stdlib.h>

static inline int32_t pair16(int lo, int hi) {
    return (int32_t)((uint32_t)(uint16_t)(int16_t)lo | ((uint32_t)(uint16_t)(int16_t)hi << 16));
}

int clk_int8_lanes_packed_count(int n, int k) { return n * ((k + 1) / 2 + (k + 3) / 4 + 1); }

void clk_int8_pack_lanes(int n, int k, const int8_t *b, int ldb, int32_t *packed) {
    const int pairs = (k + 1) / 2, quads = (k + 3) / 4;
    int32_t *groups = packed + n * pairs, *bias = groups + n * quads;
    for (int j = 0; j < n; j++) {
        const int8_t *row = b + j * ldb;
        int32_t *dst = packed + (j / 8) * pairs * 8 + j % 8;
        for (int p = 0; p < pairs; p++) dst[p * 8] = pair16(row[2 * p], 2 * p + 1 < k ? row[2 * p + 1] : 0);
        uint32_t sum = 0;
        for (int q = 0; q < quads; q++) {
            uint32_t group = 0;
            for (int t = 0; t < 4 && 4 * q + t < k; t++) group |= (uint32_t)(uint8_t)row[4 * q + t] << (8 * t);
            groups[q * n + j] = (int32_t)group;
        }
        for (int p = 0; p < k; p++) sum += (uint32_t)(int32_t)row[p];
        bias[j] = (int32_t)(0u - 128u * sum);
    }
}

static void lanes_scalar(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                         int ldc) {
    // Row by row, pair of taps by pair, 8 channels at a time: the inner loop reads 8 contiguous packed
    // pairs, so the compiler can vectorize it even for baseline x86-64. Wrapping sums in any order.
    const int pairs = (k + 1) / 2;
    for (int i = 0; i < m; i++) {
        const int8_t *row = a + i * lda;
        uint32_t *out = (uint32_t *)(c + i * ldc);
        for (int j = 0; j < n; j++) out[j] = 0;
        for (int p = 0; p < pairs; p++) {
            const int32_t x0 = row[2 * p], x1 = 2 * p + 1 < k ? row[2 * p + 1] : 0;
            for (int jb = 0; jb < n; jb += 8) {
                const int32_t *w = packed + (jb / 8) * pairs * 8 + p * 8;
                for (int l = 0; l < 8; l++)
                    out[jb + l] += (uint32_t)(x0 * (int32_t)(int16_t)(w[l] & 0xffff) + x1 * (int32_t)(int16_t)(w[l] >> 16));
            }
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define ROWS CLK_LANES_ROWS
typedef clk_conv_rows conv_rows;

// Four rows of a (or of `conv` when not NULL), widened to int16 pairs in `x` (rows past m are zero), times 16
// or 8 channels.
__attribute__((target("avx2")))
static void lanes_avx2(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                       int ldc, int32_t *x, const conv_rows *conv) {
    const int pairs = (k + 1) / 2;
    for (int i = 0; i < m; i += ROWS) {
        const int rows = m - i < ROWS ? m - i : ROWS;
        for (int r = 0; r < ROWS; r++) {
            int32_t *dst = x + r * pairs;
            if (r >= rows) {
                for (int p = 0; p < pairs; p++) dst[p] = 0;
                continue;
            }
            if (conv) {
                const int position = i + r;
                const int8_t *segment = conv->image + (position / conv->out_w) * conv->row_step
                                        + (position % conv->out_w) * conv->column_step;
                int p = 0;
                for (int s = 0; s < conv->segments; s++, segment += conv->segment_stride)
                    for (int b = 0; b < conv->segment_bytes; b += 16, p += 8)
                        _mm256_storeu_si256((__m256i *)(dst + p), _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(segment + b))));
                continue;
            }
            const int8_t *src = a + (i + r) * lda;
            int p = 0;
            for (; 2 * p + 16 <= k; p += 8)
                _mm256_storeu_si256((__m256i *)(dst + p), _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(src + 2 * p))));
            for (; p < pairs; p++) dst[p] = pair16(src[2 * p], 2 * p + 1 < k ? src[2 * p + 1] : 0);
        }
        const int32_t *x0 = x, *x1 = x0 + pairs, *x2 = x1 + pairs, *x3 = x2 + pairs;
        int j = 0;
        for (; j + 16 <= n; j += 16) {
            const int32_t *w0 = packed + (j / 8) * pairs * 8, *w1 = w0 + pairs * 8;
            __m256i s00 = _mm256_setzero_si256(), s01 = s00, s10 = s00, s11 = s00;
            __m256i s20 = s00, s21 = s00, s30 = s00, s31 = s00;
            for (int p = 0; p < pairs; p++) {
                const __m256i v0 = _mm256_loadu_si256((const __m256i *)(w0 + p * 8));
                const __m256i v1 = _mm256_loadu_si256((const __m256i *)(w1 + p * 8));
                __m256i b = _mm256_set1_epi32(x0[p]);
                s00 = _mm256_add_epi32(s00, _mm256_madd_epi16(b, v0));
                s01 = _mm256_add_epi32(s01, _mm256_madd_epi16(b, v1));
                b = _mm256_set1_epi32(x1[p]);
                s10 = _mm256_add_epi32(s10, _mm256_madd_epi16(b, v0));
                s11 = _mm256_add_epi32(s11, _mm256_madd_epi16(b, v1));
                b = _mm256_set1_epi32(x2[p]);
                s20 = _mm256_add_epi32(s20, _mm256_madd_epi16(b, v0));
                s21 = _mm256_add_epi32(s21, _mm256_madd_epi16(b, v1));
                b = _mm256_set1_epi32(x3[p]);
                s30 = _mm256_add_epi32(s30, _mm256_madd_epi16(b, v0));
                s31 = _mm256_add_epi32(s31, _mm256_madd_epi16(b, v1));
            }
            const __m256i sums[ROWS][2] = {{s00, s01}, {s10, s11}, {s20, s21}, {s30, s31}};
            for (int r = 0; r < rows; r++) {
                _mm256_storeu_si256((__m256i *)(c + (i + r) * ldc + j), sums[r][0]);
                _mm256_storeu_si256((__m256i *)(c + (i + r) * ldc + j + 8), sums[r][1]);
            }
        }
        for (; j < n; j += 8) {
            const int32_t *w0 = packed + (j / 8) * pairs * 8;
            __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < pairs; p++) {
                const __m256i v0 = _mm256_loadu_si256((const __m256i *)(w0 + p * 8));
                s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(_mm256_set1_epi32(x0[p]), v0));
                s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(_mm256_set1_epi32(x1[p]), v0));
                s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(_mm256_set1_epi32(x2[p]), v0));
                s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(_mm256_set1_epi32(x3[p]), v0));
            }
            const __m256i sums[ROWS] = {s0, s1, s2, s3};
            for (int r = 0; r < rows; r++) _mm256_storeu_si256((__m256i *)(c + (i + r) * ldc + j), sums[r]);
        }
    }
}
#define CLK_HAVE_AVX2_LANES 1

// The variant of the active instruction set; a scratch `x` of ROWS * 512 int32 fits every variant for k <= 1024.
static void lanes_dispatch(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c, int ldc,
                           int32_t *x, const conv_rows *conv) {
    switch (clk_active_isa()) {
    case CLK_ISA_AVX512_VNNI: clk_lanes_avx512vnni(m, n, k, a, lda, packed, c, ldc, x, conv); break;
    case CLK_ISA_AVX_VNNI: clk_lanes_avxvnni(m, n, k, a, lda, packed, c, ldc, x, conv); break;
    default: lanes_avx2(m, n, k, a, lda, packed, c, ldc, x, conv); break;
    }
}
#endif

void clk_int8_gemm_lanes(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                         int ldc) {
#ifdef CLK_HAVE_AVX2_LANES
    if (clk_active_isa() != CLK_ISA_SCALAR) {
        // The widened rows: on the stack for the usual short k, else on the heap (C if that fails).
        int32_t stack[ROWS * 512];
        const size_t pairs = (size_t)((k + 1) / 2);
        int32_t *x = pairs <= 512 ? stack : malloc(ROWS * pairs * sizeof(int32_t));
        if (x) {
            lanes_dispatch(m, n, k, a, lda, packed, c, ldc, x, NULL);
            if (x != stack) free(x);
            return;
        }
    }
#endif
    lanes_scalar(m, n, k, a, lda, packed, c, ldc);
}

int clk_int8_conv_lanes(const int8_t *image, int m, int out_w, int row_step, int column_step, int segments,
                        int segment_bytes, int segment_stride, const int32_t *packed, int n, int32_t *c, int ldc) {
#ifdef CLK_HAVE_AVX2_LANES
    const int k = segments * segment_bytes;
    if (clk_active_isa() != CLK_ISA_SCALAR && segment_bytes > 0 && segment_bytes % 16 == 0 && k <= 1024 && out_w > 0) {
        int32_t x[ROWS * 512];
        const conv_rows conv = {image, out_w, row_step, column_step, segments, segment_bytes, segment_stride};
        lanes_dispatch(m, n, k, NULL, 0, packed, c, ldc, x, &conv);
        return 1;
    }
#endif
    (void)image; (void)m; (void)out_w; (void)row_step; (void)column_step; (void)segments; (void)segment_bytes;
    (void)segment_stride; (void)packed; (void)n; (void)c; (void)ldc;
    return 0;
}
