/// Bulk conversions between integer arrays and little-endian bytes (memcpy on little-endian hosts).
enum LittleEndian {
    /// The bytes of `values`, little-endian.
    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        let ordered = 1.littleEndian == 1 ? values : values.map(\.littleEndian)
        return ordered.withUnsafeBytes { Array($0) }
    }

    /// `count` values of `T` read from `bytes` starting at `start` (caller checked the bounds).
    static func values<T: FixedWidthInteger>(_ bytes: [UInt8], start: Int, count: Int, as: T.Type = T.self) -> [T] {
        var out = [T](repeating: 0, count: count)
        out.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(
                    rebasing: source[start..<start + count * MemoryLayout<T>.size]))
            }
        }
        return 1.littleEndian == 1 ? out : out.map { T(littleEndian: $0) }
    }
}
