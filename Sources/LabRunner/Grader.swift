import Foundation
import LabDocument

/// Grades a student's answers against a quiz's computed answers.
public enum Grader {
    public struct Grading: Sendable {
        public var right = 0
        public var wrong = 0
        public var unanswered = 0
        public var unknownIDs: [String] = []
        public var text = ""
    }

    public static func grade(_ questions: [Question], answers: Record) -> Grading {
        var g = Grading()
        var lines: [String] = []
        for q in questions {
            guard let given = answers[q.id] else {
                g.unanswered += 1
                lines.append("· \(q.id): no answer (\(q.prompt))")
                continue
            }
            let (ok, expected) = check(q, given)
            if ok {
                g.right += 1
                lines.append("✓ \(q.id): \(Filters.display(given)) is right")
            } else {
                g.wrong += 1
                lines.append("✗ \(q.id): you answered \(Filters.display(given)), expected \(expected)")
                if !q.explanation.isEmpty { lines.append("    \(q.explanation)") }
            }
        }
        let ids = Set(questions.map(\.id))
        g.unknownIDs = answers.keys.filter { !ids.contains($0) }
        for id in g.unknownIDs {
            let hint = Suggest.closest(to: id, in: Array(ids)).map { " (did you mean '\($0)'?)" } ?? ""
            lines.append("? \(id): no question has this id\(hint)")
        }
        lines.append("\(g.right) right, \(g.wrong) wrong, \(g.unanswered) unanswered, of \(questions.count) questions")
        g.text = lines.joined(separator: "\n")
        return g
    }

    /// Whether `given` answers `q`, and the expected answer as text.
    static func check(_ q: Question, _ given: Value) -> (Bool, String) {
        switch q.answer {
        case .numeric(let value, let tolerance, let unit):
            let expected = Filters.display(.number(value)) + (unit.isEmpty ? "" : " \(unit)")
                + (tolerance == 0 ? " (exactly)" : " (± \(Filters.display(.number(tolerance))))")
            guard let x = given.number ?? given.string.flatMap(Double.init) else { return (false, expected) }
            return (abs(x - value) <= tolerance + 1e-12 * max(1, abs(value)), expected)
        case .choice(let index):
            let expectedLetter = Character(UnicodeScalar(UInt8(97 + index % 26)))
            let expected = "\"\(q.choices[index])\" (choice \(expectedLetter), or \(index) counting from 0)"
            if let n = given.number { return (n == Double(index), expected) }
            let text = given.string?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let letter = text.count == 1 ? text.unicodeScalars.first.map { Int($0.value) - 97 } : nil
            return (text == q.choices[index].lowercased() || letter == index, expected)
        }
    }
}
