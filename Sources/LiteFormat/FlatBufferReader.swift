/// A table inside a FlatBuffer whose header and vtable have already been bounds-checked.
public struct FlatTable: Sendable, Equatable {
    /// Byte offset of the table (its leading soffset).
    public let position: Int
    /// Byte offset of the table's vtable.
    public let vtable: Int
    /// Size of the vtable in bytes (including its two u16 header fields).
    public let vtableLength: Int
    /// Inline size of the table in bytes.
    public let tableLength: Int
    /// Nesting depth: the root table is 1.
    public let depth: Int
}

/// A vector inside a FlatBuffer whose elements are known to lie inside the file.
public struct FlatVector: Sendable, Equatable {
    /// Byte offset of the u32 element count.
    public let position: Int
    /// Number of elements.
    public let count: Int
    /// Size of one element in bytes (4 for vectors of tables and strings).
    public let elementSize: Int
    /// Byte offset of element 0.
    public var dataStart: Int { position + 4 }
}

/// A bounds-checked FlatBuffers reader (every offset and length is checked against the buffer before use, as FlatBuffers' verifier does).
///
/// Every access validates offsets, sizes and alignment with `Int` arithmetic and throws a
/// `LiteFormatError` naming the byte offset instead of trapping. Offsets always point forward,
/// so following them cannot loop; nesting depth, the number of tables and the number of
/// decoded vector elements are bounded so that shared sub-objects cannot blow up memory.
public final class FlatBufferReader {
    /// The whole file.
    public let bytes: [UInt8]
    /// Deepest table nesting accepted (the FlatBuffers verifier's default).
    public static let maxDepth = 64
    /// Most tables visited while decoding one file (the FlatBuffers verifier's default).
    public static let maxTables = 1_000_000
    private var tablesVisited = 0
    private var elementBudget: Int

    /// Checks the header: at least 12 bytes and, when given, the 4-byte file identifier at bytes 4..<8.
    public init(bytes: [UInt8], identifier: String? = nil) throws {
        self.bytes = bytes
        self.elementBudget = 8 * bytes.count + 1_000_000
        guard bytes.count >= 12 else {
            throw LiteFormatError.notTFLite("\(bytes.count) bytes, a FlatBuffer needs at least 12")
        }
        guard bytes.count < Int(Int32.max) else {
            throw LiteFormatError.limitExceeded("\(bytes.count) bytes, FlatBuffers are limited to 2 GiB")
        }
        if let identifier {
            let found = bytes[4..<8]
            if Array(identifier.utf8) != Array(found) {
                throw LiteFormatError.notTFLite(
                    "identifier is \(Self.printable(found)), expected \"\(identifier)\"")
            }
        }
    }

    /// The root table, referenced by the u32 at byte 0.
    public func root() throws -> FlatTable {
        try table(at: try reference(at: 0, what: "root table"), depth: 1)
    }

    // MARK: Scalars

