/// Prepared constants of int8 SOFTMAX (TFLite `SoftmaxParams`, quantized part).
public struct SoftmaxParams: Sendable, Equatable {
    /// `M` of `quantizeMultiplier(beta · s_in · 2²⁶)`.
    public var inputMultiplier: Int32
    /// `L` (left shift) of the same.
    public var inputLeftShift: Int
    /// Differences `x − max` below this give probability 0 (`−floor(31 · 2²⁶ / 2^L)`).
    public var diffMin: Int32

    public init(inputMultiplier: Int32, inputLeftShift: Int, diffMin: Int32) {
        self.inputMultiplier = inputMultiplier
        self.inputLeftShift = inputLeftShift
        self.diffMin = diffMin
    }

    /// TFLite `PreprocessSoftmaxScaling` + `CalculateInputRadius` with 5 integer bits.
    /// Returns `nil` when the op cannot run (LiteRT aborts): real multiplier ≤ 1 or negative shift.
    public init?(beta: Float, inputScale: Float) {
        let realMultiplier = Swift.min(Double(beta) * Double(inputScale) * Double(1 << 26), Double(Int32.max))
        guard realMultiplier > 1 else { return nil }
        let (m, shift) = quantizeMultiplier(realMultiplier)
        guard shift >= 0, shift <= 30 else { return nil }
        // Input radius: (2^5 − 1) · 2^(31−5) / 2^shift, floored.
        let radius = (Double(31) * Double(1 << 26)) / Double(Int64(1) << Int64(shift))
        self.init(inputMultiplier: m, inputLeftShift: shift, diffMin: -Int32(radius.rounded(.down)))
    }
}

/// Reference int8 → int8 SOFTMAX (TFLite `reference_ops::Softmax` for int8, gemmlowp fixed point).
/// The output scale must be 1/256 and its zero point −128. `rows` rows of `depth` values.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `rows × depth`
/// values each, depth ≥ 1; `params` from a valid beta × input scale.
public func softmax(params: SoftmaxParams, rows: Int, depth: Int,
                    input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
    for row in 0..<rows {
        let x = input + row * depth
        let y = output + row * depth
        var maxValue = Int32.min
        for i in 0..<depth { maxValue = Swift.max(maxValue, Int32(x[i])) }
        var sumOfExps: Int32 = 0  // Q12.19
        for i in 0..<depth {
            let diff = Int32(x[i]) - maxValue
            if diff >= params.diffMin {
                let scaled = softmaxScaledDiff(diff, params)
                sumOfExps &+= roundingDivideByPOT(FixedPoint.expOnNegativeValues(scaled), 12)
            }
        }
        let (reciprocal, bitsOverUnit) = FixedPoint.reciprocal(sumOfExps, integerBits: 12)
        let exponent = bitsOverUnit + 31 - 8
        for i in 0..<depth {
            let diff = Int32(x[i]) - maxValue
            var value: Int32 = -128
            if diff >= params.diffMin {
                let expValue = FixedPoint.expOnNegativeValues(softmaxScaledDiff(diff, params))
                let unsaturated = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, expValue), exponent)
                value = Swift.min(Swift.max(unsaturated &- 128, -128), 127)
            }
            y[i] = Int8(truncatingIfNeeded: value)
        }
    }
}

/// `x − max` as Q5.26: `SRDHM(diff · 2^L, M)`; cannot overflow because `diff ≥ diffMin`.
@inline(__always)
func softmaxScaledDiff(_ diff: Int32, _ params: SoftmaxParams) -> Int32 {
    saturatingRoundingDoublingHighMul(diff &* Int32(truncatingIfNeeded: Int64(1) << Int64(params.inputLeftShift)),
                                      params.inputMultiplier)
}
