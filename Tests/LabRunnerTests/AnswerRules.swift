import Foundation
import Testing
import LabDocument

/// One row of `Tests/Fixtures/answer-rules.json`: the table of typed answers that both the
/// Swift grader and the page's script must accept or reject alike.
struct AnswerRule: Decodable, CustomTestStringConvertible {
    var input: String
    var answer: Double
    var tolerance: Double?
    var unit: String?
    var choices: [String]?
    var accepted: Bool
    var why: String

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/answer-rules.json")

    static var all: [AnswerRule] { (try? JSONDecoder().decode([AnswerRule].self, from: Data(contentsOf: url))) ?? [] }

    var question: Question {
        if let choices {
            return Question(id: "q", prompt: "?", choices: choices, answer: .choice(Int(answer)), explanation: "")
        }
        return Question(id: "q", prompt: "?", answer: .numeric(answer, tolerance: tolerance ?? 0, unit: unit ?? ""), explanation: "")
    }

    var testDescription: String { "\"\(input)\" for \(answer)\(unit.map { " \($0)" } ?? ""): \(why)" }
}
