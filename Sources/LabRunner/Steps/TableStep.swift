import LabDocument

/// `table`: a table whose cells are text with `{{ }}` values.
///
/// ```yaml
/// columns: [Variant, Size, Accuracy]
/// rows:
///   - [float32, "{{ f32.size_kb | fixed(1) }} KB", "{{ compare.f32.accuracy | percent(2) }}"]
/// ```
public enum TableStep: Step {
    public static let name = "table"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("rows", "list of lists of text", "the cells as shown"),
        ResultField("row_count", "number", "rows"),
    ])
    public static let summary = "a table whose cells are text with {{ }} values"
    public static let parameters = [
        ParameterSpec("columns", .any, help: "the column headings, a list of text", shape: .list(.text, what: "a list of headings")),
        ParameterSpec("rows", .any, help: "a list of rows, each a list of cells (text with {{ }} values, or numbers)",
                      shape: .list(.list(.text, what: "a list of cells"), what: "a list of rows")),
        ParameterSpec("align", .any, default: .null, help: "per column: left, center or right (default: right when every cell is a number)",
                      shape: .list(.choice(["left", "center", "right"]), what: "a list of left, center or right")),
    ]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        guard let columns = p.list("columns"), columns.allSatisfy({ $0.string != nil || $0.number != nil }) else {
            return [Diagnostic(p.location(of: "columns"), "'columns' must be a list of headings")]
        }
        var out: [Diagnostic] = []
        guard let rows = p.list("rows") else { return [Diagnostic(p.location(of: "rows"), "'rows' must be a list of rows")] }
        for (i, row) in rows.enumerated() {
            guard let cells = row.list else {
                out.append(Diagnostic(p.location(of: "rows"), "row \(i + 1) must be a list of cells")); continue
            }
            if cells.count != columns.count {
                out.append(Diagnostic(p.location(of: "rows"), "row \(i + 1) has \(cells.count) cells, but there are \(columns.count) columns"))
            }
        }
        if let align = p.list("align") {
            let ok = align.allSatisfy { ["left", "center", "right"].contains($0.string ?? "") }
            if !ok || align.count != columns.count {
                out.append(Diagnostic(p.location(of: "align"), "'align' must list left, center or right for each of the \(columns.count) columns"))
            }
        }
        return out
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let columns = (p.list("columns") ?? []).map(Filters.display)
        let at = p.location(of: "rows")
        var rows: [[String]] = []
        var numeric = [Bool](repeating: true, count: columns.count)
        for row in p.list("rows") ?? [] {
            var cells: [String] = []
            for (j, cell) in (row.list ?? []).enumerated() {
                let text = try cell.string.map { try context.text($0, at: at) } ?? Filters.display(cell)
                if Double(text.filter { !",%×".contains($0) }.split(separator: " ").first ?? "") == nil, j < numeric.count {
                    numeric[j] = false
                }
                cells.append(text)
            }
            rows.append(cells)
        }
        let align: [Table.Alignment] = p.list("align")?.compactMap { Table.Alignment(rawValue: $0.string ?? "") }
            ?? numeric.map { $0 ? .right : .left }
        var fields = Record()
        fields["rows"] = .list(rows.map { .list($0.map(Value.string)) })
        fields["row_count"] = .number(Double(rows.count))
        return StepOutcome(StepResult(fields: fields, outputs: [.table(ResultTable(columns: columns, rows: rows,
                                                                                   alignments: align, caption: p.string("caption")))]))
    }
}
