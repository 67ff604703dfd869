import Testing
import LiteKernels

// Expected values: verified against LiteRT BUILTIN_REF.

@Test func quantizeMultiplierMatchesTFLite() {
    let cases: [(Double, Int32, Int)] = [
        (0.5, 1073741824, 0), (0.25, 1073741824, -1), (1.0, 1073741824, 1), (1.5, 1610612736, 1),
        (1.0 / 3.0, 1431655765, -1), (0.9999999999, 1073741824, 1), (0x1p-32, 1073741824, -31), (0x1p-33, 0, 0),
        (0.0, 0, 0),
    ]
    for (real, multiplier, shift) in cases {
        let result = quantizeMultiplier(real)
        #expect(result.multiplier == multiplier && result.shift == shift, "m \(real)")
    }
}

@Test func quantizeMultiplierOfModelChannels() {
    // conv1 channel 0 and dense channel 0 of the reference document's model.
    let conv = Double(Float(0.003921568859368563)) * Double(Float(0.0014883383410051465)) / Double(Float(0.005462390370666981))
    #expect(quantizeMultiplier(conv) == (1174839684, -9))
    let dense = Double(Float(0.01662384159862995)) * Double(Float(0.0015650689601898193)) / Double(Float(0.1125425323843956))
    #expect(quantizeMultiplier(dense) == (2033471081, -12))
}

@Test func saturatingRoundingDoublingHighMulExamples() {
    let cases: [(Int32, Int32, Int32)] = [
        (1 << 30, 1 << 30, 1 << 29), (1, 1 << 30, 1), (-1, 1 << 30, 0), (-3, 1 << 30, -1),
        (3, 1 << 30, 2), (Int32.min, Int32.min, Int32.max), (1000, 1501490432, 699),
    ]
    for (a, b, expected) in cases {
        #expect(saturatingRoundingDoublingHighMul(a, b) == expected, "\(a) \(b)")
    }
}

@Test func roundingDivideByPOTExamples() {
    let cases: [(Int32, Int, Int32)] = [
        (5, 1, 3), (-5, 1, -3), (-1, 1, -1), (1, 1, 1), (6, 2, 2), (-6, 2, -2), (11, 2, 3), (-11, 2, -3), (7, 0, 7),
    ]
    for (x, exponent, expected) in cases {
        #expect(roundingDivideByPOT(x, exponent) == expected, "\(x) \(exponent)")
    }
}

/// A 13-row table: accumulator, effective scale, M, shift, reference (double rounding), single rounding.
let mbqmTable: [(Int32, Float, Int32, Int, Int32, Int32)] = [
    (-6, 0.25, 1073741824, -1, -2, -1), (-2, 0.25, 1073741824, -1, -1, 0), (2, 0.25, 1073741824, -1, 1, 1),
    (1, 0.25, 1073741824, -1, 1, 0), (-1, 0.25, 1073741824, -1, 0, 0), (5, 0.5, 1073741824, 0, 3, 3),
    (-5, 0.5, 1073741824, 0, -2, -2), (1000, 0.005462390370666981, 1501490432, -7, 5, 5),
    (-12345, 0.003000000026077032, 1649267456, -8, -37, -37), (1234567, 9.999999747378752e-05, 1759218560, -13, 123, 123),
    (25, 1.5, 1610612736, 1, 38, 38), (-25, 1.5, 1610612736, 1, -37, -37), (-7, 0.75, 1610612736, 0, -5, -5),
]

@Test func multiplyByQuantizedMultiplierTable() {
    for (acc, scale, m, shift, reference, single) in mbqmTable {
        #expect(quantizeMultiplier(Double(scale)) == (m, shift), "scale \(scale)")
        #expect(multiplyByQuantizedMultiplier(acc, m, shift) == reference, "acc \(acc) scale \(scale)")
        #expect(multiplyByQuantizedMultiplierSingleRounding(acc, m, shift) == single, "acc \(acc) scale \(scale)")
    }
}

