/// Reference float32 MAX_POOL_2D: max over in-image taps, then the activation clamp.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func maxPoolFloat(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                         outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloat(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
              average: false)
}

/// Reference float32 AVERAGE_POOL_2D: in-order sum of in-image taps divided by their count, clamped.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func averagePoolFloat(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                             outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloat(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
              average: true)
}

private func poolFloat(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                       outputShape: Shape4, output: UnsafeMutablePointer<Float>, average: Bool) {
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height, inputWidth: inputShape.width)
                for c in 0..<inputShape.depth {
                    var total: Float = 0
                    var maxValue = -Float.greatestFiniteMagnitude
                    var count = 0
                    for fy in w.rows {
                        for fx in w.columns {
                            let x = input[inputShape.offset(b, w.inY + fy, w.inX + fx, c)]
                            total += x
                            maxValue = Swift.max(maxValue, x)
                            count += 1
                        }
                    }
                    let value = average ? (count > 0 ? total / Float(count) : 0) : maxValue
                    output[outputShape.offset(b, outY, outX, c)] =
                        Swift.min(Swift.max(value, params.floatActivationMin), params.floatActivationMax)
                }
            }
        }
    }
}
