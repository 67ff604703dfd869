import LiteFormat
import LiteKernels

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
        let input = try c.input(0), filter = try c.input(1), bias = c.optionalInput(2), output = try c.output()
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
        let activation = try c.activation(fused)
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
        let x = input.data, w = filter.data, b = bias?.data, y = output.data
        switch (input.type, filter.type) {
        case (.float32, .float32):
            try c.requireType(output, "output", .float32)
            if let bias { try c.requireType(bias, "bias", .float32) }
            (params.floatActivationMin, params.floatActivationMax) = floatActivationRange(activation)
            let p = params, accumulation = floatAccumulation
            if !depthwise, options.kernels == .fast, fShape.depth == inShape.depth {
                let packed = PackedFloatConvFilter(filter: w.assumingMemoryBound(to: Float.self), shape: fShape)
                if poolFusionIsPossible(c) {
                    pendingPoolFusion = PoolFusion(convOutput: Int(c.op.outputs[0]), stepIndex: evaluatedOperatorCount) {
                        pool, poolShape, pooled in
                        guard convFloatMaxPoolIsFusable(pool: pool, convOutputShape: outShape, outputShape: poolShape)
                        else { return nil }
                        return {
                            convFloatMaxPoolFast(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                                                 filter: packed, bias: b?.assumingMemoryBound(to: Float.self),
                                                 convOutputShape: outShape, pool: pool, outputShape: poolShape,
                                                 output: pooled.assumingMemoryBound(to: Float.self),
                                                 accumulation: accumulation)
                        }
                    }
                }
                return PreparedOp(run: {
                    convFloatFast(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                                  filter: packed, bias: b?.assumingMemoryBound(to: Float.self),
                                  outputShape: outShape, output: y.assumingMemoryBound(to: Float.self),
                                  accumulation: accumulation)
                })
            }
            return PreparedOp(run: {
                let bias = b?.assumingMemoryBound(to: Float.self)
                if depthwise {
                    depthwiseConvFloat(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                                       filterShape: fShape, filter: w.assumingMemoryBound(to: Float.self), bias: bias,
                                       outputShape: outShape, output: y.assumingMemoryBound(to: Float.self))
                } else {
                    convFloat(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                              filterShape: fShape, filter: w.assumingMemoryBound(to: Float.self), bias: bias,
                              outputShape: outShape, output: y.assumingMemoryBound(to: Float.self))
                }
            })
        case (.int8, .int8):
            return try prepareConvInt8(c, params: params, activation: activation, depthwise: depthwise,
                                       shapes: (inShape, fShape, outShape))
        case (.float32, .int8) where !depthwise:
            guard fShape.depth == inShape.depth else { throw c.unsupported("grouped hybrid convolution") }
            try c.requireType(output, "output", .float32)
            if let bias { try c.requireType(bias, "bias", .float32) }
            let scales = try filterScales(filter, channels: outChannels, axis: 0, c)
            (params.floatActivationMin, params.floatActivationMax) = floatActivationRange(activation)
            let p = params
            let scratch = try allocateScratch(inShape.flatSize, c).bindMemory(to: Int8.self, capacity: inShape.flatSize)
            if options.kernels == .fast {
                let packed = PackedHybridWeights(weights: w.assumingMemoryBound(to: Int8.self), rows: outChannels,
                                                 depth: fShape.height * fShape.width * fShape.depth)
                let work = try allocateScratch(hybridConvScratchByteCount(inputShape: inShape, outputShape: outShape,
                                                                          weights: packed), c)
                return PreparedOp(run: {
                    scales.withUnsafeBufferPointer { s in
                        hybridConvPerChannelFast(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                                                 filterShape: fShape, filter: packed, filterScales: s.baseAddress!,
                                                 bias: b?.assumingMemoryBound(to: Float.self), outputShape: outShape,
                                                 output: y.assumingMemoryBound(to: Float.self), quantizedInput: scratch,
                                                 scratch: work)
                    }
                })
            }
            return PreparedOp(run: {
                scales.withUnsafeBufferPointer { s in
                    hybridConvPerChannel(params: p, inputShape: inShape, input: x.assumingMemoryBound(to: Float.self),
                                         filterShape: fShape, filter: w.assumingMemoryBound(to: Int8.self),
                                         filterScales: s.baseAddress!, bias: b?.assumingMemoryBound(to: Float.self),
                                         outputShape: outShape, output: y.assumingMemoryBound(to: Float.self),
                                         quantizedInput: scratch)
                }
            })
        default:
            throw c.unsupported("input \(input.type) with filter \(filter.type)")
        }
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
    private func poolFusionIsPossible(_ c: OpContext) -> Bool {
        let graph = model.subgraphs[0], output = c.op.outputs[0]
        guard options.fusesPools, c.op.outputs.count == 1, !outputIndices.contains(Int(output)),
              graph.operators.indices.contains(c.index + 1) else { return false }
        let next = graph.operators[c.index + 1]
        guard model.operatorCodes[Int(next.opcodeIndex)].builtin == .maxPool2D, next.inputs.first == output else { return false }
        return graph.operators.indices.allSatisfy { i in
            graph.operators[i].inputs.filter { $0 == output }.count == (i == c.index + 1 ? 1 : 0)
        }
    }

    private func prepareConvInt8(_ c: OpContext, params: ConvParams, activation: FusedActivation, depthwise: Bool,
                                 shapes: (Shape4, Shape4, Shape4)) throws -> PreparedOp {
        let (inShape, fShape, outShape) = shapes
        let input = try c.input(0), filter = try c.input(1), bias = c.optionalInput(2), output = c.allocatedOutput
        try c.requireType(output, "output", .int8)
        if let bias { try c.requireType(bias, "bias", .int32) }
        try c.requireQuantized(input, "input")
        try c.requireQuantized(output, "output")
        let scales = try filterScales(filter, channels: outShape.depth, axis: depthwise ? 3 : 0, c)
        let range = quantizedActivationRange(activation, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
        let rescale = OutputRescale(inputScale: input.scale, filterScales: scales, outputScale: output.scale,
                                    outputZeroPoint: output.zeroPoint, channels: outShape.depth,
                                    activationMin: range.min, activationMax: range.max)
        var p = params
        p.inputOffset = -input.zeroPoint
        let x = input.pointer(Int8.self), w = filter.pointer(Int8.self), y = output.pointer(Int8.self)
        let b = bias?.pointer(Int32.self)
        if depthwise {
            return PreparedOp(run: { [p] in
                depthwiseConvPerChannel(params: p, rescale: rescale, inputShape: inShape, input: x, filterShape: fShape,
                                        filter: w, bias: b, outputShape: outShape, output: y)
            })
        }
        if options.kernels == .fast && fShape.depth == inShape.depth {
            let packed = PackedConvFilter(filter: w, shape: fShape, inputOffset: p.inputOffset)
            let scratch = try allocateScratch(packed.scratchByteCount(outputHeight: outShape.height,
                                                                      outputWidth: outShape.width), c)
            if poolFusionIsPossible(c), packed.requantizationIsMonotone(rescale: rescale, bias: b) {
                pendingPoolFusion = PoolFusion(convOutput: Int(c.op.outputs[0]), stepIndex: evaluatedOperatorCount) {
                    [p, unowned self] pool, poolShape, pooled in
                    let scratch = try self.allocateScratch(
                        packed.maxPoolScratchByteCount(pool: pool, convOutputShape: outShape, outputShape: poolShape), c)
                    let pooled = pooled.assumingMemoryBound(to: Int8.self)
                    return {
                        convPerChannelMaxPoolFast(params: p, rescale: rescale, inputShape: inShape, input: x,
                                                  packedFilter: packed, bias: b, convOutputShape: outShape, pool: pool,
                                                  outputShape: poolShape, output: pooled, scratch: scratch)
                    }
                }
            }
            return PreparedOp(run: { [p] in
                convPerChannelFast(params: p, rescale: rescale, inputShape: inShape, input: x, packedFilter: packed,
                                   bias: b, outputShape: outShape, output: y, scratch: scratch)
            })
        }
        return PreparedOp(run: { [p] in
            convPerChannel(params: p, rescale: rescale, inputShape: inShape, input: x, filterShape: fShape,
                           filter: w, bias: b, outputShape: outShape, output: y)
        })
    }
}
