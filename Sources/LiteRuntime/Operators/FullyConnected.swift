import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let fullyConnected = OperatorRegistration(
        .fullyConnected, maxVersion: 12, stem: "fc", inputRoles: ["w", "b"], weightsAxis: 0,
        quantization: OperatorQuantization(
            int8Output: .calibrated, int8Version: 4,
            dynamicRange: .init(perChannelVersion: 12, perTensorVersion: 9, adjustOptions: { op in
                // The hybrid kernel quantizes each input row with its own zero point, as TensorFlow 2.21 writes it.
                var options = FullyConnectedOptions()
                if case .fullyConnected(let existing) = op.options { options = existing }
                options.asymmetricQuantizeInputs = true
                op.options = .fullyConnected(options)
            })),
        prepare: { try $0.prepareFullyConnected($1) })
}

extension Interpreter {
    /// FULLY_CONNECTED: float32, int8 (per-tensor or per-channel weights) and hybrid
    /// (float input, int8 weights, `asymmetric_quantize_inputs`). Inputs of any rank are flattened
    /// into rows of `weights.shape[1]` values; with `keep_num_dims` the input's last dimension must be
    /// that row length, as the output keeps the input's leading dimensions.
    ///
    /// Invariants every FULLY_CONNECTED kernel relies on, all checked here: weights constant `[outputs, depth]`
    /// with both > 0; input = `batches` rows of `depth`; output exactly `batches × outputs`; bias absent or
    /// `outputs` values of the accumulator type; per-channel scales 1 or `outputs` along axis 0; types as listed.
    func prepareFullyConnected(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), weights = try c.input(1), bias = c.optionalInput(2), output = try c.output()
        var options = FullyConnectedOptions()
        switch c.op.options {
        case .fullyConnected(let o): options = o
        case .none: break
        default: throw c.invalid("options are not FullyConnectedOptions")
        }
        guard options.weightsFormat == 0 else { throw c.unsupported("shuffled weights format") }
        let activation = try c.activation(options.activation)
        try c.requireStatic(weights, "weights")
        guard weights.shape.count == 2, weights.shape[0] > 0, weights.shape[1] > 0 else {
            throw c.invalid("weights must have shape [outputs, inputs], have \(weights.shape)")
        }
        let outputDepth = weights.shape[0], accumDepth = weights.shape[1]
        if options.keepNumDims {
            guard let features = input.shape.last, features == accumDepth else {
                throw c.invalid("input has \(input.shape.last.map(String.init) ?? "no") features per row but the weights expect \(accumDepth)")
            }
        }
        guard input.count % accumDepth == 0 else {
            throw c.invalid("input \(input.shape) does not split into rows of \(accumDepth)")
        }
        let batches = input.count / accumDepth
        let outShape = options.keepNumDims ? Array(input.shape.dropLast()) + [outputDepth] : [batches, outputDepth]
        try allocate(output, outShape, c)
        if let bias {
            try c.requireStatic(bias, "bias")
            guard bias.count == outputDepth else { throw c.invalid("bias has \(bias.count) values for \(outputDepth) outputs") }
        }
        try c.requireExtent(input, "input", batches * accumDepth)
        try c.requireExtent(weights, "weights", outputDepth * accumDepth)
        try c.requireExtent(output, "output", batches * outputDepth)
        if let bias { try c.requireExtent(bias, "bias", outputDepth) }
        let b = bias?.data
        switch (input.type, weights.type) {
        case (.float32, .float32):
            try c.requireType(output, "output", .float32)
            if let bias { try c.requireType(bias, "bias", .float32) }
            let range = floatActivationRange(activation)
            let x = input.pointer(Float.self), w = weights.pointer(Float.self), y = output.pointer(Float.self)
            if self.options.kernels == .fast {
                let packed = PackedFloatFullyConnectedWeights(weights: w, outputDepth: outputDepth, accumDepth: accumDepth)
                return PreparedOp(run: {
                    fullyConnectedFloatFast(batches: batches, input: x, weights: packed,
                                            bias: b?.assumingMemoryBound(to: Float.self), activationMin: range.min,
                                            activationMax: range.max, output: y)
                })
            }
            return PreparedOp(run: {
                fullyConnectedFloat(batches: batches, accumDepth: accumDepth, outputDepth: outputDepth, input: x, weights: w,
                                    bias: b?.assumingMemoryBound(to: Float.self), activationMin: range.min,
                                    activationMax: range.max, output: y)
            })
        case (.int8, .int8):
            return try prepareFullyConnectedInt8(c, activation: activation, batches: batches)
        case (.float32, .int8):
            guard options.asymmetricQuantizeInputs else {
                throw c.unsupported("hybrid weights without asymmetric_quantize_inputs")
            }
            try c.requireType(output, "output", .float32)
            if let bias { try c.requireType(bias, "bias", .float32) }
            let scales = try filterScales(weights, channels: outputDepth, axis: 0, c)
            let range = floatActivationRange(activation)
            let x = input.pointer(Float.self), w = weights.pointer(Int8.self), y = output.pointer(Float.self)
            let scratch = try allocateScratch(accumDepth, c).bindMemory(to: Int8.self, capacity: accumDepth)
            if self.options.kernels == .fast {
                let packed = PackedHybridWeights(weights: w, rows: outputDepth, depth: accumDepth)
                let work = try allocateScratch(hybridFullyConnectedScratchByteCount(batches: batches, weights: packed), c)
                return PreparedOp(run: {
                    scales.withUnsafeBufferPointer { s in
                        hybridFullyConnectedFast(batches: batches, input: x, weights: packed, filterScales: s.baseAddress!,
                                                 filterScaleCount: outputDepth, bias: b?.assumingMemoryBound(to: Float.self),
                                                 activationMin: range.min, activationMax: range.max, output: y,
                                                 quantizedInput: scratch, scratch: work)
                    }
                })
            }
            return PreparedOp(run: {
                scales.withUnsafeBufferPointer { s in
                    hybridFullyConnected(batches: batches, accumDepth: accumDepth, outputDepth: outputDepth, input: x,
                                         weights: w, filterScales: s.baseAddress!, filterScaleCount: outputDepth,
                                         bias: b?.assumingMemoryBound(to: Float.self), activationMin: range.min,
                                         activationMax: range.max, output: y, quantizedInput: scratch)
                }
            })
        default:
            throw c.unsupported("input \(input.type) with weights \(weights.type)")
        }
    }

    private func prepareFullyConnectedInt8(_ c: OpContext, activation: FusedActivation, batches: Int) throws -> PreparedOp {
        let input = try c.input(0), weights = try c.input(1), bias = c.optionalInput(2), output = c.allocatedOutput
        try c.requireType(output, "output", .int8)
        if let bias { try c.requireType(bias, "bias", .int32) }
        try c.requireQuantized(input, "input")
        try c.requireQuantized(output, "output")
        let outputDepth = weights.shape[0], accumDepth = weights.shape[1]
        var weightsOffset: Int32 = 0
        let scales: [Float]
        if weights.scales.count == 1 && weights.zeroPoints.count == 1 {
            try c.requireQuantized(weights, "weights")
            weightsOffset = -weights.zeroPoint
            scales = [Float](repeating: weights.scale, count: outputDepth)
        } else {
            scales = try filterScales(weights, channels: outputDepth, axis: 0, c)
        }
        let range = quantizedActivationRange(activation, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
        let rescale = OutputRescale(inputScale: input.scale, filterScales: scales, outputScale: output.scale,
                                    outputZeroPoint: output.zeroPoint, channels: outputDepth,
                                    activationMin: range.min, activationMax: range.max)
        let params = FullyConnectedParams(inputOffset: -input.zeroPoint, weightsOffset: weightsOffset,
                                          rescaleMode: options.rescale)
        let x = input.pointer(Int8.self), w = weights.pointer(Int8.self), y = output.pointer(Int8.self)
        let b = bias?.pointer(Int32.self)
        if options.kernels == .fast && weightsOffset == 0 {
            let packed = PackedFullyConnectedWeights(weights: w, outputDepth: outputDepth, accumDepth: accumDepth,
                                                     inputOffset: params.inputOffset)
            return PreparedOp(run: {
                fullyConnectedFast(params: params, rescale: rescale, batches: batches, input: x, packedWeights: packed,
                                   bias: b, output: y)
            })
        }
        return PreparedOp(run: {
            fullyConnected(params: params, rescale: rescale, batches: batches, accumDepth: accumDepth,
                           outputDepth: outputDepth, input: x, weights: w, bias: b, output: y)
        })
    }
}
