import LabDocument

/// Draws a `Diagram`: each column top to bottom, a node's row being the longest path to it from the column's
/// sources; columns side by side; rows aligned across columns so parallel graphs line up.
public enum SVGDiagram {
    /// The diagram as an `<svg>` element (viewBox, scales to its container), or a standalone `.svg` file.
    public static func render(_ diagram: Diagram, standalone: Bool = false) -> String {
        let layout = DiagramLayout(diagram)
        let svg = layout.svg(cls: "figure diagram")
        return standalone ? SVG.standalone(svg, width: layout.width, height: layout.height) : svg
    }

    /// For the HTML page: side-by-side columns do not fit a phone, so a diagram of several columns also
    /// gets a drawing with the columns stacked, which the page's CSS shows at narrow widths instead.
    static func responsive(_ diagram: Diagram) -> String {
        guard diagram.columns.count > 1 else { return DiagramLayout(diagram).svg(cls: "figure diagram") }
        return DiagramLayout(diagram).svg(cls: "figure diagram chart-wide")
            + DiagramLayout(diagram, stacked: true).svg(cls: "figure diagram chart-narrow")
    }
}

/// Where every node goes; edges are routed from these boxes. Columns sit side by side, or, `stacked`,
/// one below the other (each with its own rows), for narrow screens.
struct DiagramLayout {
    struct Box {
        var node: Diagram.Node
        var column: Int
        var rank: Int
        var x = 0.0, y = 0.0, width = 0.0, height = 0.0
        var midX: Double { x + width / 2 }
        var bottom: Double { y + height }
    }

    static let columnGap = 44.0, nodeGap = 18.0, laneGap = 10.0
    let diagram: Diagram
    let stacked: Bool
    private(set) var boxes: [String: Box] = [:]
    private(set) var width = 0.0, height = 0.0
    private var top = 10.0
    /// x of the first lane right of each column (skip edges) and left of it (back edges).
    private(set) var rightLane: [Double] = [], leftLane: [Double] = []

    init(_ diagram: Diagram, stacked: Bool = false) {
        self.diagram = diagram
        self.stacked = stacked
        // Side by side, a rank is one row across all columns (parallel graphs line up); stacked, each column has its own.
        func rowKey(_ column: Int, _ rank: Int) -> Int { stacked ? column * 100_000 + rank : rank }
        var rankRows: [Int: Double] = [:]
        if !diagram.title.isEmpty { top = 34 }
        for (c, column) in diagram.columns.enumerated() {
            let ranks = DiagramLayout.ranks(column, edges: diagram.edges)
            for node in column where boxes[node.id] == nil {
                var box = Box(node: node, column: c, rank: ranks[node.id] ?? 0)
                let (w, h) = DiagramLayout.size(of: node)
                box.width = w
                box.height = h
                boxes[node.id] = box
                rankRows[rowKey(c, box.rank)] = max(rankRows[rowKey(c, box.rank)] ?? 0, h)
            }
        }
        let rowGap = diagram.edges.contains { !$0.label.isEmpty } ? 40.0 : 30.0
        var rowTop: [Int: Double] = [:]
        var y = top
        for r in rankRows.keys.sorted() { rowTop[r] = y; y += (rankRows[r] ?? 0) + rowGap }
        height = y - rowGap + 12

        let columnWidths = diagram.columns.indices.map { c -> Double in
            let rows = Dictionary(grouping: boxes.values.filter { $0.column == c }, by: \.rank)
            let widths = rows.values.map { row -> Double in
                row.map(\.width).reduce(0, +) + DiagramLayout.nodeGap * Double(row.count - 1)
            }
            return widths.max() ?? 0
        }
        let widest = columnWidths.max() ?? 0
        var x = 12.0, right = 0.0
        for c in diagram.columns.indices {
            let lanes = lanesNeeded(column: c)
            if stacked { x = 12 + (widest - columnWidths[c]) / 2 }  // stacked columns are centred on each other
            leftLane.append(x + Double(lanes.left) * DiagramLayout.laneGap)
            x += Double(lanes.left) * DiagramLayout.laneGap + (lanes.left > 0 ? 6 : 0)
            let rows = Dictionary(grouping: boxes.values.filter { $0.column == c }, by: \.rank)
            let columnWidth = columnWidths[c]
            for (rank, row) in rows {
                let ordered = row.sorted { order($0.node.id) < order($1.node.id) }
                let rowWidth = ordered.map(\.width).reduce(0, +) + DiagramLayout.nodeGap * Double(ordered.count - 1)
                var bx = x + (columnWidth - rowWidth) / 2
                for b in ordered {
                    let rowHeight = rankRows[rowKey(c, rank)] ?? b.height
                    boxes[b.node.id]?.x = bx
                    boxes[b.node.id]?.y = (rowTop[rowKey(c, rank)] ?? top) + (rowHeight - b.height) / 2
                    bx += b.width + DiagramLayout.nodeGap
                }
            }
            x += columnWidth
            rightLane.append(x + DiagramLayout.laneGap)
            x += Double(lanes.right) * DiagramLayout.laneGap
            right = max(right, x)
            x += DiagramLayout.columnGap
        }
        width = max(right + 12, SVG.textWidth(diagram.title, fontSize: 14) + 24)
    }

