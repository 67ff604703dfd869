/// Which file the converter writes.
public enum ModelVariant: String, CaseIterable, Sendable {
    /// The float model, simplified and without needless bytes.
    case float32
    /// float16 weights expanded by DEQUANTIZE at load time.
    case float16
    /// int8 weights, float activations, hybrid kernels.
    case dynamic
    /// Integer-only: int8 weights and activations, int32 biases, calibrated ranges.
    case int8
}

/// The element type of an int8 model's input and output.
public enum IOType: String, CaseIterable, Sendable {
    /// float32 in and out: a QUANTIZE at the input and a DEQUANTIZE at the output.
    case float
    /// uint8 in and out (zero point shifted by 128): a QUANTIZE at each end.
    case uint8
    /// int8 in and out: no conversion ops.
    case int8
}
