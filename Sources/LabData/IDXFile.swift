import Foundation

/// The element type named by the third byte of an IDX header.
public enum IDXElementType: UInt8, Sendable, CaseIterable {
    case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .uint8, .int8: 1
        case .int16: 2
        case .int32, .float32: 4
        case .float64: 8
        }
    }
}

/// One IDX file (the format of the MNIST distribution): a header with the element type and
/// the dimensions (big-endian UInt32 each), then the elements, row-major, big-endian.
///
/// The reader checks the magic, the type, the dimensions and the exact length; anything else is
/// an `IDXError`, never a crash. Gzip-compressed files (magic `1f 8b`) are inflated first.
public struct IDXFile: Sendable, Equatable {
    public var elementType: IDXElementType
    public var dimensions: [Int]
    /// The elements' raw bytes (big-endian for multi-byte types), `dimensions.product × size` long.
    public var bytes: [UInt8]

    /// Bytes we are willing to allocate for one file's data (or inflate it to): 256 MiB.
    public static let defaultByteLimit = 256 << 20

    public init(elementType: IDXElementType, dimensions: [Int], bytes: [UInt8]) {
        self.elementType = elementType
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// Number of elements (the product of the dimensions).
    public var count: Int { dimensions.reduce(1, *) }

    /// Reads a raw or gzip-compressed IDX file; `name` (default: the file's name) starts every error message.
    public static func read(contentsOf url: URL, name: String? = nil, byteLimit: Int = defaultByteLimit) throws -> IDXFile {
        let name = name ?? url.lastPathComponent
        try requireRegularFile(url, name: name)
        // Refuse before reading: a data set's file is never larger than its data plus a header.
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int,
           size > byteLimit + IDXHeader.maximumSize {
            throw IDXError.fileTooLarge(file: name, size: size, limit: byteLimit)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw IDXError.unreadable(file: name, reason: FileStatus.reason(error))
        }
        return try parse([UInt8](data), name: name, byteLimit: byteLimit)
    }

    /// Opening a FIFO would block and a directory gives no useful error: check the type first.
    static func requireRegularFile(_ url: URL, name: String) throws {
        guard let status = FileStatus.of(url.path) else {
            throw IDXError.unreadable(file: name, reason: "No such file or directory")
        }
        guard status.isRegularFile else { throw IDXError.unreadable(file: name, reason: "it is a \(status.type), not a file") }
    }

    /// Parses IDX bytes; `name` is used in error messages. Inflates them first if they are gzip.
    public static func parse(_ input: [UInt8], name: String, byteLimit: Int = defaultByteLimit) throws -> IDXFile {
        let raw = Gzip.isGzip(input) ? try Gzip.inflate(input, name: name, limit: byteLimit + IDXHeader.maximumSize) : input
        let header = try IDXHeader.parse(raw.prefix(IDXHeader.maximumSize), name: name, byteLimit: byteLimit)
        try header.checkDataLength(raw.count - header.size, name: name)
        return IDXFile(elementType: header.elementType, dimensions: header.dimensions, bytes: Array(raw[header.size...]))
    }

    /// The file's bytes: header then data (uncompressed).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [0, 0, elementType.rawValue, UInt8(dimensions.count)]
        for d in dimensions {
            out += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16),
                    UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        return out + bytes
    }
}
