// The vpdpbusd kernels, written once for every vector width: lanes_vnni_512.c (AVX-512, 16 channels per
// register, masked tails) and lanes_vnni_avx.c (AVX-VNNI, 8 per register) include this file after defining
//   VNNI_ATTR            the target attribute of every function here
//   VNNI_FN(name)        the variant's function name
//   VEC, LANES           the vector type and its int32 lanes
//   VLOAD(p) / VLOADN(p, count)         load LANES int32 / the first count (< LANES: rest zero)
//   VSTORE(p, v) / VSTOREN(p, v, count) store LANES int32 / the first count
//   VSET1(x)             broadcast one int32
//   VDPBUSD(acc, u, s)   acc + the sums of 4 products of unsigned bytes of u and signed bytes of s per lane
// so that the code the tests run on one host is the code the other hosts run.
//
// vpdpbusd multiplies unsigned by signed bytes: the input bytes go in flipped (x XOR 0x80 = x + 128 as
// uint8) and every sum starts from the channel's bias -128 * sum(w), so that it ends at exactly
// sum(x * w) mod 2^32, the wrapping sum of the reference. Four products of at most 255 * 128 fit the int32
// lane, and vpdpbusd (unlike vpdpbusds) adds without saturating. Weights past k are 0, so the padding bytes of
// a row never count.

#define FLIP_BYTES 0x80808080u

// Row r of the block (rows past m: zero), flipped, as (k + 3) / 4 int32 of 4 bytes at x + r * quads.
VNNI_ATTR static void VNNI_FN(fill_row)(int32_t *x, int quads, int k, const int8_t *a, int lda, int row, int m,
                                        const clk_conv_rows *conv) {
    uint8_t *dst = (uint8_t *)x;
    const __m128i flip = _mm_set1_epi8((char)0x80);
    if (row >= m) {
        for (int q = 0; q < quads; q++) x[q] = 0;
        return;
    }
    if (conv) {
        const int8_t *segment = conv->image + (row / conv->out_w) * conv->row_step + (row % conv->out_w) * conv->column_step;
        for (int s = 0; s < conv->segments; s++, segment += conv->segment_stride)
            for (int b = 0; b < conv->segment_bytes; b += 16, dst += 16)
                _mm_storeu_si128((__m128i *)dst, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(segment + b)), flip));
        return;
    }
    const int8_t *src = a + row * lda;
    int p = 0;
    for (; p + 16 <= k; p += 16)
        _mm_storeu_si128((__m128i *)(dst + p), _mm_xor_si128(_mm_loadu_si128((const __m128i *)(src + p)), flip));
    for (; p < k; p++) dst[p] = (uint8_t)src[p] ^ 0x80;
    for (; p < quads * 4; p++) dst[p] = 0;
}

// CLK_LANES_ROWS (4) rows per block, times 2 * LANES channels, then LANES (the last block possibly partial).
VNNI_ATTR void VNNI_FN(clk_lanes)(int m, int n, int k, const int8_t *a, int lda, const int32_t *packed, int32_t *c,
                                  int ldc, int32_t *x, const clk_conv_rows *conv) {
    const int quads = (k + 3) / 4;
    const int32_t *w = packed + n * ((k + 1) / 2), *bias = w + n * quads;
    const int32_t *x0 = x, *x1 = x0 + quads, *x2 = x1 + quads, *x3 = x2 + quads;
    for (int i = 0; i < m; i += CLK_LANES_ROWS) {
        const int rows = m - i < CLK_LANES_ROWS ? m - i : CLK_LANES_ROWS;
        for (int r = 0; r < CLK_LANES_ROWS; r++) VNNI_FN(fill_row)(x + r * quads, quads, k, a, lda, i + r, m, conv);
        int32_t *c0 = c + i * ldc;
        int j = 0;
        for (; j + 2 * LANES <= n; j += 2 * LANES) {
            const VEC b0 = VLOAD(bias + j), b1 = VLOAD(bias + j + LANES);
            VEC s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1;
            for (int q = 0; q < quads; q++) {
                const VEC v0 = VLOAD(w + q * n + j), v1 = VLOAD(w + q * n + j + LANES);
                VEC u = VSET1(x0[q]);
                s00 = VDPBUSD(s00, u, v0); s01 = VDPBUSD(s01, u, v1);
                u = VSET1(x1[q]);
                s10 = VDPBUSD(s10, u, v0); s11 = VDPBUSD(s11, u, v1);
                u = VSET1(x2[q]);
                s20 = VDPBUSD(s20, u, v0); s21 = VDPBUSD(s21, u, v1);
                u = VSET1(x3[q]);
                s30 = VDPBUSD(s30, u, v0); s31 = VDPBUSD(s31, u, v1);
            }
            const VEC sums[CLK_LANES_ROWS][2] = {{s00, s01}, {s10, s11}, {s20, s21}, {s30, s31}};
            for (int r = 0; r < rows; r++) {
                VSTORE(c0 + r * ldc + j, sums[r][0]);
                VSTORE(c0 + r * ldc + j + LANES, sums[r][1]);
            }
        }
        for (; j < n; j += LANES) {
            const int count = n - j < LANES ? n - j : LANES;
            const VEC b = VLOADN(bias + j, count);
            VEC s0 = b, s1 = b, s2 = b, s3 = b;
            for (int q = 0; q < quads; q++) {
                const VEC v = VLOADN(w + q * n + j, count);
                s0 = VDPBUSD(s0, VSET1(x0[q]), v);
                s1 = VDPBUSD(s1, VSET1(x1[q]), v);
                s2 = VDPBUSD(s2, VSET1(x2[q]), v);
                s3 = VDPBUSD(s3, VSET1(x3[q]), v);
            }
            const VEC sums[CLK_LANES_ROWS] = {s0, s1, s2, s3};
            for (int r = 0; r < rows; r++) VSTOREN(c0 + r * ldc + j, sums[r], count);
        }
    }
}

