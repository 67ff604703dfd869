/// A small seeded generator (SplitMix64) so that a seed makes a run bit-reproducible:
/// initial weights and every epoch's shuffle come from it.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `[-limit, limit)`, from the top 24 bits (exact in Float).
    public mutating func uniform(_ limit: Float) -> Float {
        let unit = Float(next() >> 40) / Float(1 << 24)
        return (2 * unit - 1) * limit
    }

    /// Fills `buffer` Glorot-uniform: limit `√(6 / (fanIn + fanOut))`.
    public mutating func glorotUniform(_ buffer: UnsafeMutableBufferPointer<Float>, fanIn: Int, fanOut: Int) {
        let limit = (6 / Float(fanIn + fanOut)).squareRoot()
        for i in buffer.indices { buffer[i] = uniform(limit) }
    }

    /// A Fisher–Yates shuffle driven by this generator (deterministic, unlike `shuffle()` defaults across versions).
    public mutating func shuffle(_ a: inout [Int32]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
