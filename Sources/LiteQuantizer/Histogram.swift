/// Counts of values in equal-width bins over `[lower, upper]`.
struct Histogram: Sendable {
    let lower: Float
    let upper: Float
    var counts: [Double]

    init(lower: Float, upper: Float, bins: Int) {
        self.lower = lower
        self.upper = upper > lower ? upper : lower + 1e-6
        self.counts = [Double](repeating: 0, count: max(bins, 1))
    }

    var binWidth: Double { (Double(upper) - Double(lower)) / Double(counts.count) }

    /// The centre of bin `i`.
    func center(_ i: Int) -> Double { Double(lower) + (Double(i) + 0.5) * binWidth }

    mutating func add(_ x: Float) {
        guard x.isFinite else { return }
        let position = (Double(x) - Double(lower)) / binWidth
        let i = min(max(Int(position.rounded(.down)), 0), counts.count - 1)
        counts[i] += 1
    }

    mutating func add<S: Sequence>(contentsOf values: S) where S.Element == Float {
        for x in values { add(x) }
    }
}
