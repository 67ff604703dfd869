import Testing
import LiteFormat
@testable import LiteQuantizer

@Suite struct GraphSimplifierTests {
    /// TensorFlow's dynamic-batch Flatten: SHAPE → STRIDED_SLICE → PACK(batch, 800) → RESHAPE,
    /// built here around the fixture's pool2 output, with −1 batch signatures.
    static func dynamicBatchModel() throws -> LiteModel {
        var model = try Fixtures.model("f32")
        var g = model.subgraphs[0]
        let reshape = try #require(g.operators.firstIndex { model.operatorCodes[Int($0.opcodeIndex)].builtin == .reshape })
        let pooled = g.operators[reshape].inputs[0]
        func code(_ b: BuiltinOperator) -> UInt32 {
            model.operatorCodes.append(OperatorCode(builtin: b))
            return UInt32(model.operatorCodes.count - 1)
        }
        func constant(_ values: [Int32]) -> Int32 {
            model.buffers.append(Buffer(int32s: values))
            g.tensors.append(Tensor(shape: [Int32(values.count)], type: .int32, buffer: UInt32(model.buffers.count - 1)))
            return Int32(g.tensors.count - 1)
        }
        func activation(_ shape: [Int32]) -> Int32 {
            g.tensors.append(Tensor(shape: shape, type: .int32))
            return Int32(g.tensors.count - 1)
        }
        let shape = activation([4]), batch = activation([]), packed = activation([2])
        let begin = constant([0]), end = constant([1]), stride = constant([1]), width = constant([800])
        let chain = [
            Operator(opcodeIndex: code(.shape), inputs: [pooled], outputs: [shape], options: .shape(ShapeOptions())),
            Operator(opcodeIndex: code(.stridedSlice), inputs: [shape, begin, end, stride], outputs: [batch],
                     options: .stridedSlice(StridedSliceOptions(shrinkAxisMask: 1))),
            Operator(opcodeIndex: code(.pack), inputs: [batch, width], outputs: [packed],
                     options: .pack(PackOptions(valuesCount: 2))),
        ]
        g.operators[reshape].inputs[1] = packed
        g.operators.insert(contentsOf: chain, at: reshape)
        for i in g.tensors.indices where g.tensors[i].shape.first == 1 && g.tensors[i].shape.count > 1 {
            g.tensors[i].shapeSignature = [-1] + g.tensors[i].shape.dropFirst()
        }
        model.subgraphs[0] = g
        return model
    }

    @Test func dynamicFlattenBecomesOneStaticReshape() throws {
        let source = try Self.dynamicBatchModel()
        #expect(Fixtures.ops(source).contains("PACK"))
        let out = try Quantizer.convert(source, options: .init(variant: .float32)).model
        #expect(Fixtures.ops(out) == ["CONV_2D", "MAX_POOL_2D", "CONV_2D", "MAX_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"])
        let shape = try #require(Fixtures.tensor(out, "reshape1.shape"))
        #expect(out.buffers[Int(shape.buffer)].int32s == [1, 800])
        #expect(out.subgraphs[0].tensors.allSatisfy { $0.shapeSignature == nil })
        #expect(out.subgraphs[0].tensors.count == 15)
    }

    @Test func unsupportedOperatorIsNamed() throws {
        var model = try Fixtures.model("f32")
        model.operatorCodes.append(OperatorCode(builtin: .mean))
        model.subgraphs[0].operators[6].opcodeIndex = UInt32(model.operatorCodes.count - 1)
        #expect(throws: QuantizerError.unsupportedOperator(index: 6, name: "MEAN")) {
            try Quantizer.convert(model, options: .init(variant: .float16))
        }
        #expect(QuantizerError.unsupportedOperator(index: 6, name: "MEAN").description == """
            operator 6 is MEAN, which the quantizer does not convert
            hint: supported: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE, SOFTMAX, HARD_SWISH (SHAPE/STRIDED_SLICE/PACK only when they compute a RESHAPE's shape)
            """)
    }

    @Test func quantizedModelIsRejected() throws {
        #expect(throws: QuantizerError.notFloat(tensor: "serving_default_image:0", type: "INT8")) {
            try Quantizer.convert(try Fixtures.model("int8_int8"), options: .init(variant: .float16))
        }
    }
}
