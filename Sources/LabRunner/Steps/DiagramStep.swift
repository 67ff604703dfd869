import LabDocument

/// `lab diagram`: boxes and arrows written in YAML, e.g. the chapter's troubleshooting flowchart.
///
/// ```yaml
/// title: Accuracy dropped after int8 conversion
/// nodes:
///   - {id: start, text: "Accuracy dropped\nby more than 2 points", style: terminal}
///   - {id: calib, text: "Calibration set representative?", style: decision}
///   - {id: more, text: Use 500 samples}
/// edges:
///   - start -> calib
///   - "calib -> more: no"
///   - {from: calib, to: done, label: yes}
/// ```
public enum DiagramStep: Step {
    public static let name = "diagram"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("nodes", "number", "boxes drawn"),
        ResultField("edges", "number", "arrows drawn"),
    ])
    public static let summary = "boxes and arrows from YAML (flowcharts, pipelines)"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("title", .string, default: "", help: "the heading drawn above the diagram"),
        ParameterSpec("nodes", .any,
                      help: "a list of {id, text, style}: text may have several lines (\\n), style is box, decision, terminal or highlight",
                      shape: .list(.record([
                          .init("id", .text, required: true, help: "the name edges use"),
                          .init("text", .text, help: "the words in the box (default: the id); \\n breaks the line"),
                          .init("style", .choice(styles), help: "box (default), decision, terminal or highlight"),
                      ]), what: "a list of {id, text, style}")),
        ParameterSpec("edges", .any, default: .list([]),
                      help: "a list of \"a -> b\", \"a -> b: label\" or {from, to, label}"),
    ]

    static let styles = ["box", "decision", "terminal", "highlight"]
    static let edgeKeys = ["from", "to", "label"]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var reader = DiagramReader(p)
        _ = reader.read()
        return reader.problems
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        var reader = DiagramReader(p)
        let read = reader.read()
        if let first = reader.problems.first { throw StepFailure(first.message, hint: first.hint) }
        let at = p.location(of: "nodes")
        let nodes = try read.nodes.map { node in
            Diagram.Node(id: node.id, lines: try node.lines.map { try context.text($0, at: at) }, style: node.style)
        }
        let edges = try read.edges.map { Diagram.Edge(from: $0.from, to: $0.to, label: try context.text($0.label, at: at)) }
        let title = try context.text(p.string("title") ?? "", at: p.location(of: "title"))
        var fields = Record()
        fields["nodes"] = .number(Double(nodes.count))
        fields["edges"] = .number(Double(edges.count))
        let diagram = Diagram(title: title, columns: [nodes], edges: edges, caption: p.string("caption"))
        return StepOutcome(StepResult(fields: fields, outputs: [.diagram(diagram)]))
    }
}

/// Reads `nodes` and `edges`, collecting every problem with the line it is on.
struct DiagramReader {
    struct Node { var id: String; var lines: [String]; var style: Diagram.Style }

    let params: Parameters
    private(set) var problems: [Diagnostic] = []

    init(_ params: Parameters) { self.params = params }

    mutating func read() -> (nodes: [Node], edges: [Diagram.Edge]) {
        let nodes = readNodes()
        let ids = nodes.map(\.id)
        var edges: [Diagram.Edge] = []
        guard let items = params.list("edges") else {
            if params.value("edges") != nil { problem("edges", nil, "'edges' must be a list of \"a -> b\", \"a -> b: label\" or {from, to, label}") }
            return (nodes, edges)
        }
        for (i, item) in items.enumerated() {
            guard let edge = readEdge(item, index: i) else { continue }
            let written = edge.label.isEmpty ? "\(edge.from) -> \(edge.to)" : "\(edge.from) -> \(edge.to): \(edge.label)"
            var endpointsKnown = true
            for end in [edge.from, edge.to] where !ids.contains(end) {
                endpointsKnown = false
                let guess = Suggest.closest(to: end, in: ids).map { " (did you mean '\($0)'?)" } ?? ""
                problem("edges", i, "edge '\(written)': no node '\(end)'\(guess)",
                        hint: "node ids: \(ids.joined(separator: ", "))")
            }
            if endpointsKnown { edges.append(edge) }
        }
        return (nodes, edges)
    }

    private mutating func readNodes() -> [Node] {
        guard let items = params.list("nodes"), !items.isEmpty else {
            problem("nodes", nil, "'nodes' must be a non-empty list of {id, text, style}",
                    hint: "e.g. nodes: [{id: start, text: Convert the model, style: terminal}]")
            return []
        }
        var nodes: [Node] = []
        // Each node's keys and style were checked against the declared shape of `nodes`.
        for (i, item) in items.enumerated() {
            guard let r = item.record, let id = r["id"].flatMap(Self.scalarText) else { continue }
            guard !id.isEmpty else {
                problem("nodes", i, "node \(i + 1) has no 'id'", hint: "e.g. {id: start, text: Convert the model}")
                continue
            }
            if nodes.contains(where: { $0.id == id }) {
                problem("nodes", i, "duplicate node id '\(id)'", hint: "every node needs its own id")
                continue
            }
            let style = r["style"]?.string.flatMap(Diagram.Style.init(rawValue:)) ?? .box
            let text = r["text"].flatMap(Self.scalarText) ?? id
            // A plain YAML scalar keeps `\n` as two characters; a quoted one has a real newline.
            let lines = text.replacingOccurrences(of: "\\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0) }
            nodes.append(Node(id: id, lines: lines, style: style))
        }
        return nodes
    }

    /// `"a -> b"`, `"a -> b: label"` or `{from, to, label}`.
    private mutating func readEdge(_ item: Value, index: Int) -> Diagram.Edge? {
        let number = index + 1
        let usage = "edge \(number) must be \"a -> b\", \"a -> b: label\" or {from, to, label}"
        if let s = item.string {
            let parts = s.components(separatedBy: "->")
            guard parts.count == 2 else { problem("edges", index, usage); return nil }
            let from = parts[0].trimmingCharacters(in: .whitespaces)
            var to = parts[1], label = ""
            if let colon = to.firstIndex(of: ":") {
                label = String(to[to.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                to = String(to[..<colon])
            }
            to = to.trimmingCharacters(in: .whitespaces)
            guard !from.isEmpty, !to.isEmpty else { problem("edges", index, usage); return nil }
            return Diagram.Edge(from: from, to: to, label: label)
        }
        guard let r = item.record, let from = r["from"].flatMap(Self.scalarText), let to = r["to"].flatMap(Self.scalarText) else {
            problem("edges", index, usage)
            return nil
        }
        for key in r.keys where !DiagramStep.edgeKeys.contains(key) {
            let guess = Suggest.closest(to: key, in: DiagramStep.edgeKeys).map { " (did you mean '\($0)'?)" } ?? ""
            problem("edges", index, "edge \(number): unknown key '\(key)'\(guess)", hint: "edge keys: from, to, label")
        }
        return Diagram.Edge(from: from, to: to, label: r["label"].flatMap(Self.scalarText) ?? "")
    }

    /// Text of a string or number (YAML reads `id: 1` as a number).
    private static func scalarText(_ v: Value) -> String? {
        switch v {
        case .string(let s): return s
        case .number, .bool: return Filters.display(v)
        default: return nil
        }
    }

    /// A problem with item `index` of `key` (or with the whole list when nil).
    private mutating func problem(_ key: String, _ index: Int?, _ message: String, hint: String? = nil) {
        let at = index.map { params.location(ofItem: $0, in: key) } ?? params.location(of: key)
        problems.append(Diagnostic(at, message, hint: hint))
    }
}
