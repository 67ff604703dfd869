/// Fast float32 MAX_POOL_2D: `maxPoolFloat` with the channel loop innermost, 16 channels per
/// vector. The same comparisons in the same order (`Swift.max` tie and NaN rules, then the clamp),
/// so the results are bit-identical.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func maxPoolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                             outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloatFast(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
                  average: false)
}

/// Fast float32 AVERAGE_POOL_2D: `averagePoolFloat` with 16 channels per vector; each channel's
/// taps are still summed in window order, so the results are bit-identical.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func averagePoolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                 outputShape: Shape4, output: UnsafeMutablePointer<Float>) {
    poolFloatFast(params: params, inputShape: inputShape, input: input, outputShape: outputShape, output: output,
                  average: true)
}

@inline(__always)
private func poolFloatFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Float>,
                           outputShape: Shape4, output: UnsafeMutablePointer<Float>, average: Bool) {
    typealias Vector = SIMD16<Float>
    let depth = inputShape.depth, lanes = Vector.scalarCount
    let lo = params.floatActivationMin, hi = params.floatActivationMax
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height, inputWidth: inputShape.width)
                let (y0, y1) = (w.rows.lowerBound, w.rows.upperBound), (x0, x1) = (w.columns.lowerBound, w.columns.upperBound)
                let count = w.rows.count * w.columns.count
                let out = output + outputShape.offset(b, outY, outX, 0)
                var c = 0
                if !average && count == 4 && params.filterHeight == 2 && params.filterWidth == 2 {
                    maxOf2x2(input + inputShape.offset(b, w.inY, w.inX, 0), rowStride: inputShape.width * depth,
                             depth: depth, lo: lo, hi: hi, out: out)
                    c = depth / lanes * lanes
                }
                while c + lanes <= depth {
                    var total = Vector(), maxValue = Vector(repeating: -.greatestFiniteMagnitude)
                    var fy = y0
                    while fy < y1 {
                        var tap = input + inputShape.offset(b, w.inY + fy, w.inX + x0, c)
                        for _ in x0..<x1 {
                            let x = UnsafeRawPointer(tap).loadUnaligned(as: Vector.self)
                            if average { total += x } else { maxValue.replace(with: x, where: x .>= maxValue) }
                            tap += depth
                        }
                        fy += 1
                    }
                    // Swift.max(maxValue, x) keeps x when x >= maxValue, as in the reference.
                    let value = average ? (count > 0 ? total / Vector(repeating: Float(count)) : Vector()) : maxValue
                    UnsafeMutableRawPointer(out + c).storeBytes(of: clampLanes(value, lo: lo, hi: hi), as: Vector.self)
                    c += lanes
                }
                while c < depth {                                           // the reference, channel by channel
                    var total: Float = 0, maxValue = -Float.greatestFiniteMagnitude
                    for fy in y0..<y1 {
                        for fx in x0..<x1 {
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

/// The vector part of a whole 2×2 max window (`depth / 16` blocks of 16 channels): the same four
/// comparisons in window order as the general loop, without its per-tap bookkeeping.
@_transparent
private func maxOf2x2(_ topLeft: UnsafePointer<Float>, rowStride: Int, depth: Int, lo: Float, hi: Float,
                      out: UnsafeMutablePointer<Float>) {
    typealias Vector = SIMD16<Float>
    @_transparent func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    var c = 0
    while c + Vector.scalarCount <= depth {
        let p = topLeft + c
        let x0 = load(p), x1 = load(p + depth), x2 = load(p + rowStride), x3 = load(p + rowStride + depth)
        // Swift.max(m, x) keeps x when x >= m; written out so that m stays in registers.
        var m = Vector(repeating: -.greatestFiniteMagnitude)
        m.replace(with: x0, where: x0 .>= m)
        m.replace(with: x1, where: x1 .>= m)
        m.replace(with: x2, where: x2 .>= m)
        m.replace(with: x3, where: x3 .>= m)
        UnsafeMutableRawPointer(out + c).storeBytes(of: clampLanes(m, lo: lo, hi: hi), as: Vector.self)
        c += Vector.scalarCount
    }
}
