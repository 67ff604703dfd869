// The vpdpbusd lanes kernels for AVX-512 VNNI (Ice Lake, Zen 4 and later): 16 channels per 512-bit register,
// a masked load and store for a last block of 8. The code is lanes_vnni_body.h.
#include "clitekernels.h"
#include "lanes_internal.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define VNNI_ATTR __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512vnni")))
#define VNNI_FN(name) name##_avx512vnni
#define VEC __m512i
#define LANES 16
#define VLOAD(p) _mm512_loadu_si512((const void *)(p))
#define VLOADN(p, count) _mm512_maskz_loadu_epi32((__mmask16)((1u << (count)) - 1), (const void *)(p))
#define VSTORE(p, v) _mm512_storeu_si512((void *)(p), (v))
#define VSTOREN(p, v, count) _mm512_mask_storeu_epi32((void *)(p), (__mmask16)((1u << (count)) - 1), (v))
#define VSET1(x) _mm512_set1_epi32(x)
#define VDPBUSD(acc, u, s) _mm512_dpbusd_epi32((acc), (u), (s))

#include "lanes_vnni_body.h"
#endif
