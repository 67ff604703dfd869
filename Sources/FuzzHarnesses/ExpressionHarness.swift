import Foundation
import LabDocument
import LabRunner

/// `{{ }}` expressions: the input is parsed both as one expression and as template text with
/// `{{ … }}` spans, and evaluated against a small fixed set of step results.
enum ExpressionHarness {
    static func run(_ input: Data) {
        guard let text = String(data: input, encoding: .utf8) else { return }
        let at = SourceLocation(file: "fuzz.md", line: 1, column: 1)
        let evaluator = Evaluator(scope: scope)
        if let expr = try? Expr.parse(text, at: at) {
            _ = expr.description
            _ = expr.rootNames
            _ = try? evaluator.text(expr)
        }
        if let template = try? Template.parse(text, at: at) {
            _ = try? template.render(evaluator)
        }
    }

    /// Results shaped like the chapter's: numbers, strings, lists, nested records, lab parameters.
    static let scope = Record([
        ("params", .record(Record([("seed", 42), ("epochs", 3), ("variant", "int8"), ("rates", [0.1, 0.01])]))),
        ("baseline", .record(Record([
            ("test_accuracy", 0.9123), ("size_bytes", 54228), ("name", "f32"),
            ("history", [0.5, 0.8, 0.9]), ("ok", true),
            ("layers", .list([.record(Record([("name", "conv"), ("params", 320)])), .record(Record([("name", "dense"), ("params", 7850)]))])),
        ]))),
        ("int8", .record(Record([("test_accuracy", 0.9101), ("size_bytes", 17784), ("scale", 0.0039), ("zero_point", -128)]))),
    ])
}
