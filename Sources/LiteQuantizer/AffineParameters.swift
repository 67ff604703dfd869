/// Scale and zero point of an affine quantization: `real = scale · (q − zeroPoint)`.
public struct AffineParameters: Sendable, Equatable, CustomStringConvertible {
    public var scale: Float
    public var zeroPoint: Int

    public init(scale: Float, zeroPoint: Int) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// The fixed output parameters TensorFlow Lite requires of an int8 SOFTMAX: (1/256, −128).
    public static let int8Softmax = AffineParameters(scale: 1.0 / 256.0, zeroPoint: -128)

    /// TensorFlow's rule (its converter's `ChooseQuantizationParams`) for an int8 activation observed in `[min, max]`:
    /// the range is widened to contain 0 (and to at least 2e-6), the scale is
    /// `(max − min) / 255` in double, and the zero point is taken from whichever end
    /// has the smaller error, rounded half away from zero and clamped ("nudged").
    public static func activation(min observedMin: Float, max observedMax: Float,
                                  qmin: Int = -128, qmax: Int = 127) -> AffineParameters {
        var rmin = Double(Swift.min(observedMin, 0))
        var rmax = Double(Swift.max(observedMax, 0))
        if !rmin.isFinite || !rmax.isFinite { rmin = 0; rmax = 0 }
        if abs(rmax - rmin) < 1e-6 {
            rmin -= 1e-6
            rmax += 1e-6
        }
        let levels = Double(qmax - qmin)
        let scale = (rmax - rmin) / levels
        let zpFromMin = Double(qmin) - rmin / scale
        let errorFromMin = abs(Double(qmin)) + abs(rmin / scale)
        let zpFromMax = Double(qmax) - rmax / scale
        let errorFromMax = abs(Double(qmax)) + abs(rmax / scale)
        let zp = errorFromMin < errorFromMax ? zpFromMin : zpFromMax
        let nudged: Int
        if zp < Double(qmin) {
            nudged = qmin
        } else if zp > Double(qmax) {
            nudged = qmax
        } else {
            nudged = Int(zp.rounded(.toNearestOrAwayFromZero))
        }
        return AffineParameters(scale: Float(scale), zeroPoint: nudged)
    }

    /// Quantizes one value as TFLite's reference QUANTIZE does: float32 division,
    /// rounding half away from zero, then clamping to `[qmin, qmax]`.
    public func quantize(_ x: Float, qmin: Int = -128, qmax: Int = 127) -> Int {
        let r = (x / scale).rounded(.toNearestOrAwayFromZero) + Float(zeroPoint)
        if r.isNaN { return zeroPoint }
        return Int(Swift.min(Swift.max(r, Float(qmin)), Float(qmax)))
    }

    /// The real value a quantized value stands for.
    public func dequantize(_ q: Int) -> Float { Float(Double(scale) * Double(q - zeroPoint)) }

    public var description: String { "(scale \(scale), zero point \(zeroPoint))" }
}
