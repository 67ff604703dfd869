// The float parts of the hybrid (dynamic-range) kernels, vectorized: the range of a row, its quantization
// to int8, and the float rescale of int32 accumulators. Each lane performs LiteKernels' scalar operations
// (HybridKernels.swift) in the same order with the same rounding, so the results are bit-identical; tests
// hold every instruction set equal to the Swift reference.
#include "clitekernels.h"
#include "hybrid_internal.h"

#include <math.h>
#include <stdint.h>

// Float.rounded() (to nearest, ties away from zero) as truncation plus a step: x - trunc(x) is exact.
static inline float round_away(float x) {
    const float t = truncf(x);
    return fabsf(x - t) >= 0.5f ? t + copysignf(1.0f, x) : t;
}

static inline int8_t quantize_one(float x, float inverse, float offset) {
    const float v = clamp_swift(round_away(x * inverse) + offset, -128.0f, 127.0f);
    return v != v ? 0 : (int8_t)v;
}

static void range_scalar(const float *x, int n, float *lo, float *hi) {
    for (int i = 0; i < n; i++) {
        *lo = x[i] < *lo ? x[i] : *lo;
        *hi = x[i] > *hi ? x[i] : *hi;
    }
}

static void quantize_scalar(const float *x, int n, float inverse, float offset, int8_t *out) {
    for (int i = 0; i < n; i++) out[i] = quantize_one(x[i], inverse, offset);
}

static void rescale_scalar(const int32_t *acc, int rows, int stride, int channels, int first, const int32_t *sums,
                           int32_t offset, const float *scales, float input_scale, const float *bias, float lo,
                           float hi, float *out, int out_stride) {
    for (int r = 0; r < rows; r++)
        for (int c = first; c < channels; c++) {
            const int32_t correction = (int32_t)((uint32_t)offset * (uint32_t)sums[c]);
            const float v = hybrid_value(acc[r * stride + c], correction, scales[c], input_scale, bias ? bias[c] : 0.0f);
            out[r * out_stride + c] = clamp_swift(v, lo, hi);
        }
}

#ifdef CLK_HYBRID_X86

// ---- AVX-512: 16 lanes ----

F512_ATTR static void range_avx512(const float *x, int n, float *lo, float *hi) {
    // vminps(v, m) is v < m ? v : m: a NaN or a tie keeps m, as the scalar comparison does.
    __m512 low = _mm512_setzero_ps(), high = _mm512_setzero_ps();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_loadu_ps(x + i);
        low = _mm512_min_ps(v, low);
        high = _mm512_max_ps(v, high);
    }
    // No lane holds a NaN or a -0 (nothing replaces +0 but a strictly smaller or larger number), so the
    // order of the reduction does not matter.
    float l = _mm512_reduce_min_ps(low), h = _mm512_reduce_max_ps(high);
    range_scalar(x + i, n - i, &l, &h);
    *lo = l;
    *hi = h;
}

F512_ATTR static inline __m512 round_away16(__m512 x) {
    const __m512 t = _mm512_roundscale_ps(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m512 frac = _mm512_abs_ps(_mm512_sub_ps(x, t));
    // copysign(1, x) with integer logic (avx512f has no float and/or).
    const __m512i sign = _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u));
    const __m512 step = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(_mm512_set1_ps(1.0f)), sign));
    return _mm512_mask_add_ps(t, _mm512_cmp_ps_mask(frac, _mm512_set1_ps(0.5f), _CMP_GE_OQ), t, step);
}

F512_ATTR static void quantize_avx512(const float *x, int n, float inverse, float offset, int8_t *out) {
    const __m512 inv = _mm512_set1_ps(inverse), off = _mm512_set1_ps(offset);
    const __m512 lo = _mm512_set1_ps(-128.0f), hi = _mm512_set1_ps(127.0f);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = clamp16(_mm512_add_ps(round_away16(_mm512_mul_ps(_mm512_loadu_ps(x + i), inv)), off), lo, hi);
        v = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(v, v, _CMP_ORD_Q), v);  // NaN -> 0
        _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(_mm512_cvttps_epi32(v)));
    }
    quantize_scalar(x + i, n - i, inverse, offset, out + i);
}

