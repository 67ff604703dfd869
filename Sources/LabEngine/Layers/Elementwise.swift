import EngineKernels

/// `Flatten` (NHWC rows are already in Keras's flatten order, so this only renames the shape)
/// and the standalone `ReLU` / `ReLU6` layers.
public struct ElementwiseLayer: Layer {
    public enum Kind: Sendable { case flatten, relu, relu6 }
    public let name: String
    public let kind: Kind
    public let inputShape: Shape
    public let outputShape: Shape

    public init(name: String, kind: Kind, input: Shape) {
        self.name = name
        self.kind = kind
        self.inputShape = input
        self.outputShape = kind == .flatten ? .vector(input.count) : input
    }

    public var isReshape: Bool { kind == .flatten }

    public var kindName: String {
        switch kind {
        case .flatten: return "Flatten"
        case .relu: return "ReLU"
        case .relu6: return "ReLU6"
        }
    }

    var activation: ActivationKind {
        switch kind {
        case .flatten: return .linear
        case .relu: return .relu
        case .relu6: return .relu6
        }
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        let n = batch * inputShape.count
        y.update(from: x, count: n)
        activate(y, count: n, activation)
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        guard let dx else { return }
        let n = batch * inputShape.count
        activationBackward(dy, output: y, count: n, activation)
        dx.update(from: dy, count: n)
    }
}
