import Testing
@testable import LabDocument

/// What `Document.parse` builds: typed YAML values with their positions, ids, and prose whose
/// math and values cmark never touched.
struct DocumentParseTests {
    func parse(_ text: String) -> Document { Document.parse(text: text, path: "lab.md") }
    func at(_ line: Int, _ column: Int) -> LabDocument.SourceLocation { LabDocument.SourceLocation(file: "lab.md", line: line, column: column) }

    /// The inlines of the first paragraph.
    func inlines(_ text: String) -> [String] {
        let document = parse(text)
        guard case .paragraph(let inlines)? = document.blocks.first?.kind else { return ["no paragraph"] }
        var writer = DumpWriter()
        inlines.forEach { writer.inline($0, 0) }
        return writer.text.split(separator: "\n").map(String.init)
    }

    @Test func yamlScalarsAreTypedByTheCoreSchema() {
        let body = "a: 5\nb: 1.5\nc: true\nd: null\ne: \"5\"\nf: 'true'\ng: yes\nh: 1e-3\ni: ~\nj: two words\nk: [1, x]\nl:\n"
        let directive = parse("```lab train\n\(body)```\n").directives.first
        let expected = Record([
            ("a", 5), ("b", 1.5), ("c", true), ("d", .null), ("e", "5"), ("f", "true"), ("g", "yes"),
            ("h", 0.001), ("i", .null), ("j", "two words"), ("k", [1, "x"]), ("l", .null),
        ])
        #expect(directive?.body == .record(expected))
        #expect(directive?.keyLocations["a"] == at(2, 1))
        #expect(directive?.keyLocations["l"] == at(13, 1))
    }

    @Test func frontMatterParamsKeepOrderAndPositions() {
        let document = parse("---\ntitle: \"LAB: T\"\nparams:\n  seed: 42\n  dataset: mnist\n---\n\n# Heading\n")
        #expect(document.title == "LAB: T")
        #expect(document.params.keys == ["seed", "dataset"])
        #expect(document.params["seed"] == 42)
        #expect(document.paramLocations["dataset"] == at(5, 3))
        // Blocks keep their real file lines after the front matter.
        #expect(document.blocks.first?.location == at(8, 1))
    }

    @Test func titleFallsBackToTheFirstLevelOneHeading() {
        #expect(parse("## Sub\n\n# Main *title*\n").title == "Main title")
    }

    @Test func directiveIDsAndBodies() {
        let text = "```lab train\n```\n\n```lab convert\nmodel: train-1\n```\n\n```lab train #qat\nqat: true\n```\n\n```lab train\n```\n"
        let directives = parse(text).directives
        // n counts every block of that step, named or not, so naming one never renames another.
        #expect(directives.map(\.id) == ["train-1", "convert-1", "qat", "train-3"])
        #expect(directives.map(\.idWasGiven) == [false, false, true, false])
        #expect(directives[0].body == .record(Record()))
        #expect(directives[1].location == at(4, 1))
        #expect(directives[1].bodyLocation == at(5, 1))
        #expect(directives[1].source == "model: train-1\n")
    }

    @Test func listBodiesLocateEachElement() {
        let directive = parse("> ```lab assert #checks\n> - a < b\n> - \"c\"\n> ```\n").directives.first
        #expect(directive?.body == ["a < b", "c"])
        #expect(directive?.keyLocations["0"] == at(2, 5))
        #expect(directive?.keyLocations["1"] == at(3, 5))
    }