F512_ATTR static void rescale_avx512(const int32_t *acc, int rows, int stride, int channels, const int32_t *sums,
                                     int32_t offset, const float *scales, float input_scale, const float *bias,
                                     float lo, float hi, float *out, int out_stride) {
    const __m512i off = _mm512_set1_epi32(offset);
    const __m512 s = _mm512_set1_ps(input_scale), lo_v = _mm512_set1_ps(lo), hi_v = _mm512_set1_ps(hi);
    for (int c = 0; c < channels; c += 16) {
        const __mmask16 m = channels - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (channels - c)) - 1);
        const __m512i correction = _mm512_mullo_epi32(_mm512_maskz_loadu_epi32(m, sums + c), off);
        const __m512 scale = _mm512_maskz_loadu_ps(m, scales + c);
        const __m512 b = bias ? _mm512_maskz_loadu_ps(m, bias + c) : _mm512_setzero_ps();
        for (int r = 0; r < rows; r++) {
            const __m512 v = hybrid_value16(_mm512_maskz_loadu_epi32(m, acc + r * stride + c), correction, scale, s, b);
            _mm512_mask_storeu_ps(out + r * out_stride + c, m, clamp16(v, lo_v, hi_v));
        }
    }
}

// ---- AVX2: 8 lanes ----

AVX2_ATTR static void range_avx2(const float *x, int n, float *lo, float *hi) {
    __m256 low = _mm256_setzero_ps(), high = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        low = _mm256_min_ps(v, low);
        high = _mm256_max_ps(v, high);
    }
    float l[8], h[8];
    _mm256_storeu_ps(l, low);
    _mm256_storeu_ps(h, high);
    // Lanes of `low` are <= 0 and lanes of `high` >= 0, so each call moves only its own bound.
    float rl = 0.0f, rh = 0.0f;
    range_scalar(l, 8, &rl, &rh);
    range_scalar(h, 8, &rl, &rh);
    range_scalar(x + i, n - i, &rl, &rh);
    *lo = rl;
    *hi = rh;
}

AVX2_ATTR static inline __m256 round_away8(__m256 x) {
    const __m256 t = _mm256_round_ps(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 frac = _mm256_andnot_ps(sign, _mm256_sub_ps(x, t));
    const __m256 step = _mm256_or_ps(_mm256_set1_ps(1.0f), _mm256_and_ps(x, sign));
    const __m256 up = _mm256_cmp_ps(frac, _mm256_set1_ps(0.5f), _CMP_GE_OQ);
    return _mm256_add_ps(t, _mm256_and_ps(up, step));  // t + 0 when not stepping: t is an integer or ±0
}

AVX2_ATTR static void quantize_avx2(const float *x, int n, float inverse, float offset, int8_t *out) {
    const __m256 inv = _mm256_set1_ps(inverse), off = _mm256_set1_ps(offset);
    const __m256 lo = _mm256_set1_ps(-128.0f), hi = _mm256_set1_ps(127.0f);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 v0 = clamp8(_mm256_add_ps(round_away8(_mm256_mul_ps(_mm256_loadu_ps(x + i), inv)), off), lo, hi);
        __m256 v1 = clamp8(_mm256_add_ps(round_away8(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8), inv)), off), lo, hi);
        v0 = _mm256_and_ps(v0, _mm256_cmp_ps(v0, v0, _CMP_ORD_Q));  // NaN -> 0
        v1 = _mm256_and_ps(v1, _mm256_cmp_ps(v1, v1, _CMP_ORD_Q));
        // Values are integers in -128...127, so the saturating packs are exact.
        const __m256i words = _mm256_packs_epi32(_mm256_cvttps_epi32(v0), _mm256_cvttps_epi32(v1));
        const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
        // packs works per 128-bit lane: bytes hold x0..3, x8..11, x4..7, x12..15.
        _mm_storeu_si128((__m128i *)(out + i), _mm_shuffle_epi32(bytes, _MM_SHUFFLE(3, 1, 2, 0)));
    }
    quantize_scalar(x + i, n - i, inverse, offset, out + i);
}

