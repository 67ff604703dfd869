/// Reads the entry table of a zip archive from its central directory (zip64 sizes and
/// offsets included), enough for `.npz` files.
struct ZipReader {
    struct Entry {
        var name: String
        var method: UInt16
        /// The entry's (possibly compressed) bytes within the archive.
        var data: Range<Int>
    }

    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func entries() throws(NpzError) -> [Entry] {
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw NpzError("not a zip archive (too short)") }
        var eocd = bytes.count - 22
        while eocd >= max(0, bytes.count - 65_557) && u32(eocd) != 0x0605_4B50 { eocd -= 1 }
        guard eocd >= 0, u32(eocd) == 0x0605_4B50 else { throw NpzError("not a zip archive (no end of central directory)") }
        var count = Int(u16(eocd + 10)), offset = Int(u32(eocd + 16))
        if (count == 0xFFFF || offset == 0xFFFF_FFFF), eocd >= 20, u32(eocd - 20) == 0x0706_4B50 {
            let record = Int(u64(eocd - 20 + 8))
            guard record + 56 <= bytes.count, u32(record) == 0x0606_4B50 else { throw NpzError("bad zip64 end record") }
            count = Int(u64(record + 32)); offset = Int(u64(record + 48))
        }
        var result: [Entry] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= bytes.count, u32(p) == 0x0201_4B50 else { throw NpzError("corrupt zip central directory") }
            let method = u16(p + 10)
            var size = Int(u32(p + 20)), local = Int(u32(p + 42))
            let nameLength = Int(u16(p + 28)), extraLength = Int(u16(p + 30)), commentLength = Int(u16(p + 32))
            guard p + 46 + nameLength + extraLength <= bytes.count else { throw NpzError("corrupt zip central directory") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            // zip64 extra field (id 1): the 8-byte values that are 0xFFFFFFFF in the record, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(e), length = Int(u16(e + 2))
                if id == 1 {
                    var q = e + 4
                    if u32(p + 24) == 0xFFFF_FFFF { q += 8 }  // uncompressed size (not needed)
                    if u32(p + 20) == 0xFFFF_FFFF { size = Int(u64(q)); q += 8 }
                    if u32(p + 42) == 0xFFFF_FFFF { local = Int(u64(q)) }
                }
                e += 4 + length
            }
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else { throw NpzError("corrupt zip entry \(name)") }
            let start = local + 30 + Int(u16(local + 26)) + Int(u16(local + 28))
            guard start + size <= bytes.count else { throw NpzError("zip entry \(name) runs past the end of the file") }
            result.append(Entry(name: name, method: method, data: start..<(start + size)))
            p += 46 + nameLength + extraLength + commentLength
        }
        return result
    }

    private func u16(_ i: Int) -> UInt16 { i + 2 <= bytes.count && i >= 0 ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : 0 }
    private func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    private func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}

/// CRC-32 (IEEE 802.3, as zip uses).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
