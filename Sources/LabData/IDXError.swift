import Foundation

/// Why an IDX file (raw or gzip-compressed) could not be read. Every message starts with the
/// file's name, so it can be shown to the user as is.
public enum IDXError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file could not be opened or read at all.
    case unreadable(file: String, reason: String)
    /// Fewer bytes than the fixed 4-byte magic plus one dimension.
    case tooShort(file: String, size: Int)
    /// The first two bytes are not zero, or the dimension count is zero.
    case badMagic(file: String, bytes: [UInt8])
    /// The third byte is not one of the IDX element types.
    case unknownType(file: String, code: UInt8)
    /// The header announces `dimensionCount` sizes but the file ends inside them.
    case truncatedHeader(file: String, dimensionCount: Int, size: Int)
    /// The announced data size overflows or exceeds what we are willing to allocate.
    case tooLarge(file: String, dimensions: [Int], limit: Int)
    /// The file has less data than its header announces.
    case truncated(file: String, dimensions: [Int], expected: Int, actual: Int)
    /// The file has more data than its header announces.
    case trailingBytes(file: String, dimensions: [Int], expected: Int, actual: Int)
    /// The gzip stream is corrupt (zlib's message).
    case corruptGzip(file: String, reason: String)
    /// The file itself is larger than any IDX file we accept.
    case fileTooLarge(file: String, size: Int, limit: Int)
    /// Inflating would exceed the cap (a decompression bomb or a wrong file).
    case inflatedTooLarge(file: String, limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .tooShort(file, size):
            return "\(file): not an IDX file: \(size) bytes, shorter than an IDX header"
        case let .badMagic(file, bytes):
            let hex = bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
            return "\(file): not an IDX file: magic bytes \(hex), expected 00 00 <type> <dimension count>"
        case let .unknownType(file, code):
            return "\(file): unknown IDX element type 0x\(String(format: "%02x", code))"
                + " (expected 08, 09, 0b, 0c, 0d or 0e)"
        case let .truncatedHeader(file, count, size):
            return "\(file): truncated header: \(count) dimensions need \(4 + 4 * count) bytes, file has \(size)"
        case let .tooLarge(file, dims, limit):
            return "\(file): header says \(Self.shape(dims)), more than the limit of \(grouped(limit)) bytes"
        case let .truncated(file, dims, expected, actual):
            return "\(file): truncated: header says \(Self.shape(dims)) = \(grouped(expected)) bytes of data,"
                + " file has \(grouped(actual))"
        case let .trailingBytes(file, dims, expected, actual):
            return "\(file): \(grouped(actual - expected)) unexpected bytes after the data:"
                + " header says \(Self.shape(dims)) = \(grouped(expected)) bytes of data, file has \(grouped(actual))"
        case let .corruptGzip(file, reason):
            return "\(file): corrupt gzip data: \(reason)"
        case let .fileTooLarge(file, size, limit):
            return "\(file): \(grouped(size)) bytes, more than the limit of \(grouped(limit)) bytes of data; refusing (not an IDX data set?)"
        case let .inflatedTooLarge(file, limit):
            return "\(file): inflates to more than \(grouped(limit)) bytes; refusing (not an IDX data set?)"
        }
    }

    public var errorDescription: String? { description }

    private static func shape(_ dims: [Int]) -> String { dims.map(String.init).joined(separator: "×") }
}

/// `47040000` → `"47,040,000"`, independent of the locale.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}
