import CLiteKernels

/// Which implementation runs the int8 GEMM of the fast conv and FC kernels. Both are exact, so the
/// choice never changes results, only speed.
public enum Int8GemmBackend: Sendable, Equatable {
    /// Plain Swift loops (`int8GemmNT`), auto-vectorized.
    case swift
    /// The C target with run-time CPU dispatch: AVX-512 VNNI, AVX-VNNI, AVX2, or portable C.
    case native

    /// The instruction set the native backend uses on this thread ("avx512-vnni", "avx-vnni", "avx2", "scalar").
    public static var nativeInstructionSet: String {
        switch clk_active_isa() {
        case CLK_ISA_AVX512_VNNI: return "avx512-vnni"
        case CLK_ISA_AVX_VNNI: return "avx-vnni"
        case CLK_ISA_AVX2: return "avx2"
        default: return "scalar"
        }
    }

    /// Runs `c = a · bᵀ` (see `int8GemmNT` for the contract) with this backend.
    @inline(__always)
    public func gemm(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, lda: Int, b: UnsafePointer<Int8>, ldb: Int,
                     c: UnsafeMutablePointer<Int32>, ldc: Int) {
        switch self {
        case .swift:
            int8GemmNT(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        case .native:
            clk_int8_gemm_nt(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), c, Int32(ldc))
        }
    }

    /// Runs the broadcast product of short filters (see `int8GemmBroadcast`) with this backend:
    /// `.swift` is `int8GemmBroadcast`, `.native` `clk_int8_gemm_broadcast` (two rows × 16 channels in AVX2).
    @inline(__always)
    public func gemmBroadcast(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, lda: Int, bT: UnsafePointer<Int32>,
                              ldb: Int, c: UnsafeMutablePointer<Int32>, ldc: Int) {
        switch self {
        case .swift:
            int8GemmBroadcast(m: m, n: n, k: k, a: a, lda: lda, bT: bT, ldb: ldb, c: c, ldc: ldc)
        case .native:
            clk_int8_gemm_broadcast(Int32(m), Int32(n), Int32(k), a, Int32(lda), bT, Int32(ldb), c, Int32(ldc))
        }
    }
}
