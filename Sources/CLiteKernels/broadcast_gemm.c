// c[i*ldc + j] = sum_p a[i*lda + p] * bT[p*ldb + j]: the int8 x int32 product of LiteKernels'
// int8GemmBroadcast (short k, right operand stored k-major and widened to int32), exact int32 wrapping sums.
// AVX2: two rows of a and sixteen channels per block, so each weight load feeds two multiplies and each
// broadcast a value two more.
// The in-place convolution (clk_int8_conv_broadcast) also has vpdpbusd variants, on groups of 4 taps
// (lanes_vnni_body.h).
#include "clitekernels.h"
#include "lanes_internal.h"

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
// Taps in pairs for vpmaddwd: one 32-bit lane holds two int16 values (low = tap 2q, high = tap 2q + 1, an
// odd last tap paired with 0), so one multiply-add covers two taps of eight channels, where vpmulld covered
// one. int8 x int8 products and their pair sums fit int16 x int16 -> int32 exactly (no saturation).
#define CLK_PAIR_WEIGHTS_MAX 4096

static inline uint32_t clk_int16_pair(int32_t low, int32_t high) {
    return (uint32_t)(uint16_t)(int16_t)low | ((uint32_t)high << 16);
}

// Two neighbouring positions of one output row and 16 channels (then 8) per block; pairs[q * n + j] holds
// channel j's weights for taps 2q and 2q + 1.
__attribute__((target("avx2")))
static void conv_tap_pairs_avx2(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                                const int32_t *taps, int k, const uint32_t *pairs, int n, int32_t *c, int ldc) {
    const int full = k / 2, odd = k & 1;
    for (int oy = 0; oy < out_h; oy++) {
        for (int ox = 0; ox < out_w; ox += 2) {
            // The last odd column computes its neighbour from its own window again, and stores only itself.
            const int two = ox + 1 < out_w;
            const int8_t *x0 = image + oy * row_step + ox * column_step, *x1 = x0 + (two ? column_step : 0);
            uint32_t p0[16], p1[16];
            for (int q = 0; q < full; q++) {
                const int32_t a = taps[2 * q], b = taps[2 * q + 1];
                p0[q] = clk_int16_pair(x0[a], x0[b]);
                p1[q] = clk_int16_pair(x1[a], x1[b]);
            }
            if (odd) {
                p0[full] = clk_int16_pair(x0[taps[k - 1]], 0);
                p1[full] = clk_int16_pair(x1[taps[k - 1]], 0);
            }
            const int count = full + odd;
            int32_t *c0 = c + (oy * out_w + ox) * ldc, *c1 = c0 + ldc;
            int j = 0;
            for (; j + 16 <= n; j += 16) {
                __m256i s00 = _mm256_setzero_si256(), s01 = s00, s10 = s00, s11 = s00;
                for (int q = 0; q < count; q++) {
                    const __m256i w0 = _mm256_loadu_si256((const __m256i *)(pairs + q * n + j));
                    const __m256i w1 = _mm256_loadu_si256((const __m256i *)(pairs + q * n + j + 8));
                    const __m256i v0 = _mm256_set1_epi32((int32_t)p0[q]), v1 = _mm256_set1_epi32((int32_t)p1[q]);
                    s00 = _mm256_add_epi32(s00, _mm256_madd_epi16(v0, w0));
                    s01 = _mm256_add_epi32(s01, _mm256_madd_epi16(v0, w1));
                    s10 = _mm256_add_epi32(s10, _mm256_madd_epi16(v1, w0));
                    s11 = _mm256_add_epi32(s11, _mm256_madd_epi16(v1, w1));
                }
                _mm256_storeu_si256((__m256i *)(c0 + j), s00);
                _mm256_storeu_si256((__m256i *)(c0 + j + 8), s01);
                if (two) {
                    _mm256_storeu_si256((__m256i *)(c1 + j), s10);
                    _mm256_storeu_si256((__m256i *)(c1 + j + 8), s11);
                }
            }
            for (; j < n; j += 8) {
                __m256i s0 = _mm256_setzero_si256(), s1 = s0;
                for (int q = 0; q < count; q++) {
                    const __m256i w = _mm256_loadu_si256((const __m256i *)(pairs + q * n + j));
                    s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(_mm256_set1_epi32((int32_t)p0[q]), w));
                    s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(_mm256_set1_epi32((int32_t)p1[q]), w));
                }
                _mm256_storeu_si256((__m256i *)(c0 + j), s0);
                if (two) _mm256_storeu_si256((__m256i *)(c1 + j), s1);
            }
        }
    }
}

