import Foundation

/// A small seeded generator (SplitMix64) so that a lab's generated values are the same on every
/// machine and every run with the same seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// One generated component of a `quantize` step's `distribution`.
struct DistributionSpec: Equatable {
    enum Kind: String, CaseIterable { case normal, uniform, laplace }
    var kind: Kind
    var mean: Double
    /// Standard deviation; for `uniform` the range is `mean ± std·√3`, for `laplace` the
    /// scale is `std / √2` (both have this standard deviation).
    var std: Double
    var count: Int

    /// `count` samples drawn from `generator`.
    func sample(_ generator: inout SplitMix64) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(count)
        switch kind {
        case .normal:
            // Box-Muller: two independent normals from two uniforms; 1 − u avoids log(0).
            while out.count < count {
                let u1 = 1 - generator.unit(), u2 = generator.unit()
                let radius = (-2 * log(u1)).squareRoot()
                out.append(mean + std * radius * cos(2 * .pi * u2))
                if out.count < count { out.append(mean + std * radius * sin(2 * .pi * u2)) }
            }
        case .uniform:
            let halfWidth = std * 3.0.squareRoot()
            for _ in 0..<count { out.append(mean - halfWidth + 2 * halfWidth * generator.unit()) }
        case .laplace:
            // Inverse CDF with u uniform in (−½, ½).
            let b = std / 2.0.squareRoot()
            for _ in 0..<count {
                let u = generator.unit() - 0.5
                let tail = max(1 - 2 * abs(u), .leastNormalMagnitude)
                out.append(mean - b * (u < 0 ? -1 : 1) * log(tail))
            }
        }
        return out
    }
}
