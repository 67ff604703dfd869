import Foundation
import LabDocument
import LiteFormat
import Testing
@testable import LabRunner

@Suite struct ExploreStepTests {
    private func run(_ body: [(String, Value)], _ context: RunContext) throws -> StepResult {
        try ExploreStep.run(DataStepFixture.parameters(ExploreStep.self, [("model", "conv")] + body), context).result
    }

    /// A FULLY_CONNECTED model whose 2×2 float weights are `weights` (row = output channel).
    private func tinyModel(_ weights: [Float]) -> LiteModel {
        let tensors = [
            Tensor(shape: [1, 2], type: .float32, name: "in"),
            Tensor(shape: [Int32(weights.count / 2), 2], type: .float32, buffer: 1, name: "dense/kernel"),
            Tensor(shape: [1, Int32(weights.count / 2)], type: .float32, name: "out"),
        ]
        let op = Operator(opcodeIndex: 0, inputs: [0, 1, -1], outputs: [2], options: .fullyConnected(FullyConnectedOptions()))
        return LiteModel(operatorCodes: [OperatorCode(builtin: .fullyConnected)],
                         subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [2], operators: [op])],
                         buffers: [Buffer(), Buffer(floats: weights)])
    }

    private func width(_ r: StepResult, _ bits: Int) -> Record { r.fields["widths"]?.record?["b\(bits)"]?.record ?? Record() }

    /// Worked by hand. 2 bits symmetric: codes −1…1, S = max|w| = 1; −0.5 rounds away from zero to −1.
    /// Reconstructions −1, −1, 0, 0, 1 → errors 0, 0.5, 0, 0.25, 0: max 0.5, mean 0.15, Σe² = 0.3125,
    /// Σw² = 2.3125, SQNR = 10·log10(7.4) dB, 3 levels used. 3 bits: S = 1/3, codes −3, −2, 0, 1, 3 (5 used),
    /// errors 0, 1/6, 0, −1/12, 0.
    @Test func handWorkedWidths() throws {
        let r = try run([("bits", [2, 3])], ConvertedModelFixture.context(payload: tinyModel([-1, -0.5, 0, 0.25, 1, 0])))
        let b2 = width(r, 2), b3 = width(r, 3)
        #expect(b2.num("scale") == 1 && b2.num("max_error") == 0.5 && b2.num("levels_used") == 3)
        #expect(abs((b2.num("mean_error") ?? 0) - 0.75 / 6) < 1e-15)
        #expect(abs((b2.num("sqnr_db") ?? 0) - 10 * log10(2.3125 / 0.3125)) < 1e-12)
        #expect(abs((b2.num("rms_error") ?? 0) - (0.3125 / 6).squareRoot()) < 1e-15)
        #expect(abs((b3.num("scale") ?? 0) - 1.0 / 3) < 1e-15 && b3.num("levels_used") == 5)
        #expect(abs((b3.num("max_error") ?? 0) - 1.0 / 6) < 1e-15)
        #expect(r.fields.num("count") == 6 && r.fields.num("within_0_1") == 2.0 / 6 && r.fields.num("within_0_5") == 3.0 / 6)
    }

    /// Per channel, rows [1, −0.5] and [0.25, 0.1] get S = 1/127 and 0.25/127 at 8 bits;
    /// the reported scale is the largest one. Asymmetric 8-bit over [−0.5, 1]: S = 1.5/255.
    @Test func perChannelAndAsymmetric() throws {
        let context = ConvertedModelFixture.context(payload: tinyModel([1, -0.5, 0.25, 0.1]))
        let perChannel = try run([("bits", [8]), ("per_channel", true)], context)
        #expect(width(perChannel, 8).num("scale") == 1.0 / 127)
        // 0.25 and 0.1 at S = 0.25/127: codes 127 and round(50.8) = 51 → error 0.1 − 51·S.
        #expect(abs((width(perChannel, 8).num("max_error") ?? 0) - max(abs(0.1 - 51 * 0.25 / 127), abs(-0.5 + 64 / 127.0))) < 1e-15)
        let asymmetric = try run([("bits", [8]), ("scheme", "asymmetric")], context)
        #expect(abs((width(asymmetric, 8).num("scale") ?? 0) - 1.5 / 255) < 1e-15)
    }

    /// TensorFlow's float32 CNN: every filter (not the biases) together, checked against the file's floats read here.
    @Test func tensorFlowWeights() throws {
        let model = try ConvertedModelFixture.read("f32.tflite")
        let graph = model.subgraphs[0]
        let filters = graph.tensors.indices.filter {
            let name = graph.tensors[$0].name ?? ""
            return name.hasSuffix("/convolution") || name.hasSuffix("/MatMul")
        }
        let weights = filters.flatMap { model.constantData(tensor: $0)?.floats ?? [] }.map(Double.init)
        #expect(weights.count == 144 + 4608 + 8000)
        let r = try run([], ConvertedModelFixture.context(path: "f32.tflite"))
        let magnitude = weights.map(abs).max() ?? 0
        #expect(r.fields.num("count") == Double(weights.count))
        #expect(abs((width(r, 8).num("scale") ?? 0) - magnitude / 127) < 1e-15)
        #expect(abs((width(r, 4).num("scale") ?? 0) - magnitude / 7) < 1e-15)
        #expect((width(r, 8).num("max_error") ?? 1) <= magnitude / 127 / 2 * (1 + 1e-12))
        #expect(abs((r.fields.num("mean") ?? 0) - weights.reduce(0, +) / Double(weights.count)) < 1e-12)
        #expect(r.fields.num("within_0_1") == Double(weights.filter { abs($0) < 0.1 }.count) / Double(weights.count))
        // Each extra bit halves the step: SQNR rises by about 6 dB per bit (20·log10 2 = 6.02).
        let gain = (width(r, 8).num("sqnr_db") ?? 0) - (width(r, 7).num("sqnr_db") ?? 0)
        #expect(gain > 5 && gain < 7)
        guard case .explorer(let e)? = r.outputs.dropFirst().first else { Issue.record("no explorer"); return }
        #expect(e.views.map(\.label) == ["2", "3", "4", "5", "6", "7", "8"] && e.initial == 6)
        #expect(e.views.allSatisfy { $0.chart.series.count == 2 && $0.chart.series[0].x.count == 60 })

        let conv2 = try run([("tensor", "conv2")], ConvertedModelFixture.context(payload: model))
        #expect(conv2.fields.num("count") == 4608)
        #expect(conv2.fields["tensor"] == .string("CONV_2D #1 (chapter_cnn_1/conv2_1/convolution)"))
        let dense = try run([("tensor", 2)], ConvertedModelFixture.context(payload: model))
        #expect(dense.fields.num("count") == 8000)
    }

    @Test func explainsWrongChoices() throws {
        func message(_ body: [(String, Value)], _ file: String) throws -> String {
            let context = ConvertedModelFixture.context(payload: try ConvertedModelFixture.read(file))
            do { _ = try run(body, context); return "no error" } catch { return "\(error)" }
        }
        let ops = "CONV_2D #0 (chapter_cnn_1/conv1_1/convolution); CONV_2D #1 (chapter_cnn_1/conv2_1/convolution); "
            + "FULLY_CONNECTED #2 (chapter_cnn_1/dense_1/MatMul)"
        #expect(try message([("tensor", "conv3")], "f32.tflite")
                == "'tensor' \"conv3\" matches no weight tensor of 'conv'\nhint: weight tensors: \(ops)")
        #expect(try message([("tensor", "chapter_cnn_1/conv")], "f32.tflite") == """
            'tensor' "chapter_cnn_1/conv" matches 2 weight tensors; give more of the name
            hint: weight tensors: CONV_2D #0 (chapter_cnn_1/conv1_1/convolution); CONV_2D #1 (chapter_cnn_1/conv2_1/convolution)
            """)
        #expect(try message([("tensor", 3)], "f32.tflite") == "'tensor' is 3, but 'conv' has 3 weighted ops (0…2)\nhint: weight tensors: \(ops)")
        #expect(try message([], "int8_uint8.tflite") == """
            explore needs float32 weights: the filter of CONV_2D #0 (chapter_cnn_1/conv1_1/convolution) is INT8
            hint: point 'model' at a convert step with variant: float32
            """)
    }

    @Test func checksBitsAndInitial() {
        func messages(_ body: [(String, Value)]) -> [String] {
            ExploreStep.validate(DataStepFixture.parameters(ExploreStep.self, [("model", "conv")] + body)).map(\.description)
        }
        #expect(messages([("bits", [1, 8])]) == ["lab.md:11:1: error: 'bits' must be a list of whole numbers from 2 to 16, e.g. [2, 4, 8]"])
        #expect(messages([("bits", [2, 4, 8]), ("initial", 6)])
                == ["lab.md:12:1: error: 'initial' is 6, which is not one of the bits 2, 4, 8"])
        #expect(messages([("tensor", [1])]) == ["lab.md:11:1: error: 'tensor' must be a weight tensor's name or an op number, got a list"])
        #expect(messages([]).isEmpty)
    }
}
