/// Int8 weights of a hybrid CONV_2D or FULLY_CONNECTED, packed once at prepare time for
/// `int8GemmNT`'s right operand: one row of `depth` values per output channel (a conv filter's
/// `[kh, kw, in]` is already that row), zero-padded to `paddedDepth` (a multiple of the native
/// GEMM's step: 32 for AVX-512 VNNI, else 16) and to `paddedRows` rows (a multiple of 4), with each
/// channel's weight sum for the zero-point term.
public struct PackedHybridWeights: Sendable {
    public let values: [Int8]
    public let rows: Int
    public let paddedRows: Int
    public let depth: Int
    public let paddedDepth: Int
    /// `Σ_k w[c, k]` per output channel.
    public let rowSums: [Int32]

    /// `weights` is `[rows, depth]` row-major (a conv filter `[out, kh, kw, in]` with `depth = kh·kw·in`).
    public init(weights: UnsafePointer<Int8>, rows: Int, depth: Int) {
        let step = Int8GemmBackend.nativeInstructionSet == "avx512-vnni" ? 32 : 16
        let paddedRows = (rows + 3) / 4 * 4, paddedDepth = (depth + step - 1) / step * step
        var packed = [Int8](repeating: 0, count: paddedRows * paddedDepth)
        var sums = [Int32](repeating: 0, count: rows)
        for r in 0..<rows {
            for k in 0..<depth {
                packed[r * paddedDepth + k] = weights[r * depth + k]
                sums[r] &+= Int32(weights[r * depth + k])
            }
        }
        values = packed
        rowSums = sums
        self.rows = rows
        self.paddedRows = paddedRows
        self.depth = depth
        self.paddedDepth = paddedDepth
    }
}

/// Bytes of working memory `hybridConvPerChannelFast` needs: the quantized image, its im2col rows
/// and the Int32 GEMM results.
public func hybridConvScratchByteCount(inputShape: Shape4, outputShape: Shape4, weights: PackedHybridWeights) -> Int {
    let pixels = outputShape.height * outputShape.width
    return inputShape.flatSize + pixels * weights.paddedDepth + pixels * weights.paddedRows * 4 + 64
}

/// Fast hybrid CONV_2D (ungrouped): the same integers as `hybridConvPerChannel` and the same float
/// expression per output, so the results are bit-identical. Each image is quantized once
/// (`asymmetricQuantizeFloatsFast`, kept in `quantizedInput` like the reference), laid out as im2col rows
/// in which out-of-image taps hold the input offset (so `q − offset` is 0 there, as if skipped),
/// multiplied by the packed filter with the int8 GEMM of `backend`, and
/// `acc = Σ w·q − offset·Σ w` (wrapping, exact modulo 2³² like the reference's Int32 sum) is rescaled.
/// `scratch` holds `hybridConvScratchByteCount(…)` bytes, 16-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; groups = 1; `filterScales` one per output channel; `quantizedInput`
/// `inputShape.flatSize` bytes; `scratch` of `hybridConvScratchByteCount` bytes.
public func hybridConvPerChannelFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                     filterShape: Shape4, filter: PackedHybridWeights, filterScales: UnsafePointer<Float>,
                                     bias: UnsafePointer<Float>?, outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                                     quantizedInput: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer,
                                     backend: Int8GemmBackend = .native) {
    let imageSize = inputShape.height * inputShape.width * inputShape.depth
    let pixels = outputShape.height * outputShape.width
    let (kh, kw, ic, oc) = (filterShape.height, filterShape.width, inputShape.depth, outputShape.depth)
    let k = filter.paddedDepth, n = filter.paddedRows
    let columns = scratch.bindMemory(to: Int8.self, capacity: pixels * k)
    let accumulators = (scratch + (pixels * k + 15) / 16 * 16).bindMemory(to: Int32.self, capacity: pixels * n)
    let single = Shape4(1, inputShape.height, inputShape.width, ic)
    for batch in 0..<inputShape.batches {
        let q = quantizedInput + batch * imageSize
        let (scalingFactor, offset) = asymmetricQuantizeFloatsFast(input + batch * imageSize, count: imageSize, output: q)
        let fill = Int8(truncatingIfNeeded: offset)
        var row = columns
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                var column = row
                let inside = inYOrigin >= 0 && inYOrigin + (kh - 1) * params.dilationHeightFactor < inputShape.height
                    && inXOrigin >= 0 && inXOrigin + (kw - 1) * params.dilationWidthFactor < inputShape.width
                if inside && params.dilationWidthFactor == 1 {      // kw·ic contiguous values per filter row
                    for fy in 0..<kh {
                        copyBytes(from: q + single.offset(0, inYOrigin + params.dilationHeightFactor * fy, inXOrigin, 0),
                                  to: column, count: kw * ic)
                        column += kw * ic
                    }
                    column.update(repeating: 0, count: k - kh * kw * ic)
                    row += k
                    continue
                }
                for fy in 0..<kh {
                    let inY = inYOrigin + params.dilationHeightFactor * fy
                    for fx in 0..<kw {
                        let inX = inXOrigin + params.dilationWidthFactor * fx
                        if inY < 0 || inY >= inputShape.height || inX < 0 || inX >= inputShape.width {
                            column.update(repeating: fill, count: ic)
                        } else {
                            copyBytes(from: q + single.offset(0, inY, inX, 0), to: column, count: ic)
                        }
                        column += ic
                    }
                }
                column.update(repeating: 0, count: k - kh * kw * ic)
                row += k
            }
        }
        filter.values.withUnsafeBufferPointer { w in
            backend.gemm(m: pixels, n: n, k: k, a: columns, lda: k, b: w.baseAddress!, ldb: k, c: accumulators, ldc: n)
        }
        let out = output + batch * pixels * oc
        filter.rowSums.withUnsafeBufferPointer { sums in
            for p in 0..<pixels {
                for c in 0..<oc {
                    let acc = accumulators[p * n + c] &- offset &* sums[c]
                    let value = Float(acc) * filterScales[c] * scalingFactor + (bias?[c] ?? 0)
                    out[p * oc + c] = Swift.min(Swift.max(value, params.floatActivationMin), params.floatActivationMax)
                }
            }
        }
    }
}

