extension Inline {
    /// The text a reader sees, without markup: math and values as written between their
    /// delimiters (`x_1`, `{{ a.b }}`), breaks as spaces. Used for titles and image alt text.
    public var plainText: String { plainText(values: { _ in nil }) }

    /// `plainText` with each value as `values` gives it (as written when nil), so a course's
    /// index quotes a computed figure rather than its formula.
    public func plainText(values: (ValueSpan) -> String?) -> String {
        switch self {
        case .text(let s), .code(let s): return s
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): return c.plainText(values: values)
        case .image(_, _, let alt): return alt
        case .html: return ""
        case .softBreak, .lineBreak: return " "
        case .math(let tex, _): return tex
        case .value(let span): return values(span) ?? "{{ \(span.source) }}"
        }
    }

    /// A break or white space only: what may surround display math that stands alone.
    var isBlank: Bool {
        switch self {
        case .softBreak, .lineBreak: return true
        case .text(let s): return s.allSatisfy(\.isWhitespace)
        default: return false
        }
    }
}

extension Array where Element == Inline {
    /// The inlines' `plainText`, joined.
    public var plainText: String { map(\.plainText).joined() }

    public func plainText(values: (ValueSpan) -> String?) -> String { map { $0.plainText(values: values) }.joined() }
}
