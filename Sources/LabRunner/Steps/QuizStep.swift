import LabDocument

/// `quiz`: self-assessment questions whose answers the run computes.
///
/// ```yaml
/// - id: zero-point
///   question: "Range [-1.5, 2.3] to int8: what is the zero point?"
///   answer: worked.zero_point        # a number or an expression
///   explanation: "Z = round(-128 - (-1.5)/S) = {{ worked.zero_point }}"
/// - question: Which calibration set should you use?   # `answer` may be a {{ }} template
///   choices: [the test set, a few hundred validation images, one image]
///   answer: 1                        # index from 0, or the choice's text
/// ```
/// A numeric answer is checked within `tolerance` (absolute); the default is exact for whole
/// numbers and 1% of the answer otherwise.
public enum QuizStep: Step {
    public static let name = "quiz"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("count", "number", "questions"),
        ResultField("answers", "mapping", "each question's id → its expected answer"),
    ])
    public static let summary = "self-assessment questions with computed answers, checkable in the page and with `labrun answers`"
    public static let parameters = [
        ParameterSpec("items", .any, help: "a list of questions (the body may be just the list)",
                      shape: .list(.record([
                          .init("id", .text, help: "a short name, shown in the page and used by `labrun answers` (default QUIZ-N)"),
                          .init("question", .text, required: true, help: "the question (`{{ }}` allowed)"),
                          .init("answer", .expression, required: true,
                                help: "a number or an expression; with choices, the right choice's text or its index from 0"),
                          .init("choices", .list(.text, what: "a list of answers"), help: "answers to pick from (at least two)"),
                          .init("tolerance", .expression, help: "how far a numeric answer may be off (default 0 for whole numbers, else 1%)"),
                          .init("unit", .text, help: "the unit after the number, e.g. KB"),
                          .init("explanation", .text, help: "shown with the answer (`{{ }}` allowed)"),
                      ]), what: "a list of questions")),
    ]
    static let keys = ["id", "question", "answer", "choices", "tolerance", "unit", "explanation"]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (i, (item, at)) in p.items("items").enumerated() {
            guard let r = item.record, r["question"]?.string != nil, let answer = r["answer"] else {
                out.append(Diagnostic(at, "each question needs 'question' and 'answer'")); continue
            }
            for key in r.keys where !keys.contains(key) {
                out.append(Diagnostic(at, "unknown key '\(key)' in a question (keys: \(keys.joined(separator: ", ")))"))
            }
            if let choices = r["choices"] {
                guard let list = choices.list, list.count >= 2 else {
                    out.append(Diagnostic(p.location(at: "items.\(i).choices"), "'choices' must be a list of at least two answers")); continue
                }
                let names = list.map(Filters.display)
                let ok = answer.number.map { LabInteger.exact($0, in: names.indices) != nil }
                    ?? answer.string.map { $0.contains("{{") || names.contains($0) } ?? false
                if !ok { out.append(Diagnostic(p.location(at: "items.\(i).answer"), "'answer' must be one of the choices or its index from 0 to \(names.count - 1)")) }
            }
        }
        return out
    }

    public static func nestedExpressions(_ p: Parameters) -> [(source: String, location: SourceLocation)] {
        p.items("items").enumerated().flatMap { i, item -> [(source: String, location: SourceLocation)] in
            guard let r = item.0.record else { return [] }
            func at(_ key: String) -> SourceLocation { p.location(at: "items.\(i).\(key)") }
            return (r["choices"] == nil ? expressionStrings(r["answer"], at: at("answer")) : [])
                + expressionStrings(r["tolerance"], at: at("tolerance"))
        }
    }

    /// Each question's id (written, or `QUIZ-N`) and its text as written, without running
    /// anything: for `labrun answers --template`, and to list questions that cannot be graded.
    public static func outline(_ p: Parameters) -> [(id: String, prompt: String, choices: [String], unit: String)] {
        zip(p.items("items"), questionIDs(p)).map { item, id in
            let r = item.0.record
            return (id, r?["question"]?.string ?? "", r?["choices"]?.list?.map(Filters.display) ?? [],
                    r?["unit"].map(Filters.display) ?? "")
        }
    }

    static func questionIDs(_ p: Parameters) -> [String] {
        p.items("items").enumerated().map { n, item in item.0.record?["id"].map(Filters.display) ?? "\(p.id)-\(n + 1)" }
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        var questions: [Question] = []
        var answers = Record()
        for ((item, at), id) in zip(p.items("items"), questionIDs(p)) {
            guard let r = item.record else { continue }
            let prompt = try context.text(r["question"]?.string ?? "", at: at)
            let explanation = try context.text(r["explanation"].map(Filters.display) ?? "", at: at)
            if let choices = r["choices"]?.list?.map(Filters.display) {
                let given = try r["answer"]?.string.map { try context.text($0, at: at) }
                guard let index = r["answer"].flatMap({ LabInteger.exact($0, in: choices.indices) })
                        ?? choices.firstIndex(of: given ?? "") else {
                    throw StepFailure("the answer of '\(id)' is \"\(given ?? "")\", which is not one of its choices")
                }
                questions.append(Question(id: id, prompt: prompt, choices: choices, answer: .choice(index), explanation: explanation))
                answers[id] = .string(choices[index])
            } else {
                let value = try context.number(of: r["answer"]!, at: at, what: "the answer of '\(id)'")
                let tolerance = try r["tolerance"].map { try context.number(of: $0, at: at, what: "'tolerance'") }
                    ?? (value == value.rounded() ? 0 : abs(value) * 0.01)
                questions.append(Question(id: id, prompt: prompt, answer: .numeric(value, tolerance: tolerance,
                                          unit: r["unit"].map(Filters.display) ?? ""), explanation: explanation))
                answers[id] = .number(value)
            }
        }
        var fields = Record()
        fields["count"] = .number(Double(questions.count))
        fields["answers"] = .record(answers)
        return StepOutcome(StepResult(fields: fields, outputs: [.quiz(questions)]))
    }
}
