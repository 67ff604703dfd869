// Requantization of int8 accumulators: the TFLite fixed-point primitives and `OutputRescale`, which
// every int8 kernel (reference and fast) goes through. They share this file so that the optimizer
// inlines the primitives into the hot loops even in non-whole-module (debug) builds.

import CLiteKernels

/// gemmlowp `SaturatingRoundingDoublingHighMul`: `round(a·b / 2³¹)` with ties toward +∞,
/// saturating the single overflowing case `a == b == Int32.min`.
@inline(__always)
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == .min && b == .min { return .max }
    let product = Int64(a) * Int64(b)
    let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
    return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))  // C truncating division
}

/// gemmlowp `RoundingDivideByPOT`: `round(x / 2^exponent)` with ties away from zero,
/// for `exponent` in `0...31`.
@inline(__always)
public func roundingDivideByPOT(_ x: Int32, _ exponent: Int) -> Int32 {
    let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) &+ (x < 0 ? 1 : 0)
    return (x >> Int32(exponent)) &+ (remainder > threshold ? 1 : 0)
}

/// TFLite `MultiplyByQuantizedMultiplier` in its default build (double rounding):
/// `RDBPOT(SRDHM(x · 2^max(shift,0), multiplier), max(−shift, 0))`.
///
/// This is what LiteRT's reference CONV_2D and TensorFlow Lite Micro use.
@inline(__always)
public func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
    let leftShift = shift > 0 ? shift : 0
    let rightShift = shift > 0 ? 0 : -shift
    let shifted = x &* Int32(truncatingIfNeeded: Int64(1) << Int64(leftShift))
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift)
}

/// TFLite `MultiplyByQuantizedMultiplier` in `TFLITE_SINGLE_ROUNDING` builds:
/// `(x·multiplier + 2^(30−shift)) >> (31 − shift)`, one rounding with ties toward +∞.
/// `shift` must be ≤ 30 (that build clamps it in `QuantizeMultiplier`).
@inline(__always)
public func multiplyByQuantizedMultiplierSingleRounding(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
    let totalShift = Int64(31 - shift)
    let round = Int64(1) << (totalShift - 1)
    let result = (Int64(x) * Int64(multiplier) + round) >> totalShift
    return Int32(truncatingIfNeeded: result)
}

/// How FULLY_CONNECTED int8 maps its Int32 accumulator to the output scale.
public enum RescaleMode: Sendable, Equatable {
    /// LiteRT `BUILTIN_REF` (since April 2025): `round(Double(acc) · s_in·s_w/s_out)`, half away from zero.
    case reference
    /// TensorFlow Lite Micro (and TFLite's integer reference): `multiplyByQuantizedMultiplier`.
    case micro
}

/// Per-output-channel requantization constants of a CONV_2D / DEPTHWISE_CONV_2D /
/// FULLY_CONNECTED int8 op, prepared once (TFLM `OpData`: `per_channel_output_multiplier`,
/// `per_channel_output_shift`), plus the real multipliers used by LiteRT's float FC rescale.
///
/// Every int8 kernel, reference and fast, requantizes through `requantize(_:channel:)` /
/// `requantizeFloat(_:channel:)`, so the rounding rules live in one place.
public struct OutputRescale: Sendable, Equatable {
    /// `M_c` of `quantizeMultiplier(m_c)`.
    public var multipliers: [Int32]
    /// `shift_c` of `quantizeMultiplier(m_c)` (positive = left).
    public var shifts: [Int32] {
        didSet { (leftShifts, rightShifts) = Self.split(shifts) }
    }
    /// `max(shift_c, 0)` and `max(−shift_c, 0)`, kept in step with `shifts`.
    public private(set) var leftShifts: [Int32]
    public private(set) var rightShifts: [Int32]
    /// `m_c = Double(s_in) · Double(s_w[c]) / Double(s_out)`.
    public var realMultipliers: [Double]
    /// Output zero point, added after rescaling (TFLM `output_offset`).
    public var outputOffset: Int32
    /// Clamp range from the fused activation.
    public var activationMin: Int32
    public var activationMax: Int32

    /// Computes the constants in double from the float32 scales stored in the file. One filter
    /// scale is broadcast to all `channels`; otherwise `filterScales.count` must equal `channels`.
    public init(inputScale: Float, filterScales: [Float], outputScale: Float, outputZeroPoint: Int32,
                channels: Int, activationMin: Int32 = -128, activationMax: Int32 = 127) {
        multipliers = []
        shifts = []
        leftShifts = []
        rightShifts = []
        realMultipliers = []
        multipliers.reserveCapacity(channels)
        for c in 0..<channels {
            let filterScale = filterScales.count == 1 ? filterScales[0] : filterScales[c]
            let real = Double(inputScale) * Double(filterScale) / Double(outputScale)
            let (m, s) = quantizeMultiplier(real)
            multipliers.append(m)
            shifts.append(Int32(s))
            realMultipliers.append(real)
        }
        (leftShifts, rightShifts) = Self.split(shifts)
        outputOffset = outputZeroPoint
        self.activationMin = activationMin
        self.activationMax = activationMax
    }

    /// Integer requantization (conv in every mode, FC in `.micro`):
    /// `clamp(MBQM(acc, M_c, shift_c) + z_out, min, max)`.
    @inline(__always)
    public func requantize(_ accumulator: Int32, channel: Int) -> Int32 {
        Self.requantize(accumulator, multiplier: multipliers[channel], leftShift: leftShifts[channel],
                        rightShift: rightShifts[channel], outputOffset: outputOffset, min: activationMin, max: activationMax)
    }

