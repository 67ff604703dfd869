import LabDocument

/// `claim`: statements of the source text checked against the run, shown as holding or
/// contradicted with the claimed and the measured figure. Never fails the run.
///
/// ```yaml
/// - text: Full-integer quantization makes the model 4× smaller.
///   measured: f32.size_bytes / int8.size_bytes
///   claimed: 4
///   holds: ">="          # >=, <=, or ~ (within `tolerance`, relative)
///   tolerance: 0.05
///   format: times(1)      # a filter for both figures
///   why: The graph and the int32 biases do not shrink.   # optional: what explains a difference
/// ```
///
/// The page reads it as a note, not a verdict: "The source says 4×; this run measured 3.3×." and the why.
public enum ClaimStep: Step {
    public static let name = "claim"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("held", "number", "claims that hold on this run"),
        ResultField("contradicted", "number", "claims this run contradicts"),
    ])
    public static let summary = "statements of the source checked against the run: holds or contradicted"
    public static let parameters = [
        ParameterSpec("items", .any, help: "a list of {text, measured, claimed, holds, tolerance, format, why}",
                      shape: .list(.record([
                          .init("text", .text, required: true, help: "the source's statement"),
                          .init("measured", .expression, required: true, help: "the figure this run measured"),
                          .init("claimed", .expression, required: true, help: "the figure the source states"),
                          .init("holds", .choice(relations), help: "how they must compare (default ~)"),
                          .init("tolerance", .expression, help: "relative tolerance for ~ (default 0.05)"),
                          .init("format", .text, help: "a filter to print both figures with, e.g. percent(1)"),
                          .init("why", .text, help: "what explains a difference, shown under the figures"),
                      ]), what: "a list of claims")),
    ]
    static let relations = [">=", "<=", "~", ">", "<"]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (item, at) in p.items("items") {
            guard let r = item.record, r["text"]?.string != nil, r["measured"] != nil, r["claimed"] != nil else {
                out.append(Diagnostic(at, "each claim needs 'text', 'measured' and 'claimed'")); continue
            }
            for key in r.keys where !["text", "measured", "claimed", "holds", "tolerance", "format", "why"].contains(key) {
                out.append(Diagnostic(at, "unknown key '\(key)' in a claim (keys: text, measured, claimed, holds, tolerance, format, why)"))
            }
            if let h = r["holds"], !relations.contains(h.string ?? "") {
                out.append(Diagnostic(at, "'holds' must be one of \(relations.joined(separator: ", ")), got \(ParameterChecker.describe(h))"))
            }
        }
        return out
    }

    public static func nestedExpressions(_ p: Parameters) -> [(source: String, location: SourceLocation)] {
        p.items("items").enumerated().flatMap { i, item in
            ["measured", "claimed", "tolerance"].flatMap { expressionStrings(item.0.record?[$0], at: p.location(at: "items.\(i).\($0)")) }
        }
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        var checks: [Check] = []
        for (item, at) in p.items("items") {
            guard let r = item.record else { continue }
            let measured = try context.number(of: r["measured"]!, at: at, what: "'measured'")
            let claimed = try context.number(of: r["claimed"]!, at: at, what: "'claimed'")
            let tolerance = try r["tolerance"].map { try context.number(of: $0, at: at, what: "'tolerance'") } ?? 0.05
            let holds: Bool
            let relation = r["holds"]?.string ?? ">="
            switch relation {
            case "<=": holds = measured <= claimed
            case "<": holds = measured < claimed
            case ">": holds = measured > claimed
            case "~": holds = abs(measured - claimed) <= tolerance * max(abs(claimed), 1e-12)
            default: holds = measured >= claimed
            }
            let show = try formatter(r["format"]?.string, at: at)
            checks.append(Check(text: r["text"]?.string ?? "", status: holds ? .holds : .contradicted,
                                detail: detail(claimed: try show(claimed), relation: relation, measured: try show(measured),
                                               why: r["why"]?.string),
                                location: at))
        }
        let held = checks.filter { $0.status == .holds }.count
        var fields = Record()
        fields["held"] = .number(Double(held))
        fields["contradicted"] = .number(Double(checks.count - held))
        return StepOutcome(StepResult(fields: fields, outputs: [.checks(checks)]))
    }

    /// "The source says 4×; this run measured 3.30×." and the claim's `why`, if it has one. A claim
    /// checked against a bound (`>`, `<=`…) names the bound as such: "The claim needs more than 1.00×",
    /// so a threshold is never read as the source's own figure.
    static func detail(claimed: String, relation: String, measured: String, why: String?) -> String {
        let bound = [">": "more than", ">=": "at least", "<": "less than", "<=": "at most"][relation]
        let line = (bound.map { "The claim needs \($0) \(claimed)" } ?? "The source says \(claimed)")
            + "; this run measured \(measured)."
        guard let why, !why.isEmpty else { return line }
        return line + " " + why
    }

    /// `format: times(1)` → a function that prints a number with that filter.
    static func formatter(_ format: String?, at: SourceLocation) throws -> (Double) throws -> String {
        guard let format else { return { Filters.display(.number($0)) } }
        guard case .filter(_, let name, let args) = try Expr.parse("0 | \(format)", at: at) else {
            throw StepFailure("'format' must be a filter such as times(1) or percent(2)")
        }
        let arguments = try args.map { e -> Value in
            guard case .number(let x) = e else { throw StepFailure("filter arguments in 'format' must be numbers") }
            return .number(x)
        }
        return { x in Filters.display(try Filters.apply(name, to: .number(x), arguments: arguments)) }
    }
}
