// JSON for charts and the explorer built from them. Doubles go through `JSONNumber`;
// the labelled tuples become small objects: `{"label": …, "value": …}`, `{"name": …, "value": …}`.

extension Chart.Kind: Codable {}

extension Chart: Codable {
    private enum Keys: String, CodingKey {
        case kind, title, xLabel, yLabel, categories, series, referenceLines, logY, caption
    }
    private enum LineKeys: String, CodingKey { case label, value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encode(xLabel, forKey: .xLabel)
        try c.encode(yLabel, forKey: .yLabel)
        try c.encode(categories, forKey: .categories)
        try c.encode(series, forKey: .series)
        var lines = c.nestedUnkeyedContainer(forKey: .referenceLines)
        for line in referenceLines {
            var l = lines.nestedContainer(keyedBy: LineKeys.self)
            try l.encode(line.label, forKey: .label)
            try l.encodeNumber(line.value, forKey: .value)
        }
        try c.encode(logY, forKey: .logY)
        try c.encodeIfPresent(caption, forKey: .caption)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var lines = try c.nestedUnkeyedContainer(forKey: .referenceLines)
        var referenceLines: [(label: String, value: Double)] = []
        while !lines.isAtEnd {
            let l = try lines.nestedContainer(keyedBy: LineKeys.self)
            referenceLines.append((try l.decode(String.self, forKey: .label), try l.decodeNumber(forKey: .value)))
        }
        self.init(kind: try c.decode(Kind.self, forKey: .kind),
                  title: try c.decode(String.self, forKey: .title),
                  xLabel: try c.decode(String.self, forKey: .xLabel),
                  yLabel: try c.decode(String.self, forKey: .yLabel),
                  categories: try c.decode([String].self, forKey: .categories),
                  series: try c.decode([Series].self, forKey: .series),
                  referenceLines: referenceLines,
                  logY: try c.decode(Bool.self, forKey: .logY),
                  caption: try c.decodeIfPresent(String.self, forKey: .caption))
    }
}

extension Chart.Series: Codable {
    private enum Keys: String, CodingKey { case name, x, y }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encodeNumbers(x, forKey: .x)
        try c.encodeNumbers(y, forKey: .y)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  x: try c.decodeNumbers(forKey: .x),
                  y: try c.decodeNumbers(forKey: .y))
    }
}

extension Explorer: Codable {
    private enum Keys: String, CodingKey { case title, sliderLabel, views, initial }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(title, forKey: .title)
        try c.encode(sliderLabel, forKey: .sliderLabel)
        try c.encode(views, forKey: .views)
        try c.encode(initial, forKey: .initial)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(title: try c.decode(String.self, forKey: .title),
                  sliderLabel: try c.decode(String.self, forKey: .sliderLabel),
                  views: try c.decode([View].self, forKey: .views),
                  initial: try c.decode(Int.self, forKey: .initial))
    }
}

extension Explorer.View: Codable {
    private enum Keys: String, CodingKey { case label, facts, chart }
    private enum FactKeys: String, CodingKey { case name, value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(label, forKey: .label)
        var list = c.nestedUnkeyedContainer(forKey: .facts)
        for fact in facts {
            var f = list.nestedContainer(keyedBy: FactKeys.self)
            try f.encode(fact.name, forKey: .name)
            try f.encode(fact.value, forKey: .value)
        }
        try c.encode(chart, forKey: .chart)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var list = try c.nestedUnkeyedContainer(forKey: .facts)
        var facts: [(name: String, value: String)] = []
        while !list.isAtEnd {
            let f = try list.nestedContainer(keyedBy: FactKeys.self)
            facts.append((try f.decode(String.self, forKey: .name), try f.decode(String.self, forKey: .value)))
        }
        self.init(label: try c.decode(String.self, forKey: .label), facts: facts,
                  chart: try c.decode(Chart.self, forKey: .chart))
    }
}
