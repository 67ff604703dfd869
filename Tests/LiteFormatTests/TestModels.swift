import LiteFormat

/// Deterministic generator (SplitMix64) so that fuzz failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestModels {
    /// One operator of every option kind the package decodes, on small float tensors.
    static func everyOption() -> LiteModel {
        let options: [(BuiltinOperator, BuiltinOptions)] = [
            (.conv2D, .conv2D(Conv2DOptions(padding: .same, strideW: 2, strideH: 1, activation: .relu6, dilationW: 1, dilationH: 2))),
            (.depthwiseConv2D, .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, strideW: 1, strideH: 2,
                                                                      depthMultiplier: 3, activation: .relu))),
            (.maxPool2D, .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 3, filterWidth: 4, filterHeight: 5))),
            (.fullyConnected, .fullyConnected(FullyConnectedOptions(activation: .relu, keepNumDims: true,
                                                                    asymmetricQuantizeInputs: true))),
            (.softmax, .softmax(SoftmaxOptions(beta: 1.5))),
            (.add, .add(AddOptions(activation: .reluN1To1, potScaleInt16: false))),
            (.reshape, .reshape(ReshapeOptions(newShape: [1, -1]))),
            (.reshape, .reshape(ReshapeOptions(newShape: nil))),
            (.pad, .pad),
            (.mean, .reducer(ReducerOptions(keepDims: true))),
            (.stridedSlice, .stridedSlice(StridedSliceOptions(beginMask: 1, endMask: 2, ellipsisMask: 0,
                                                              newAxisMask: 0, shrinkAxisMask: 1, offset: true))),
            (.shape, .shape(ShapeOptions(outType: .int32))),
            (.pack, .pack(PackOptions(valuesCount: 2, axis: 0))),
            (.dequantize, .dequantize),
            (.quantize, .quantize),
            (.relu, .none),
            (BuiltinOperator(rawValue: 150), .none), // GELU: code above 127
        ]
        let tensors = [
            Tensor(shape: [1, 4], type: .float32, name: "in"),
            Tensor(shape: [1, 4], type: .int8, buffer: 1, name: "w",
                   quantization: QuantizationParameters(min: [-1], max: [1], scale: [0.5], zeroPoint: [-3])),
            Tensor(shape: [2, 2], type: .int8, buffer: 2,
                   quantization: QuantizationParameters(scale: [0.25, 0.125], zeroPoint: [0, 0], quantizedDimension: 1),
                   isVariable: true, shapeSignature: [-1, 2]),
            Tensor(shape: [], type: .float16, buffer: 3, name: "scalar"),
        ]
        return LiteModel(
            operatorCodes: options.enumerated().map { OperatorCode(builtin: $1.0, version: Int32($0 % 3 + 1)) }
                + [OperatorCode(builtin: .custom, customCode: "MyOp")],
            subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [3],
                                 operators: options.indices.map {
                                     Operator(opcodeIndex: UInt32($0), inputs: [0, -1, 1], outputs: [2], options: options[$0].1)
                                 } + [Operator(opcodeIndex: UInt32(options.count), inputs: [], outputs: [3], intermediates: [2])],
                                 name: "main")],
            description: "every option",
            buffers: [Buffer(), Buffer(int8s: [1, -2, 3, -4]), Buffer(int8s: [5, 6, 7, 8]), Buffer(float16Bits: [0x3C00])],
            metadata: [Metadata(name: "min_runtime_version", buffer: 0)],
            signatureDefs: [SignatureDef(inputs: [TensorMap(name: "x", tensorIndex: 0)],
                                         outputs: [TensorMap(name: "y", tensorIndex: 3)], signatureKey: "serving_default")])
    }

    /// The full-int8 MNIST CNN as TensorFlow's converter writes it (batch 1, int8 I/O) with random weights.
    static func int8CNN(seed: UInt64 = 1) -> LiteModel {
        var rng = SeededGenerator(state: seed)
        func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8.random(in: -127...127, using: &rng) } }
        func int32s(_ n: Int) -> [Int32] { (0..<n).map { _ in Int32.random(in: -1000...1000, using: &rng) } }
        func scales(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: 0.001...0.01, using: &rng) } }
        func perChannel(_ n: Int) -> QuantizationParameters {
            QuantizationParameters(scale: scales(n), zeroPoint: [Int64](repeating: 0, count: n))
        }
        func act(_ s: Float, _ z: Int64) -> QuantizationParameters { QuantizationParameters(scale: [s], zeroPoint: [z]) }
        let tensors = [
            Tensor(shape: [1, 28, 28, 1], type: .int8, name: "input", quantization: act(1 / 255, -128)),
            Tensor(shape: [16, 3, 3, 1], type: .int8, buffer: 1, quantization: perChannel(16)),
            Tensor(shape: [16], type: .int32, buffer: 2, quantization: perChannel(16)),
            Tensor(shape: [1, 26, 26, 16], type: .int8, quantization: act(0.0055, -128)),
            Tensor(shape: [1, 13, 13, 16], type: .int8, quantization: act(0.0055, -128)),
            Tensor(shape: [32, 3, 3, 16], type: .int8, buffer: 3, quantization: perChannel(32)),
            Tensor(shape: [32], type: .int32, buffer: 4, quantization: perChannel(32)),
            Tensor(shape: [1, 11, 11, 32], type: .int8, quantization: act(0.0166, -128)),
            Tensor(shape: [1, 5, 5, 32], type: .int8, quantization: act(0.0166, -128)),
            Tensor(shape: [2], type: .int32, buffer: 5),
            Tensor(shape: [1, 800], type: .int8, quantization: act(0.0166, -128)),
            Tensor(shape: [10, 800], type: .int8, buffer: 6, quantization: perChannel(10)),
            Tensor(shape: [10], type: .int32, buffer: 7, quantization: perChannel(10)),
            Tensor(shape: [1, 10], type: .int8, quantization: act(0.1125, 21)),
            Tensor(shape: [1, 10], type: .int8, name: "output", quantization: act(1 / 256, -128)),
        ]
        let conv = BuiltinOptions.conv2D(Conv2DOptions(padding: .valid, strideW: 1, strideH: 1, activation: .relu))
        let pool = BuiltinOptions.pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2))
        return LiteModel(
            operatorCodes: [OperatorCode(builtin: .conv2D, version: 3), OperatorCode(builtin: .maxPool2D, version: 2),
                            OperatorCode(builtin: .reshape), OperatorCode(builtin: .fullyConnected, version: 4),
                            OperatorCode(builtin: .softmax, version: 2)],
            subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [14], operators: [
                Operator(opcodeIndex: 0, inputs: [0, 1, 2], outputs: [3], options: conv),
                Operator(opcodeIndex: 1, inputs: [3], outputs: [4], options: pool),
                Operator(opcodeIndex: 0, inputs: [4, 5, 6], outputs: [7], options: conv),
                Operator(opcodeIndex: 1, inputs: [7], outputs: [8], options: pool),
                Operator(opcodeIndex: 2, inputs: [8, 9], outputs: [10]),
                Operator(opcodeIndex: 3, inputs: [10, 11, 12], outputs: [13], options: .fullyConnected(FullyConnectedOptions())),
                Operator(opcodeIndex: 4, inputs: [13], outputs: [14], options: .softmax(SoftmaxOptions(beta: 1))),
            ])],
            description: "test CNN",
            buffers: [Buffer(), Buffer(int8s: int8s(144)), Buffer(int32s: int32s(16)), Buffer(int8s: int8s(4608)),
                      Buffer(int32s: int32s(32)), Buffer(int32s: [1, 800]), Buffer(int8s: int8s(8000)),
                      Buffer(int32s: int32s(10))])
    }
}
