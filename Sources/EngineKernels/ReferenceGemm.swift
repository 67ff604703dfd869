/// The readable definition `sgemm` is tested against: a triple loop that accumulates in
/// `Double`, with the same argument conventions as `sgemm`.
public func referenceSgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = accumulate ? Double(c[i * ldc + j]) : 0
            for p in 0..<k {
                let x = transA ? a[p * lda + i] : a[i * lda + p]
                let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                sum += Double(x) * Double(y)
            }
            c[i * ldc + j] = Float(sum)
        }
    }
}
