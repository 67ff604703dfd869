/// Parameters of FULLY_CONNECTED int8 (TFLite `FullyConnectedParams`, quantized part).
public struct FullyConnectedParams: Sendable, Equatable {
    /// `−z_in` (TFLM `input_offset`).
    public var inputOffset: Int32
    /// `−z_w` for per-tensor weights; 0 for per-channel weights (TFLM `weights_offset`).
    public var weightsOffset: Int32
    /// Which rescale to apply to the accumulator.
    public var rescaleMode: RescaleMode

    public init(inputOffset: Int32, weightsOffset: Int32 = 0, rescaleMode: RescaleMode = .reference) {
        self.inputOffset = inputOffset
        self.weightsOffset = weightsOffset
        self.rescaleMode = rescaleMode
    }
}

/// Reference int8 FULLY_CONNECTED: `acc = Σ_k (w[c,k] + weightsOffset)·(x[b,k] + inputOffset) + bias[c]`,
/// then `rescale.requantize(acc, channel: c, mode: params.rescaleMode)`.
/// `weights` is `[outputDepth, accumDepth]` row-major; `input` holds `batches` rows of `accumDepth`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values; `rescale` built for the output channel count (one multiplier and shift per channel).
public func fullyConnected(params: FullyConnectedParams, rescale: OutputRescale,
                           batches: Int, accumDepth: Int, outputDepth: Int,
                           input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>,
                           bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>) {
    for b in 0..<batches {
        for c in 0..<outputDepth {
            var acc: Int32 = 0
            for k in 0..<accumDepth {
                let x = Int32(input[b * accumDepth + k]) &+ params.inputOffset
                let w = Int32(weights[c * accumDepth + k]) &+ params.weightsOffset
                acc &+= w &* x
            }
            if let bias { acc &+= bias[c] }
            let y = rescale.requantize(acc, channel: c, mode: params.rescaleMode)
            output[b * outputDepth + c] = Int8(truncatingIfNeeded: y)
        }
    }
}
