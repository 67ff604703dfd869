import CCmarkGFM

/// A cmark node: an opaque C pointer, valid until its tree is freed.
private typealias CNode = OpaquePointer

/// The one place that calls cmark-gfm: parses GitHub-flavoured Markdown (tables, strikethrough,
/// autolinks, task lists) and copies the C tree into `Block`/`Inline` values, freeing it at once.
/// Locations are cmark's start line and byte column, which are file positions because the
/// front matter is blanked out, not removed, before parsing.
///
/// The copy stops descending past `maximumNesting` block levels (quotes, lists) and as many
/// inline levels (emphasis, links, images): deeper content is dropped and reported once, so
/// no recursive walker after this one (renderers, dumps, value scans) ever sees a deeper tree.
/// cmark itself parses and frees iteratively, and `rawBlockLines` walks with cmark's iterator.
struct MarkdownConverter {
    static let maximumNesting = 64

    let file: String
    let spans: ProtectedSpans
    private let tooDeep = FirstLocation()

    /// The 1-based lines covered by code and HTML blocks, where prose rules do not apply.
    static func rawBlockLines(of text: String) -> Set<Int> {
        withTree(text) { root in
            var lines = Set<Int>()
            guard let iterator = cmark_iter_new(root) else { return lines }
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
                    let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
                    if first <= last { lines.formUnion(first...last) }
                }
            }
            return lines
        } ?? []
    }

    /// The blocks of `text` (placeholders of `spans` already in it), and an error at the first
    /// place that nests deeper than `maximumNesting` levels.
    func blocks(of text: String) -> (blocks: [Block], diagnostics: [Diagnostic]) {
        let converted = Self.withTree(text) { root in blocks(Self.children(of: root), depth: 0) } ?? []
        let diagnostics = tooDeep.location.map {
            [Diagnostic($0, "Markdown nests deeper than \(Self.maximumNesting) levels here; \(tooDeep.advice)")]
        } ?? []
        return (converted, diagnostics)
    }

    /// Parses `text` with the GFM extensions attached, runs `body` on the tree, frees everything.
    private static func withTree<T>(_ text: String, _ body: (CNode) -> T) -> T? {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(root) }
        return body(root)
    }

    private static func children(of node: CNode) -> [CNode] {
        var out: [CNode] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private func location(_ node: CNode) -> SourceLocation {
        SourceLocation(file: file, line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }

    /// `nodes`, which sit inside `depth` quotes or lists.
    private func blocks(_ nodes: [CNode], depth: Int) -> [Block] {
        nodes.compactMap { node in block(node, depth: depth).map { Block($0, at: location(node)) } }
    }

    private func block(_ node: CNode, depth: Int) -> Block.Kind? {
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST, depth >= Self.maximumNesting {
            tooDeep.record(location(node), advice: "flatten the lists or quotes")
            return nil
        }
        let children = Self.children(of: node)
        switch type {
        case CMARK_NODE_PARAGRAPH:
            let content = inlines(children, in: node)
            let visible = content.filter { !$0.isBlank }
            if visible.count == 1, case .math(let tex, display: true) = visible[0] { return .math(tex) }
            return .paragraph(content)
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(children, in: node))
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(children, depth: depth + 1))
        case CMARK_NODE_LIST:
            let items = children.map { item in
                let isTask = Self.string(cmark_node_get_type_string(item)) == "tasklist"
                return ListItem(task: isTask ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil,
                                blocks: blocks(Self.children(of: item), depth: depth + 1))
            }
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0,
                         items: items)
        case CMARK_NODE_CODE_BLOCK:
            return .code(info: spans.restoreRaw(Self.string(cmark_node_get_fence_info(node))),
                         text: spans.restoreRaw(Self.string(cmark_node_get_literal(node))))
        case CMARK_NODE_HTML_BLOCK:
            return .html(spans.restoreRaw(Self.string(cmark_node_get_literal(node))))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        default:
            return Self.string(cmark_node_get_type_string(node)) == "table" ? .table(table(node, rows: children)) : nil
        }
    }

    private func table(_ node: CNode, rows: [CNode]) -> Table {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [Table.Alignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            alignments = (0..<columns).map { i in
                switch raw[i] {
                case UInt8(ascii: "l"): return .left
                case UInt8(ascii: "c"): return .center
                case UInt8(ascii: "r"): return .right
                default: return .none
                }
            }
        }
        var header: [[Inline]] = []
        var body: [[[Inline]]] = []
        for row in rows {
            let cells = Self.children(of: row).map { inlines(Self.children(of: $0), in: $0) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { body.append(cells) }
        }
        return Table(alignments: alignments, header: header, rows: body)
    }

    /// Inline nodes to `Inline`s, with protected spans restored at this level. `block` is the
    /// block holding them (inline nodes carry no reliable position of their own in cmark-gfm).
    private func inlines(_ nodes: [CNode], in block: CNode, depth: Int = 0) -> [Inline] {
        if depth >= Self.maximumNesting, !nodes.isEmpty {
            tooDeep.record(location(block), advice: "flatten the emphasis, links or images")
            return []
        }
        return spans.restore(nodes.compactMap { inline($0, in: block, depth: depth) })
    }

    private func inline(_ node: CNode, in block: CNode, depth: Int) -> Inline? {
        let literal = { spans.restoreRaw(Self.string(cmark_node_get_literal(node))) }
        let children = Self.children(of: node)
        let inlines = { self.inlines(children, in: block, depth: depth + 1) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal())
        case CMARK_NODE_HTML_INLINE: return .html(literal())
        case CMARK_NODE_EMPH: return .emphasis(inlines())
        case CMARK_NODE_STRONG: return .strong(inlines())
        case CMARK_NODE_LINK:
            return .link(destination: spans.restoreRaw(Self.string(cmark_node_get_url(node))),
                         title: spans.restoreRaw(Self.string(cmark_node_get_title(node))), inlines())
        case CMARK_NODE_IMAGE:
            return .image(source: spans.restoreRaw(Self.string(cmark_node_get_url(node))),
                          title: spans.restoreRaw(Self.string(cmark_node_get_title(node))),
                          alt: inlines().plainText)
        default:
            if Self.string(cmark_node_get_type_string(node)) == "strikethrough" { return .strikethrough(inlines()) }
            // Kinds the attached extensions do not make (footnotes): keep their text.
            return children.isEmpty ? .text(literal()) : .text(inlines().plainText)
        }
    }
}

/// The first place the converter found too deep, and what to do about it.
private final class FirstLocation {
    private(set) var location: SourceLocation?
    private(set) var advice = ""

    func record(_ location: SourceLocation, advice: String) {
        guard self.location == nil else { return }
        self.location = location
        self.advice = advice
    }
}
