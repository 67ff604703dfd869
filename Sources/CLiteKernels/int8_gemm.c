// int8 x int8 -> int32 GEMM in "NT" form with run-time CPU dispatch: portable C, AVX2 (madd) and
// AVX-512 VNNI (dpbusd); also the choice of instruction set that all C kernels follow. All variants compute exact int32 sums (wrapping like the Swift `&+`), so they
// are bit-equal to LiteKernels' int8GemmNTReference; tests hold them equal on random shapes.
#include "clitekernels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void (*gemm_fn)(int, int, int, const int8_t *, int, const int8_t *, int, int32_t *, int);

static inline int32_t wrap_add(int32_t x, int32_t y) { return (int32_t)((uint32_t)x + (uint32_t)y); }

static int32_t dot_scalar(const int8_t *x, const int8_t *y, int k) {
    uint32_t sum = 0;
    for (int p = 0; p < k; p++) sum += (uint32_t)((int32_t)x[p] * (int32_t)y[p]);
    return (int32_t)sum;
}

static void gemm_scalar(int m, int n, int k, const int8_t *a, int lda, const int8_t *b, int ldb,
                        int32_t *c, int ldc) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) c[i * ldc + j] = dot_scalar(a + i * lda, b + j * ldb, k);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CLK_X86 1

#define AVX2_ATTR __attribute__((target("avx2")))
#define VNNI_ATTR __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512vnni")))

AVX2_ATTR static inline int32_t hsum_avx2(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

AVX2_ATTR static inline __m256i load16_widen(const int8_t *p) {
    return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p));
}

// 2 rows of a x 4 rows of b per block, 16 k values per step (sign-extend to int16, madd to int32).
// Pairs of int8 products fit int32 exactly, so madd never saturates.
AVX2_ATTR static void gemm_avx2(int m, int n, int k, const int8_t *a, int lda, const int8_t *b, int ldb,
                                int32_t *c, int ldc) {
    const int k16 = k & ~15;
    for (int j = 0; j < n; j += 4) {
        const int8_t *b0 = b + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            const int8_t *a0 = a + i * lda, *a1 = a0 + lda;
            __m256i s00 = _mm256_setzero_si256(), s01 = s00, s02 = s00, s03 = s00;
            __m256i s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int p = 0; p < k16; p += 16) {
                __m256i x0 = load16_widen(a0 + p), x1 = load16_widen(a1 + p);
                __m256i w0 = load16_widen(b0 + p), w1 = load16_widen(b1 + p);
                __m256i w2 = load16_widen(b2 + p), w3 = load16_widen(b3 + p);
                s00 = _mm256_add_epi32(s00, _mm256_madd_epi16(x0, w0));
                s01 = _mm256_add_epi32(s01, _mm256_madd_epi16(x0, w1));
                s02 = _mm256_add_epi32(s02, _mm256_madd_epi16(x0, w2));
                s03 = _mm256_add_epi32(s03, _mm256_madd_epi16(x0, w3));
                s10 = _mm256_add_epi32(s10, _mm256_madd_epi16(x1, w0));
                s11 = _mm256_add_epi32(s11, _mm256_madd_epi16(x1, w1));
                s12 = _mm256_add_epi32(s12, _mm256_madd_epi16(x1, w2));
                s13 = _mm256_add_epi32(s13, _mm256_madd_epi16(x1, w3));
            }
            int32_t *r0 = c + i * ldc + j, *r1 = r0 + ldc;
            r0[0] = wrap_add(hsum_avx2(s00), dot_scalar(a0 + k16, b0 + k16, k - k16));
            r0[1] = wrap_add(hsum_avx2(s01), dot_scalar(a0 + k16, b1 + k16, k - k16));
            r0[2] = wrap_add(hsum_avx2(s02), dot_scalar(a0 + k16, b2 + k16, k - k16));
            r0[3] = wrap_add(hsum_avx2(s03), dot_scalar(a0 + k16, b3 + k16, k - k16));
            r1[0] = wrap_add(hsum_avx2(s10), dot_scalar(a1 + k16, b0 + k16, k - k16));
            r1[1] = wrap_add(hsum_avx2(s11), dot_scalar(a1 + k16, b1 + k16, k - k16));
            r1[2] = wrap_add(hsum_avx2(s12), dot_scalar(a1 + k16, b2 + k16, k - k16));
            r1[3] = wrap_add(hsum_avx2(s13), dot_scalar(a1 + k16, b3 + k16, k - k16));
        }
        for (; i < m; i++) {
            const int8_t *a0 = a + i * lda;
            __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k16; p += 16) {
                __m256i x0 = load16_widen(a0 + p);
                s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(x0, load16_widen(b0 + p)));
                s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(x0, load16_widen(b1 + p)));
                s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(x0, load16_widen(b2 + p)));
                s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(x0, load16_widen(b3 + p)));
            }
            int32_t *r0 = c + i * ldc + j;
            r0[0] = wrap_add(hsum_avx2(s0), dot_scalar(a0 + k16, b0 + k16, k - k16));
            r0[1] = wrap_add(hsum_avx2(s1), dot_scalar(a0 + k16, b1 + k16, k - k16));
            r0[2] = wrap_add(hsum_avx2(s2), dot_scalar(a0 + k16, b2 + k16, k - k16));
            r0[3] = wrap_add(hsum_avx2(s3), dot_scalar(a0 + k16, b3 + k16, k - k16));
        }
    }
}

