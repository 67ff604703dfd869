import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let conv2D = OperatorRegistration(
        .conv2D, maxVersion: 8, stem: "conv", inputRoles: [.weights, .bias], weightsAxis: 0,
        quantization: OperatorQuantization(int8Output: .calibrated, int8Version: 3,
                                           dynamicRange: .init(perChannelVersion: 5, perTensorVersion: 2)),
        describe: convolutionTitle, prepare: { try $0.prepareConv($1, depthwise: false) })
    static let depthwiseConv2D = OperatorRegistration(
        .depthwiseConv2D, maxVersion: 7, stem: "dwconv", inputRoles: [.weights, .bias], weightsAxis: 3,
        quantization: OperatorQuantization(int8Output: .calibrated, int8Version: 3),
        describe: convolutionTitle, prepare: { try $0.prepareConv($1, depthwise: true) })

    /// `3×3` from the filter (`[out, H, W, in]` or `[1, H, W, C]`), then stride and activation.
    @Sendable static func convolutionTitle(_ op: Operator, _ inputShapes: [[Int32]]) -> OperatorTitle {
        let filter = inputShapes.count > 1 ? inputShapes[1] : []
        var title = OperatorTitle(size: filter.count == 4 ? "\(filter[1])×\(filter[2])" : nil)
        let (strideW, strideH): (Int32, Int32)
        switch op.options {
        case .conv2D(let o): (strideW, strideH) = (o.strideW, o.strideH)
        case .depthwiseConv2D(let o): (strideW, strideH) = (o.strideW, o.strideH)
        default: (strideW, strideH) = (1, 1)
        }
        if strideW != 1 || strideH != 1 { title.notes.append("stride \(strideH)") }
        title.notes += OperatorTitle.activationNotes(op.options.fusedActivation)
        return title
    }
}

/// The shapes one convolution was prepared for.
struct ConvShapes {
    var input: Shape4, filter: Shape4, output: Shape4
}

extension Interpreter {
    /// CONV_2D and DEPTHWISE_CONV_2D: float32, int8 per-channel, and hybrid (float input, int8 weights).
    ///
    /// Invariants every conv kernel relies on, all checked here: input and filter rank 4, filter constant;
    /// strides and dilations ≥ 1; filter height and width ≥ 1; CONV_2D filter `[out, kh, kw, in / groups]` with
    /// `in` a multiple of its depth and `out` a multiple of the groups (fast and hybrid kernels: groups = 1);
    /// DEPTHWISE filter `[1, kh, kw, in × multiplier]`, multiplier ≥ 1; output height and width ≥ 1 and the
    /// output exactly `[batches, outH, outW, out]` from the padding rule; bias absent or `out` values of the
    /// accumulator type; filter scales 1 or `out` along the output-channel axis, zero points 0; types as listed.
    func prepareConv(_ c: OpContext, depthwise: Bool) throws -> PreparedOp {
        let input = try c.input(0), filter = try c.input(1)
        _ = try c.output()
        var (params, padding, activation) = try convOptions(c, depthwise: depthwise)
        let shapes = try convShapes(c, depthwise: depthwise, params: &params, padding: padding)
        switch (input.type, filter.type) {
        case (.float32, .float32):
            return try prepareConvFloat(c, params: params, activation: activation, depthwise: depthwise, shapes: shapes)
        case (.int8, .int8):
            return try prepareConvInt8(c, params: params, activation: activation, depthwise: depthwise,
                                       shapes: (shapes.input, shapes.filter, shapes.output))
        case (.float32, .int8) where !depthwise:
            return try prepareConvHybrid(c, params: params, activation: activation, shapes: shapes)
        default:
            throw c.unsupported("input \(input.type) with filter \(filter.type)")
        }
    }

    /// Strides, dilations, padding and fused activation from the operator's options.
    private func convOptions(_ c: OpContext, depthwise: Bool) throws -> (ConvParams, LiteFormat.Padding, FusedActivation) {
        var params = ConvParams()
        let padding: LiteFormat.Padding, fused: ActivationFunction
        switch c.op.options {
        case .conv2D(let o) where !depthwise:
            padding = o.padding; fused = o.activation
            (params.strideWidth, params.strideHeight) = (Int(o.strideW), Int(o.strideH))
            (params.dilationWidthFactor, params.dilationHeightFactor) = (Int(o.dilationW), Int(o.dilationH))
        case .depthwiseConv2D(let o) where depthwise:
            padding = o.padding; fused = o.activation
            (params.strideWidth, params.strideHeight) = (Int(o.strideW), Int(o.strideH))
            (params.dilationWidthFactor, params.dilationHeightFactor) = (Int(o.dilationW), Int(o.dilationH))
        default:
            throw c.invalid(depthwise ? "DepthwiseConv2DOptions are missing" : "Conv2DOptions are missing")
        }
        guard params.strideWidth >= 1, params.strideHeight >= 1, params.dilationWidthFactor >= 1,
              params.dilationHeightFactor >= 1 else {
            throw c.invalid("strides and dilations must be at least 1")
        }
        return (params, padding, try c.activation(fused))
    }

