import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let quantize = OperatorRegistration(.quantize, maxVersion: 3, stem: "quant", prepare: { try $0.prepareQuantize($1) })
}

extension Interpreter {
    /// QUANTIZE float32 → int8/uint8 (reference rounding) and int8/uint8 → int8/uint8 (rescale).
    /// Kernel invariants, checked here: output int8/uint8 with per-tensor quantization and exactly the
    /// input's element count; integer input per-tensor quantized.
    func prepareQuantize(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", .int8, .uint8)
        try c.requireQuantized(output, "output")
        try allocate(output, input.shape, c)
        let count = input.count, scale = output.scale, zeroPoint = output.zeroPoint
        try c.requireExtent(output, "output", count)
        switch (input.type, output.type) {
        case (.float32, .int8):
            let x = input.pointer(Float.self), y = output.pointer(Int8.self)
            return PreparedOp(run: { quantize(x, count: count, scale: scale, zeroPoint: zeroPoint, output: y) })
        case (.float32, .uint8):
            let x = input.pointer(Float.self), y = output.pointer(UInt8.self)
            return PreparedOp(run: { quantize(x, count: count, scale: scale, zeroPoint: zeroPoint, output: y) })
        case (.int8, _), (.uint8, _):
            try c.requireQuantized(input, "input")
            let params = RequantizeParams(inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                                          outputScale: scale, outputZeroPoint: zeroPoint)
            let x = input.data, y = output.data
            if options.kernels == .fast {
                switch (input.type, output.type) {
                case (.uint8, .int8):
                    let x = input.pointer(UInt8.self), y = output.pointer(Int8.self)
                    return PreparedOp(run: { requantizeFast(x, count: count, params: params, output: y) })
                case (.int8, .uint8):
                    let x = input.pointer(Int8.self), y = output.pointer(UInt8.self)
                    return PreparedOp(run: { requantizeFast(x, count: count, params: params, output: y) })
                case (.int8, .int8):
                    let x = input.pointer(Int8.self), y = output.pointer(Int8.self)
                    return PreparedOp(run: { requantizeFast(x, count: count, params: params, output: y) })
                default:
                    let x = input.pointer(UInt8.self), y = output.pointer(UInt8.self)
                    return PreparedOp(run: { requantizeFast(x, count: count, params: params, output: y) })
                }
            }
            switch (input.type, output.type) {
            case (.int8, .int8): return requantizeOp(x, Int8.self, y, Int8.self, count, params)
            case (.int8, _): return requantizeOp(x, Int8.self, y, UInt8.self, count, params)
            case (_, .int8): return requantizeOp(x, UInt8.self, y, Int8.self, count, params)
            default: return requantizeOp(x, UInt8.self, y, UInt8.self, count, params)
            }
        default:
            throw c.unsupported("\(input.type) → \(output.type)")
        }
    }

    private func requantizeOp<In: FixedWidthInteger, Out: FixedWidthInteger>(
        _ x: UnsafeMutableRawPointer, _: In.Type, _ y: UnsafeMutableRawPointer, _: Out.Type, _ count: Int,
        _ params: RequantizeParams) -> PreparedOp {
        let input = x.assumingMemoryBound(to: In.self), output = y.assumingMemoryBound(to: Out.self)
        return PreparedOp(run: { requantize(input, count: count, params: params, output: output) })
    }
}