    /// Little-endian unsigned integer of 1, 2, 4 or 8 bytes at `at` (caller has checked the bounds).
    private func load(_ at: Int, _ size: Int) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            switch size {
            case 1: return UInt64(raw[at])
            case 2: return UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            case 4: return UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            default: return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            }
        }
    }

    private func require(_ at: Int, _ size: Int, _ what: String) throws {
        guard at >= 0, at <= bytes.count, size <= bytes.count - at else {
            throw LiteFormatError.truncated(what: what, at: at, needs: size, available: max(0, bytes.count - max(at, 0)))
        }
    }

    /// Absolute position of scalar/reference field `id` of `table`, or nil when absent.
    public func fieldPosition(_ table: FlatTable, _ id: Int, size: Int) throws -> Int? {
        let entry = 4 + 2 * id
        guard entry + 2 <= table.vtableLength else { return nil }
        let offset = Int(load(table.vtable + entry, 2))
        guard offset != 0 else { return nil }
        guard offset + size <= table.tableLength else {
            throw LiteFormatError.malformed(
                "field \(id) of the table at byte \(table.position) lies outside the table's \(table.tableLength) bytes")
        }
        let position = table.position + offset
        guard position % size == 0 else {
            throw LiteFormatError.misaligned(what: "field \(id) of the table at byte \(table.position)",
                                             at: position, alignment: size)
        }
        return position
    }

    private func scalar(_ table: FlatTable, _ id: Int, size: Int) throws -> UInt64? {
        guard let at = try fieldPosition(table, id, size: size) else { return nil }
        return load(at, size)
    }

    /// A `ubyte` field.
    public func uint8(_ table: FlatTable, _ id: Int, default value: UInt8 = 0) throws -> UInt8 {
        try scalar(table, id, size: 1).map { UInt8(truncatingIfNeeded: $0) } ?? value
    }
    /// A `byte` field.
    public func int8(_ table: FlatTable, _ id: Int, default value: Int8 = 0) throws -> Int8 {
        try scalar(table, id, size: 1).map { Int8(truncatingIfNeeded: $0) } ?? value
    }
    /// A `bool` field (any non-zero byte is true).
    public func bool(_ table: FlatTable, _ id: Int, default value: Bool = false) throws -> Bool {
        try scalar(table, id, size: 1).map { $0 != 0 } ?? value
    }
    /// An `int` field.
    public func int32(_ table: FlatTable, _ id: Int, default value: Int32 = 0) throws -> Int32 {
        try scalar(table, id, size: 4).map { Int32(truncatingIfNeeded: $0) } ?? value
    }
    /// A `uint` field.
    public func uint32(_ table: FlatTable, _ id: Int, default value: UInt32 = 0) throws -> UInt32 {
        try scalar(table, id, size: 4).map { UInt32(truncatingIfNeeded: $0) } ?? value
    }
    /// A `ulong` field.
    public func uint64(_ table: FlatTable, _ id: Int, default value: UInt64 = 0) throws -> UInt64 {
        try scalar(table, id, size: 8) ?? value
    }
    /// A `float` field.
    public func float32(_ table: FlatTable, _ id: Int, default value: Float = 0) throws -> Float {
        try scalar(table, id, size: 4).map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) } ?? value
    }

    // MARK: References

    /// Follows the uoffset stored at `slot` and returns the (4-aligned, in-bounds) target.
    private func reference(at slot: Int, what: String) throws -> Int {
        try require(slot, 4, "offset to \(what)")
        let value = Int(load(slot, 4))
        guard value != 0 else {
            throw LiteFormatError.malformed("offset to \(what) at byte \(slot) is 0")
        }
        guard value < 1 << 31, value < bytes.count - slot else {
            throw LiteFormatError.malformed(
                "offset to \(what) at byte \(slot) points to byte \(slot + value), past the end of the \(bytes.count)-byte file")
        }
        let target = slot + value
        guard target % 4 == 0 else { throw LiteFormatError.misaligned(what: what, at: target, alignment: 4) }
        return target
    }

    /// Checks the table at `position` and its vtable.
    private func table(at position: Int, depth: Int) throws -> FlatTable {
        guard depth <= Self.maxDepth else {
            throw LiteFormatError.limitExceeded("tables nest deeper than \(Self.maxDepth) levels at byte \(position)")
        }
        tablesVisited += 1
        guard tablesVisited <= Self.maxTables else {
            throw LiteFormatError.limitExceeded("more than \(Self.maxTables) tables")
        }
        guard position % 4 == 0 else { throw LiteFormatError.misaligned(what: "table", at: position, alignment: 4) }
        try require(position, 4, "table")
        let soffset = Int(Int32(truncatingIfNeeded: load(position, 4)))
        let vtable = position - soffset
        guard vtable >= 0, vtable <= bytes.count - 4 else {
            throw LiteFormatError.malformed("vtable of the table at byte \(position) would be at byte \(vtable), outside the file")
        }
        guard vtable % 2 == 0 else {
            throw LiteFormatError.misaligned(what: "vtable of the table at byte \(position)", at: vtable, alignment: 2)
        }
        let vtableLength = Int(load(vtable, 2)), tableLength = Int(load(vtable + 2, 2))
        guard vtableLength >= 4, vtableLength % 2 == 0 else {
            throw LiteFormatError.malformed("vtable at byte \(vtable) has size \(vtableLength); it must be even and at least 4")
        }
        try require(vtable, vtableLength, "vtable")
        guard tableLength >= 4 else {
            throw LiteFormatError.malformed("table at byte \(position) declares \(tableLength) bytes, less than its 4-byte header")
        }
        try require(position, tableLength, "table")
        return FlatTable(position: position, vtable: vtable, vtableLength: vtableLength,
                         tableLength: tableLength, depth: depth)
    }

    /// Sub-table field `id`, or nil when absent.
    public func table(_ table: FlatTable, _ id: Int) throws -> FlatTable? {
        guard let slot = try fieldPosition(table, id, size: 4) else { return nil }
        return try self.table(at: try reference(at: slot, what: "table"), depth: table.depth + 1)
    }

    private func vector(at position: Int, elementSize: Int, what: String) throws -> FlatVector {
        try require(position, 4, what)
        let count = Int(load(position, 4))
        try require(position, 4 + count * elementSize, "\(what) of \(count) elements")
        elementBudget -= count
        guard elementBudget >= 0 else {
            throw LiteFormatError.limitExceeded("vectors decode to far more elements than the file holds bytes (at byte \(position))")
        }
        return FlatVector(position: position, count: count, elementSize: elementSize)
    }

    /// Vector field `id` with elements of `elementSize` bytes, or nil when absent.
    public func vector(_ table: FlatTable, _ id: Int, elementSize: Int) throws -> FlatVector? {
        guard let slot = try fieldPosition(table, id, size: 4) else { return nil }
        return try vector(at: try reference(at: slot, what: "vector"), elementSize: elementSize, what: "vector")
    }

    /// String field `id` (UTF-8, must be NUL-terminated), or nil when absent.
    public func string(_ table: FlatTable, _ id: Int) throws -> String? {
        guard let slot = try fieldPosition(table, id, size: 4) else { return nil }
        let v = try vector(at: try reference(at: slot, what: "string"), elementSize: 1, what: "string")
        try require(v.dataStart, v.count + 1, "string with its terminator")
        guard bytes[v.dataStart + v.count] == 0 else {
            throw LiteFormatError.malformed("string at byte \(v.position) is not NUL-terminated")
        }
        return String(decoding: bytes[v.dataStart..<v.dataStart + v.count], as: UTF8.self)
    }

    /// Vector-of-tables field `id`, or nil when absent.
    public func tables(_ table: FlatTable, _ id: Int) throws -> [FlatTable]? {
        guard let v = try vector(table, id, elementSize: 4) else { return nil }
        return try (0..<v.count).map { i in
            let slot = v.dataStart + 4 * i
            return try self.table(at: try reference(at: slot, what: "table"), depth: table.depth + 1)
        }
    }

    // MARK: Vector contents

    /// Raw bytes of a vector.
    public func bytes(of v: FlatVector) -> [UInt8] {
        Array(bytes[v.dataStart..<v.dataStart + v.count * v.elementSize])
    }
    /// Elements of an `[int]` vector.
    public func int32s(of v: FlatVector) -> [Int32] {
        LittleEndian.values(bytes, start: v.dataStart, count: v.count)
    }
    /// Elements of a `[long]` vector.
    public func int64s(of v: FlatVector) -> [Int64] {
        LittleEndian.values(bytes, start: v.dataStart, count: v.count)
    }
    /// Elements of a `[float]` vector.
    public func float32s(of v: FlatVector) -> [Float] {
        LittleEndian.values(bytes, start: v.dataStart, count: v.count, as: UInt32.self).map(Float.init(bitPattern:))
    }

    /// Quotes 4 identifier bytes for an error message, escaping non-printable ones.
    private static func printable(_ raw: ArraySlice<UInt8>) -> String {
        "\"" + raw.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "\\x" + ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\""
    }
}
