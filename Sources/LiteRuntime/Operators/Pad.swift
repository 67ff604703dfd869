import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let pad = OperatorRegistration(.pad, maxVersion: 4, prepare: { try $0.preparePad($1) })
}

extension Interpreter {
    /// PAD of a tensor of rank ≤ 4 with constant paddings: zeros for float32, the zero point for int8.
    /// Invariants, checked here: rank ≤ 4; `2 × rank` paddings ≥ 0; output of the input's type, exactly the
    /// padded shape's element count.
    func preparePad(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        let paddings = try staticInt32s(try c.input(1), "paddings", c)
        let rank = input.shape.count
        guard rank <= 4, paddings.count == 2 * rank, paddings.allSatisfy({ $0 >= 0 }) else {
            throw c.invalid("paddings \(paddings) do not fit input \(input.shape)")
        }
        try c.requireType(output, "output", input.type)
        let lead = 4 - rank
        let dims = [Int](repeating: 1, count: lead) + input.shape
        let pads = [Int](repeating: 0, count: 2 * lead) + paddings
        let before = (pads[0], pads[2], pads[4], pads[6]), after = (pads[1], pads[3], pads[5], pads[7])
        try allocate(output, (0..<rank).map { input.shape[$0] + paddings[2 * $0] + paddings[2 * $0 + 1] }, c)
        let inShape = Shape4(dims[0], dims[1], dims[2], dims[3])
        let outShape4 = Shape4(dims[0] + before.0 + after.0, dims[1] + before.1 + after.1,
                               dims[2] + before.2 + after.2, dims[3] + before.3 + after.3)
        try c.requireExtent(input, "input", inShape)
        try c.requireExtent(output, "output", outShape4)
        switch input.type {
        case .float32:
            let x = input.pointer(Float.self), y = output.pointer(Float.self)
            return PreparedOp(run: { padFloat(inputShape: inShape, input: x, before: before, after: after, output: y) })
        case .int8, .uint8:
            let fill = UInt8(truncatingIfNeeded: input.zeroPoint), x = input.pointer(UInt8.self), y = output.pointer(UInt8.self)
            let out = Shape4(dims[0] + before.0 + after.0, dims[1] + before.1 + after.1,
                             dims[2] + before.2 + after.2, dims[3] + before.3 + after.3)
            let outCount = out.flatSize
            return PreparedOp(run: {
                y.update(repeating: fill, count: outCount)
                for b in 0..<inShape.batches {
                    for h in 0..<inShape.height {
                        for w in 0..<inShape.width {
                            (y + out.offset(b + before.0, h + before.1, w + before.2, before.3))
                                .update(from: x + inShape.offset(b, h, w, 0), count: inShape.depth)
                        }
                    }
                }
            })
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }
}
