import Foundation

/// Minimal `.npy` (version 1.0, little-endian, C order) writing and reading for the interop tests.
enum Npy {
    /// Writes float32 values with the given shape.
    static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: url)
    }

    /// Reads an array of float32, int8 or uint8 and returns its values as Double with its shape.
    static func read(_ url: URL) throws -> (values: [Double], shape: [Int]) {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count > 10, bytes[0] == 0x93 else { throw NpyError.notNpy(url.path) }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + length)], as: UTF8.self)
        let start = 10 + length
        let shapeText = header.components(separatedBy: "'shape': (").last?.components(separatedBy: ")").first ?? ""
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let payload = Array(bytes[start...])
        if header.contains("'<f4'") {
            return ((0..<count).map { i in
                Double(Float(bitPattern: UInt32(payload[4 * i]) | UInt32(payload[4 * i + 1]) << 8
                    | UInt32(payload[4 * i + 2]) << 16 | UInt32(payload[4 * i + 3]) << 24))
            }, shape)
        } else if header.contains("'|i1'") {
            return (payload.prefix(count).map { Double(Int8(bitPattern: $0)) }, shape)
        } else if header.contains("'|u1'") {
            return (payload.prefix(count).map { Double($0) }, shape)
        }
        throw NpyError.unsupported(header)
    }

    enum NpyError: Error { case notNpy(String), unsupported(String) }
}
