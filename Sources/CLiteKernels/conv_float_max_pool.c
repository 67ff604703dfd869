// The float32 convolution + 2x2 max pool of LiteKernels' convFloatMaxPoolFast, for windows inside the image,
// with AVX-512F: 16 of the 32 zmm registers accumulate 4 pixels x 32 channels x 2 windows, or 4 pixels x 16 channels
// x 4 windows, so each weight load and each input broadcast feeds more FMAs than the Swift AVX2 kernel's
// 4 pixels x 16 channels. Zen 4 runs a 512-bit FMA as two 256-bit halves: the gain is in the loads,
// broadcasts and loop instructions per FMA, not in the FMA rate.
//
// Every output channel goes through the operations of the Swift kernel in the same order (FMA per tap in
// tap order from +0, + bias, clamp to the conv range, maximum in window order keeping ties of later pixels,
// clamp to the pool range), so the results are bit-identical to it.
#include "clitekernels.h"

#include <float.h>

// A separate product and sum must stay two roundings (LiteKernels .separate).
#pragma STDC FP_CONTRACT OFF
#include <stdint.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define F512_ATTR __attribute__((target("avx512f")))

typedef struct {
    const float *input;
    int column_step, row_step;
    const int32_t *taps;
    int tap_count;
    const float *weights;
    int ocp;
    const float *bias;
    int oc;
    float conv_lo, conv_hi, pool_lo, pool_hi;
    float *output;
    int fused;  // 1: one FMA per tap; 0: a rounded product, then a rounded add (LiteKernels' .separate)
} pool_job;

// min(max(v, lo), hi) with Swift's tie and NaN rules: lo when v <= lo, hi when v > hi, else v (NaN stays).
F512_ATTR static inline __m512 clamp16(__m512 v, __m512 lo, __m512 hi) {
    v = _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, lo, _CMP_LE_OQ), lo);
    return _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, hi, _CMP_GT_OQ), hi);
}

F512_ATTR static inline __mmask16 lanes_mask(int lanes) {
    return lanes >= 16 ? (__mmask16)0xFFFF : lanes <= 0 ? (__mmask16)0 : (__mmask16)((1u << lanes) - 1);
}

// `windows` (W, a constant after inlining) pool windows listed in `in_offsets` / `out_offsets`, output
// channels c0 ..< c0 + 16 * NB. Accumulators: 4 * W * NB zmm.
F512_ATTR __attribute__((always_inline)) static inline void pool_block(const pool_job *job, const int32_t *in_offsets,
                                                                      const int32_t *out_offsets, int c0,
                                                                      const int W, const int NB, const int FUSED) {
    __m512 acc[4 * 4 * 2];
    const float *origin[4];
    for (int w = 0; w < W; w++) origin[w] = job->input + in_offsets[w];
    for (int a = 0; a < 4 * W * NB; a++) acc[a] = _mm512_setzero_ps();
    const float *wp = job->weights + c0;
    const int ocp = job->ocp, cs = job->column_step, rs = job->row_step;
    for (int k = 0; k < job->tap_count; k++, wp += ocp) {
        // The four pixels of every window as base + index: W + 4 registers instead of 4 * W pointers.
        const int t = job->taps[k];
        const int index[4] = {t, t + cs, t + rs, t + rs + cs};
        __m512 wv[2];
        for (int j = 0; j < NB; j++) wv[j] = _mm512_loadu_ps(wp + 16 * j);
        for (int w = 0; w < W; w++)
            for (int q = 0; q < 4; q++) {
                const __m512 x = _mm512_set1_ps(origin[w][index[q]]);
                for (int j = 0; j < NB; j++)
                    acc[(4 * w + q) * NB + j] = FUSED ? _mm512_fmadd_ps(x, wv[j], acc[(4 * w + q) * NB + j])
                                                      : _mm512_add_ps(acc[(4 * w + q) * NB + j], _mm512_mul_ps(x, wv[j]));
            }
    }
    const __m512 conv_lo = _mm512_set1_ps(job->conv_lo), conv_hi = _mm512_set1_ps(job->conv_hi);
    const __m512 pool_lo = _mm512_set1_ps(job->pool_lo), pool_hi = _mm512_set1_ps(job->pool_hi);
    for (int j = 0; j < NB; j++) {
        const __mmask16 store = lanes_mask(job->oc - c0 - 16 * j);
        const __m512 b = job->bias ? _mm512_maskz_loadu_ps(store, job->bias + c0 + 16 * j) : _mm512_setzero_ps();
        for (int w = 0; w < W; w++) {
            __m512 m = _mm512_set1_ps(-FLT_MAX);
            for (int q = 0; q < 4; q++) {
                const __m512 c = clamp16(_mm512_add_ps(acc[(4 * w + q) * NB + j], b), conv_lo, conv_hi);
                m = _mm512_mask_mov_ps(m, _mm512_cmp_ps_mask(c, m, _CMP_GE_OQ), c);
            }
            _mm512_mask_storeu_ps(job->output + out_offsets[w] + c0 + 16 * j, store, clamp16(m, pool_lo, pool_hi));
        }
    }
}

