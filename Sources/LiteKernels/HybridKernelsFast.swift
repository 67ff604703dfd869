import CLiteKernels

/// Int8 weights of a hybrid FULLY_CONNECTED, packed once at prepare time for
/// `int8GemmNT`'s right operand: one row of `depth` values per output channel, zero-padded to
/// `paddedDepth` (a multiple of the native GEMM's step: 32 for AVX-512 VNNI, else 16) and to
/// `paddedRows` rows (a multiple of 4), with each channel's weight sum for the zero-point term.
public struct PackedHybridWeights: Sendable {
    public let values: [Int8]
    public let rows: Int
    public let paddedRows: Int
    public let depth: Int
    public let paddedDepth: Int
    /// `Σ_k w[c, k]` per output channel.
    public let rowSums: [Int32]

    /// `weights` is `[rows, depth]` row-major.
    public init(weights: UnsafePointer<Int8>, rows: Int, depth: Int) {
        let step = clk_active_isa() == CLK_ISA_AVX512_VNNI ? 32 : 16
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

/// `asymmetricQuantizeFloats` with the range and the quantizing loop in C (`clk_float_range`,
/// `clk_quantize_floats`: AVX-512 or AVX2 as `clk_active_isa()` allows), bit for bit: the range keeps a
/// value only when strictly below (above) the running bound, so NaNs are skipped in any order (a zero
/// maximum may be +0 where the scalar loop has −0: the same scale and zero point); each lane rounds and
/// clamps with the scalar loop's float operations.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func asymmetricQuantizeFloatsFast(_ values: UnsafePointer<Float>, count: Int,
                                         output: UnsafeMutablePointer<Int8>) -> (scale: Float, offset: Int32) {
    var minValue: Float = 0, maxValue: Float = 0
    clk_float_range(values, Int32(count), &minValue, &maxValue)
    guard let q = AsymmetricQuantization(min: minValue, max: maxValue) else {
        output.update(repeating: 0, count: count)
        return (1, 0)
    }
    clk_quantize_floats(values, Int32(count), q.inverse, q.offset, output)
    return (q.scale, q.offset)
}
