/// Element type of a tensor (`TensorType` in the schema, a byte).
public enum TensorType: Int8, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 0, float16 = 1, int32 = 2, uint8 = 3, int64 = 4, string = 5, bool = 6, int16 = 7
    case complex64 = 8, int8 = 9, float64 = 10, complex128 = 11, uint64 = 12, resource = 13
    case variant = 14, uint32 = 15, uint16 = 16, int4 = 17, bfloat16 = 18, int2 = 19, uint4 = 20
    case float8e4m3fn = 21, float8e5m2 = 22

    /// Bytes per element, or nil for types without a fixed byte size (strings, sub-byte, handles).
    public var elementSize: Int? {
        switch self {
        case .bool, .int8, .uint8, .float8e4m3fn, .float8e5m2: return 1
        case .float16, .int16, .uint16, .bfloat16: return 2
        case .float32, .int32, .uint32: return 4
        case .int64, .uint64, .float64, .complex64: return 8
        case .complex128: return 16
        case .string, .resource, .variant, .int4, .int2, .uint4: return nil
        }
    }

    /// The schema's upper-case name, e.g. `INT8`.
    public var description: String {
        Self.names[Int(rawValue)]
    }

    private static let names = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64", "INT8",
        "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4", "BFLOAT16",
        "INT2", "UINT4", "FLOAT8_E4M3FN", "FLOAT8_E5M2",
    ]
}

/// Padding of convolutions and pools (schema `Padding`).
public enum Padding: Int8, Sendable { case same = 0, valid = 1 }

/// Activation fused into an operator (schema `ActivationFunctionType`).
public enum ActivationFunction: Int8, Sendable {
    case none = 0, relu = 1, reluN1To1 = 2, relu6 = 3, tanh = 4, signBit = 5
}
