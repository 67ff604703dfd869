// Shared by the hybrid kernels (hybrid_rows.c, hybrid_pool.c); not public. Float steps with Swift's rules.
#ifndef CLK_HYBRID_INTERNAL_H
#define CLK_HYBRID_INTERNAL_H

#include <stdint.h>

// x*y + z must stay a rounded product and a rounded sum, as in Swift.
#pragma STDC FP_CONTRACT OFF

// Swift.min(Swift.max(v, lo), hi): lo when v <= lo, hi when v > hi, else v (NaN stays NaN).
static inline float clamp_swift(float v, float lo, float hi) {
    v = lo >= v ? lo : v;
    return hi < v ? hi : v;
}

// The hybrid CONV_2D output value of accumulator `acc` (LiteKernels' hybridConvPerChannel): wrapping int32
// correction, then a rounded product, product and sum in that order.
static inline float hybrid_value(int32_t acc, int32_t correction, float scale, float input_scale, float bias) {
    const int32_t a = (int32_t)((uint32_t)acc - (uint32_t)correction);
    return (float)a * scale * input_scale + bias;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CLK_HYBRID_X86 1

#define AVX2_ATTR __attribute__((target("avx2")))
#define F512_ATTR __attribute__((target("avx2,avx512f,avx512bw,avx512vl")))

F512_ATTR static inline __m512 clamp16(__m512 v, __m512 lo, __m512 hi) {
    v = _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, lo, _CMP_LE_OQ), lo);
    return _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, hi, _CMP_GT_OQ), hi);
}

AVX2_ATTR static inline __m256 clamp8(__m256 v, __m256 lo, __m256 hi) {
    v = _mm256_blendv_ps(v, lo, _mm256_cmp_ps(v, lo, _CMP_LE_OQ));
    return _mm256_blendv_ps(v, hi, _mm256_cmp_ps(v, hi, _CMP_GT_OQ));
}

// hybrid_value on 16 (8) lanes: the same operations in the same order; `correction` is offset * sums.
F512_ATTR static inline __m512 hybrid_value16(__m512i acc, __m512i correction, __m512 scale, __m512 input_scale,
                                              __m512 bias) {
    const __m512 a = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, correction));
    return _mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(a, scale), input_scale), bias);
}

AVX2_ATTR static inline __m256 hybrid_value8(__m256i acc, __m256i correction, __m256 scale, __m256 input_scale,
                                             __m256 bias) {
    const __m256 a = _mm256_cvtepi32_ps(_mm256_sub_epi32(acc, correction));
    return _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(a, scale), input_scale), bias);
}

#endif

#endif
