import Foundation
import LabDocument

/// Renders a lab as one self-contained HTML page: inline CSS, inline SVG figures, images as data URIs,
/// a table of contents from the h2/h3 headings, light and dark colours, and a few lines of script for the
/// quiz and explorer widgets. Nothing is fetched over the network.
///
/// The page runs only labrun's own script: raw HTML from the lab is shown as text unless the front matter
/// says `raw_html: true`, `javascript:`-like addresses are not linked (``URLPolicy``), and a
/// Content-Security-Policy allows exactly the inline script and styles written here, by hash.
public enum HTMLRenderer {
    public static func render(_ input: RenderInput) -> String {
        var writer = HTMLWriter(input: input)
        var body = writer.blocks(input.document.blocks)
        let title = Escape.html(input.document.title.isEmpty ? "Lab" : input.document.title)
        var tail = ""
        if let stale = input.staleSummary {
            tail += "<p class=\"stale-badge\"><strong>Stale</strong> \(Escape.html(stale))</p>\n"
        }
        body = tail + body + "</main>\n</div>\n"
        if let navigation = input.navigation { body += navigation.html }
        if let footer = input.footer, !footer.isEmpty {
            body += "<footer class=\"page-footer\"><p>\(Escape.html(footer))</p></footer>\n"
        }
        let scripts = writer.needsScript ? [PageScript.js] : []
        let header = """
            <header class="page-header"><div class="header-inner"><p class="kicker">Lab</p><h1>\(title)</h1></div></header>
            <div class="layout\(writer.contents.isEmpty ? " no-toc" : "")">

            """ + writer.tableOfContents() + "<main id=\"content\">\n"
        let styles = [PageStyle.css] + (input.navigation == nil ? [] : [CourseStyle.css])
        let policy = ContentSecurityPolicy(scripts: scripts + input.hostScripts, styles: styles,
                                           styleAttributes: ContentSecurityPolicy.styleAttributes(in: header + body))
        var page = PageHead.html(title: title, policy: policy, styles: styles)
        page += header + body
        for script in scripts { page += "<script>\(script)</script>\n" }
        return page + "</body>\n</html>\n"
    }
}

/// The state of one rendering: ids in use, the contents entries, whether a widget needs the script.
struct HTMLWriter {
    let input: RenderInput
    var slugger = Slugger()
    var contents: [(level: Int, id: String, html: String)] = []
    var titleHeadingSkipped = false
    var needsScript = false

    init(input: RenderInput) {
        self.input = input
        _ = slugger.unique("content")  // the id of <main>
    }

    func tableOfContents() -> String {
        guard !contents.isEmpty else { return "" }
        var out = "<nav class=\"toc\" aria-label=\"Contents\"><p class=\"toc-title\">Contents</p><ol>"
        var nested = false
        for (i, entry) in contents.enumerated() {
            let link = "<li><a href=\"#\(entry.id)\">\(entry.html)</a>"
            if entry.level == 2 {
                out += nested ? "</li></ol></li>" : (i > 0 ? "</li>" : "")
                nested = false
            } else if !nested {
                out += (i == 0 ? "<li>" : "") + "<ol>"
                nested = true
            } else {
                out += "</li>"
            }
            out += link
        }
        out += nested ? "</li></ol></li>" : "</li>"
        return out + "</ol></nav>\n"
    }

    mutating func blocks(_ blocks: [Block]) -> String {
        blocks.map { block($0) }.joined()
    }

    mutating func block(_ block: Block) -> String {
        switch block.kind {
        case .heading(let level, let content):
            if level == 1 && !titleHeadingSkipped && PlainText.of(content) == input.document.title {
                titleHeadingSkipped = true
                return ""
            }
            let id = slugger.unique(PlainText.of(content))
            let html = inlines(content)
            if level == 2 || level == 3 { contents.append((level, id, html)) }
            let tag = "h\(min(6, max(2, level)))"
            return "<\(tag) id=\"\(id)\">\(html)</\(tag)>\n"
        case .paragraph(let content):
            return "<p>\(inlines(content))</p>\n"
        case .blockQuote(let content):
            return "<blockquote>\n\(blocks(content))</blockquote>\n"
        case .list(let ordered, let start, let tight, let items):
            let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
            var out = open + "\n"
            for item in items {
                out += item.task == nil ? "<li>" : "<li class=\"task\">"
                var body = tight ? tightItem(item.blocks) : "\n" + blocks(item.blocks)
                if let done = item.task {  // the box goes inside the first paragraph so they share a line
                    let box = "<input type=\"checkbox\" disabled\(done ? " checked" : "")> "
                    if !tight, body.hasPrefix("\n<p>") { body = "\n<p>" + box + body.dropFirst(4) } else { body = box + body }
                }
                out += body
                out += "</li>\n"
            }
            return out + (ordered ? "</ol>\n" : "</ul>\n")
        case .code(let info, let text):
            let language = info.split(separator: " ").first.map { " class=\"language-\(Escape.html(String($0)))\"" } ?? ""
            return "<pre><code\(language)>\(Escape.html(text))</code></pre>\n"
        case .math(let tex):
            // Kept whole on one line: a formula wider than the column scrolls inside its own box.
            return "<div class=\"math scroll-x\" title=\"\(Escape.html(tex))\">\(TeXTypesetter.html(tex))</div>\n"
        case .table(let table):
            return proseTable(table)
        case .html(let raw):
            return rawHTML.htmlBlock(raw)
        case .thematicBreak:
            return "<hr>\n"
        case .directive(let directive):
            return self.directive(directive)
        case .conditional(let c):
            return blocks(input.branch(of: c))
        }
    }

