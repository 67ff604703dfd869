import EngineKernels

/// Fully connected layer: `y = act(x · kernel + bias)`, kernel `[in, units]` (Keras layout).
/// A softmax activation is not applied here: the model's loss takes logits (see `SoftmaxCrossEntropy`).
public struct Dense: Layer {
    public let name: String
    public var kindName: String { "Dense" }
    public let inputShape: Shape
    public let outputShape: Shape
    public let activation: ActivationKind

    public init(name: String, input: Shape, units: Int, activation: ActivationKind) {
        self.name = name
        self.inputShape = input
        self.outputShape = .vector(units)
        self.activation = activation
    }

    var inputs: Int { inputShape.count }
    var units: Int { outputShape.channels }

    public var parameterArrays: [ParameterArray] {
        [ParameterArray("kernel", [inputs, units]), ParameterArray("bias", [units])]
    }

    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {
        rng.glorotUniform(UnsafeMutableBufferPointer(rebasing: params[0..<(inputs * units)]), fanIn: inputs, fanOut: units)
        UnsafeMutableBufferPointer(rebasing: params[(inputs * units)...]).update(repeating: 0)
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        sgemm(m: batch, n: units, k: inputs, a: x, lda: inputs, b: params, ldb: units, c: y, ldc: units,
              bias: params + inputs * units, activation: activation)
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        activationBackward(dy, output: y, count: batch * units, activation)
        sgemm(transA: true, m: inputs, n: units, k: batch, a: x, lda: inputs, b: dy, ldb: units, c: grads, ldc: units)
        columnSums(dy, rows: batch, cols: units, into: grads + inputs * units)
        if let dx {
            sgemm(transB: true, m: batch, n: inputs, k: units, a: dy, lda: units, b: params, ldb: units, c: dx, ldc: inputs)
        }
    }
}
