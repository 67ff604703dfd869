import Foundation
import LabDocument

/// Grades a student's answers against a quiz's computed answers. Typed answers are read
/// by `AnswerNormalizer`, the rule the page's script follows too.
public enum Grader {
    /// A question whose answer could not be computed: it is listed, never dropped.
    public struct Ungradable: Sendable {
        public var id: String
        public var prompt: String
        public var reason: String
        public init(id: String, prompt: String, reason: String) {
            self.id = id
            self.prompt = prompt
            self.reason = reason
        }
    }

    public static func grade(_ questions: [Question], ungradable: [Ungradable] = [], answers: Record,
                             notes: [String] = []) -> GradeReport {
        var report = GradeReport(notes: notes)
        let ids = questions.map(\.id) + ungradable.map(\.id)
        for id in answers.keys where !ids.contains(id) {
            report.unknown.append(.init(id: id, suggestion: Suggest.closest(to: id, in: ids)))
        }
        for q in questions {
            var item = GradeReport.Item(id: q.id, question: q.prompt, verdict: .unanswered, explanation: q.explanation)
            item.expected = expectedText(q)
            if case .numeric(_, let tolerance, let unit) = q.answer {
                item.tolerance = tolerance
                item.unit = unit.isEmpty ? nil : unit
            }
            if let given = answers[q.id], given != .null {
                let (right, read, note) = check(q, given)
                item.verdict = right ? .right : .wrong
                item.given = Filters.display(given)
                item.readAs = read == item.given ? nil : read
                item.note = note
            }
            report.questions.append(item)
        }
        for u in ungradable {
            var item = GradeReport.Item(id: u.id, question: u.prompt, verdict: .ungradable, explanation: "")
            item.given = answers[u.id].map(Filters.display)
            item.note = u.reason
            report.questions.append(item)
        }
        return report
    }

    /// Whether `given` answers `q`, what it was read as, and why it could not be read.
    static func check(_ q: Question, _ given: Value) -> (right: Bool, readAs: String?, note: String?) {
        switch q.answer {
        case .numeric(let value, let tolerance, let unit):
            let x: Double?
            switch given {
            case .number(let n): x = n
            case .string(let s): x = AnswerNormalizer.number(s, unit: unit)
            default: x = nil
            }
            guard let x else {
                let how = unit.isEmpty ? "a number" : "a number in \(unit)"
                return (false, nil, "not read as \(how) (write it like 12810, 12,810, 0.5 or -27\(unit.isEmpty ? "" : " \(unit)"))")
            }
            return (abs(x - value) <= tolerance + 1e-9 * max(1, abs(value)), Filters.display(.number(x)), nil)
        case .choice(let index):
            let picked: Int?
            switch given {
            case .number(let n): picked = n == n.rounded() && n >= 0 && n < Double(q.choices.count) ? Int(n) : nil
            case .string(let s): picked = AnswerNormalizer.choice(s, in: q.choices)
            case .bool(let b): picked = AnswerNormalizer.choice(b ? "yes" : "no", in: q.choices)
                ?? AnswerNormalizer.choice(b ? "true" : "false", in: q.choices)
            default: picked = nil
            }
            guard let picked else {
                return (false, nil, "not one of the choices (write its letter, e.g. b, or its text)")
            }
            return (picked == index, choiceText(q, picked), nil)
        }
    }

    /// `12810 (exactly)`, `0.01 (± 0.0001)`, `(b) The width of its range …`.
    static func expectedText(_ q: Question) -> String {
        switch q.answer {
        case .numeric(let value, let tolerance, let unit):
            return Filters.display(.number(value)) + (unit.isEmpty ? "" : " \(unit)")
                + (tolerance == 0 ? ", exactly" : ", within ± \(String(format: "%g", tolerance))")
        case .choice(let index):
            return choiceText(q, index)
        }
    }

    /// `(b) float16`: the letter the page shows before the choice, and its text.
    public static func choiceText(_ q: Question, _ index: Int) -> String {
        "(\(letter(index))) " + (index >= 0 && index < q.choices.count ? q.choices[index] : "choice \(index + 1)")
    }

    /// a, b, … z, then aa, ab … (a lab rarely has more than four choices).
    public static func letter(_ index: Int) -> String {
        let scalar = { (i: Int) in String(UnicodeScalar(UInt8(97 + i))) }
        return index < 26 ? scalar(max(0, index)) : scalar(index / 26 - 1) + scalar(index % 26)
    }
}
