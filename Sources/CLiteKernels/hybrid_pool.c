// A hybrid CONV_2D's float rescale fused with the MAX_POOL_2D after it: every pool window rescales and
// clamps its conv pixels exactly as clk_hybrid_rescale_rows would write them, takes their maximum in window
// order as LiteKernels' maxPoolFloat(Fast) does (a pixel replaces the running maximum, from -FLT_MAX, when
// it is >= it) and clamps it to the pool's range. Same operations in the same order, so the same bits as the
// two separate kernels, without writing the conv output.
#include "clitekernels.h"
#include "hybrid_internal.h"

#include <float.h>
#include <stdint.h>

typedef struct {
    const int32_t *acc;
    int columns, stride, channels;
    const int32_t *sums;
    int32_t offset;
    const float *scales;
    float input_scale;
    const float *bias;
    float conv_lo, conv_hi;
    int out_h, out_w, stride_h, stride_w, filter_h, filter_w;
    float pool_lo, pool_hi;
    float *out;
} hybrid_pool_job;

static void pool_scalar(const hybrid_pool_job *j, int first_channel) {
    for (int c = first_channel; c < j->channels; c++) {
        const int32_t correction = (int32_t)((uint32_t)j->offset * (uint32_t)j->sums[c]);
        const float bias = j->bias ? j->bias[c] : 0.0f;
        for (int py = 0; py < j->out_h; py++)
            for (int px = 0; px < j->out_w; px++) {
                float m = -FLT_MAX;
                for (int fy = 0; fy < j->filter_h; fy++)
                    for (int fx = 0; fx < j->filter_w; fx++) {
                        const int pixel = (py * j->stride_h + fy) * j->columns + px * j->stride_w + fx;
                        const float v = clamp_swift(hybrid_value(j->acc[pixel * j->stride + c], correction,
                                                                 j->scales[c], j->input_scale, bias),
                                                    j->conv_lo, j->conv_hi);
                        m = v >= m ? v : m;
                    }
                j->out[(py * j->out_w + px) * j->channels + c] = clamp_swift(m, j->pool_lo, j->pool_hi);
            }
    }
}

#ifdef CLK_HYBRID_X86

F512_ATTR static void pool_avx512(const hybrid_pool_job *j) {
    const __m512 s = _mm512_set1_ps(j->input_scale);
    const __m512 conv_lo = _mm512_set1_ps(j->conv_lo), conv_hi = _mm512_set1_ps(j->conv_hi);
    const __m512 pool_lo = _mm512_set1_ps(j->pool_lo), pool_hi = _mm512_set1_ps(j->pool_hi);
    const __m512i off = _mm512_set1_epi32(j->offset);
    for (int c = 0; c < j->channels; c += 16) {
        const int left = j->channels - c;
        const __mmask16 k = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        const __m512i correction = _mm512_mullo_epi32(_mm512_maskz_loadu_epi32(k, j->sums + c), off);
        const __m512 scale = _mm512_maskz_loadu_ps(k, j->scales + c);
        const __m512 b = j->bias ? _mm512_maskz_loadu_ps(k, j->bias + c) : _mm512_setzero_ps();
        for (int py = 0; py < j->out_h; py++)
            for (int px = 0; px < j->out_w; px++) {
                __m512 m = _mm512_set1_ps(-FLT_MAX);
                for (int fy = 0; fy < j->filter_h; fy++)
                    for (int fx = 0; fx < j->filter_w; fx++) {
                        const int pixel = (py * j->stride_h + fy) * j->columns + px * j->stride_w + fx;
                        const __m512i a = _mm512_maskz_loadu_epi32(k, j->acc + pixel * j->stride + c);
                        const __m512 v = clamp16(hybrid_value16(a, correction, scale, s, b), conv_lo, conv_hi);
                        m = _mm512_mask_mov_ps(m, _mm512_cmp_ps_mask(v, m, _CMP_GE_OQ), v);
                    }
                _mm512_mask_storeu_ps(j->out + (py * j->out_w + px) * j->channels + c, k, clamp16(m, pool_lo, pool_hi));
            }
    }
}

AVX2_ATTR static void pool_avx2(const hybrid_pool_job *j) {
    const int vector_channels = j->channels & ~7;
    const __m256 s = _mm256_set1_ps(j->input_scale);
    const __m256 conv_lo = _mm256_set1_ps(j->conv_lo), conv_hi = _mm256_set1_ps(j->conv_hi);
    const __m256 pool_lo = _mm256_set1_ps(j->pool_lo), pool_hi = _mm256_set1_ps(j->pool_hi);
    const __m256i off = _mm256_set1_epi32(j->offset);
    for (int c = 0; c < vector_channels; c += 8) {
        const __m256i correction = _mm256_mullo_epi32(_mm256_loadu_si256((const __m256i *)(j->sums + c)), off);
        const __m256 scale = _mm256_loadu_ps(j->scales + c);
        const __m256 b = j->bias ? _mm256_loadu_ps(j->bias + c) : _mm256_setzero_ps();
        for (int py = 0; py < j->out_h; py++)
            for (int px = 0; px < j->out_w; px++) {
                __m256 m = _mm256_set1_ps(-FLT_MAX);
                for (int fy = 0; fy < j->filter_h; fy++)
                    for (int fx = 0; fx < j->filter_w; fx++) {
                        const int pixel = (py * j->stride_h + fy) * j->columns + px * j->stride_w + fx;
                        const __m256i a = _mm256_loadu_si256((const __m256i *)(j->acc + pixel * j->stride + c));
                        const __m256 v = clamp8(hybrid_value8(a, correction, scale, s, b), conv_lo, conv_hi);
                        m = _mm256_blendv_ps(m, v, _mm256_cmp_ps(v, m, _CMP_GE_OQ));
                    }
                _mm256_storeu_ps(j->out + (py * j->out_w + px) * j->channels + c, clamp8(m, pool_lo, pool_hi));
            }
    }
    if (vector_channels < j->channels) pool_scalar(j, vector_channels);
}
#endif

void clk_hybrid_rescale_max_pool(const int32_t *acc, int columns, int stride, int channels, const int32_t *sums,
                                 int32_t offset, const float *scales, float input_scale, const float *bias,
                                 float conv_lo, float conv_hi, int out_h, int out_w, int stride_h, int stride_w,
                                 int filter_h, int filter_w, float pool_lo, float pool_hi, float *out) {
    const hybrid_pool_job job = {acc, columns, stride, channels, sums, offset, scales, input_scale, bias,
                                 conv_lo, conv_hi, out_h, out_w, stride_h, stride_w, filter_h, filter_w,
                                 pool_lo, pool_hi, out};
#ifdef CLK_HYBRID_X86
    if (clk_active_isa() == CLK_ISA_AVX512_VNNI) { pool_avx512(&job); return; }
    if (clk_active_isa() >= CLK_ISA_AVX2) { pool_avx2(&job); return; }
#endif
    pool_scalar(&job, 0);
}
