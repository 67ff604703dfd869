import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

// Every expected value below is computed by hand in the comment next to it.

@Test func conv2DFloatValidWithBias() throws {
    var g = TestGraph()
    let x = g.tensor([1, 3, 3, 1])
    let w = g.constant([1, 2, 2, 1], .float32, Buffer(floats: [1, 0, 0, 1]))
    let b = g.constant([1], .float32, Buffer(floats: [0.5]))
    let y = g.tensor([1, 2, 2, 1])
    g.op(.conv2D, [x, w, b], [y], .conv2D(Conv2DOptions(padding: .valid, strideW: 1, strideH: 1, activation: .none)))
    let out = try g.run((1...9).map(Float.init), inputs: [x], outputs: [y])
    // Each output = top-left + bottom-right of its 2×2 window + 0.5: 1+5, 2+6, 4+8, 5+9.
    #expect(try out.output(as: Float.self) == [6.5, 8.5, 12.5, 14.5])
    #expect(out.outputs[0].shape == [1, 2, 2, 1])
}

@Test func conv2DFloatSamePaddingStride2() throws {
    var g = TestGraph()
    let x = g.tensor([1, 3, 3, 1])
    let w = g.constant([1, 3, 3, 1], .float32, Buffer(floats: [Float](repeating: 1, count: 9)))
    let y = g.tensor([1, 2, 2, 1])
    g.op(.conv2D, [x, w, -1], [y], .conv2D(Conv2DOptions(padding: .same, strideW: 2, strideH: 2, activation: .relu)))
    let out = try g.run((1...9).map(Float.init), inputs: [x], outputs: [y])
    // SAME 3→2 with stride 2: total pad 2, 1 before. Windows centred on (0,0),(0,2),(2,0),(2,2):
    // 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
    #expect(try out.output(as: Float.self) == [12, 16, 24, 28])
}

@Test func depthwiseConvFloatWithMultiplier() throws {
    var g = TestGraph()
    let x = g.tensor([1, 1, 2, 2])
    let w = g.constant([1, 1, 1, 4], .float32, Buffer(floats: [1, 2, 3, 4]))
    let y = g.tensor([1, 1, 2, 4])
    g.op(.depthwiseConv2D, [x, w, -1], [y],
         .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, strideW: 1, strideH: 1, depthMultiplier: 2, activation: .none)))
    let out = try g.run([Float]([1, 2, 5, 6]), inputs: [x], outputs: [y])
    // Output channel ic·2+m uses weight [ic·2+m]: pixel (1,2) → 1·1, 1·2, 2·3, 2·4; pixel (5,6) → 5, 10, 18, 24.
    #expect(try out.output(as: Float.self) == [1, 2, 6, 8, 5, 10, 18, 24])
}

@Test(arguments: [InterpreterOptions.Kernels.reference, .fast])
func conv2DInt8PerChannel(kernels: InterpreterOptions.Kernels) throws {
    var g = TestGraph()
    let x = g.tensor([1, 1, 1, 2], .int8, TestGraph.quant(0.5, 1))
    let w = g.constant([1, 1, 1, 2], .int8, Buffer(int8s: [2, -1]), TestGraph.quant(0.25, 0))
    let b = g.constant([1], .int32, Buffer(int32s: [8]), TestGraph.quant(0.125, 0))
    let y = g.tensor([1, 1, 1, 1], .int8, TestGraph.quant(0.1, -3))
    g.op(.conv2D, [x, w, b], [y], .conv2D(Conv2DOptions(padding: .valid, strideW: 1, strideH: 1, activation: .relu)), version: 3)
    let out = try g.run([Int8]([3, 5]), inputs: [x], outputs: [y], options: InterpreterOptions(kernels: kernels))
    // acc = 2·(3−1) − 1·(5−1) + 8 = 8; multiplier 0.5·0.25/0.1 = 1.25 → 10; + zero point −3 = 7.
    #expect(try out.output(as: Int8.self) == [7])
}

