/// One field of a table being written: an inline scalar or a reference to a child object.
public enum FlatField: Sendable, Hashable {
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
public indirect enum FlatObject: Sendable, Hashable {
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

/// A FlatBuffers writer that builds the file back to front, as the official builders do: every
/// child is placed before (i.e. at a higher address than) the tables that refer to it, so an
/// object already written can be referred to again. Identical vtables, tables, vectors and
/// strings are therefore written once and shared (the format allows any number of offsets to
/// one object; the verifier only checks bounds and alignment).
public struct FlatBufferBuilder: Sendable {
    /// The bytes written so far, last byte of the file first. An object's "end offset" is
    /// `reversed.count` right after it was written: its distance from the end of the file.
    private var reversed: [UInt8] = []
    /// The largest alignment requested; the file length is padded to a multiple of it so that
    /// alignments counted from the end also hold from the start.
    private var maxAlignment = 4
    private var writtenObjects: [FlatObject: Int] = [:]
    private var writtenTables: [[FlatField?]: Int] = [:]
    private var writtenVtables: [[UInt8]: Int] = [:]

    /// Serializes a root table with an optional 4-byte file identifier.
    public static func serialize(root: [FlatField?], identifier: String?) -> [UInt8] {
        var builder = FlatBufferBuilder()
        let root = builder.writeTable(root)
        let header = Array((identifier ?? "").utf8.prefix(4))
        builder.pad(to: builder.maxAlignment, before: 4 + header.count)
        builder.prepend(header)
        builder.prepend(LittleEndian.bytes([UInt32(builder.reversed.count + 4 - root)]))
        return builder.reversed.reversed()
    }

    /// Pads so that an object of `size` bytes written next starts `alignment`-aligned.
    private mutating func pad(to alignment: Int, before size: Int) {
        maxAlignment = max(maxAlignment, alignment)
        let remainder = (reversed.count + size) % alignment
        if remainder != 0 { reversed.append(contentsOf: repeatElement(0, count: alignment - remainder)) }
    }

    /// Places `bytes` in front of everything written so far.
    private mutating func prepend(_ bytes: [UInt8]) {
        reversed.append(contentsOf: bytes.reversed())
    }

    private static func size(of field: FlatField) -> Int {
        switch field {
        case .scalar(let bytes): return bytes.count
        case .object: return 4
        }
    }

    /// Writes (or finds) a table, its children first, then its vtable; returns its end offset.
    private mutating func writeTable(_ all: [FlatField?]) -> Int {
        // Trailing absent fields change nothing in the file; dropping them lets equal tables match.
        let fields = Array(all[..<(all.lastIndex { $0 != nil }.map { $0 + 1 } ?? 0)])
        if let known = writtenTables[fields] { return known }
        // Children in reverse field order, so that they follow the table in field order.
        var children = [Int](repeating: 0, count: fields.count)
        for id in fields.indices.reversed() {
            if case .object(let child)? = fields[id] { children[id] = write(child) }
        }
        // Inline layout: biggest fields first so that 8-byte fields need at most one gap.
        let present = fields.indices.filter { fields[$0] != nil }
        let order = present.sorted { Self.size(of: fields[$0]!) > Self.size(of: fields[$1]!) }
        var offsets = [Int](repeating: 0, count: fields.count)
        var end = 4, alignment = 4
        for id in order {
            let size = Self.size(of: fields[id]!)
            end = (end + size - 1) / size * size
            offsets[id] = end
            end += size
            alignment = max(alignment, size)
        }
        let vtableEntries = (present.last.map { $0 + 1 }) ?? 0
        var vtable = LittleEndian.bytes([UInt16(4 + 2 * vtableEntries), UInt16(end)])
        for id in 0..<vtableEntries { vtable += LittleEndian.bytes([UInt16(offsets[id])]) }

        pad(to: alignment, before: end)
        let tableEnd = reversed.count + end
        let vtableEnd = writtenVtables[vtable] ?? tableEnd + vtable.count
        var table = LittleEndian.bytes([Int32(vtableEnd - tableEnd)]) + [UInt8](repeating: 0, count: end - 4)
        for id in present {
            switch fields[id]! {
            case .scalar(let bytes):
                table.replaceSubrange(offsets[id]..<offsets[id] + bytes.count, with: bytes)
            case .object:
                let value = UInt32(tableEnd - offsets[id] - children[id])
                table.replaceSubrange(offsets[id]..<offsets[id] + 4, with: LittleEndian.bytes([value]))
            }
        }
        prepend(table)
        if writtenVtables[vtable] == nil {
            prepend(vtable)
            writtenVtables[vtable] = vtableEnd
        }
        writtenTables[fields] = tableEnd
        return tableEnd
    }

    /// Writes (or finds) a child object and returns the end offset its uoffsets must point to.
    private mutating func write(_ object: FlatObject) -> Int {
        if let known = writtenObjects[object] { return known }
        switch object {
        case .table(let fields):
            return writeTable(fields)
        case let .scalars(bytes, elementSize, alignment):
            pad(to: max(4, elementSize, alignment), before: bytes.count)
            prepend(bytes)
            prepend(LittleEndian.bytes([UInt32(bytes.count / elementSize)]))
        case .string(let text):
            let utf8 = Array(text.utf8)
            pad(to: 4, before: 4 + utf8.count + 1)
            prepend(LittleEndian.bytes([UInt32(utf8.count)]) + utf8 + [0])
        case .tables(let elements):
            let targets = elements.reversed().map { writeTable($0) }.reversed() as [Int]
            pad(to: 4, before: 4 + 4 * elements.count)
            for target in targets.reversed() {
                prepend(LittleEndian.bytes([UInt32(reversed.count + 4 - target)]))
            }
            prepend(LittleEndian.bytes([UInt32(elements.count)]))
        }
        writtenObjects[object] = reversed.count
        return reversed.count
    }
}
