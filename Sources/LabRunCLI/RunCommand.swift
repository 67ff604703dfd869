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
            DIR/NAME.html, DIR/NAME.md and DIR/NAME_files/ (figures, models, C arrays). \
            Files are replaced atomically: a failed run never leaves half a page.

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
        try cacheOptions.checkRerun(plan)
        let name = URL(fileURLWithPath: options.lab).deletingPathExtension().lastPathComponent
        let outputDirectory = URL(fileURLWithPath: output)
        let filesName = "\(name)_files"
        let started = Date()
        var labRun = LabRun(artifactsDirectory: outputDirectory.appendingPathComponent(filesName),
                            dataDirectory: options.dataDirectory, console: console)
        let lock = try cacheOptions.configure(&labRun, lab: options.lab, console: console)
        // --verify writes nothing: its models go to a scratch folder.
        if cacheOptions.verify {
            labRun.artifactsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-verify-\(UUID().uuidString)")
        }
        if cacheOptions.frozen, let recorded = lock?.params { warnAboutParameters(recorded, plan: plan, console: console) }
        try FileManager.default.createDirectory(at: labRun.artifactsDirectory, withIntermediateDirectories: true)
        let report = labRun.run(plan, document: document)
        if cacheOptions.explain { report.explanations.forEach { print($0.line) } }
        if let lock, cacheOptions.verify {
            defer { try? FileManager.default.removeItem(at: labRun.artifactsDirectory) }
            return try verify(report, against: lock, started: started, console: console)
        }
        cacheOptions.record(report, plan: plan, lab: options.lab, overridden: !options.overrides.isEmpty, console: console)
        let input = RenderInput(plan: plan, document: document, report: report, filesDirectory: filesName,
                                artifactsDirectory: labRun.artifactsDirectory)
        // A failed run never replaces the last good page: it writes NAME.failed.html/.md beside it.
        let pages = PageNames(name: name, failed: report.exitCode != 0)
        var written: [URL] = []
        if formats.contains("html") {
            let page = outputDirectory.appendingPathComponent(pages.html)
            try AtomicWriter.write(Data(HTMLRenderer.render(input).utf8), to: page)
            written.append(page)
        }
        if formats.contains("md") {
            let (markdown, figures) = MarkdownRenderer.render(input, filesDirectoryName: filesName)
            for (file, bytes) in figures.sorted(by: { $0.key < $1.key }) {
                try AtomicWriter.write(bytes, to: labRun.artifactsDirectory.appendingPathComponent(file))
            }
            let page = outputDirectory.appendingPathComponent(pages.markdown)
            try AtomicWriter.write(Data(markdown.utf8), to: page)
            written.append(page)
        }
        if pages.failed {
            for page in written { console.error("the run failed: wrote \(page.path); \(pages.goodPage(of: page)) keeps the last good page") }
        } else {
            for page in written { console.info("wrote \(page.path)") }
            pages.removeStaleFailures(in: outputDirectory, console: console)
        }
        console.info(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

extension RunCommand {
    /// `--frozen`: the page shows the parameters the recorded results were computed with; say
    /// which differ from the lab's.
    func warnAboutParameters(_ recorded: Record, plan: Plan, console: Console) {
        let changed = plan.labParams.keys.filter { recorded[$0] != plan.labParams[$0] }
        if !changed.isEmpty {
            let list = changed.map { "\($0): \(recorded[$0].map(Filters.display) ?? "absent") → \(plan.labParams[$0].map(Filters.display) ?? "absent")" }
            console.error("warning: the lock file's results were computed with other lab parameters (\(list.joined(separator: ", "))); the page shows the recorded ones")
        }
    }

    /// `--verify`: compares with the lock file, prints what moved, exits 1 if anything did.
    func verify(_ report: LabRun.Report, against lock: LockFile, started: Date, console: Console) throws {
        let verification = Verification(recorded: lock.steps, measured: report.records)
        for m in verification.moved { print("moved: \(m)") }
        let moved = verification.moved.count
        print("\(verification.compared - moved) of \(verification.compared) recorded figures within tolerance; \(moved) moved")
        console.info(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
        if moved > 0 || report.exitCode != 0 { throw ExitCode(1) }
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
