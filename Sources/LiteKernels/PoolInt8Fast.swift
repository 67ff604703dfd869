/// Fast int8 MAX_POOL_2D, bit-equal to `maxPool`: the same windows and clamp, with the channels of one
/// output pixel handled together (NHWC keeps them contiguous): 16 at a time in a `SIMD16<Int8>` that
/// starts at −128 (the reference's initial maximum) and takes `vpmaxsb` with each in-image tap.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func maxPoolFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Int8>,
                        outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    let depth = inputShape.depth, vectorDepth = depth & ~15
    let (low, high) = (params.quantizedActivationMin, params.quantizedActivationMax)
    // The reference clamps in Int32; an int8 clamp of the vectors is the same whenever the range is a
    // non-empty part of −128…127 (always, for ranges from `quantizedActivationRange`).
    let vectorClamp = -128 <= low && low <= high && high <= 127
    let lowVector = SIMD16<Int8>(repeating: Int8(truncatingIfNeeded: low))
    let highVector = SIMD16<Int8>(repeating: Int8(truncatingIfNeeded: high))
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height,
                                      inputWidth: inputShape.width)
                let (rows, columns) = (w.rows, w.columns)
                let out = output + outputShape.offset(b, outY, outX, 0)
                var c = 0
                while c < vectorDepth {
                    var m = SIMD16<Int8>(repeating: -128)
                    for fy in rows {
                        for fx in columns {
                            let tap = input + inputShape.offset(b, w.inY + fy, w.inX + fx, c)
                            m = pointwiseMax(m, UnsafeRawPointer(tap).loadUnaligned(as: SIMD16<Int8>.self))
                        }
                    }
                    if vectorClamp { m = pointwiseMin(pointwiseMax(m, lowVector), highVector) }
                    UnsafeMutableRawPointer(out + c).storeBytes(of: m, as: SIMD16<Int8>.self)
                    c += 16
                }
                for c in vectorDepth..<depth {
                    var m: Int8 = -128
                    for fy in rows {
                        for fx in columns { m = Swift.max(m, input[inputShape.offset(b, w.inY + fy, w.inX + fx, c)]) }
                    }
                    out[c] = vectorClamp ? Swift.min(Swift.max(m, Int8(truncatingIfNeeded: low)), Int8(truncatingIfNeeded: high)) : m
                }
                if !vectorClamp {
                    for c in 0..<depth { out[c] = Int8(truncatingIfNeeded: Swift.min(Swift.max(Int32(out[c]), low), high)) }
                }
            }
        }
    }
}

/// Fast int8 AVERAGE_POOL_2D, bit-equal to `averagePool`: per output pixel, the Int32 sums of all
/// channels accumulate in a row (vectorized over channels), then each is divided by the tap count
/// with the reference's rounding (half away from zero) and clamped.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func averagePoolFast(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Int8>,
                            outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    let depth = inputShape.depth
    let (low, high) = (params.quantizedActivationMin, params.quantizedActivationMax)
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: Swift.max(depth, 1)) { sums in
        let sums = sums.baseAddress!
        for b in 0..<inputShape.batches {
            for outY in 0..<outputShape.height {
                for outX in 0..<outputShape.width {
                    let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height,
                                          inputWidth: inputShape.width)
                    for c in 0..<depth { sums[c] = 0 }
                    for fy in w.rows {
                        for fx in w.columns {
                            let tap = input + inputShape.offset(b, w.inY + fy, w.inX + fx, 0)
                            for c in 0..<depth { sums[c] &+= Int32(tap[c]) }
                        }
                    }
                    let count = Int32(truncatingIfNeeded: w.rows.count * w.columns.count), half = count / 2
                    let out = output + outputShape.offset(b, outY, outX, 0)
                    for c in 0..<depth {
                        let sum = sums[c]
                        var average: Int32 = 0
                        if count > 0 { average = sum > 0 ? (sum + half) / count : (sum - half) / count }
                        out[c] = Int8(truncatingIfNeeded: Swift.min(Swift.max(average, low), high))
                    }
                }
            }
        }
    }
}
