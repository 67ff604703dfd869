import Testing

/// How far a fast float kernel may be from the reference loop that sums the same `terms` products
/// (and the bias) in another rounding: the reference rounds each product and each addition, the fast
/// kernel fuses them (FMA) and may split the sum into partial sums.
///
/// Any order of `n` floating-point additions of rounded or fused products lies within
/// γₙ·Σ|xᵢwᵢ| of the exact sum, with γₙ = n·u / (1 − n·u) and u = 2⁻²⁴ (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, §3.1 and §4.2). Both results lie within that of the exact
/// value, so they lie within 2·γₙ·magnitude of each other, where `magnitude` = Σ|xᵢwᵢ| + |bias|
/// and `n` = taps + 1 (the bias). The activation clamp never widens a gap. A wrong tap, weight or
/// channel shifts a result by about one |xᵢwᵢ|, which is ~n·10⁴ times larger than this bound.
func summationTolerance(terms: Int, magnitude: Float) -> Float {
    let unitRoundoff = Float.ulpOfOne / 2
    let n = Float(terms + 1)
    // `magnitude` is itself a float sum of n positive terms: 1.01 covers its own γₙ (< 10⁻⁴ here).
    return 2 * n * unitRoundoff / (1 - n * unitRoundoff) * magnitude * 1.01
}

/// `#expect`s that every fast value is within `summationTolerance` of the reference value
/// (NaN where the reference is NaN), naming the first index that is not.
func expectWithinSummationTolerance(_ fast: [Float], _ reference: [Float], magnitudes: [Float], terms: Int,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(fast.count == reference.count, sourceLocation: sourceLocation)
    for i in reference.indices where i < fast.count {
        let (f, r) = (fast[i], reference[i])
        let tolerance = summationTolerance(terms: terms, magnitude: magnitudes[i])
        if r.isNaN ? !f.isNaN : !(abs(f - r) <= tolerance) {
            Issue.record("index \(i): fast \(f), reference \(r), tolerance \(tolerance)", sourceLocation: sourceLocation)
            return
        }
    }
}
