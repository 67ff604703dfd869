/// A fused activation function (`ActivationFunctionType` in the schema, subset).
public enum FusedActivation: Sendable, Equatable {
    case none, relu, reluN1To1, relu6
}

/// The clamp range of a quantized output tensor for a fused activation
/// (TFLite `CalculateActivationRangeQuantized`): activation bounds are quantized with the
/// output scale (float32 division, rounding half away from zero) and intersected with
/// `qmin...qmax` (`−128...127` for int8, `0...255` for uint8).
public func quantizedActivationRange(_ activation: FusedActivation, outputScale: Float, outputZeroPoint: Int32,
                                     qmin: Int32 = -128, qmax: Int32 = 127) -> (min: Int32, max: Int32) {
    func quantize(_ value: Float) -> Int32 {
        let q = (value / outputScale).rounded()
        // Clamp in float before converting: extreme scales must not trap.
        let bounded = Swift.max(Swift.min(q, 2_000_000_000), -2_000_000_000)
        return outputZeroPoint &+ Int32(bounded)
    }
    switch activation {
    case .none: return (qmin, qmax)
    case .relu: return (Swift.max(qmin, quantize(0)), qmax)
    case .relu6: return (Swift.max(qmin, quantize(0)), Swift.min(qmax, quantize(6)))
    case .reluN1To1: return (Swift.max(qmin, quantize(-1)), Swift.min(qmax, quantize(1)))
    }
}

/// The clamp range of a float output for a fused activation (TFLite `CalculateActivationRange`).
public func floatActivationRange(_ activation: FusedActivation) -> (min: Float, max: Float) {
    switch activation {
    case .none: return (-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
    case .relu: return (0, .greatestFiniteMagnitude)
    case .relu6: return (0, 6)
    case .reluN1To1: return (-1, 1)
    }
}
