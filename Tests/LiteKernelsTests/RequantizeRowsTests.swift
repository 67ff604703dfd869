import Testing
import CLiteKernels
import LiteKernels

/// Accumulators that stress every step of the requantization: the Int32 ends, values next to them,
/// zero, small values and random ones.
private func edgeAccumulator(_ rng: inout SplitMix64) -> Int32 {
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return [Int32.min, .min + 1, .max, .max - 1, 0, -1, 1][Int.random(in: 0..<7, using: &rng)]
    case 1: return Int32.random(in: -300...300, using: &rng)
    case 2: return Int32.random(in: -70_000...70_000, using: &rng)
    default: return Int32.random(in: .min ... .max, using: &rng)
    }
}

/// `requantizeRows(.micro)` (the C transcription, AVX2 and portable) against the Swift per-value
/// `OutputRescale.requantize` on random rows, including multipliers and shifts no real scale gives
/// (negative multipliers, shifts beyond ±31), so the two are the same function everywhere.
@Test(arguments: [CLK_ISA_SCALAR, CLK_ISA_AVX2])
func requantizeRowsEqualsThePerValueFunction(isa: clk_isa) {
    let previous = clk_active_isa()
    defer { clk_force_isa(previous) }
    clk_force_isa(isa)
    var rng = SplitMix64(state: 0x5EED + UInt64(isa.rawValue))
    for trial in 0..<300 {
        let rows = Int.random(in: 1...5, using: &rng), channels = Int.random(in: 1...41, using: &rng)
        let stride = channels + Int.random(in: 0...3, using: &rng), outputStride = channels + Int.random(in: 0...2, using: &rng)
        var rescale = OutputRescale(inputScale: 1, filterScales: [1], outputScale: 1, outputZeroPoint: 0, channels: channels)
        rescale.multipliers = (0..<channels).map { _ in
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: return [0, 1, 1 << 30, Int32.max, -1, Int32.min][Int.random(in: 0..<6, using: &rng)]
            case 1: return Int32.random(in: .min ... .max, using: &rng)
            default: return Int32.random(in: (1 << 30)...Int32.max, using: &rng)  // what quantizeMultiplier gives
            }
        }
        rescale.shifts = (0..<channels).map { _ in
            Int.random(in: 0..<8, using: &rng) == 0 ? Int32.random(in: -40...40, using: &rng) : Int32.random(in: -12...3, using: &rng)
        }
        rescale.outputOffset = Int.random(in: 0..<4, using: &rng) == 0 ? edgeAccumulator(&rng) : Int32.random(in: -128...127, using: &rng)
        rescale.activationMin = Int32.random(in: -200...100, using: &rng)
        rescale.activationMax = Int32.random(in: -100...200, using: &rng)
        let accumulators = (0..<rows * stride).map { _ in edgeAccumulator(&rng) }
        let corrections = (0..<channels).map { _ in edgeAccumulator(&rng) }
        let bias = (0..<channels).map { _ in Int32.random(in: -5000...5000, using: &rng) }
        var actual = [Int8](repeating: 77, count: rows * outputStride), expected = actual
        rescale.requantizeRows(accumulators, rows: rows, stride: stride, channels: channels, corrections: corrections,
                               bias: bias, mode: .micro, output: &actual, outputStride: outputStride)
        for r in 0..<rows {
            for c in 0..<channels {
                let v = OutputRescale.requantize(accumulators[r * stride + c] &+ (corrections[c] &+ bias[c]),
                                                 multiplier: rescale.multipliers[c], leftShift: rescale.leftShifts[c],
                                                 rightShift: rescale.rightShifts[c], outputOffset: rescale.outputOffset,
                                                 min: rescale.activationMin, max: rescale.activationMax)
                expected[r * outputStride + c] = Int8(truncatingIfNeeded: v)
            }
        }
        #expect(actual == expected, "trial \(trial) (isa \(isa.rawValue)): \(rows)×\(channels)")
        if actual != expected { break }
    }
}

/// A hand-computed row through the C path: multiplier 2³⁰ with shift −1 is ×0.25, rounded half away
/// from zero (RDBPOT), then + 3 and clamped to [−128, 10].
@Test func requantizeRowsHandExample() {
    var rescale = OutputRescale(inputScale: 1, filterScales: [1], outputScale: 1, outputZeroPoint: 3, channels: 8,
                                activationMin: -128, activationMax: 10)
    rescale.multipliers = [Int32](repeating: 1 << 30, count: 8)
    rescale.shifts = [Int32](repeating: -1, count: 8)
    let acc: [Int32] = [2, -2, 6, -6, 7, -7, 100, -1000]
    var out = [Int8](repeating: 0, count: 8)
    rescale.requantizeRows(acc, rows: 1, stride: 8, channels: 8, corrections: [Int32](repeating: 0, count: 8), bias: nil,
                           mode: .micro, output: &out, outputStride: 8)
    // 0.5→1, −0.5→−1, 1.5→2, −1.5→−2, 1.75→2, −1.75→−2, 25, −250; then +3 and the clamp.
    #expect(out == [4, 2, 5, 1, 5, 1, 10, -128])
}
