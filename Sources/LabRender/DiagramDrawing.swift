import LabDocument

extension DiagramLayout {
    /// Edges first (nodes cover their ends), then nodes, then edge labels on top.
    func svg(cls: String) -> String {
        var lines: [String] = [], nodes: [String] = [], labels: [String] = []
        var skipLanes: [Int: Int] = [:], backLanes: [Int: Int] = [:]
        for edge in diagram.edges {
            guard let route = route(edge), let a = boxes[edge.from], let b = boxes[edge.to] else { continue }
            var path = "", arrow = "", mid = (0.0, 0.0)
            switch route {
            case .down:
                let (x1, y1, x2, y2) = (a.midX, a.bottom, b.midX, b.y)
                let bend = (y2 - y1) / 2
                path = "M\(p(x1, y1))C\(p(x1, y1 + bend)) \(p(x2, y2 - bend)) \(p(x2, y2 - 7))"
                arrow = arrowHead(tipX: x2, tipY: y2, dx: 0, dy: 1)
                mid = ((x1 + x2) / 2, (y1 + y2) / 2)
            case .skip, .back:
                let right = route == .skip
                let k = right ? skipLanes[a.column, default: 0] : backLanes[a.column, default: 0]
                if right { skipLanes[a.column] = k + 1 } else { backLanes[a.column] = k + 1 }
                let lane = right ? rightLane[a.column] + Double(k) * DiagramLayout.laneGap
                    : leftLane[a.column] - Double(k) * DiagramLayout.laneGap
                let (ya, yb) = (a.y + a.height / 2, b.y + b.height / 2)
                let (xa, xb) = right ? (a.x + a.width, b.x + b.width) : (a.x, b.x)
                let end = right ? xb + 7 : xb - 7
                path = "M\(p(xa, ya))H\(n(lane))V\(n(yb))H\(n(end))"
                arrow = arrowHead(tipX: xb, tipY: yb, dx: right ? -1 : 1, dy: 0)
                mid = (lane, (ya + yb) / 2)
            case .across where stacked:
                // Columns one below the other: the edge runs down (or up) between them.
                let downward = b.y >= a.bottom
                let (x1, y1, x2, y2) = (a.midX, downward ? a.bottom : a.y, b.midX, downward ? b.y : b.bottom)
                let s = downward ? 1.0 : -1.0, bend = abs(y2 - y1) / 2
                path = "M\(p(x1, y1))C\(p(x1, y1 + s * bend)) \(p(x2, y2 - s * bend)) \(p(x2, y2 - s * 7))"
                arrow = arrowHead(tipX: x2, tipY: y2, dx: 0, dy: s)
                mid = ((x1 + x2) / 2, (y1 + y2) / 2)
            case .across:
                let rightward = b.column > a.column
                let (x1, y1) = (rightward ? a.x + a.width : a.x, a.y + a.height / 2)
                let (x2, y2) = (rightward ? b.x : b.x + b.width, b.y + b.height / 2)
                let s = rightward ? 1.0 : -1.0
                let bend = abs(x2 - x1) / 2
                path = "M\(p(x1, y1))C\(p(x1 + s * bend, y1)) \(p(x2 - s * bend, y2)) \(p(x2 - s * 7, y2))"
                arrow = arrowHead(tipX: x2, tipY: y2, dx: s, dy: 0)
                mid = ((x1 + x2) / 2, (y1 + y2) / 2)
            }
            lines.append("<path class=\"c-edge\" d=\"\(path)\"/>" + arrow)
            if !edge.label.isEmpty {
                let w = SVG.textWidth(edge.label, fontSize: 10.5) + 8
                labels.append("<rect class=\"c-label-bg\" x=\"\(n(mid.0 - w / 2))\" y=\"\(n(mid.1 - 8))\" width=\"\(n(w))\" height=\"15\" rx=\"3\"/>"
                    + SVG.text(edge.label, x: mid.0, y: mid.1 + 3.5, anchor: "middle", cls: "c-small"))
            }
        }
        for column in diagram.columns {
            for node in column { if let box = boxes[node.id] { nodes.append(draw(box)) } }
        }
        // Stacked (for phones), the drawing never shrinks: its smallest text stays at 10.5 px and a wider
        // drawing scrolls in its figure instead. Side by side, it may shrink to 80%.
        var out = SVG.open(width: width, height: height, label: diagram.title.isEmpty ? (diagram.caption ?? "diagram") : diagram.title,
                           cls: cls, maxWidth: width * 1.1, minWidth: stacked ? width : min(width, 560) * 0.8)
        if !diagram.title.isEmpty { out += SVG.text(diagram.title, x: width / 2, y: 22, anchor: "middle", cls: "c-title") }
        return out + lines.joined() + nodes.joined() + labels.joined() + "</svg>"
    }

    private func draw(_ b: Box) -> String {
        let (x, y, w, h) = (b.x, b.y, b.width, b.height)
        var shape: String
        switch b.node.style {
        case .decision:
            let points = [(x, y + h / 2), (x + 12, y), (x + w - 12, y), (x + w, y + h / 2), (x + w - 12, y + h), (x + 12, y + h)]
            shape = "<polygon class=\"c-node-decision\" points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\"/>"
        case .terminal:
            shape = rect(b, radius: min(h / 2, 16), cls: "c-node-terminal")
        case .highlight:
            shape = rect(b, radius: 6, cls: "c-node-highlight")
        case .box:
            shape = rect(b, radius: 6, cls: "c-node")
        }
        let first = b.node.lines.first ?? b.node.id
        shape += SVG.text(first, x: x + w / 2, y: y + 19.5, anchor: "middle", cls: "c-text c-bold")
        for (i, line) in b.node.lines.dropFirst().enumerated() {
            shape += SVG.text(line, x: x + w / 2, y: y + 33 + 14 * Double(i), anchor: "middle", cls: "c-small")
        }
        return shape
    }

    private func rect(_ b: Box, radius: Double, cls: String) -> String {
        "<rect class=\"\(cls)\" x=\"\(n(b.x))\" y=\"\(n(b.y))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\" rx=\"\(n(radius))\"/>"
    }

    /// A filled triangle whose tip is at (tipX, tipY), pointing along (dx, dy) (a unit axis direction).
    private func arrowHead(tipX: Double, tipY: Double, dx: Double, dy: Double) -> String {
        let (bx, by) = (tipX - dx * 8, tipY - dy * 8)
        let (px, py) = (-dy * 4.5, dx * 4.5)
        return "<polygon class=\"c-arrow\" points=\"\(n(tipX)),\(n(tipY)) \(n(bx + px)),\(n(by + py)) \(n(bx - px)),\(n(by - py))\"/>"
    }

    private func p(_ x: Double, _ y: Double) -> String { "\(n(x)) \(n(y))" }
    private func n(_ x: Double) -> String { SVG.n(x) }
}
