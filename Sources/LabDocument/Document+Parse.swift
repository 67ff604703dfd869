import Foundation

extension Document {
    /// Parses a lab: front matter, GFM prose, math, `{{ }}` values and `lab` directives.
    ///
    /// Never fails: every problem found (YAML, directive headers, ids, expressions) is in
    /// `diagnostics`, sorted by position, with the file line:col where it was written.
    ///
    /// - Parameters:
    ///   - text: the lab's Markdown.
    ///   - path: the file name to put in locations, as the user should see it.
    public static func parse(text: String, path: String) -> Document {
        var diagnostics: [Diagnostic] = []
        let frontMatter = FrontMatter(text: text, file: path, diagnostics: &diagnostics)
        let markdown = blankingLines(frontMatter.lineCount, of: text)

        let scanner = SpanScanner(text: markdown, file: path,
                                  excludedLines: MarkdownConverter.rawBlockLines(of: markdown))
        diagnostics += scanner.diagnostics
        let converter = MarkdownConverter(file: path, spans: scanner.spans)
        var directives = DirectiveReader(file: path, text: text)
        let converted = converter.blocks(of: scanner.protectedText)
        diagnostics += converted.diagnostics
        var conditionals = ConditionalBlocks(file: path)
        let blocks = conditionals.group(directives.resolve(converted.blocks))
        diagnostics += directives.diagnostics + conditionals.diagnostics

        let title = frontMatter.title ?? blocks.lazy.compactMap { block -> String? in
            if case .heading(1, let inlines) = block.kind { return inlines.plainText }
            return nil
        }.first ?? ""
        let sorted = diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            return (x.line, x.column, a.offset) < (y.line, y.column, b.offset)
        }.map(\.element)
        var document = Document(path: path, title: title, params: frontMatter.params,
                                paramLocations: frontMatter.paramLocations, blocks: blocks, diagnostics: sorted)
        document.allowsRawHTML = frontMatter.rawHTML
        document.summary = frontMatter.summary
        return document
    }

    /// Reads and parses the lab at `path` (see `parse(text:path:)`).
    ///
    /// - Throws: a `Diagnostic` at `path:1:1` when the file cannot be read, or at the first
    ///   byte that is not UTF-8;
    ///   problems in the text itself are never thrown, they are in `diagnostics`.
    public static func load(path: String) throws(Diagnostic) -> Document {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw Diagnostic(start, exists ? "cannot read the lab file" : "no such lab file",
                             hint: exists ? "check the file's permissions" : "check the path")
        }
        return parse(text: try UTF8Text.decode(data, path: path), path: path)
    }

    /// `text` with its first `count` lines emptied, so later lines keep their numbers.
    private static func blankingLines(_ count: Int, of text: String) -> String {
        guard count > 0 else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return String(repeating: "\n", count: min(count, lines.count)) + lines.dropFirst(count).joined(separator: "\n")
    }
}
