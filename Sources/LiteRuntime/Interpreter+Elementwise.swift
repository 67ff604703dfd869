import LiteFormat
import LiteKernels

extension Interpreter {
    /// Routes a builtin to its preparation.
    func prepare(_ op: BuiltinOperator, _ c: OpContext) throws -> PreparedOp {
        switch op {
        case .conv2D: return try prepareConv(c, depthwise: false)
        case .depthwiseConv2D: return try prepareConv(c, depthwise: true)
        case .fullyConnected: return try prepareFullyConnected(c)
        case .maxPool2D: return try preparePool(c, max: true)
        case .averagePool2D: return try preparePool(c, max: false)
        case .softmax: return try prepareSoftmax(c)
        case .quantize: return try prepareQuantize(c)
        case .dequantize: return try prepareDequantize(c)
        case .reshape: return try prepareReshape(c)
        case .shape: return try prepareShape(c)
        case .stridedSlice: return try prepareStridedSlice(c)
        case .pack: return try preparePack(c)
        case .pad: return try preparePad(c)
        case .relu: return try prepareRelu(c, activation: .relu)
        case .relu6: return try prepareRelu(c, activation: .relu6)
        case .add: return try prepareAdd(c)
        case .mean: return try prepareMean(c)
        default: throw c.unsupported("this runtime does not implement \(op)")
        }
    }

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
