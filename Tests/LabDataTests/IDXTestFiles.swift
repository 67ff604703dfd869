import CZlib
import Foundation
import LabData

/// Hand-made IDX bytes for tests.
enum IDXTestFiles {
    /// 2 images of 2×3 pixels: header 00 00 08 03, dims 2, 2, 3, then pixels 1…12.
    static let images: [UInt8] = [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(1...12)
    /// 2 labels: 7 and 3.
    static let labels: [UInt8] = [0, 0, 0x08, 1, 0, 0, 0, 2, 7, 3]

    /// Gzip-compresses with zlib (windowBits 31 = gzip wrapper).
    static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return 0 }
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    /// A fresh empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labdata-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Where the real data sets are, for tests that use them when they have been fetched.
enum DataTestSupport {
    /// The package's data directory (`Data/`, or `$LABRUN_DATA`).
    static let packageData = DataDirectory.resolve(currentDirectory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)
}
