import LiteFormat
import LiteKernels

extension Interpreter {
    /// Float32 CONV_2D / DEPTHWISE_CONV_2D: the packed FMA kernel (fusing a following MAX_POOL_2D) for
    /// ungrouped CONV_2D with `.fast` kernels, else the reference loops. Shapes were proven by `convShapes`.
    func prepareConvFloat(_ c: OpContext, params: ConvParams, activation: FusedActivation, depthwise: Bool,
                          shapes: ConvShapes) throws -> PreparedOp {
        let input = try c.input(0), filter = try c.input(1), bias = c.optionalInput(2), output = c.allocatedOutput
        let (inShape, fShape, outShape) = (shapes.input, shapes.filter, shapes.output)
        try c.requireType(output, "output", .float32)
        if let bias { try c.requireType(bias, "bias", .float32) }
        var p = params
        (p.floatActivationMin, p.floatActivationMax) = floatActivationRange(activation)
        let x = input.pointer(Float.self), w = filter.pointer(Float.self), y = output.pointer(Float.self)
        let b = bias?.pointer(Float.self)
        let accumulation = floatAccumulation
        if !depthwise, options.kernels == .fast, fShape.depth == inShape.depth {
            let packed = PackedFloatConvFilter(filter: w, shape: fShape)
            if poolFusionIsPossible(c) {
                pendingPoolFusion = PoolFusion(convOutput: Int(c.op.outputs[0]), stepIndex: evaluatedOperatorCount) {
                    [p] pool, poolShape, pooled in
                    guard convFloatMaxPoolIsFusable(pool: pool, convOutputShape: outShape, outputShape: poolShape)
                    else { return nil }
                    let windows = ConvFloatPoolWindows(params: p, inputShape: inShape, filterShape: fShape,
                                                       outputShape: poolShape)
                    return {
                        convFloatMaxPoolFast(params: p, inputShape: inShape, input: x, filter: packed, bias: b,
                                             convOutputShape: outShape, pool: pool, outputShape: poolShape,
                                             output: pooled.assumingMemoryBound(to: Float.self),
                                             accumulation: accumulation, windows: windows)
                    }
                }
            }
            return PreparedOp(run: { [p] in
                convFloatFast(params: p, inputShape: inShape, input: x, filter: packed, bias: b,
                              outputShape: outShape, output: y, accumulation: accumulation)
            })
        }
        if depthwise {
            return PreparedOp(run: { [p] in
                depthwiseConvFloat(params: p, inputShape: inShape, input: x, filterShape: fShape, filter: w, bias: b,
                                   outputShape: outShape, output: y)
            })
        }
        return PreparedOp(run: { [p] in
            convFloat(params: p, inputShape: inShape, input: x, filterShape: fShape, filter: w, bias: b,
                      outputShape: outShape, output: y)
        })
    }

    /// Hybrid CONV_2D (float input, int8 weights): the input is quantized per batch into scratch at run time.
    /// Ungrouped only; the packed kernel with `.fast` kernels, fusing a following MAX_POOL_2D whose windows
    /// lie inside the conv output.
    func prepareConvHybrid(_ c: OpContext, params: ConvParams, activation: FusedActivation,
                           shapes: ConvShapes) throws -> PreparedOp {
        let input = try c.input(0), filter = try c.input(1), bias = c.optionalInput(2), output = c.allocatedOutput
        let (inShape, fShape, outShape) = (shapes.input, shapes.filter, shapes.output)
        guard fShape.depth == inShape.depth else { throw c.unsupported("grouped hybrid convolution") }
        try c.requireType(output, "output", .float32)
        if let bias { try c.requireType(bias, "bias", .float32) }
        let scales = try filterScales(filter, channels: outShape.depth, axis: 0, c)
        var p = params
        (p.floatActivationMin, p.floatActivationMax) = floatActivationRange(activation)
        let x = input.pointer(Float.self), w = filter.pointer(Int8.self), y = output.pointer(Float.self)
        let b = bias?.pointer(Float.self)
        let scratch = try allocateScratch(inShape.flatSize, c).bindMemory(to: Int8.self, capacity: inShape.flatSize)
        if options.kernels == .fast {
            let packed = PackedHybridConvFilter(filter: w, shape: fShape)
            let work = try allocateScratch(hybridConvScratchByteCount(outputShape: outShape, filter: packed), c)
            if poolFusionIsPossible(c) {
                pendingPoolFusion = PoolFusion(convOutput: Int(c.op.outputs[0]), stepIndex: evaluatedOperatorCount) {
                    [p, unowned self] pool, poolShape, pooled in
                    guard hybridConvMaxPoolIsFusable(pool: pool, convOutputShape: outShape, outputShape: poolShape)
                    else { return nil }
                    let work = try self.allocateScratch(
                        hybridConvMaxPoolScratchByteCount(pool: pool, convOutputShape: outShape, outputShape: poolShape,
                                                          filter: packed), c)
                    let pooled = pooled.assumingMemoryBound(to: Float.self)
                    return {
                        scales.withUnsafeBufferPointer { s in
                            hybridConvPerChannelMaxPoolFast(params: p, inputShape: inShape, input: x, filter: packed,
                                                            filterScales: s.baseAddress!, bias: b, convOutputShape: outShape,
                                                            pool: pool, outputShape: poolShape, output: pooled,
                                                            quantizedInput: scratch, scratch: work)
                        }
                    }
                }
            }
            return PreparedOp(run: { [p] in
                scales.withUnsafeBufferPointer { s in
                    hybridConvPerChannelFast(params: p, inputShape: inShape, input: x, filter: packed,
                                             filterScales: s.baseAddress!, bias: b, outputShape: outShape, output: y,
                                             quantizedInput: scratch, scratch: work)
                }
            })
        }
        return PreparedOp(run: { [p] in
            scales.withUnsafeBufferPointer { s in
                hybridConvPerChannel(params: p, inputShape: inShape, input: x, filterShape: fShape, filter: w,
                                     filterScales: s.baseAddress!, bias: b, outputShape: outShape, output: y,
                                     quantizedInput: scratch)
            }
        })
    }
}
