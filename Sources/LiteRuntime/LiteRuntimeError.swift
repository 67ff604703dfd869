/// Why a model cannot be prepared or run, or why an input was refused.
public enum LiteRuntimeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An operator, version or type combination this runtime does not implement.
    case unsupported(String)
    /// The model is inconsistent in a way only the runtime notices (shapes, quantization, options).
    case invalidModel(String)
    /// A caller passed data of the wrong type or size.
    case badInput(String)

    public var description: String {
        switch self {
        case .unsupported(let detail): return "unsupported: \(detail)"
        case .invalidModel(let detail): return "invalid model: \(detail)"
        case .badInput(let detail): return "bad input: \(detail)"
        }
    }
}
