import Foundation
import Testing
@testable import LiteFormat

@Test func everyOptionSurvivesWriteThenRead() throws {
    let model = TestModels.everyOption()
    let bytes = model.serialized()
    #expect(Array(bytes[4..<8]) == Array("TFL3".utf8))
    #expect(try LiteModel.read(bytes: bytes) == model)
}

@Test func cnnSurvivesWriteThenRead() throws {
    let model = TestModels.int8CNN()
    #expect(try LiteModel.read(bytes: model.serialized()) == model)
}

@Test func writesBothOperatorCodeFields() throws {
    let bytes = TestModels.everyOption().serialized()
    let reader = try FlatBufferReader(bytes: bytes, identifier: "TFL3")
    let codes = try #require(try reader.tables(try reader.root(), 1))
    #expect(try reader.int8(codes[0], 0) == 3 && reader.int32(codes[0], 3) == 3)   // CONV_2D
    #expect(try reader.int8(codes[16], 0) == 127 && reader.int32(codes[16], 3) == 150) // GELU: placeholder byte
}

@Test func readsEffectiveOperatorFromEitherCodeField() throws {
    // Old files only have the byte; newer ones may only have the int32 (then the byte reads 0).
    for fields: [FlatField?] in [[.int8(25)], [nil, nil, nil, .int32(25)], [.int8(127), nil, nil, .int32(150)]] {
        let bytes = FlatBufferBuilder.serialize(root: [.uint32(3), .object(.tables([fields])), nil, nil, .object(.tables([]))],
                                                identifier: "TFL3")
        let model = try LiteModel.read(bytes: bytes, validate: false)
        #expect(model.operatorCodes.first?.builtin == (fields.count == 1 ? .softmax : fields[0] == nil ? .softmax : BuiltinOperator(rawValue: 150)))
        #expect(model.operatorCodes.first?.version == 1) // schema default
    }
}

@Test func alignsBufferDataTo16AndTerminatesStrings() throws {
    let bytes = TestModels.int8CNN().serialized()
    let reader = try FlatBufferReader(bytes: bytes, identifier: "TFL3")
    for buffer in try #require(try reader.tables(try reader.root(), 4)) {
        if let data = try reader.vector(buffer, 0, elementSize: 1) { #expect(data.dataStart % 16 == 0) }
    }
    let description = try #require(try reader.string(try reader.root(), 3))
    #expect(description == "test CNN")
}

@Test func optionTablesReadAsDefaultsWhenAbsent() throws {
    // A SOFTMAX operator whose union type is set but whose table is missing: beta reads as 0 (schema default).
    let op: [FlatField?] = [.uint32(0), .object(.int32s([0])), .object(.int32s([0])), .uint8(9)]
    let graph: [FlatField?] = [.object(.tables([[.object(.int32s([1, 2]))]])), .object(.int32s([0])),
                               .object(.int32s([0])), .object(.tables([op]))]
    let bytes = FlatBufferBuilder.serialize(
        root: [.uint32(3), .object(.tables([[.int8(25)]])), .object(.tables([graph])), nil, .object(.tables([[]]))],
        identifier: "TFL3")
    let model = try LiteModel.read(bytes: bytes)
    #expect(model.subgraphs[0].operators[0].options == .softmax(SoftmaxOptions(beta: 0)))
    #expect(model.subgraphs[0].tensors[0].type == .float32)
}

@Test func typedBufferViewsRoundTrip() {
    #expect(Buffer(floats: [1.5, -2]).floats == [1.5, -2])
    #expect(Buffer(floats: [1]).data == [0, 0, 0x80, 0x3f])
    #expect(Buffer(int32s: [-2, 70000]).int32s == [-2, 70000])
    #expect(Buffer(int8s: [-128, 127]).data == [0x80, 0x7f])
    #expect(Buffer(float16Bits: [0x3C00]).data == [0x00, 0x3C])
}

@Test(arguments: ["f32", "f16", "dynamic", "int8_int8", "int8_uint8"])
func tensorFlowFixtureSurvivesReadWriteRead(name: String) throws {
    let url = fixtureURL.deletingLastPathComponent().appendingPathComponent("\(name).tflite")
    let model = try LiteModel.read(Data(contentsOf: url))
    #expect(try LiteModel.read(bytes: model.serialized()) == model)
    #expect(!model.subgraphs[0].operators.contains { if case .unsupported = $0.options { true } else { false } })
}