F512_ATTR __attribute__((always_inline)) static inline void pool_windows(const pool_job *job, const int32_t *in_offsets,
                                                                         const int32_t *out_offsets, int count,
                                                                         const int FUSED) {
    int c0 = 0;
    for (; c0 + 32 <= job->ocp; c0 += 32) {
        int i = 0;
        for (; i + 2 <= count; i += 2) pool_block(job, in_offsets + i, out_offsets + i, c0, 2, 2, FUSED);
        if (i < count) pool_block(job, in_offsets + i, out_offsets + i, c0, 1, 2, FUSED);
    }
    if (c0 < job->ocp) {  // a last block of 16 channels
        int i = 0;
        for (; i + 4 <= count; i += 4) pool_block(job, in_offsets + i, out_offsets + i, c0, 4, 1, FUSED);
        switch (count - i) {
        case 3: pool_block(job, in_offsets + i, out_offsets + i, c0, 3, 1, FUSED); break;
        case 2: pool_block(job, in_offsets + i, out_offsets + i, c0, 2, 1, FUSED); break;
        case 1: pool_block(job, in_offsets + i, out_offsets + i, c0, 1, 1, FUSED); break;
        default: break;
        }
    }
}
// Two copies, so that the choice of FMA is made once, outside the loops.
F512_ATTR static void pool_windows_fused(const pool_job *job, const int32_t *in_offsets, const int32_t *out_offsets,
                                         int count) {
    pool_windows(job, in_offsets, out_offsets, count, 1);
}

F512_ATTR static void pool_windows_separate(const pool_job *job, const int32_t *in_offsets,
                                            const int32_t *out_offsets, int count) {
    pool_windows(job, in_offsets, out_offsets, count, 0);
}
#define CLK_HAVE_AVX512_FLOAT_POOL 1
#endif

int clk_conv_float_max_pool_supported(void) {
#ifdef CLK_HAVE_AVX512_FLOAT_POOL
    return clk_active_isa() == CLK_ISA_AVX512_VNNI;
#else
    return 0;
#endif
}

int clk_conv_float_max_pool(const float *input, const int32_t *in_offsets, const int32_t *out_offsets, int count,
                            int column_step, int row_step, const int32_t *taps, int tap_count, const float *weights,
                            int ocp, const float *bias, int oc, float conv_lo, float conv_hi, float pool_lo,
                            float pool_hi, float *output, int fused) {
#ifdef CLK_HAVE_AVX512_FLOAT_POOL
    if (!clk_conv_float_max_pool_supported()) return 0;
    const pool_job job = {input, column_step, row_step, taps, tap_count, weights, ocp, bias, oc,
                          conv_lo, conv_hi, pool_lo, pool_hi, output, fused};
    if (fused) pool_windows_fused(&job, in_offsets, out_offsets, count);
    else pool_windows_separate(&job, in_offsets, out_offsets, count);
    return 1;
#else
    (void)input; (void)in_offsets; (void)out_offsets; (void)count; (void)column_step; (void)row_step; (void)taps;
    (void)tap_count; (void)weights; (void)ocp; (void)bias; (void)oc; (void)conv_lo; (void)conv_hi; (void)pool_lo;
    (void)pool_hi; (void)output; (void)fused;
    return 0;
#endif
}
