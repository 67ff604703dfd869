import LiteFormat
import LiteKernels

extension Interpreter {
    /// int8 CONV_2D (packed GEMM, fusing a following MAX_POOL_2D, with `.fast` kernels) and DEPTHWISE_CONV_2D,
    /// per-channel requantization. Shapes were proven by `convShapes`.
    func prepareConvInt8(_ c: OpContext, params: ConvParams, activation: FusedActivation, depthwise: Bool,
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
