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
