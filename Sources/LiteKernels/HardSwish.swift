// HARD_SWISH, x · relu6(x + 3) / 6, as LiteRT's reference kernels compute it.

/// Reference float32 HARD_SWISH: `x · min(6, max(0, x + 3)) / 6`, multiplied then divided, per element.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count`
/// values each.
public func hardSwishFloat(_ input: UnsafePointer<Float>, count: Int, output: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        let x = input[i]
        output[i] = x * min(Float(6), max(Float(0), x + 3)) / 6
    }
}

/// Constants of int8 HARD_SWISH (TFLite `HardSwishParams`): the input is moved to a "high-resolution"
/// scale (input scale / 128) held in int16, from which two 16-bit fixed-point multipliers lead to the
/// output scale and to the "reluish" factor `relu6(x + 3) / 6` on a 0…1 scale of 2¹⁵.
public struct HardSwishParams: Sendable, Equatable {
    public var inputZeroPoint: Int32, outputZeroPoint: Int32
    public var reluishMultiplier: Int16, reluishExponent: Int
    public var outputMultiplier: Int16, outputExponent: Int

    /// nil when the output multiplier would need a left shift (output scale below input scale / 128),
    /// which LiteRT refuses too. Scales are combined in float32, as LiteRT's prepare does.
    public init?(inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32) {
        let hiresInputScale = (1 / Float(128)) * inputScale
        let reluishScale = 3 / Float(32768)
        let output = quantizeMultiplier(Double(hiresInputScale / outputScale))
        guard output.shift <= 0 else { return nil }
        let reluish = quantizeMultiplier(Double(hiresInputScale / reluishScale))
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        (outputMultiplier, outputExponent) = (Self.int16Multiplier(output.multiplier), output.shift)
        (reluishMultiplier, reluishExponent) = (Self.int16Multiplier(reluish.multiplier), reluish.shift)
    }

    /// The top 16 bits of a 32-bit multiplier, rounded, saturating at `Int16.max`.
    static func int16Multiplier(_ m: Int32) -> Int16 {
        guard m < Int32.max - (1 << 15) else { return Int16.max }
        return Int16(truncatingIfNeeded: (m + (1 << 15)) >> 16)
    }
}

/// Reference int8 HARD_SWISH (`reference_ops::HardSwish<int8_t>`), integer-only.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count`
/// values each.
public func hardSwishInt8(params p: HardSwishParams, _ input: UnsafePointer<Int8>, count: Int,
                          output: UnsafeMutablePointer<Int8>) {
    for i in 0..<count {
        let hires = Int16(truncatingIfNeeded: (Int32(input[i]) - p.inputZeroPoint) * 128)
        let onOutputScale = saturatingRoundingDoublingHighMul16(hires, p.outputMultiplier)
        var reluish = hires
        if p.reluishExponent > 0 { reluish = saturatingLeftShift16(reluish, p.reluishExponent - 1) }
        reluish = saturatingRoundingDoublingHighMul16(reluish, p.reluishMultiplier)
        if p.reluishExponent > 0 { reluish = saturatingLeftShift16(reluish, 1) }
        if p.reluishExponent < 0 { reluish = roundingDivideByPOT16(reluish, -p.reluishExponent) }
        // From −1…1 on 2¹⁵ to 0…1: the reluish factor.
        reluish = Int16(truncatingIfNeeded: (Int32(reluish) + (1 << 15)) >> 1)
        let preshift = saturatingDoublingHighMul16(reluish, onOutputScale)
        let value = Int32(roundingDivideByPOT16(preshift, -p.outputExponent)) + p.outputZeroPoint
        output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
    }
}

/// gemmlowp `SaturatingRoundingDoublingHighMul` on int16: `round(a · b / 2¹⁵)`, −2¹⁵ · −2¹⁵ saturating.
@inline(__always) func saturatingRoundingDoublingHighMul16(_ a: Int16, _ b: Int16) -> Int16 {
    if a == b && a == Int16.min { return Int16.max }
    let product = Int32(a) * Int32(b)
    let nudge: Int32 = product >= 0 ? 1 << 14 : 1 - (1 << 14)
    return Int16(truncatingIfNeeded: (product + nudge) / (1 << 15))
}

/// `a · b / 2¹⁵` truncated toward zero (no rounding), −2¹⁵ · −2¹⁵ saturating.
@inline(__always) func saturatingDoublingHighMul16(_ a: Int16, _ b: Int16) -> Int16 {
    if a == b && a == Int16.min { return Int16.max }
    return Int16(truncatingIfNeeded: (Int32(a) * Int32(b)) / (1 << 15))
}

/// `value · 2^amount` clamped to the int16 range.
@inline(__always) func saturatingLeftShift16(_ value: Int16, _ amount: Int) -> Int16 {
    let shifted = Int32(value) << Int32(amount)
    return Int16(min(max(shifted, Int32(Int16.min)), Int32(Int16.max)))
}

/// gemmlowp `RoundingDivideByPOT` on int16: `x / 2^exponent`, rounding half away from zero.
@inline(__always) func roundingDivideByPOT16(_ x: Int16, _ exponent: Int) -> Int16 {
    let mask = Int16(truncatingIfNeeded: (1 << exponent) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> Int16(exponent)) + (remainder > threshold ? 1 : 0)
}
