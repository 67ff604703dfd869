/// The header of an IDX file: magic `00 00`, the element type, the number of dimensions, then
/// each dimension as a big-endian UInt32.
struct IDXHeader: Sendable, Equatable {
    var elementType: IDXElementType
    var dimensions: [Int]

    /// Bytes before the data.
    var size: Int { 4 + 4 * dimensions.count }
    /// Bytes of data the header announces (checked against `byteLimit` by `parse`).
    var dataSize: Int { dimensions.reduce(elementType.size, *) }
    /// Bytes of one record: one slice along the first dimension.
    var recordSize: Int { dimensions.dropFirst().reduce(elementType.size, *) }

    /// The largest header: 4 bytes then 255 dimensions.
    static let maximumSize = 4 + 4 * 255

    /// Parses the header at the start of `bytes` (the whole file, or at least its first
    /// `maximumSize` bytes when it has that many). Throws when the bytes end inside the header.
    static func parse(_ bytes: ArraySlice<UInt8>, name: String, byteLimit: Int) throws -> IDXHeader {
        let raw = Array(bytes)
        guard raw.count >= 4 else { throw IDXError.tooShort(file: name, size: raw.count) }
        guard raw[0] == 0, raw[1] == 0, raw[3] > 0 else {
            throw IDXError.badMagic(file: name, bytes: Array(raw[0..<4]))
        }
        guard let type = IDXElementType(rawValue: raw[2]) else {
            throw IDXError.unknownType(file: name, code: raw[2])
        }
        let rank = Int(raw[3])
        guard raw.count >= 4 + 4 * rank else {
            throw IDXError.truncatedHeader(file: name, dimensionCount: rank, size: raw.count)
        }
        let dims = (0..<rank).map { i -> Int in
            let o = 4 + 4 * i
            return Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3])
        }
        // One record's size first, then the record count: a first dimension of 0 makes the total 0
        // whatever the rest, and `recordSize` must still never overflow.
        var expected = type.size
        for d in dims.dropFirst() + dims.prefix(1) {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow, product <= byteLimit else {
                throw IDXError.tooLarge(file: name, dimensions: dims, limit: byteLimit)
            }
            expected = product
        }
        return IDXHeader(elementType: type, dimensions: dims)
    }

    /// Throws unless the file holds exactly `dataSize` bytes after the header.
    func checkDataLength(_ actual: Int, name: String) throws {
        if actual < dataSize {
            throw IDXError.truncated(file: name, dimensions: dimensions, expected: dataSize, actual: actual)
        }
        if actual > dataSize {
            throw IDXError.trailingBytes(file: name, dimensions: dimensions, expected: dataSize, actual: actual)
        }
    }
}