    /// A tight list item: its paragraphs without `<p>`, as CommonMark renders them.
    private mutating func tightItem(_ content: [Block]) -> String {
        content.map { b -> String in
            if case .paragraph(let inl) = b.kind { return inlines(inl) }
            return "\n" + block(b)
        }.joined(separator: "\n")
    }

    private mutating func proseTable(_ table: Table) -> String {
        func align(_ i: Int) -> String {
            let a = i < table.alignments.count ? table.alignments[i] : .none
            return a == .none ? "" : " style=\"text-align:\(a.rawValue)\""
        }
        let wide = TableWidth.scrollsOnPhone(([table.header] + table.rows).map { $0.map(PlainText.of) })
        var out = "<div class=\"table-wrap scroll-x\(wide ? " scroll-hint" : "")\"><table>\n<thead><tr>"
        for (i, cell) in table.header.enumerated() { out += "<th\(align(i))>\(inlines(cell))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>" + row.enumerated().map { "<td\(align($0.offset))>\(inlines($0.element))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    func inlines(_ content: [Inline]) -> String {
        content.map(inline).joined()
    }

    func inline(_ node: Inline) -> String {
        switch node {
        case .text(let s): return Escape.html(s)
        case .code(let s): return "<code>\(Escape.html(s))</code>"
        case .emphasis(let c): return "<em>\(inlines(c))</em>"
        case .strong(let c): return "<strong>\(inlines(c))</strong>"
        case .strikethrough(let c): return "<del>\(inlines(c))</del>"
        case .link(let destination, let title, let c):
            guard URLPolicy.allows(destination, image: false) else { return blocked(destination, inlines(c)) }
            let t = title.isEmpty ? "" : " title=\"\(Escape.html(title))\""
            return "<a href=\"\(Escape.html(destination))\"\(t)>\(inlines(c))</a>"
        case .image(let source, let title, let alt):
            guard URLPolicy.allows(source, image: true) else { return blocked(source, Escape.html(alt)) }
            let t = title.isEmpty ? "" : " title=\"\(Escape.html(title))\""
            return "<img src=\"\(Escape.html(imageSource(source)))\" alt=\"\(Escape.html(alt))\"\(t)>"
        case .html(let raw): return rawHTML.htmlInline(raw)
        case .softBreak: return "\n"
        case .lineBreak: return "<br>\n"
        case .math(let tex, let display):
            let cls = display ? "math display scroll-x" : "math"
            return "<span class=\"\(cls)\" title=\"\(Escape.html(tex))\">\(TeXTypesetter.html(tex))</span>"
        case .value(let span):
            switch input.values[span.location] {
            case .success(let text)?: return "<span class=\"value\">\(Escape.html(text))</span>"
            case .failure(let error)?: return valueError(span, error.message)
            case nil: return valueError(span, "no value was computed for this expression")
            }
        }
    }

    var rawHTML: RawHTML { RawHTML(allowed: input.document.allowsRawHTML) }

    /// A link or image whose address could run code: its text stays, the address does not.
    private func blocked(_ address: String, _ html: String) -> String {
        let scheme = URLPolicy.scheme(of: address) ?? ""
        return "<span class=\"blocked-url\" title=\"\(Escape.html(scheme)): address removed\">\(html)</span>"
    }

    private func valueError(_ span: ValueSpan, _ message: String) -> String {
        "<span class=\"value-error\" title=\"\(Escape.html("\(span.location): \(message)"))\">⚠ {{ \(Escape.html(span.source)) }}: \(Escape.html(message))</span>"
    }

    /// A prose image's source: a data URI when its bytes were provided, else as written.
    private func imageSource(_ source: String) -> String {
        guard let data = input.images[source] else { return source }
        let ext = source.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let mime = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
                    "svg": "image/svg+xml", "webp": "image/webp"][ext] ?? "application/octet-stream"
        return "data:\(mime);base64,\(data.base64EncodedString())"
    }
}

/// The text of inlines without markup, for ids, titles and comparisons.
enum PlainText {
    static func of(_ content: [Inline]) -> String {
        content.map { node -> String in
            switch node {
            case .text(let s), .code(let s): return s
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): return of(c)
            case .image(_, _, let alt): return alt
            case .html: return ""
            case .softBreak, .lineBreak: return " "
            case .math(let tex, _): return tex
            case .value(let span): return span.source
            }
        }.joined()
    }
}
