import ArgumentParser
import Foundation
import LabDocument
import LabRunner

/// `labrun answers LAB.md --answers mine.yaml`: grade a student's self-assessment answers.
struct AnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "Grade self-assessment answers against the values this machine computes.",
        discussion: """
            The answers file is YAML: question id → your answer. A numeric answer is a number; \
            a multiple-choice answer is the choice's text, its letter (a, b, …) or its number counted from 0. \
            Question ids are shown next to each question in the rendered page.

              bytes-per-weight: 100
              zero-point: -27
              error-driver: 1

            Only the steps the quizzes need are run, and those cached in .labrun/ by an \
            earlier run of the lab are reused. Prints right or wrong for every answer, \
            with the expected value, the tolerance and the explanation; exits 1 if any \
            answer is wrong.

            Example:
              labrun answers Labs/03-quantization.md --answers mine.yaml
            """)

    @OptionGroup var options: LabOptions

    @Option(help: ArgumentHelp("Your answers, a YAML file of question id: answer.", valueName: "FILE"))
    var answers: String

    func run() throws {
        let console = Console(quiet: options.quiet)
        let given = try readAnswers()
        let (document, plan) = try options.loadPlan(console: console)
        let quizIDs = plan.steps.filter { $0.step == QuizStep.self }.map(\.directive.id)
        let needed = Self.closure(of: quizIDs, in: plan)
        var labRun = LabRun(artifactsDirectory: FileManager.default.temporaryDirectory,
                            dataDirectory: options.dataDirectory, console: Console(quiet: true))
        // After `labrun LAB.md`, the quizzes' inputs are cached: grading is instant.
        labRun.cache = StepCache(directory: URL(fileURLWithPath: StepCache.defaultFolder))
        let report = labRun.run(plan, document: document, only: needed)
        var questions: [Question] = []
        for id in quizIDs {
            for output in report.results[id]?.outputs ?? [] {
                if case .quiz(let qs) = output { questions += qs }
                if case .error(let message, let at) = output { throw ValidationError("\(at): quiz '\(id)' could not be computed: \(message)") }
            }
        }
        let grading = Grader.grade(questions, answers: given)
        print(grading.text)
        if grading.wrong > 0 { throw ExitCode(1) }
    }

    func readAnswers() throws -> Record {
        guard let data = FileManager.default.contents(atPath: answers) else {
            throw ValidationError("cannot read the answers file '\(answers)'")
        }
        let value: Value
        do { value = try Document.readYAML(UTF8Text.decode(data, path: answers), path: answers) } catch {
            // A problem inside the file: one located line, not the usage text.
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.validationFailure
        }
        if value == .null { return Record() }
        guard case .record(let record) = value else {
            throw ValidationError("\(answers): expected a mapping of question id: answer, got \(value.kindName)")
        }
        return record
    }

    /// The quizzes and every step they depend on, transitively.
    static func closure(of ids: [String], in plan: Plan) -> Set<String> {
        let deps = Dictionary(plan.steps.map { ($0.directive.id, $0.dependencies) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>(), stack = ids
        while let id = stack.popLast() {
            if seen.insert(id).inserted { stack += deps[id] ?? [] }
        }
        return seen
    }
}
