/// Everything that can be wrong with a `.tflite` file or a `LiteModel`.
///
/// Each case prints as one sentence that says what is wrong and where (a byte offset for
/// encoding problems, a tensor/operator index for semantic ones).
public enum LiteFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is too short or does not carry the "TFL3" identifier.
    case notTFLite(String)
    /// An object runs past the end of the file.
    case truncated(what: String, at: Int, needs: Int, available: Int)
    /// An object does not start on the alignment FlatBuffers requires.
    case misaligned(what: String, at: Int, alignment: Int)
    /// A structural rule of the FlatBuffers encoding is broken (offset, vtable, string terminator).
    case malformed(String)
    /// The file nests too deep or holds more objects than any sane model (hostile input).
    case limitExceeded(String)
    /// The file decodes but the model it describes is inconsistent (indices, sizes, version).
    case invalidModel(String)

    public var description: String {
        switch self {
        case .notTFLite(let detail):
            return "not a .tflite file: \(detail)"
        case let .truncated(what, at, needs, available):
            return "truncated: \(what) at byte \(at) needs \(needs) bytes, file has \(available) left"
        case let .misaligned(what, at, alignment):
            return "misaligned: \(what) at byte \(at) is not \(alignment)-byte aligned"
        case .malformed(let detail):
            return "malformed FlatBuffer: \(detail)"
        case .limitExceeded(let detail):
            return "refusing hostile file: \(detail)"
        case .invalidModel(let detail):
            return "invalid model: \(detail)"
        }
    }
}