    @Test func mathIsNotMangledByEmphasis() {
        #expect(inlines("A $x_1 * y_2$ and *em* and \\(a_b * c\\).") == [
            "text \"A \"", "math \"x_1 * y_2\"", "text \" and \"", "emphasis", "  text \"em\"",
            "text \" and \"", "math \"a_b * c\"", "text \".\"",
        ])
    }

    @Test func dollarsThatAreNotMath() {
        #expect(inlines("It costs $5 and $10.") == ["text \"It costs $5 and $10.\""])
        #expect(inlines("Escaped \\$x\\$ and `$y$` in code.") == [
            "text \"Escaped $x$ and \"", "code \"$y$\"", "text \" in code.\"",
        ])
        #expect(inlines("$ x$ opens with a space.") == ["text \"$ x$ opens with a space.\""])
    }

    @Test func escapedBracesAreLiteral() {
        #expect(inlines("Write \\{{ x }} to show braces.") == ["text \"Write {{ x }} to show braces.\""])
        #expect(parse("Write \\{{ x }}.").diagnostics.isEmpty)
    }

    @Test func displayMath() {
        let blocks = parse("$$\na_1 * b\n$$\n\n\\[ x_2 \\]\n\nText $$y$$ inline.\n").blocks
        guard blocks.count == 3, case .math(let first) = blocks[0].kind, case .math(let second) = blocks[1].kind,
            case .paragraph(let third) = blocks[2].kind
        else {
            Issue.record("expected two math blocks and a paragraph, got \(blocks.map(\.kind))")
            return
        }
        #expect(first == "a_1 * b")
        #expect(second == "x_2")
        #expect(blocks[1].location == at(5, 1))
        guard case .math("y", display: true) = third[1] else {
            Issue.record("expected inline display math, got \(third)")
            return
        }
    }

    @Test func mathAcrossLinesDropsTheLineBreak() {
        #expect(inlines("See $a +\n  b_1$ here.") == ["text \"See \"", "math \"a +\\nb_1\"", "text \" here.\""])
    }

    @Test func valuesInProseAndTables() {
        let document = parse("| m | acc |\n| - | - |\n| x | {{ r.acc | percent(1) }} |\n")
        guard case .table(let table)? = document.blocks.first?.kind, table.rows.count == 1,
            case .value(let span)? = table.rows[0][1].first
        else {
            Issue.record("expected a value in the table cell: \(document.dump())")
            return
        }
        // The '|' of the filter does not split the cell.
        #expect(table.rows[0].count == 2)
        #expect(span.expression == .filter(.path([.name("r"), .name("acc")]), name: "percent", arguments: [.number(1)]))
        #expect(span.source == "r.acc | percent(1)")
        #expect(span.location == at(3, 7))
    }

    @Test func gfmExtensionsAreOn() {
        let document = parse("- [x] done\n- [ ] todo\n\n~~old~~ www.example.com\n")
        guard case .list(_, _, _, let items)? = document.blocks.first?.kind else {
            Issue.record("no list")
            return
        }
        #expect(items.map(\.task) == [true, false])
        #expect(inlines("~~old~~ www.example.com") == [
            "strikethrough", "  text \"old\"", "text \" \"", "link \"http://www.example.com\"",
            "  text \"www.example.com\"",
        ])
    }
}

/// `Value(yaml:)`, used for command-line overrides.
struct ValueFromYAMLTests {
    @Test(arguments: [
        ("5", Value.number(5)), ("-2.5e1", -25), ("true", true), ("~", .null), ("\"5\"", "5"), ("mnist", "mnist"),
        ("yes", "yes"), ("[16, 32]", .list([16, 32])), ("{a: 1}", .record(Record([("a", 1)]))), ("[1, 2", "[1, 2"),
    ])
    func typedLikeDirectiveBodies(text: String, value: Value) {
        #expect(Value(yaml: text) == value)
    }
}

/// Text that could confuse the placeholders or the scanners parses without crashing.
struct HostileInputTests {
    @Test(arguments: [
        "\u{E000}\u{E001}xx $a$ \u{E000}",  // our placeholder characters written by the author
        "&#xE000; $a$ &#57344;",  // and as entities, which cmark decodes
        "$", "$$", "\\", "{{", "}}", "`", "```lab", "---", "---\n", "---\n---", "\r\n$a$\r\n",
        "> $$\n> a\n\n> b$$", "- $a\n- b$", "| $a | b$ |\n| - | - |\n", "$a$\u{0}b",
        String(repeating: "$x$ ", count: 7000),  // more spans than placeholder characters
    ])
    func parsesWithoutCrashing(text: String) {
        let document = Document.parse(text: text, path: "lab.md")
        #expect(!document.dump().isEmpty)
    }

    @Test func placeholderLookalikesStayText() {
        let document = Document.parse(text: "\u{E005}x and $a$", path: "lab.md")
        guard case .paragraph(let inlines)? = document.blocks.first?.kind else {
            Issue.record("no paragraph")
            return
        }
        // U+E005 names no segment (only one span exists), so it stays as written.
        #expect(inlines.plainText == "\u{E005}x and a")
    }
}
