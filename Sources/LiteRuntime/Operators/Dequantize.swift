import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let dequantize = OperatorRegistration(.dequantize, maxVersion: 4, stem: "dequant",
                                                 prepare: { try $0.prepareDequantize($1) })
}

extension Interpreter {
    /// DEQUANTIZE int8/uint8 → float32 and float16 → float32; folded at prepare time for constants
    /// (float16 weights). Kernel invariants, checked here: float32 output of the input's element count;
    /// integer input per-tensor quantized.
    func prepareDequantize(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", .float32)
        try allocate(output, input.shape, c)
        let count = input.count, y = output.pointer(Float.self)
        try c.requireExtent(output, "output", count)
        switch input.type {
        case .float16:
            let x = input.pointer(UInt16.self)
            return PreparedOp(run: { dequantizeFloat16(x, count: count, output: y) }, foldable: true)
        case .int8, .uint8:
            try c.requireQuantized(input, "input")
            let scale = input.scale, zeroPoint = input.zeroPoint
            if input.type == .int8 {
                let x = input.pointer(Int8.self)
                return PreparedOp(run: { dequantize(x, count: count, scale: scale, zeroPoint: zeroPoint, output: y) }, foldable: true)
            }
            let x = input.pointer(UInt8.self)
            return PreparedOp(run: { dequantize(x, count: count, scale: scale, zeroPoint: zeroPoint, output: y) }, foldable: true)
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }
}
