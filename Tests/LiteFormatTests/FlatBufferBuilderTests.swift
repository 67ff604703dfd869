import Testing
@testable import LiteFormat

/// The builder writes every identical vector, string, table and vtable once and points all
/// references at it; the reader follows them back to the same values.
@Suite struct FlatBufferBuilderTests {
    @Test func identicalVectorsAndStringsAreWrittenOnce() throws {
        let root: [FlatField?] = [.object(.int32s([1, 2, 3])), .object(.int32s([1, 2, 3])), .object(.int32s([1, 2])),
                                  .object(.string("ab")), .object(.string("ab"))]
        let bytes = FlatBufferBuilder.serialize(root: root, identifier: "TEST")
        let reader = try FlatBufferReader(bytes: bytes, identifier: "TEST")
        let table = try reader.root()
        let first = try #require(try reader.vector(table, 0, elementSize: 4))
        let second = try #require(try reader.vector(table, 1, elementSize: 4))
        let other = try #require(try reader.vector(table, 2, elementSize: 4))
        #expect(first.position == second.position && reader.int32s(of: second) == [1, 2, 3])
        #expect(other.position != first.position && reader.int32s(of: other) == [1, 2])
        #expect(try reader.string(table, 3) == "ab" && reader.string(table, 4) == "ab")
        // Header 8 + vtable 14 + table 24 + [1,2,3] 16 + [1,2] 12 + "ab" 8 (length, 2 bytes, NUL, pad):
        // 82, padded to 84; a second copy of each object would add 24.
        #expect(bytes.count == 84)
    }

    @Test func identicalTablesAndVtablesAreShared() throws {
        let element = { (v: Int32) -> [FlatField?] in [.int32(v), .object(.int32s([v]))] }
        let root: [FlatField?] = [.object(.tables([element(7), element(7), element(8)]))]
        let bytes = FlatBufferBuilder.serialize(root: root, identifier: nil)
        let reader = try FlatBufferReader(bytes: bytes)
        let tables = try #require(try reader.tables(try reader.root(), 0))
        #expect(tables[0].position == tables[1].position)
        #expect(tables[2].position != tables[0].position && tables[2].vtable == tables[0].vtable)
        #expect(try tables.map { try reader.int32($0, 0) } == [7, 7, 8])
        #expect(try tables.map { try reader.vector($0, 1, elementSize: 4).map(reader.int32s) } == [[7], [7], [8]])
    }

    @Test func trailingAbsentFieldsDoNotPreventSharing() throws {
        let root: [FlatField?] = [.object(.table([.int8(1), nil, nil])), .object(.table([.int8(1)]))]
        let reader = try FlatBufferReader(bytes: FlatBufferBuilder.serialize(root: root, identifier: nil))
        let table = try reader.root()
        #expect(try reader.table(table, 0)?.position == reader.table(table, 1)?.position)
    }

    @Test func everyAlignmentHoldsFromTheStartOfTheFile() throws {
        // 8-byte scalars and 16-byte aligned data after odd-sized objects.
        let root: [FlatField?] = [.uint64(1), .object(.string("x")), .object(.int64s([5])),
                                  .object(.scalars(bytes: [1, 2, 3], elementSize: 1, alignment: 16)), .int8(2)]
        let bytes = FlatBufferBuilder.serialize(root: root, identifier: "TEST")
        let reader = try FlatBufferReader(bytes: bytes, identifier: "TEST")
        let table = try reader.root()
        #expect(try reader.fieldPosition(table, 0, size: 8).map { $0 % 8 } == 0)
        let longs = try #require(try reader.vector(table, 2, elementSize: 8))
        let data = try #require(try reader.vector(table, 3, elementSize: 1))
        #expect(longs.dataStart % 8 == 0 && reader.int64s(of: longs) == [5])
        #expect(data.dataStart % 16 == 0 && reader.bytes(of: data) == [1, 2, 3])
        #expect(try reader.uint64(table, 0) == 1 && reader.int8(table, 4) == 2 && reader.string(table, 1) == "x")
        #expect(bytes.count % 16 == 0)
    }

    @Test func defaultScalarsAreLeftOut() throws {
        // A float32 activation on buffer 0 and an operator with opcode 0 and default dilations.
        let tensor = Tensor(shape: [1], type: .float32, buffer: 0)
        let op = Operator(opcodeIndex: 0, inputs: [0], outputs: [0],
                          options: .conv2D(Conv2DOptions(padding: .same, strideW: 1, strideH: 1, activation: .none)))
        let model = LiteModel(operatorCodes: [OperatorCode(builtin: .conv2D)],
                              subgraphs: [SubGraph(tensors: [tensor], inputs: [0], outputs: [0], operators: [op])],
                              buffers: [Buffer()])
        let bytes = model.serialized()
        #expect(try LiteModel.read(bytes: bytes, validate: false) == model)
        let reader = try FlatBufferReader(bytes: bytes, identifier: "TFL3")
        let graph = try #require(try reader.tables(try reader.root(), 2)?.first)
        let t = try #require(try reader.tables(graph, 0)?.first)
        #expect(try reader.fieldPosition(t, 1, size: 1) == nil && reader.fieldPosition(t, 2, size: 4) == nil)
        let o = try #require(try reader.tables(graph, 3)?.first)
        #expect(try reader.fieldPosition(o, 0, size: 4) == nil)
        let options = try #require(try reader.table(o, 4))
        #expect(try (0..<6).map { try reader.fieldPosition(options, $0, size: $0 == 0 || $0 == 3 ? 1 : 4) != nil }
                == [false, true, true, false, false, false])  // only the strides
        let code = try #require(try reader.tables(try reader.root(), 1)?.first)
        #expect(try reader.fieldPosition(code, 2, size: 4) == nil)  // version 1
    }
}
