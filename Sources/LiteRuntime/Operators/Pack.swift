import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let pack = OperatorRegistration(.pack, maxVersion: 3, prepare: { try $0.preparePack($1) })
}

extension Interpreter {
    /// PACK along axis 0: stacks same-shaped inputs. Invariants, checked here: inputs of one type and shape;
    /// output of that type holding `inputs × input count` values.
    func preparePack(_ c: OpContext) throws -> PreparedOp {
        let output = try c.output()
        guard case .pack(let o) = c.op.options else { throw c.invalid("PackOptions are missing") }
        let inputs = try (0..<c.op.inputs.count).map { try c.input($0) }
        guard let first = inputs.first, o.axis == 0, Int(o.valuesCount) == inputs.count else {
            throw c.unsupported("only PACK along axis 0 with values_count equal to the inputs")
        }
        for t in inputs {
            try c.requireType(t, "input", first.type)
            guard t.shape == first.shape else { throw c.invalid("inputs have different shapes \(first.shape) and \(t.shape)") }
        }
        try c.requireType(output, "output", first.type)
        try allocate(output, [inputs.count] + first.shape, c)
        try c.requireExtent(output, "output", inputs.count * first.count)
        let sources = inputs.map(\.data), bytes = first.byteCount, y = output.data
        return PreparedOp(run: {
            for (k, x) in sources.enumerated() { (y + k * bytes).copyMemory(from: x, byteCount: bytes) }
        }, foldable: true)
    }
}
