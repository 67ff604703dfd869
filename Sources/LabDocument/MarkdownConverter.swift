import CCmarkGFM

/// A cmark node: an opaque C pointer, valid until its tree is freed.
private typealias CNode = OpaquePointer

/// The one place that calls cmark-gfm: parses GitHub-flavoured Markdown (tables, strikethrough,
/// autolinks, task lists) and copies the C tree into `Block`/`Inline` values, freeing it at once.
/// Locations are cmark's start line and byte column, which are file positions because the
/// front matter is blanked out, not removed, before parsing.
struct MarkdownConverter {
    let file: String
    let spans: ProtectedSpans

    /// The 1-based lines covered by code and HTML blocks, where prose rules do not apply.
    static func rawBlockLines(of text: String) -> Set<Int> {
        withTree(text) { root in
            var lines = Set<Int>()
            func walk(_ node: CNode) {
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
                    let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
                    if first <= last { lines.formUnion(first...last) }
                }
                children(of: node).forEach(walk)
            }
            walk(root)
            return lines
        } ?? []
    }

    /// The blocks of `text` (placeholders of `spans` already in it).
    func blocks(of text: String) -> [Block] {
        Self.withTree(text) { root in blocks(Self.children(of: root)) } ?? []
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

    private func blocks(_ nodes: [CNode]) -> [Block] {
        nodes.compactMap { node in block(node).map { Block($0, at: location(node)) } }
    }

    private func block(_ node: CNode) -> Block.Kind? {
        let children = Self.children(of: node)
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            let content = inlines(children)
            let visible = content.filter { !$0.isBlank }
            if visible.count == 1, case .math(let tex, display: true) = visible[0] { return .math(tex) }
            return .paragraph(content)
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(children))
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(children))
        case CMARK_NODE_LIST:
            let items = children.map { item in
                let isTask = Self.string(cmark_node_get_type_string(item)) == "tasklist"
                return ListItem(task: isTask ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil,
                                blocks: blocks(Self.children(of: item)))
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
            let cells = Self.children(of: row).map { inlines(Self.children(of: $0)) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { body.append(cells) }
        }
        return Table(alignments: alignments, header: header, rows: body)
    }

    /// Inline nodes to `Inline`s, with protected spans restored at this level.
    private func inlines(_ nodes: [CNode]) -> [Inline] {
        spans.restore(nodes.compactMap(inline))
    }

    private func inline(_ node: CNode) -> Inline? {
        let literal = { spans.restoreRaw(Self.string(cmark_node_get_literal(node))) }
        let children = Self.children(of: node)
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal())
        case CMARK_NODE_HTML_INLINE: return .html(literal())
        case CMARK_NODE_EMPH: return .emphasis(inlines(children))
        case CMARK_NODE_STRONG: return .strong(inlines(children))
        case CMARK_NODE_LINK:
            return .link(destination: spans.restoreRaw(Self.string(cmark_node_get_url(node))),
                         title: spans.restoreRaw(Self.string(cmark_node_get_title(node))), inlines(children))
        case CMARK_NODE_IMAGE:
            return .image(source: spans.restoreRaw(Self.string(cmark_node_get_url(node))),
                          title: spans.restoreRaw(Self.string(cmark_node_get_title(node))),
                          alt: inlines(children).plainText)
        default:
            if Self.string(cmark_node_get_type_string(node)) == "strikethrough" { return .strikethrough(inlines(children)) }
            // Kinds the attached extensions do not make (footnotes): keep their text.
            return children.isEmpty ? .text(literal()) : .text(inlines(children).plainText)
        }
    }
}
