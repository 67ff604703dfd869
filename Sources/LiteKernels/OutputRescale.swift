/// How FULLY_CONNECTED int8 maps its Int32 accumulator to the output scale.
public enum RescaleMode: Sendable, Equatable {
    /// LiteRT `BUILTIN_REF` (since April 2025): `round(Double(acc) · s_in·s_w/s_out)`, half away from zero.
    case reference
    /// TensorFlow Lite Micro (and TFLite's integer reference): `multiplyByQuantizedMultiplier`.
    case micro
}

/// Per-output-channel requantization constants of a CONV_2D / DEPTHWISE_CONV_2D /
/// FULLY_CONNECTED int8 op, prepared once (TFLM `OpData`: `per_channel_output_multiplier`,
/// `per_channel_output_shift`), plus the real multipliers used by LiteRT's float FC rescale.
///
/// Every int8 kernel, reference and fast, requantizes through `requantize(_:channel:)` /
/// `requantizeFloat(_:channel:)`, so the rounding rules live in one place.
public struct OutputRescale: Sendable, Equatable {
    /// `M_c` of `quantizeMultiplier(m_c)`.
    public var multipliers: [Int32]
    /// `shift_c` of `quantizeMultiplier(m_c)` (positive = left).
    public var shifts: [Int32]
    /// `m_c = Double(s_in) · Double(s_w[c]) / Double(s_out)`.
    public var realMultipliers: [Double]
    /// Output zero point, added after rescaling (TFLM `output_offset`).
    public var outputOffset: Int32
    /// Clamp range from the fused activation.
    public var activationMin: Int32
    public var activationMax: Int32

    /// Computes the constants in double from the float32 scales stored in the file. One filter
    /// scale is broadcast to all `channels`; otherwise `filterScales.count` must equal `channels`.
    public init(inputScale: Float, filterScales: [Float], outputScale: Float, outputZeroPoint: Int32,
                channels: Int, activationMin: Int32 = -128, activationMax: Int32 = 127) {
        multipliers = []
        shifts = []
        realMultipliers = []
        multipliers.reserveCapacity(channels)
        for c in 0..<channels {
            let filterScale = filterScales.count == 1 ? filterScales[0] : filterScales[c]
            let real = Double(inputScale) * Double(filterScale) / Double(outputScale)
            let (m, s) = quantizeMultiplier(real)
            multipliers.append(m)
            shifts.append(Int32(s))
            realMultipliers.append(real)
        }
        outputOffset = outputZeroPoint
        self.activationMin = activationMin
        self.activationMax = activationMax
    }

    /// Integer requantization (conv in every mode, FC in `.micro`):
    /// `clamp(MBQM(acc, M_c, shift_c) + z_out, min, max)`.
    @inline(__always)
    public func requantize(_ accumulator: Int32, channel: Int) -> Int32 {
        let scaled = multiplyByQuantizedMultiplier(accumulator, multipliers[channel], Int(shifts[channel]))
        let v = scaled &+ outputOffset
        return Swift.min(Swift.max(v, activationMin), activationMax)
    }

    /// LiteRT reference FULLY_CONNECTED requantization:
    /// `clamp(Int32(round(Double(acc) · m_c)) + z_out, min, max)`, clamped in double first.
    @inline(__always)
    public func requantizeFloat(_ accumulator: Int32, channel: Int) -> Int32 {
        let scaled = (Double(accumulator) * realMultipliers[channel]).rounded() + Double(outputOffset)
        let clamped = Swift.min(Swift.max(scaled, Double(activationMin)), Double(activationMax))
        return Int32(clamped)
    }

    /// FC requantization for `mode`.
    @inline(__always)
    public func requantize(_ accumulator: Int32, channel: Int, mode: RescaleMode) -> Int32 {
        switch mode {
        case .reference: return requantizeFloat(accumulator, channel: channel)
        case .micro: return requantize(accumulator, channel: channel)
        }
    }
}
