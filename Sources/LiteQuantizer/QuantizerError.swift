import LiteFormat
import LiteRuntime

/// Why a model could not be converted. Each case prints as one sentence with a hint.
public enum QuantizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model has no subgraph or more than one.
    case subgraphCount(Int)
    /// The input model is not a float32 model (e.g. it is already quantized).
    case notFloat(tensor: String, type: String)
    /// An operator the quantizer does not know how to convert.
    case unsupportedOperator(index: Int, name: String)
    /// An operator lacks a constant input it needs (weights, or a shape it cannot infer).
    case missingConstant(operator: Int, name: String, input: Int)
    /// int8 needs a range for every float activation, from calibration or QAT min/max.
    case missingRange(tensor: String)
    /// A calibration sample does not fit the model input.
    case sampleSize(index: Int, got: Int, expected: Int)
    /// int8 conversion was asked for without calibration samples or recorded ranges.
    case noCalibrationData
    /// The interpreter failed while calibrating.
    case calibrationFailed(String)
    /// Weight-only rounding was asked for with a bit width outside 2…8.
    case weightBits(Int)

    public var description: String {
        switch self {
        case .subgraphCount(let n):
            return "the model has \(n) subgraphs; the quantizer converts models with exactly one"
        case let .notFloat(tensor, type):
            return "tensor '\(tensor)' is \(type); the quantizer expects a float32 model\n"
                + "hint: quantize the float32 file, not an already converted one"
        case let .unsupportedOperator(index, name):
            return "operator \(index) is \(name), which the quantizer does not convert\n"
                + "hint: supported: \(Self.supportedNames)"
        case let .missingConstant(op, name, input):
            return "operator \(op) (\(name)) needs a constant at input \(input), but it is computed at run time"
        case .missingRange(let tensor):
            return "no range for tensor '\(tensor)'\nhint: calibrate with representative samples"
        case let .sampleSize(index, got, expected):
            return "calibration sample \(index) has \(got) values, the model input needs \(expected)"
        case .noCalibrationData:
            return "int8 conversion needs calibration samples\nhint: pass representative samples (100–500 from the validation split)"
        case .calibrationFailed(let message):
            return "calibration failed: \(message)"
        case .weightBits(let bits):
            return "weight-only rounding takes 2 to 8 bits, got \(bits)"
        }
    }

    static let supportedNames = OperatorRegistry.ordered.filter { $0.quantization != nil }.map(\.builtin.name)
        .joined(separator: ", ")
        + " (SHAPE/STRIDED_SLICE/PACK only when they compute a RESHAPE's shape)"
}