VNNI_ATTR static inline int32_t hsum_vnni(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

// Loads 32 bytes, or 16 bytes zero-extended when only 16 remain in the k range.
VNNI_ATTR static inline __m256i load_k(const int8_t *p, int half) {
    return half ? _mm256_zextsi128_si256(_mm_loadu_si128((const __m128i *)p))
                : _mm256_loadu_si256((const __m256i *)p);
}

// vpdpbusd multiplies unsigned by signed bytes: feed a XOR 0x80 (= a + 128 as uint8) and subtract
// 128 * sum(b) afterwards, computed with the same instruction against a vector of ones.
// 2 x 4 blocks, 32 k values per step (a last step of 16 uses zero-extended loads; a zero b byte
// cancels the flipped a byte); the k % 16 tail goes through scalar code.
VNNI_ATTR static void gemm_vnni(int m, int n, int k, const int8_t *a, int lda, const int8_t *b, int ldb,
                                int32_t *c, int ldc) {
    const int k32 = k & ~15;  // k values handled by vector steps
    const __m256i flip = _mm256_set1_epi8((char)0x80), ones = _mm256_set1_epi8(1);
    for (int j = 0; j < n; j += 4) {
        const int8_t *b0 = b + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        __m256i t0 = _mm256_setzero_si256(), t1 = t0, t2 = t0, t3 = t0;
        for (int p = 0; p < k32; p += 32) {
            const int half = p + 32 > k32;
            t0 = _mm256_dpbusd_epi32(t0, ones, load_k(b0 + p, half));
            t1 = _mm256_dpbusd_epi32(t1, ones, load_k(b1 + p, half));
            t2 = _mm256_dpbusd_epi32(t2, ones, load_k(b2 + p, half));
            t3 = _mm256_dpbusd_epi32(t3, ones, load_k(b3 + p, half));
        }
        const int32_t bias0 = (int32_t)(0u - 128u * (uint32_t)hsum_vnni(t0));
        const int32_t bias1 = (int32_t)(0u - 128u * (uint32_t)hsum_vnni(t1));
        const int32_t bias2 = (int32_t)(0u - 128u * (uint32_t)hsum_vnni(t2));
        const int32_t bias3 = (int32_t)(0u - 128u * (uint32_t)hsum_vnni(t3));
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            const int8_t *a0 = a + i * lda, *a1 = a0 + lda;
            __m256i s00 = _mm256_setzero_si256(), s01 = s00, s02 = s00, s03 = s00;
            __m256i s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int p = 0; p < k32; p += 32) {
                const int half = p + 32 > k32;
                __m256i x0 = _mm256_xor_si256(load_k(a0 + p, half), flip);
                __m256i x1 = _mm256_xor_si256(load_k(a1 + p, half), flip);
                __m256i w0 = load_k(b0 + p, half), w1 = load_k(b1 + p, half);
                __m256i w2 = load_k(b2 + p, half), w3 = load_k(b3 + p, half);
                s00 = _mm256_dpbusd_epi32(s00, x0, w0); s01 = _mm256_dpbusd_epi32(s01, x0, w1);
                s02 = _mm256_dpbusd_epi32(s02, x0, w2); s03 = _mm256_dpbusd_epi32(s03, x0, w3);
                s10 = _mm256_dpbusd_epi32(s10, x1, w0); s11 = _mm256_dpbusd_epi32(s11, x1, w1);
                s12 = _mm256_dpbusd_epi32(s12, x1, w2); s13 = _mm256_dpbusd_epi32(s13, x1, w3);
            }
            int32_t *r0 = c + i * ldc + j, *r1 = r0 + ldc;
            const int tail = k - k32;
            r0[0] = wrap_add(wrap_add(hsum_vnni(s00), bias0), dot_scalar(a0 + k32, b0 + k32, tail));
            r0[1] = wrap_add(wrap_add(hsum_vnni(s01), bias1), dot_scalar(a0 + k32, b1 + k32, tail));
            r0[2] = wrap_add(wrap_add(hsum_vnni(s02), bias2), dot_scalar(a0 + k32, b2 + k32, tail));
            r0[3] = wrap_add(wrap_add(hsum_vnni(s03), bias3), dot_scalar(a0 + k32, b3 + k32, tail));
            r1[0] = wrap_add(wrap_add(hsum_vnni(s10), bias0), dot_scalar(a1 + k32, b0 + k32, tail));
            r1[1] = wrap_add(wrap_add(hsum_vnni(s11), bias1), dot_scalar(a1 + k32, b1 + k32, tail));
            r1[2] = wrap_add(wrap_add(hsum_vnni(s12), bias2), dot_scalar(a1 + k32, b2 + k32, tail));
            r1[3] = wrap_add(wrap_add(hsum_vnni(s13), bias3), dot_scalar(a1 + k32, b3 + k32, tail));
        }
        for (; i < m; i++) {
            const int8_t *a0 = a + i * lda;
            __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k32; p += 32) {
                const int half = p + 32 > k32;
                __m256i x0 = _mm256_xor_si256(load_k(a0 + p, half), flip);
                s0 = _mm256_dpbusd_epi32(s0, x0, load_k(b0 + p, half));
                s1 = _mm256_dpbusd_epi32(s1, x0, load_k(b1 + p, half));
                s2 = _mm256_dpbusd_epi32(s2, x0, load_k(b2 + p, half));
                s3 = _mm256_dpbusd_epi32(s3, x0, load_k(b3 + p, half));
            }
            int32_t *r0 = c + i * ldc + j;
            const int tail = k - k32;
            r0[0] = wrap_add(wrap_add(hsum_vnni(s0), bias0), dot_scalar(a0 + k32, b0 + k32, tail));
            r0[1] = wrap_add(wrap_add(hsum_vnni(s1), bias1), dot_scalar(a0 + k32, b1 + k32, tail));
            r0[2] = wrap_add(wrap_add(hsum_vnni(s2), bias2), dot_scalar(a0 + k32, b2 + k32, tail));
            r0[3] = wrap_add(wrap_add(hsum_vnni(s3), bias3), dot_scalar(a0 + k32, b3 + k32, tail));
        }
    }
}
#endif

