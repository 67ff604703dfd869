import Foundation
import Testing
@testable import LabDocument

/// Markdown nested thousands of levels deep is an error at its first too-deep place, never a
/// stack overflow in the converter or in any walker after it.
@Suite(.serialized) struct DeepMarkdownTests {
    func errors(_ text: String) -> [String] {
        Document.parse(text: text, path: "lab.md").diagnostics.map(\.description)
    }

    static let blockAdvice = "Markdown nests deeper than 64 levels here; flatten the lists or quotes"

    @Test func quotesTenThousandDeepAreAnErrorAtTheSixtyFifth() {
        let text = "# Lab\n\n" + String(repeating: "> ", count: 10_000) + "x\n"
        #expect(errors(text) == ["lab.md:3:\(1 + 2 * 64): error: \(Self.blockAdvice)"])
    }

    @Test func listsTenThousandDeepAreAnError() {
        #expect(errors(String(repeating: "- ", count: 10_000) + "x\n") == ["lab.md:1:\(1 + 2 * 64): error: \(Self.blockAdvice)"])
        #expect(errors(String(repeating: "1. ", count: 10_000) + "x\n") == ["lab.md:1:\(1 + 3 * 64): error: \(Self.blockAdvice)"])
        // Dashes alone are a thematic break, not lists.
        #expect(errors(String(repeating: "- ", count: 10_000) + "\n") == [])
    }

    @Test func indentedListsNestedDeepAreAnErrorAtTheirLine() {
        let text = (0..<200).map { String(repeating: "  ", count: $0) + "- item \($0)" }.joined(separator: "\n")
        #expect(errors(text) == ["lab.md:65:129: error: \(Self.blockAdvice)"])
    }

    @Test func sixtyFourLevelsStillConvert() {
        let text = String(repeating: "> ", count: 64) + "x\n"
        let document = Document.parse(text: text, path: "lab.md")
        #expect(document.diagnostics.isEmpty)
        var depth = 0
        var blocks = document.blocks
        while case .blockQuote(let inner)? = blocks.first?.kind { depth += 1; blocks = inner }
        #expect(depth == 64)
        guard case .paragraph(let inlines)? = blocks.first?.kind else { Issue.record("no paragraph"); return }
        #expect(inlines.plainText == "x")
    }

    @Test func emphasisTenThousandDeepIsAnErrorAtItsParagraph() {
        let text = "# Lab\n\n" + String(repeating: "*", count: 10_000) + "x" + String(repeating: "*", count: 10_000) + "\n"
        #expect(errors(text) == ["lab.md:3:1: error: Markdown nests deeper than 64 levels here; flatten the emphasis, links or images"])
    }

    @Test func nestedImagesTenThousandDeepAreAnError() {
        let text = String(repeating: "![", count: 10_000) + "x" + String(repeating: "](u)", count: 10_000) + "\n"
        #expect(errors(text) == ["lab.md:1:1: error: Markdown nests deeper than 64 levels here; flatten the emphasis, links or images"])
    }

    /// cmark (iterative) parses and frees 100,000 levels in well under a second: 0.3 s at most
    /// measured alone (C, -O2); the budgets here leave room for a machine busy with other tests.
    /// The whole parse of this debug build stays within a few seconds.
    @Test(arguments: ["> ", "- ", "1. ", "[", "*", "![", "<", "`"])
    func aHundredThousandOpeningsParseQuickly(_ opening: String) {
        let text = String(repeating: opening, count: 100_000) + "x" + String(repeating: "*", count: 100_000) + "\n"
        var start = Date()
        _ = MarkdownConverter.rawBlockLines(of: text)
        #expect(Date().timeIntervalSince(start) < 3.0)
        start = Date()
        let document = Document.parse(text: text, path: "lab.md")
        #expect(Date().timeIntervalSince(start) < 10.0)
        _ = document.dump()
    }
}
