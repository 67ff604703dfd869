import Yams

/// The `---` YAML `---` block at the top of a lab: `title`, `summary`, `params` and `raw_html`.
struct FrontMatter {
    static let knownKeys = ["title", "summary", "params", "raw_html"]

    var title: String?
    /// One line for a course's index (`labrun book`); without it the index quotes the first sentence.
    var summary: String?
    /// `raw_html: true`: the instructor vouches for the lab's raw HTML, which the page then keeps as written.
    var rawHTML = false
    var params = Record()
    var paramLocations: [String: SourceLocation] = [:]
    /// Lines taken by the block, both fences included; 0 without front matter.
    var lineCount = 0

    /// Reads the front matter of `text`, if it starts with a `---` line. Problems go to `diagnostics`.
    init(text: String, file: String, diagnostics: inout [Diagnostic]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first, Self.isFence(first) else { return }
        guard let closing = lines.dropFirst().firstIndex(where: { Self.isFence($0) || $0 == "..." }) else {
            diagnostics.append(Diagnostic(SourceLocation(file: file, line: 1, column: 1),
                                          "the front matter has no closing '---' line",
                                          hint: "end the YAML block with a line of three dashes"))
            return
        }
        lineCount = closing + 1
        let yaml = YAMLReader(lines[1..<closing].joined(separator: "\n"), file: file, firstLine: 2)
        switch yaml.compose() {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
        case .success(nil):
            break
        case .success(let root?):
            read(root, yaml: yaml, diagnostics: &diagnostics)
        }
    }

    private static func isFence(_ line: Substring) -> Bool {
        line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }

    private mutating func read(_ root: Node, yaml: YAMLReader, diagnostics: inout [Diagnostic]) {
        guard let mapping = root.mapping else {
            diagnostics.append(Diagnostic(yaml.location(root.mark), "the front matter must be a YAML mapping",
                                          hint: "write 'title: …' and 'params:' on their own lines"))
            return
        }
        for (key, location, node) in yaml.entries(of: mapping, diagnostics: &diagnostics) {
            switch key {
            case "title":
                if case .string(let s) = yaml.value(of: node, diagnostics: &diagnostics) {
                    title = s
                } else {
                    diagnostics.append(Diagnostic(yaml.location(node.mark), "'title' must be a string"))
                }
            case "summary":
                if case .string(let s) = yaml.value(of: node, diagnostics: &diagnostics) {
                    summary = s
                } else {
                    diagnostics.append(Diagnostic(yaml.location(node.mark), "'summary' must be a string"))
                }
            case "params":
                readParams(node, yaml: yaml, diagnostics: &diagnostics)
            case "raw_html":
                if case .bool(let b) = yaml.value(of: node, diagnostics: &diagnostics) {
                    rawHTML = b
                } else {
                    diagnostics.append(Diagnostic(yaml.location(node.mark), "'raw_html' must be true or false"))
                }
            default:
                let known = Self.knownKeys.dropLast().map { "'\($0)'" }.joined(separator: ", ")
                    + " and '\(Self.knownKeys.last!)'"
                diagnostics.append(Diagnostic(location, "unknown front-matter key '\(key)'",
                                              hint: "the front matter knows \(known)"))
            }
        }
    }

    private mutating func readParams(_ node: Node, yaml: YAMLReader, diagnostics: inout [Diagnostic]) {
        if case .scalar(let scalar) = node, scalar.style == .plain, scalar.string.isEmpty { return }
        guard let mapping = node.mapping else {
            diagnostics.append(Diagnostic(yaml.location(node.mark), "'params' must be a mapping of names to values",
                                          hint: "indent one 'name: value' per line under 'params:'"))
            return
        }
        for (key, location, valueNode) in yaml.entries(of: mapping, diagnostics: &diagnostics) {
            params[key] = yaml.value(of: valueNode, diagnostics: &diagnostics)
            paramLocations[key] = location
        }
    }
}
