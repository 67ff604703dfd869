import ArgumentParser
import Foundation
import LabRunner

/// `labrun answers LAB.md --template`: an answers file ready to fill in.
extension AnswersCommand {
    func writeTemplate(console: Console) throws {
        let (_, plan) = try options.loadPlan(console: console)
        var lines = [
            "# Answers for \(options.lab). Replace each ~ with your answer, then run",
            "#   labrun answers \(options.lab) --answers \(answers ?? "FILE")",
            "# Numbers: 12810, 12,810, 0.5 or -27, with the unit if you like (100 KB).",
            "# Choices: the letter, e.g. b, or the choice's text.",
        ]
        for quiz in plan.steps where quiz.step == QuizStep.self {
            for q in QuizStep.outline(quiz.parameters) {
                lines.append("")
                lines.append("# " + oneLine(q.prompt) + (q.unit.isEmpty ? "" : " (in \(q.unit))"))
                for (i, choice) in q.choices.enumerated() { lines.append("#   (\(Grader.letter(i))) \(oneLine(choice))") }
                lines.append("\(q.id): ~")
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        guard let path = answers else { return print(text, terminator: "") }
        if FileManager.default.fileExists(atPath: path) {
            console.error("error: \(path) already exists; not overwritten (hint: choose another name, or leave out --answers to print the template)")
            throw ExitCode(64)
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
            console.error("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        console.info("wrote \(path)")
    }

    private func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
