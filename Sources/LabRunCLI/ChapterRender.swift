import ArgumentParser
import Foundation
import LabDocument
import LabRender
import LabRunner

/// Runs one checked lab and writes its pages: what `labrun run` does for a lab, and what
/// `labrun book` does for each chapter (which also passes the chapter's navigation links).
struct ChapterRender {
    var lab: String
    var dataDirectory: URL
    var cacheOptions: CacheOptions
    var outputDirectory: URL
    var formats: [String]
    var overridden = false
    var navigation: PageNavigation?

    /// What a render produced, for the caller's exit code and a course's index.
    struct Outcome {
        var report: LabRun.Report
        var pages: PageNames
        /// The newest recorded result under `--frozen` (the render is then reproducible), else now.
        var renderedAt: Date
    }

    /// A finished run whose pages are not written yet. A course runs every chapter before it
    /// writes any page, so each page's previous/next links can name pages that exist.
    struct Ran {
        var outcome: Outcome
        var input: RenderInput
        /// The run's files until its pages are written; then `NAME_files/` or `NAME.failed_files/`.
        var files: StagedFiles
        /// How long the run took, for the "done in" line written after the pages.
        var seconds: TimeInterval
    }

    /// Runs `plan` and writes the pages. `--verify` writes nothing and returns nil after
    /// printing what moved (exit 1 if anything did).
    func render(_ document: Document, _ plan: Plan, console: Console) throws -> Outcome? {
        guard let ran = try run(document, plan, console: console) else { return nil }
        return try write(ran, navigation: { _ in navigation }, console: console)
    }

    /// Runs `plan` and records it (cache, lock file) without writing a page; nil under
    /// `--verify`, which prints what moved instead. The run's files wait in a staging folder
    /// (`StagedFiles`) that `write` publishes, or `Ran.files.discard()` removes.
    func run(_ document: Document, _ plan: Plan, console: Console) throws -> Ran? {
        let started = Date()
        let files = StagedFiles(outputDirectory: outputDirectory, name: name)
        var labRun = LabRun(artifactsDirectory: files.url, dataDirectory: dataDirectory, console: console)
        let lock = try cacheOptions.configure(&labRun, lab: lab, console: console)
        // --verify writes nothing: its models go to a scratch folder.
        if cacheOptions.verify {
            labRun.artifactsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-verify-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: labRun.artifactsDirectory, withIntermediateDirectories: true)
        } else {
            try files.start()
        }
        if cacheOptions.frozen, let lock {
            if let recorded = lock.params { warnAboutParameters(recorded, plan: plan, console: console) }
            let records = plan.steps.compactMap { lock.records[$0.directive.id] }
            files.seed(with: records.flatMap(\.artifacts.keys), from: PageNames(name: name, failed: false).filesFolder, console: console)
        }
        let report = labRun.run(plan, document: document)
        if cacheOptions.explain { report.explanations.forEach { print($0.line) } }
        if let lock, cacheOptions.verify {
            defer { try? FileManager.default.removeItem(at: labRun.artifactsDirectory) }
            try verify(report, against: lock, started: started, console: console)
            return nil
        }
        cacheOptions.record(report, plan: plan, lab: lab, overridden: overridden, console: console)
        // A failed run never replaces the last good page: it writes NAME.failed.html/.md and
        // NAME.failed_files/ beside it, so its pages must link that folder.
        let pages = PageNames(name: name, failed: report.exitCode != 0)
        let input = RenderInput(plan: plan, document: document, report: report, filesDirectory: pages.filesFolder,
                                artifactsDirectory: files.url)
        var renderedAt = started
        if cacheOptions.frozen, let lock {
            let dates = ISO8601DateFormatter()
            renderedAt = lock.steps.compactMap { dates.date(from: $0.date) }.max() ?? started
        }
        return Ran(outcome: Outcome(report: report, pages: pages, renderedAt: renderedAt),
                   input: input, files: files, seconds: Date().timeIntervalSince(started))
    }

    /// Writes the pages of a run; `navigation` gives each format's ("html", "md") chapter links.
    /// Everything is rendered first and the figures join the run's files; then the files folder
    /// is replaced, and only then the pages, so a page never links a folder that is not there.
    func write(_ ran: Ran, navigation: (String) -> PageNavigation?, console: Console) throws -> Outcome {
        let started = Date()
        defer { ran.files.discard() }  // after an error; a published folder has moved away already
        var input = ran.input
        let pages = ran.outcome.pages
        var rendered: [(URL, Data)] = []
        if formats.contains("html") {
            input.navigation = navigation("html")
            rendered.append((outputDirectory.appendingPathComponent(pages.html), Data(HTMLRenderer.render(input).utf8)))
        }
        // The figures are written whatever the formats: the folder replaces the one an earlier
        // NAME.md may still link.
        input.navigation = navigation("md")
        let (markdown, figures) = MarkdownRenderer.render(input, filesDirectoryName: pages.filesFolder)
        for (file, bytes) in figures.sorted(by: { $0.key < $1.key }) {
            try AtomicWriter.write(bytes, to: ran.files.url.appendingPathComponent(file))
        }
        if formats.contains("md") { rendered.append((outputDirectory.appendingPathComponent(pages.markdown), Data(markdown.utf8))) }
        try ran.files.publish(as: pages.filesFolder, console: console)
        for (page, bytes) in rendered { try AtomicWriter.write(bytes, to: page) }
        let written = rendered.map(\.0)
        if pages.failed {
            for page in written {
                let good = pages.goodPage(of: page)
                console.error("the run failed: wrote \(page.path); " + (FileManager.default.fileExists(atPath: good)
                    ? "\(good) keeps the last good page" : "there is no good page yet (\(good) was never written)"))
            }
        } else {
            for page in written { console.info("wrote \(page.path)") }
            pages.removeStaleFailures(in: outputDirectory, console: console)
        }
        console.info(String(format: "done in %.1f s", ran.seconds + Date().timeIntervalSince(started)))
        return ran.outcome
    }

    private var name: String { PageNames.name(ofLab: lab) }

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
