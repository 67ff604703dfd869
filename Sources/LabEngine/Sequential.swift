/// A stack of layers with one flat parameter buffer (each layer owns a contiguous slice, in
/// layer order, laid out as its `parameterArrays` say).
public struct Sequential: Sendable {
    public let inputShape: Shape
    public let layers: [any Layer]
    public let specs: [LayerSpec]
    /// Where each layer's slice starts in `parameters`.
    public let offsets: [Int]
    public var parameters: [Float]
    /// Whether the last layer's activation is softmax (so `predict` returns probabilities).
    public let endsWithSoftmax: Bool
    /// Whether forward passes use per-channel fake-quantized kernels (quantization-aware training).
    public let quantizesWeights: Bool

    /// Builds the layers, checking each against the shape it receives. Parameters are zero
    /// until `initialize(seed:)` or `loadWeights`.
    public init(input: Shape, specs: [LayerSpec], quantizesWeights: Bool = false) throws(ModelError) {
        guard !specs.isEmpty else { throw ModelError(index: nil, "the model has no layers") }
        var layers: [any Layer] = []
        var counters: [String: Int] = [:]
        var shape = input
        for (i, spec) in specs.enumerated() {
            if spec.activation == .softmax && i != specs.count - 1 {
                throw ModelError(index: i, "softmax is only allowed on the last layer (the loss is computed from its logits)")
            }
            let layer = try Self.makeLayer(spec, input: shape, index: i, counters: &counters)
            guard layer.outputShape.count > 0 else {
                throw ModelError(index: i, "\(spec.keyword) turns a \(shape) input into an empty output")
            }
            layers.append(layer)
            shape = layer.outputShape
        }
        var offsets: [Int] = [], total = 0
        for layer in layers { offsets.append(total); total += layer.parameterCount }
        self.inputShape = input
        self.layers = layers
        self.specs = specs
        self.offsets = offsets
        self.parameters = [Float](repeating: 0, count: total)
        self.endsWithSoftmax = specs.last?.activation == .softmax
        self.quantizesWeights = quantizesWeights
    }

    public var outputShape: Shape { layers.last?.outputShape ?? inputShape }
    public var classCount: Int { outputShape.count }
    public var parameterCount: Int { parameters.count }
    /// Parameters the optimizer changes (all but BatchNormalization's moving statistics).
    public var trainableParameterCount: Int {
        layers.reduce(0) { $0 + $1.parameterArrays.filter(\.trainable).reduce(0) { $0 + $1.count } }
    }

    /// Glorot-uniform kernels and zero biases, drawn from `seed` layer by layer.
    public mutating func initialize(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        let layers = self.layers, offsets = self.offsets
        parameters.withUnsafeMutableBufferPointer { all in
            for (layer, offset) in zip(layers, offsets) {
                layer.initialize(UnsafeMutableBufferPointer(rebasing: all[offset..<(offset + layer.parameterCount)]), rng: &rng)
            }
        }
    }

    private static func makeLayer(_ spec: LayerSpec, input: Shape, index: Int, counters: inout [String: Int]) throws(ModelError) -> any Layer {
        func name(_ base: String) -> String {
            let n = counters[base, default: 0]
            counters[base] = n + 1
            return n == 0 ? base : "\(base)_\(n)"
        }
        func positive(_ value: Int, _ what: String) throws(ModelError) {
            if value < 1 { throw ModelError(index: index, "\(what) must be at least 1, got \(value)") }
        }
        func window(_ k: Int, _ padding: LayerSpec.Padding) throws(ModelError) {
            if padding == .valid && (k > input.height || k > input.width) {
                throw ModelError(index: index, "a \(k)×\(k) window does not fit the \(input) input")
            }
        }
        switch spec {
        case let .conv2d(filters, kernel, stride, padding, activation):
            try positive(filters, "filters"); try positive(kernel, "kernel"); try positive(stride, "stride")
            try window(kernel, padding)
            return Conv2D(name: name("conv2d"), input: input, filters: filters, kernel: kernel, stride: stride,
                          same: padding == .same, activation: activation.kernel)
        case let .depthwiseConv2d(kernel, stride, padding, activation):
            try positive(kernel, "kernel"); try positive(stride, "stride")
            try window(kernel, padding)
            return DepthwiseConv2D(name: name("depthwise_conv2d"), input: input, kernel: kernel, stride: stride,
                                   same: padding == .same, activation: activation.kernel)
        case let .maxPool2d(pool, stride, padding), let .averagePool2d(pool, stride, padding):
            try positive(pool, "pool"); try positive(stride ?? pool, "stride")
            try window(pool, padding)
            let isMax: Bool
            if case .maxPool2d = spec { isMax = true } else { isMax = false }
            return Pool2D(name: name(isMax ? "max_pooling2d" : "average_pooling2d"), kind: isMax ? .max : .average,
                          input: input, pool: pool, stride: stride ?? pool, same: padding == .same)
        case .flatten:
            return ElementwiseLayer(name: name("flatten"), kind: .flatten, input: input)
        case let .dense(units, activation):
            try positive(units, "units")
            if !input.isVector {
                throw ModelError(index: index, "dense needs a flat input but gets \(input); add flatten before it")
            }
            return Dense(name: name("dense"), input: input, units: units, activation: activation.kernel)
        case .relu:
            return ElementwiseLayer(name: name("re_lu"), kind: .relu, input: input)
        case .relu6:
            return ElementwiseLayer(name: name("re_lu6"), kind: .relu6, input: input)
        case .batchNormalization:
            return BatchNormalization(name: name("batch_normalization"), input: input)
        case .fakeQuant:
            return FakeQuant(name: name("fake_quant"), input: input)
        }
    }
}
