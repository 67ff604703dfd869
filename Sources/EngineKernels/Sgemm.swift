/// Single-precision matrix multiply for the training engine.
///
/// Matrices are row-major. `transA`/`transB` say how the operands are stored:
/// - `A` is `m×k` (`transA == false`, element `(i, p)` at `a[i*lda + p]`) or stored as its
///   transpose `k×m` (`transA == true`, element `(i, p)` at `a[p*lda + i]`);
/// - `B` is `k×n` (`transB == false`, `(p, j)` at `b[p*ldb + j]`) or stored `n×k` (`(p, j)` at `b[j*ldb + p]`).
///
/// Computes `C = A·B` (or `C += A·B` when `accumulate`), `C` being `m×n` with row stride `ldc`;
/// then, when `bias` (`n` floats) is given, `C = activation(C + bias[j])` (`addBiasActivate`),
/// applied to each tile as the micro-kernel stores it, straight from registers.
/// The work is done by a 6×16 register-blocked FMA micro-kernel on panels of `B` packed 16
/// columns wide and at most 256 deep (so a panel stays in L1), with `A` read in place.
/// Single-threaded: the trainer parallelizes across half-batches instead.
public func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
    bias: UnsafePointer<Float>? = nil, activation: ActivationKind = .linear
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        if let bias { addBiasActivate(c, rows: m, cols: n, stride: ldc, bias: bias, activation) }
        return
    }
    // Strides of A along its rows (i) and along k, and of B along k and along its columns (j).
    let aRow = transA ? 1 : lda, aDepth = transA ? lda : 1
    let bDepth = transB ? 1 : ldb, bCol = transB ? ldb : 1
    forEachGemmTile(m: m, n: n, k: k, b: b, depthStride: bDepth, colStride: bCol, accumulate: accumulate, bias: bias) {
        ic, jc, pc, rows, cols, depth, panel, add, epilogue in
        microKernel6x16(
            rows: rows, cols: cols, depth: depth,
            a: a + ic * aRow + pc * aDepth, rowStride: aRow, depthStride: aDepth,
            panel: panel, c: c + ic * ldc + jc, ldc: ldc, accumulate: add, bias: epilogue, activation: activation)
    }
}

/// The blocking shared by `sgemm` and `sgemmGathered`: B in panels 16 wide and up to
/// `GemmBlocking.depth` deep (packed, unless B is already one dense 16-wide panel), each
/// swept by 6-row tiles. Calls `tile(ic, jc, pc, rows, cols, depth, panel, accumulate, bias)`
/// for the tile at row `ic`, column `jc`, depth `pc`; `accumulate` is set past the first depth
/// block (or when the caller accumulates), `bias` (offset to `jc`) only on the last one.
/// `k` must be positive.
@inline(__always)
func forEachGemmTile(
    m: Int, n: Int, k: Int, b: UnsafePointer<Float>, depthStride: Int, colStride: Int, accumulate: Bool,
    bias: UnsafePointer<Float>?,
    _ tile: (Int, Int, Int, Int, Int, Int, UnsafePointer<Float>, Bool, UnsafePointer<Float>?) -> Void
) {
    let panel = UnsafeMutablePointer<Float>.allocate(capacity: GemmBlocking.depth * 16)
    defer { panel.deallocate() }
    // A B exactly 16 wide (row-major) is already a dense panel: read it in place.
    let dense = n == 16 && depthStride == 16 && colStride == 1
    var jc = 0
    while jc < n {
        let nb = min(16, n - jc)
        var pc = 0
        while pc < k {
            let kb = min(GemmBlocking.depth, k - pc)
            if !dense { packPanel(b + pc * depthStride + jc * colStride, depthStride: depthStride, colStride: colStride, depth: kb, cols: nb, into: panel) }
            let source = dense ? b + pc * 16 : UnsafePointer(panel)
            let add = accumulate || pc > 0
            let epilogue = pc + kb == k ? bias.map { $0 + jc } : nil
            var ic = 0
            while ic < m {
                tile(ic, jc, pc, min(6, m - ic), nb, kb, source, add, epilogue)
                ic += 6
            }
            pc += kb
        }
        jc += 16
    }
}

/// Block sizes of `sgemm`.
public enum GemmBlocking {
    /// Depth of one packed panel of B: 256 × 16 floats = 16 KiB, inside a 32 KiB L1.
    public static let depth = 256
}

/// Copies a `depth × cols` block of B into a dense `depth × 16` panel, zero-filling columns past `cols`.
@inline(__always)
func packPanel(
    _ b: UnsafePointer<Float>, depthStride: Int, colStride: Int, depth: Int, cols: Int,
    into panel: UnsafeMutablePointer<Float>
) {
    if cols == 16 && colStride == 1 {  // inline copies: a memmove call per 16 floats costs more than the copy
        for p in 0..<depth {
            store8(panel + p * 16, load8(b + p * depthStride))
            store8(panel + p * 16 + 8, load8(b + p * depthStride + 8))
        }
        return
    }
    for p in 0..<depth {
        let row = panel + p * 16
        let src = b + p * depthStride
        for j in 0..<cols { row[j] = src[j * colStride] }
        for j in cols..<16 { row[j] = 0 }
    }
}