// Output positions per block of the taps kernel.
#define TAP_POSITIONS 16

// The flipped tap groups of positions ox .. ox + count - 1 of one output row into xq[q * TAP_POSITIONS + p]
// (positions past count: zero). At stride 1 (column_step 1, count 16) the 16 positions' bytes of one tap are
// 16 contiguous bytes: four such loads interleave into the groups of 16 positions at once.
VNNI_ATTR static void VNNI_FN(fill_taps)(int32_t *xq, const int8_t *x, int column_step, const int32_t *taps, int k,
                                         int count) {
    const int quads = (k + 3) / 4;
    if (column_step == 1 && count == TAP_POSITIONS) {
        const __m128i flip = _mm_set1_epi8((char)0x80), zero = _mm_setzero_si128();
        for (int q = 0; q < quads; q++) {
            const int t = 4 * q;
            const __m128i a0 = _mm_loadu_si128((const __m128i *)(x + taps[t]));
            const __m128i a1 = t + 1 < k ? _mm_loadu_si128((const __m128i *)(x + taps[t + 1])) : zero;
            const __m128i a2 = t + 2 < k ? _mm_loadu_si128((const __m128i *)(x + taps[t + 2])) : zero;
            const __m128i a3 = t + 3 < k ? _mm_loadu_si128((const __m128i *)(x + taps[t + 3])) : zero;
            const __m128i lo01 = _mm_unpacklo_epi8(a0, a1), hi01 = _mm_unpackhi_epi8(a0, a1);
            const __m128i lo23 = _mm_unpacklo_epi8(a2, a3), hi23 = _mm_unpackhi_epi8(a2, a3);
            __m128i *dst = (__m128i *)(xq + q * TAP_POSITIONS);
            _mm_storeu_si128(dst + 0, _mm_xor_si128(_mm_unpacklo_epi16(lo01, lo23), flip));
            _mm_storeu_si128(dst + 1, _mm_xor_si128(_mm_unpackhi_epi16(lo01, lo23), flip));
            _mm_storeu_si128(dst + 2, _mm_xor_si128(_mm_unpacklo_epi16(hi01, hi23), flip));
            _mm_storeu_si128(dst + 3, _mm_xor_si128(_mm_unpackhi_epi16(hi01, hi23), flip));
        }
        return;
    }
    for (int q = 0; q < quads; q++)
        for (int p = 0; p < TAP_POSITIONS; p++) {
            uint32_t group = 0;
            if (p < count) {
                const int8_t *window = x + p * column_step;
                for (int b = 0; b < 4 && 4 * q + b < k; b++) group |= (uint32_t)(uint8_t)window[taps[4 * q + b]] << (8 * b);
                group ^= FLIP_BYTES;
            }
            xq[q * TAP_POSITIONS + p] = (int32_t)group;
        }
}

// Channels in the lanes, four positions at a time; each position's sums go straight to its row of c. At
// stride 1 with out_w >= 16 the last block of a row overlaps the previous one, rewriting the same values.
VNNI_ATTR void VNNI_FN(clk_conv_taps)(const int8_t *image, int out_h, int out_w, int row_step, int column_step,
                                      const int32_t *taps, int k, const int32_t *quads, const int32_t *bias, int n,
                                      int32_t *c, int ldc) {
    const int groups = (k + 3) / 4;
    int32_t xq[8 * TAP_POSITIONS];
    const int overlap = column_step == 1 && out_w >= TAP_POSITIONS;
    for (int oy = 0; oy < out_h; oy++) {
        for (int block = 0; block < out_w; block += TAP_POSITIONS) {
            const int ox = overlap && block + TAP_POSITIONS > out_w ? out_w - TAP_POSITIONS : block;
            const int count = out_w - ox < TAP_POSITIONS ? out_w - ox : TAP_POSITIONS;
            VNNI_FN(fill_taps)(xq, image + oy * row_step + ox * column_step, column_step, taps, k, count);
            int32_t *row = c + (oy * out_w + ox) * ldc;
            for (int p = 0; p < count; p += 4) {
                const int32_t *g = xq + p;
                for (int j = 0; j < n; j += LANES) {
                    const int lanes = n - j < LANES ? n - j : LANES;
                    const VEC b = VLOADN(bias + j, lanes);
                    VEC s0 = b, s1 = b, s2 = b, s3 = b;
                    for (int q = 0; q < groups; q++) {
                        const VEC v = VLOADN(quads + q * n + j, lanes);
                        const int32_t *gq = g + q * TAP_POSITIONS;
                        s0 = VDPBUSD(s0, VSET1(gq[0]), v);
                        s1 = VDPBUSD(s1, VSET1(gq[1]), v);
                        s2 = VDPBUSD(s2, VSET1(gq[2]), v);
                        s3 = VDPBUSD(s3, VSET1(gq[3]), v);
                    }
                    const VEC sums[4] = {s0, s1, s2, s3};
                    for (int r = 0; r < 4 && p + r < count; r++) VSTOREN(row + (p + r) * ldc + j, sums[r], lanes);
                }
            }
        }
    }
}

#undef FLIP_BYTES
#undef TAP_POSITIONS
