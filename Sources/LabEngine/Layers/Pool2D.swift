import EngineKernels

/// Max or average pooling over NHWC windows (Keras `MaxPooling2D` / `AveragePooling2D`):
/// stride defaults to the pool size, VALID padding floors the output size.
public struct Pool2D: Layer {
    public enum Kind: Sendable { case max, average }
    public let name: String
    public let kind: Kind
    public var kindName: String { kind == .max ? "MaxPooling2D" : "AveragePooling2D" }
    public let inputShape: Shape
    public let outputShape: Shape
    let geometry: WindowGeometry

    public init(name: String, kind: Kind, input: Shape, pool: Int, stride: Int, same: Bool) {
        self.name = name
        self.kind = kind
        self.inputShape = input
        geometry = WindowGeometry(height: input.height, width: input.width, channels: input.channels,
                                  kernel: pool, stride: stride, same: same)
        outputShape = Shape(height: geometry.outHeight, width: geometry.outWidth, channels: input.channels)
    }

    /// Max pooling keeps the index of each window's winner (an `Int32` in each saved slot).
    public var savedPerExample: Int { kind == .max ? outputShape.count : 0 }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        switch kind {
        case .max:
            saved.withMemoryRebound(to: Int32.self, capacity: batch * outputShape.count) { argmax in
                maxPoolForward(x, batch: batch, geometry, into: y, argmax: argmax)
            }
        case .average: averagePoolForward(x, batch: batch, geometry, into: y)
        }
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        guard let dx else { return }
        switch kind {
        case .max:
            saved.withMemoryRebound(to: Int32.self, capacity: batch * outputShape.count) { argmax in
                maxPoolBackward(dy, argmax: argmax, batch: batch, geometry, into: dx)
            }
        case .average: averagePoolBackward(dy, batch: batch, geometry, into: dx)
        }
    }
}
