@testable import LabEngine

/// Deterministic values in [-scale, scale).
func randomValues(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var rng = RandomGenerator(seed: seed)
    return (0..<count).map { _ in rng.uniform(scale) }
}

/// Compares a layer's backward pass with central differences of the scalar
/// `L = Σ y ⊙ r` (r fixed random weights, so ∂L/∂y = r), accumulated in Double.
/// Returns the worst |analytic − numeric| divided by (the largest |gradient| + 1e-3).
func worstGradientError(_ layer: any Layer, batch: Int, inputScale: Float = 1, epsilon: Float = 1e-2, seed: UInt64 = 7) -> Double {
    let inCount = batch * layer.inputShape.count, outCount = batch * layer.outputShape.count
    var x = randomValues(inCount, seed: seed, scale: inputScale)
    var params = [Float](repeating: 0, count: max(layer.parameterCount, 1))
    var rng = RandomGenerator(seed: seed + 1)
    params.withUnsafeMutableBufferPointer { layer.initialize(UnsafeMutableBufferPointer(rebasing: $0[0..<layer.parameterCount]), rng: &rng) }
    // Perturb every parameter so biases, γ, β are not at special values.
    let noise = randomValues(params.count, seed: seed + 2, scale: 0.3)
    for i in params.indices { params[i] += noise[i] }
    let r = randomValues(outCount, seed: seed + 3)
    var saved = [Float](repeating: 0, count: max(layer.savedPerExample * batch, 1))

    func loss() -> Double {
        var y = [Float](repeating: 0, count: outCount)
        layer.forward(x, &y, batch: batch, params: params, saved: &saved, training: true)
        return zip(y, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    var y = [Float](repeating: 0, count: outCount)
    layer.forward(x, &y, batch: batch, params: params, saved: &saved, training: true)
    var dy = r
    var dx = [Float](repeating: 0, count: inCount)
    var grads = [Float](repeating: 0, count: params.count)
    layer.backward(x, y, &dy, &dx, batch: batch, params: params, grads: &grads, saved: &saved)

    var worst = 0.0
    let scale = (dx + grads).map { Double(abs($0)) }.max() ?? 0
    /// Perturbs x[i] (input) or params[i] and compares the slope with `analytic`.
    func check(_ analytic: Float, input: Bool, _ i: Int) {
        let keep = input ? x[i] : params[i]
        func set(_ v: Float) { if input { x[i] = v } else { params[i] = v } }
        set(keep + epsilon); let up = loss()
        set(keep - epsilon); let down = loss()
        set(keep)
        let numeric = (up - down) / (2 * Double(epsilon))
        worst = max(worst, abs(Double(analytic) - numeric) / (scale + 1e-3))
    }
    for i in x.indices { check(dx[i], input: true, i) }
    // Moving statistics have no gradient and do not affect a training-mode forward pass.
    let trainable = layer.parameterArrays.reduce(into: [Bool]()) { $0 += Array(repeating: $1.trainable, count: $1.count) }
    for i in 0..<layer.parameterCount where trainable[i] { check(grads[i], input: false, i) }
    return worst
}
