import LabDocument
import Testing
@testable import LabRunner

/// An unknown id, result field or filter is reported at the column of the name itself, wherever
/// the expression is written: prose, table cells, captions, quiz keys, assert items.
/// Columns count UTF-8 bytes, as every lint error does.
@Suite struct NameLocationTests {
    func messages(_ text: String) -> [String] {
        Planner().plan(Document.parse(text: text, path: "lab.md")).diagnostics.map { String($0.description.split(separator: "\n")[0]) }
    }

    static let quantize = """
        ```lab quantize #q
        values: [0.5]
        ```


        """

    @Test func proseNameAfterTextAndMultiByteCharacters() {
        // `×` and `é` are two bytes each: `f23` starts at byte column 26.
        #expect(messages(Self.quantize + "Size × 4, café: {{ 2 * f23.size }}.\n") == [
            "lab.md:5:26: error: unknown name 'f23'",
        ])
    }

    @Test func proseFilterName() {
        #expect(messages(Self.quantize + "Scale {{ q.scale | percent(1) }} or {{ q.scale | pct }}.\n") == [
            "lab.md:5:50: error: unknown filter 'pct' (did you mean 'percent'?)",
        ])
    }

    @Test func unknownFunctionsAreErrorsAtTheirName() {
        let lab = Self.quantize + "Largest {{ mx(q.scale, 1) }}, rounded {{ round(foo(q.scale)) }}.\n"
        #expect(messages(lab) == [
            "lab.md:5:12: error: unknown function 'mx' (did you mean 'max'?)",
            "lab.md:5:48: error: unknown function 'foo'",
        ])
        let assertLab = Self.quantize + "```lab assert #a\n- roundd(q.scale) > 0\n```\n"
        #expect(messages(assertLab) == ["lab.md:6:3: error: unknown function 'roundd' (did you mean 'round'?)"])
    }

    @Test func proseSpanContinuedOnTheNextLine() {
        let lab = Self.quantize + """
            The error is {{ q.max_error +
              q.mean_eror }} at most.

            > Quoted: {{ q.scale +
            > q.zero_pont }}.
            """
        #expect(messages(lab) == [
            "lab.md:6:5: error: 'q' (quantize) has no result field 'mean_eror' (did you mean 'mean_error'?)",
            "lab.md:9:5: error: 'q' (quantize) has no result field 'zero_pont' (did you mean 'zero_point'?)",
        ])
    }

    @Test func tableCellAndCaption() {
        let lab = Self.quantize + """
            ```lab table
            columns: [a, b]
            rows:
              - ["x", "é {{ q.scal }}"]
            caption: Max {{ q.max_error | pct }}
            ```
            """
        #expect(messages(lab) == [
            "lab.md:8:20: error: 'q' (quantize) has no result field 'scal' (did you mean 'scale'?)",
            "lab.md:9:31: error: unknown filter 'pct' (did you mean 'percent'?)",
        ])
    }

    @Test func quizQuestionAnswerChoicesAndExplanation() {
        let lab = Self.quantize + """
            ```lab quiz
            - question: 'It''s {{ q.scal }}?'
              answer: 1 + q.zero_pont
              explanation: "Say \\"{{ qq.scale }}\\""
            - question: Which?
              choices: ["{{ q.qmim }}", "b"]
              answer: 0
            ```
            """
        #expect(messages(lab) == [
            "lab.md:6:25: error: 'q' (quantize) has no result field 'scal' (did you mean 'scale'?)",
            "lab.md:7:17: error: 'q' (quantize) has no result field 'zero_pont' (did you mean 'zero_point'?)",
            "lab.md:8:26: error: unknown name 'qq'",
            "lab.md:10:19: error: 'q' (quantize) has no result field 'qmim' (did you mean 'qmin'?)",
        ])
    }

    @Test func assertItems() {
        let lab = Self.quantize + """
            ```lab assert
            - q.scale > 0
            - "q.max_error <= q.bond"
            ```
            """
        #expect(messages(lab) == [
            "lab.md:7:21: error: 'q' (quantize) has no result field 'bond' (did you mean 'bound'?)",
        ])
    }

    @Test func aFieldTwoLevelsDeep() {
        let lab = LintPromiseTests.compareLab + """

            Drop: {{ compare.int8.acc | percent }}.
            """
        #expect(messages(lab) == [
            "lab.md:14:23: error: 'compare.int8' (evaluate) has no result field 'acc' (did you mean 'accuracy'?)",
        ])
    }

    @Test func yamlValuesOverSeveralLines() {
        let lab = Self.quantize + """
            ```lab quiz
            - question: The error {{ q.max_error +
                q.mean_eror }} is small?
              answer: 1
              explanation: |
                First line.
                Then {{ q.bond }}.
            - question: >-
                Folded {{ q.scale }}
                and {{ q.zero_pont }}?
              answer: 2
            ```
            """
        #expect(messages(lab) == [
            "lab.md:7:7: error: 'q' (quantize) has no result field 'mean_eror' (did you mean 'mean_error'?)",
            "lab.md:11:15: error: 'q' (quantize) has no result field 'bond' (did you mean 'bound'?)",
            "lab.md:14:14: error: 'q' (quantize) has no result field 'zero_pont' (did you mean 'zero_point'?)",
        ])
    }

    @Test func anEscapeThatChangesTheBytesFallsBackToTheValueStart() {
        // `\t` is one byte in the value but two in the file: the column of `scal` is not known.
        let lab = Self.quantize + """
            ```lab table
            columns: [a]
            rows: [["\\t{{ q.scal }}"]]
            ```
            """
        #expect(messages(lab) == [
            "lab.md:7:10: error: 'q' (quantize) has no result field 'scal' (did you mean 'scale'?)",
        ])
    }

    @Test func unknownLabParameterAtItsName() {
        let lab = "---\nparams:\n  epochs: 3\n---\n" + "Epochs: {{ params.epoch }}.\n"
        #expect(messages(lab) == [
            "lab.md:5:19: error: unknown lab parameter 'epoch' (did you mean 'params.epochs'?)",
        ])
    }

    @Test func referencesAreInSourceOrderWithTheirColumns() throws {
        let parsed = try Expr.parse("a[b.c].d | f(g) | h", locatedBy: TextLocator(start: SourceLocation(file: "x", line: 3, column: 10)))
        let at = { (column: Int) in SourceLocation(file: "x", line: 3, column: column) }
        #expect(parsed.references == [
            .path([.init(key: "a", location: at(10)), .init(key: nil, location: at(12)), .init(key: "d", location: at(17))]),
            .path([.init(key: "b", location: at(12)), .init(key: "c", location: at(14))]),
            .filter(name: "f", location: at(21)),
            .path([.init(key: "g", location: at(23))]),
            .filter(name: "h", location: at(28)),
        ])
        #expect(parsed.expression == (try Expr.parse("a[b.c].d|f(g)|h", at: at(1))))
    }
}