    /// Checks input, filter and bias against each other, computes the padding and output shape,
    /// allocates the output and proves every extent the kernels will read or write.
    private func convShapes(_ c: OpContext, depthwise: Bool, params: inout ConvParams,
                            padding: LiteFormat.Padding) throws -> ConvShapes {
        let input = try c.input(0), filter = try c.input(1), bias = c.optionalInput(2), output = c.allocatedOutput
        let inShape = try c.shape4(input, "input"), fShape = try c.shape4(filter, "filter")
        try c.requireStatic(filter, "filter")
        guard fShape.height >= 1, fShape.width >= 1 else {
            throw c.invalid("filter \(filter.shape) has an empty window")
        }
        let outChannels = depthwise ? fShape.depth : fShape.batches
        if depthwise {
            guard fShape.batches == 1, inShape.depth > 0, outChannels > 0, outChannels % inShape.depth == 0 else {
                throw c.invalid("filter \(filter.shape) does not fit input \(input.shape)")
            }
            params.depthMultiplier = outChannels / inShape.depth
        } else {
            guard fShape.depth > 0, inShape.depth >= fShape.depth, inShape.depth % fShape.depth == 0, outChannels > 0,
                  outChannels % (inShape.depth / fShape.depth) == 0 else {
                throw c.invalid("filter \(filter.shape) does not fit input \(input.shape)")
            }
        }
        let geometry = computePadding(padding == .same ? .same : .valid,
                                      strideHeight: params.strideHeight, strideWidth: params.strideWidth,
                                      dilationHeight: params.dilationHeightFactor, dilationWidth: params.dilationWidthFactor,
                                      inputHeight: inShape.height, inputWidth: inShape.width,
                                      filterHeight: fShape.height, filterWidth: fShape.width)
        params.padding = geometry.values
        guard geometry.outputHeight >= 1, geometry.outputWidth >= 1 else {
            throw c.invalid("filter \(fShape.height)×\(fShape.width) (dilation \(params.dilationHeightFactor)×\(params.dilationWidthFactor)) "
                            + "leaves no output pixel on input \(input.shape) with \(padding == .same ? "SAME" : "VALID") padding")
        }
        let outShape = Shape4(inShape.batches, geometry.outputHeight, geometry.outputWidth, outChannels)
        try allocate(output, [outShape.batches, outShape.height, outShape.width, outShape.depth], c)
        if let bias {
            try c.requireStatic(bias, "bias")
            guard bias.count == outChannels else { throw c.invalid("bias has \(bias.count) values for \(outChannels) channels") }
        }
        try c.requireExtent(input, "input", inShape)
        try c.requireExtent(filter, "filter", fShape)
        try c.requireExtent(output, "output", outShape)
        if let bias { try c.requireExtent(bias, "bias", outChannels) }
        return ConvShapes(input: inShape, filter: fShape, output: outShape)
    }

    /// Per-channel filter scales expanded to `channels` values; zero points must be 0.
    func filterScales(_ filter: RuntimeTensor, channels: Int, axis: Int, _ c: OpContext) throws -> [Float] {
        guard filter.scales.count == 1 || (filter.scales.count == channels && filter.quantizedDimension == axis) else {
            throw c.invalid("filter has \(filter.scales.count) scales along dimension \(filter.quantizedDimension); expected 1 or \(channels) along \(axis)")
        }
        guard filter.zeroPoints.allSatisfy({ $0 == 0 }) else { throw c.invalid("filter zero points must be 0") }
        guard filter.scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw c.invalid("filter scales must be positive") }
        return filter.scales.count == 1 ? [Float](repeating: filter.scales[0], count: channels) : filter.scales
    }

    /// The output of operator `c` is read only by the next operator, a MAX_POOL_2D, and is no graph output.
    func poolFusionIsPossible(_ c: OpContext) -> Bool {
        let graph = model.subgraphs[0], output = c.op.outputs[0]
        guard options.fusesPools, c.op.outputs.count == 1, !outputIndices.contains(Int(output)),
              graph.operators.indices.contains(c.index + 1) else { return false }
        let next = graph.operators[c.index + 1]
        guard model.operatorCodes[Int(next.opcodeIndex)].builtin == .maxPool2D, next.inputs.first == output else { return false }
        return graph.operators.indices.allSatisfy { i in
            graph.operators[i].inputs.filter { $0 == output }.count == (i == c.index + 1 ? 1 : 0)
        }
    }
}
