import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let shape = OperatorRegistration(.shape, maxVersion: 1, prepare: { try $0.prepareShape($1) })
}

extension Interpreter {
    /// SHAPE: the input's shape as int32; known at prepare time. Invariant: an int32 output of rank values.
    func prepareShape(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", .int32)
        try allocate(output, [input.shape.count], c)
        try c.requireExtent(output, "output", input.shape.count)
        let y = output.pointer(Int32.self), dims = input.shape.map { Int32(clamping: $0) }
        return PreparedOp(run: { for (i, d) in dims.enumerated() { y[i] = d } }, shapeOnly: true)
    }
}
