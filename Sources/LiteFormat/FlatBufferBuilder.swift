/// One field of a table being written: an inline scalar or a reference to a child object.
public enum FlatField: Sendable, Equatable {
    /// Little-endian bytes of a scalar of 1, 2, 4 or 8 bytes (aligned to its own size).
    case scalar([UInt8])
    /// A child object (table, vector or string) stored as a uoffset.
    case object(FlatObject)

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> FlatField {
        .scalar(LittleEndian.bytes([value]))
    }
    /// `byte` field.
    public static func int8(_ v: Int8) -> FlatField { littleEndian(v) }
    /// `ubyte` field.
    public static func uint8(_ v: UInt8) -> FlatField { littleEndian(v) }
    /// `bool` field.
    public static func bool(_ v: Bool) -> FlatField { littleEndian(UInt8(v ? 1 : 0)) }
    /// `int` field.
    public static func int32(_ v: Int32) -> FlatField { littleEndian(v) }
    /// `uint` field.
    public static func uint32(_ v: UInt32) -> FlatField { littleEndian(v) }
    /// `ulong` field.
    public static func uint64(_ v: UInt64) -> FlatField { littleEndian(v) }
    /// `float` field.
    public static func float32(_ v: Float) -> FlatField { littleEndian(v.bitPattern) }
}

/// An object referenced from a table.
public indirect enum FlatObject: Sendable, Equatable {
    /// A table; element `k` is field id `k`, nil when absent.
    case table([FlatField?])
    /// A vector of scalars: raw little-endian element bytes, element size, data alignment.
    case scalars(bytes: [UInt8], elementSize: Int, alignment: Int)
    /// A NUL-terminated UTF-8 string.
    case string(String)
    /// A vector of tables.
    case tables([[FlatField?]])

    /// `[int]` vector.
    public static func int32s(_ values: [Int32]) -> FlatObject {
        .scalars(bytes: LittleEndian.bytes(values), elementSize: 4, alignment: 4)
    }
    /// `[long]` vector (data 8-aligned).
    public static func int64s(_ values: [Int64]) -> FlatObject {
        .scalars(bytes: LittleEndian.bytes(values), elementSize: 8, alignment: 8)
    }
    /// `[float]` vector.
    public static func float32s(_ values: [Float]) -> FlatObject {
        int32s(values.map { Int32(bitPattern: $0.bitPattern) })
    }
}

/// A FlatBuffers writer using the forward layout of the reference (§1.10): each table is
/// written as vtable, then table, then its children; every uoffset is patched once its target
/// is placed, so all references point forward as the format requires.
public struct FlatBufferBuilder: Sendable {
    private var out: [UInt8] = []

    /// Serializes a root table with an optional 4-byte file identifier.
    public static func serialize(root: [FlatField?], identifier: String?) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.out = [0, 0, 0, 0] + Array((identifier ?? "").utf8.prefix(4))
        let position = builder.writeTable(root)
        builder.patch(slot: 0, target: position)
        builder.pad(to: 16)
        return builder.out
    }

    private mutating func pad(to alignment: Int, extra: Int = 0) {
        while (out.count + extra) % alignment != 0 { out.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        out.append(contentsOf: LittleEndian.bytes([value]))
    }

    private mutating func patch(slot: Int, target: Int) {
        let value = UInt32(target - slot)
        for i in 0..<4 { out[slot + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    private static func size(of field: FlatField) -> Int {
        switch field {
        case .scalar(let bytes): return bytes.count
        case .object: return 4
        }
    }

    /// Writes vtable + table + children and returns the table's position.
    private mutating func writeTable(_ fields: [FlatField?]) -> Int {
        // Inline layout: biggest fields first so that 8-byte fields need at most one gap.
        let present = fields.indices.filter { fields[$0] != nil }
        let order = present.sorted { Self.size(of: fields[$0]!) > Self.size(of: fields[$1]!) }
        var offsets = [Int](repeating: 0, count: fields.count)
        var end = 4, maxAlignment = 4
        for id in order {
            let size = Self.size(of: fields[id]!)
            end = (end + size - 1) / size * size
            offsets[id] = end
            end += size
            maxAlignment = max(maxAlignment, size)
        }
        let vtableEntries = (present.last.map { $0 + 1 }) ?? 0
        pad(to: 2)
        let vtable = out.count
        append(UInt16(4 + 2 * vtableEntries))
        append(UInt16(end))
        for id in 0..<vtableEntries { append(UInt16(offsets[id])) }
        pad(to: maxAlignment)
        let table = out.count
        append(Int32(table - vtable))
        out.append(contentsOf: [UInt8](repeating: 0, count: end - 4))
        for id in present {
            if case .scalar(let bytes) = fields[id]! {
                out.replaceSubrange(table + offsets[id]..<table + offsets[id] + bytes.count, with: bytes)
            }
        }
        for id in present {
            if case .object(let child) = fields[id]! {
                patch(slot: table + offsets[id], target: write(child))
            }
        }
        return table
    }

    /// Writes a child object and returns the position its uoffset must point to.
    private mutating func write(_ object: FlatObject) -> Int {
        switch object {
        case .table(let fields):
            return writeTable(fields)
        case let .scalars(bytes, elementSize, alignment):
            pad(to: max(4, elementSize, alignment), extra: 4)
            let position = out.count
            append(UInt32(bytes.count / elementSize))
            out.append(contentsOf: bytes)
            return position
        case .string(let text):
            pad(to: 4)
            let position = out.count
            let utf8 = Array(text.utf8)
            append(UInt32(utf8.count))
            out.append(contentsOf: utf8)
            out.append(0)
            return position
        case .tables(let elements):
            pad(to: 4)
            let position = out.count
            append(UInt32(elements.count))
            out.append(contentsOf: [UInt8](repeating: 0, count: 4 * elements.count))
            for (i, fields) in elements.enumerated() {
                patch(slot: position + 4 + 4 * i, target: writeTable(fields))
            }
            return position
        }
    }
}