@Test func fullyConnectedFloatWithRelu() throws {
    var g = TestGraph()
    let x = g.tensor([1, 3])
    let w = g.constant([2, 3], .float32, Buffer(floats: [1, 0, -1, 2, 2, 2]))
    let b = g.constant([2], .float32, Buffer(floats: [1, -1]))
    let y = g.tensor([1, 2])
    g.op(.fullyConnected, [x, w, b], [y], .fullyConnected(FullyConnectedOptions(activation: .relu)))
    let out = try g.run([Float]([1, 2, 3]), inputs: [x], outputs: [y])
    // [1−3+1, 2+4+6−1] = [−1, 11] → ReLU → [0, 11].
    #expect(try out.output(as: Float.self) == [0, 11])
}

@Test(arguments: [RescaleMode.reference, .micro])
func fullyConnectedInt8PerTensorWeightsWithZeroPoint(rescale: RescaleMode) throws {
    var g = TestGraph()
    let x = g.tensor([1, 2], .int8, TestGraph.quant(1, 0))
    let w = g.constant([1, 2], .int8, Buffer(int8s: [3, 1]), TestGraph.quant(1, 1))
    let y = g.tensor([1, 1], .int8, TestGraph.quant(0.5, 0))
    g.op(.fullyConnected, [x, w, -1], [y], .fullyConnected(FullyConnectedOptions()), version: 4)
    let out = try g.run([Int8]([4, -2]), inputs: [x], outputs: [y], options: InterpreterOptions(rescale: rescale))
    // acc = (3−1)·4 + (1−1)·(−2) = 8; × 1·1/0.5 = 16.
    #expect(try out.output(as: Int8.self) == [16])
}

@Test func poolsFloatAndInt8() throws {
    for (type, max) in [(TensorType.float32, true), (.float32, false), (.int8, true), (.int8, false)] {
        var g = TestGraph()
        let q = type == .int8 ? TestGraph.quant(1, 0) : nil
        let x = g.tensor([1, 2, 4, 1], type, q), y = g.tensor([1, 1, 2, 1], type, q)
        g.op(max ? .maxPool2D : .averagePool2D, [x], [y],
             .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2)))
        // Windows {1,2,−1,−2} and {3,4,−3,−4}… laid out as rows [1,2,3,4] and [−1,−2,−3,−5].
        let values: [Float] = [1, 2, 3, 4, -1, -2, -3, -5]
        if type == .float32 {
            let out = try g.run(values, inputs: [x], outputs: [y])
            // max: 2, 4; average: 0/4 = 0, (3+4−3−5)/4 = −0.25.
            #expect(try out.output(as: Float.self) == (max ? [2, 4] : [0, -0.25]))
        } else {
            let out = try g.run(values.map { Int8($0) }, inputs: [x], outputs: [y])
            // int8 average rounds half away from zero: 0/4 → 0, −1/4 → 0.
            #expect(try out.output(as: Int8.self) == (max ? [2, 4] : [0, 0]))
        }
    }
}

@Test func averagePoolInt8RoundsHalfAwayFromZero() throws {
    var g = TestGraph()
    let x = g.tensor([1, 2, 2, 2], .int8, TestGraph.quant(1, 0)), y = g.tensor([1, 1, 1, 2], .int8, TestGraph.quant(1, 0))
    g.op(.averagePool2D, [x], [y], .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2)))
    let out = try g.run([Int8]([1, -1, 2, -2, 3, -3, 4, -4]), inputs: [x], outputs: [y])
    #expect(try out.output(as: Int8.self) == [3, -3]) // ±10/4 = ±2.5 → ±3
}

@Test func softmaxInt8ReferenceTrace() throws {
    var g = TestGraph()
    let x = g.tensor([1, 4], .int8, TestGraph.quant(0.1, 0)), y = g.tensor([1, 4], .int8, TestGraph.quant(1.0 / 256, -128))
    g.op(.softmax, [x], [y], .softmax(SoftmaxOptions(beta: 1)), version: 2)
    let out = try g.run([Int8]([10, 20, 30, 40]), inputs: [x], outputs: [y])
    #expect(try out.output(as: Int8.self) == [-120, -106, -67, 37]) // verified on LiteRT BUILTIN_REF
}

