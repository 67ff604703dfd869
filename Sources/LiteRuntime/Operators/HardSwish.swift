import LiteFormat
import LiteKernels

extension OperatorRegistration {
    /// HARD_SWISH `x · relu6(x + 3) / 6` (MobileNetV3's activation): float32 and int8, no options.
    static let hardSwish = OperatorRegistration(
        .hardSwish, maxVersion: 1, stem: "hswish",
        quantization: OperatorQuantization(int8Output: .calibrated, int8Version: 1),
        prepare: { try $0.prepareHardSwish($1) })
}

extension Interpreter {
    /// Kernel invariants, checked here: output of the input's type and exactly its element count; int8
    /// tensors per-tensor quantized with an output scale of at least input scale / 128.
    func prepareHardSwish(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(input, "input", .float32, .int8)
        try c.requireType(output, "output", input.type)
        try allocate(output, input.shape, c)
        let count = input.count
        try c.requireExtent(input, "input", count)
        try c.requireExtent(output, "output", count)
        if input.type == .float32 {
            let x = input.pointer(Float.self), y = output.pointer(Float.self)
            return PreparedOp(run: { hardSwishFloat(x, count: count, output: y) }, foldable: true)
        }
        try c.requireQuantized(input, "input")
        try c.requireQuantized(output, "output")
        guard let params = HardSwishParams(inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                                           outputScale: output.scale, outputZeroPoint: output.zeroPoint) else {
            throw c.unsupported("output scale \(output.scale) is below input scale \(input.scale) / 128")
        }
        let x = input.pointer(Int8.self), y = output.pointer(Int8.self)
        return PreparedOp(run: { hardSwishInt8(params: params, x, count: count, output: y) }, foldable: true)
    }
}
