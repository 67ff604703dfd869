import Foundation

/// Clipping ranges from a tensor's calibration values, one function per `CalibrationMethod`.
public enum RangeEstimator {
    /// Number of histogram bins for the entropy and mse methods (TensorRT uses 2048).
    public static let bins = 2048

    /// The range `method` picks for `values`. The result is not yet widened to contain 0;
    /// `AffineParameters.activation` does that.
    public static func range(of values: [Float], method: CalibrationMethod) -> (min: Float, max: Float) {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 0) }
        switch method {
        case .minMax:
            return (lo, hi)
        case .percentile(let p):
            return percentile(finite, p)
        case .entropy:
            return entropy(finite, min: lo, max: hi)
        case .mse:
            return mse(finite, min: lo, max: hi)
        }
    }

    /// `[q(1 − p/100), q(p/100)]` with `q` the nearest-rank quantile.
    static func percentile(_ values: [Float], _ p: Double) -> (min: Float, max: Float) {
        let sorted = values.sorted()
        let fraction = min(max(p / 100, 0.5), 1)
        let last = Double(sorted.count - 1)
        let hiIndex = Int((fraction * last).rounded())
        let loIndex = Int(((1 - fraction) * last).rounded())
        return (sorted[loIndex], sorted[hiIndex])
    }

    /// TensorRT's entropy calibration on |x|: for each candidate threshold (a bin edge), fold
    /// the tail into the last bin (P), merge the bins into the available quantization levels
    /// and spread them back over the non-empty bins (Q), and keep the threshold with the
    /// smallest KL(P‖Q). A non-negative tensor has all 256 levels on one side, a signed one 128.
    static func entropy(_ values: [Float], min lo: Float, max hi: Float) -> (min: Float, max: Float) {
        let absMax = max(abs(lo), abs(hi))
        guard absMax > 0 else { return (lo, hi) }
        var histogram = Histogram(lower: 0, upper: absMax, bins: bins)
        histogram.add(contentsOf: values.lazy.map { abs($0) })
        let levels = lo >= 0 ? 256 : 128
        let counts = histogram.counts
        var best = (divergence: Double.infinity, edge: counts.count)
        var reference = [Double](repeating: 0, count: counts.count)
        var candidate = [Double](repeating: 0, count: counts.count)
        var tail = counts.reduce(0, +)
        for i in 0..<levels { tail -= counts[i] }
        for edge in levels...counts.count {
            if edge > levels { tail -= counts[edge - 1] }
            for j in 0..<edge { reference[j] = counts[j] }
            reference[edge - 1] += tail
            spreadOverLevels(counts, edge: edge, levels: levels, into: &candidate)
            let d = klDivergence(reference, candidate, count: edge)
            if d < best.divergence { best = (d, edge) }
        }
        let threshold = Float(Double(best.edge) * histogram.binWidth)
        return (max(lo, -threshold), min(hi, threshold))
    }

    /// Q of the entropy method: bins `0..<edge` merged into `levels` groups, each group's
    /// mass spread evenly over its non-empty bins.
    private static func spreadOverLevels(_ counts: [Double], edge: Int, levels: Int, into q: inout [Double]) {
        let perLevel = Double(edge) / Double(levels)
        for level in 0..<levels {
            let start = Int((Double(level) * perLevel).rounded(.down))
            let end = level == levels - 1 ? edge : Int((Double(level + 1) * perLevel).rounded(.down))
            var mass = 0.0
            var nonEmpty = 0
            for j in start..<end where counts[j] > 0 {
                mass += counts[j]
                nonEmpty += 1
            }
            for j in start..<end {
                q[j] = counts[j] > 0 ? mass / Double(nonEmpty) : 0
            }
        }
    }

    /// KL(P‖Q) over the first `count` bins after normalizing both; an empty Q bin under
    /// a non-empty P bin gets a small floor instead of making the divergence infinite.
    private static func klDivergence(_ p: [Double], _ q: [Double], count: Int) -> Double {
        var sumP = 0.0, sumQ = 0.0
        for j in 0..<count { sumP += p[j]; sumQ += q[j] }
        guard sumP > 0, sumQ > 0 else { return .infinity }
        var divergence = 0.0
        for j in 0..<count where p[j] > 0 {
            let pj = p[j] / sumP
            let qj = max(q[j] / sumQ, 1e-12)
            divergence += pj * log(pj / qj)
        }
        return divergence
    }

    /// Shrinks `[min, max]` by factors α = 1, 0.995, …, 0.005 and keeps the α whose int8
    /// quantization (TensorFlow's parameters for the clipped range) has the smallest mean
    /// squared error over a histogram of the values.
    static func mse(_ values: [Float], min lo: Float, max hi: Float) -> (min: Float, max: Float) {
        var histogram = Histogram(lower: lo, upper: hi, bins: bins)
        histogram.add(contentsOf: values)
        var best = (error: Double.infinity, range: (min: lo, max: hi))
        for step in stride(from: 200, through: 1, by: -1) {
            let alpha = Float(step) / 200
            let range = (min: lo * alpha, max: hi * alpha)
            let params = AffineParameters.activation(min: range.min, max: range.max)
            var error = 0.0
            for (i, count) in histogram.counts.enumerated() where count > 0 {
                let x = Float(histogram.center(i))
                let e = Double(x) - Double(params.dequantize(params.quantize(x)))
                error += count * e * e
            }
            if error < best.error { best = (error, range) }
        }
        return best.range
    }
}