AVX2_ATTR static void rescale_avx2(const int32_t *acc, int rows, int stride, int channels, const int32_t *sums,
                                   int32_t offset, const float *scales, float input_scale, const float *bias,
                                   float lo, float hi, float *out, int out_stride) {
    const int vector_channels = channels & ~7;
    const __m256i off = _mm256_set1_epi32(offset);
    const __m256 s = _mm256_set1_ps(input_scale), lo_v = _mm256_set1_ps(lo), hi_v = _mm256_set1_ps(hi);
    for (int c = 0; c < vector_channels; c += 8) {
        const __m256i correction = _mm256_mullo_epi32(_mm256_loadu_si256((const __m256i *)(sums + c)), off);
        const __m256 scale = _mm256_loadu_ps(scales + c);
        const __m256 b = bias ? _mm256_loadu_ps(bias + c) : _mm256_setzero_ps();
        for (int r = 0; r < rows; r++) {
            const __m256 v =
                hybrid_value8(_mm256_loadu_si256((const __m256i *)(acc + r * stride + c)), correction, scale, s, b);
            _mm256_storeu_ps(out + r * out_stride + c, clamp8(v, lo_v, hi_v));
        }
    }
    if (vector_channels < channels)
        rescale_scalar(acc, rows, stride, channels, vector_channels, sums, offset, scales, input_scale, bias, lo, hi,
                       out, out_stride);
}
#endif

void clk_float_range(const float *x, int n, float *min_out, float *max_out) {
#ifdef CLK_HYBRID_X86
    if (clk_active_isa() == CLK_ISA_AVX512_VNNI) { range_avx512(x, n, min_out, max_out); return; }
    if (clk_active_isa() >= CLK_ISA_AVX2) { range_avx2(x, n, min_out, max_out); return; }
#endif
    float lo = 0.0f, hi = 0.0f;
    range_scalar(x, n, &lo, &hi);
    *min_out = lo;
    *max_out = hi;
}

void clk_quantize_floats(const float *x, int n, float inverse, int32_t offset, int8_t *out) {
#ifdef CLK_HYBRID_X86
    if (clk_active_isa() == CLK_ISA_AVX512_VNNI) { quantize_avx512(x, n, inverse, (float)offset, out); return; }
    if (clk_active_isa() >= CLK_ISA_AVX2) { quantize_avx2(x, n, inverse, (float)offset, out); return; }
#endif
    quantize_scalar(x, n, inverse, (float)offset, out);
}

void clk_hybrid_rescale_rows(const int32_t *acc, int rows, int stride, int channels, const int32_t *sums,
                             int32_t offset, const float *scales, float input_scale, const float *bias, float lo,
                             float hi, float *out, int out_stride) {
#ifdef CLK_HYBRID_X86
    if (clk_active_isa() == CLK_ISA_AVX512_VNNI) {
        rescale_avx512(acc, rows, stride, channels, sums, offset, scales, input_scale, bias, lo, hi, out, out_stride);
        return;
    }
    if (clk_active_isa() >= CLK_ISA_AVX2) {
        rescale_avx2(acc, rows, stride, channels, sums, offset, scales, input_scale, bias, lo, hi, out, out_stride);
        return;
    }
#endif
    rescale_scalar(acc, rows, stride, channels, 0, sums, offset, scales, input_scale, bias, lo, hi, out, out_stride);
}
