import Foundation
import LabDocument

/// What quantizing a set of values gives: codes, reconstructions, errors and sizes.
struct QuantizationReport {
    var values: [Double]
    var quantizer: AffineQuantizer
    var bits: Int
    var codes: [Int]
    var dequantized: [Double]
    /// `r − r'` per value.
    var errors: [Double]
    var statistics: SampleStatistics

    init(values: [Double], quantizer: AffineQuantizer, bits: Int) {
        self.values = values
        self.quantizer = quantizer
        self.bits = bits
        codes = values.map(quantizer.quantize)
        dequantized = codes.map(quantizer.dequantize)
        errors = zip(values, dequantized).map { $0 - $1 }
        statistics = SampleStatistics(values)
    }

    var maxError: Double { errors.map(abs).max() ?? 0 }
    /// Σ|e| / n, or Σ(|e|/n) when the sum of errors near the largest double overflows.
    var meanError: Double {
        guard !errors.isEmpty else { return 0 }
        let n = Double(errors.count), sum = errors.reduce(0) { $0 + abs($1) }
        return sum.isFinite ? sum / n : errors.reduce(0) { $0 + abs($1) / n }
    }
    /// Half a step: the largest error of a value inside the representable range.
    var bound: Double { quantizer.scale / 2 }
    /// With a relative tolerance for values that sit exactly half-way between two codes.
    var withinBound: Bool { maxError <= bound * (1 + 1e-9) }
    var levelsUsed: Int { Set(codes).count }
    /// Values outside the representable range, clamped to `qmin` or `qmax`.
    var clipped: Int {
        values.filter {
            let unclamped = ($0 / quantizer.scale).rounded(.toNearestOrAwayFromZero) + Double(quantizer.zeroPoint)
            return unclamped < Double(quantizer.qmin) || unclamped > Double(quantizer.qmax)
        }.count
    }
    var bytesFloat32: Int { 4 * values.count }
    /// Codes packed at `bits` each, rounded up to whole bytes.
    var bytesQuantized: Int { (values.count * bits + 7) / 8 }
    /// float32 bytes over quantized bytes: 4.0× for int8 (the source's 8.0× compared float64).
    var reduction: Double { Double(bytesFloat32) / Double(bytesQuantized) }

    func fields() -> Record {
        let s = statistics
        return Record([
            ("scale", .number(quantizer.scale)), ("zero_point", .number(Double(quantizer.zeroPoint))),
            ("qmin", .number(Double(quantizer.qmin))), ("qmax", .number(Double(quantizer.qmax))),
            ("bits", .number(Double(bits))),
            ("q", .list(codes.map { .number(Double($0)) })),
            ("dequantized", .list(dequantized.map { .number($0) })),
            ("errors", .list(errors.map { .number($0) })),
            ("max_error", .number(maxError)), ("mean_error", .number(meanError)),
            ("bound", .number(bound)), ("within_bound", .bool(withinBound)), ("clipped", .number(Double(clipped))),
            ("count", .number(Double(s.count))), ("min", .number(s.min)), ("max", .number(s.max)),
            ("mean", .number(s.mean)), ("std", .number(s.std)),
            ("percentiles", .record(Record([1.0, 25, 50, 75, 99].map { ("p\(Int($0))", .number(s.percentile($0))) }))),
            ("levels_used", .number(Double(levelsUsed))),
            ("bytes_float32", .number(Double(bytesFloat32))), ("bytes_quantized", .number(Double(bytesQuantized))),
            ("reduction", .number(reduction)),
        ])
    }

    /// One row per value: r, q, r' and the error.
    func valuesTable() -> ResultTable {
        ResultTable(columns: ["r", "q", "r′ = S·(q − Z)", "error r − r′"],
                    rows: values.indices.map { [num(values[$0]), "\(codes[$0])", num(dequantized[$0]), num(errors[$0])] },
                    alignments: [.right, .right, .right, .right])
    }

    /// Scale, zero point, errors against the bound, levels and sizes.
    func factsTable() -> ResultTable {
        var rows: [[String]] = [
            ["scale S", num(quantizer.scale)],
            ["zero point Z", "\(quantizer.zeroPoint)"],
            ["code range", "\(quantizer.qmin) … \(quantizer.qmax) (\(bits) bits)"],
            ["value range", "\(num(statistics.min)) … \(num(statistics.max)) (\(Filters.fixed(Double(statistics.count), 0)) values)"],
            ["max |error|", num(maxError)],
            ["mean |error|", num(meanError)],
            ["bound S/2", num(bound) + (withinBound ? " (max error within)" : " (exceeded: values clipped)")],
            ["levels used", "\(levelsUsed) of \(quantizer.qmax - quantizer.qmin + 1)"],
            ["size", "\(Filters.fixed(Double(bytesFloat32), 0)) B float32 → \(Filters.fixed(Double(bytesQuantized), 0)) B"
                + " at \(bits) bits (\(num(reduction))× smaller)"],
        ]
        if clipped > 0 { rows.insert(["clipped", "\(clipped) values outside the range"], at: 7) }
        return ResultTable(columns: ["quantity", "value"], rows: rows, alignments: [.none, .right])
    }

    /// Histogram of the values, histogram of the codes, reconstruction scatter, error histogram.
    func charts(bins: Int, scatterLimit: Int) -> [Output] {
        let s = statistics
        let before = histogram(values, bins: bins, low: s.min, high: s.max)
        let levels = quantizer.qmax - quantizer.qmin + 1
        let codeBins = min(levels, 256)
        // One bin per code up to 256 levels; wider codes share bins.
        let codeHistogram = histogram(codes.map(Double.init), bins: codeBins,
                                      low: Double(quantizer.qmin) - 0.5, high: Double(quantizer.qmax) + 0.5)
        let stride = max(1, (values.count + scatterLimit - 1) / scatterLimit)
        let picked = Swift.stride(from: 0, to: values.count, by: stride)
        let errorExtent = max(maxError, bound)
        let errorHistogram = histogram(errors, bins: bins, low: -errorExtent, high: errorExtent)
        return [
            .chart(Chart(kind: .histogram, title: "Original values (float)", xLabel: "value r", yLabel: "count",
                         series: [.init(name: "values", x: before.centres, y: before.counts)])),
            .chart(Chart(kind: .histogram, title: "Quantized codes (\(levels) levels, \(levelsUsed) used)",
                         xLabel: "code q", yLabel: "count",
                         series: [.init(name: "codes", x: codeHistogram.centres, y: codeHistogram.counts)])),
            .chart(Chart(kind: .scatter, title: "Reconstruction", xLabel: "original r", yLabel: "dequantized r′",
                         series: [.init(name: "values", x: picked.map { values[$0] }, y: picked.map { dequantized[$0] })],
                         caption: stride > 1 ? "every \(ordinal(stride)) of \(Filters.fixed(Double(values.count), 0)) values" : nil)),
            .chart(Chart(kind: .histogram, title: "Quantization error r − r′", xLabel: "error", yLabel: "count",
                         series: [.init(name: "errors", x: errorHistogram.centres, y: errorHistogram.counts)],
                         referenceLines: [("−S/2", -bound), ("+S/2", bound)])),
        ]
    }

    /// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st.
    private func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    /// Six significant digits, no trailing zeros.
    private func num(_ x: Double) -> String { String(format: "%.6g", x) }
}
