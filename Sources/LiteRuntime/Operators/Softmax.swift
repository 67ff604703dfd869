import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let softmax = OperatorRegistration(
        .softmax, maxVersion: 3, stem: "softmax",
        quantization: OperatorQuantization(int8Output: .fixed(min: 0, max: 1, scale: 1.0 / 256.0, zeroPoint: -128),
                                           int8Version: 2),
        prepare: { try $0.prepareSoftmax($1) })
}

extension Interpreter {
    /// SOFTMAX over the last dimension, float32 and int8 (gemmlowp fixed point; output (1/256, −128)).
    /// Kernel invariants, checked here: last dimension ≥ 1; input and output exactly `rows × depth` values of
    /// one type; int8: per-tensor quantization, output (1/256, −128), a usable `SoftmaxParams`.
    func prepareSoftmax(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        guard case .softmax(let o) = c.op.options else { throw c.invalid("SoftmaxOptions are missing") }
        guard let depth = input.shape.last, depth > 0 else { throw c.invalid("input \(input.shape) has no last dimension") }
        try c.requireType(output, "output", input.type)
        try allocate(output, input.shape, c)
        let rows = input.count / depth
        try c.requireExtent(input, "input", rows * depth)
        try c.requireExtent(output, "output", rows * depth)
        switch input.type {
        case .float32:
            let x = input.pointer(Float.self), y = output.pointer(Float.self), beta = o.beta
            return PreparedOp(run: { softmaxFloat(beta: beta, rows: rows, depth: depth, input: x, output: y) })
        case .int8:
            try c.requireQuantized(input, "input")
            try c.requireQuantized(output, "output")
            guard output.zeroPoint == -128, abs(output.scale * 256 - 1) < 0.001 else {
                throw c.invalid("int8 output must have scale 1/256 and zero point -128, has \(output.scale) and \(output.zeroPoint)")
            }
            guard let params = SoftmaxParams(beta: o.beta, inputScale: input.scale) else {
                throw c.invalid("beta \(o.beta) × input scale \(input.scale) is too small for the fixed-point softmax")
            }
            let x = input.pointer(Int8.self), y = output.pointer(Int8.self)
            let table = SoftmaxExpTable(params: params)
            return PreparedOp(run: { softmaxFast(params: params, table: table, rows: rows, depth: depth, input: x, output: y) })
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }
}
