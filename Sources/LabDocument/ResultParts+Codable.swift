import Foundation

// JSON for the smaller result types. Field names are the Swift property names; an absent
// caption is left out; every other field is always written and required when read.

extension Table.Alignment: Codable {}
extension Check.Status: Codable {}
extension Diagram.Style: Codable {}

extension SourceLocation: Codable {
    private enum Keys: String, CodingKey { case file, line, column }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
                  column: try c.decode(Int.self, forKey: .column))
    }
}

extension ResultTable: Codable {
    private enum Keys: String, CodingKey { case columns, rows, alignments, caption }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(columns, forKey: .columns)
        try c.encode(rows, forKey: .rows)
        try c.encode(alignments, forKey: .alignments)
        try c.encodeIfPresent(caption, forKey: .caption)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(columns: try c.decode([String].self, forKey: .columns),
                  rows: try c.decode([[String]].self, forKey: .rows),
                  alignments: try c.decode([Table.Alignment].self, forKey: .alignments),
                  caption: try c.decodeIfPresent(String.self, forKey: .caption))
    }
}

/// Each image is one base64 string of its `width*height` bytes (a third of the size of a number array).
extension ImageGrid: Codable {
    private enum Keys: String, CodingKey { case width, height, columns, images, labels, caption }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(columns, forKey: .columns)
        try c.encode(images.map { Data($0).base64EncodedString() }, forKey: .images)
        try c.encode(labels, forKey: .labels)
        try c.encodeIfPresent(caption, forKey: .caption)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var images: [[UInt8]] = []
        for (i, text) in try c.decode([String].self, forKey: .images).enumerated() {
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .images, in: c, debugDescription: "image \(i) is not valid base64")
            }
            images.append([UInt8](bytes))
        }
        self.init(width: try c.decode(Int.self, forKey: .width), height: try c.decode(Int.self, forKey: .height),
                  columns: try c.decode(Int.self, forKey: .columns), images: images,
                  labels: try c.decode([String].self, forKey: .labels),
                  caption: try c.decodeIfPresent(String.self, forKey: .caption))
    }
}

extension Check: Codable {
    private enum Keys: String, CodingKey { case text, status, detail, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(text, forKey: .text)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(location, forKey: .location)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(text: try c.decode(String.self, forKey: .text), status: try c.decode(Status.self, forKey: .status),
                  detail: try c.decode(String.self, forKey: .detail),
                  location: try c.decode(SourceLocation.self, forKey: .location))
    }
}

extension Question: Codable {
    private enum Keys: String, CodingKey { case id, prompt, choices, answer, explanation }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(prompt, forKey: .prompt)
        try c.encode(choices, forKey: .choices)
        try c.encode(answer, forKey: .answer)
        try c.encode(explanation, forKey: .explanation)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(id: try c.decode(String.self, forKey: .id), prompt: try c.decode(String.self, forKey: .prompt),
                  choices: try c.decode([String].self, forKey: .choices),
                  answer: try c.decode(Answer.self, forKey: .answer),
                  explanation: try c.decode(String.self, forKey: .explanation))
    }
}

/// `{"numeric": {"tolerance": …, "unit": …, "value": …}}` or `{"choice": 2}` (see `CaseTag`).
extension Question.Answer: Codable {
    private enum Tag: String, CaseIterable { case numeric, choice }
    private enum NumericKeys: String, CodingKey { case value, tolerance, unit }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CaseTag.self)
        switch self {
        case .numeric(let value, let tolerance, let unit):
            var inner = c.nestedContainer(keyedBy: NumericKeys.self, forKey: CaseTag(Tag.numeric.rawValue))
            try inner.encodeNumber(value, forKey: .value)
            try inner.encodeNumber(tolerance, forKey: .tolerance)
            try inner.encode(unit, forKey: .unit)
        case .choice(let index):
            try c.encode(index, forKey: CaseTag(Tag.choice.rawValue))
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CaseTag.self)
        let tag = try c.onlyTag(of: "an answer", as: Tag.self)
        switch tag {
        case .numeric:
            let inner = try c.nestedContainer(keyedBy: NumericKeys.self, forKey: CaseTag(tag.rawValue))
            self = .numeric(try inner.decodeNumber(forKey: .value), tolerance: try inner.decodeNumber(forKey: .tolerance),
                            unit: try inner.decode(String.self, forKey: .unit))
        case .choice:
            self = .choice(try c.decode(Int.self, forKey: CaseTag(tag.rawValue)))
        }
    }
}
