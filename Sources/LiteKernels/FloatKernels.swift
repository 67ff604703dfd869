/// Reference float32 FULLY_CONNECTED (`reference_ops::FullyConnected`): per row and unit the sum of
/// `input · weight` in index order, plus the bias, clamped. `weights` is `[outputDepth, accumDepth]`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values.
public func fullyConnectedFloat(batches: Int, accumDepth: Int, outputDepth: Int,
                                input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                                bias: UnsafePointer<Float>?, activationMin: Float = -.greatestFiniteMagnitude,
                                activationMax: Float = .greatestFiniteMagnitude,
                                output: UnsafeMutablePointer<Float>) {
    for b in 0..<batches {
        for c in 0..<outputDepth {
            var total: Float = 0
            for k in 0..<accumDepth { total += input[b * accumDepth + k] * weights[c * accumDepth + k] }
            let value = total + (bias?[c] ?? 0)
            output[b * outputDepth + c] = Swift.min(Swift.max(value, activationMin), activationMax)
        }
    }
}

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

/// Reference float32 SOFTMAX (`reference_ops::Softmax`): `exp((x − max)·beta)` per element, summed in
/// order, then each divided by the sum.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `rows × depth`
/// values each, depth ≥ 1.
public func softmaxFloat(beta: Float, rows: Int, depth: Int, input: UnsafePointer<Float>,
                         output: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let x = input + row * depth, y = output + row * depth
        var maxValue = -Float.greatestFiniteMagnitude
        for i in 0..<depth { maxValue = Swift.max(maxValue, x[i]) }
        var sum: Float = 0
        for i in 0..<depth {
            let e = exponential((x[i] - maxValue) * beta)
            y[i] = e
            sum += e
        }
        for i in 0..<depth { y[i] /= sum }
    }
}

/// Float32 RELU / RELU6 / RELU_N1_TO_1 as a clamp to `min...max`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func clampFloat(_ input: UnsafePointer<Float>, count: Int, min: Float, max: Float,
                       output: UnsafeMutablePointer<Float>) {
    for i in 0..<count { output[i] = Swift.min(Swift.max(input[i], min), max) }
}

/// Float32 ADD of two same-shaped tensors (or `b` of one element, broadcast), then the activation clamp.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `a` and `output` `count` values;
/// `b` `bCount` values, `bCount` = `count` or 1.
public func addFloat(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, bCount: Int,
                     activationMin: Float = -.greatestFiniteMagnitude, activationMax: Float = .greatestFiniteMagnitude,
                     output: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        let sum = a[i] + b[bCount == 1 ? 0 : i]
        output[i] = Swift.min(Swift.max(sum, activationMin), activationMax)
    }
}

/// Float32 MEAN over height and width of an NHWC tensor (`reference_ops::Mean`, axes [1, 2]):
/// sum in (y, x) order, divided by `height · width`. Output `[batches, depth]`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; output `batches × depth` values.
public func meanOverHeightWidthFloat(inputShape: Shape4, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    let count = Float(inputShape.height * inputShape.width)
    for b in 0..<inputShape.batches {
        for c in 0..<inputShape.depth {
            var total: Float = 0
            for y in 0..<inputShape.height {
                for x in 0..<inputShape.width { total += input[inputShape.offset(b, y, x, c)] }
            }
            output[b * inputShape.depth + c] = total / count
        }
    }
}

/// PAD of a 4-D tensor: `before`/`after` elements per dimension (batch, height, width, depth), filled with `value`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; paddings ≥ 0; output holds the padded shape's element count.
public func padFloat(inputShape: Shape4, input: UnsafePointer<Float>, before: (Int, Int, Int, Int),
                     after: (Int, Int, Int, Int), value: Float = 0, output: UnsafeMutablePointer<Float>) {
    let out = Shape4(inputShape.batches + before.0 + after.0, inputShape.height + before.1 + after.1,
                     inputShape.width + before.2 + after.2, inputShape.depth + before.3 + after.3)
    for b in 0..<out.batches {
        for y in 0..<out.height {
            for x in 0..<out.width {
                for c in 0..<out.depth {
                    let ib = b - before.0, iy = y - before.1, ix = x - before.2, ic = c - before.3
                    let inside = ib >= 0 && ib < inputShape.batches && iy >= 0 && iy < inputShape.height
                        && ix >= 0 && ix < inputShape.width && ic >= 0 && ic < inputShape.depth
                    output[out.offset(b, y, x, c)] = inside ? input[inputShape.offset(ib, iy, ix, ic)] : value
                }
            }
        }
    }
}
