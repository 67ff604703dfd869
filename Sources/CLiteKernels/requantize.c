// Requantization of int32 accumulator rows to int8, bit-equal to LiteKernels' OutputRescale.requantize
// (the branch-free form of TFLite's MultiplyByQuantizedMultiplier for multipliers >= 0, then the output
// offset and the activation clamp). Shift amounts are taken modulo 32 like Swift's &<< and &>>, and the
// int8 store truncates like Int8(truncatingIfNeeded:), so every input agrees with the Swift function.
#include "clitekernels.h"

#include <stdint.h>

static inline int8_t requantize_one(int32_t acc, int32_t offset, int32_t multiplier, int32_t left, int32_t right,
                                    int32_t output_offset, int32_t lo, int32_t hi) {
    const uint32_t x = ((uint32_t)acc + (uint32_t)offset) << (left & 31);
    const int64_t product = (int64_t)(int32_t)x * (int64_t)multiplier;
    const int32_t high = (int32_t)(uint32_t)((uint64_t)(product + (1LL << 30)) >> 31);
    const int32_t mask = (int32_t)((1u << (right & 31)) - 1u);
    const int32_t threshold = (int32_t)((uint32_t)(mask >> 1) - (uint32_t)(high >> 31));
    const int32_t rounded = (int32_t)((uint32_t)(high >> (right & 31)) + ((high & mask) > threshold ? 1u : 0u));
    int32_t v = (int32_t)((uint32_t)rounded + (uint32_t)output_offset);
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    return (int8_t)v;
}

static void requantize_rows_scalar(const int32_t *acc, int rows, int stride, int channels, const int32_t *offsets,
                                   const int32_t *multipliers, const int32_t *left_shifts, const int32_t *right_shifts,
                                   int32_t output_offset, int32_t lo, int32_t hi, int8_t *out, int out_stride,
                                   int first_channel) {
    for (int r = 0; r < rows; r++)
        for (int c = first_channel; c < channels; c++)
            out[r * out_stride + c] = requantize_one(acc[r * stride + c], offsets[c], multipliers[c], left_shifts[c],
                                                     right_shifts[c], output_offset, lo, hi);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// 8 channels per step. The 32x32 -> 64-bit products come from vpmuldq on the even lanes and on the odd
// lanes shifted down; bits 31..62 of product + 2^30 are the rounded high half, placed back into the
// even/odd dwords by a right shift (even) and a left shift by one (odd).
__attribute__((target("avx2")))
static void requantize_rows_avx2(const int32_t *acc, int rows, int stride, int channels, const int32_t *offsets,
                                 const int32_t *multipliers, const int32_t *left_shifts, const int32_t *right_shifts,
                                 int32_t output_offset, int32_t lo, int32_t hi, int8_t *out, int out_stride) {
    const int vector_channels = channels & ~7;
    const __m256i nudge = _mm256_set1_epi64x(1LL << 30), thirty_one = _mm256_set1_epi32(31);
    const __m256i one = _mm256_set1_epi32(1), offset_v = _mm256_set1_epi32(output_offset);
    const __m256i lo_v = _mm256_set1_epi32(lo), hi_v = _mm256_set1_epi32(hi);
    // Byte 0 of each dword to the low 4 bytes of each 128-bit lane, then both lanes' dwords together.
    const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m256i gather = _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0);
    for (int r = 0; r < rows; r++) {
        const int32_t *row = acc + r * stride;
        int8_t *dst = out + r * out_stride;
        for (int c = 0; c < vector_channels; c += 8) {
            const __m256i left = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(left_shifts + c)), thirty_one);
            const __m256i right = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(right_shifts + c)), thirty_one);
            const __m256i m = _mm256_loadu_si256((const __m256i *)(multipliers + c));
            __m256i x = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(row + c)),
                                         _mm256_loadu_si256((const __m256i *)(offsets + c)));
            x = _mm256_sllv_epi32(x, left);
            const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, m), nudge), 31);
            const __m256i odd = _mm256_slli_epi64(
                _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(m, 32)), nudge), 1);
            const __m256i high = _mm256_blend_epi32(even, odd, 0xAA);
            const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
            const __m256i threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_srai_epi32(high, 31));
            const __m256i round_up = _mm256_cmpgt_epi32(_mm256_and_si256(high, mask), threshold);  // -1 or 0
            __m256i v = _mm256_sub_epi32(_mm256_srav_epi32(high, right), round_up);
            v = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(v, offset_v), lo_v), hi_v);
            const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, pick), gather);
            _mm_storel_epi64((__m128i *)(dst + c), _mm256_castsi256_si128(bytes));
        }
    }
    if (vector_channels < channels)
        requantize_rows_scalar(acc, rows, stride, channels, offsets, multipliers, left_shifts, right_shifts,
                               output_offset, lo, hi, out, out_stride, vector_channels);
}
#define CLK_HAVE_AVX2_REQUANTIZE 1
#endif

void clk_requantize_rows(const int32_t *acc, int rows, int stride, int channels, const int32_t *offsets,
                         const int32_t *multipliers, const int32_t *left_shifts, const int32_t *right_shifts,
                         int32_t output_offset, int32_t min, int32_t max, int8_t *out, int out_stride) {
#ifdef CLK_HAVE_AVX2_REQUANTIZE
    if (clk_active_isa() >= CLK_ISA_AVX2) {
        requantize_rows_avx2(acc, rows, stride, channels, offsets, multipliers, left_shifts, right_shifts,
                             output_offset, min, max, out, out_stride);
        return;
    }
#endif
    requantize_rows_scalar(acc, rows, stride, channels, offsets, multipliers, left_shifts, right_shifts,
                           output_offset, min, max, out, out_stride, 0);
}
