/// One layer of a `Sequential` model, working on flat NHWC buffers of a whole batch.
///
/// A layer holds no per-batch state: what it keeps from `forward` for `backward` goes in the
/// `saved` scratch the caller provides (`savedPerExample · batch` floats), so one layer value
/// serves both half-batches running on two threads. Parameters live in one flat buffer owned
/// by the model; a layer sees its own slice (`parameterCount` floats, laid out as
/// `parameterArrays` says: Keras's order and layouts).
public protocol Layer: Sendable {
    /// Keras-style unique name (`conv2d_1`): prefixes the `.npz` array names.
    var name: String { get }
    /// The Keras class name (`Conv2D`), for summaries.
    var kindName: String { get }
    var inputShape: Shape { get }
    var outputShape: Shape { get }
    /// Floats of this layer's slice of the parameter buffer (trainable and not).
    var parameterCount: Int { get }
    /// The named arrays inside the slice, in order.
    var parameterArrays: [ParameterArray] { get }
    /// Scratch floats per example kept from `forward` to `backward`.
    var savedPerExample: Int { get }
    /// Whether the layer only renames the shape (`Flatten`): its output shares its input's
    /// buffer and the passes skip it. Default: false.
    var isReshape: Bool { get }

    /// Writes initial values into the layer's slice (Glorot-uniform kernels, zero biases…).
    func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator)

    /// `y = f(x)`. `x`: `[batch, inputShape]`, `y`: `[batch, outputShape]`.
    func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool)

    /// Given `dy = ∂L/∂y` (which the layer may overwrite), writes `∂L/∂params` into `grads`
    /// (overwriting the layer's slice) and `∂L/∂x` into `dx` when it is not nil.
    func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>)

    /// After an optimizer step: updates non-trainable state (BatchNormalization's moving
    /// statistics) from what each half-batch saved, in a fixed order. Default: nothing.
    func updateState(_ params: UnsafeMutablePointer<Float>, saved: [UnsafePointer<Float>], batches: [Int])
}

extension Layer {
    public var parameterCount: Int { parameterArrays.reduce(0) { $0 + $1.count } }
    public var parameterArrays: [ParameterArray] { [] }
    public var savedPerExample: Int { 0 }
    public var isReshape: Bool { false }
    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {}
    public func updateState(_ params: UnsafeMutablePointer<Float>, saved: [UnsafePointer<Float>], batches: [Int]) {}

    /// The weights that quantization and pruning work on (Conv2D, DepthwiseConv2D, Dense): the first
    /// parameter array when it is named `kernel`, else nil.
    var kernelArray: ParameterArray? { parameterArrays.first.flatMap { $0.name == "kernel" ? $0 : nil } }
}

/// A named array in a layer's parameter slice, e.g. `kernel` with Keras shape `[3, 3, 1, 16]` (HWIO).
public struct ParameterArray: Sendable, Equatable {
    /// `kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`.
    public var name: String
    public var shape: [Int]
    /// Whether the optimizer changes it (moving statistics are not trained).
    public var trainable: Bool
    public init(_ name: String, _ shape: [Int], trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.trainable = trainable
    }
    public var count: Int { shape.reduce(1, *) }
}
