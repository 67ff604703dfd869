// JSON for diagrams: `{"title", "columns": [[node]], "edges", "caption"?}`,
// a node `{"id", "lines", "style"}`, an edge `{"from", "to", "label"}`.

extension Diagram: Codable {
    private enum Keys: String, CodingKey { case title, columns, edges, caption }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(title, forKey: .title)
        try c.encode(columns, forKey: .columns)
        try c.encode(edges, forKey: .edges)
        try c.encodeIfPresent(caption, forKey: .caption)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(title: try c.decode(String.self, forKey: .title), columns: try c.decode([[Node]].self, forKey: .columns),
                  edges: try c.decode([Edge].self, forKey: .edges),
                  caption: try c.decodeIfPresent(String.self, forKey: .caption))
    }
}

extension Diagram.Node: Codable {
    private enum Keys: String, CodingKey { case id, lines, style }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(lines, forKey: .lines)
        try c.encode(style, forKey: .style)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(id: try c.decode(String.self, forKey: .id), lines: try c.decode([String].self, forKey: .lines),
                  style: try c.decode(Diagram.Style.self, forKey: .style))
    }
}

extension Diagram.Edge: Codable {
    private enum Keys: String, CodingKey { case from, to, label }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(label, forKey: .label)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to),
                  label: try c.decode(String.self, forKey: .label))
    }
}