// One input channel at stride 1 (column_step 1): the tap p values of eight neighbouring output positions are
// eight contiguous bytes, so positions go in the vector lanes instead. Per pair of taps, the two 8-byte
// rows are interleaved and widened to int16 pairs once, then one vpmaddwd per channel against its broadcast
// weight pair; an 8 x 8 transpose stores each position's eight channels. The last block of a row overlaps the
// previous one (out_w >= 8), rewriting the same values.
__attribute__((target("avx2"), always_inline))
static inline void conv_positions_body(const int8_t *image, int out_h, int out_w, int row_step, const int32_t *taps,
                                       int k, const uint32_t *pairs, int n, int32_t *c, int ldc) {
    const int count = (k + 1) / 2;
    for (int oy = 0; oy < out_h; oy++) {
        for (int block = 0; block < out_w; block += 8) {
            const int ox = block + 8 <= out_w ? block : out_w - 8;
            const int8_t *x = image + oy * row_step + ox;
            __m256i xs[16];
            for (int q = 0; q < count; q++) {
                const __m128i a = _mm_loadl_epi64((const __m128i *)(x + taps[2 * q]));
                const __m128i b = 2 * q + 1 < k ? _mm_loadl_epi64((const __m128i *)(x + taps[2 * q + 1]))
                                                : _mm_setzero_si128();
                xs[q] = _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(a, b));
            }
            int32_t *out = c + (oy * out_w + ox) * ldc;
            for (int j = 0; j < n; j += 8) {
                __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (int q = 0; q < count; q++) {
                    const int32_t *w = (const int32_t *)(pairs + q * n + j);
                    s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[0])));
                    s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[1])));
                    s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[2])));
                    s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[3])));
                    s4 = _mm256_add_epi32(s4, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[4])));
                    s5 = _mm256_add_epi32(s5, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[5])));
                    s6 = _mm256_add_epi32(s6, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[6])));
                    s7 = _mm256_add_epi32(s7, _mm256_madd_epi16(xs[q], _mm256_set1_epi32(w[7])));
                }
                // s_ch[i] is position i, channel j + ch: transpose to rows of positions.
                const __m256i t0 = _mm256_unpacklo_epi32(s0, s1), t1 = _mm256_unpackhi_epi32(s0, s1);
                const __m256i t2 = _mm256_unpacklo_epi32(s2, s3), t3 = _mm256_unpackhi_epi32(s2, s3);
                const __m256i t4 = _mm256_unpacklo_epi32(s4, s5), t5 = _mm256_unpackhi_epi32(s4, s5);
                const __m256i t6 = _mm256_unpacklo_epi32(s6, s7), t7 = _mm256_unpackhi_epi32(s6, s7);
                const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
                const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
                const __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
                const __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
                _mm256_storeu_si256((__m256i *)(out + 0 * ldc + j), _mm256_permute2x128_si256(u0, u4, 0x20));
                _mm256_storeu_si256((__m256i *)(out + 1 * ldc + j), _mm256_permute2x128_si256(u1, u5, 0x20));
                _mm256_storeu_si256((__m256i *)(out + 2 * ldc + j), _mm256_permute2x128_si256(u2, u6, 0x20));
                _mm256_storeu_si256((__m256i *)(out + 3 * ldc + j), _mm256_permute2x128_si256(u3, u7, 0x20));
                _mm256_storeu_si256((__m256i *)(out + 4 * ldc + j), _mm256_permute2x128_si256(u0, u4, 0x31));
                _mm256_storeu_si256((__m256i *)(out + 5 * ldc + j), _mm256_permute2x128_si256(u1, u5, 0x31));
                _mm256_storeu_si256((__m256i *)(out + 6 * ldc + j), _mm256_permute2x128_si256(u2, u6, 0x31));
                _mm256_storeu_si256((__m256i *)(out + 7 * ldc + j), _mm256_permute2x128_si256(u3, u7, 0x31));
            }
        }
    }
}

