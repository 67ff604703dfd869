import CLiteKernels
import Testing
@testable import LiteKernels

/// The C parts of the hybrid kernels (`clk_float_range`, `clk_quantize_floats`, `clk_hybrid_rescale_rows`,
/// `clk_hybrid_rescale_max_pool`) on every instruction set this CPU has, against the Swift reference, bit for
/// bit: odd lengths (vector tails), rows that are all zero, only negative or only positive, ties of the
/// rounding, NaN, ±0, ±∞ and values far outside the int8 range.
@Suite struct HybridNativeKernelTests {
    static let instructionSets = [CLK_ISA_SCALAR, CLK_ISA_AVX2, CLK_ISA_AVX512_VNNI].filter { clk_isa_supported($0) != 0 }

    static func onEachInstructionSet(_ body: (clk_isa) -> Void) {
        let previous = clk_active_isa()
        defer { _ = clk_force_isa(previous) }
        for isa in instructionSets {
            #expect(clk_force_isa(isa) == isa)
            body(isa)
        }
    }

    static func rows(_ count: Int, seed: Int) -> [[Float]] {
        var rng = TestLCG(state: UInt64(count * 31 + seed))
        let centred = (0..<count).map { _ in rng.nextFloat(dividedBy: 300) }
        return [
            centred, centred.map { $0.magnitude + 0.25 }, centred.map { -$0.magnitude - 0.25 },
            [Float](repeating: 0, count: count), (0..<count).map { $0 % 3 == 0 ? -0.0 : 0 },
            centred.enumerated().map { $0 % 7 == 3 ? .nan : $1 },
            centred.enumerated().map { $0 % 5 == 1 ? -0.0 : $1 },
        ]
    }

    @Test(arguments: [1, 7, 15, 16, 17, 33, 800, 2704])
    func rangeAndQuantizationEqualSwift(count: Int) {
        for values in Self.rows(count, seed: 1) {
            var reference = [Int8](repeating: 1, count: count)
            let r = asymmetricQuantizeFloats(values, count: count, output: &reference)
            Self.onEachInstructionSet { isa in
                var lo: Float = 1, hi: Float = -1
                clk_float_range(values, Int32(count), &lo, &hi)
                let expectedLo = values.reduce(Float(0)) { Swift.min($0, $1) }
                let expectedHi = values.reduce(Float(0)) { Swift.max($0, $1) }
                // Swift.max keeps a later −0 on a tie with +0, the C range keeps +0: the same number, and the
                // scale and zero point below (which only use differences and magnitudes) come out the same.
                #expect(lo.bitPattern == expectedLo.bitPattern && hi == expectedHi, "isa \(isa.rawValue)")
                var fast = [Int8](repeating: 1, count: count)
                let f = asymmetricQuantizeFloatsFast(values, count: count, output: &fast)
                #expect(f.scale.bitPattern == r.scale.bitPattern && f.offset == r.offset && fast == reference,
                        "isa \(isa.rawValue) count \(count)")
            }
        }
    }

    /// Exact ties (x · inverse = k + ½) round away from zero before the offset is added; huge, infinite
    /// and NaN products clamp (NaN to 0), for offsets at both ends and in between.
    @Test(arguments: [Int32(-128), -3, 0, 17, 127])
    func quantizationTiesAndExtremesEqualSwift(offset: Int32) {
        // The extremes first, so that they land in full vectors as well as (at the end) in the scalar tail.
        let extremes: [Float] = [1e30, -1e30, .infinity, -.infinity, .nan, -0.0, 0, 8_388_607.5, -8_388_608, 16_777_217]
        let values = extremes + (-140...140).map { Float($0) + 0.5 } + (-140...140).map { Float($0) * 0.25 } + extremes
        for inverse: Float in [1, 0.5, 3] {
            var expected = [Int8](repeating: 1, count: values.count)
            quantizeFloats(values, count: values.count, inverse: inverse, offset: offset, output: &expected)
            // −139.5 → −140: away from zero.
            #expect(expected[extremes.count] == Int8(clamping: -140 + Int(offset)) || inverse != 1)
            Self.onEachInstructionSet { isa in
                var fast = [Int8](repeating: 1, count: values.count)
                clk_quantize_floats(values, Int32(values.count), inverse, offset, &fast)
                #expect(fast == expected, "isa \(isa.rawValue) inverse \(inverse)")
            }
        }
    }

    @Test(arguments: [(1, 1), (5, 3), (9, 8), (4, 17), (3, 32), (2, 33)])
    func rescaleRowsEqualSwift(rows: Int, channels: Int) {
        var rng = TestLCG(state: UInt64(rows * 100 + channels))
        let stride = channels + 3
        let acc = (0..<rows * stride).map { _ in Int32(rng.nextInt() - 1000) * Int32(rng.nextInt() + 1) }
        let sums = (0..<channels).map { _ in Int32(rng.nextInt() - 1000) }
        let scales = (0..<channels).map { _ in Float(rng.nextInt() + 1) * 1e-5 }
        let bias = (0..<channels).map { _ in rng.nextFloat(dividedBy: 50) }
        for (withBias, offset, lo, hi) in [(true, Int32(-128), Float(0), Float.greatestFiniteMagnitude),
                                           (false, 5, -Float.greatestFiniteMagnitude, .greatestFiniteMagnitude),
                                           (true, 127, -1, 6)] {
            var expected = [Float](repeating: 9, count: rows * channels)
            for r in 0..<rows {
                for c in 0..<channels {
                    let v = Float(acc[r * stride + c] &- offset &* sums[c]) * scales[c] * 0.0123 + (withBias ? bias[c] : 0)
                    expected[r * channels + c] = Swift.min(Swift.max(v, lo), hi)
                }
            }
            Self.onEachInstructionSet { isa in
                var out = [Float](repeating: 9, count: rows * channels)
                bias.withUnsafeBufferPointer { b in
                    clk_hybrid_rescale_rows(acc, Int32(rows), Int32(stride), Int32(channels), sums, offset, scales, 0.0123,
                                            withBias ? b.baseAddress : nil, lo, hi, &out, Int32(channels))
                }
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "isa \(isa.rawValue) offset \(offset)")
            }
        }
    }
}
