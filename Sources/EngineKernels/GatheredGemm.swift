/// A matrix multiply whose left operand is read through offset tables ("implicit GEMM"):
/// `A(i, p) = base[rowOffsets[i] + depthOffsets[p]]`. With row offsets at the windows' origins
/// and depth offsets at the taps within a window, `A` is the im2col matrix of a VALID
/// convolution without building it; with the two tables swapped it is that matrix's transpose
/// (for the weight gradient).
///
/// Computes `C = A·B` (or `C += A·B` when `accumulate`), `B` being `k×n` row-major (`ldb`), then
/// the optional `bias` + `activation` like `sgemm`, with the same blocking (`forEachGemmTile`).
public func sgemmGathered(
    m: Int, n: Int, k: Int, base: UnsafePointer<Float>, rowOffsets: UnsafePointer<Int>, depthOffsets: UnsafePointer<Int>,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
    bias: UnsafePointer<Float>? = nil, activation: ActivationKind = .linear
) {
    guard m > 0, n > 0, k > 0 else {
        // Same results as sgemm for an empty depth.
        sgemm(m: m, n: n, k: 0, a: base, lda: 1, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate,
              bias: bias, activation: activation)
        return
    }
    forEachGemmTile(m: m, n: n, k: k, b: b, depthStride: ldb, colStride: 1, accumulate: accumulate, bias: bias) {
        ic, jc, pc, rows, cols, depth, panel, add, epilogue in
        gatheredMicroKernel6x16(
            rows: rows, cols: cols, depth: depth, base: base, rowOffsets: rowOffsets + ic, depthOffsets: depthOffsets + pc,
            panel: panel, c: c + ic * ldc + jc, ldc: ldc, accumulate: add, bias: epilogue, activation: activation)
    }
}

/// `microKernel6x16` with A read through the offset tables (rows past `rows` repeat the last),
/// storing `activation(C + bias)` when `bias` is given.
@inline(__always)
func gatheredMicroKernel6x16(
    rows: Int, cols: Int, depth: Int, base: UnsafePointer<Float>, rowOffsets: UnsafePointer<Int>,
    depthOffsets: UnsafePointer<Int>, panel: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
    bias: UnsafePointer<Float>?, activation: ActivationKind
) {
    let last = rows - 1
    let p0 = base + rowOffsets[0]
    let p1 = base + rowOffsets[min(1, last)]
    let p2 = base + rowOffsets[min(2, last)]
    let p3 = base + rowOffsets[min(3, last)]
    let p4 = base + rowOffsets[min(4, last)]
    let p5 = base + rowOffsets[min(5, last)]
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    var pb = panel
    for d in 0..<depth {
        let o = depthOffsets[d]
        let b0 = load8(pb), b1 = load8(pb + 8)
        let a0 = SIMD8<Float>(repeating: p0[o])
        c00.addProduct(a0, b0); c01.addProduct(a0, b1)
        let a1 = SIMD8<Float>(repeating: p1[o])
        c10.addProduct(a1, b0); c11.addProduct(a1, b1)
        let a2 = SIMD8<Float>(repeating: p2[o])
        c20.addProduct(a2, b0); c21.addProduct(a2, b1)
        let a3 = SIMD8<Float>(repeating: p3[o])
        c30.addProduct(a3, b0); c31.addProduct(a3, b1)
        let a4 = SIMD8<Float>(repeating: p4[o])
        c40.addProduct(a4, b0); c41.addProduct(a4, b1)
        let a5 = SIMD8<Float>(repeating: p5[o])
        c50.addProduct(a5, b0); c51.addProduct(a5, b1)
        pb += 16
    }
    storeTile(rows: rows, cols: cols, c: c, ldc: ldc, accumulate: accumulate, bias: bias, activation: activation,
              (c00, c01), (c10, c11), (c20, c21), (c30, c31), (c40, c41), (c50, c51))
}
