import CZlib

/// What a file's bytes compress to, as a `.zip` of the file stores them: raw deflate (no zlib
/// or gzip header) at zlib's default level. It measures what pruning buys: zeros compress.
public enum Deflate {
    /// The size in bytes of `bytes` deflated at the default level (a zip entry's compressed size).
    public static func compressedSize(_ bytes: [UInt8]) -> Int {
        var stream = z_stream()
        // -15: raw deflate with a 32 KiB window (zip's format); memory level 8 is zlib's default.
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            preconditionFailure("zlib could not start deflate")
        }
        defer { deflateEnd(&stream) }
        var total = 0
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            var status = Z_OK
            while status != Z_STREAM_END {
                status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return CZlib.deflate(&stream, Z_FINISH)
                }
                total += chunkSize - Int(stream.avail_out)
                precondition(status == Z_OK || status == Z_STREAM_END, "deflate failed with status \(status)")
            }
        }
        return total
    }
}
