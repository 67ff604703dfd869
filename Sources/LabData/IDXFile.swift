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

    /// Reads a raw or gzip-compressed IDX file.
    public static func read(contentsOf url: URL, byteLimit: Int = defaultByteLimit) throws -> IDXFile {
        let name = url.lastPathComponent
        // Refuse before reading: a data set's file is never larger than its data plus a header.
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int,
           size > byteLimit + 4 + 4 * 255 {
            throw IDXError.fileTooLarge(file: name, size: size, limit: byteLimit)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw IDXError.unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
        return try parse([UInt8](data), name: name, byteLimit: byteLimit)
    }

    /// Parses IDX bytes; `name` is used in error messages. Inflates them first if they are gzip.
    public static func parse(_ input: [UInt8], name: String, byteLimit: Int = defaultByteLimit) throws -> IDXFile {
        let raw = Gzip.isGzip(input) ? try Gzip.inflate(input, name: name, limit: byteLimit + 4 + 4 * 255) : input
        guard raw.count >= 4 else { throw IDXError.tooShort(file: name, size: raw.count) }
        guard raw[0] == 0, raw[1] == 0, raw[3] > 0 else {
            throw IDXError.badMagic(file: name, bytes: Array(raw[0..<4]))
        }
        guard let type = IDXElementType(rawValue: raw[2]) else {
            throw IDXError.unknownType(file: name, code: raw[2])
        }
        let rank = Int(raw[3])
        let headerSize = 4 + 4 * rank
        guard raw.count >= headerSize else {
            throw IDXError.truncatedHeader(file: name, dimensionCount: rank, size: raw.count)
        }
        let dims = (0..<rank).map { i -> Int in
            let o = 4 + 4 * i
            return Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3])
        }
        var expected = type.size
        for d in dims {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow, product <= byteLimit else {
                throw IDXError.tooLarge(file: name, dimensions: dims, limit: byteLimit)
            }
            expected = product
        }
        let actual = raw.count - headerSize
        if actual < expected {
            throw IDXError.truncated(file: name, dimensions: dims, expected: expected, actual: actual)
        }
        if actual > expected {
            throw IDXError.trailingBytes(file: name, dimensions: dims, expected: expected, actual: actual)
        }
        return IDXFile(elementType: type, dimensions: dims, bytes: Array(raw[headerSize...]))
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
