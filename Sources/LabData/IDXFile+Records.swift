import Foundation

extension IDXFile {
    /// Reads only some records (slices along the first dimension) of a raw or gzip IDX file.
    ///
    /// `select` gets the file's record count from the header and returns the records wanted
    /// (clamped to the file); the result holds just those, its first dimension the range's
    /// length. The file gets the checks of `read(contentsOf:)` (magic, type, dimensions, exact
    /// length): a raw file's length is checked from its size and only the wanted bytes are
    /// read; a gzip file is inflated to its end, so its CRC and length are still checked, but
    /// only the wanted bytes are kept.
    public static func read(contentsOf url: URL, name: String? = nil, records select: (_ count: Int) throws -> Range<Int>,
                            byteLimit: Int = defaultByteLimit) throws -> IDXFile {
        let name = name ?? url.lastPathComponent
        try requireRegularFile(url, name: name)
        let handle = try unreadable(name) { try FileHandle(forReadingFrom: url) }
        defer { try? handle.close() }
        let size = try unreadable(name) { Int(try handle.seekToEnd()) }
        guard size <= byteLimit + IDXHeader.maximumSize else {
            throw IDXError.fileTooLarge(file: name, size: size, limit: byteLimit)
        }
        try unreadable(name) { try handle.seek(toOffset: 0) }
        let start = try unreadable(name) { [UInt8](try handle.read(upToCount: IDXHeader.maximumSize) ?? Data()) }
        if Gzip.isGzip(start) {
            try unreadable(name) { try handle.seek(toOffset: 0) }
            let compressed = try unreadable(name) { [UInt8](try handle.readToEnd() ?? Data()) }
            return try records(ofGzip: compressed, name: name, select: select, byteLimit: byteLimit)
        }
        let header = try IDXHeader.parse(start[...], name: name, byteLimit: byteLimit)
        try header.checkDataLength(size - header.size, name: name)
        let range = try select(header.dimensions[0]).clamped(to: 0..<header.dimensions[0])
        let wanted = range.count * header.recordSize
        try unreadable(name) { try handle.seek(toOffset: UInt64(header.size + range.lowerBound * header.recordSize)) }
        let bytes = try unreadable(name) { [UInt8](try handle.read(upToCount: wanted) ?? Data()) }
        guard bytes.count == wanted else {  // the file shrank after its size was checked
            throw IDXError.truncated(file: name, dimensions: header.dimensions, expected: header.dataSize,
                                     actual: range.lowerBound * header.recordSize + bytes.count)
        }
        return IDXFile(elementType: header.elementType, dimensions: [range.count] + header.dimensions.dropFirst(), bytes: bytes)
    }

    /// The gzip case of `read(contentsOf:records:byteLimit:)`: one pass over the inflated stream.
    private static func records(ofGzip input: [UInt8], name: String, select: (Int) throws -> Range<Int>,
                                byteLimit: Int) throws -> IDXFile {
        var prefix: [UInt8] = []
        var header: IDXHeader?
        var window = 0..<0  // the wanted bytes, as positions in the inflated stream
        var recordCount = 0
        var kept: [UInt8] = []
        var position = 0
        try Gzip.inflate(input, name: name, limit: byteLimit + IDXHeader.maximumSize) { chunk in
            var rest = chunk[...]
            while header == nil, !rest.isEmpty {
                let needed = prefix.count < 4 ? 4 : 4 + 4 * Int(prefix[3])
                let take = min(needed - prefix.count, rest.count)
                prefix += rest.prefix(take)
                rest = rest.dropFirst(take)
                if prefix.count == needed, needed > 4 || prefix[3] == 0 {
                    let parsed = try IDXHeader.parse(prefix[...], name: name, byteLimit: byteLimit)
                    let range = try select(parsed.dimensions[0]).clamped(to: 0..<parsed.dimensions[0])
                    let first = parsed.size + range.lowerBound * parsed.recordSize
                    window = first..<first + range.count * parsed.recordSize
                    recordCount = range.count
                    kept.reserveCapacity(window.count)
                    header = parsed
                }
            }
            let start = position + (chunk.count - rest.count)
            position += chunk.count
            let overlap = window.clamped(to: start..<position)
            if !overlap.isEmpty { kept += rest[rest.startIndex + (overlap.lowerBound - start)..<rest.startIndex + (overlap.upperBound - start)] }
        }
        // A stream that ends inside the header gets the same message as a raw file would.
        let found = try header ?? IDXHeader.parse(prefix[...], name: name, byteLimit: byteLimit)
        try found.checkDataLength(position - found.size, name: name)
        return IDXFile(elementType: found.elementType, dimensions: [recordCount] + found.dimensions.dropFirst(), bytes: kept)
    }

    /// Runs a file operation, reporting its failure as `IDXError.unreadable`.
    private static func unreadable<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw IDXError.unreadable(file: name, reason: FileStatus.reason(error))
        }
    }
}
