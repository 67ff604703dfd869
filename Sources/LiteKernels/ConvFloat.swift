/// Reference float32 CONV_2D (`reference_ops::Conv`): sums `input · filter` over in-image taps in
/// (filterY, filterX, inChannel) order, adds the bias, clamps to the float activation range.
/// `filter` is `[outChannels, kh, kw, inChannels / groups]`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values.
public func convFloat(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                      filterShape: Shape4, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                      outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    let filterInputDepth = filterShape.depth
    let groups = inputShape.depth / filterInputDepth
    let filtersPerGroup = outputShape.depth / groups
    for batch in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                for outChannel in 0..<outputShape.depth {
                    let group = outChannel / filtersPerGroup
                    var total: Float = 0
                    for filterY in 0..<filterShape.height {
                        let inY = inYOrigin + params.dilationHeightFactor * filterY
                        if inY < 0 || inY >= inputShape.height { continue }
                        for filterX in 0..<filterShape.width {
                            let inX = inXOrigin + params.dilationWidthFactor * filterX
                            if inX < 0 || inX >= inputShape.width { continue }
                            for inChannel in 0..<filterInputDepth {
                                let x = input[inputShape.offset(batch, inY, inX, inChannel + group * filterInputDepth)]
                                total += x * filter[filterShape.offset(outChannel, filterY, filterX, inChannel)]
                            }
                        }
                    }
                    let value = total + (bias?[outChannel] ?? 0)
                    output[outputShape.offset(batch, outY, outX, outChannel)] =
                        Swift.min(Swift.max(value, params.floatActivationMin), params.floatActivationMax)
                }
            }
        }
    }
}

/// Reference float32 DEPTHWISE_CONV_2D (`reference_ops::DepthwiseConv`); `filter` is `[1, kh, kw, outChannels]`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[1, kh, kw, in × depthMultiplier]`, kh, kw ≥ 1, multiplier ≥ 1; strides, dilations ≥ 1; padding
/// from `computePadding`; output `outputShape.flatSize` values, depth `in × multiplier`; bias nil or one value per
/// output channel.
public func depthwiseConvFloat(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                               filterShape: Shape4, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    for batch in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                for inChannel in 0..<inputShape.depth {
                    for m in 0..<params.depthMultiplier {
                        let outChannel = inChannel * params.depthMultiplier + m
                        var total: Float = 0
                        for filterY in 0..<filterShape.height {
                            let inY = inYOrigin + params.dilationHeightFactor * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            for filterX in 0..<filterShape.width {
                                let inX = inXOrigin + params.dilationWidthFactor * filterX
                                if inX < 0 || inX >= inputShape.width { continue }
                                total += input[inputShape.offset(batch, inY, inX, inChannel)]
                                    * filter[filterShape.offset(0, filterY, filterX, outChannel)]
                            }
                        }
                        let value = total + (bias?[outChannel] ?? 0)
                        output[outputShape.offset(batch, outY, outX, outChannel)] =
                            Swift.min(Swift.max(value, params.floatActivationMin), params.floatActivationMax)
                    }
                }
            }
        }
    }
}
