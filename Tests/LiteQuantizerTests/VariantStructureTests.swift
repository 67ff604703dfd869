import Testing
import LiteFormat
@testable import LiteQuantizer

/// The files the quantizer writes from TensorFlow's float32 chapter model, checked against
/// the operators and weights TensorFlow's own converter produced for the same model.
@Suite struct VariantStructureTests {
    let chapterOps = ["CONV_2D", "MAX_POOL_2D", "CONV_2D", "MAX_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"]

    @Test func float32IsTheSameGraphWithoutExtras() throws {
        let source = try Fixtures.model("f32")
        let out = try Quantizer.convert(source, options: .init(variant: .float32)).model
        #expect(Fixtures.ops(out) == chapterOps)
        #expect(out.signatureDefs.isEmpty && out.metadata.isEmpty && out.description == nil)
        #expect(out.subgraphs[0].tensors.map(\.name) == [
            "input", "conv1.w", "conv1.b", "conv1", "pool1", "conv2.w", "conv2.b", "conv2", "pool2",
            "reshape1.shape", "reshape1", "fc1.w", "fc1.b", "fc1", "output",
        ])
        // Every constant is kept bit for bit.
        for name in ["conv1.w", "conv2.w", "fc1.w"] {
            let t = try #require(Fixtures.tensor(out, name))
            #expect(out.buffers[Int(t.buffer)].data.count == t.elementCount * 4)
        }
        #expect(out.serialized().count < 54_228)   // TensorFlow's float32 file
    }

    @Test func signatureOnlyWhenAsked() throws {
        let out = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .float32, keepSignature: true)).model
        #expect(out.signatureDefs.first?.signatureKey == "serving_default")
        #expect(out.signatureDefs.first?.inputs.first?.name == "input")
    }

    @Test func float16StoresHalfWeightsBehindDequantize() throws {
        let source = try Fixtures.model("f32")
        let out = try Quantizer.convert(source, options: .init(variant: .float16)).model
        #expect(Fixtures.ops(out) == Array(repeating: "DEQUANTIZE", count: 6) + chapterOps)
        #expect(Fixtures.versions(out).prefix(6).allSatisfy { $0 == 3 })
        let half = try #require(Fixtures.tensor(out, "conv1.w16"))
        #expect(half.type == .float16)
        // Same bits as TensorFlow's float16 file.
        let tf = try Fixtures.model("f16")
        let tfHalf = try #require(tf.subgraphs[0].tensors.first { $0.type == .float16 && $0.shape == [16, 3, 3, 1] })
        #expect(out.buffers[Int(half.buffer)].float16Bits == tf.buffers[Int(tfHalf.buffer)].float16Bits)
    }

    @Test func dynamicMatchesTensorFlowsWeights() throws {
        let out = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .dynamic)).model
        let tf = try Fixtures.model("dynamic")
        #expect(Fixtures.ops(out) == chapterOps)
        #expect(Fixtures.versions(out) == [1, 1, 5, 1, 1, 12, 1])
        #expect(Fixtures.tensor(out, "conv1.w")?.type == .float32)   // 144 weights < 1024
        for (name, shape) in [("conv2.w", [32, 3, 3, 16] as [Int32]), ("fc1.w", [10, 800])] {
            let ours = try #require(Fixtures.tensor(out, name))
            let theirs = try #require(tf.subgraphs[0].tensors.first { $0.type == .int8 && $0.shape == shape })
            #expect(ours.quantization?.scale == theirs.quantization?.scale)
            #expect(out.buffers[Int(ours.buffer)].data == tf.buffers[Int(theirs.buffer)].data)
        }
        #expect(out.serialized().count < 17_000)   // TensorFlow's dynamic-range file
    }

    @Test func int8WeightsMatchTensorFlows() throws {
        let source = try Fixtures.model("f32")
        let ranges = Dictionary(uniqueKeysWithValues: (0..<source.subgraphs[0].tensors.count).map { ($0, (min: Float(0), max: Float(1))) })
        let out = try Quantizer.convert(source, options: .init(variant: .int8, io: .uint8), ranges: ranges).model
        #expect(Fixtures.ops(out) == ["QUANTIZE"] + chapterOps + ["QUANTIZE"])
        #expect(Fixtures.versions(out) == [1, 3, 2, 3, 2, 1, 4, 2, 1])
        let tf = try Fixtures.model("int8_uint8")
        for (name, shape) in [("conv1.w", [16, 3, 3, 1] as [Int32]), ("conv2.w", [32, 3, 3, 16]), ("fc1.w", [10, 800])] {
            let ours = try #require(Fixtures.tensor(out, name))
            let theirs = try #require(tf.subgraphs[0].tensors.first { $0.type == .int8 && $0.shape == shape })
            #expect(ours.quantization == theirs.quantization)
            #expect(out.buffers[Int(ours.buffer)].data == tf.buffers[Int(theirs.buffer)].data)
        }
        let input = try #require(Fixtures.tensor(out, "input"))
        #expect(input.type == .uint8 && input.quantization?.zeroPoint == [0])   // −128 inside, +128 outside
        #expect(Fixtures.tensor(out, "softmax1")?.quantization?.scale == [0.00390625])
        #expect(Fixtures.tensor(out, "output")?.quantization?.zeroPoint == [0])
        // Pools and the reshape carry their input's parameters.
        #expect(Fixtures.tensor(out, "pool2")?.quantization == Fixtures.tensor(out, "conv2")?.quantization)
        #expect(Fixtures.tensor(out, "reshape1")?.quantization == Fixtures.tensor(out, "conv2")?.quantization)
    }

    @Test func int8IOVariants() throws {
        let source = try Fixtures.model("f32")
        let ranges = Dictionary(uniqueKeysWithValues: (0..<source.subgraphs[0].tensors.count).map { ($0, (min: Float(0), max: Float(1))) })
        let float = try Quantizer.convert(source, options: .init(variant: .int8, io: .float), ranges: ranges).model
        #expect(Fixtures.ops(float) == ["QUANTIZE"] + chapterOps + ["DEQUANTIZE"])
        #expect(Fixtures.tensor(float, "input")?.type == .float32)
        #expect(Fixtures.tensor(float, "output")?.type == .float32)
        let int8 = try Quantizer.convert(source, options: .init(variant: .int8, io: .int8), ranges: ranges).model
        #expect(Fixtures.ops(int8) == chapterOps)
        #expect(Fixtures.tensor(int8, "input")?.quantization?.zeroPoint == [-128])
    }

    @Test func perTensorWeightsHaveOneScale() throws {
        let source = try Fixtures.model("f32")
        let ranges = Dictionary(uniqueKeysWithValues: (0..<source.subgraphs[0].tensors.count).map { ($0, (min: Float(0), max: Float(1))) })
        let out = try Quantizer.convert(source, options: .init(variant: .int8, perChannel: false), ranges: ranges).model
        #expect(Fixtures.tensor(out, "conv2.w")?.quantization?.scale.count == 1)
        #expect(Fixtures.tensor(out, "conv2.b")?.quantization?.scale.count == 1)
    }
}
