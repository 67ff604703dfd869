import Foundation

/// Fake quantization of activations for quantization-aware training: rounds values to the
/// asymmetric int8 grid of a range `[min, max]` and back to float, so training sees the
/// rounding error int8 inference will have. Gradients pass straight through inside the range
/// and are zero outside it (the straight-through estimator).
///
/// Parameters (not trained): `min` and `max`, the moving range. It starts from a calibration
/// pass (`Sequential.calibrate`) and then follows each batch's range with an exponential moving
/// average (decay 0.999, like TensorFlow's QAT). These are the ranges exported as the activation
/// tensors' min/max.
public struct FakeQuant: Layer {
    public let name: String
    public var kindName: String { "FakeQuant" }
    public let inputShape: Shape
    public var outputShape: Shape { inputShape }
    public static let decay: Float = 0.999

    public init(name: String, input: Shape) {
        self.name = name
        self.inputShape = input
    }

    public var parameterArrays: [ParameterArray] {
        [ParameterArray("min", [1], trainable: false), ParameterArray("max", [1], trainable: false)]
    }
    /// The batch's min and max (in the first two floats).
    public var savedPerExample: Int { 2 }

    /// An uncalibrated range (min > max): the layer passes values through unchanged.
    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {
        params[0] = .infinity
        params[1] = -.infinity
    }

    /// The int8 grid for a range: TensorFlow's nudging, so that 0 is exactly representable.
    /// Returns (scale, zero point, nudged min, nudged max).
    public static func grid(min lo: Float, max hi: Float) -> (scale: Float, zeroPoint: Float, min: Float, max: Float) {
        let lo = Swift.min(lo, 0), hi = Swift.max(hi, 0)
        let scale = hi > lo ? (hi - lo) / 255 : 1
        let zeroPoint = Swift.min(Swift.max((-128 - lo / scale).rounded(), -128), 127)
        return (scale, zeroPoint, (-128 - zeroPoint) * scale, (127 - zeroPoint) * scale)
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        let n = batch * inputShape.count
        var lo = Float.infinity, hi = -Float.infinity
        for i in 0..<n { lo = Swift.min(lo, x[i]); hi = Swift.max(hi, x[i]) }
        saved[0] = lo
        saved[1] = hi
        guard params[0] <= params[1] else { y.update(from: x, count: n); return }
        let g = Self.grid(min: params[0], max: params[1])
        for i in 0..<n {
            let q = Swift.min(Swift.max((x[i] / g.scale).rounded(.toNearestOrEven) + g.zeroPoint, -128), 127)
            y[i] = (q - g.zeroPoint) * g.scale
        }
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        grads[0] = 0
        grads[1] = 0
        guard let dx else { return }
        let n = batch * inputShape.count
        guard params[0] <= params[1] else { dx.update(from: dy, count: n); return }
        let g = Self.grid(min: params[0], max: params[1])
        for i in 0..<n { dx[i] = x[i] >= g.min && x[i] <= g.max ? dy[i] : 0 }
    }

    /// Moves the range toward the whole batch's range (both halves pooled).
    public func updateState(_ params: UnsafeMutablePointer<Float>, saved: [UnsafePointer<Float>], batches: [Int]) {
        var lo = Float.infinity, hi = -Float.infinity
        for (part, batch) in zip(saved, batches) where batch > 0 { lo = Swift.min(lo, part[0]); hi = Swift.max(hi, part[1]) }
        guard lo <= hi else { return }
        if params[0] > params[1] {
            params[0] = lo
            params[1] = hi
        } else {
            params[0] = params[0] * Self.decay + lo * (1 - Self.decay)
            params[1] = params[1] * Self.decay + hi * (1 - Self.decay)
        }
    }
}
