import LabDocument

/// `assert`: conditions that must hold for the page to be right; a failure fails the run.
///
/// ```yaml
/// - int8.size_bytes * 3.5 <= f32.size_bytes
/// - compare.f32.accuracy - compare.int8.accuracy < 0.02
/// ```
public enum AssertStep: Step {
    public static let name = "assert"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("passed", "number", "conditions that held"),
        ResultField("failed", "number", "conditions that did not hold"),
        ResultField("total", "number", "conditions checked"),
    ])
    public static let summary = "conditions that must hold; a failure makes the run exit 1"
    public static let parameters = [
        ParameterSpec("items", .expressions, help: "the conditions, one expression each (the body may be just the list)"),
    ]

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        var checks: [Check] = []
        for (item, at) in p.items("items") {
            guard case .string(let source) = item else { continue }
            let e = try Expr.parse(source, at: at)
            let text = "\(e)"
            do {
                guard case .bool(let ok) = try context.evaluate(e) else {
                    throw StepFailure("'\(text)' is not a condition (it gives no true or false)")
                }
                checks.append(Check(text: text, status: ok ? .passed : .failed, detail: try sides(e, context), location: at))
            } catch let failure as Evaluator.Failure {
                checks.append(Check(text: text, status: .failed, detail: failure.message, location: at))
            }
        }
        let passed = checks.filter { $0.status == .passed }.count
        var fields = Record()
        fields["passed"] = .number(Double(passed))
        fields["failed"] = .number(Double(checks.count - passed))
        fields["total"] = .number(Double(checks.count))
        return StepOutcome(StepResult(fields: fields, outputs: [.checks(checks)]))
    }

    /// "left = 0.9712, right = 0.98" for a comparison; "" otherwise.
    static func sides(_ e: Expr, _ context: RunContext) throws -> String {
        guard case .binary(let op, let l, let r) = e,
              [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op) else { return "" }
        return "left = \(Filters.display(try context.evaluate(l))), right = \(Filters.display(try context.evaluate(r)))"
    }
}
