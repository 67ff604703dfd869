import EngineKernels

/// 2-D convolution over NHWC with an HWIO kernel `[k, k, in, filters]` and a bias, plus a fused
/// activation. Computed as the GEMM `[batch·oh·ow, k·k·in] · [k·k·in, filters]` (N is the filter
/// count) over the im2col matrix: read in place through offset tables for VALID windows
/// (`sgemmGathered`), built chunk by chunk otherwise.
public struct Conv2D: Layer {
    public let name: String
    public var kindName: String { "Conv2D" }
    public let inputShape: Shape
    public let outputShape: Shape
    public let filters: Int
    public let activation: ActivationKind
    let geometry: WindowGeometry
    /// Offsets in one image of each window's origin, and in a window of each tap `(ky, kx, c)`.
    let windowOrigins: [Int], tapOffsets: [Int]

    public init(name: String, input: Shape, filters: Int, kernel: Int, stride: Int, same: Bool, activation: ActivationKind) {
        self.name = name
        self.inputShape = input
        self.filters = filters
        self.activation = activation
        geometry = WindowGeometry(height: input.height, width: input.width, channels: input.channels,
                                  kernel: kernel, stride: stride, same: same)
        outputShape = Shape(height: geometry.outHeight, width: geometry.outWidth, channels: filters)
        let g = geometry
        windowOrigins = (0..<g.outHeight).flatMap { oy in
            (0..<g.outWidth).map { ox in (oy * g.width + ox) * g.stride * g.channels }
        }
        tapOffsets = (0..<g.kernelHeight).flatMap { ky in
            (0..<g.kernelWidth).flatMap { kx in (0..<g.channels).map { (ky * g.width + kx) * g.channels + $0 } }
        }
    }

    var positions: Int { geometry.outHeight * geometry.outWidth }
    var patch: Int { geometry.patchSize }

    public var parameterArrays: [ParameterArray] {
        let k = geometry.kernelHeight
        return [ParameterArray("kernel", [k, k, inputShape.channels, filters]), ParameterArray("bias", [filters])]
    }
    /// Scratch for the im2col matrix of one chunk of images (at most one image's worth per
    /// example of the batch; a chunk uses the start of it).
    public var savedPerExample: Int { positions * patch }

    /// Floats of im2col matrix per chunk: small enough (256 KiB) to stay in L2 between being
    /// written and read by the GEMM, which beats writing the whole batch's matrix once (MBs,
    /// out to L3) and reading it twice. Backward recomputes it rather than reading it back cold.
    /// (Tests lower it to run several chunks on small shapes.)
    var chunkFloats = 1 << 16

    /// Splits `batch` images into near-equal chunks whose im2col matrices fit `chunkFloats`.
    func chunks(_ batch: Int) -> [Range<Int>] {
        let perChunk = max(1, chunkFloats / max(positions * patch, 1))
        let count = (batch + perChunk - 1) / perChunk
        return (0..<count).map { i in (i * batch / count)..<((i + 1) * batch / count) }
    }

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
        if geometry.windowsStayInside {  // implicit GEMM: the im2col matrix is never built
            withWindowTables(batch: batch) { origins, taps in
                sgemmGathered(m: batch * positions, n: filters, k: patch, base: x, rowOffsets: origins, depthOffsets: taps,
                              b: params, ldb: filters, c: y, ldc: filters, bias: params + patch * filters, activation: activation)
            }
            return
        }
        let inSize = inputShape.count, outSize = outputShape.count
        for chunk in chunks(batch) {
            im2col(x + chunk.lowerBound * inSize, batch: chunk.count, geometry, into: saved)
            sgemm(m: chunk.count * positions, n: filters, k: patch, a: saved, lda: patch, b: params, ldb: filters,
                  c: y + chunk.lowerBound * outSize, ldc: filters, bias: params + patch * filters, activation: activation)
        }
    }

    public func backward(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>?, batch: Int,
        params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>, saved: UnsafeMutablePointer<Float>
    ) {
        let inSize = inputShape.count, outSize = outputShape.count
        // dz = dy masked by the activation; ∂bias = Σ rows of dz
        activationBackward(dy, output: y, rows: batch * positions, cols: filters, activation, columnSums: grads + patch * filters)
        let implicit = geometry.windowsStayInside
        if implicit {  // ∂kernel = colᵀ · dz, reading colᵀ(tap, position) straight from the images
            withWindowTables(batch: batch) { origins, taps in
                sgemmGathered(m: patch, n: filters, k: batch * positions, base: x, rowOffsets: taps, depthOffsets: origins,
                              b: dy, ldb: filters, c: grads, ldc: filters)
            }
            guard let dx else { return }
            if convolutionInputGradientIsSupported(geometry, filters: filters) {  // ∂x = dz · kernelᵀ added onto the images
                convolutionInputGradient(dy, batch: batch, geometry, kernel: params, filters: filters, into: dx)
                return
            }
        }
        for chunk in chunks(batch) {
            let rows = chunk.count * positions, dz = dy + chunk.lowerBound * outSize
            if !implicit {
                im2col(x + chunk.lowerBound * inSize, batch: chunk.count, geometry, into: saved)
                // ∂kernel += colᵀ · dz, chunk by chunk
                sgemm(transA: true, m: patch, n: filters, k: rows, a: saved, lda: patch, b: dz, ldb: filters,
                      c: grads, ldc: filters, accumulate: chunk.lowerBound > 0)
            }
            guard let dx else { continue }
            // ∂col = dz · kernelᵀ, into the chunk's im2col buffer, then folded back onto the images.
            sgemm(transB: true, m: rows, n: patch, k: filters, a: dz, lda: filters, b: params, ldb: filters, c: saved, ldc: patch)
            col2im(saved, batch: chunk.count, geometry, into: dx + chunk.lowerBound * inSize)
        }
    }

    /// Offset tables for `sgemmGathered` over `batch` images: each window's origin (batch-major,
    /// like the output rows) and each tap within a window (`(ky, kx, c)`, like the kernel rows).
    func withWindowTables(batch: Int, _ body: (UnsafePointer<Int>, UnsafePointer<Int>) -> Void) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: batch * positions) { table in
            let origins = table.baseAddress.unsafelyUnwrapped
            windowOrigins.withUnsafeBufferPointer { image in
                for b in 0..<batch {
                    let shift = b * inputShape.count, row = origins + b * positions
                    for i in 0..<positions { row[i] = image[i] + shift }
                }
            }
            tapOffsets.withUnsafeBufferPointer { body(origins, $0.baseAddress.unsafelyUnwrapped) }
        }
    }
}