@Test func softmaxFloat() throws {
    var g = TestGraph()
    let x = g.tensor([1, 2]), y = g.tensor([1, 2])
    g.op(.softmax, [x], [y], .softmax(SoftmaxOptions(beta: 1)))
    let out = try g.run([Float]([0, Float(log(3.0))]), inputs: [x], outputs: [y])
    let p = try out.output(as: Float.self)
    #expect(abs(p[0] - 0.25) < 1e-6 && abs(p[1] - 0.75) < 1e-6) // e^0 : e^ln3 = 1 : 3
}

@Test func quantizeDequantizeAndRequantize() throws {
    var g = TestGraph()
    let x = g.tensor([6]), q = g.tensor([6], .int8, TestGraph.quant(0.5, 0)), back = g.tensor([6])
    g.op(.quantize, [x], [q])
    g.op(.dequantize, [q], [back], version: 2)
    let out = try g.run([Float]([0.25, 0.75, -0.25, -0.75, 1.25, -1.25]), inputs: [x], outputs: [q, back])
    #expect(try out.output(0, as: Int8.self) == [1, 2, -1, -2, 3, -3]) // x/0.5 rounded half away from zero
    #expect(try out.output(1, as: Float.self) == [0.5, 1, -0.5, -1, 1.5, -1.5])

    var r = TestGraph()
    let a = r.tensor([6], .int8, TestGraph.quant(0.02, 3)), b = r.tensor([6], .int8, TestGraph.quant(0.03, -7))
    r.op(.quantize, [a], [b])
    // Requantizing (0.02, 3) → (0.03, −7), as LiteRT BUILTIN_REF does.
    #expect(try r.run([Int8]([-128, -50, 0, 3, 100, 127]), inputs: [a], outputs: [b]).output(as: Int8.self)
            == [-94, -42, -9, -7, 58, 76])

    var u = TestGraph()
    let c = u.tensor([3], .uint8, TestGraph.quant(1.0 / 255, 0)), d = u.tensor([3], .int8, TestGraph.quant(1.0 / 255, -128))
    u.op(.quantize, [c], [d])
    #expect(try u.run([UInt8]([0, 128, 255]), inputs: [c], outputs: [d]).output(as: Int8.self) == [-128, 0, 127]) // q − 128
}

@Test func float16WeightsAreDequantizedOnceAtPrepare() throws {
    var g = TestGraph()
    let x = g.tensor([1, 2])
    let w16 = g.constant([1, 2], .float16, Buffer(float16Bits: [0x3C00, 0xC000])) // 1.0, −2.0
    let w = g.tensor([1, 2])
    let y = g.tensor([1, 1])
    g.op(.dequantize, [w16], [w], version: 3)
    g.op(.fullyConnected, [x, w, -1], [y])
    let out = try g.run([Float]([3, 1]), inputs: [x], outputs: [y])
    #expect(try out.output(as: Float.self) == [1]) // 3·1 + 1·(−2)
    #expect(out.evaluatedOperatorCount == 1)        // the DEQUANTIZE was folded
}

@Test func flattenAsTensorFlowWritesIt() throws {
    // SHAPE → STRIDED_SLICE (batch) → PACK [batch, 8] → RESHAPE: all but RESHAPE fold at prepare.
    var g = TestGraph()
    let x = g.tensor([1, 2, 2, 2])
    let shape = g.tensor([4], .int32)
    let zero = g.constant([1], .int32, Buffer(int32s: [0])), one = g.constant([1], .int32, Buffer(int32s: [1]))
    let batch = g.tensor([], .int32)
    let eight = g.constant([], .int32, Buffer(int32s: [8]))
    let packed = g.tensor([2], .int32)
    let y = g.tensor([1, 8])
    g.op(.shape, [x], [shape], .shape(ShapeOptions()))
    g.op(.stridedSlice, [shape, zero, one, one], [batch], .stridedSlice(StridedSliceOptions(shrinkAxisMask: 1)))
    g.op(.pack, [batch, eight], [packed], .pack(PackOptions(valuesCount: 2)))
    g.op(.reshape, [x, packed], [y])
    let out = try g.run((1...8).map(Float.init), inputs: [x], outputs: [y])
    #expect(try out.output(as: Float.self) == (1...8).map(Float.init))
    #expect(out.outputs[0].shape == [1, 8])
    #expect(out.evaluatedOperatorCount == 1)
}

