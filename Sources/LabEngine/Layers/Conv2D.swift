import EngineKernels

/// 2-D convolution over NHWC with an HWIO kernel `[k, k, in, filters]` and a bias, plus a fused
/// activation. Computed as im2col then one GEMM, `[batch·oh·ow, k·k·in] · [k·k·in, filters]`,
/// so the GEMM's N is the filter count.
public struct Conv2D: Layer {
    public let name: String
    public var kindName: String { "Conv2D" }
    public let inputShape: Shape
    public let outputShape: Shape
    public let filters: Int
    public let activation: ActivationKind
    let geometry: WindowGeometry

    public init(name: String, input: Shape, filters: Int, kernel: Int, stride: Int, same: Bool, activation: ActivationKind) {
        self.name = name
        self.inputShape = input
        self.filters = filters
        self.activation = activation
        geometry = WindowGeometry(height: input.height, width: input.width, channels: input.channels,
                                  kernel: kernel, stride: stride, same: same)
        outputShape = Shape(height: geometry.outHeight, width: geometry.outWidth, channels: filters)
    }

    var positions: Int { geometry.outHeight * geometry.outWidth }
    var patch: Int { geometry.patchSize }

    public var parameterArrays: [ParameterArray] {
        let k = geometry.kernelHeight
        return [ParameterArray("kernel", [k, k, inputShape.channels, filters]), ParameterArray("bias", [filters])]
    }
    /// The im2col matrix, reused by the weight gradient.
    public var savedPerExample: Int { positions * patch }

    public func initialize(_ params: UnsafeMutableBufferPointer<Float>, rng: inout RandomGenerator) {
        let receptive = geometry.kernelHeight * geometry.kernelWidth
        let kernel = UnsafeMutableBufferPointer(rebasing: params[0..<(patch * filters)])
        rng.glorotUniform(kernel, fanIn: receptive * inputShape.channels, fanOut: receptive * filters)
        UnsafeMutableBufferPointer(rebasing: params[(patch * filters)...]).update(repeating: 0)
    }

    public func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
        params: UnsafePointer<Float>, saved: UnsafeMutablePointer<Float>, training: Bool
    ) {
        im2col(x, batch: batch, geometry, into: saved)
        let rows = batch * positions
        sgemm(m: rows, n: filters, k: patch, a: saved, lda: patch, b: params, ldb: filters, c: y, ldc: filters)
        addBiasActivate(y, rows: rows, cols: filters, bias: params + patch * filters, activation)
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        let rows = batch * positions
        activationBackward(dy, output: y, count: rows * filters, activation)
        // ∂kernel = colᵀ · dz ; ∂bias = Σ rows of dz
        sgemm(transA: true, m: patch, n: filters, k: rows, a: saved, lda: patch, b: dy, ldb: filters, c: grads, ldc: filters)
        columnSums(dy, rows: rows, cols: filters, into: grads + patch * filters)
        guard let dx else { return }
        // ∂col = dz · kernelᵀ, reusing the im2col buffer, then folded back onto the image.
        sgemm(transB: true, m: rows, n: patch, k: filters, a: dy, lda: filters, b: params, ldb: filters, c: saved, ldc: patch)
        col2im(saved, batch: batch, geometry, into: dx)
    }
}
