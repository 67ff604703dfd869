import Foundation
import LabDocument

/// Draws a `Chart` as SVG: title, legend, axes with 1-2-5 ticks, then bars, lines, points or histogram bins,
/// and dashed reference lines. Colours come from classes (see `FigureStyle`), so the page can restyle them.
public enum SVGChart {
    /// The chart as an `<svg>` element with a viewBox (it scales to its container's width).
    /// With `standalone`, a complete `.svg` file instead: fixed size, white background, styles embedded.
    public static func render(_ chart: Chart, width: Double = 640, height: Double = 360,
                              standalone: Bool = false) -> String {
        let svg = ChartDrawing(chart: chart, width: width, height: height).svg(cls: "figure chart")
        return standalone ? SVG.standalone(svg, width: width, height: height) : svg
    }

    /// Two drawings of the chart for the HTML page: a wide one, and a narrow one with room for the
    /// labels at phone width; the page's CSS shows one of them.
    static func responsive(_ chart: Chart) -> String {
        ChartDrawing(chart: chart, width: 640, height: 360).svg(cls: "figure chart chart-wide")
            + ChartDrawing(chart: chart, width: 400, height: 300).svg(cls: "figure chart chart-narrow")
    }
}

/// One chart being drawn: layout first (margins depend on the labels), then marks.
private struct ChartDrawing {
    let chart: Chart
    let width: Double
    let height: Double
    /// Series with non-finite points dropped; x defaults to 1, 2, 3, … for line and scatter charts.
    let series: [Chart.Series]

    init(chart: Chart, width: Double, height: Double) {
        self.chart = chart
        self.width = max(160, width)
        self.height = max(120, height)
        let categorical = chart.kind == .bar || chart.kind == .groupedBar
        series = chart.series.map { s in
            let xs = categorical || !s.x.isEmpty ? s.x : s.y.indices.map { Double($0 + 1) }
            if categorical { return Chart.Series(name: s.name, x: [], y: s.y.map { $0.isFinite ? $0 : 0 }) }
            let points = zip(xs, s.y).filter { $0.0.isFinite && $0.1.isFinite && (!chart.logY || $0.1 > 0) }
            return Chart.Series(name: s.name, x: points.map(\.0), y: points.map(\.1))
        }
    }

    var isCategorical: Bool { chart.kind == .bar || chart.kind == .groupedBar }
    var showsLegend: Bool { series.count > 1 }
    var categoryCount: Int { max(chart.categories.count, series.map(\.y.count).max() ?? 0) }

    func categoryName(_ i: Int) -> String {
        let name = i < chart.categories.count ? chart.categories[i] : String(i + 1)
        return name.count > 18 ? String(name.prefix(17)) + "…" : name
    }

    /// Reference lines that sit on the y axis (all but a histogram's, which mark x values).
    var referencesOnY: Bool { chart.kind != .histogram }

    /// Bars whose values all lie within a tenth of the largest (98.7% against 98.65%) would look
    /// equal from 0: they are drawn as dots on an axis zoomed to the values, and the chart says so.
    var isZoomedDots: Bool {
        guard chart.kind == .bar, !chart.logY, series.count == 1, series[0].y.count >= 2,
              let lo = series[0].y.min(), let hi = series[0].y.max(), lo > 0 else { return false }
        return hi - lo <= 0.1 * hi
    }

    /// Bars of positive values spanning two decades or more hide the small ones on a linear axis.
    var isAutoLog: Bool {
        guard isCategorical, !chart.logY, let lo = series.flatMap(\.y).min(), let hi = series.flatMap(\.y).max(), lo > 0
        else { return false }
        return hi / lo >= 100
    }

    /// Bars with value labels above them get headroom so the tallest label stays inside the plot.
    var labelsBars: Bool {
        chart.kind == .bar && series.count == 1 && !isZoomedDots && !isAutoLog
    }

    func yScale() -> AxisScale {
        var ys = series.flatMap(\.y)
        if referencesOnY { ys += chart.referenceLines.map(\.value).filter(\.isFinite) }
        if chart.logY || isAutoLog { ys = ys.filter { $0 > 0 }; return .logarithmic(ys.min() ?? 1, ys.max() ?? 10) }
        let lo = ys.min() ?? 0, hi = ys.max() ?? 1
        if isZoomedDots {
            let pad = max((hi - lo) * 0.2, hi * 0.0005)
            return .linear(lo - pad, hi + pad)
        }
        let barLike = isCategorical || chart.kind == .histogram
        return .linear(barLike ? min(0, lo) : lo, barLike ? max(0, labelsBars ? hi * 1.08 : hi) : hi)
    }

