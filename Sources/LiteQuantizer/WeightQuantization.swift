/// Symmetric int8 weights and int32 biases, as TensorFlow's converter makes them: per-channel scale max|w|/127, bias scale = input scale × weight scale.
public enum WeightQuantization {
    /// Quantized weights: values in [−127, 127] and one scale per channel (or a single scale).
    public struct Weights: Sendable, Equatable {
        public var values: [Int8]
        public var scales: [Float]
        /// The axis the scales run along (0 for CONV_2D and FULLY_CONNECTED filters).
        public var axis: Int
    }

    /// Quantized biases: int32 values, scale `inputScale · weightScale[c]` per channel.
    public struct Bias: Sendable, Equatable {
        public var values: [Int32]
        public var scales: [Float]
    }

    /// Symmetric narrow-range weights with one scale per slice along `axis`
    /// (`perChannel: false` uses one scale for the whole tensor).
    /// `scale = max|w| / 127` computed in double and stored as float32; `q = round(w / scale)`,
    /// half away from zero. A slice whose |w| stays under 5e-7 is widened to ±5e-7 so its
    /// scale is never 0.
    public static func weights(_ values: [Float], shape: [Int], axis: Int = 0,
                               perChannel: Bool = true) -> Weights {
        let channels = perChannel && axis < shape.count ? shape[axis] : 1
        let inner = perChannel ? shape.dropFirst(axis + 1).reduce(1, *) : values.count
        let slice = { (i: Int) -> Int in channels == 1 ? 0 : (i / inner) % channels }
        var maxAbs = [Float](repeating: 0, count: channels)
        for (i, w) in values.enumerated() where w.isFinite {
            maxAbs[slice(i)] = max(maxAbs[slice(i)], abs(w))
        }
        let scales = maxAbs.map { Float(Double(max($0, 5e-7)) / 127) }
        var q = [Int8](repeating: 0, count: values.count)
        for (i, w) in values.enumerated() {
            q[i] = Int8(clampedRound(Double(w) / Double(scales[slice(i)]), -127, 127))
        }
        return Weights(values: q, scales: scales, axis: channels == 1 ? 0 : axis)
    }

    /// int32 biases for an op whose input has scale `inputScale` and whose weights have
    /// `weightScales` (one, or one per output channel): `scale_c = float32(s_in · s_w[c])`
    /// computed in double, `q = round(b / scale_c)`.
    public static func bias(_ values: [Float], inputScale: Float, weightScales: [Float]) -> Bias {
        let scales: [Float] = (0..<max(values.count, 1)).map { c in
            let sw = weightScales.count == 1 ? weightScales[0] : weightScales[min(c, weightScales.count - 1)]
            return Float(Double(inputScale) * Double(sw))
        }
        let q = values.enumerated().map { c, b in
            Int32(clampedRound(Double(b) / Double(scales[c]), Double(Int32.min), Double(Int32.max)))
        }
        // A per-tensor weight scale gives a per-tensor bias scale.
        return Bias(values: q, scales: weightScales.count == 1 ? [scales[0]] : scales)
    }

    /// Round half away from zero, then clamp; NaN becomes 0 (never traps).
    static func clampedRound(_ x: Double, _ lo: Double, _ hi: Double) -> Int64 {
        guard !x.isNaN else { return 0 }
        return Int64(min(max(x.rounded(.toNearestOrAwayFromZero), lo), hi))
    }
}
