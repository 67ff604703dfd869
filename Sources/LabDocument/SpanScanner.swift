/// Finds math (`$…$`, `\(…\)`, `$$…$$`, `\[…\]`) and `{{ expr }}` spans in the prose of a lab
/// and replaces them with placeholders (see `ProtectedSpans`).
///
/// Prose is scanned in paragraphs: runs of non-blank lines outside code and HTML blocks. A span
/// never crosses a blank line. Code spans (backtick runs) are skipped, so `{{` and `$` stay
/// literal there; a backslash escapes the next character (`\$` is a dollar sign, `\{{` two
/// braces). Inline `$…$` follows the usual rule: the opener is not followed by a space, the closer
/// not preceded by one nor followed by a digit (`$5 and $10` is text).
struct SpanScanner {
    private var bytes: [UInt8]
    private let file: String
    private let lineStarts: [Int]
    private(set) var spans = ProtectedSpans()
    private(set) var diagnostics: [Diagnostic] = []
    /// Placeholders to write once scanning is done (a piece shorter than 3 bytes grows).
    private var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
    private var warnedDollars: Set<Int> = []

    /// Scans `text`, skipping the 1-based `excludedLines` (code and HTML blocks).
    init(text: String, file: String, excludedLines: Set<Int>) {
        bytes = Array(text.utf8)
        self.file = file
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
        for paragraph in paragraphs(excluding: excludedLines) { scan(paragraph) }
        for (range, placeholder) in replacements.reversed() { bytes.replaceSubrange(range, with: placeholder) }
    }

    /// The text with placeholders in place of the spans.
    var protectedText: String { String(decoding: bytes, as: UTF8.self) }

    private func lineEnd(_ line: Int) -> Int { line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count }

    /// Byte ranges of maximal runs of non-blank, non-excluded lines.
    private func paragraphs(excluding excluded: Set<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start: Int? = nil
        for line in lineStarts.indices {
            let isBlank = bytes[lineStarts[line]..<lineEnd(line)].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if isBlank || excluded.contains(line + 1) {
                if let s = start { out.append(s..<lineEnd(line - 1)) }
                start = nil
            } else if start == nil {
                start = lineStarts[line]
            }
        }
        if let s = start { out.append(s..<bytes.count) }
        return out
    }