/// Bytes of working memory `hybridFullyConnectedFast` needs for `batches` rows.
public func hybridFullyConnectedScratchByteCount(batches: Int, weights: PackedHybridWeights) -> Int {
    batches * weights.paddedDepth + batches * weights.paddedRows * 4 + 64
}

/// Fast hybrid FULLY_CONNECTED: the same integers and float expression as `hybridFullyConnected`,
/// so the results are bit-identical. Every row is quantized with its own scale and offset, all rows
/// go through one int8 GEMM of `backend`, then `bias + Float(Σ w·q − offset·Σ w) · (inputScale · filterScale)`.
/// `quantizedInput` receives the last row's quantized values, as in the reference.
/// `scratch` holds `hybridFullyConnectedScratchByteCount(…)` bytes, 16-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values (from the packed weights); `filterScaleCount` = `outputDepth` scales; `quantizedInput`
/// `accumDepth` bytes; `scratch` of `hybridFullyConnectedScratchByteCount` bytes.
public func hybridFullyConnectedFast(batches: Int, input: UnsafePointer<Float>, weights: PackedHybridWeights,
                                     filterScales: UnsafePointer<Float>, filterScaleCount: Int,
                                     bias: UnsafePointer<Float>?, activationMin: Float = -.greatestFiniteMagnitude,
                                     activationMax: Float = .greatestFiniteMagnitude, output: UnsafeMutablePointer<Float>,
                                     quantizedInput: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer,
                                     backend: Int8GemmBackend = .native) {
    let (accumDepth, outputDepth, k, n) = (weights.depth, weights.rows, weights.paddedDepth, weights.paddedRows)
    let rows = scratch.bindMemory(to: Int8.self, capacity: batches * k)
    let accumulators = (scratch + (batches * k + 15) / 16 * 16).bindMemory(to: Int32.self, capacity: batches * n)
    withUnsafeTemporaryAllocation(of: (scale: Float, offset: Int32).self, capacity: Swift.max(batches, 1)) { factors in
        for b in 0..<batches {
            let row = rows + b * k
            factors[b] = asymmetricQuantizeFloatsFast(input + b * accumDepth, count: accumDepth, output: row)
            (row + accumDepth).update(repeating: 0, count: k - accumDepth)
            if b == batches - 1 { quantizedInput.update(from: row, count: accumDepth) }
        }
        weights.values.withUnsafeBufferPointer { w in
            backend.gemm(m: batches, n: n, k: k, a: rows, lda: k, b: w.baseAddress!, ldb: k, c: accumulators, ldc: n)
        }
        weights.rowSums.withUnsafeBufferPointer { sums in
            for b in 0..<batches {
                let (scalingFactor, offset) = factors[b]
                for c in 0..<outputDepth {
                    let dot = accumulators[b * n + c] &- sums[c] &* offset
                    let scale = scalingFactor * filterScales[filterScaleCount == 1 ? 0 : c]
                    let value = (bias?[c] ?? 0) + Float(dot) * scale
                    output[b * outputDepth + c] = Swift.min(Swift.max(value, activationMin), activationMax)
                }
            }
        }
    }
}

/// `asymmetricQuantizeFloats` with the range found 16 lanes at a time. Same result: each lane keeps
/// its value only when strictly below (above) the running minimum (maximum), so NaNs are skipped and
/// a zero never replaces the initial +0, exactly as in the scalar loop, in any order.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func asymmetricQuantizeFloatsFast(_ values: UnsafePointer<Float>, count: Int,
                                         output: UnsafeMutablePointer<Int8>) -> (scale: Float, offset: Int32) {
    typealias Vector = SIMD16<Float>
    var low = Vector(), high = Vector()
    var i = 0
    while i + Vector.scalarCount <= count {
        let v = UnsafeRawPointer(values + i).loadUnaligned(as: Vector.self)
        low.replace(with: v, where: v .< low)
        high.replace(with: v, where: v .> high)
        i += Vector.scalarCount
    }
    var minValue: Float = 0, maxValue: Float = 0
    for lane in 0..<Vector.scalarCount {
        minValue = Swift.min(minValue, low[lane])
        maxValue = Swift.max(maxValue, high[lane])
    }
    while i < count {
        minValue = Swift.min(minValue, values[i])
        maxValue = Swift.max(maxValue, values[i])
        i += 1
    }
    return asymmetricQuantizeFloats(values, count: count, min: minValue, max: maxValue, output: output)
}
