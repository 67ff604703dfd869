/// FULLY_CONNECTED int8 weights repacked for `fullyConnectedFast` (per-channel weights, zero point 0):
/// rows padded to a multiple of 16 bytes, output rows padded to a multiple of 4, and per-row
/// `inputOffset · Σ w` corrections. Built once at prepare time.
public struct PackedFullyConnectedWeights: Sendable {
    public let outputDepth: Int
    public let accumDepth: Int
    public let paddedDepth: Int
    public let paddedOutputs: Int
    public let weights: [Int8]
    public let corrections: [Int32]

    /// `weights` is `[outputDepth, accumDepth]` row-major.
    public init(weights: UnsafePointer<Int8>, outputDepth: Int, accumDepth: Int, inputOffset: Int32) {
        self.outputDepth = outputDepth
        self.accumDepth = accumDepth
        paddedDepth = (accumDepth + 15) / 16 * 16
        paddedOutputs = (outputDepth + 3) / 4 * 4
        var packed = [Int8](repeating: 0, count: paddedOutputs * paddedDepth)
        var corrections = [Int32](repeating: 0, count: outputDepth)
        for c in 0..<outputDepth {
            var sum: Int32 = 0
            for k in 0..<accumDepth {
                packed[c * paddedDepth + k] = weights[c * accumDepth + k]
                sum &+= Int32(weights[c * accumDepth + k])
            }
            corrections[c] = sum &* inputOffset
        }
        self.weights = packed
        self.corrections = corrections
    }
}

/// Fast int8 FULLY_CONNECTED with per-channel weights, bit-equal to `fullyConnected`: the int8 GEMM over
/// the input rows (used in place when `accumDepth` is a multiple of 16, else copied row by row into
/// padded form), then `acc + inputOffset·Σw + bias` through the shared `OutputRescale.requantize(_:channel:mode:)`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values (from the packed weights); `rescale` built for the output channel count (one multiplier
/// and shift per channel).
public func fullyConnectedFast(params: FullyConnectedParams, rescale: OutputRescale, batches: Int,
                               input: UnsafePointer<Int8>, packedWeights w: PackedFullyConnectedWeights,
                               bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>,
                               backend: Int8GemmBackend = .native) {
    let depth = w.accumDepth
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: w.paddedOutputs) { acc in
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: w.paddedDepth) { row in
            w.weights.withUnsafeBufferPointer { weights in
                for b in 0..<batches {
                    var x = input + b * depth
                    if w.paddedDepth != depth {
                        row.baseAddress!.update(from: x, count: depth)
                        (row.baseAddress! + depth).update(repeating: 0, count: w.paddedDepth - depth)
                        x = UnsafePointer(row.baseAddress!)
                    }
                    backend.gemm(m: 1, n: w.paddedOutputs, k: w.paddedDepth, a: x, lda: w.paddedDepth,
                                 b: weights.baseAddress!, ldb: w.paddedDepth, c: acc.baseAddress!, ldc: w.paddedOutputs)
                    w.corrections.withUnsafeBufferPointer { corrections in
                        rescale.requantizeRows(acc.baseAddress!, rows: 1, stride: w.paddedOutputs, channels: w.outputDepth,
                                               corrections: corrections.baseAddress!, bias: bias, mode: params.rescaleMode,
                                               output: output + b * w.outputDepth, outputStride: w.outputDepth)
                    }
                }
            }
        }
    }
}
