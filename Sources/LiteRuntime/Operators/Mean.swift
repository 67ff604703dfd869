import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let mean = OperatorRegistration(.mean, maxVersion: 3, prepare: { try $0.prepareMean($1) })
}

extension Interpreter {
    /// MEAN of a float32 NHWC tensor over height and width (global average pooling).
    /// Kernel invariants, checked here: float32 rank-4 input; output exactly `batches × depth` values.
    func prepareMean(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        guard input.type == .float32 else { throw c.unsupported("MEAN of \(input.type) tensors") }
        try c.requireType(output, "output", .float32)
        let axesTensor = try c.input(1)
        try c.requireType(axesTensor, "axes", .int32)
        try c.requireStatic(axesTensor, "axes")
        let shape = try c.shape4(input, "input")
        guard Set(axesTensor.values(Int32.self)) == [1, 2] else {
            throw c.unsupported("MEAN over axes \(axesTensor.values(Int32.self)); only [1, 2]")
        }
        var keepDims = false
        if case .reducer(let o) = c.op.options { keepDims = o.keepDims }
        try allocate(output, keepDims ? [shape.batches, 1, 1, shape.depth] : [shape.batches, shape.depth], c)
        try c.requireExtent(input, "input", shape)
        try c.requireExtent(output, "output", shape.batches * shape.depth)
        let x = input.pointer(Float.self), y = output.pointer(Float.self)
        return PreparedOp(run: { meanOverHeightWidthFloat(inputShape: shape, input: x, output: y) })
    }
}
