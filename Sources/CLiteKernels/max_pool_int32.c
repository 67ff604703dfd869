// The window maximum of the fused conv + max pool: raw int32 accumulators, whole windows (no padding,
// every window inside the accumulator grid). AVX2 keeps each 8-channel maximum in a register across the
// window and stores it once.
#include "clitekernels.h"

#include <stdint.h>

static void max_pool_scalar(const int32_t *acc, int columns, int channels, int out_h, int out_w, int stride_h,
                            int stride_w, int filter_h, int filter_w, int32_t *pooled) {
    for (int py = 0; py < out_h; py++)
        for (int px = 0; px < out_w; px++) {
            const int32_t *origin = acc + (py * stride_h * columns + px * stride_w) * channels;
            int32_t *m = pooled + (py * out_w + px) * channels;
            for (int c = 0; c < channels; c++) {
                int32_t best = origin[c];
                for (int fy = 0; fy < filter_h; fy++)
                    for (int fx = 0; fx < filter_w; fx++) {
                        const int32_t v = origin[(fy * columns + fx) * channels + c];
                        best = v > best ? v : best;
                    }
                m[c] = best;
            }
        }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx2")))
static void max_pool_avx2(const int32_t *acc, int columns, int channels, int out_h, int out_w, int stride_h,
                          int stride_w, int filter_h, int filter_w, int32_t *pooled) {
    for (int py = 0; py < out_h; py++)
        for (int px = 0; px < out_w; px++) {
            const int32_t *origin = acc + (py * stride_h * columns + px * stride_w) * channels;
            int32_t *m = pooled + (py * out_w + px) * channels;
            if (filter_h == 2 && filter_w == 2) {  // the usual 2 x 2 pool, without the window loops
                const int32_t *below = origin + columns * channels;
                for (int c = 0; c < channels; c += 8) {
                    const __m256i top = _mm256_max_epi32(_mm256_loadu_si256((const __m256i *)(origin + c)),
                                                         _mm256_loadu_si256((const __m256i *)(origin + channels + c)));
                    const __m256i bottom = _mm256_max_epi32(_mm256_loadu_si256((const __m256i *)(below + c)),
                                                            _mm256_loadu_si256((const __m256i *)(below + channels + c)));
                    _mm256_storeu_si256((__m256i *)(m + c), _mm256_max_epi32(top, bottom));
                }
                continue;
            }
            for (int c = 0; c < channels; c += 8) {
                __m256i best = _mm256_loadu_si256((const __m256i *)(origin + c));
                for (int fy = 0; fy < filter_h; fy++)
                    for (int fx = 0; fx < filter_w; fx++)
                        best = _mm256_max_epi32(best, _mm256_loadu_si256(
                                                          (const __m256i *)(origin + (fy * columns + fx) * channels + c)));
                _mm256_storeu_si256((__m256i *)(m + c), best);
            }
        }
}
#define CLK_HAVE_AVX2_MAX_POOL 1
#endif

void clk_max_pool_int32(const int32_t *acc, int columns, int channels, int out_h, int out_w, int stride_h,
                        int stride_w, int filter_h, int filter_w, int32_t *pooled) {
#ifdef CLK_HAVE_AVX2_MAX_POOL
    if (clk_active_isa() >= CLK_ISA_AVX2 && channels % 8 == 0) {
        max_pool_avx2(acc, columns, channels, out_h, out_w, stride_h, stride_w, filter_h, filter_w, pooled);
        return;
    }
#endif
    max_pool_scalar(acc, columns, channels, out_h, out_w, stride_h, stride_w, filter_h, filter_w, pooled);
}
