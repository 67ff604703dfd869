import Testing
@testable import EngineKernels

@Test func sgemmBiasAndReLUByHand() {
    // [1 2; 3 4]·[1 0; -1 1] = [-1 2; -1 4]; + bias [0.5, -3] = [-0.5 -1; -0.5 1]; ReLU
    let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, -1, 1], bias: [Float] = [0.5, -3]
    var c = [Float](repeating: 9, count: 4)
    sgemm(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2, bias: bias, activation: .relu)
    #expect(c == [0, 0, 0, 1])
}

/// The fused epilogue must give the bits of a plain GEMM followed by `addBiasActivate`,
/// including shapes with several depth blocks (k > 256), narrow edges (n = 10) and row tails.
@Test(arguments: [(13, 16, 9), (7, 32, 144), (5, 10, 800), (6, 40, 300)])
func sgemmEpilogueEqualsASeparatePass(m: Int, n: Int, k: Int) {
    let a = values(m * k, seed: 1), b = values(k * n, seed: 2), bias = values(n, seed: 3)
    for activation in [ActivationKind.linear, .relu, .relu6] {
        for accumulate in [false, true] {
            let start = values(m * n, seed: 4).map { $0 * 8 }  // some sums pass 6 for ReLU6
            var fused = start, separate = start
            sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &fused, ldc: n, accumulate: accumulate,
                  bias: bias, activation: activation)
            sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &separate, ldc: n, accumulate: accumulate)
            addBiasActivate(&separate, rows: m, cols: n, bias: bias, activation)
            #expect(fused == separate, "\(activation) accumulate \(accumulate)")
        }
    }
}

@Test(arguments: [(ActivationKind.relu, 32), (.relu, 16), (.relu, 5), (.relu6, 16), (.linear, 8)])
func activationBackwardWithColumnSumsEqualsTwoPasses(activation: ActivationKind, cols: Int) {
    let rows = 9
    let y = values(rows * cols, seed: 5).map { $0 * 8 }  // ReLU outputs would be ≥ 0; the mask only tests > 0 (and < 6)
    let dy = values(rows * cols, seed: 6)
    var fused = dy, separate = dy
    var fusedSums = [Float](repeating: .nan, count: cols), separateSums = fusedSums
    activationBackward(&fused, output: y, rows: rows, cols: cols, activation, columnSums: &fusedSums)
    activationBackward(&separate, output: y, count: rows * cols, activation)
    columnSums(separate, rows: rows, cols: cols, into: &separateSums)
    #expect(fused == separate)
    #expect(fusedSums == separateSums)
    if activation == .relu {  // and the mask itself: gradient kept exactly where the output is positive
        #expect(fused == zip(dy, y).map { $1 > 0 ? $0 : 0 })
    }
}

@Test func adamUpdateLanesMatchTheScalarFormula() {
    // 19 parameters: two 8-wide groups and a scalar tail must follow the same formula.
    let count = 19, step: Float = 0.0003, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7
    let grads = values(count, seed: 7)
    var params = values(count, seed: 8), m = values(count, seed: 9).map { $0 * 0.1 }
    var v = values(count, seed: 10).map { $0 * $0 * 0.01 }
    var expected = params, em = m, ev = v
    for i in 0..<count {
        em[i] += (grads[i] - em[i]) * (1 - beta1)
        ev[i] += (grads[i] * grads[i] - ev[i]) * (1 - beta2)
        expected[i] -= step * em[i] / (ev[i].squareRoot() + epsilon)
    }
    adamUpdate(params: &params, grads: grads, m: &m, v: &v, count: count, step: step, beta1: beta1, beta2: beta2, epsilon: epsilon)
    #expect(params == expected)
    #expect(m == em)
    #expect(v == ev)
}

@Test func addBiasActivateLanesFollowSwiftsMaxAndMin() {
    // 16 columns take the 8-lane path; compare with Swift's scalar max/min, including ±0 and NaN.
    let y: [Float] = [-1, 0, -0.0, 0.5, 7, 6, .nan, 3, -2, 2, 100, -100, 5.5, 6.5, 1e-30, -1e-30]
    let bias = [Float](repeating: 0, count: 8) + [Float](repeating: 0.5, count: 8)
    for activation in [ActivationKind.linear, .relu, .relu6] {
        var fast = y
        addBiasActivate(&fast, rows: 1, cols: 16, bias: bias, activation)
        let expected: [Float] = zip(y, bias).map { v, b in
            switch activation {
            case .linear: return v + b
            case .relu: return max(v + b, 0)
            case .relu6: return min(max(v + b, 0), 6)
            }
        }
        #expect(fast.map(\.bitPattern) == expected.map(\.bitPattern), "\(activation)")
    }
}

/// A VALID 3×3 convolution over `batch` NHWC images as the implicit GEMM sees it.
private struct ConvTables {
    let g: WindowGeometry, batch: Int
    var origins: [Int] {
        (0..<batch).flatMap { b in
            (0..<g.outHeight).flatMap { oy in
                (0..<g.outWidth).map { ox in b * g.height * g.width * g.channels + (oy * g.stride * g.width + ox * g.stride) * g.channels }
            }
        }
    }
    var taps: [Int] {
        (0..<g.kernelHeight).flatMap { ky in
            (0..<g.kernelWidth).flatMap { kx in (0..<g.channels).map { (ky * g.width + kx) * g.channels + $0 } }
        }
    }
}

@Test(arguments: [(28, 1, 16), (13, 16, 32), (9, 5, 7)])
func gatheredGemmEqualsIm2colThenGemm(size: Int, channels: Int, filters: Int) {
    let g = WindowGeometry(height: size, width: size - 1, channels: channels, kernel: 3, stride: 1, same: false)
    let batch = 2, rows = batch * g.outHeight * g.outWidth, patch = g.patchSize
    let x = values(batch * g.height * g.width * channels, seed: 11), w = values(patch * filters, seed: 12)
    let bias = values(filters, seed: 13)
    var col = [Float](repeating: 0, count: rows * patch)
    im2col(x, batch: batch, g, into: &col)
    let tables = ConvTables(g: g, batch: batch)
    // Forward: y = act(col · w + bias); the same depth order, so the same bits.
    var implicit = [Float](repeating: .nan, count: rows * filters), explicit = implicit
    sgemmGathered(m: rows, n: filters, k: patch, base: x, rowOffsets: tables.origins, depthOffsets: tables.taps,
                  b: w, ldb: filters, c: &implicit, ldc: filters, bias: bias, activation: .relu)
    sgemm(m: rows, n: filters, k: patch, a: col, lda: patch, b: w, ldb: filters, c: &explicit, ldc: filters,
          bias: bias, activation: .relu)
    #expect(implicit == explicit)
    // Weight gradient: colᵀ · dz (depth = every position, several depth blocks), accumulated.
    let dz = values(rows * filters, seed: 14), start = values(patch * filters, seed: 15)
    var gradient = start, reference = start
    sgemmGathered(m: patch, n: filters, k: rows, base: x, rowOffsets: tables.taps, depthOffsets: tables.origins,
                  b: dz, ldb: filters, c: &gradient, ldc: filters, accumulate: true)
    referenceSgemm(transA: true, m: patch, n: filters, k: rows, a: col, lda: patch, b: dz, ldb: filters,
                   c: &reference, ldc: filters, accumulate: true)
    let worst = zip(gradient, reference).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst < Float(rows) * 1e-6)
}
