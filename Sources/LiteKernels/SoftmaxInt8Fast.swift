/// The exponentials int8 SOFTMAX needs, computed once: the reference evaluates
/// `expOnNegativeValues(scaledDiff(x − max))` twice per value, yet `x − max` of int8 values is one of
/// 256 differences 0, −1, …, −255, so a table of those is exact by construction. Built at prepare time.
public struct SoftmaxExpTable: Sendable {
    /// `exps[d]` is the Q0.31 exponential of the difference `−d`, for `d` in `0..<exps.count`; larger
    /// differences lie below `diffMin` and give probability 0.
    public let exps: [Int32]

    public init(params: SoftmaxParams) {
        let count = Int(Swift.min(Int64(256), Int64(-Int64(params.diffMin)) + 1))
        exps = (0..<Swift.max(count, 0)).map { FixedPoint.expOnNegativeValues(softmaxScaledDiff(Int32(-$0), params)) }
    }
}

/// Int8 SOFTMAX equal to `softmax(params:rows:depth:input:output:)` bit for bit, with the exponentials
/// looked up in `table` (built from the same `params`).
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `rows × depth`
/// values each, depth ≥ 1; `table` built from the same `params`.
public func softmaxFast(params: SoftmaxParams, table: SoftmaxExpTable, rows: Int, depth: Int,
                        input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
    table.exps.withUnsafeBufferPointer { exps in
        let limit = exps.count
        for row in 0..<rows {
            let x = input + row * depth
            let y = output + row * depth
            var maxValue = Int32.min
            for i in 0..<depth { maxValue = Swift.max(maxValue, Int32(x[i])) }
            var sumOfExps: Int32 = 0  // Q12.19
            for i in 0..<depth {
                let d = Int(maxValue - Int32(x[i]))
                if d < limit { sumOfExps &+= roundingDivideByPOT(exps[d], 12) }
            }
            let (reciprocal, bitsOverUnit) = FixedPoint.reciprocal(sumOfExps, integerBits: 12)
            let exponent = bitsOverUnit + 31 - 8
            for i in 0..<depth {
                let d = Int(maxValue - Int32(x[i]))
                var value: Int32 = -128
                if d < limit {
                    let unsaturated = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, exps[d]), exponent)
                    value = Swift.min(Swift.max(unsaturated &- 128, -128), 127)
                }
                y[i] = Int8(truncatingIfNeeded: value)
            }
        }
    }
}
