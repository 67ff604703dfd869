import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let add = OperatorRegistration(.add, maxVersion: 4, prepare: { try $0.prepareAdd($1) })
}

extension Interpreter {
    /// ADD of float32 tensors of one shape (or with a one-element operand).
    /// Kernel invariants, checked here: float32 operands; `b` holds `count` values or one; output `count` values.
    func prepareAdd(_ c: OpContext) throws -> PreparedOp {
        var a = try c.input(0), b = try c.input(1)
        let output = try c.output()
        guard a.type == .float32, b.type == .float32 else { throw c.unsupported("ADD of \(a.type) tensors") }
        try c.requireType(output, "output", .float32)
        if a.count == 1 && b.count != 1 { swap(&a, &b) }
        guard b.count == a.count || b.count == 1 else {
            throw c.unsupported("broadcasting \(a.shape) with \(b.shape)")
        }
        var fused = ActivationFunction.none
        if case .add(let o) = c.op.options { fused = o.activation }
        let range = floatActivationRange(try c.activation(fused))
        try allocate(output, a.shape, c)
        let x = a.pointer(Float.self), z = b.pointer(Float.self), y = output.pointer(Float.self)
        let count = a.count, bCount = b.count
        try c.requireExtent(output, "output", count)
        return PreparedOp(run: {
            addFloat(x, z, count: count, bCount: bCount, activationMin: range.min, activationMax: range.max, output: y)
        })
    }
}
