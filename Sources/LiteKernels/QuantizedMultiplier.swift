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
