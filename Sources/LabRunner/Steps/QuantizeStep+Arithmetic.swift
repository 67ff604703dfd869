/// Affine (scale + zero point) quantization to `bits`-bit integers, the arithmetic of the
/// chapter: `q = clamp(round(r / S) + Z, qmin, qmax)` and `r' = S · (q − Z)`.
///
/// Rounding is half away from zero (`round(2.5) = 3`, `round(−2.5) = −3`), as TFLite's
/// `std::round` does; NumPy's `np.round` rounds halves to even, which differs only on exact ties.
struct AffineQuantizer: Equatable {
    enum Scheme: String { case asymmetric, symmetric }

    var scale: Double
    var zeroPoint: Int
    var qmin: Int
    var qmax: Int

    /// The integer range: signed `−2^(b−1)…2^(b−1)−1` (int8: −128…127), unsigned `0…2^b−1`;
    /// symmetric signed drops the most negative code so the range is balanced (int8: −127…127).
    static func codeRange(bits: Int, signed: Bool, scheme: Scheme) -> (qmin: Int, qmax: Int) {
        guard signed else { return (0, (1 << bits) - 1) }
        let half = 1 << (bits - 1)
        return scheme == .symmetric ? (-(half - 1), half - 1) : (-half, half - 1)
    }

    /// Scale and zero point for real values in `[low, high]`.
    ///
    /// Asymmetric: `S = (max − min) / (qmax − qmin)`, `Z = round(qmin − min / S)` clamped to the
    /// code range. The range is first widened to contain 0 (as TFLite does), so that real 0 has an
    /// exact code and `Z` never needs clamping in practice. Symmetric: `S = max|r| / qmax`, `Z = 0`
    /// (the unsigned variant centres `Z` in the code range).
    /// A range of width 0 (all values 0) gets `S = 1`: any scale represents it exactly.
    static func fitting(low: Double, high: Double, bits: Int, signed: Bool, scheme: Scheme) -> AffineQuantizer {
        let (qmin, qmax) = codeRange(bits: bits, signed: signed, scheme: scheme)
        switch scheme {
        case .symmetric:
            let magnitude = max(abs(low), abs(high))
            let zero = signed ? 0 : (qmin + qmax + 1) / 2
            let steps = Double(signed ? qmax : qmax - zero)
            return AffineQuantizer(scale: magnitude > 0 ? magnitude / steps : 1, zeroPoint: zero, qmin: qmin, qmax: qmax)
        case .asymmetric:
            let lo = min(low, 0), hi = max(high, 0)
            // hi/n − lo/n when hi − lo overflows: finite for any finite range.
            let n = Double(qmax - qmin), width = hi - lo
            let scale = hi > lo ? (width.isFinite ? width / n : hi / n - lo / n) : 1
            let zero = (Double(qmin) - lo / scale).rounded(.toNearestOrAwayFromZero)
            return AffineQuantizer(scale: scale, zeroPoint: zero.isNaN ? qmin : Int(min(max(zero, Double(qmin)), Double(qmax))),
                                   qmin: qmin, qmax: qmax)
        }
    }

    /// `clamp(round(r / S) + Z)`.
    func quantize(_ r: Double) -> Int {
        let q = (r / scale).rounded(.toNearestOrAwayFromZero) + Double(zeroPoint)
        guard q.isFinite else { return q > 0 ? qmax : qmin }
        return Int(min(max(q, Double(qmin)), Double(qmax)))
    }

    /// `S · (q − Z)`.
    func dequantize(_ q: Int) -> Double { scale * Double(q - zeroPoint) }
}

/// Summary statistics of a sample, as NumPy computes them (population standard deviation;
/// percentiles by linear interpolation between closest ranks).
struct SampleStatistics {
    var count: Int
    var min: Double
    var max: Double
    var mean: Double
    var std: Double
    private var sorted: [Double]

    init(_ values: [Double]) {
        count = values.count
        sorted = values.sorted()
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let m = mean
        std = values.isEmpty ? 0 : (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
        // Sums of values near the largest double overflow: redo them scaled by the largest magnitude.
        let magnitude = Swift.max(abs(min), abs(max))
        if !(mean.isFinite && std.isFinite), magnitude.isFinite, magnitude > 0 {
            let n = Double(values.count)
            let scaledMean = values.reduce(0) { $0 + $1 / magnitude / n }
            let scaledVariance = values.reduce(0) { $0 + ($1 / magnitude - scaledMean) * ($1 / magnitude - scaledMean) / n }
            (mean, std) = (scaledMean * magnitude, scaledVariance.squareRoot() * magnitude)
        }
    }

    /// The `p`-th percentile (0…100), NumPy's default "linear" method.
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = p / 100 * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = Swift.min(below + 1, sorted.count - 1)
        let (low, high, fraction) = (sorted[below], sorted[above], position - Double(below))
        let difference = high - low
        // Values far apart near the largest double: weigh the two ends instead of subtracting.
        return difference.isFinite ? low + difference * fraction : low * (1 - fraction) + high * fraction
    }
}

/// Counts of `values` in `bins` equal-width bins over `[low, high]`; returns bin centres and counts.
/// Values outside the range count in the end bins; NaN is not counted. Total for any input:
/// the width is `high/bins − low/bins` (no overflow), positions are clamped before `Int`.
func histogram(_ values: [Double], bins: Int, low: Double, high: Double) -> (centres: [Double], counts: [Double]) {
    let n = Double(bins)
    let spread = high / n - low / n
    let width = high > low && spread.isFinite && spread > 0 ? spread : 1
    var counts = [Double](repeating: 0, count: bins)
    for v in values where !v.isNaN {
        let position = (v / width - low / width).rounded(.down)
        counts[position.isNaN ? bins - 1 : Int(min(max(position, 0), n - 1))] += 1
    }
    return ((0..<bins).map { low + (Double($0) + 0.5) * width }, counts)
}
