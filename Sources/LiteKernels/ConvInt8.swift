/// Reference int8 CONV_2D with per-channel weights (TFLite `reference_integer_ops::ConvPerChannel`).
///
/// `filter` is `[outChannels, kh, kw, inChannels / groups]`; out-of-image taps are skipped (the same
/// as padding with the input zero point); the accumulator is exact Int32; `bias` is Int32 per channel.
/// Readable and slow: the fast kernel (`convPerChannelFast`) is held equal to this one by tests.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; `rescale` built for the output channel count (one multiplier and shift per channel).
public func convPerChannel(params: ConvParams, rescale: OutputRescale,
                           inputShape: Shape4, input: UnsafePointer<Int8>,
                           filterShape: Shape4, filter: UnsafePointer<Int8>,
                           bias: UnsafePointer<Int32>?,
                           outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    let inputDepth = inputShape.depth
    let filterInputDepth = filterShape.depth
    let groups = inputDepth / filterInputDepth
    let filtersPerGroup = outputShape.depth / groups
    for batch in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                for outChannel in 0..<outputShape.depth {
                    let group = outChannel / filtersPerGroup
                    var acc: Int32 = 0
                    for filterY in 0..<filterShape.height {
                        let inY = inYOrigin + params.dilationHeightFactor * filterY
                        if inY < 0 || inY >= inputShape.height { continue }
                        for filterX in 0..<filterShape.width {
                            let inX = inXOrigin + params.dilationWidthFactor * filterX
                            if inX < 0 || inX >= inputShape.width { continue }
                            for inChannel in 0..<filterInputDepth {
                                let x = Int32(input[inputShape.offset(batch, inY, inX,
                                                                      inChannel + group * filterInputDepth)])
                                let w = Int32(filter[filterShape.offset(outChannel, filterY, filterX, inChannel)])
                                acc &+= w &* (x &+ params.inputOffset)
                            }
                        }
                    }
                    if let bias { acc &+= bias[outChannel] }
                    let y = rescale.requantize(acc, channel: outChannel)
                    output[outputShape.offset(batch, outY, outX, outChannel)] = Int8(truncatingIfNeeded: y)
                }
            }
        }
    }
}

/// Reference int8 DEPTHWISE_CONV_2D with per-channel weights
/// (TFLite `reference_integer_ops::DepthwiseConvPerChannel`). `filter` is `[1, kh, kw, outChannels]`;
/// output channel `ic · depthMultiplier + m` reads input channel `ic`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[1, kh, kw, in × depthMultiplier]`, kh, kw ≥ 1, multiplier ≥ 1; strides, dilations ≥ 1; padding
/// from `computePadding`; output `outputShape.flatSize` values, depth `in × multiplier`; bias nil or one value per
/// output channel; `rescale` built for the output channel count (one multiplier and shift per channel).
public func depthwiseConvPerChannel(params: ConvParams, rescale: OutputRescale,
                                    inputShape: Shape4, input: UnsafePointer<Int8>,
                                    filterShape: Shape4, filter: UnsafePointer<Int8>,
                                    bias: UnsafePointer<Int32>?,
                                    outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    for batch in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                for inChannel in 0..<inputShape.depth {
                    for m in 0..<params.depthMultiplier {
                        let outChannel = inChannel * params.depthMultiplier + m
                        var acc: Int32 = 0
                        for filterY in 0..<filterShape.height {
                            let inY = inYOrigin + params.dilationHeightFactor * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            for filterX in 0..<filterShape.width {
                                let inX = inXOrigin + params.dilationWidthFactor * filterX
                                if inX < 0 || inX >= inputShape.width { continue }
                                let x = Int32(input[inputShape.offset(batch, inY, inX, inChannel)])
                                let w = Int32(filter[filterShape.offset(0, filterY, filterX, outChannel)])
                                acc &+= w &* (x &+ params.inputOffset)
                            }
                        }
                        if let bias { acc &+= bias[outChannel] }
                        let y = rescale.requantize(acc, channel: outChannel)
                        output[outputShape.offset(batch, outY, outX, outChannel)] = Int8(truncatingIfNeeded: y)
                    }
                }
            }
        }
    }
}
