import Testing
@testable import EngineKernels

/// Runs `sgemm` and `referenceSgemm` on the same inputs; returns the worst error relative to
/// the size of the terms (Σ|a||b| + |c|), which is what float rounding scales with.
private func worstError(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, pad: Int = 0, accumulate: Bool = false
) -> Float {
    let lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad
    let a = values((transA ? k : m) * lda, seed: 1), b = values((transB ? n : k) * ldb, seed: 2)
    let c0 = values(m * ldc, seed: 3)
    var fast = c0, slow = c0
    fast.withUnsafeMutableBufferPointer { c in
        sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
              c: c.baseAddress!, ldc: ldc, accumulate: accumulate)
    }
    slow.withUnsafeMutableBufferPointer { c in
        referenceSgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                       c: c.baseAddress!, ldc: ldc, accumulate: accumulate)
    }
    var worst: Float = 0
    for i in 0..<m {
        for j in 0..<n {
            // Each term is at most 1·1, so k (+1 for the accumulated C) bounds Σ|terms|.
            let scale = Float(k) + (accumulate ? 1 : 0)
            worst = max(worst, abs(fast[i * ldc + j] - slow[i * ldc + j]) / scale)
        }
        // Padding columns of C must be untouched.
        for j in n..<ldc { if fast[i * ldc + j] != c0[i * ldc + j] { return .infinity } }
    }
    return worst
}

@Test(arguments: [(1, 1, 1), (5, 7, 3), (6, 16, 9), (7, 17, 257), (13, 33, 300), (32, 10, 800), (61, 16, 513)])
func sgemmMatchesReferenceOnOddShapes(m: Int, n: Int, k: Int) {
    for transA in [false, true] {
        for transB in [false, true] {
            for accumulate in [false, true] {
                let err = worstError(transA: transA, transB: transB, m: m, n: n, k: k, pad: 3, accumulate: accumulate)
                #expect(err < 1e-5, "transA \(transA) transB \(transB) acc \(accumulate) \(m)×\(n)×\(k)")
            }
        }
    }
}

@Test func sgemmHandComputed() {
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
    let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
    var c = [Float](repeating: 0, count: 4)
    sgemm(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2)
    #expect(c == [19, 22, 43, 50])
    // Aᵀ·B with A stored [1 2; 3 4] means [1 3; 2 4]·B = [26 30; 38 44]
    sgemm(transA: true, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2)
    #expect(c == [26, 30, 38, 44])
    // A·Bᵀ = [1 2; 3 4]·[5 7; 6 8] = [17 23; 39 53], accumulated onto the previous C
    sgemm(transB: true, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2, accumulate: true)
    #expect(c == [43, 53, 77, 97])
}

@Test func sgemmWithZeroDepthClearsOrKeeps() {
    var c: [Float] = [1, 2, 3]
    let none: [Float] = [0]
    sgemm(m: 1, n: 3, k: 0, a: none, lda: 1, b: none, ldb: 3, c: &c, ldc: 3, accumulate: true)
    #expect(c == [1, 2, 3])
    sgemm(m: 1, n: 3, k: 0, a: none, lda: 1, b: none, ldb: 3, c: &c, ldc: 3)
    #expect(c == [0, 0, 0])
}

@Test(arguments: [(13, 16, 300), (7, 16, 9)])
func sgemmReadsASixteenWideBInPlace(m: Int, n: Int, k: Int) {
    // No padding: B (k×16, row stride 16) is used as the packed panel itself.
    for transA in [false, true] {
        #expect(worstError(transA: transA, transB: false, m: m, n: n, k: k) < 1e-5, "transA \(transA)")
    }
}