#ifdef CLK_X86
#include <cpuid.h>

// AVX-VNNI is CPUID.(EAX=7, ECX=1):EAX bit 4; its 256-bit registers need the same OS support as AVX2.
static int cpu_has_avx_vnni(void) {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__builtin_cpu_supports("avx2") || !__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return 0;
    return (eax >> 4) & 1;
}
#endif

int clk_isa_supported(clk_isa isa) {
    switch (isa) {
    case CLK_ISA_SCALAR: return 1;
#ifdef CLK_X86
    case CLK_ISA_AVX2: return __builtin_cpu_supports("avx2") ? 1 : 0;
    case CLK_ISA_AVX512_VNNI:
        return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw");
    case CLK_ISA_AVX_VNNI: return cpu_has_avx_vnni();
#endif
    default: return 0;
    }
}

// Best first: AVX-512 VNNI (twice the lanes) before AVX-VNNI before AVX2.
static clk_isa detect_isa(void) {
    static const clk_isa preference[] = {CLK_ISA_AVX512_VNNI, CLK_ISA_AVX_VNNI, CLK_ISA_AVX2};
    for (unsigned i = 0; i < sizeof preference / sizeof preference[0]; i++)
        if (clk_isa_supported(preference[i])) return preference[i];
    return CLK_ISA_SCALAR;
}

// LABRUN_ISA names a supported instruction set to use instead of the best one (to compare variants).
static clk_isa isa_from_environment(clk_isa best) {
    static const struct { const char *name; clk_isa isa; } names[] = {
        {"scalar", CLK_ISA_SCALAR}, {"avx2", CLK_ISA_AVX2}, {"avx512-vnni", CLK_ISA_AVX512_VNNI},
        {"avx-vnni", CLK_ISA_AVX_VNNI}};
    const char *value = getenv("LABRUN_ISA");
    if (!value) return best;
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i].name) == 0 && clk_isa_supported(names[i].isa)) return names[i].isa;
    return best;
}

// The process-wide choice is written once before main (constructor); a test forces its own thread's
// choice, so tests that run concurrently on other threads keep theirs. -1: no choice forced.
static clk_isa process_isa = CLK_ISA_SCALAR;
static _Thread_local int thread_isa = -1;

__attribute__((constructor)) static void clk_init(void) {
    process_isa = isa_from_environment(detect_isa());
}

clk_isa clk_active_isa(void) { return thread_isa >= 0 ? (clk_isa)thread_isa : process_isa; }

clk_isa clk_force_isa(clk_isa isa) {
    thread_isa = clk_isa_supported(isa) ? (int)isa : -1;
    return clk_active_isa();
}

void clk_int8_gemm_nt(int m, int n, int k, const int8_t *a, int lda, const int8_t *b, int ldb,
                      int32_t *c, int ldc) {
    gemm_fn gemm = gemm_scalar;
    switch (clk_active_isa()) {
#ifdef CLK_X86
    case CLK_ISA_AVX512_VNNI: gemm = gemm_vnni; break;
    case CLK_ISA_AVX_VNNI:  // no VEX variant of the dot-product GEMM: AVX2 is a subset of AVX-VNNI hosts
    case CLK_ISA_AVX2: gemm = gemm_avx2; break;
#endif
    default: break;
    }
    gemm(m, n, k, a, lda, b, ldb, c, ldc);
}