@Test func reshapeFromOptionsInfersMinusOne() throws {
    var g = TestGraph()
    let x = g.tensor([2, 3]), y = g.tensor([3, 2])
    g.op(.reshape, [x], [y], .reshape(ReshapeOptions(newShape: [-1, 2])))
    let out = try g.run((1...6).map(Float.init), inputs: [x], outputs: [y])
    #expect(out.outputs[0].shape == [3, 2])
    #expect(try out.output(as: Float.self) == (1...6).map(Float.init))
}

@Test func reluRelu6AddMeanPad() throws {
    var g = TestGraph()
    let x = g.tensor([1, 2, 2, 1]), r = g.tensor([1, 2, 2, 1]), r6 = g.tensor([1, 2, 2, 1])
    let sum = g.tensor([1, 2, 2, 1]), mean = g.tensor([1, 1])
    let axes = g.constant([2], .int32, Buffer(int32s: [1, 2]))
    let pads = g.constant([4, 2], .int32, Buffer(int32s: [0, 0, 0, 0, 1, 0, 0, 0]))
    let padded = g.tensor([1, 2, 3, 1])
    g.op(.relu, [x], [r])
    g.op(.relu6, [x], [r6])
    g.op(.add, [r, r6], [sum], .add(AddOptions()))
    g.op(.mean, [sum, axes], [mean], .reducer(ReducerOptions(keepDims: false)))
    g.op(.pad, [x, pads], [padded], .pad)
    let out = try g.run([Float]([-1, 0.5, 7, 2]), inputs: [x], outputs: [r, r6, sum, mean, padded])
    #expect(try out.output(0, as: Float.self) == [0, 0.5, 7, 2])
    #expect(try out.output(1, as: Float.self) == [0, 0.5, 6, 2])
    #expect(try out.output(2, as: Float.self) == [0, 1, 13, 4])
    #expect(try out.output(3, as: Float.self) == [4.5])                 // (0+1+13+4)/4
    #expect(try out.output(4, as: Float.self) == [0, -1, 0.5, 0, 7, 2]) // one zero before each row
}

@Test func int8ReluAndPadUseTheZeroPoint() throws {
    var g = TestGraph()
    let q = TestGraph.quant(0.5, 2)
    let x = g.tensor([1, 3], .int8, q), r6 = g.tensor([1, 3], .int8, q), padded = g.tensor([1, 5], .int8, q)
    let pads = g.constant([2, 2], .int32, Buffer(int32s: [0, 0, 1, 1]))
    g.op(.relu6, [x], [r6], version: 2)
    g.op(.pad, [x, pads], [padded], .pad, version: 2)
    let out = try g.run([Int8]([-4, 5, 30]), inputs: [x], outputs: [r6, padded])
    // Real values −3, 1.5, 14 → clamp to [0, 6] → zero point 2 + [0, 3, 12] = [2, 5, 14].
    #expect(try out.output(0, as: Int8.self) == [2, 5, 14])
    #expect(try out.output(1, as: Int8.self) == [2, -4, 5, 30, 2])
}

@Test func hybridFullyConnectedIsCloseToFloat() throws {
    var g = TestGraph()
    let x = g.tensor([1, 4])
    let w = g.constant([2, 4], .int8, Buffer(int8s: [127, -64, 32, 0, -127, 127, 10, -10]),
                       QuantizationParameters(scale: [0.01, 0.02], zeroPoint: [0, 0]))
    let b = g.constant([2], .float32, Buffer(floats: [0.1, -0.1]))
    let y = g.tensor([1, 2])
    g.op(.fullyConnected, [x, w, b], [y], .fullyConnected(FullyConnectedOptions(asymmetricQuantizeInputs: true)), version: 12)
    let input: [Float] = [0.5, -1, 0.25, 2]
    let out = try g.run(input, inputs: [x], outputs: [y])
    // Float reference: row 0 = 1.27·0.5 + 0.64 + 0.08 + 0 + 0.1 = 1.455; row 1 = −1.27 − 2.54 + 0.05 − 0.4 − 0.1 = −4.26.
    let result = try out.output(as: Float.self)
    #expect(abs(result[0] - 1.455) < 0.02 && abs(result[1] + 4.26) < 0.05)
}
