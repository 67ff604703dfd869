import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let reshape = OperatorRegistration(
        .reshape, maxVersion: 1, stem: "reshape", inputRoles: [.shape],
        quantization: OperatorQuantization(int8Output: .sameAsInput, int8Version: 1, nonFloatInputs: [1]),
        prepare: { try $0.prepareReshape($1) })
}

extension Interpreter {
    /// RESHAPE: a byte copy; the new shape comes from input 1, else the options, else the declared
    /// output shape; one −1 is inferred. Invariant, checked here: output of the input's type and byte count.
    func prepareReshape(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", input.type)
        var shape: [Int]
        if let shapeTensor = c.optionalInput(1) {
            shape = try staticInt32s(shapeTensor, "shape", c)
        } else if case .reshape(let o) = c.op.options, let newShape = o.newShape {
            shape = newShape.map(Int.init)
        } else {
            shape = output.shape
        }
        if let unknown = shape.firstIndex(of: -1) {
            var rest = shape
            rest.remove(at: unknown)
            guard let known = Self.elementCount(rest), known > 0, input.count % known == 0 else {
                throw c.invalid("cannot reshape \(input.shape) to \(shape)")
            }
            shape[unknown] = input.count / known
        }
        guard Self.elementCount(shape) == input.count else {
            throw c.invalid("cannot reshape \(input.shape) (\(input.count) values) to \(shape)")
        }
        try allocate(output, shape, c)
        return try copyOp(from: input, to: output, c)
    }
}
