import LabDocument
import LiteFormat
import Testing
@testable import LabRunner

@Suite struct FixedPointStepTests {
    private func run(_ body: [(String, Value)], _ context: RunContext) throws -> Record {
        try FixedPointStep.run(DataStepFixture.parameters(FixedPointStep.self, [("model", "conv")] + body), context).result.fields
    }

    /// A worked example: conv1 channel 0 of TensorFlow's CNN,
    /// s_in = 0.003921568859368563, s_w = 0.0014883383410051465, s_out = 0.005462390370666981
    /// → M = 0.0010685104678041118 → (1174839684, −9).
    @Test func referenceWorkedMultiplier() throws {
        let model = ConvertedModelFixture.fullyConnected(inputScale: 0.003921568859368563, filterScale: 0.0014883383410051465,
                                                         outputScale: 0.005462390370666981, outputZeroPoint: -128)
        let f = try run([], ConvertedModelFixture.context(payload: model))
        #expect(f.num("multiplier") == 0.0010685104678041118)
        #expect(f.num("m0") == 1174839684 && f.num("shift") == -9)
        #expect(f.num("q31") == 1174839684 / 2147483648.0)
        // 1000 · M = 1.0685 → 1; + z_out −128 → −127 (no fused activation: full int8 range).
        #expect(f.num("fixed_result") == 1 && f.num("output") == -127)
        #expect(f.num("real_result") == 1000 * 0.0010685104678041118)
    }

    /// One row of a MultiplyByQuantizedMultiplier table checked on LiteRT: acc 1000 at effective scale 0.005462390370666981 → (1501490432, −7) → 5.
    @Test func referenceRequantizationRow() throws {
        let model = ConvertedModelFixture.fullyConnected(inputScale: 1, filterScale: 0.005462390370666981,
                                                         outputScale: 1, outputZeroPoint: 0)
        let f = try run([("accumulator", 1000)], ConvertedModelFixture.context(payload: model))
        #expect(f.num("m0") == 1501490432 && f.num("shift") == -7)
        #expect(f.num("fixed_result") == 5 && f.num("output") == 5)
    }

    /// TensorFlow's int8 file, conv1 channel 0. Expected values from NumPy on the file's scales
    /// (float64 product of the float32 scales, `math.frexp`, `round(f·2³¹)`):
    /// M = 0.0015498473041043242 → (1704075132, −9); 1000·M = 1.55 → 2; z_out −128 → −126.
    @Test func tensorFlowInt8Conv() throws {
        let f = try run([("accumulator", 1000)], ConvertedModelFixture.context(path: "int8_uint8.tflite"))
        #expect(f.num("s_in") == Double(Float(0.003921568859368563)))
        #expect(f.num("s_w") == 0.0023123128339648247 && f.num("s_out") == 0.00585083058103919 && f.num("z_out") == -128)
        #expect(f.num("multiplier") == 0.0015498473041043242)
        #expect(f.num("m0") == 1704075132 && f.num("shift") == -9)
        #expect(f.num("fixed_result") == 2 && f.num("output") == -126)
        #expect(f["op_name"] == .string("CONV_2D #0 (chapter_cnn_1/conv1_1/convolution)"))
    }

    /// The dense layer (op 2) and a channel of conv1 with per-channel scales; the fixed-point
    /// result stays within 1 of round(acc·M) for accumulators of every size.
    @Test func fixedPointFollowsTheExactProduct() throws {
        let model = try ConvertedModelFixture.read("int8_uint8.tflite")
        let dense = try run([("op", 2)], ConvertedModelFixture.context(payload: model))
        // NumPy: M = 0.0002665271680723196 → (1172198882, −11), z_out = 36.
        #expect(dense.num("m0") == 1172198882 && dense.num("shift") == -11 && dense.num("z_out") == 36)
        let ch5 = try run([("channel", 5)], ConvertedModelFixture.context(payload: model))
        #expect(ch5.num("m0") == 1451284945 && ch5.num("shift") == -9)
        for acc in [-2_000_000_000, -123_457, -1, 0, 7, 99_999, 2_000_000_000] {
            for op in [0, 1, 2] {
                let f = try run([("op", .number(Double(op))), ("accumulator", .number(Double(acc)))],
                                ConvertedModelFixture.context(payload: model))
                let exact = (f.num("real_result") ?? .nan).rounded()
                #expect(abs((f.num("fixed_result") ?? .nan) - exact) <= 1, "op \(op), acc \(acc)")
            }
        }
    }

    @Test func explainsWrongChoices() throws {
        let int8 = try ConvertedModelFixture.read("int8_uint8.tflite")
        let float = try ConvertedModelFixture.read("f32.tflite")
        func message(_ body: [(String, Value)], _ model: LiteModel) -> String {
            do { _ = try run(body, ConvertedModelFixture.context(payload: model)); return "no error" } catch {
                return "\(error)"
            }
        }
        #expect(message([("op", 3)], int8) == """
            'op' is 3, but 'conv' has 3 CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED ops
            hint: ops: CONV_2D #0 (chapter_cnn_1/conv1_1/convolution); CONV_2D #1 (chapter_cnn_1/conv2_1/convolution); \
            FULLY_CONNECTED #2 (chapter_cnn_1/dense_1/MatMul)
            """)
        #expect(message([("channel", 16)], int8)
                == "'channel' is 16, but CONV_2D #0 (chapter_cnn_1/conv1_1/convolution) has 16 output channels (0…15)")
        #expect(message([], float) == """
            fixedpoint needs an int8 model: the input of CONV_2D #0 (chapter_cnn_1/conv1_1/convolution) is FLOAT32
            hint: point 'model' at a convert step with variant: int8
            """)
    }
}
