/// Deterministic pseudo-random values in [-1, 1), shared by the kernel tests so that a seed
/// names the same inputs in every file.
func values(_ count: Int, seed: UInt64) -> [Float] {
    var s = seed
    return (0..<count).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: s >> 11) % 2_000_000) / 1_000_000 - 1
    }
}
