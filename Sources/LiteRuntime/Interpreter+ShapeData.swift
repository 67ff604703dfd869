import LiteFormat

/// Helpers of the operators that move data without arithmetic (RESHAPE, STRIDED_SLICE, PACK, PAD).
extension Interpreter {
    /// Values of a constant (or folded) int32 tensor used as shape data.
    func staticInt32s(_ t: RuntimeTensor, _ role: String, _ c: OpContext) throws -> [Int] {
        try c.requireType(t, role, .int32)
        try c.requireStatic(t, role)
        return t.values(Int32.self).map(Int.init)
    }

    /// A byte copy of the whole input; requires equal byte counts (checked before the step is built).
    func copyOp(from input: RuntimeTensor, to output: RuntimeTensor, _ c: OpContext) throws -> PreparedOp {
        guard input.byteCount == output.byteCount else {
            throw c.invalid("output holds \(output.byteCount) bytes but the input \(input.byteCount)")
        }
        let x = input.data, y = output.data, bytes = output.byteCount
        return PreparedOp(run: { y.copyMemory(from: x, byteCount: bytes) }, foldable: true)
    }
}
