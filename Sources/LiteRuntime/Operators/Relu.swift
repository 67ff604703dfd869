import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let relu = OperatorRegistration(.relu, maxVersion: 3, prepare: { try $0.prepareRelu($1, activation: .relu) })
    static let relu6 = OperatorRegistration(.relu6, maxVersion: 3, prepare: { try $0.prepareRelu($1, activation: .relu6) })
}

extension Interpreter {
    /// RELU / RELU6 as a clamp; int8 rescales from the input to the output quantization first.
    /// Kernel invariants, checked here: output of the input's type and exactly its element count.
    func prepareRelu(_ c: OpContext, activation: FusedActivation) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", input.type)
        try allocate(output, input.shape, c)
        let count = input.count
        try c.requireExtent(output, "output", count)
        switch input.type {
        case .float32:
            let range = floatActivationRange(activation), x = input.pointer(Float.self), y = output.pointer(Float.self)
            return PreparedOp(run: { clampFloat(x, count: count, min: range.min, max: range.max, output: y) })
        case .int8:
            try c.requireQuantized(input, "input")
            try c.requireQuantized(output, "output")
            let params = RequantizeParams(inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                                          outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            let range = quantizedActivationRange(activation, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            let x = input.pointer(Int8.self), y = output.pointer(Int8.self)
            return PreparedOp(run: {
                for i in 0..<count { y[i] = Int8(truncatingIfNeeded: min(max(params.apply(Int32(x[i])), range.min), range.max)) }
            })
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }
}
