import Foundation

/// A numpy array as labrun stores it: float32 values (other numeric dtypes are converted on
/// reading) and its shape, C order.
public struct NpyArray: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]
    public init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }
}

/// Why an `.npz`/`.npy` file cannot be read.
public struct NpzError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `.npz` files: a zip of `.npy` files, one per array (`np.savez`). Writes stored (uncompressed)
/// entries; reads stored entries, including numpy's zip64 headers. `np.savez_compressed`
/// files (deflate) are refused with a hint.
public enum Npz {
    /// The archive's arrays in file order, names without `.npy`.
    public static func read(_ data: Data) throws(NpzError) -> [(name: String, array: NpyArray)] {
        let bytes = [UInt8](data)
        var result: [(name: String, array: NpyArray)] = []
        for entry in try ZipReader(bytes).entries() {
            guard entry.method == 0 else {
                throw NpzError("\(entry.name) is compressed (method \(entry.method)); save with np.savez, not np.savez_compressed")
            }
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            do throws(NpzError) {
                result.append((name, try Npy.read(bytes[entry.data])))
            } catch {
                throw NpzError("\(entry.name): \(error.message)")
            }
        }
        return result
    }

    /// A stored zip with one `.npy` (format 1.0, little-endian float32) per array.
    public static func write(_ arrays: [(name: String, array: NpyArray)]) -> Data {
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, array) in arrays {
            let file = Npy.write(array), fileName = Array((name + ".npy").utf8)
            let crc = CRC32.checksum(file), offset = out.count
            // Local file header: version 2.0, no flags, stored, no time stamp.
            out.le32(0x0403_4B50); out.le16(20); out.le16(0); out.le16(0); out.le16(0); out.le16(0x21)
            out.le32(crc); out.le32(UInt32(file.count)); out.le32(UInt32(file.count))
            out.le16(UInt16(fileName.count)); out.le16(0)
            out += fileName
            out += file
            central.le32(0x0201_4B50); central.le16(20); central.le16(20); central.le16(0); central.le16(0)
            central.le16(0); central.le16(0x21); central.le32(crc); central.le32(UInt32(file.count))
            central.le32(UInt32(file.count)); central.le16(UInt16(fileName.count)); central.le16(0); central.le16(0)
            central.le16(0); central.le16(0); central.le32(0o100644 << 16); central.le32(UInt32(offset))
            central += fileName
        }
        let centralOffset = out.count
        out += central
        out.le32(0x0605_4B50); out.le16(0); out.le16(0); out.le16(UInt16(arrays.count)); out.le16(UInt16(arrays.count))
        out.le32(UInt32(central.count)); out.le32(UInt32(centralOffset)); out.le16(0)
        return Data(out)
    }
}

/// The `.npy` format (version 1.0 to 3.0 read, 1.0 written).
public enum Npy {
    public static func read(_ bytes: ArraySlice<UInt8>) throws(NpzError) -> NpyArray {
        let b = Array(bytes)
        guard b.count >= 10, b[0] == 0x93, Array(b[1...5]) == Array("NUMPY".utf8) else {
            throw NpzError("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = b[6]
        let headerLength = major == 1 ? Int(b[8]) | Int(b[9]) << 8
            : Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
        let start = major == 1 ? 10 : 12
        guard b.count >= start + headerLength, let header = String(bytes: b[start..<(start + headerLength)], encoding: .utf8) else {
            throw NpzError("truncated .npy header")
        }
        guard let descr = field(header, "descr")?.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) else {
            throw NpzError("no 'descr' in the .npy header")
        }
        if field(header, "fortran_order")?.trimmingCharacters(in: .whitespaces) == "True" {
            throw NpzError("Fortran-ordered arrays are not supported; save np.ascontiguousarray(a)")
        }
        guard let shapeText = header.range(of: "(").flatMap({ open in header.range(of: ")", range: open.upperBound..<header.endIndex).map { open.upperBound..<$0.lowerBound } }) else {
            throw NpzError("no shape in the .npy header")
        }
        let shape = header[shapeText].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *), payload = Array(b[(start + headerLength)...])
        let size: Int
        switch descr {
        case "<f4", "<i4": size = 4
        case "<f8", "<i8": size = 8
        case "|u1", "|i1", "<u1": size = 1
        default: throw NpzError("unsupported dtype '\(descr)' (float32, float64, int32, int64, uint8, int8 are read)")
        }
        guard payload.count >= count * size else {
            throw NpzError("\(payload.count) data bytes for \(count) values of \(descr)")
        }
        let values: [Float] = payload.withUnsafeBytes { raw in
            (0..<count).map { i -> Float in
                switch descr {
                case "<f4": return Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                case "<i4": return Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                case "<f8": return Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                case "<i8": return Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                case "|i1": return Float(Int8(bitPattern: raw[i]))
                default: return Float(raw[i])
                }
            }
        }
        return NpyArray(shape: shape, values: values)
    }

    public static func write(_ array: NpyArray) -> [UInt8] {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // Pad with spaces so the data starts on a 64-byte boundary, ending the header with '\n'.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        out.le16(UInt16(header.utf8.count))
        out += Array(header.utf8)
        for v in array.values { out.le32(v.bitPattern) }
        return out
    }

    /// The text after `'key':` up to the next top-level comma in a numpy header dict.
    private static func field(_ header: String, _ key: String) -> String? {
        guard let r = header.range(of: "'\(key)':") else { return nil }
        let rest = header[r.upperBound...]
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }
}

extension [UInt8] {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(s)) & 0xFF)) } }
}
