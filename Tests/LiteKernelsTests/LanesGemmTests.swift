import Testing
import LiteKernels
import CLiteKernels

/// The channels-in-lanes GEMM (weights packed by `clk_int8_pack_lanes`) against the readable reference,
/// with the portable C and the AVX2 code forced in turn: odd k (a zero-padded last pair), rows that are
/// not a multiple of four, 8 + 16 channel blocks, row strides longer than k, and k past the stack buffer.
@Test func lanesGemmMatchesReference() {
    var rng = SplitMix64(state: 11)
    let best = clk_active_isa()
    defer { _ = clk_force_isa(best) }
    for (m, n, k, lda) in [(1, 8, 1, 1), (121, 32, 144, 144), (5, 24, 17, 32), (6, 8, 31, 31), (3, 40, 1030, 1040),
                           (9, 16, 16, 16)] {
        let a = randomInt8s(m * lda, &rng), b = randomInt8s(n * k, &rng)
        var reference = [Int32](repeating: 0, count: m * n)
        int8GemmNTReference(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: k, c: &reference, ldc: n)
        var packed = [Int32](repeating: 0, count: Int(clk_int8_lanes_packed_count(Int32(n), Int32(k))))
        clk_int8_pack_lanes(Int32(n), Int32(k), b, Int32(k), &packed)
        for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
            let active = clk_force_isa(isa)
            var lanes = [Int32](repeating: 7, count: m * n)
            clk_int8_gemm_lanes(Int32(m), Int32(n), Int32(k), a, Int32(lda), packed, &lanes, Int32(n))
            #expect(lanes == reference, "m \(m) n \(n) k \(k) isa \(active.rawValue)")
        }
    }
}

/// The extreme products: every pair −128 · −128 twice per madd lane (2 · 16384 = 32768 overflows int16,
/// not int32), 144 taps: 144 · 16384 = 2 359 296 per channel, by hand.
@Test func lanesGemmExtremeValuesDoNotSaturate() {
    let best = clk_active_isa()
    defer { _ = clk_force_isa(best) }
    let (m, n, k) = (5, 16, 144)
    let a = [Int8](repeating: -128, count: m * k), b = [Int8](repeating: -128, count: n * k)
    var packed = [Int32](repeating: 0, count: Int(clk_int8_lanes_packed_count(Int32(n), Int32(k))))
    clk_int8_pack_lanes(Int32(n), Int32(k), b, Int32(k), &packed)
    for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
        _ = clk_force_isa(isa)
        var c = [Int32](repeating: 0, count: m * n)
        clk_int8_gemm_lanes(Int32(m), Int32(n), Int32(k), a, Int32(k), packed, &c, Int32(n))
        #expect(c == [Int32](repeating: 2_359_296, count: m * n))
    }
}
