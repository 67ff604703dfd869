import ArgumentParser
import Foundation
import LabData
import LabDocument
import LabRender
import LabRunner

/// `labrun book DIR`: every lab of a folder rendered as one course, with an index page and
/// previous/next links between the chapters.
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Render a folder of labs as one course: every chapter, an index page, links between them.",
        discussion: """
            Every *.md in the folder except README.md is a chapter, in file-name order. \
            Each is checked, run and written as 'labrun run' would (same step cache and \
            lock files): OUTPUT/NAME.html and OUTPUT/NAME.md, figures and models in \
            OUTPUT/NAME_files/ (rewritten whole by each successful run), with links to the \
            previous chapter, the next and the index.

            The index is OUTPUT/index.html, with its twin OUTPUT/index.md (OUTPUT is -o, \
            default Output). It shows the course title (title: in the folder's book.yaml \
            or _book.yaml, else the folder's name), then each chapter's title, one line \
            of summary (front matter summary:, else its first sentence) and its status: \
            rendered, failed (linking NAME.failed.html) or not rendered.

            Every lab's text is checked before anything runs, and every problem is \
            reported. A chapter with text errors is not run and keeps its old pages. A \
            chapter whose run fails keeps its last good page and its files, and gets \
            NAME.failed.html, NAME.failed.md and NAME.failed_files/ beside them. Chapter links open the last good page, else the failure page.

            Exit codes:
              0   every chapter rendered and every assert held
              1   a step, an assert or a prose value failed (see NAME.failed.html)
              2   errors in a lab's text: those chapters were not rendered
              64  a bad command line

            Examples:
              labrun book Labs                 # Output/index.html and a page per chapter
              labrun book Labs -o site --format html
              labrun book Labs --frozen        # the lock files' results; runs nothing
            """)

    @Argument(help: ArgumentHelp("The folder of labs, e.g. Labs.", valueName: "folder"))
    var folder: String

    @OptionGroup(title: "Step cache and lock file") var cacheOptions: CacheOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder.", valueName: "DIR"))
    var output = "Output"

    @Option(help: ArgumentHelp("Formats to write, comma-separated: html, md.", valueName: "LIST"))
    var format = "html,md"

    @Option(help: ArgumentHelp("Where data sets live (default: $LABRUN_DATA, else ./Data).", valueName: "DIR"))
    var dataDir: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    var formats: [String] { format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        for f in formats where !["html", "md"].contains(f) {
            throw ValidationError("--format: unknown format '\(f)' (known: html, md)")
        }
        if cacheOptions.verify {
            throw ValidationError("--verify checks one lab: run 'labrun run LAB.md --verify' for each chapter")
        }
    }

    func run() throws {
        let console = Console(quiet: quiet)
        let started = Date()
        let course = try Course(folder: folder)
        // Every chapter's text first, so all problems are reported before anything runs.
        let checked = try course.labs.map { try LabOptions.checkedPlan($0, overrides: [], console: console) }
        try cacheOptions.checkRerun(checked.compactMap { if case .plan(_, let plan) = $0 { return plan } else { return nil } })
        let titles = zip(course.labs, checked).map { lab, result -> String in
            var title = ""
            switch result {
            case .plan(let document, _): title = document.title
            case .errors(_, let parsedTitle): title = parsedTitle
            }
            return title.isEmpty ? PageNames.name(ofLab: lab) : title
        }
        let outputDirectory = URL(fileURLWithPath: output)
        // Every chapter runs before any page is written, so that each page's previous/next
        // links know which pages the others end up with.
        var runs: [ChapterRender.Ran?] = []
        // A chapter that fails to run or write stops the course: no staging folder stays behind.
        defer { for ran in runs { ran?.files.discard() } }
        var renders: [ChapterRender] = []
        let dataDirectory = DataDirectory.resolve(explicit: dataDir).url
        for (lab, result) in zip(course.labs, checked) {
            let render = ChapterRender(lab: lab, dataDirectory: dataDirectory,
                                       cacheOptions: cacheOptions, outputDirectory: outputDirectory, formats: formats)
            renders.append(render)
            guard case .plan(let document, let plan) = result else { runs.append(nil); continue }
            console.info("== \(lab)")
            runs.append(try render.run(document, plan, console: console))
        }
        let navigation = CourseNavigation(
            chapters: course.labs.indices.map {
                CourseNavigation.Chapter(title: titles[$0], name: PageNames.name(ofLab: course.labs[$0]), written: runs[$0]?.outcome.pages)
            },
            index: PageNavigation.Link(title: course.title, name: "index"), outputDirectory: outputDirectory, formats: formats)
        /// The pages a chapter that was not run still has from an earlier run, per format.
        func earlierPages(of i: Int) -> [String: String] {
            var pages: [String: String] = [:]
            for format in ["html", "md"] { if let link = navigation.link(to: i, format: format) { pages[format] = "\(link.name).\(format)" } }
            return pages
        }
        var chapters: [CourseIndex.Chapter] = []
        for (i, result) in checked.enumerated() {
            let name = PageNames.name(ofLab: course.labs[i])
            guard case .plan(let document, let plan) = result, let ran = runs[i] else {
                if case .errors(let count, _) = result {
                    chapters.append(CourseIndex.Chapter(title: titles[i], name: name, summary: "",
                                                        status: .textErrors(count: count, lab: course.labs[i], earlier: earlierPages(of: i)),
                                                        renderedAt: nil,
                                                        assertsHeld: 0, assertsChecked: 0, assertsTotal: 0))
                }
                continue
            }
            let outcome = try renders[i].write(ran, navigation: { navigation.navigation(for: i, format: $0) }, console: console)
            let asserts = Course.asserts(outcome.report, plan: plan)
            chapters.append(CourseIndex.Chapter(
                title: titles[i], name: name, summary: Course.summary(of: document, values: outcome.report.values),
                status: outcome.pages.failed ? .failed(page: outcome.pages.html, cause: Course.failure(outcome.report, plan: plan)) : .rendered,
                renderedAt: Course.utc(outcome.renderedAt), assertsHeld: asserts.held, assertsChecked: asserts.checked,
                assertsTotal: asserts.total))
        }
        try writeIndex(CourseIndex(title: course.title, chapters: chapters, footer: "Rendered by labrun from \(course.folder)"),
                       to: outputDirectory, console: console)
        let failed = chapters.filter { if case .failed = $0.status { return true } else { return false } }
        let broken = chapters.filter { if case .textErrors = $0.status { return true } else { return false } }
        for chapter in chapters {
            guard case .failed(let page, let cause) = chapter.status else { continue }
            let shown = formats.contains("html") ? page : PageNames(name: chapter.name, failed: true).markdown
            console.error("\(chapter.name): \(cause.phrase); see \(output)/\(shown)")
        }
        for chapter in broken { console.error("\(chapter.name): not rendered, the lab's text has errors (above)") }
        console.info(String(format: "course: %d chapters, %d failed, %d not rendered; done in %.1f s",
                            chapters.count, failed.count, broken.count, Date().timeIntervalSince(started)))
        if !broken.isEmpty { throw ExitCode(2) }
        if !failed.isEmpty { throw ExitCode(1) }
    }

    private func writeIndex(_ index: CourseIndex, to directory: URL, console: Console) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if formats.contains("html") {
            let page = directory.appendingPathComponent("index.html")
            try AtomicWriter.write(Data(index.html.utf8), to: page)
            console.info("wrote \(page.path)")
        }
        if formats.contains("md") {
            let page = directory.appendingPathComponent("index.md")
            try AtomicWriter.write(Data(index.markdown.utf8), to: page)
            console.info("wrote \(page.path)")
        }
    }
}
