/// Float32 CONV_2D filter repacked once at prepare time from `[out, kh, kw, in]` to
/// `[kh, kw, in, out]`, so the innermost loop runs over output channels, contiguous in both the
/// filter and the output: it vectorizes without reassociating any sum.
public struct PackedFloatConvFilter: Sendable {
    public let values: [Float]
    public let shape: Shape4

    public init(filter: UnsafePointer<Float>, shape: Shape4) {
        var packed = [Float](repeating: 0, count: shape.flatSize)
        let (oc, kh, kw, ic) = (shape.batches, shape.height, shape.width, shape.depth)
        for o in 0..<oc {
            for y in 0..<kh {
                for x in 0..<kw {
                    for i in 0..<ic { packed[((y * kw + x) * ic + i) * oc + o] = filter[shape.offset(o, y, x, i)] }
                }
            }
        }
        values = packed
        self.shape = shape
    }
}

/// Fast float32 CONV_2D for ungrouped convolutions (any stride, dilation, padding): the same
/// products as `convFloat`, added in the same order per output channel (taps, then bias), so
/// the results are bit-identical; only the loop nest differs.
public func convFloatFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                          filter: PackedFloatConvFilter, bias: UnsafePointer<Float>?,
                          outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    let oc = outputShape.depth, ic = inputShape.depth
    let (kh, kw) = (filter.shape.height, filter.shape.width)
    let lo = params.floatActivationMin, hi = params.floatActivationMax
    filter.values.withUnsafeBufferPointer { w in
        for batch in 0..<inputShape.batches {
            for outY in 0..<outputShape.height {
                let inYOrigin = outY * params.strideHeight - params.padding.height
                for outX in 0..<outputShape.width {
                    let inXOrigin = outX * params.strideWidth - params.padding.width
                    let acc = output + outputShape.offset(batch, outY, outX, 0)
                    for o in 0..<oc { acc[o] = 0 }
                    for fy in 0..<kh {
                        let inY = inYOrigin + params.dilationHeightFactor * fy
                        if inY < 0 || inY >= inputShape.height { continue }
                        for fx in 0..<kw {
                            let inX = inXOrigin + params.dilationWidthFactor * fx
                            if inX < 0 || inX >= inputShape.width { continue }
                            let x = input + inputShape.offset(batch, inY, inX, 0)
                            var row = w.baseAddress! + (fy * kw + fx) * ic * oc
                            for i in 0..<ic {
                                let xi = x[i]
                                for o in 0..<oc { acc[o] += xi * row[o] }
                                row += oc
                            }
                        }
                    }
                    for o in 0..<oc { acc[o] = Swift.min(Swift.max(acc[o] + (bias?[o] ?? 0), lo), hi) }
                }
            }
        }
    }
}
