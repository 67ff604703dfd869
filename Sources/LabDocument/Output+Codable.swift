/// An output is a one-key object named after its case (see `CaseTag`):
/// `{"table": {…}}`, `{"chart": {…}}`, `{"images": {…}}`, `{"text": "…"}`,
/// `{"code": {"language": "c", "text": "…"}}`, `{"checks": […]}`, `{"quiz": […]}`,
/// `{"diagram": {…}}`, `{"explorer": {…}}`, `{"error": {"location": {…}, "message": "…"}}`,
/// `{"skipped": {"reason": "…"}}`.
extension Output: Codable {
    private enum Tag: String, CaseIterable {
        case table, chart, images, text, code, checks, quiz, diagram, explorer, error, skipped
    }
    private enum CodeKeys: String, CodingKey { case text, language }
    private enum ErrorKeys: String, CodingKey { case message, location }
    private enum SkippedKeys: String, CodingKey { case reason }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CaseTag.self)
        func key(_ tag: Tag) -> CaseTag { CaseTag(tag.rawValue) }
        switch self {
        case .table(let table): try c.encode(table, forKey: key(.table))
        case .chart(let chart): try c.encode(chart, forKey: key(.chart))
        case .images(let grid): try c.encode(grid, forKey: key(.images))
        case .text(let text): try c.encode(text, forKey: key(.text))
        case .code(let text, let language):
            var inner = c.nestedContainer(keyedBy: CodeKeys.self, forKey: key(.code))
            try inner.encode(text, forKey: .text)
            try inner.encode(language, forKey: .language)
        case .checks(let checks): try c.encode(checks, forKey: key(.checks))
        case .quiz(let questions): try c.encode(questions, forKey: key(.quiz))
        case .diagram(let diagram): try c.encode(diagram, forKey: key(.diagram))
        case .explorer(let explorer): try c.encode(explorer, forKey: key(.explorer))
        case .error(let message, let location):
            var inner = c.nestedContainer(keyedBy: ErrorKeys.self, forKey: key(.error))
            try inner.encode(message, forKey: .message)
            try inner.encode(location, forKey: .location)
        case .skipped(let reason):
            var inner = c.nestedContainer(keyedBy: SkippedKeys.self, forKey: key(.skipped))
            try inner.encode(reason, forKey: .reason)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CaseTag.self)
        let tag = try c.onlyTag(of: "an output", as: Tag.self)
        let key = CaseTag(tag.rawValue)
        switch tag {
        case .table: self = .table(try c.decode(ResultTable.self, forKey: key))
        case .chart: self = .chart(try c.decode(Chart.self, forKey: key))
        case .images: self = .images(try c.decode(ImageGrid.self, forKey: key))
        case .text: self = .text(try c.decode(String.self, forKey: key))
        case .code:
            let inner = try c.nestedContainer(keyedBy: CodeKeys.self, forKey: key)
            self = .code(try inner.decode(String.self, forKey: .text),
                         language: try inner.decode(String.self, forKey: .language))
        case .checks: self = .checks(try c.decode([Check].self, forKey: key))
        case .quiz: self = .quiz(try c.decode([Question].self, forKey: key))
        case .diagram: self = .diagram(try c.decode(Diagram.self, forKey: key))
        case .explorer: self = .explorer(try c.decode(Explorer.self, forKey: key))
        case .error:
            let inner = try c.nestedContainer(keyedBy: ErrorKeys.self, forKey: key)
            self = .error(message: try inner.decode(String.self, forKey: .message),
                          location: try inner.decode(SourceLocation.self, forKey: .location))
        case .skipped:
            let inner = try c.nestedContainer(keyedBy: SkippedKeys.self, forKey: key)
            self = .skipped(reason: try inner.decode(String.self, forKey: .reason))
        }
    }
}
