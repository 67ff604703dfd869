import ArgumentParser
import Foundation
import LabDocument
import LabRunner

/// `labrun answers LAB.md --answers mine.yaml`: grade a student's self-assessment answers
/// against the values the page was rendered from.
struct AnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "Grade self-assessment answers against the values the page was rendered from.",
        discussion: """
            The answers file is YAML: question id: answer (the ids are shown next to each \
            question in the page; --template writes a file with all of them to fill in). \
            Numbers may be written as 12810, 12,810, 12 810, 0,5, -27 or −27, with the \
            question's unit after them (100 KB); a choice by its letter (b or (b)), its text, \
            or its index counted from 0. Labs/README.md describes the format.

              bytes-per-weight: 100 KB
              zero-point: -27
              error-driver: b

            The quizzes' values come from the step cache (.labrun/) when an earlier run \
            stored them, else from running the steps here; a step that cannot run (no data) \
            takes the lab's lock file result (NAME.lab.lock), and the report says so. \
            --frozen takes every value from the lock file.

            Exit status: 0 every question answered right; 1 a wrong, missing or ungradable \
            answer, or an id that is no question's; 2 the lab has errors; 64 the answers file \
            cannot be read.

            Examples:
              labrun answers Labs/03-quantization.md --template > mine.yaml
              labrun answers Labs/03-quantization.md --answers mine.yaml
              labrun answers Labs/03-quantization.md --answers mine.yaml --frozen --json
            """)

    @OptionGroup var options: LabOptions

    @Option(help: ArgumentHelp("Your answers, a YAML file of question id: answer.", valueName: "FILE"))
    var answers: String?

    @Flag(help: "Print an answers file to fill in: every question id, its question as a comment (written to --answers FILE if given and new).")
    var template = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup(title: "Step cache and lock file") var source: ResultSourceOptions

    func validate() throws {
        if !template, answers == nil {
            throw ValidationError("missing --answers FILE (or --template to write one to fill in)")
        }
    }

    func run() throws {
        let console = Console(quiet: options.quiet)
        if template { return try writeTemplate(console: console) }
        let given = try AnswersFile.read(answers ?? "", console: console)
        let (document, plan) = try options.loadPlan(console: console)
        let quizzes = plan.steps.filter { $0.step == QuizStep.self }
        let (report, notes) = try runQuizzes(quizzes, document: document, plan: plan, console: console)
        var questions: [Question] = []
        var ungradable: [Grader.Ungradable] = []
        for quiz in quizzes {
            let outputs = report.results[quiz.directive.id]?.outputs ?? []
            if let qs = outputs.lazy.compactMap(\.questions).first {
                questions += qs
                continue
            }
            let reason = outputs.lazy.compactMap(\.failureReason).first ?? "its quiz did not run"
            ungradable += QuizStep.outline(quiz.parameters).map {
                Grader.Ungradable(id: $0.id, prompt: $0.prompt, reason: "its answer could not be computed: \(reason)")
            }
        }
        let grading = Grader.grade(questions, ungradable: ungradable, answers: given, notes: notes)
        print(json ? grading.json : grading.text)
        if !grading.passed { throw ExitCode(1) }
    }

    /// Runs the quizzes and what they use; returns the run and notes on where values came from.
    func runQuizzes(_ quizzes: [PlannedStep], document: Document, plan: Plan, console: Console, frozen: Bool? = nil) throws
        -> (LabRun.Report, [String]) {
        let frozen = frozen ?? source.frozen
        let cache = StepCache(directory: URL(fileURLWithPath: source.cacheDir))
        // Models the steps write go to a scratch folder beside the cache, removed afterwards.
        let scratch = cache.directory.appendingPathComponent("answers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var labRun = LabRun(artifactsDirectory: scratch, dataDirectory: options.dataDirectory, console: Console(quiet: true))
        let lockURL = LockFile.location(ofLab: options.lab)
        var notes: [String] = []
        if frozen {
            let lock = try readLock(lockURL, required: true, console: console)!
            labRun.frozen = lock.records
            labRun.frozenParams = lock.params
            notes.append("every value comes from \(lockURL.relativePath) (--frozen)")
        } else {
            labRun.cache = cache
            labRun.fallback = try readLock(lockURL, required: false, console: console)?.records
        }
        let report = labRun.run(plan, document: document, only: Self.closure(of: quizzes.map(\.directive.id), in: plan))
        let fellBack = report.explanations.filter(\.usedFallback)
        if let first = fellBack.first {
            notes.append("\(fellBack.map { "#\($0.id)" }.joined(separator: ", ")) could not run here, so "
                         + "\(fellBack.count == 1 ? "its value comes" : "their values come") from \(lockURL.relativePath); "
                         + "#\(first.id) \(first.reason)")
        }
        for e in report.explanations where e.stale != nil { notes.append("#\(e.id): \(e.stale!)") }
        return (report, notes)
    }

    /// The lock file, if there is one. `--frozen` needs it; otherwise a damaged one is a warning.
    func readLock(_ url: URL, required: Bool, console: Console) throws -> LockFile? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            guard required else { return nil }
            console.error("error: \(url.relativePath): no lock file (hint: run 'labrun \(options.lab)' once to record one)")
            throw ExitCode(1)
        }
        do { return try LockFile.read(url) } catch {
            if required {
                console.error("error: \(error) (hint: run 'labrun \(options.lab)' to record it again)")
                throw ExitCode(1)
            }
            console.error("warning: \(error); steps that cannot run here cannot be graded")
            return nil
        }
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

extension Output {
    var questions: [Question]? { if case .quiz(let qs) = self { return qs }; return nil }

    /// Why a step has no result: its error or the reason it was skipped.
    var failureReason: String? {
        switch self {
        case .error(let message, _): return message
        case .skipped(let reason): return reason
        default: return nil
        }
    }
}
