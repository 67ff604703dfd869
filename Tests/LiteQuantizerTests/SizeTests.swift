import Foundation
import Testing
import LiteFormat
@testable import LiteQuantizer

/// No needless bytes: our files of the chapter model against TensorFlow's.
@Suite struct SizeTests {
    static func size(_ variant: ModelVariant, io: IOType = .uint8) throws -> Int {
        let source = try Fixtures.model("f32")
        // Sizes do not depend on the ranges' values.
        let ranges = Dictionary(uniqueKeysWithValues: (0..<source.subgraphs[0].tensors.count).map { ($0, (min: Float(-1), max: Float(1))) })
        return try Quantizer.convert(source, options: .init(variant: variant, io: io), ranges: ranges).model.serialized().count
    }

    @Test func everyVariantIsSmallerThanTensorFlows() throws {
        let tensorFlow: [(ModelVariant, IOType, String)] = [
            (.float32, .float, "f32"), (.float16, .float, "f16"), (.dynamic, .float, "dynamic"),
            (.int8, .uint8, "int8_uint8"), (.int8, .int8, "int8_int8"),
        ]
        for (variant, io, name) in tensorFlow {
            let ours = try Self.size(variant, io: io)
            let theirs = try Data(contentsOf: Fixtures.url("\(name).tflite")).count
            #expect(ours < theirs, "\(name): ours \(ours) bytes, TensorFlow's \(theirs)")
        }
    }

    /// What the format requires besides the constants bounds the ratio: LiteRT needs a
    /// zero-point vector as long as each per-channel scale vector (464 bytes of int64 zeros plus
    /// three counts, shared by a layer's weights and bias), and XNNPACK delegates a quantized
    /// CONV_2D/FULLY_CONNECTED only when its bias carries its scales (two vectors of 58 floats
    /// with their counts, 488 bytes). 51,248 bytes of float32 constants against 12,992 + 476 +
    /// 488 = 13,956 is 3.67× before any table; the tables both files need (~1,600 bytes of graph,
    /// tensors, shapes and names) cost the int8 file 3.5 times more in the ratio, so it ends near
    /// 3.3×. TensorFlow's own pair is 2.9×.
    @Test func int8IsMoreThanThreePointTwoTimesSmallerThanFloat32() throws {
        let float32 = try Self.size(.float32)
        let int8 = try Self.size(.int8, io: .uint8)
        let ratio = Double(float32) / Double(int8)
        #expect(ratio > 3.25 && ratio < 3.67, "float32 \(float32) bytes / int8 \(int8) bytes = \(ratio)")
    }

    /// Identical quantization tables (an activation and the pooled copy of it), zero-point
    /// vectors (a layer's weights and bias) and shapes are written once.
    @Test func identicalObjectsAreWrittenOnce() throws {
        let source = try Fixtures.model("f32")
        let ranges = Dictionary(uniqueKeysWithValues: (0..<source.subgraphs[0].tensors.count).map { ($0, (min: Float(-1), max: Float(1))) })
        let model = try Quantizer.convert(source, options: .init(variant: .int8, io: .uint8), ranges: ranges).model
        let reader = try FlatBufferReader(bytes: model.serialized(), identifier: "TFL3")
        let graph = try #require(try reader.tables(try reader.root(), 2)?.first)
        let tables = try #require(try reader.tables(graph, 0))
        let tensors = model.subgraphs[0].tensors
        let index = { (name: String) in tensors.firstIndex { $0.name == name } ?? -1 }
        let quantization = { (name: String) in try reader.table(tables[index(name)], 4)?.position }
        #expect(try quantization("conv1") != nil && quantization("conv1") == quantization("pool1"))
        #expect(try quantization("conv1.w") != quantization("conv1.b"))
        let zeroPoints = { (name: String) in try reader.table(tables[index(name)], 4).flatMap { try reader.vector($0, 3, elementSize: 8) }?.position }
        #expect(try zeroPoints("conv1.w") != nil && zeroPoints("conv1.w") == zeroPoints("conv1.b"))
        let shape = { (name: String) in try reader.vector(tables[index(name)], 0, elementSize: 4)?.position }
        #expect(try shape("input") == shape("quant1") && shape("fc1") == shape("output"))
    }
}
