import Foundation
import LabDocument

/// Renders a lab as GitHub-flavoured Markdown: prose written back as Markdown, directives replaced by their
/// outputs (pipe tables, figures as files next to the Markdown, quiz answers folded away). Math stays `$…$`.
public enum MarkdownRenderer {
    /// - Parameter filesDirectoryName: the folder, relative to the Markdown file, that figures are linked from
    ///   (e.g. `03-quantization_files`).
    /// - Returns: the Markdown, and the figure files to write into that folder (file name → bytes).
    public static func render(_ input: RenderInput, filesDirectoryName: String) -> (markdown: String, files: [String: Data]) {
        var writer = MarkdownWriter(input: input, filesDirectory: filesDirectoryName)
        var parts: [String] = []
        let hasTitleHeading = input.document.blocks.contains {
            if case .heading(1, let c) = $0.kind { return PlainText.of(c) == input.document.title }
            return false
        }
        if !hasTitleHeading && !input.document.title.isEmpty { parts.append("# " + Escape.markdown(input.document.title)) }
        if let stale = input.staleSummary { parts.append("> [!WARNING]\n> **Stale:** " + Escape.markdown(stale)) }
        parts += input.document.blocks.map { writer.block($0) }.filter { !$0.isEmpty }
        if let navigation = input.navigation { parts.append("---\n\n" + navigation.markdown) }
        if let footer = input.footer, !footer.isEmpty { parts.append("---\n\n<sub>\(Escape.html(footer))</sub>") }
        return (parts.joined(separator: "\n\n") + "\n", writer.files)
    }
}

/// The state of one Markdown rendering: the figure files written so far.
struct MarkdownWriter {
    let input: RenderInput
    let filesDirectory: String
    var files: [String: Data] = [:]

    init(input: RenderInput, filesDirectory: String) {
        self.input = input
        self.filesDirectory = filesDirectory
    }

    mutating func block(_ block: Block) -> String {
        switch block.kind {
        case .heading(let level, let content):
            return String(repeating: "#", count: min(6, max(1, level))) + " " + inlines(content)
        case .paragraph(let content):
            return inlines(content).split(separator: "\n", omittingEmptySubsequences: false)
                .map { Escape.lineStart(String($0)) }.joined(separator: "\n")
        case .blockQuote(let content):
            return content.map { self.block($0) }.joined(separator: "\n\n")
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        case .list(let ordered, let start, let tight, let items):
            var out: [String] = []
            for (i, item) in items.enumerated() {
                let marker = ordered ? "\(start + i). " : "- "
                let task = item.task.map { $0 ? "[x] " : "[ ] " } ?? ""
                let body = item.blocks.map { self.block($0) }.joined(separator: "\n\n")
                let indent = String(repeating: " ", count: marker.count)
                let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
                let text = lines.enumerated().map { $0.offset == 0 ? marker + task + $0.element : ($0.element.isEmpty ? "" : indent + $0.element) }
                out.append(text.joined(separator: "\n"))
            }
            return out.joined(separator: tight ? "\n" : "\n\n")
        case .code(let info, let text):
            return fenced(text, info: info)
        case .math(let tex):
            return "$$\n\(tex.trimmingCharacters(in: .newlines))\n$$"
        case .table(let table):
            let header = table.header.map { Escape.barePipes(inlines($0)) }
            let rows = table.rows.map { $0.map { Escape.barePipes(inlines($0)) } }
            return pipeTable(header: header, rows: rows, alignments: table.alignments)
        case .html(let raw):
            return RawHTML(allowed: input.document.allowsRawHTML).markdownBlock(raw.trimmingCharacters(in: .newlines))
        case .thematicBreak:
            return "---"
        case .directive(let d):
            return directive(d)
        case .conditional(let c):
            return input.branch(of: c).map { self.block($0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        }
    }

    func fenced(_ text: String, info: String) -> String {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let fence = Escape.codeFence(for: body)
        return "\(fence)\(info)\n\(body)\n\(fence)"
    }

    func pipeTable(header: [String], rows: [[String]], alignments: [Table.Alignment]) -> String {
        let count = max(header.count, rows.map(\.count).max() ?? 0, 1)
        func pad(_ r: [String]) -> [String] { r + Array(repeating: "", count: max(0, count - r.count)) }
        func line(_ cells: [String]) -> String { "| " + pad(cells).joined(separator: " | ") + " |" }
        let rule = (0..<count).map { i -> String in
            switch i < alignments.count ? alignments[i] : .none {
            case .left: return ":---"
            case .center: return ":---:"
            case .right: return "---:"
            case .none: return "---"
            }
        }
        return ([line(header), "|" + rule.map { " \($0) " }.joined(separator: "|") + "|"] + rows.map(line)).joined(separator: "\n")
    }

    func inlines(_ content: [Inline]) -> String {
        content.map(inline).joined()
    }

    func inline(_ node: Inline) -> String {
        switch node {
        case .text(let s): return Escape.markdown(s)
        case .code(let s): return Escape.codeSpan(s)
        case .emphasis(let c): return "*\(inlines(c))*"
        case .strong(let c): return "**\(inlines(c))**"
        case .strikethrough(let c): return "~~\(inlines(c))~~"
        case .link(let destination, let title, let c):
            // A link whose address could run code keeps its text only, as in the HTML page.
            guard URLPolicy.allows(destination, image: false) else { return inlines(c) }
            return "[\(inlines(c))](\(linkTarget(destination, title)))"
        case .image(let source, let title, let alt):
            guard URLPolicy.allows(source, image: true) else { return Escape.markdown(alt) }
            return "![\(Escape.markdown(alt))](\(linkTarget(source, title)))"
        case .html(let raw): return RawHTML(allowed: input.document.allowsRawHTML).markdownInline(raw)
        case .softBreak: return "\n"
        case .lineBreak: return "\\\n"
        case .math(let tex, let display): return display ? "$$\(tex)$$" : "$\(tex)$"
        case .value(let span):
            switch input.values[span.location] {
            case .success(let text)?: return Escape.markdown(text)
            case .failure(let error)?: return valueError(span, error.message)
            case nil: return valueError(span, "no value was computed for this expression")
            }
        }
    }

    private func valueError(_ span: ValueSpan, _ message: String) -> String {
        "**⚠ " + Escape.codeSpan("{{ \(span.source) }}") + ": " + Escape.markdown(message) + "**"
    }

    private func linkTarget(_ destination: String, _ title: String) -> String {
        let d = destination.contains(" ") || destination.contains(")") ? "<\(destination)>" : destination
        return title.isEmpty ? d : "\(d) \"\(title.replacingOccurrences(of: "\"", with: "\\\""))\""
    }
}
