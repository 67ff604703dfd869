import Foundation
import Testing
import LabEngine
import LiteFormat
import LiteRuntime

/// The float .tflite export of engine models, run in our Interpreter.
@Suite struct LiteExportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func images(_ count: Int) throws -> [[Float]] {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("mnist_test_200_images.npy")))
        let start = 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
        return (0..<count).map { i in bytes[(start + i * 784)..<(start + (i + 1) * 784)].map { Float($0) / 255 } }
    }

    /// TensorFlow's trained weights in our engine, exported: the same outputs as TensorFlow's
    /// own float32 file (LiteRT reference outputs stored with the fixtures).
    @Test func chapterModelWithTensorFlowsWeightsMatchesTensorFlowsFile() throws {
        var network = try Sequential(input: Shape(height: 28, width: 28, channels: 1), specs: LayerSpec.chapterModel)
        try network.loadWeights(from: Self.fixtures.appendingPathComponent("chapter_weights.npz"))
        let model = try LiteExport.export(network)
        let names = model.subgraphs[0].operators.map { model.operatorCodes[Int($0.opcodeIndex)].builtin.name }
        #expect(names == ["CONV_2D", "MAX_POOL_2D", "CONV_2D", "MAX_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"])
        let expected = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("expected_f32.npy")))
        let start = 10 + (Int(expected[8]) | Int(expected[9]) << 8)
        let interpreter = try Interpreter(model: LiteModel.read(bytes: model.serialized()))
        var worst: Float = 0
        for (i, image) in try Self.images(50).enumerated() {
            try interpreter.setInput(image)
            interpreter.invoke()
            for (j, y) in try interpreter.output(as: Float.self).enumerated() {
                let at = start + 4 * (i * 10 + j)
                let e = Float(bitPattern: UInt32(expected[at]) | UInt32(expected[at + 1]) << 8 | UInt32(expected[at + 2]) << 16 | UInt32(expected[at + 3]) << 24)
                worst = max(worst, abs(y - e))
            }
        }
        #expect(worst <= 1e-5)
    }

    /// conv (linear) → batchnorm → relu exports as one CONV_2D with folded weights and a fused
    /// ReLU, and computes what the engine computes in inference mode.
    @Test func batchNormIsFoldedAndReluFused() throws {
        var network = try Sequential(input: Shape(height: 8, width: 8, channels: 2), specs: [
            .conv2d(filters: 3, kernel: 3), .batchNormalization, .relu, .flatten, .dense(units: 4, activation: .softmax),
        ])
        network.initialize(seed: 7)
        // Non-trivial statistics: γ, β, μ, σ² of the batchnorm layer.
        let bn = network.offsets[1]
        for c in 0..<3 {
            network.parameters[bn + c] = 1.5 - 0.25 * Float(c)
            network.parameters[bn + 3 + c] = 0.1 * Float(c)
            network.parameters[bn + 6 + c] = 0.2 - 0.1 * Float(c)
            network.parameters[bn + 9 + c] = 0.5 + Float(c)
        }
        let model = try LiteExport.export(network)
        let ops = model.subgraphs[0].operators
        #expect(ops.map { model.operatorCodes[Int($0.opcodeIndex)].builtin.name } == ["CONV_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"])
        guard case .conv2D(let options) = ops[0].options else { Issue.record("no conv options"); return }
        #expect(options.activation == .relu)
        let input = (0..<128).map { Float(($0 * 37) % 19) / 19 - 0.4 }
        let engine = try network.predict(input, count: 1)
        let interpreter = try Interpreter(model: model)
        try interpreter.setInput(input)
        interpreter.invoke()
        let exported = try interpreter.output(as: Float.self)
        for (a, b) in zip(engine, exported) { #expect(abs(a - b) <= 1e-5) }
    }

    @Test func batchNormAfterAnActivationIsRefused() throws {
        let network = try Sequential(input: Shape(height: 4, width: 4, channels: 1), specs: [
            .conv2d(filters: 2, kernel: 3, activation: .relu), .batchNormalization, .flatten, .dense(units: 2),
        ])
        #expect(throws: LiteExport.ExportError.self) { try LiteExport.export(network) }
    }
}

extension LiteExportTests {
    /// QAT: each FakeQuant range ends up as min/max on the tensor it follows.
    @Test func fakeQuantRangesBecomeTensorMinMax() throws {
        let base = try Sequential(input: Shape(height: 8, width: 8, channels: 1), specs: [
            .conv2d(filters: 2, kernel: 3, activation: .relu), .maxPool2d(pool: 2), .flatten, .dense(units: 3, activation: .softmax),
        ])
        var qat = try base.withFakeQuantization()
        qat.initialize(seed: 3)
        let fq = try #require(qat.layers.firstIndex { $0.kindName.contains("Fake") || $0.name.contains("fake") })
        qat.parameters[qat.offsets[fq]] = -0.5
        qat.parameters[qat.offsets[fq] + 1] = 2.25
        let model = try LiteExport.export(qat)
        let conv = model.subgraphs[0].operators[0].outputs[0]
        #expect(model.subgraphs[0].tensors[Int(conv)].quantization == QuantizationParameters(min: [-0.5], max: [2.25]))
    }
}
