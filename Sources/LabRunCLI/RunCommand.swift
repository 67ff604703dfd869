import ArgumentParser
import Foundation
import LabDocument
import LabRender
import LabRunner

/// `labrun run LAB.md`: check, run every step, render HTML and Markdown.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lab and render it (the default command).",
        discussion: """
            Checks the whole lab first (every problem is reported with file:line:col, exit 2, \
            nothing written), then runs the steps in dependency order and writes \
            DIR/NAME.html, DIR/NAME.md and DIR/NAME_files/ (figures, models, C arrays; the \
            folder is rewritten whole by every successful run). Files are replaced atomically: \
            a run never leaves half a page, and one that fails (exit 1) writes \
            DIR/NAME.failed.html, .md and NAME.failed_files/, leaving the last good page as it was.

            Results are cached in .labrun/ by recipe (step, parameters, data, the results it \
            uses, labrun's version): editing prose re-runs nothing; changing a parameter \
            re-runs that step and what depends on it. After a run of the lab as written, \
            NAME.lab.lock beside the lab records every result; commit it. --frozen renders \
            from it without data or training; --verify re-runs and reports what moved.

            Examples:
              labrun run Labs/03-quantization.md
              labrun run Labs/03-quantization.md -o /tmp/out --format html
              labrun run Labs/03-quantization.md --set epochs=1 --set int8.io=int8
              labrun run Labs/03-quantization.md --explain --rerun benchmark
              labrun run Labs/03-quantization.md --frozen
            """)

    @OptionGroup var options: LabOptions
    @OptionGroup(title: "Step cache and lock file") var cacheOptions: CacheOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "DIR"))
    var output = "Output"

    @Option(help: ArgumentHelp("Formats to write, comma-separated: html, md.", valueName: "LIST"))
    var format = "html,md"

    var formats: [String] { format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        for f in formats where !["html", "md"].contains(f) {
            throw ValidationError("--format: unknown format '\(f)' (known: html, md)")
        }
    }

    func run() throws {
        let console = Console(quiet: options.quiet)
        let (document, plan) = try options.loadPlan(console: console)
        try cacheOptions.checkRerun([plan])
        let chapter = ChapterRender(lab: options.lab, dataDirectory: options.dataDirectory, cacheOptions: cacheOptions,
                                    outputDirectory: URL(fileURLWithPath: output), formats: formats,
                                    overridden: !options.overrides.isEmpty)
        guard let outcome = try chapter.render(document, plan, console: console) else { return }
        if outcome.report.exitCode != 0 { throw ExitCode(outcome.report.exitCode) }
    }
}

extension RenderInput {
    /// What the renderers need from a finished run.
    /// Artifact paths become relative to the page (they live in `filesDirectory`). With
    /// `artifactsDirectory`, only files that are there are linked: a `--frozen` render on a
    /// machine without the cache writes no models, and the page must not link what is not there.
    init(plan: Plan, document: Document, report: LabRun.Report, filesDirectory: String, artifactsDirectory: URL? = nil) {
        var show: [String: Show] = [:]
        var captions: [String: String] = [:]
        for step in plan.steps {
            if let s = step.parameters.string("show"), let v = Show(rawValue: s) { show[step.directive.id] = v }
            if let c = report.captions[step.directive.id] ?? step.parameters.string("caption") { captions[step.directive.id] = c }
        }
        let results = report.results.mapValues { result -> StepResult in
            var r = result
            if let artifactsDirectory {
                r.artifacts = r.artifacts.filter { FileManager.default.fileExists(atPath: artifactsDirectory.appendingPathComponent($0).path) }
            }
            r.artifacts = r.artifacts.map { "\(filesDirectory)/\($0)" }
            return r
        }
        self.init(document: document, results: results,
                  values: report.values.mapValues { $0.mapError { ValueError($0.message) } },
                  show: show, captions: captions,
                  stale: Dictionary(report.explanations.compactMap { e in e.stale.map { (e.id, $0) } }) { a, _ in a },
                  footer: "Rendered by labrun from \(document.path)")
    }
}