    private func location(_ offset: Int) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }

    private func at(_ i: Int, _ c: Character) -> Bool { i >= 0 && i < bytes.count && bytes[i] == c.asciiValue }
    private func isSpace(_ i: Int) -> Bool { i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A) }
    private func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }

    /// The first offset in `from..<end` where `closer` starts and `accept` holds.
    private func find(_ closer: String, from: Int, end: Int, accept: (Int) -> Bool = { _ in true }) -> Int? {
        let c = Array(closer.utf8)
        var i = from
        while i + c.count <= end {
            if bytes[i] == c[0], Array(bytes[i..<i + c.count]) == c, accept(i) { return i }
            i += 1
        }
        return nil
    }

    private mutating func scan(_ paragraph: Range<Int>) {
        var i = paragraph.lowerBound
        let end = paragraph.upperBound
        while i < end {
            if at(i, "\\") {
                if at(i + 1, "(") || at(i + 1, "["), let span = texMath(at: i, end: end) {
                    i = span
                } else {
                    i += 2
                }
            } else if at(i, "`") {
                let close = codeSpanEnd(at: i, end: end)
                warnAboutValueInCode(i..<close)
                i = close
            } else if at(i, "$") {
                i = dollarMath(at: i, end: end) ?? (at(i + 1, "$") ? i + 2 : i + 1)
            } else if at(i, "{"), at(i + 1, "{") {
                i = valueSpan(at: i, end: end)
            } else {
                i += 1
            }
        }
    }

    /// After a backtick run: past its matching run (a code span), or past the run if unmatched.
    private func codeSpanEnd(at start: Int, end: Int) -> Int {
        var n = start
        while n < end, at(n, "`") { n += 1 }
        let length = n - start
        var i = n
        while i < end {
            guard at(i, "`") else { i += 1; continue }
            var j = i
            while j < end, at(j, "`") { j += 1 }
            if j - i == length { return j }
            i = j
        }
        return n
    }

    /// `{{ … }}` inside a code span is shown as written. A code span is how a lab shows braces
    /// on purpose, but one holding a valid expression (`CALIBRATION_SAMPLES = {{ params.n }}` in
    /// backticks) was most likely meant to be computed, so say so.
    private mutating func warnAboutValueInCode(_ code: Range<Int>) {
        var from = code.lowerBound
        while let open = find("{{", from: from, end: code.upperBound),
              let close = find("}}", from: open + 2, end: code.upperBound) {
            from = close + 2
            guard (try? Expr.parse(String(decoding: bytes[open + 2..<close], as: UTF8.self), at: location(open))) != nil
            else { continue }
            diagnostics.append(Diagnostic(location(open), "a {{ }} value inside `code` is shown as written, not computed",
                                          hint: "end the code span before the value (`NAME =` {{ … }}); to show the braces on purpose, ignore this warning",
                                          severity: .warning))
            return
        }
    }

    /// `\(…\)` or `\[…\]`: the offset after the span, or nil without a closer.
    private mutating func texMath(at start: Int, end: Int) -> Int? {
        let display = at(start + 1, "[")
        guard let close = find(display ? "\\]" : "\\)", from: start + 2, end: end) else { return nil }
        protect(start..<close + 2, delimiter: 2) { tex, _ in .math(display ? Self.trimmed(tex) : tex, display: display) }
        return close + 2
    }

    /// `$$…$$` or `$…$` (the opener not followed by a space, the closer not preceded by a space
    /// nor followed by a digit, so `$5 and $10` stays text; inline math stops at a backtick).
    private mutating func dollarMath(at start: Int, end: Int) -> Int? {
        if at(start + 1, "$") {
            guard let close = find("$$", from: start + 2, end: end, accept: { !at($0 - 1, "\\") }),
                bytes[start + 2..<close].contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) })
            else { return nil }
            protect(start..<close + 2, delimiter: 2) { tex, _ in .math(Self.trimmed(tex), display: true) }
            return close + 2
        }
        guard start + 1 < end, !isSpace(start + 1) else { return nil }
        let accept = { (j: Int) in !isSpace(j - 1) && !at(j - 1, "\\") && !isDigit(j + 1) }
        guard let close = find("$", from: start + 1, end: end, accept: accept),
            !bytes[start..<close].contains(UInt8(ascii: "`"))
        else {
            warnAboutSpacedCloser(after: start)
            return nil
        }
        protect(start..<close + 1, delimiter: 1) { tex, _ in .math(tex, display: false) }
        return close + 1
    }

    /// `$x = $ 5` is text, not math (a closing `$` must follow a non-space): a likely slip, so
    /// warn at a `$` on the opener's line that looks like a closer after a space.
    private mutating func warnAboutSpacedCloser(after start: Int) {
        let line = location(start).line - 1
        let accept = { (j: Int) in isSpace(j - 1) && !isDigit(j + 1) && !at(j + 1, "$") }
        guard let dollar = find("$", from: start + 1, end: lineEnd(line), accept: accept),
            warnedDollars.insert(dollar).inserted
        else { return }
        diagnostics.append(Diagnostic(location(dollar), "'$' after a space does not close the math opened at column \(location(start).column)",
                                      hint: "remove the space before the '$' ($x = 1$), or write \\$ for a dollar sign",
                                      severity: .warning))
    }

    /// `{{ EXPR }}`: parsed now, reported at its exact column; unterminated if another `{{`
    /// or the paragraph's end comes before `}}`.
    private mutating func valueSpan(at start: Int, end: Int) -> Int {
        let next = find("{{", from: start + 2, end: end) ?? end
        guard let close = find("}}", from: start + 2, end: next) else {
            diagnostics.append(Diagnostic(location(start), "unterminated '{{': expected '}}'",
                                          hint: "close the value with '}}', or write it in a code span to show '{{' literally"))
            return start + 2
        }
        let spanLocation = location(start)
        var problem: Diagnostic? = nil
        protect(start..<close + 2, delimiter: 2) { source, locator in
            do throws(Diagnostic) {
                let parsed = try Expr.parse(source, locatedBy: locator)
                return .value(ValueSpan(source: Self.trimmed(source), expression: parsed.expression, location: spanLocation,
                                        references: parsed.references))
            } catch {
                problem = error
                return .invalid
            }
        }
        if let problem { diagnostics.append(problem) }
        return close + 2
    }

    private static func trimmed(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Records the span and schedules a placeholder for each of its line pieces. `content` gets
    /// the text between the delimiters (`delimiter` bytes each side), container prefixes removed,
    /// and where each of its bytes is in the file.
    private mutating func protect(_ range: Range<Int>, delimiter: Int,
                                  content: (String, TextLocator) -> ProtectedSpans.Content) {
        let pieces = pieces(of: range)
        guard spans.segments.count + pieces.count
            <= Int(ProtectedSpans.lastPlaceholder - ProtectedSpans.firstPlaceholder) + 1
        else { return }
        let text = pieces.map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: "\n")
        let inner = String(decoding: Array(text.utf8).dropFirst(delimiter).dropLast(delimiter), as: UTF8.self)
        let spanIndex = spans.spans.count
        // Each continuation piece starts after the indentation and quote markers it lost.
        var anchors: [TextLocator.Anchor] = []
        var offset = (pieces.first?.count ?? 0) + 1 - delimiter
        for piece in pieces.dropFirst() {
            anchors.append(.init(offset: offset, location: location(piece.lowerBound)))
            offset += piece.count + 1
        }
        let locator = TextLocator(start: location(range.lowerBound + delimiter), more: anchors)
        spans.spans.append(.init(original: String(decoding: bytes[range], as: UTF8.self), content: content(inner, locator)))
        for (n, piece) in pieces.enumerated() {
            let code = ProtectedSpans.firstPlaceholder + UInt32(spans.segments.count)
            let marker = Array(String(Character(Unicode.Scalar(code)!)).utf8)
            let length = max(piece.count, marker.count)
            spans.segments.append(.init(span: spanIndex, isFirst: n == 0, byteLength: length))
            replacements.append((piece, marker + Array(repeating: UInt8(ascii: "x"), count: length - marker.count)))
        }
    }

    /// The span split at newlines. Continuation pieces start after their indentation and after
    /// as many `>` quote markers as the span's first line had; those stay in the text for cmark.
    private func pieces(of range: Range<Int>) -> [Range<Int>] {
        let lineStart = lineStarts[location(range.lowerBound).line - 1]
        let prefix = bytes[lineStart..<range.lowerBound]
        // The quote markers opening the line, even when text comes between them and the span.
        let quoteDepth = prefix.prefix { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
            .count(where: { $0 == UInt8(ascii: ">") })
        var out: [Range<Int>] = []
        var start = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == 0x0A {
            var s = start
            if !out.isEmpty {
                var markers = 0
                while s < i, bytes[s] == 0x20 || bytes[s] == 0x09 || (bytes[s] == UInt8(ascii: ">") && markers < quoteDepth) {
                    if bytes[s] == UInt8(ascii: ">") { markers += 1 }
                    s += 1
                }
            }
            var e = i
            if e > s, bytes[e - 1] == 0x0D { e -= 1 }
            if e > s { out.append(s..<e) }
            start = i + 1
        }
        return out
    }
}
