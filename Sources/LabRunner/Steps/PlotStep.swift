import LabDocument

/// `plot`: a chart from other results.
///
/// ```yaml
/// kind: grouped-bar            # bar, grouped-bar, line, scatter, histogram
/// title: Size and accuracy
/// categories: [float32, int8]
/// series:
///   - {name: Size (KB), y: [f32.size_kb, int8.size_kb]}
/// ```
/// `x`/`y` are lists of numbers or expressions, or one expression that gives a list.
public enum PlotStep: Step {
    public static let name = "plot"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([])
    public static let summary = "a chart (bar, grouped bar, line, scatter, histogram) of other results"
    public static let parameters = [
        ParameterSpec("kind", .choice(Chart.Kind.allNames), default: "bar", help: "the kind of chart"),
        ParameterSpec("title", .string, default: "", help: "the chart's title"),
        ParameterSpec("x_label", .string, default: "", help: "the x axis label"),
        ParameterSpec("y_label", .string, default: "", help: "the y axis label"),
        ParameterSpec("categories", .any, default: .null, help: "bar names: a list of text, or an expression giving one",
                      shape: .oneOf([.list(.text, what: "a list of names"), .expression])),
        ParameterSpec("series", .any, help: "a list of {name, x, y}: x and y are lists of numbers or expressions",
                      shape: .list(.record([
                          .init("name", .text, help: "the legend entry"),
                          .init("x", .numbersOrExpression, help: "x values (line, scatter)"),
                          .init("y", .numbersOrExpression, required: true, help: "y values (for histogram: the raw values)"),
                      ]), what: "a list of series")),
        ParameterSpec("reference", .any, default: .null, help: "dashed lines: a list of {label, value}",
                      shape: .list(.record([
                          .init("label", .text, help: "the line's label"),
                          .init("value", .expression, required: true, help: "where the line is drawn"),
                      ]), what: "a list of lines")),
        ParameterSpec("bins", .integer(min: 2, max: 200), default: 30, help: "histogram bins (y holds the raw values)"),
        ParameterSpec("log_y", .bool, default: false, help: "a logarithmic y axis"),
    ]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        guard let series = p.list("series"), !series.isEmpty, series.allSatisfy({ $0.record?["y"] != nil }) else {
            return [Diagnostic(p.location(of: "series"), "'series' must be a list of {name, y} (x optional)")]
        }
        return []
    }

    public static func nestedExpressions(_ p: Parameters) -> [(source: String, location: SourceLocation)] {
        var out: [(source: String, location: SourceLocation)] = []
        for (i, line) in (p.list("reference") ?? []).enumerated() {
            out += expressionStrings(line.record?["value"], at: p.location(at: "reference.\(i).value"))
        }
        if case .string? = p.value("categories") { out += expressionStrings(p.value("categories"), at: p.location(of: "categories")) }
        for (i, s) in (p.list("series") ?? []).enumerated() {
            for key in ["x", "y"] {
                let v = s.record?[key]
                if case .list(let items)? = v {
                    for (j, item) in items.enumerated() { out += expressionStrings(item, at: p.location(at: "series.\(i).\(key).\(j)")) }
                } else {
                    out += expressionStrings(v, at: p.location(at: "series.\(i).\(key)"))
                }
            }
        }
        return out
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let kind = Chart.Kind(rawValue: p.string("kind") ?? "bar") ?? .bar
        let at = p.location(of: "series")
        var series: [Chart.Series] = []
        for s in p.list("series") ?? [] {
            let r = s.record ?? Record()
            let name = try context.text(r["name"].map(Filters.display) ?? "", at: at)
            var y = try context.numbers(of: r["y"] ?? .list([]), at: at, what: "y of '\(name)'")
            var x = try r["x"].map { try context.numbers(of: $0, at: at, what: "x of '\(name)'") } ?? []
            if kind == .histogram { (x, y) = histogram(y, bins: p.int("bins") ?? 30) }
            series.append(Chart.Series(name: name, x: x, y: y))
        }
        var categories: [String] = []
        if let c = p.value("categories") {
            if case .list(let l) = c { categories = try l.map { try context.text(Filters.display($0), at: at) } }
            else { categories = (try context.value(of: c, at: p.location(of: "categories"))).list?.map(Filters.display) ?? [] }
        }
        var lines: [(label: String, value: Double)] = []
        for item in p.list("reference") ?? [] {
            guard let r = item.record, let v = r["value"] else { continue }
            lines.append((r["label"].map(Filters.display) ?? "", try context.number(of: v, at: p.location(of: "reference"), what: "a reference value")))
        }
        let chart = Chart(kind: kind, title: try context.text(p.string("title") ?? "", at: p.location(of: "title")),
                          xLabel: p.string("x_label") ?? "", yLabel: p.string("y_label") ?? "", categories: categories,
                          series: series, referenceLines: lines, logY: p.bool("log_y") ?? false, caption: p.string("caption"))
        return StepOutcome(StepResult(outputs: [.chart(chart)]))
    }

    /// Equal-width bins over the values' range: (bin centres, counts).
    static func histogram(_ values: [Double], bins: Int) -> ([Double], [Double]) {
        guard let lo = values.min(), let hi = values.max() else { return ([], []) }
        return LabRunner.histogram(values, bins: bins, low: lo, high: hi)
    }
}

extension Chart.Kind {
    static let allNames = ["bar", "grouped-bar", "line", "scatter", "histogram"]
}
