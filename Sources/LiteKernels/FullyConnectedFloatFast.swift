/// Float32 FULLY_CONNECTED weights transposed once at prepare time from `[outputDepth, accumDepth]`
/// to `[accumDepth, paddedOutputDepth]` (zero columns up to a multiple of 16), so one input value
/// is broadcast against 16 contiguous output units.
public struct PackedFloatFullyConnectedWeights: Sendable {
    public let values: [Float]
    public let outputDepth: Int
    public let accumDepth: Int
    /// `outputDepth` rounded up to a multiple of 16.
    public let paddedOutputDepth: Int

    public init(weights: UnsafePointer<Float>, outputDepth: Int, accumDepth: Int) {
        let padded = (outputDepth + 15) / 16 * 16
        var packed = [Float](repeating: 0, count: accumDepth * padded)
        for o in 0..<outputDepth {
            for k in 0..<accumDepth { packed[k * padded + o] = weights[o * accumDepth + k] }
        }
        values = packed
        self.outputDepth = outputDepth
        self.accumDepth = accumDepth
        paddedOutputDepth = padded
    }
}

/// Fast float32 FULLY_CONNECTED: `fullyConnectedFloat` with 16 output units per vector. Each unit
/// still sums its products in index order (separate multiply and add), then adds the bias and
/// clamps, so the results are bit-identical.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values (`accumDepth`, `outputDepth` from the packed weights).
public func fullyConnectedFloatFast(batches: Int, input: UnsafePointer<Float>, weights: PackedFloatFullyConnectedWeights,
                                    bias: UnsafePointer<Float>?, activationMin: Float = -.greatestFiniteMagnitude,
                                    activationMax: Float = .greatestFiniteMagnitude,
                                    output: UnsafeMutablePointer<Float>) {
    typealias Vector = SIMD16<Float>
    let (depth, accumDepth, padded) = (weights.outputDepth, weights.accumDepth, weights.paddedOutputDepth)
    weights.values.withUnsafeBufferPointer { w in
        for b in 0..<batches {
            let x = input + b * accumDepth, y = output + b * depth
            var o0 = 0
            while o0 < depth {
                var total = Vector()
                var wp = w.baseAddress! + o0
                for k in 0..<accumDepth {
                    total += Vector(repeating: x[k]) * UnsafeRawPointer(wp).loadUnaligned(as: Vector.self)
                    wp += padded
                }
                let lanes = Swift.min(Vector.scalarCount, depth - o0)
                var biasValues = Vector()
                for lane in 0..<lanes { biasValues[lane] = bias?[o0 + lane] ?? 0 }
                let value = clampLanes(total + biasValues, lo: activationMin, hi: activationMax)
                for lane in 0..<lanes { y[o0 + lane] = value[lane] }
                o0 += Vector.scalarCount
            }
        }
    }
}
