// Fixed-point helpers of TFLite's `common.h` / gemmlowp `fixedpoint.h`, bit for bit.
// Integer semantics follow the C++ (truncating division, arithmetic shifts); every place where
// C++ would overflow silently uses wrapping operators so that Swift never traps.

/// Represents a positive real multiplier as `multiplier · 2^(shift − 31)` with
/// `multiplier ∈ [2³⁰, 2³¹)` (TFLite `QuantizeMultiplier`). A positive `shift` is a left shift.
///
/// Returns `(0, 0)` for 0, for non-finite values and for multipliers below 2⁻³², which TFLite
/// flushes to zero. Negative multipliers give a negative `multiplier`, as in TFLite.
public func quantizeMultiplier(_ realMultiplier: Double) -> (multiplier: Int32, shift: Int) {
    guard realMultiplier != 0, realMultiplier.isFinite else { return (0, 0) }
    // frexp: m = f · 2^e with |f| ∈ [0.5, 1).
    let magnitude = realMultiplier.magnitude
    var exponent = Int(magnitude.exponent) + 1
    let fraction = magnitude.significand / 2
    var q = Int64((fraction * 2147483648.0).rounded())  // exact product, C `round`
    if q == 1 << 31 {
        q = 1 << 30
        exponent += 1
    }
    if exponent < -31 { return (0, 0) }
    let signed = realMultiplier < 0 ? -q : q
    return (Int32(signed), exponent)
}

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
