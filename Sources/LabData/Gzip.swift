import CZlib

/// Gzip inflation through zlib, with a cap on the output size so that a corrupt or hostile
/// file (a "decompression bomb") fails fast instead of exhausting memory.
public enum Gzip {
    /// True when the bytes start with the gzip magic `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates one gzip member. Throws `IDXError.corruptGzip` for bad data (including data after
    /// the member's end) and `IDXError.inflatedTooLarge` as soon as the output would pass `limit`.
    public static func inflate(_ input: [UInt8], name: String, limit: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        try inflate(input, name: name, limit: limit) { output.append(contentsOf: $0) }
        return output
    }

    /// Inflates one gzip member chunk by chunk, handing each piece of output to `consume` in
    /// order, so that a caller who needs only part of it never holds the whole. The stream is
    /// always inflated to its end: its CRC and length are checked as by `inflate(_:name:limit:)`.
    public static func inflate(_ input: [UInt8], name: String, limit: Int,
                               consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var stream = z_stream()
        // 15 + 16: a 32 KiB window, gzip header and trailer expected.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw IDXError.corruptGzip(file: name, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }

        var total = 0
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = UInt32(inBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                guard total + produced <= limit else {
                    throw IDXError.inflatedTooLarge(file: name, limit: limit)
                }
                total += produced
                try chunk.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
                switch status {
                case Z_STREAM_END:
                    guard stream.avail_in == 0 else {
                        throw IDXError.corruptGzip(file: name, reason: "\(stream.avail_in) bytes after the end of the gzip stream")
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw IDXError.corruptGzip(file: name, reason: "unexpected end of the compressed data")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw IDXError.corruptGzip(file: name, reason: message)
                }
            }
        }
    }
}