    /// LiteRT reference FULLY_CONNECTED requantization:
    /// `clamp(Int32(round(Double(acc) · m_c)) + z_out, min, max)`, clamped in double first.
    @inline(__always)
    public func requantizeFloat(_ accumulator: Int32, channel: Int) -> Int32 {
        Self.requantizeFloat(accumulator, realMultiplier: realMultipliers[channel], outputOffset: outputOffset,
                             min: activationMin, max: activationMax)
    }

    /// Requantizes rows of accumulators of the fast kernels: for row `r` and channel `c < channels`,
    /// `output[r·outputStride + c] = requantize(acc[r·stride + c] + corrections[c] + bias[c], channel: c, mode:)`.
    /// The same arithmetic as the per-value functions above: `.micro` runs `clk_requantize_rows`, the C (AVX2)
    /// transcription of `requantize(_:multiplier:leftShift:rightShift:outputOffset:min:max:)` that tests hold
    /// bit-equal to it; `.reference` runs `requantizeFloat` with the per-channel arrays hoisted out of the loop.
    public func requantizeRows(_ accumulators: UnsafePointer<Int32>, rows: Int, stride: Int, channels: Int,
                               corrections: UnsafePointer<Int32>, bias: UnsafePointer<Int32>?, mode: RescaleMode = .micro,
                               output: UnsafeMutablePointer<Int8>, outputStride: Int) {
        guard rows > 0, channels > 0 else { return }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: channels) { offsets in
            // corrections + bias, once per call, so the channel loops below have no branches.
            for c in 0..<channels { offsets[c] = corrections[c] &+ (bias?[c] ?? 0) }
            let (outputOffset, low, high) = (self.outputOffset, activationMin, activationMax)
            if mode == .reference {
                realMultipliers.withUnsafeBufferPointer { reals in
                    for r in 0..<rows {
                        let acc = accumulators + r * stride, out = output + r * outputStride
                        for c in 0..<channels {
                            let v = Self.requantizeFloat(acc[c] &+ offsets[c], realMultiplier: reals[c],
                                                         outputOffset: outputOffset, min: low, max: high)
                            out[c] = Int8(truncatingIfNeeded: v)
                        }
                    }
                }
                return
            }
            multipliers.withUnsafeBufferPointer { multipliers in
                leftShifts.withUnsafeBufferPointer { leftShifts in
                    rightShifts.withUnsafeBufferPointer { rightShifts in
                        clk_requantize_rows(accumulators, Int32(rows), Int32(stride), Int32(channels),
                                            offsets.baseAddress!, multipliers.baseAddress!, leftShifts.baseAddress!,
                                            rightShifts.baseAddress!, outputOffset, low, high, output, Int32(outputStride))
                    }
                }
            }
        }
    }

    /// `clamp(MBQM(acc, multiplier, shift) + outputOffset, min, max)`: the one integer requantization,
    /// in a branch-free form of `multiplyByQuantizedMultiplier` for `multiplier ≥ 0` (what
    /// `quantizeMultiplier` gives for positive scales) that tests hold equal to the readable one.
    /// SRDHM is `floor((x·2^left·M + 2³⁰) / 2³¹)`, whose low 32 bits a logical shift gives; RDBPOT keeps
    /// gemmlowp's mask/threshold form. Everything but the product is 32-bit, so loops over channels
    /// vectorize (`vpmuldq`, `vpsravd`).
    @inline(__always)
    public static func requantize(_ accumulator: Int32, multiplier: Int32, leftShift: Int32, rightShift: Int32,
                                  outputOffset: Int32, min: Int32, max: Int32) -> Int32 {
        let product = Int64(accumulator &<< leftShift) &* Int64(multiplier)
        let high = Int32(truncatingIfNeeded: (product &+ (1 << 30)) &>> 31)
        let mask = (Int32(1) &<< rightShift) &- 1
        let remainder = high & mask
        let threshold = (mask &>> 1) &- (high &>> 31)  // + 1 when high < 0
        let rounded = (high &>> rightShift) &+ (remainder > threshold ? 1 : 0)
        let v = rounded &+ outputOffset
        return Swift.min(Swift.max(v, min), max)
    }

    /// `(max(shift, 0), max(−shift, 0))` per channel.
    static func split(_ shifts: [Int32]) -> ([Int32], [Int32]) {
        (shifts.map { Swift.max($0, 0) }, shifts.map { Swift.max(-$0, 0) })
    }

    /// `clamp(Int32(round(Double(acc) · realMultiplier)) + outputOffset, min, max)`, clamped in double:
    /// the one float requantization (LiteRT reference FULLY_CONNECTED).
    @inline(__always)
    public static func requantizeFloat(_ accumulator: Int32, realMultiplier: Double, outputOffset: Int32,
                                       min: Int32, max: Int32) -> Int32 {
        let scaled = (Double(accumulator) * realMultiplier).rounded() + Double(outputOffset)
        return Int32(Swift.min(Swift.max(scaled, Double(min)), Double(max)))
    }

    /// FC requantization for `mode`.
    @inline(__always)
    public func requantize(_ accumulator: Int32, channel: Int, mode: RescaleMode) -> Int32 {
        switch mode {
        case .reference: return requantizeFloat(accumulator, channel: channel)
        case .micro: return requantize(accumulator, channel: channel)
        }
    }
}
