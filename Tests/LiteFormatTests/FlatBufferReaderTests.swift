import Testing
@testable import LiteFormat

/// A 76-byte model written byte by byte (layout in the comments), independent of our builder.
/// It has a shared vtable with negative soffsets (two Buffer tables), a string and absent fields.
func handBuiltModel() -> [UInt8] {
    var b = [UInt8](repeating: 0, count: 76)
    func u16(_ at: Int, _ v: Int) { b[at] = UInt8(v & 0xff); b[at + 1] = UInt8(v >> 8 & 0xff) }
    func u32(_ at: Int, _ v: Int) { for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
    u32(0, 24)                                                // root table at 24
    b.replaceSubrange(4..<8, with: Array("TFL3".utf8))
    u16(8, 14); u16(10, 16)                                   // Model vtable: 14 bytes, table 16 bytes
    u16(12, 4); u16(14, 0); u16(16, 0); u16(18, 12); u16(20, 8) // version, -, -, description, buffers
    u32(24, 16)                                               // soffset: vtable at 24 - 16 = 8
    u32(28, 3)                                                // version
    u32(32, 40 - 32)                                          // buffers → 40
    u32(36, 64 - 36)                                          // description → 64
    u32(40, 2); u32(44, 52 - 44); u32(48, 56 - 48)            // [Buffer] with 2 tables
    u32(52, -8); u32(56, -4)                                  // both tables use the vtable at 60
    u16(60, 4); u16(62, 4)                                    // empty vtable: no fields
    u32(64, 5); b.replaceSubrange(68..<73, with: Array("hello".utf8)) // "hello" + NUL at 73
    return b
}

func readError(_ bytes: [UInt8], validate: Bool = false) -> String? {
    do { _ = try LiteModel.read(bytes: bytes, validate: validate); return nil }
    catch let error as LiteFormatError { return error.description }
    catch { return "unexpected error type: \(error)" }
}

@Test func decodesHandBuiltModelWithSharedNegativeVtable() throws {
    let model = try LiteModel.read(bytes: handBuiltModel(), validate: false)
    #expect(model.version == 3)
    #expect(model.description == "hello")
    #expect(model.buffers == [Buffer(), Buffer()])
    #expect(model.operatorCodes.isEmpty && model.subgraphs.isEmpty)
}

@Test func decodesConverterHeaderOfReference() throws {
    // The first 16 bytes of the converter's file: root 28, vtable at 8 of size 20, table size 32.
    var bytes: [UInt8] = [0x1c, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33, 0x14, 0, 0x20, 0, 0x1c, 0, 0x18, 0]
    bytes += [0x14, 0, 0x10, 0, 0x0c, 0, 0, 0, 0x08, 0, 0x04, 0] + [0x14, 0, 0, 0] // rest of vtable, soffset 20
    bytes += [UInt8](repeating: 0, count: 24) + [3, 0, 0, 0]                   // version at 28 + 28 = 56
    let reader = try FlatBufferReader(bytes: bytes, identifier: "TFL3")
    let root = try reader.root()
    #expect(root == FlatTable(position: 28, vtable: 8, vtableLength: 20, tableLength: 32, depth: 1))
    #expect(try reader.uint32(root, 0) == 3)
    #expect(try reader.fieldPosition(root, 5, size: 4) == nil) // metadata_buffer absent
}

@Test func rejectsWrongIdentifier() {
    var bytes = handBuiltModel()
    bytes.replaceSubrange(4..<8, with: Array("ABCD".utf8))
    #expect(readError(bytes) == "not a .tflite file: identifier is \"ABCD\", expected \"TFL3\"")
}

@Test func rejectsTinyFile() {
    #expect(readError([1, 2, 3]) == "not a .tflite file: 3 bytes, a FlatBuffer needs at least 12")
}

@Test func rejectsMisalignedRoot() {
    var bytes = handBuiltModel()
    bytes[0] = 25
    #expect(readError(bytes) == "misaligned: root table at byte 25 is not 4-byte aligned")
}

@Test func rejectsZeroOffset() {
    var bytes = handBuiltModel()
    bytes[32] = 0
    #expect(readError(bytes) == "malformed FlatBuffer: offset to vector at byte 32 is 0")
}

@Test func rejectsOffsetPastTheEnd() {
    var bytes = handBuiltModel()
    bytes[36] = 200
    #expect(readError(bytes) == "malformed FlatBuffer: offset to string at byte 36 points to byte 236, past the end of the 76-byte file")
}

@Test func rejectsVectorRunningPastTheEnd() {
    var bytes = handBuiltModel()
    bytes[40] = 0xe8; bytes[41] = 0x03 // 1000 elements
    #expect(readError(bytes) == "truncated: vector of 1000 elements at byte 40 needs 4004 bytes, file has 36 left")
}

@Test func rejectsStringWithoutTerminator() {
    var bytes = handBuiltModel()
    bytes[73] = 0x21
    #expect(readError(bytes) == "malformed FlatBuffer: string at byte 64 is not NUL-terminated")
}

@Test func rejectsVtableWithOddSize() {
    var bytes = handBuiltModel()
    bytes[60] = 5
    #expect(readError(bytes) == "malformed FlatBuffer: vtable at byte 60 has size 5; it must be even and at least 4")
}

@Test func rejectsFieldOutsideTable() {
    var bytes = handBuiltModel()
    bytes[10] = 8 // table size 8, but buffers (field 4) occupies bytes 8..<12 of the table
    #expect(readError(bytes) == "malformed FlatBuffer: field 4 of the table at byte 24 lies outside the table's 8 bytes")
}

@Test func rejectsEveryTruncation() {
    let bytes = handBuiltModel()
    for length in 0..<bytes.count - 2 { // the last bytes are the NUL and padding
        #expect(readError(Array(bytes.prefix(length))) != nil, "prefix of \(length) bytes")
    }
}

@Test func rejectsWrongSchemaVersion() {
    var bytes = handBuiltModel()
    bytes[28] = 2
    #expect(readError(bytes, validate: true) == "invalid model: schema version is 2, expected 3")
}

@Test func rejectsDeepNesting() throws {
    // A chain of 70 tables, each with field 0 pointing to the next: deeper than 64 levels.
    var fields: [FlatField?] = [.uint32(1)]
    for _ in 0..<70 { fields = [.object(.table(fields))] }
    let bytes = FlatBufferBuilder.serialize(root: fields, identifier: "TEST")
    let reader = try FlatBufferReader(bytes: bytes, identifier: "TEST")
    var table = try reader.root()
    let error = #expect(throws: LiteFormatError.self) {
        while let next = try reader.table(table, 0) { table = next }
    }
    #expect(error?.description.hasPrefix("refusing hostile file: tables nest deeper than 64 levels") == true)
}
