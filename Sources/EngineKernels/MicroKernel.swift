/// The 6×16 FMA micro-kernel: `C[rows×cols] (+)= A[rows×depth] · P[depth×16]`.
///
/// Twelve named `SIMD8<Float>` accumulators (6 rows × 2 halves of 16 columns) stay in
/// registers; each step of `depth` loads one 16-wide row of the packed panel and broadcasts
/// one element of each of the six rows of A. Rows past `rows` re-read the last valid row
/// (their results are dropped), so edge tiles need no separate code. Columns past `cols` are
/// zero in the panel and are not stored. With `bias` (this tile's 16 columns), stores
/// `activation(C + bias)` (see `storeTile`).
@inline(__always)
func microKernel6x16(
    rows: Int, cols: Int, depth: Int,
    a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
    panel: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
    bias: UnsafePointer<Float>? = nil, activation: ActivationKind = .linear
) {
    let last = rows - 1
    var p0 = a
    var p1 = a + min(1, last) * rowStride
    var p2 = a + min(2, last) * rowStride
    var p3 = a + min(3, last) * rowStride
    var p4 = a + min(4, last) * rowStride
    var p5 = a + min(5, last) * rowStride
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    var pb = panel
    for _ in 0..<depth {
        let b0 = load8(pb), b1 = load8(pb + 8)
        let a0 = SIMD8<Float>(repeating: p0.pointee)
        c00.addProduct(a0, b0); c01.addProduct(a0, b1)
        let a1 = SIMD8<Float>(repeating: p1.pointee)
        c10.addProduct(a1, b0); c11.addProduct(a1, b1)
        let a2 = SIMD8<Float>(repeating: p2.pointee)
        c20.addProduct(a2, b0); c21.addProduct(a2, b1)
        let a3 = SIMD8<Float>(repeating: p3.pointee)
        c30.addProduct(a3, b0); c31.addProduct(a3, b1)
        let a4 = SIMD8<Float>(repeating: p4.pointee)
        c40.addProduct(a4, b0); c41.addProduct(a4, b1)
        let a5 = SIMD8<Float>(repeating: p5.pointee)
        c50.addProduct(a5, b0); c51.addProduct(a5, b1)
        p0 += depthStride; p1 += depthStride; p2 += depthStride
        p3 += depthStride; p4 += depthStride; p5 += depthStride
        pb += 16
    }
    storeTile(rows: rows, cols: cols, c: c, ldc: ldc, accumulate: accumulate, bias: bias, activation: activation,
              (c00, c01), (c10, c11), (c20, c21), (c30, c31), (c40, c41), (c50, c51))
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ p: UnsafeMutablePointer<Float>, _ v: SIMD8<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
private func storeRow(_ p: UnsafeMutablePointer<Float>, _ lo: SIMD8<Float>, _ hi: SIMD8<Float>, _ accumulate: Bool) {
    if accumulate {
        store8(p, load8(p) + lo)
        store8(p + 8, load8(p + 8) + hi)
    } else {
        store8(p, lo)
        store8(p + 8, hi)
    }
}

/// Stores (or adds, when `accumulate`) a 6×16 accumulator tile, each row as two halves; only
/// the first `rows` rows and `cols` columns are written. With `bias` (this tile's 16 columns),
/// stores `activation(C + bias)` with `addBiasActivate`'s operations, so the same bits.
@inline(__always)
func storeTile(
    rows: Int, cols: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
    bias: UnsafePointer<Float>?, activation: ActivationKind,
    _ r0: (SIMD8<Float>, SIMD8<Float>), _ r1: (SIMD8<Float>, SIMD8<Float>), _ r2: (SIMD8<Float>, SIMD8<Float>),
    _ r3: (SIMD8<Float>, SIMD8<Float>), _ r4: (SIMD8<Float>, SIMD8<Float>), _ r5: (SIMD8<Float>, SIMD8<Float>)
) {
    if cols == 16, let bias {
        let lo = load8(bias), hi = load8(bias + 8)
        storeBiasedRow(c, r0, accumulate, lo, hi, activation)
        if rows > 1 { storeBiasedRow(c + ldc, r1, accumulate, lo, hi, activation) }
        if rows > 2 { storeBiasedRow(c + 2 * ldc, r2, accumulate, lo, hi, activation) }
        if rows > 3 { storeBiasedRow(c + 3 * ldc, r3, accumulate, lo, hi, activation) }
        if rows > 4 { storeBiasedRow(c + 4 * ldc, r4, accumulate, lo, hi, activation) }
        if rows > 5 { storeBiasedRow(c + 5 * ldc, r5, accumulate, lo, hi, activation) }
        return
    }
    defer { if let bias { addBiasActivate(c, rows: rows, cols: cols, stride: ldc, bias: bias, activation) } }
    if cols == 16 {
        storeRow(c, r0.0, r0.1, accumulate)
        if rows > 1 { storeRow(c + ldc, r1.0, r1.1, accumulate) }
        if rows > 2 { storeRow(c + 2 * ldc, r2.0, r2.1, accumulate) }
        if rows > 3 { storeRow(c + 3 * ldc, r3.0, r3.1, accumulate) }
        if rows > 4 { storeRow(c + 4 * ldc, r4.0, r4.1, accumulate) }
        if rows > 5 { storeRow(c + 5 * ldc, r5.0, r5.1, accumulate) }
        return
    }
    // Narrow edge: spill the tile and copy the valid columns.
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 96) { tile in
        let t = tile.baseAddress.unsafelyUnwrapped
        store8(t, r0.0); store8(t + 8, r0.1); store8(t + 16, r1.0); store8(t + 24, r1.1)
        store8(t + 32, r2.0); store8(t + 40, r2.1); store8(t + 48, r3.0); store8(t + 56, r3.1)
        store8(t + 64, r4.0); store8(t + 72, r4.1); store8(t + 80, r5.0); store8(t + 88, r5.1)
        for r in 0..<rows {
            let dst = c + r * ldc, src = t + r * 16
            if accumulate {
                for j in 0..<cols { dst[j] += src[j] }
            } else {
                for j in 0..<cols { dst[j] = src[j] }
            }
        }
    }
}

@inline(__always)
private func storeBiasedRow(
    _ p: UnsafeMutablePointer<Float>, _ row: (SIMD8<Float>, SIMD8<Float>), _ accumulate: Bool,
    _ biasLo: SIMD8<Float>, _ biasHi: SIMD8<Float>, _ activation: ActivationKind
) {
    var lo = (accumulate ? load8(p) + row.0 : row.0) + biasLo
    var hi = (accumulate ? load8(p + 8) + row.1 : row.1) + biasHi
    if activation != .linear {  // Swift's max(v, 0) is 0 when v <= 0; min(v, 6) is 6 when v > 6
        lo.replace(with: 0, where: lo .<= 0)
        hi.replace(with: 0, where: hi .<= 0)
    }
    if activation == .relu6 {
        lo.replace(with: 6, where: lo .> 6)
        hi.replace(with: 6, where: hi .> 6)
    }
    store8(p, lo)
    store8(p + 8, hi)
}
