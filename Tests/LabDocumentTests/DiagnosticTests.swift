import Testing
@testable import LabDocument

/// Every problem in the lab text is reported word for word at the file line:col where it was
/// written. Columns are counted by hand from the sources below (1-based bytes).
struct DiagnosticTests {
    func messages(_ text: String) -> [String] {
        Document.parse(text: text, path: "lab.md").diagnostics.map(\.description)
    }

    @Test func unknownFrontMatterKey() {
        #expect(messages("---\ntitle: T\nauthor: me\n---\n# T\n") == [
            "lab.md:3:1: error: unknown front-matter key 'author'\n  hint: the front matter knows 'title', 'summary', 'params' and 'raw_html'",
        ])
    }

    @Test func brokenFrontMatterYAMLAtItsFileLine() {
        // Line 4 `   b: 2` is indented deeper than `a`, so its ':' (column 5) is not allowed there.
        #expect(messages("---\nparams:\n  a: 1\n   b: 2\n---\n") == [
            "lab.md:4:5: error: unexpected ':' here: this line is indented deeper than the key above it, or a value holds ': '\n  hint: indent the keys of one mapping equally, with spaces; put a value that holds ': ' in quotes",
        ])
    }

    @Test func frontMatterWithoutClosingFence() {
        #expect(messages("---\ntitle: T\n\n# T\n") == [
            "lab.md:1:1: error: the front matter has no closing '---' line\n  hint: end the YAML block with a line of three dashes",
        ])
    }

    @Test func paramsMustBeAMapping() {
        // `params: 5`: the value 5 starts at column 9.
        #expect(messages("---\nparams: 5\n---\n") == [
            "lab.md:2:9: error: 'params' must be a mapping of names to values\n  hint: indent one 'name: value' per line under 'params:'",
        ])
    }

    @Test func brokenDirectiveYAMLInsideAListItem() {
        // The fence is indented by 2 inside the item; line 5 `  batch: 32: 1` has a second ':' at column 12.
        let text = "- step:\n\n  ```lab train #x\n  epochs: 5\n  batch: 32: 1\n  ```\n"
        #expect(messages(text) == ["lab.md:5:12: error: unexpected ':' here: this line is indented deeper than the key above it, or a value holds ': '\n  hint: indent the keys of one mapping equally, with spaces; put a value that holds ': ' in quotes"])
    }

    @Test func duplicateYAMLKeyPointsAtTheSecondUse() {
        #expect(messages("```lab train\nepochs: 1\nseed: 2\nepochs: 3\n```\n") == [
            "lab.md:4:1: error: duplicate key 'epochs' in a YAML mapping\n  hint: each key may appear once",
        ])
    }

    @Test func badAndDuplicateIDs() {
        // ```lab train #9x: the '#' is at column 14.
        let text = "```lab train #9x\n```\n\n```lab train #base\n```\n\n```lab convert #base\n```\n"
        #expect(messages(text) == [
            "lab.md:1:14: error: invalid id '#9x'\n  hint: an id starts with a letter and has only letters, digits, '_' and '-'",
            "lab.md:7:16: error: duplicate id 'base'\n  hint: the id is already used at line 4; give this block its own #id",
        ])
    }

    @Test func givenIDClashingWithADefaultID() {
        #expect(messages("```lab train\n```\n\n```lab convert #train-1\n```\n") == [
            "lab.md:4:16: error: duplicate id 'train-1'\n  hint: the id is already used at line 1; give this block its own #id",
        ])
    }

    @Test func missingStepAndExtraWords() {
        #expect(messages("```lab #x\n```\n\n```lab train #y fast\n```\n") == [
            "lab.md:1:4: error: a 'lab' block needs a step name\n  hint: write the fence as ```lab STEP or ```lab STEP #id",
            "lab.md:4:17: error: unexpected 'fast' after the step name\n  hint: the fence line is ```lab STEP [#id]; put parameters in the body",
        ])
    }

    @Test func bodyMustBeAMappingOrList() {
        #expect(messages("```lab train\n42\n```\n") == [
            "lab.md:2:1: error: the body of a 'lab' block must be a YAML mapping or list\n  hint: write one 'name: value' per line",
        ])
    }

    @Test func badValueExpressionAtItsColumn() {
        // `{{` at column 7; the expression ends at column 14, where '}}' stands.
        #expect(messages("Value {{ a + }} here.\n") == ["lab.md:1:14: error: expected an expression after '+'"])
        // After 3 front-matter lines: `{{` at 4:3, `'` at 4:6.
        #expect(messages("---\ntitle: T\n---\nA {{ 'abc }}.\n") == ["lab.md:4:6: error: unterminated string"])
    }

    @Test func unterminatedValue() {
        #expect(messages("Value {{ a.b and more\n") == [
            "lab.md:1:7: error: unterminated '{{': expected '}}'\n  hint: close the value with '}}', or write it in a code span to show '{{' literally",
        ])
        // A second `{{` before any `}}` leaves the first unterminated.
        #expect(messages("{{ a {{ b }}\n").first?.hasPrefix("lab.md:1:1: error: unterminated '{{'") == true)
    }

    @Test func codeIsNeverScannedForValues() {
        #expect(messages("Code `{{ a + }}` stays.\n\n```python\nx = {{ 1 +\n```\n\n    {{ indented\n").isEmpty)
    }

    @Test func unreadableFileIsThrown() {
        #expect(throws: Diagnostic(SourceLocation(file: "/nonexistent/lab.md", line: 1, column: 1), "no such lab file",
                                   hint: "check the path")) {
            try Document.load(path: "/nonexistent/lab.md")
        }
    }
}

/// Warnings: the lab still runs, but the author probably meant something else.
struct WarningTests {
    @Test func spacedClosingDollarIsNotMath() {
        // `$s = $ 0.5`: the second '$' (column 11) follows a space, so no math is made.
        let document = Document.parse(text: "Then $s = $ 0.5 and $5 or $10.\n", path: "lab.md")
        #expect(document.diagnostics.map(\.description) == [
            "lab.md:1:11: warning: '$' after a space does not close the math opened at column 6\n  hint: remove the space before the '$' ($x = 1$), or write \\$ for a dollar sign",
        ])
    }

    @Test func aValueInsideInlineCodeIsShownAsWritten() {
        // Column 10 is the `{{` inside the backticks. Braces shown on purpose (no closing `}}`,
        // or no valid expression) and a fenced block say nothing; the value outside is computed.
        let text = "Set `n = {{ params.n }}` or `n =` {{ params.n }} or `{{ n` or `{{ not a value }}`.\n\nThen `{{ a + }} and {{ params.m }}`.\n\n```\n{{ params.n }}\n```\n"
        let document = Document.parse(text: text, path: "lab.md")
        #expect(document.diagnostics.map(\.description) == [
            "lab.md:1:10: warning: a {{ }} value inside `code` is shown as written, not computed\n"
                + "  hint: end the code span before the value (`NAME =` {{ … }}); to show the braces on purpose, ignore this warning",
            "lab.md:3:21: warning: a {{ }} value inside `code` is shown as written, not computed\n"
                + "  hint: end the code span before the value (`NAME =` {{ … }}); to show the braces on purpose, ignore this warning",
        ])
    }
}
