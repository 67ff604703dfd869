import Foundation
import LiteFormat

/// Writes one array as a NumPy `.npy` file (format 1.0, little-endian, C order), keeping the
/// tensor's own element type, so Python reads it with `np.load`.
enum NpyWriter {
    /// The `descr` NumPy uses for a tensor type, or nil when there is none here.
    static func descr(_ type: TensorType) -> String? {
        switch type {
        case .int8: "|i1"
        case .uint8: "|u1"
        case .float32: "<f4"
        case .int32: "<i4"
        case .int16: "<i2"
        case .float16: "<f2"
        default: nil
        }
    }

    /// The file bytes: magic, version, header padded so the data starts at a multiple of 64.
    static func encode(raw: [UInt8], type: TensorType, shape: [Int]) throws -> [UInt8] {
        guard let descr = descr(type) else { throw NpyError("no NumPy type for \(type)") }
        let count = shape.reduce(1, *) * (type.elementSize ?? 1)
        guard count == raw.count else { throw NpyError("shape \(shape) needs \(count) bytes, got \(raw.count)") }
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(header.utf8) + raw
    }

    struct NpyError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
