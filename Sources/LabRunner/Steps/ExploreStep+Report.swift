import Foundation
import LabDocument

/// Quantizing groups of weights (each group with its own scale) at one bit width.
struct WidthSummary {
    var bits: Int
    /// One scale per group.
    var scales: [Double]
    /// Codes available: `qmax − qmin + 1`.
    var levels: Int
    /// Distinct codes that occur.
    var levelsUsed: Int
    var maxError: Double
    var meanError: Double
    var rmsError: Double
    /// `10·log10(Σw² / Σe²)`; infinite when every weight is exact.
    var sqnrDB: Double
    /// `S·(q − Z)` for every weight, groups concatenated in order.
    var dequantized: [Double]

    init(groups: [[Double]], bits: Int, scheme: AffineQuantizer.Scheme) {
        self.bits = bits
        var scales: [Double] = [], codes = Set<Int>(), dequantized: [Double] = []
        var maxError = 0.0, sumAbs = 0.0, sumSquaredError = 0.0, sumSquared = 0.0, count = 0
        var levels = 0
        for values in groups where !values.isEmpty {
            let q = AffineQuantizer.fitting(low: values.min() ?? 0, high: values.max() ?? 0, bits: bits, signed: true, scheme: scheme)
            scales.append(q.scale)
            levels = q.qmax - q.qmin + 1
            for w in values {
                let code = q.quantize(w)
                let r = q.dequantize(code)
                let e = w - r
                codes.insert(code)
                dequantized.append(r)
                maxError = max(maxError, abs(e))
                sumAbs += abs(e)
                sumSquaredError += e * e
                sumSquared += w * w
                count += 1
            }
        }
        self.scales = scales
        self.levels = levels
        levelsUsed = codes.count
        self.maxError = maxError
        meanError = count > 0 ? sumAbs / Double(count) : 0
        rmsError = count > 0 ? (sumSquaredError / Double(count)).squareRoot() : 0
        sqnrDB = sumSquaredError > 0 ? 10 * log10(sumSquared / sumSquaredError) : .infinity
        self.dequantized = dequantized
    }

    /// The largest scale (the only one without `per_channel`): it bounds the rounding error.
    var scale: Double { scales.max() ?? 0 }

    func record() -> Record {
        Record([("scale", .number(scale)), ("max_error", .number(maxError)), ("mean_error", .number(meanError)),
                ("rms_error", .number(rmsError)), ("sqnr_db", .number(sqnrDB)), ("levels_used", .number(Double(levelsUsed)))])
    }
}

/// The fields, charts, explorer and table of an `explore` step.
struct ExploreReport {
    var values: [Double]
    var summaries: [WidthSummary]
    var selection: String
    var scheme: AffineQuantizer.Scheme
    var perChannel: Bool
    var bins: Int
    var statistics: SampleStatistics

    init(values: [Double], summaries: [WidthSummary], selection: String, scheme: AffineQuantizer.Scheme, perChannel: Bool, bins: Int) {
        self.values = values
        self.summaries = summaries
        self.selection = selection
        self.scheme = scheme
        self.perChannel = perChannel
        self.bins = bins
        statistics = SampleStatistics(values)
    }

    /// Fraction of weights with `|w| < limit`.
    func within(_ limit: Double) -> Double {
        values.isEmpty ? 0 : Double(values.filter { abs($0) < limit }.count) / Double(values.count)
    }

    func fields() -> Record {
        let s = statistics
        var widths = Record()
        for w in summaries { widths["b\(w.bits)"] = .record(w.record()) }
        return Record([
            ("tensor", .string(selection)), ("count", .number(Double(s.count))), ("mean", .number(s.mean)),
            ("std", .number(s.std)), ("min", .number(s.min)), ("max", .number(s.max)),
            ("within_0_1", .number(within(0.1))), ("within_0_5", .number(within(0.5))),
            ("p1", .number(s.percentile(1))), ("p99", .number(s.percentile(99))),
            ("bits", .list(summaries.map { .number(Double($0.bits)) })), ("widths", .record(widths)),
        ])
    }

    /// All the chosen weights, with dashed lines one standard deviation either side of the mean.
    func weightHistogram() -> Chart {
        let s = statistics
        let h = histogram(values, bins: bins, low: s.min, high: s.max)
        return Chart(kind: .histogram, title: "Weights of \(selection) (\(s.count) values)", xLabel: "weight value", yLabel: "count",
                     series: [.init(name: "weights", x: h.centres, y: h.counts)],
                     referenceLines: [("−1 std", s.mean - s.std), ("+1 std", s.mean + s.std)],
                     caption: "mean \(g(s.mean)), std \(g(s.std)); \(percent(within(0.1))) of the weights have |w| < 0.1")
    }

    /// One view per width: the original histogram and the histogram after quantizing, on the same bins.
    func explorer(initial: Int) -> Explorer {
        // Fixed bins for every view, wide enough for the reconstructions too, so the slider moves nothing but the data.
        let all = values + summaries.flatMap(\.dequantized)
        let low = all.min() ?? 0, high = all.max() ?? 0
        let original = histogram(values, bins: bins, low: low, high: high)
        let views = summaries.map { w in
            let after = histogram(w.dequantized, bins: bins, low: low, high: high)
            let chart = Chart(kind: .histogram, title: "\(w.bits)-bit \(scheme.rawValue)", xLabel: "weight value", yLabel: "count",
                              series: [.init(name: "original", x: original.centres, y: original.counts),
                                       .init(name: "after \(w.bits)-bit quantization", x: after.centres, y: after.counts)])
            return Explorer.View(label: "\(w.bits)", facts: facts(w), chart: chart)
        }
        let how = perChannel ? "one scale per output channel" : "one scale"
        return Explorer(title: "Quantizing \(selection) (\(values.count) weights, \(scheme.rawValue), \(how))",
                        sliderLabel: "bits", views: views, initial: initial)
    }

    func facts(_ w: WidthSummary) -> [(name: String, value: String)] {
        let scale = perChannel && w.scales.count > 1 ? "\(g(w.scales.min() ?? 0)) … \(g(w.scale))" : g(w.scale)
        return [("scale", scale), ("levels used", "\(w.levelsUsed) of \(w.levels)"), ("max |error|", g(w.maxError)),
                ("mean |error|", g(w.meanError)), ("RMS error", g(w.rmsError)), ("SQNR", db(w.sqnrDB))]
    }

    /// One row per width.
    func table() -> ResultTable {
        let rows = summaries.map { w in
            ["\(w.bits)", g(w.scale), "\(w.levelsUsed) of \(w.levels)", g(w.maxError), g(w.meanError), g(w.rmsError), db(w.sqnrDB)]
        }
        return ResultTable(columns: ["bits", perChannel ? "largest scale" : "scale", "levels used", "max |error|",
                                     "mean |error|", "RMS error", "SQNR"],
                           rows: rows, alignments: Array(repeating: .right, count: 7))
    }

    private func g(_ x: Double) -> String { String(format: "%.4g", x) }
    private func db(_ x: Double) -> String { x.isFinite ? String(format: "%.1f dB", x) : "∞ (exact)" }
    private func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
