/// `c[i·ldc + j] = Σ_k a[i·lda + k] · b[j·ldb + k]` for `i < m`, `j < n`, exact Int32 (wrapping) sums:
/// the int8 matrix product in "NT" form (both operands row-major along k) that the fast conv and
/// FC kernels run. `n` must be a multiple of 4 (pack `b` with zero rows); `k` is any length,
/// though multiples of 16 vectorize best.
///
/// Plain Swift loops, 2×4 register blocks: LLVM turns the inner loops into `vpmovsxbw` + `vpmaddwd`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `a` rows × depth and `b` columns
/// × depth bytes, depth padded as documented; `c` rows × columns Int32.
public func int8GemmNT(m: Int, n: Int, k: Int,
                       a: UnsafePointer<Int8>, lda: Int, b: UnsafePointer<Int8>, ldb: Int,
                       c: UnsafeMutablePointer<Int32>, ldc: Int) {
    var j = 0
    while j < n {
        let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
        var i = 0
        while i + 2 <= m {
            let a0 = a + i * lda, a1 = a0 + lda
            var c00: Int32 = 0, c01: Int32 = 0, c02: Int32 = 0, c03: Int32 = 0
            var c10: Int32 = 0, c11: Int32 = 0, c12: Int32 = 0, c13: Int32 = 0
            for p in 0..<k {
                let x0 = Int32(a0[p]), x1 = Int32(a1[p])
                let w0 = Int32(b0[p]), w1 = Int32(b1[p]), w2 = Int32(b2[p]), w3 = Int32(b3[p])
                c00 &+= x0 &* w0; c01 &+= x0 &* w1; c02 &+= x0 &* w2; c03 &+= x0 &* w3
                c10 &+= x1 &* w0; c11 &+= x1 &* w1; c12 &+= x1 &* w2; c13 &+= x1 &* w3
            }
            let r0 = c + i * ldc + j, r1 = r0 + ldc
            r0[0] = c00; r0[1] = c01; r0[2] = c02; r0[3] = c03
            r1[0] = c10; r1[1] = c11; r1[2] = c12; r1[3] = c13
            i += 2
        }
        if i < m {
            let a0 = a + i * lda
            var c00: Int32 = 0, c01: Int32 = 0, c02: Int32 = 0, c03: Int32 = 0
            for p in 0..<k {
                let x0 = Int32(a0[p])
                c00 &+= x0 &* Int32(b0[p]); c01 &+= x0 &* Int32(b1[p])
                c02 &+= x0 &* Int32(b2[p]); c03 &+= x0 &* Int32(b3[p])
            }
            let r0 = c + i * ldc + j
            r0[0] = c00; r0[1] = c01; r0[2] = c02; r0[3] = c03
        }
        j += 4
    }
}

/// The reference for `int8GemmNT`: one dot product per output, no blocking.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `a` rows × depth and `b` columns
/// × depth bytes; `c` rows × columns Int32.
public func int8GemmNTReference(m: Int, n: Int, k: Int,
                                a: UnsafePointer<Int8>, lda: Int, b: UnsafePointer<Int8>, ldb: Int,
                                c: UnsafeMutablePointer<Int32>, ldc: Int) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Int32 = 0
            for p in 0..<k { sum &+= Int32(a[i * lda + p]) &* Int32(b[j * ldb + p]) }
            c[i * ldc + j] = sum
        }
    }
}

/// `c[i·ldc + j] = Σ_k a[i·lda + k] · bT[k·ldb + j]` for `i < m`, `j < n`: the same product as
/// `int8GemmNT` with the right operand stored transposed and widened to Int32. Each `a` value is
/// broadcast across eight output channels at a time, which suits short `k` (a 3×3 filter on one input
/// channel: k = 9), where dot products along k are too short to vectorize. `n` must be a multiple of 8.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `a` rows × depth and `b` columns
/// × depth bytes; `c` rows × columns Int32.
public func int8GemmBroadcast(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, lda: Int,
                              bT: UnsafePointer<Int32>, ldb: Int, c: UnsafeMutablePointer<Int32>, ldc: Int) {
    for i in 0..<m {
        let x = a + i * lda
        var j = 0
        while j < n {
            var acc = SIMD8<Int32>()
            for p in 0..<k {
                let w = UnsafeRawPointer(bT + p * ldb + j).loadUnaligned(as: SIMD8<Int32>.self)
                acc &+= SIMD8(repeating: Int32(x[p])) &* w
            }
            UnsafeMutableRawPointer(c + i * ldc + j).storeBytes(of: acc, as: SIMD8<Int32>.self)
            j += 8
        }
    }
}
