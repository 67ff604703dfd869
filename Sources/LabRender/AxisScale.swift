import Foundation

/// A linear or logarithmic axis: the data range widened to "nice" tick values, and a mapping to pixels.
struct AxisScale {
    /// Tick values, lowest first.
    let ticks: [Double]
    let isLog: Bool
    /// Decimals for tick labels of a linear axis.
    let decimals: Int
    /// The axis ends.
    let lower: Double
    let upper: Double

    init(ticks: [Double], isLog: Bool, decimals: Int, lower: Double? = nil, upper: Double? = nil) {
        self.ticks = ticks
        self.isLog = isLog
        self.decimals = decimals
        self.lower = lower ?? ticks.first ?? 0
        self.upper = upper ?? ticks.last ?? 1
    }

    /// Ticks in 1-2-5 steps with about `target` intervals, the axis ends widened to the ticks around
    /// `low...high` (value axes: bars start at a tick, the top has a label).
    static func linear(_ low: Double, _ high: Double, target: Int = 5) -> AxisScale {
        var lo = low.isFinite ? low : 0
        var hi = high.isFinite ? high : 1
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = niceStep((hi - lo) / Double(max(1, target)))
        let first = (lo / step).rounded(.down)
        let last = (hi / step).rounded(.up)
        let ticks = stride(from: first, through: last + 0.5, by: 1).map { $0 * step }
        let decimals = max(0, Int((-log10(step)).rounded(.up) + 1e-9))
        return AxisScale(ticks: ticks.map { $0 == 0 ? 0 : $0 }, isLog: false, decimals: min(decimals, 10))
    }

    /// The axis ends at `low` and `high` exactly, ticks at the 1-2-5 steps inside (position axes: no
    /// empty margin beyond the data).
    /// With `wholeNumbers`, steps are at least 1.
    static func linearWithin(_ low: Double, _ high: Double, target: Int = 6, wholeNumbers: Bool = false) -> AxisScale {
        let widened = linear(low, high, target: target)
        guard low.isFinite, high.isFinite, low < high, widened.ticks.count > 1 else { return widened }
        var step = widened.ticks[1] - widened.ticks[0]
        var decimals = widened.decimals
        if wholeNumbers && step < 1 { step = 1; decimals = 0 }
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        let inside = stride(from: first, through: last, by: 1).map { $0 * step == 0 ? 0 : $0 * step }
        return AxisScale(ticks: inside, isLog: false, decimals: decimals, lower: low, upper: high)
    }

    /// The smallest of 1, 2, 5 × 10^k that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return factor * magnitude
    }

    /// Powers of ten covering the positive part of `low...high` (non-positive values have no place on a log axis).
    static func logarithmic(_ low: Double, _ high: Double) -> AxisScale {
        let lo = low > 0 && low.isFinite ? low : 1
        let hi = high > 0 && high.isFinite ? max(high, lo) : lo * 10
        var first = Int(log10(lo).rounded(.down))
        var last = Int(log10(hi).rounded(.up))
        if first == last { first -= 1; last += 1 }
        let every = max(1, (last - first + 7) / 8)  // at most ~8 labelled decades
        let ticks = stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
        return AxisScale(ticks: ticks, isLog: true, decimals: 0)
    }

    /// 0 at the lower end, 1 at the upper end (values outside land outside).
    func fraction(_ v: Double) -> Double {
        if isLog {
            let lv = log10(max(v, lower * 1e-3))
            return (lv - log10(lower)) / (log10(upper) - log10(lower))
        }
        return (v - lower) / (upper - lower)
    }

    /// A tick's label: fixed decimals for linear axes; `10`, `0.01`, `1e-5` style for log axes.
    func label(_ v: Double) -> String {
        if isLog {
            let e = Int(log10(v).rounded())
            if e >= 0 && e <= 5 { return String(Int(pow(10, Double(e)))) }
            if e < 0 && e >= -3 { return String(format: "%.\(-e)f", v) }
            return "1e\(e)"
        }
        let s = String(format: "%.\(decimals)f", v)
        return s == "-0" || s.hasPrefix("-0.") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
}