// A 3 x 3 filter (k = 9, the usual first layer) gets its own copy of the body with k a constant: the five
// widened tap pairs then stay in registers instead of a stack array.
__attribute__((target("avx2")))
static void conv_positions_avx2(const int8_t *image, int out_h, int out_w, int row_step, const int32_t *taps,
                                int k, const uint32_t *pairs, int n, int32_t *c, int ldc) {
    if (k == 9)
        conv_positions_body(image, out_h, out_w, row_step, taps, 9, pairs, n, c, ldc);
    else
        conv_positions_body(image, out_h, out_w, row_step, taps, k, pairs, n, c, ldc);
}
#endif

void clk_int8_conv_broadcast(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                             const int32_t *taps, int k, const int32_t *bT, int n, int32_t *c, int ldc) {
#ifdef CLK_HAVE_AVX2_BROADCAST
    const clk_isa isa = clk_active_isa();
    const int groups = (k + 3) / 4;
    if ((isa == CLK_ISA_AVX512_VNNI || isa == CLK_ISA_AVX_VNNI) && k <= 32 && (groups + 1) * n <= CLK_PAIR_WEIGHTS_MAX) {
        // Groups of 4 taps for vpdpbusd: quads[q * n + j] holds channel j's weights for taps 4q .. 4q + 3 (0 past
        // k) as bytes, then bias[j] = -128 * the sum of channel j's weights (see lanes_vnni_body.h).
        int32_t quads[CLK_PAIR_WEIGHTS_MAX];
        int32_t *bias = quads + groups * n;
        for (int j = 0; j < n; j++) {
            uint32_t sum = 0;
            for (int q = 0; q < groups; q++) {
                uint32_t group = 0;
                for (int t = 0; t < 4 && 4 * q + t < k; t++) {
                    group |= (uint32_t)(uint8_t)(int8_t)bT[(4 * q + t) * n + j] << (8 * t);
                    sum += (uint32_t)bT[(4 * q + t) * n + j];
                }
                quads[q * n + j] = (int32_t)group;
            }
            bias[j] = (int32_t)(0u - 128u * sum);
        }
        if (isa == CLK_ISA_AVX512_VNNI)
            clk_conv_taps_avx512vnni(image, out_h, out_w, row_step, column_step, taps, k, quads, bias, n, c, ldc);
        else
            clk_conv_taps_avxvnni(image, out_h, out_w, row_step, column_step, taps, k, quads, bias, n, c, ldc);
        return;
    }
    const int count = (k + 1) / 2;
    if (isa >= CLK_ISA_AVX2 && k <= 32 && count * n <= CLK_PAIR_WEIGHTS_MAX) {
        uint32_t pairs[CLK_PAIR_WEIGHTS_MAX];
        for (int q = 0; q < count; q++)
            for (int j = 0; j < n; j++)
                pairs[q * n + j] = clk_int16_pair(bT[2 * q * n + j], 2 * q + 1 < k ? bT[(2 * q + 1) * n + j] : 0);
        if (column_step == 1 && out_w >= 8)
            conv_positions_avx2(image, out_h, out_w, row_step, taps, k, pairs, n, c, ldc);
        else
            conv_tap_pairs_avx2(image, out_h, out_w, row_step, column_step, taps, k, pairs, n, c, ldc);
        return;
    }
#endif
    conv_taps_scalar(image, out_h, out_w, row_step, column_step, taps, k, bT, n, c, ldc);
}
