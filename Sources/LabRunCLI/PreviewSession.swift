import Foundation
import LabDocument
import LabPreview
import LabRender
import LabRunner

/// Keeps a served page in step with a lab file. On every save the page is rendered at once
/// from the step cache (a step whose inputs changed keeps its last result under a "Stale"
/// badge), then the stale steps run in the background, with progress on the page, and the
/// page reloads when they are done.
final class PreviewSession: @unchecked Sendable {
    let lab: String
    let overrides: [Override]
    let dataDirectory: URL
    let cache: StepCache
    /// `Output/.NAME_files.preview`: artifacts, served under `/files/`. Not the page's
    /// `NAME_files/`, which belongs to the last `labrun run` (a preview runs edits and `--set`).
    let files: URL
    let server: PreviewServer
    let console: Console
    private let lock = NSLock()
    /// The last result shown for each step: what a stale step shows until it has run again.
    private var shown: [String: StepResult] = [:]
    private var running = false
    private var runAgain = false
    private let runner = DispatchQueue(label: "labrun.preview.run")

    init(lab: String, overrides: [Override], dataDirectory: URL, cache: StepCache, output: URL, port: Int, console: Console) {
        self.lab = lab
        self.overrides = overrides
        self.dataDirectory = dataDirectory
        self.cache = cache
        files = output.appendingPathComponent(".\(PageNames.name(ofLab: lab))_files.preview")
        server = PreviewServer(port: port, filesRoot: files)
        self.console = console
    }

    /// Re-reads the lab and serves it rendered from the cache; runs what is stale in the background.
    func refresh() {
        guard let (document, plan) = load() else { return }
        var run = makeRun(console: Console(quiet: true))
        run.cachedOnly = lock.withLock { shown }
        let report = run.run(plan, document: document)
        publish(document, plan, report)
        let stale = report.explanations.filter { $0.stale != nil }
        if stale.isEmpty { return }
        console.info("\(stale.count) stale step\(stale.count == 1 ? "" : "s"): running in the background")
        runInBackground()
    }

    /// One background run at a time; a save during a run asks for one more afterwards.
    private func runInBackground() {
        let start = lock.withLock { () -> Bool in
            if running { runAgain = true; return false }
            running = true
            return true
        }
        guard start else { return }
        runner.async { [self] in
            repeat {
                guard let (document, plan) = load() else { break }
                let server = self.server
                let run = makeRun(console: Console(quiet: console.quiet) { server.broadcast(event: PreviewServer.statusEvent, data: $0) })
                let report = run.run(plan, document: document)
                CacheOptions.record(report, plan: plan, lab: lab, lastRun: CacheOptions.lastRun(ofLab: lab, in: cache),
                                    overridden: !overrides.isEmpty, console: console)
                // A save during the run already shows its own page; this one would be older.
                if !lock.withLock({ runAgain }) { publish(document, plan, report) }
            } while lock.withLock({ () -> Bool in
                if runAgain { runAgain = false; return true }
                running = false
                return false
            })
            server.broadcast(event: PreviewServer.statusEvent, data: "")
        }
    }

    /// A run against the cache that explains itself against the last run of this lab.
    private func makeRun(console: Console) -> LabRun {
        var run = LabRun(artifactsDirectory: files, dataDirectory: dataDirectory, console: console)
        run.cache = cache
        run.previous = CacheOptions.previousRun(lab, lastRun: CacheOptions.lastRun(ofLab: lab, in: cache), console: console)
        return run
    }

    /// The checked lab, or nil after serving a page that lists its problems.
    private func load() -> (Document, Plan)? {
        guard let text = try? String(contentsOfFile: lab, encoding: .utf8) else {
            showProblems(["cannot read '\(lab)'"])
            return nil
        }
        let document = Document.parse(text: text, path: lab)
        let planner = Planner()
        let badOverrides = planner.checkOverrides(overrides, in: document)
        let plan = planner.plan(document, overrides: overrides)
        let errors = badOverrides + plan.diagnostics.filter { $0.severity == .error }.map(\.description)
        if !errors.isEmpty {
            showProblems(errors)
            return nil
        }
        return (document, plan)
    }

    private func publish(_ document: Document, _ plan: Plan, _ report: LabRun.Report) {
        lock.withLock { shown.merge(report.results) { _, new in new } }
        var input = RenderInput(plan: plan, document: document, report: report, filesDirectory: "files")
        input.hostScripts = [PreviewServer.reloadScript]
        server.setPage(HTMLRenderer.render(input))
        server.broadcast(event: PreviewServer.reloadEvent, data: "")
    }

    /// Problems in the text replace the page until they are fixed (the last results stay cached).
    private func showProblems(_ problems: [String]) {
        for p in problems { console.error(p) }
        let items = problems.map { "<pre>\(Escape.html($0))</pre>" }.joined(separator: "\n")
        server.setPage("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(Escape.html(lab)): errors</title></head>
            <body style="font-family:sans-serif;margin:2rem"><h1>\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(Escape.html(lab))</h1>
            <p>Nothing was run. Fix the lab and save: this page reloads.</p>
            \(items)
            </body></html>
            """)
        server.broadcast(event: PreviewServer.reloadEvent, data: "")
    }
}
