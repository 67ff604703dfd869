import Foundation
import LabDocument

/// The result of grading an answers file: ids that match no question first (a typo would
/// otherwise read as an unanswered question), then every question, then the score. Printed
/// as text or, with `--json`, as JSON with the same content.
public struct GradeReport: Sendable, Codable {
    public struct Unknown: Sendable, Codable, Equatable {
        public var id: String
        public var suggestion: String?
    }

    public struct Item: Sendable, Codable {
        public enum Verdict: String, Sendable, Codable {
            case right, wrong, unanswered
            /// Its answer could not be computed (see `note`).
            case ungradable
        }
        public var id: String
        public var question: String
        public var verdict: Verdict
        /// The answer as written in the file.
        public var given: String?
        /// How labrun read it, when that differs from what was written (`12,810` → `12810`).
        public var readAs: String?
        public var expected: String?
        public var tolerance: Double?
        public var unit: String?
        public var explanation: String
        public var note: String?
    }

    /// Where answers came from when not from this machine's run (the lock file).
    public var notes: [String]
    public var unknown: [Unknown] = []
    public var questions: [Item] = []

    public init(notes: [String] = []) { self.notes = notes }

    public func count(_ verdict: Item.Verdict) -> Int { questions.filter { $0.verdict == verdict }.count }

    /// Every question answered right and every id in the file known.
    public var passed: Bool { unknown.isEmpty && count(.right) == questions.count && !questions.isEmpty }

    public var score: String {
        var parts = ["\(count(.right)) of \(questions.count) right"]
        for (verdict, word) in [(Item.Verdict.wrong, "wrong"), (.unanswered, "unanswered"), (.ungradable, "could not be graded")]
        where count(verdict) > 0 {
            parts.append("\(count(verdict)) \(word)")
        }
        if !unknown.isEmpty { parts.append("\(unknown.count) unknown id\(unknown.count == 1 ? "" : "s")") }
        return "Score: " + parts.joined(separator: ", ")
    }

    public var text: String {
        var lines: [String] = notes.map { "note: \($0)" }
        for u in unknown {
            let hint = u.suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            lines.append("? \(u.id): no question has this id\(hint)")
        }
        if !lines.isEmpty { lines.append("") }
        for q in questions {
            let given = q.given.map { "\($0)" + (q.readAs.map { " (read as \($0))" } ?? "") } ?? ""
            switch q.verdict {
            case .right: lines.append("✓ \(q.id): \(given) is right; expected \(q.expected ?? "")")
            case .wrong: lines.append("✗ \(q.id): \(given) is not right; expected \(q.expected ?? "")")
            case .unanswered: lines.append("✗ \(q.id): no answer; expected \(q.expected ?? "")")
            case .ungradable: lines.append("! \(q.id): cannot be graded")
            }
            if let note = q.note { lines.append("    \(note)") }
            if !q.explanation.isEmpty { lines.append("    \(q.explanation)") }
        }
        lines.append("")
        lines.append(score)
        return lines.joined(separator: "\n")
    }

    public var json: String {
        struct Output: Encodable {
            var passed: Bool, right: Int, total: Int, notes: [String], unknown: [Unknown], questions: [Item]
        }
        let output = Output(passed: passed, right: count(.right), total: questions.count, notes: notes,
                            unknown: unknown, questions: questions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(output)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
