// The vpdpbusd lanes kernels for AVX-VNNI (the 256-bit VEX encoding: Alder Lake, Zen 5 and later, also on
// hosts without AVX-512): 8 channels per register; n is a multiple of 8, so no partial block. The code is
// lanes_vnni_body.h, the same the AVX-512 variant runs (tested wherever AVX-512 VNNI exists).
#include "clitekernels.h"
#include "lanes_internal.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define VNNI_ATTR __attribute__((target("avx2,avxvnni")))
#define VNNI_FN(name) name##_avxvnni
#define VEC __m256i
#define LANES 8
#define VLOAD(p) _mm256_loadu_si256((const __m256i *)(p))
#define VLOADN(p, count) ((void)(count), VLOAD(p))
#define VSTORE(p, v) _mm256_storeu_si256((__m256i *)(p), (v))
#define VSTOREN(p, v, count) ((void)(count), VSTORE(p, v))
#define VSET1(x) _mm256_set1_epi32(x)
#define VDPBUSD(acc, u, s) _mm256_dpbusd_avx_epi32((acc), (u), (s))

#include "lanes_vnni_body.h"
#endif
