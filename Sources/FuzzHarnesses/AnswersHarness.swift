import Foundation
import LabDocument
import LabRunner

/// `labrun answers`: the answers file through the YAML reader, then graded against fixed questions
/// (numeric with and without a tolerance, multiple choice).
enum AnswersHarness {
    static func run(_ input: Data) {
        guard let text = String(data: input, encoding: .utf8) else { return }
        guard let value = try? Document.readYAML(text, path: "answers.yaml") else { return }
        guard case .record(let answers) = value else { return }   // what `labrun answers` refuses
        _ = Grader.grade(questions, answers: answers).text
    }

    static let questions = [
        Question(id: "bytes-per-weight", prompt: "Bytes per int8 weight?", answer: .numeric(1, tolerance: 0, unit: "B"),
                 explanation: "One byte."),
        Question(id: "zero-point", prompt: "The input zero point?", answer: .numeric(-27.5, tolerance: 0.5, unit: ""),
                 explanation: "From the calibrated range."),
        Question(id: "error-driver", prompt: "What drives the error?", choices: ["rounding", "clipping", "bias"],
                 answer: .choice(1), explanation: "The range is clipped."),
    ]
}