@Test func activationRanges() {
    #expect(quantizedActivationRange(.relu, outputScale: 0.005462390370666981, outputZeroPoint: -128) == (-128, 127))
    #expect(quantizedActivationRange(.relu, outputScale: 0.005462390370666981, outputZeroPoint: 5) == (5, 127))
    #expect(quantizedActivationRange(.relu6, outputScale: 0.05, outputZeroPoint: -128) == (-128, -8))
    #expect(quantizedActivationRange(.relu6, outputScale: 0.02, outputZeroPoint: -128) == (-128, 127))
    #expect(quantizedActivationRange(.none, outputScale: 0.1, outputZeroPoint: 3, qmin: 0, qmax: 255) == (0, 255))
    #expect(floatActivationRange(.relu6) == (0, 6))
}

@Test func paddingExamples() {
    func check(_ p: Padding, _ size: Int, _ k: Int, _ s: Int, out: Int, pad: Int) {
        let r = computePadding(p, strideHeight: s, strideWidth: s, inputHeight: size, inputWidth: size,
                               filterHeight: k, filterWidth: k)
        #expect(r.outputHeight == out && r.outputWidth == out && r.values.height == pad && r.values.width == pad,
                "\(p) in \(size) k \(k) s \(s)")
    }
    check(.valid, 28, 3, 1, out: 26, pad: 0)
    check(.same, 28, 3, 1, out: 28, pad: 1)
    check(.valid, 11, 2, 2, out: 5, pad: 0)
    check(.same, 11, 2, 2, out: 6, pad: 0)
    check(.same, 10, 3, 2, out: 5, pad: 0)
    #expect(computePaddingWithOffset(stride: 2, imageSize: 11, filterSize: 2, outputSize: 6) == (0, 1))
}

/// The branch-free requantization every kernel uses equals the readable `multiplyByQuantizedMultiplier`
/// on the 13-row table, on extremes and on random accumulators, multipliers and shifts.
@Test func branchFreeRequantizeEqualsMultiplyByQuantizedMultiplier() {
    func check(_ x: Int32, _ m: Int32, _ shift: Int) {
        let expected = multiplyByQuantizedMultiplier(x, m, shift)
        let got = OutputRescale.requantize(x, multiplier: m, leftShift: Int32(max(shift, 0)), rightShift: Int32(max(-shift, 0)),
                                           outputOffset: 0, min: .min, max: .max)
        #expect(got == expected, "x \(x) M \(m) shift \(shift)")
    }
    for (acc, _, m, shift, _, _) in mbqmTable { check(acc, m, shift) }
    var rng = SplitMix64(state: 6)
    let extremes: [Int32] = [0, 1, -1, 2, -2, Int32.max, Int32.min, Int32.min + 1, 1 << 30, -(1 << 30)]
    for _ in 0..<100_000 {
        let m = Bool.random(using: &rng) ? Int32.random(in: (1 << 30)...Int32.max, using: &rng) : 0
        let shift = Int.random(in: -31...8, using: &rng)
        let x = Int.random(in: 0..<8, using: &rng) == 0 ? extremes.randomElement(using: &rng)! : Int32.random(in: .min ... .max, using: &rng)
        check(x, m, shift)
    }
    // A whole OutputRescale against the readable formula on a per-channel layer.
    let rescale = OutputRescale(inputScale: 0.0166, filterScales: [0.0015, 0.2, 3, 1e-7], outputScale: 0.11,
                                outputZeroPoint: 21, channels: 4)
    for _ in 0..<10_000 {
        let acc = Int32.random(in: -2_000_000...2_000_000, using: &rng), c = Int.random(in: 0..<4, using: &rng)
        let readable = multiplyByQuantizedMultiplier(acc, rescale.multipliers[c], Int(rescale.shifts[c])) + 21
        #expect(rescale.requantize(acc, channel: c) == min(max(readable, -128), 127))
    }
}
