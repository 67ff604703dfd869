import LiteFormat

/// A weighted layer waiting for a following BatchNormalization or ReLU to fold in.
struct PendingLayer {
    enum Kind { case conv(Conv2DOptions), depthwise(DepthwiseConv2DOptions), dense }
    var kind: Kind
    var weights: [Float]
    var weightShape: [Int]
    var bias: [Float]
    var activation: ActivationFunction
    var output: Shape
    var softmax: Bool
    /// A QAT range for the output (after the fused activation).
    var range: (min: Float, max: Float)?

    /// `w' = w · γ/√(σ² + ε)` per output channel, `b' = (b − μ) · γ/√(σ² + ε) + β`.
    mutating func fold(gamma: [Float], beta: [Float], mean: [Float], variance: [Float], epsilon: Float) {
        let channels = bias.count
        let factor = (0..<channels).map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
        // The output channel is the first axis (OHWI, [out, in]) or the last (depthwise).
        let channelOf: (Int) -> Int
        if case .depthwise = kind { channelOf = { $0 % channels } } else {
            let inner = weights.count / channels
            channelOf = { $0 / inner }
        }
        for i in weights.indices { weights[i] *= factor[channelOf(i)] }
        for c in 0..<channels { bias[c] = (bias[c] - mean[c]) * factor[c] + beta[c] }
    }
}

/// Appends tensors, buffers and operators of a one-subgraph float model.
struct GraphBuilder {
    var tensors: [LiteFormat.Tensor] = []
    var buffers: [Buffer] = [Buffer()]
    var operators: [Operator] = []
    var codes: [OperatorCode] = []
    var current: Int32
    let input: Int32

    init(input shape: Shape) {
        tensors.append(LiteFormat.Tensor(shape: Self.dims(shape), type: .float32, name: "input"))
        input = 0
        current = 0
    }

    static func dims(_ s: Shape) -> [Int32] {
        s.isVector ? [1, Int32(s.channels)] : [1, Int32(s.height), Int32(s.width), Int32(s.channels)]
    }

    mutating func constant(_ values: [Float], shape: [Int]) -> Int32 {
        buffers.append(Buffer(floats: values))
        tensors.append(LiteFormat.Tensor(shape: shape.map(Int32.init), type: .float32, buffer: UInt32(buffers.count - 1)))
        return Int32(tensors.count - 1)
    }

    mutating func code(_ builtin: BuiltinOperator) -> UInt32 {
        if let i = codes.firstIndex(where: { $0.builtin == builtin }) { return UInt32(i) }
        codes.append(OperatorCode(builtin: builtin))
        return UInt32(codes.count - 1)
    }

    /// An operator on the current tensor (plus `extra` inputs) producing a new float tensor.
    mutating func add(_ builtin: BuiltinOperator, extra: [Int32] = [], options: BuiltinOptions = .none, output: Shape) {
        tensors.append(LiteFormat.Tensor(shape: Self.dims(output), type: .float32))
        let out = Int32(tensors.count - 1)
        operators.append(Operator(opcodeIndex: code(builtin), inputs: [current] + extra, outputs: [out], options: options))
        current = out
    }

    mutating func reshape(to count: Int) {
        buffers.append(Buffer(int32s: [1, Int32(count)]))
        tensors.append(LiteFormat.Tensor(shape: [2], type: .int32, buffer: UInt32(buffers.count - 1)))
        add(.reshape, extra: [Int32(tensors.count - 1)], output: .vector(count))
    }

    /// Emits the pending weighted layer (and its SOFTMAX).
    mutating func flush(_ pending: inout PendingLayer?) {
        guard let p = pending else { return }
        pending = nil
        let w = constant(p.weights, shape: p.weightShape)
        let b = constant(p.bias, shape: [p.bias.count])
        switch p.kind {
        case .conv(var o):
            o.activation = p.activation
            add(.conv2D, extra: [w, b], options: .conv2D(o), output: p.output)
        case .depthwise(var o):
            o.activation = p.activation
            add(.depthwiseConv2D, extra: [w, b], options: .depthwiseConv2D(o), output: p.output)
        case .dense:
            add(.fullyConnected, extra: [w, b], options: .fullyConnected(FullyConnectedOptions(activation: p.activation)), output: p.output)
        }
        if let r = p.range { setRange(r.min, r.max) }
        if p.softmax { add(.softmax, options: .softmax(SoftmaxOptions(beta: 1)), output: p.output) }
    }

    /// Records a range on the current tensor as `QuantizationParameters` min/max.
    mutating func setRange(_ lo: Float, _ hi: Float) {
        tensors[Int(current)].quantization = QuantizationParameters(min: [lo], max: [hi])
    }

    func finish() -> LiteModel {
        let graph = SubGraph(tensors: tensors, inputs: [input], outputs: [current], operators: operators)
        return LiteModel(operatorCodes: codes, subgraphs: [graph], buffers: buffers)
    }
}
