import LabDocument
import Testing
@testable import LabRunner

/// A lab that lints clean runs as written: every value is checked down to its nested keys, result
/// fields and filters are known before anything runs, and each problem is at its own line:col.
@Suite struct LintPromiseTests {
    func messages(_ text: String) -> [String] {
        Planner().plan(Document.parse(text: text, path: "lab.md")).diagnostics.map(\.description)
    }

    @Test func aWrongTypeInANestedMappingIsAtTheValue() {
        let lab = """
            ---
            params:
              std: 0.5
            ---
            ```lab quantize #a
            distribution: {std: params.std, count: 100}
            ```

            ```lab quantize #b
            distribution:
              std: "0.05x"
              mean: "{{ params.std }}"
            ```
            """
        #expect(messages(lab) == [
            "lab.md:6:21: error: 'distribution.std' must be a number ≥ 0, got \"params.std\"\n  hint: a directive value is not an expression: "
                + "write the value itself (a step parameter left out takes the lab parameter of the same name; --set ID.KEY=VALUE changes one directive)",
            "lab.md:11:9: error: 'distribution.std' must be a number ≥ 0, got \"0.05x\"",
            "lab.md:12:10: error: 'distribution.mean' must be a number, got \"{{ params.std }}\"\n  hint: '{{ }}' works only in text "
                + "(captions, table cells, quiz questions and explanations); write the value itself",
        ])
    }

    @Test func anUnknownResultFieldAndFilterWithSuggestions() {
        let lab = """
            ```lab quantize #b2
            values: [0.5]
            ```

            ```lab table
            columns: [a]
            rows:
              - ["{{ b2.rmse }}"]
            caption: "{{ b2.scale | pct }}"
            ```

            Error {{ b2.max_error | fixed(3) }} and {{ b2.zero_point | percnt }}.
            """
        #expect(messages(lab) == [
            "lab.md:8:13: error: 'b2' (quantize) has no result field 'rmse' (did you mean 'max_error'?)\n  hint: fields of quantize: "
                + "seconds_to_run, scale, zero_point, qmin, qmax, bits, q, dequantized, errors, max_error, mean_error, bound, within_bound, "
                + "clipped, count, min, max, mean, std, percentiles, levels_used, bytes_float32, bytes_quantized, reduction",
            "lab.md:9:25: error: unknown filter 'pct' (did you mean 'percent'?)",
            "lab.md:12:60: error: unknown filter 'percnt' (did you mean 'percent'?)",
        ])
    }

    /// Two converted models and an evaluate step comparing them (lines 1–12).
    static let compareLab = """
            ```lab convert #f32
            path: model.tflite
            ```

            ```lab convert #int8
            path: model.tflite
            variant: int8
            ```

            ```lab evaluate #compare
            models: [f32, int8]
            ```

            """

    @Test func perModelFieldsAreReadThroughTheModelID() {
        let lab = Self.compareLab + """

            {{ compare.int8.accuracy }} {{ compare.rows[0].seconds }} {{ compare.int8.acuracy }} {{ compare.accuracy }}
            """
        #expect(messages(lab) == [
            "lab.md:14:75: error: 'compare.int8' (evaluate) has no result field 'acuracy' (did you mean 'accuracy'?)\n"
                + "  hint: fields per model: accuracy, correct, count, size_bytes, size_kb, reduction, accuracy_drop, seconds",
            "lab.md:14:97: error: 'compare' (evaluate) reports 'accuracy' per model: write compare.MODEL.accuracy (MODEL: f32, int8)",
        ])
    }

    @Test func everyBadLayerAtItsOwnLine() {
        let lab = """
            ```lab train #t
            model:
              - conv2d: {filter: 16, kernel: 3}
              - dense: {units: many}
              - maxpol2d
              - flatten
            ```
            """
        #expect(messages(lab) == [
            "lab.md:3:14: error: unknown key 'filter' in layer 1 (conv2d) (did you mean 'filters'?)",
            "lab.md:4:20: error: layer 2 (dense): 'units' must be an integer from 1 to 1000000, got \"many\"",
            "lab.md:5:5: error: layer 3: unknown layer kind 'maxpol2d'\n  hint: did you mean 'maxpool2d'? layer kinds: "
                + "conv2d, depthwise_conv2d, maxpool2d, avgpool2d, flatten, dense, relu, relu6, batchnorm",
        ])
    }

    @Test func aTabInYAMLIsSaidPlainly() {
        #expect(messages("```lab quantize\nvalues: [1]\n\tbits: 4\n```\n") == [
            "lab.md:3:1: error: a tab cannot indent YAML; use spaces\n  hint: replace the tab with spaces (two per level)",
        ])
    }

    @Test func quizErrorsPointAtTheirKey() {
        let lab = """
            ```lab quantize #q
            values: [0.5]
            ```

            ```lab quiz
            - id: one
              question: "Scale is {{ q.scal }}?"
              answer: q.zero_pont
            ```
            """
        let found = messages(lab).map { $0.split(separator: "\n")[0] }
        #expect(found == [
            "lab.md:7:28: error: 'q' (quantize) has no result field 'scal' (did you mean 'scale'?)",
            "lab.md:8:13: error: 'q' (quantize) has no result field 'zero_pont' (did you mean 'zero_point'?)",
        ])
    }

    @Test func conditionalProseChecksItsNamesAndPairs() {
        let lab = """
            ```lab quantize #a
            values: [0.5]
            ```

            <!-- lab if: a.max_eror < 1 -->
            Small.
            <!-- lab end -->

            <!-- lab else -->
            """
        let found = messages(lab).map { $0.split(separator: "\n")[0] }
        #expect(found == [
            "lab.md:5:16: error: 'a' (quantize) has no result field 'max_eror' (did you mean 'max_error'?)",
            "lab.md:9:1: error: '<!-- lab else -->' without an open '<!-- lab if: … -->'",
        ])
    }

    @Test func chooseFollowsTheCondition() throws {
        let e = try Expr.parse("a > b | choose('more', 'less')", at: SourceLocation(file: "", line: 1, column: 1))
        let scope = Record([("a", .number(2)), ("b", .number(1))])
        #expect(try Evaluator(scope: scope).text(e) == "more")
        #expect(try Evaluator(scope: Record([("a", .number(0)), ("b", .number(1))])).text(e) == "less")
    }
}