    /// Half a histogram bin: half the smallest gap between neighbouring bin centres.
    var halfBin: Double {
        let xs = Array(Set(series.flatMap(\.x))).sorted()
        let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }.filter { $0 > 0 }
        return (gaps.min() ?? 1) / 2
    }

    func xScale() -> AxisScale {
        var xs = series.flatMap(\.x)
        if chart.kind == .histogram {
            let half = halfBin
            xs = xs.flatMap { [$0 - half, $0 + half] } + chart.referenceLines.map(\.value).filter(\.isFinite)
        }
        // Whole-number data (epochs, codes, bit widths) gets whole-number ticks.
        let whole = chart.kind != .histogram && xs.allSatisfy { $0 == $0.rounded() }
        return .linearWithin(xs.min() ?? 0, xs.max() ?? 1, wholeNumbers: whole)
    }

    func svg(cls: String) -> String {
        let y = yScale()
        let x = isCategorical ? nil : xScale()
        var top = 12.0
        var out: [String] = []
        if !chart.title.isEmpty {
            out.append(SVG.text(chart.title, x: width / 2, y: 22, anchor: "middle", cls: "c-title"))
            top = 34
        }
        if showsLegend {
            let (legend, h) = legendItems(top: top)
            out += legend
            top += h
        }
        let yLabelWidth = y.ticks.map { SVG.textWidth(y.label($0), fontSize: 12) }.max() ?? 20
        let left = 10 + yLabelWidth + 8 + (chart.yLabel.isEmpty ? 0 : 20)
        let right = 18.0
        var bottom = 28.0 + (chart.xLabel.isEmpty ? 0 : 20)
        let plotWidth0 = width - left - right
        var rotate = false
        if isCategorical && categoryCount > 0 {
            let band = plotWidth0 / Double(categoryCount)
            let widest = (0..<categoryCount).map { SVG.textWidth(categoryName($0), fontSize: 12) }.max() ?? 0
            if widest > band - 6 { rotate = true; bottom += min(widest, 110) * 0.6 }
        }
        let plot = Plot(left: left, top: top + 8, width: plotWidth0, height: max(40, height - top - 8 - bottom))
        out += grid(y: y, plot: plot)
        if let x { out += xAxis(x, plot: plot) } else { out += categoryAxis(plot: plot, rotate: rotate) }
        out += marks(x: x, y: y, plot: plot)
        out += referenceLines(x: x, y: y, plot: plot)
        out.append("<path class=\"c-axis\" d=\"M\(SVG.n(plot.left)) \(SVG.n(plot.top))V\(SVG.n(plot.bottom))H\(SVG.n(plot.right))\"/>")
        if !chart.xLabel.isEmpty {
            out.append(SVG.text(chart.xLabel, x: plot.left + plot.width / 2, y: height - 8, anchor: "middle"))
        }
        if !chart.yLabel.isEmpty {
            let cy = plot.top + plot.height / 2
            out.append(SVG.text(chart.yLabel, x: 16, y: cy, anchor: "middle", extra: " transform=\"rotate(-90 16 \(SVG.n(cy)))\""))
        }
        if isZoomedDots || isAutoLog {
            let note = isAutoLog ? "log scale" : "axis zoomed to \(y.label(y.lower))–\(y.label(y.upper)), not from 0"
            out.append(SVG.text(note, x: plot.left + 6, y: plot.top + 12, cls: "c-small"))
        }
        if series.allSatisfy({ $0.y.isEmpty }) {
            out.append(SVG.text("no data", x: plot.left + plot.width / 2, y: plot.top + plot.height / 2, anchor: "middle", cls: "c-small"))
        }
        let label = chart.title.isEmpty ? (chart.caption ?? "chart") : chart.title
        return SVG.open(width: width, height: height, label: label, cls: cls) + out.joined() + "</svg>"
    }

    /// Legend rows under the title: a swatch and the series name, wrapped to the chart width.
    private func legendItems(top: Double) -> ([String], Double) {
        var out: [String] = []
        var cx = 12.0, row = 0.0
        for (i, s) in series.enumerated() {
            let w = 16 + SVG.textWidth(s.name, fontSize: 12) + 18
            if cx + w > width - 8 && cx > 12 { cx = 12; row += 18 }
            let cy = top + 6 + row
            let swatch = chart.kind == .line
                ? "<path class=\"c-l\(i % FigureStyle.seriesCount)\" d=\"M\(SVG.n(cx)) \(SVG.n(cy))h12\"/>"
                : "<rect class=\"c-f\(i % FigureStyle.seriesCount)\" x=\"\(SVG.n(cx))\" y=\"\(SVG.n(cy - 5))\" width=\"11\" height=\"11\" rx=\"2\"/>"
            out.append(swatch + SVG.text(s.name, x: cx + 16, y: cy + 4))
            cx += w
        }
        return (out, row + 20)
    }

    private func grid(y: AxisScale, plot: Plot) -> [String] {
        y.ticks.map { t in
            let py = plot.y(y.fraction(t))
            return "<path class=\"c-grid\" d=\"M\(SVG.n(plot.left)) \(SVG.n(py))H\(SVG.n(plot.right))\"/>"
                + SVG.text(y.label(t), x: plot.left - 8, y: py + 4, anchor: "end")
        }
    }

    private func xAxis(_ x: AxisScale, plot: Plot) -> [String] {
        x.ticks.map { t in
            let px = plot.x(x.fraction(t))
            return "<path class=\"c-axis\" d=\"M\(SVG.n(px)) \(SVG.n(plot.bottom))v5\"/>"
                + SVG.text(x.label(t), x: px, y: plot.bottom + 18, anchor: "middle")
        }
    }

    private func categoryAxis(plot: Plot, rotate: Bool) -> [String] {
        let band = plot.width / Double(max(1, categoryCount))
        return (0..<categoryCount).map { i in
            let px = plot.left + band * (Double(i) + 0.5)
            if rotate {
                let py = plot.bottom + 14
                return SVG.text(categoryName(i), x: px, y: py, anchor: "end",
                                extra: " transform=\"rotate(-35 \(SVG.n(px)) \(SVG.n(py)))\"")
            }
            return SVG.text(categoryName(i), x: px, y: plot.bottom + 18, anchor: "middle")
        }
    }

    private func marks(x: AxisScale?, y: AxisScale, plot: Plot) -> [String] {
        let baseline = plot.y(y.isLog ? 0 : y.fraction(0))
        var out: [String] = []
        let colours = FigureStyle.seriesCount
        if let x, chart.kind != .histogram {
            let all = series.map { s in zip(s.x, s.y).map { (plot.x(x.fraction($0)), plot.y(y.fraction($1))) } }
            // Lines first, then dots from the last series to the first: a point that shares its place with
            // a later one is drawn larger underneath, so it shows as a ring instead of vanishing.
            for (i, points) in all.enumerated() where chart.kind == .line && points.count > 1 {
                let d = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVG.n($0.element.0)) \(SVG.n($0.element.1))" }
                out.append("<path class=\"c-l\(i % colours)\" d=\"\(d.joined())\"/>")
            }
            for (i, points) in all.enumerated().reversed() where (chart.kind == .scatter || points.count <= 60) && !points.isEmpty {
                let base = chart.kind == .scatter ? 7.0 : 6.0
                let covered = points.filter { p in all[(i + 1)...].joined().contains { abs($0.0 - p.0) < 6 && abs($0.1 - p.1) < 6 } }
                let plain = points.filter { p in !covered.contains { $0 == p } }
                // One path of zero-length round-capped segments: a dot per point at a fraction of the bytes of circles.
                for (group, width) in [(plain, base), (covered, base + 7)] where !group.isEmpty {
                    let d = group.map { "M\(SVG.n($0.0)) \(SVG.n($0.1))h0" }.joined()
                    out.append("<path class=\"c-m\(i % colours)\" style=\"stroke-width:\(SVG.n(width))\" d=\"\(d)\"/>")
                }
            }
            // A line chart of one point per series (one epoch) cannot draw a line: each point gets its value.
            if chart.kind == .line && series.allSatisfy({ $0.y.count == 1 }) {
                for (s, points) in zip(series, all) {
                    out.append(SVG.text("\(s.name) \(shortNumber(s.y[0]))", x: points[0].0 + 8, y: points[0].1 + 4, cls: "c-small"))
                }
            }
        } else if let x {
            let half = halfBin  // computed once: it sorts every x
            for (i, s) in series.enumerated() {
                for (cx, cy) in zip(s.x, s.y) {
                    let x0 = plot.x(x.fraction(cx - half)), x1 = plot.x(x.fraction(cx + half))
                    // Narrow bins touch (a gap would stripe the shape); wide ones keep a hairline between them.
                    let w = x1 - x0 > 4 ? x1 - x0 - 0.5 : x1 - x0 + 0.2
                    out.append(bar(x: x0, width: max(0.5, w), from: baseline, to: plot.y(y.fraction(cy)),
                                   cls: "c-f\(i % colours)", tip: "\(shortNumber(cx)): \(shortNumber(cy))", opacity: series.count > 1))
                }
            }
        } else {
            let band = plot.width / Double(max(1, categoryCount))
            let group = band * (series.count > 1 ? 0.8 : 0.64)
            let each = group / Double(max(1, series.count))
            let labelled = series.count == 1 && series[0].y.allSatisfy { SVG.textWidth(shortNumber($0), fontSize: 10.5) <= each - 2 }
            if isZoomedDots {
                // Dots (no bar lengths to misread) with their values, on the zoomed axis.
                for (c, v) in series[0].y.enumerated() {
                    let px = plot.left + band * (Double(c) + 0.5), py = plot.y(y.fraction(v))
                    out.append("<path class=\"c-m0\" style=\"stroke-width:9\" d=\"M\(SVG.n(px)) \(SVG.n(py))h0\"><title>\(Escape.html("\(categoryName(c)): \(shortNumber(v))"))</title></path>")
                    out.append(SVG.text(shortNumber(v), x: px, y: py - 9, anchor: "middle", cls: "c-small"))
                }
                return out
            }
            for (i, s) in series.enumerated() {
                for (c, v) in s.y.enumerated() {
                    let x0 = plot.left + band * Double(c) + (band - group) / 2 + each * Double(i)
                    let top = plot.y(y.fraction(v))
                    out.append(bar(x: x0 + 0.5, width: each - 1, from: baseline, to: top, cls: "c-f\(i % colours)",
                                   tip: "\(categoryName(c)), \(s.name): \(shortNumber(v))", opacity: false))
                    if labelled {
                        out.append(SVG.text(shortNumber(v), x: x0 + each / 2, y: v >= 0 ? top - 5 : top + 14, anchor: "middle", cls: "c-small"))
                    }
                }
            }
        }
        return out
    }

    private func bar(x: Double, width: Double, from: Double, to: Double, cls: String, tip: String, opacity: Bool) -> String {
        let y0 = min(from, to), h = abs(from - to)
        let op = opacity ? " fill-opacity=\"0.6\"" : ""
        return "<rect class=\"\(cls)\"\(op) x=\"\(SVG.n(x))\" y=\"\(SVG.n(y0))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(h))\">"
            + "<title>\(Escape.html(tip))</title></rect>"
    }

    /// Dashed lines with their labels; labels of close lines move to the other side or a row down.
    private func referenceLines(x: AxisScale?, y: AxisScale, plot: Plot) -> [String] {
        var placer = LabelPlacer(minX: plot.left, maxX: plot.right)
        let size = 11.0
        return chart.referenceLines.filter { $0.value.isFinite }.sorted { $0.value < $1.value }.map { ref in
            let w = SVG.textWidth(ref.label, fontSize: size)
            func at(_ x: Double, _ y: Double, _ anchor: String) -> LabelPlacer.Candidate {
                .init(x: x, y: y, anchor: anchor, width: w, fontSize: size)
            }
            if !referencesOnY, let x {
                let px = plot.x(x.fraction(ref.value))
                let leftHalf = px < plot.left + plot.width / 2  // first choice: the side towards the middle
                let inward = leftHalf ? (px + 4, "start") : (px - 4, "end"), outward = leftHalf ? (px - 4, "end") : (px + 4, "start")
                let rows = (0..<3).map { plot.top + 12 + 13 * Double($0) }
                let spot = placer.place(at(inward.0, rows[0], inward.1),
                                        else: [at(outward.0, rows[0], outward.1)] + rows.dropFirst().flatMap {
                                            [at(inward.0, $0, inward.1), at(outward.0, $0, outward.1)] })
                return "<path class=\"c-ref\" d=\"M\(SVG.n(px)) \(SVG.n(plot.top))V\(SVG.n(plot.bottom))\"/>"
                    + SVG.text(ref.label, x: spot.x, y: spot.y, anchor: spot.anchor, cls: "c-ref-text")
            }
            let py = plot.y(y.fraction(ref.value))
            let spot = placer.place(at(plot.right - 4, py - 5, "end"), else: [at(plot.right - 4, py + 13, "end"),
                                    at(plot.left + 4, py - 5, "start"), at(plot.left + 4, py + 13, "start")])
            return "<path class=\"c-ref\" d=\"M\(SVG.n(plot.left)) \(SVG.n(py))H\(SVG.n(plot.right))\"/>"
                + SVG.text(ref.label, x: spot.x, y: spot.y, anchor: spot.anchor, cls: "c-ref-text")
        }
    }
}

/// The plotting area in SVG units; fractions run bottom-to-top and left-to-right.
private struct Plot {
    let left, top, width, height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
    func x(_ f: Double) -> Double { left + f * width }
    func y(_ f: Double) -> Double { bottom - f * height }
}
