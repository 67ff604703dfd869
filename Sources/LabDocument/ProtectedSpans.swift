/// Math and `{{ }}` spans, taken out of the text before cmark parses it so that its inline rules
/// (emphasis on `_` and `*`, escapes, table pipes) cannot touch them, and put back afterwards.
///
/// Each line piece of a span is replaced by a placeholder of the same byte length (at least 3):
/// one private-use character `U+E000 + n` naming segment `n`, then ASCII `x` filler. cmark treats
/// these as plain text, so line and column of everything else stay as written.
struct ProtectedSpans {
    enum Content {
        case math(String, display: Bool)
        case value(ValueSpan)
        /// A `{{ }}` whose expression did not parse (already reported): shown as written.
        case invalid
    }

    struct Span {
        /// The span exactly as written, delimiters included.
        var original: String
        var content: Content
    }

    struct Segment {
        var span: Int
        /// The first line piece stands for the whole span; later pieces are dropped.
        var isFirst: Bool
        var byteLength: Int
    }

    static let firstPlaceholder: UInt32 = 0xE000
    static let lastPlaceholder: UInt32 = 0xF8FF
    static let filler: Unicode.Scalar = "x"

    var spans: [Span] = []
    var segments: [Segment] = []

    /// The segment a placeholder character stands for, if it is one of ours.
    private func segment(_ scalar: Unicode.Scalar) -> Segment? {
        guard scalar.value >= Self.firstPlaceholder, scalar.value <= Self.lastPlaceholder else { return nil }
        let n = Int(scalar.value - Self.firstPlaceholder)
        return n < segments.count ? segments[n] : nil
    }

    /// Walks `text`, calling `piece` for ordinary runs and `span` for each restored span;
    /// continuation pieces of multi-line spans call `continuation` instead.
    private func scan(_ text: String, piece: (String) -> Void, span: (Span) -> Void, continuation: () -> Void) {
        var run = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            guard let segment = segment(scalar) else {
                run.append(scalar)
                continue
            }
            if !run.isEmpty { piece(String(run)); run.removeAll() }
            var skip = segment.byteLength - 3
            while skip > 0, let next = scalars.next() {
                if next != Self.filler { pending = next; break }
                skip -= 1
            }
            if segment.isFirst { span(spans[segment.span]) } else { continuation() }
        }
        if !run.isEmpty { piece(String(run)) }
    }

    /// `text` with every span put back as written (for link targets, HTML, code).
    func restoreRaw(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { segment($0) != nil }) else { return text }
        var out = ""
        scan(text, piece: { out += $0 }, span: { out += $0.original }, continuation: {
            while let last = out.last, last.isWhitespace { out.removeLast() }
        })
        return out
    }

    /// Inline content with placeholders turned into `.math` and `.value` inlines. Adjacent text
    /// inlines are merged; the line breaks inside a multi-line span disappear with it.
    func restore(_ inlines: [Inline]) -> [Inline] {
        var out: [Inline] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(.text(text)) }
            text = ""
        }
        for inline in inlines {
            guard case .text(let s) = inline else {
                flush()
                out.append(inline)
                continue
            }
            scan(s, piece: { text += $0 }, span: { span in
                flush()
                switch span.content {
                case .math(let tex, let display): out.append(.math(tex, display: display))
                case .value(let value): out.append(.value(value))
                case .invalid: out.append(.text(span.original))
                }
            }, continuation: {
                while let last = text.last, last.isWhitespace { text.removeLast() }
                if text.isEmpty, let last = out.last, last.isBreak { out.removeLast() }
            })
        }
        flush()
        return out.filter { if case .text("") = $0 { return false }; return true }
    }
}

extension Inline {
    fileprivate var isBreak: Bool {
        switch self {
        case .softBreak, .lineBreak: return true
        default: return false
        }
    }
}
