import EngineKernels

/// Depthwise 2-D convolution with channel multiplier 1: kernel `[k, k, channels, 1]` (Keras
/// layout), a bias per channel and a fused activation.
public struct DepthwiseConv2D: Layer {
    public let name: String
    public var kindName: String { "DepthwiseConv2D" }
    public let inputShape: Shape
    public let outputShape: Shape
    public let activation: ActivationKind
    let geometry: WindowGeometry

    public init(name: String, input: Shape, kernel: Int, stride: Int, same: Bool, activation: ActivationKind) {
        self.name = name
        self.inputShape = input
        self.activation = activation
        geometry = WindowGeometry(height: input.height, width: input.width, channels: input.channels,
                                  kernel: kernel, stride: stride, same: same)
        outputShape = Shape(height: geometry.outHeight, width: geometry.outWidth, channels: input.channels)
    }

    var kernelCount: Int { geometry.kernelHeight * geometry.kernelWidth * inputShape.channels }

    public var parameterArrays: [ParameterArray] {
        let k = geometry.kernelHeight
        return [ParameterArray("kernel", [k, k, inputShape.channels, 1]), ParameterArray("bias", [inputShape.channels])]
    }

    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {
        // Keras's fans for a [kh, kw, in, 1] kernel: receptive field × in and × 1.
        let receptive = geometry.kernelHeight * geometry.kernelWidth
        rng.glorotUniform(UnsafeMutableBufferPointer(rebasing: params[0..<kernelCount]),
                          fanIn: receptive * inputShape.channels, fanOut: receptive)
        UnsafeMutableBufferPointer(rebasing: params[kernelCount...]).update(repeating: 0)
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        depthwiseForward(x, batch: batch, geometry, weights: params, into: y)
        addBiasActivate(y, rows: batch * outputShape.height * outputShape.width, cols: outputShape.channels,
                        bias: params + kernelCount, activation)
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        let rows = batch * outputShape.height * outputShape.width
        activationBackward(dy, output: y, count: rows * outputShape.channels, activation)
        depthwiseBackward(x, dy, batch: batch, geometry, weights: params, weightGrads: grads, inputGrads: dx)
        columnSums(dy, rows: rows, cols: outputShape.channels, into: grads + kernelCount)
    }
}
