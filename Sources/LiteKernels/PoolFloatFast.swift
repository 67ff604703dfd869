/// Fast float32 MAX_POOL_2D: `maxPoolFloat` with the channel loop innermost, 16 channels per
/// vector. The same comparisons in the same order (`Swift.max` tie and NaN rules, then the clamp),
/// so the results are bit-identical.
public func maxPoolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                             outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloatFast(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
                  average: false)
}

/// Fast float32 AVERAGE_POOL_2D: `averagePoolFloat` with 16 channels per vector; each channel's
/// taps are still summed in window order, so the results are bit-identical.
public func averagePoolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                 outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloatFast(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
                  average: true)
}

private func poolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                           outputShape: Shape4, output: UnsafeMutablePointer<Float>, average: Bool) {
    typealias Vector = SIMD16<Float>
    let depth = inputShape.depth, lanes = Vector.scalarCount
    let lo = params.floatActivationMin, hi = params.floatActivationMax
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height, inputWidth: inputShape.width)
                let ys = w.yStart..<Swift.max(w.yStart, w.yEnd), xs = w.xStart..<Swift.max(w.xStart, w.xEnd)
                let count = ys.count * xs.count
                let out = output + outputShape.offset(b, outY, outX, 0)
                var c = 0
                while c + lanes <= depth {
                    var total = Vector(), maxValue = Vector(repeating: -.greatestFiniteMagnitude)
                    for fy in ys {
                        for fx in xs {
                            let x = UnsafeRawPointer(input + inputShape.offset(b, w.inY + fy, w.inX + fx, c))
                                .loadUnaligned(as: Vector.self)
                            total += x
                            maxValue.replace(with: x, where: x .>= maxValue)   // Swift.max(maxValue, x)
                        }
                    }
                    var value = average ? (count > 0 ? total / Vector(repeating: Float(count)) : Vector()) : maxValue
                    value.replace(with: lo, where: value .<= lo)             // Swift.max(value, lo)
                    value.replace(with: hi, where: value .> hi)              // Swift.min(value, hi)
                    UnsafeMutableRawPointer(out + c).storeBytes(of: value, as: Vector.self)
                    c += lanes
                }
                while c < depth {                                           // the reference, channel by channel
                    var total: Float = 0, maxValue = -Float.greatestFiniteMagnitude
                    for fy in ys {
                        for fx in xs {
                            let x = input[inputShape.offset(b, w.inY + fy, w.inX + fx, c)]
                            total += x
                            maxValue = Swift.max(maxValue, x)
                        }
                    }
                    let value = average ? (count > 0 ? total / Float(count) : 0) : maxValue
                    out[c] = Swift.min(Swift.max(value, lo), hi)
                    c += 1
                }
            }
        }
    }
}
