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
        var artifactsDirectory: URL
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
    /// `--verify`, which prints what moved instead.
    func run(_ document: Document, _ plan: Plan, console: Console) throws -> Ran? {
        let started = Date()
        var labRun = LabRun(artifactsDirectory: outputDirectory.appendingPathComponent(filesName),
                            dataDirectory: dataDirectory, console: console)
        let lock = try cacheOptions.configure(&labRun, lab: lab, console: console)
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
            try verify(report, against: lock, started: started, console: console)
            return nil
        }
        cacheOptions.record(report, plan: plan, lab: lab, overridden: overridden, console: console)
        let input = RenderInput(plan: plan, document: document, report: report, filesDirectory: filesName,
                                artifactsDirectory: labRun.artifactsDirectory)
        // A failed run never replaces the last good page: it writes NAME.failed.html/.md beside it.
        let pages = PageNames(name: name, failed: report.exitCode != 0)
        let recorded = lock?.steps.compactMap { ISO8601DateFormatter().date(from: $0.date) }.max()
        return Ran(outcome: Outcome(report: report, pages: pages, renderedAt: cacheOptions.frozen ? recorded ?? started : started),
                   input: input, artifactsDirectory: labRun.artifactsDirectory, seconds: Date().timeIntervalSince(started))
    }

    /// Writes the pages of a run; `navigation` gives each format's ("html", "md") chapter links.
    func write(_ ran: Ran, navigation: (String) -> PageNavigation?, console: Console) throws -> Outcome {
        let started = Date()
        var input = ran.input
        let pages = ran.outcome.pages
        var written: [URL] = []
        if formats.contains("html") {
            input.navigation = navigation("html")
            let page = outputDirectory.appendingPathComponent(pages.html)
            try AtomicWriter.write(Data(HTMLRenderer.render(input).utf8), to: page)
            written.append(page)
        }
        if formats.contains("md") {
            input.navigation = navigation("md")
            let (markdown, figures) = MarkdownRenderer.render(input, filesDirectoryName: filesName)
            for (file, bytes) in figures.sorted(by: { $0.key < $1.key }) {
                try AtomicWriter.write(bytes, to: ran.artifactsDirectory.appendingPathComponent(file))
            }
            let page = outputDirectory.appendingPathComponent(pages.markdown)
            try AtomicWriter.write(Data(markdown.utf8), to: page)
            written.append(page)
        }
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

    private var name: String { URL(fileURLWithPath: lab).deletingPathExtension().lastPathComponent }
    private var filesName: String { "\(name)_files" }

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