    /// Declaration order of a node within its column, to keep rows in the order the author wrote.
    private func order(_ id: String) -> Int {
        for column in diagram.columns { if let i = column.firstIndex(where: { $0.id == id }) { return i } }
        return 0
    }

    /// How an edge is drawn.
    enum Route { case down, skip, back, across }

    func route(_ edge: Diagram.Edge) -> Route? {
        guard let a = boxes[edge.from], let b = boxes[edge.to] else { return nil }
        if a.column != b.column { return .across }
        if b.rank == a.rank + 1 { return .down }
        return b.rank > a.rank ? .skip : .back
    }

    private func lanesNeeded(column c: Int) -> (left: Int, right: Int) {
        var left = 0, right = 0
        for e in diagram.edges where boxes[e.from]?.column == c {
            switch route(e) {
            case .skip: right += 1
            case .back: left += 1
            default: break
            }
        }
        return (left, right)
    }

    /// Longest path from the column's sources, over edges inside the column; edges that close a cycle
    /// (found by a depth-first search in declaration order) are left out so the ranks are finite.
    static func ranks(_ column: [Diagram.Node], edges: [Diagram.Edge]) -> [String: Int] {
        let ids = Set(column.map(\.id))
        var next: [String: [String]] = [:]
        for e in edges where ids.contains(e.from) && ids.contains(e.to) && e.from != e.to { next[e.from, default: []].append(e.to) }
        var state: [String: Int] = [:]  // 1 on the stack, 2 done
        var forward: [(String, String)] = []
        var postorder: [String] = []
        func visit(_ id: String) {
            state[id] = 1
            for t in next[id] ?? [] {
                if state[t] == 1 { continue }  // back edge
                forward.append((id, t))
                if state[t] == nil { visit(t) }
            }
            state[id] = 2
            postorder.append(id)
        }
        for node in column where state[node.id] == nil { visit(node.id) }
        var rank: [String: Int] = Dictionary(column.map { ($0.id, 0) }, uniquingKeysWith: { a, _ in a })
        let outgoing = Dictionary(grouping: forward, by: \.0)
        for id in postorder.reversed() {  // a topological order of the forward edges
            for (_, t) in outgoing[id] ?? [] { rank[t] = max(rank[t] ?? 0, (rank[id] ?? 0) + 1) }
        }
        return rank
    }

    static func size(of node: Diagram.Node) -> (Double, Double) {
        let first = node.lines.first ?? node.id
        var w = SVG.textWidth(first, fontSize: 13) + 24
        for line in node.lines.dropFirst() { w = max(w, SVG.textWidth(line, fontSize: 11) + 24) }
        if node.style == .decision { w += 20 }
        let h = 30 + 14 * Double(max(0, node.lines.count - 1))
        return (max(84, w), h)
    }
}
