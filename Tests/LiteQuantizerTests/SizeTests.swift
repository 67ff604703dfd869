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

    /// The payload alone bounds the ratio: 51,248 bytes of float32 constants against 12,992 bytes of
    /// int8 weights and int32 biases plus 1,392 bytes of per-channel scales and zero points
    /// (required by the format) is 3.56×, before any table. TensorFlow's own pair is 3.0×.
    @Test func int8IsAboutThreeTimesSmallerThanFloat32() throws {
        let float32 = try Self.size(.float32)
        let int8 = try Self.size(.int8, io: .uint8)
        let ratio = Double(float32) / Double(int8)
        #expect(ratio >= 3.0 && ratio < 3.56, "float32 \(float32) bytes / int8 \(int8) bytes = \(ratio)")
    }
}
