import ArgumentParser
import Foundation
import LabDocument
import LabRunner

/// `labrun answers LAB.md --template`: an answers file ready to fill in.
extension AnswersCommand {
    func writeTemplate(console: Console) throws {
        let (document, plan) = try options.loadPlan(console: console)
        let quizzes = plan.steps.filter { $0.step == QuizStep.self }
        // The questions as the page shows them, their `{{ }}` values taken from the lock file
        // (a template never trains or converts anything); without one they keep their source text.
        var computed: [Question] = []
        let lock = LockFile.location(ofLab: options.lab)
        if FileManager.default.fileExists(atPath: lock.path) {
            do {
                _ = try LockFile.read(lock)
                let (report, _) = try runQuizzes(quizzes, document: document, plan: plan, console: Console(quiet: true), frozen: true)
                computed = quizzes.flatMap { report.results[$0.directive.id]?.outputs.lazy.compactMap(\.questions).first ?? [] }
            } catch {
                console.error("warning: \(error); the questions keep their {{ }} source text (hint: run 'labrun \(options.lab)' to record the lock file again)")
            }
        }
        let prompts = Dictionary(computed.map { ($0.id, ($0.prompt, $0.choices)) }, uniquingKeysWith: { a, _ in a })
        var lines = [
            "# Answers for \(options.lab). Replace each ~ with your answer, then run",
            "#   labrun answers \(options.lab) --answers \(answers ?? "FILE")",
            "# Numbers: 12810, 12,810, 0.5 or -27, with the unit if you like (100 KB).",
            "# Choices: the letter, e.g. b, or the choice's text.",
        ]
        for quiz in quizzes {
            for q in QuizStep.outline(quiz.parameters) {
                let (prompt, choices) = prompts[q.id] ?? (q.prompt, q.choices)
                lines.append("")
                lines.append("# " + oneLine(prompt) + (q.unit.isEmpty ? "" : " (in \(q.unit))"))
                for (i, choice) in choices.enumerated() { lines.append("#   (\(Grader.letter(i))) \(oneLine(choice))") }
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
