/// The small deterministic generator (a 64-bit LCG with Knuth's MMIX constants) the float, hybrid
/// and float-conv kernel tests draw their values from, so that failures reproduce.
struct TestLCG {
    var state: UInt64

    /// The next value in `0...2000`.
    mutating func nextInt() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(Int64(bitPattern: state >> 11) % 2001)
    }

    /// The next value in `−1000/divisor ... 1000/divisor`, in steps of `1/divisor`.
    mutating func nextFloat(dividedBy divisor: Float) -> Float { Float(nextInt() - 1000) / divisor }
}
