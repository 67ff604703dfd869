/// Batch normalization over the channel axis (Keras defaults: momentum 0.99, ε 0.001).
/// Parameters in Keras order: `gamma`, `beta` (trained), `moving_mean`, `moving_variance` (not).
///
/// Training normalizes with the statistics of the batch the layer sees. The trainer runs each
/// batch as two halves, so each half uses its own statistics ("ghost" batches of 16); the
/// moving statistics are updated from the exact statistics of the whole batch, pooled from
/// both halves in `updateState`. Folding into the preceding layer happens at export.
public struct BatchNormalization: Layer {
    public let name: String
    public var kindName: String { "BatchNormalization" }
    public let inputShape: Shape
    public var outputShape: Shape { inputShape }
    public static let momentum: Float = 0.99
    public static let epsilon: Float = 0.001

    public init(name: String, input: Shape) {
        self.name = name
        self.inputShape = input
    }

    var channels: Int { inputShape.channels }

    public var parameterArrays: [ParameterArray] {
        [ParameterArray("gamma", [channels]), ParameterArray("beta", [channels]),
         ParameterArray("moving_mean", [channels], trainable: false),
         ParameterArray("moving_variance", [channels], trainable: false)]
    }
    /// The normalized input, then (once per batch) the batch mean and variance.
    public var savedPerExample: Int { inputShape.count + 2 * channels }

    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {
        let c = channels
        for i in 0..<c { params[i] = 1; params[c + i] = 0; params[2 * c + i] = 0; params[3 * c + i] = 1 }
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        let c = channels, rows = batch * inputShape.height * inputShape.width
        let xhat = saved, mean = saved + rows * c, variance = mean + c
        if training {
            mean.update(repeating: 0, count: c)
            variance.update(repeating: 0, count: c)
            for r in 0..<rows { for j in 0..<c { mean[j] += x[r * c + j] } }
            for j in 0..<c { mean[j] /= Float(rows) }
            for r in 0..<rows { for j in 0..<c { let d = x[r * c + j] - mean[j]; variance[j] += d * d } }
            for j in 0..<c { variance[j] /= Float(rows) }
        } else {
            mean.update(from: params + 2 * c, count: c)
            variance.update(from: params + 3 * c, count: c)
        }
        for r in 0..<rows {
            for j in 0..<c {
                let inv = 1 / (variance[j] + Self.epsilon).squareRoot()
                xhat[r * c + j] = (x[r * c + j] - mean[j]) * inv
                y[r * c + j] = params[j] * xhat[r * c + j] + params[c + j]
            }
        }
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        let c = channels, rows = batch * inputShape.height * inputShape.width
        let xhat = saved, variance = saved + rows * c + c
        let dgamma = grads, dbeta = grads + c
        grads.update(repeating: 0, count: 4 * c)
        for r in 0..<rows {
            for j in 0..<c { dgamma[j] += dy[r * c + j] * xhat[r * c + j]; dbeta[j] += dy[r * c + j] }
        }
        guard let dx else { return }
        // dx = γ/σ · (dy - mean(dy) - x̂ · mean(dy · x̂))
        for r in 0..<rows {
            for j in 0..<c {
                let inv = 1 / (variance[j] + Self.epsilon).squareRoot()
                let centered = dy[r * c + j] - dbeta[j] / Float(rows) - xhat[r * c + j] * dgamma[j] / Float(rows)
                dx[r * c + j] = params[j] * inv * centered
            }
        }
    }

    public func updateState(_ params: UnsafeMutablePointer<Float>, saved: [UnsafePointer<Float>], batches: [Int]) {
        let c = channels, perExample = inputShape.height * inputShape.width
        let total = Float(batches.reduce(0, +) * perExample)
        guard total > 0 else { return }
        for j in 0..<c {
            var mean: Float = 0, squares: Float = 0
            for (part, batch) in zip(saved, batches) where batch > 0 {
                let n = Float(batch * perExample), stats = part + batch * perExample * c
                mean += n * stats[j]
                squares += n * (stats[c + j] + stats[j] * stats[j])
            }
            mean /= total
            let variance = max(squares / total - mean * mean, 0)
            params[2 * c + j] = params[2 * c + j] * Self.momentum + mean * (1 - Self.momentum)
            params[3 * c + j] = params[3 * c + j] * Self.momentum + variance * (1 - Self.momentum)
        }
    }
}
