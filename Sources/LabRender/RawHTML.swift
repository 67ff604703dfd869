/// What becomes of HTML written in the lab's Markdown.
///
/// Raw HTML can carry scripts (`<script>`, `onerror=`, `<iframe srcdoc>`), so by default it is shown as
/// text. Comments vanish as a browser would hide them, and a few formatting tags without attributes
/// (`<sub>`, `<kbd>`, `<br>`…) are kept since they cannot run anything. `raw_html: true` in the front
/// matter keeps everything as written; the page's Content-Security-Policy still runs only labrun's scripts.
struct RawHTML {
    let allowed: Bool

    /// Formatting tags that take no attributes here and cannot load or run anything.
    static let harmlessTags: Set<String> = ["b", "i", "em", "strong", "u", "s", "del", "ins", "sub", "sup",
                                             "kbd", "mark", "small", "br", "wbr", "code", "var", "samp"]

    /// A raw HTML block as HTML.
    func htmlBlock(_ raw: String) -> String {
        if allowed { return raw.hasSuffix("\n") ? raw : raw + "\n" }
        if Self.isComment(raw) { return "" }
        return "<pre class=\"raw-html\"><code>\(Escape.html(raw.hasSuffix("\n") ? raw : raw + "\n"))</code></pre>\n"
    }

    /// An inline HTML tag as HTML.
    func htmlInline(_ raw: String) -> String {
        if allowed { return raw }
        if Self.isComment(raw) { return "" }
        if let tag = Self.harmlessTag(raw) { return tag }
        return Escape.html(raw)
    }

    /// A raw HTML block as GFM: the same choice, as a fenced code block when shown as text.
    func markdownBlock(_ raw: String) -> String {
        if allowed || Self.isComment(raw) { return raw }
        let text = raw.hasSuffix("\n") ? String(raw.dropLast()) : raw
        let fence = Escape.codeFence(for: text)
        return "\(fence)html\n\(text)\n\(fence)"
    }

    /// An inline HTML tag as GFM.
    func markdownInline(_ raw: String) -> String {
        if allowed { return raw }
        if Self.isComment(raw) { return "" }
        return Self.harmlessTag(raw) ?? Escape.markdown(raw)
    }

    /// True when `raw` is one HTML comment and nothing else (text after `-->` would be live HTML).
    static func isComment(_ raw: String) -> Bool {
        let text = raw.trimmingWhitespace
        guard text.hasPrefix("<!--"), text.hasSuffix("-->"), text.count >= 7 else { return false }
        return !text.dropFirst(4).dropLast(3).contains("-->") && !text.dropFirst(4).dropLast(3).contains("--!>")
    }

    /// `<tag>`, `</tag>` or `<tag/>` for a harmless tag without attributes, lowercased; else nil.
    static func harmlessTag(_ raw: String) -> String? {
        var body = Substring(raw)
        guard body.hasPrefix("<"), body.hasSuffix(">") else { return nil }
        body = body.dropFirst().dropLast()
        let closing = body.hasPrefix("/")
        if closing { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        let name = body.trimmingSuffixWhitespace.lowercased()
        guard harmlessTags.contains(name), !body.hasPrefix(" ") else { return nil }
        return closing ? "</\(name)>" : "<\(name)>"
    }
}

private extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

private extension Substring {
    var trimmingSuffixWhitespace: String {
        String(self[startIndex..<(lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? startIndex)])
    }
}
