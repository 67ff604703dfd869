import Foundation
import LabRender

/// The previous/next chain of a course, over the pages that exist once the run is over: a link
/// to a chapter opens its last good page (`NAME.html`), else its failure page
/// (`NAME.failed.html`), and a chapter with neither is left out of the chain (the index still
/// lists it). Worked out per format, since `NAME.md` and `NAME.html` need not both exist.
struct CourseNavigation {
    struct Chapter {
        var title: String
        /// The file name without extension (`02-second`).
        var name: String
        /// The pages this run writes for it; nil when it was not run (errors in its text).
        var written: PageNames?
    }

    var chapters: [Chapter]
    var index: PageNavigation.Link
    var outputDirectory: URL
    var formats: [String]

    /// Chapter `i`'s links in one format ("html" or "md").
    func navigation(for i: Int, format: String) -> PageNavigation {
        let previous = chapters.indices.reversed().filter { $0 < i }.lazy.compactMap { link(to: $0, format: format) }.first
        let next = chapters.indices.filter { $0 > i }.lazy.compactMap { link(to: $0, format: format) }.first
        return PageNavigation(previous: previous, next: next, index: index)
    }

    /// The page a link to chapter `i` opens in `format`, as a link; nil when it has none.
    func link(to i: Int, format: String) -> PageNavigation.Link? {
        let chapter = chapters[i]
        guard let page = page(of: chapter, format: format) else { return nil }
        return PageNavigation.Link(title: chapter.title, name: page)
    }

    /// `NAME` or `NAME.failed` (without extension), whichever exists after the run, else nil.
    /// Pages this run writes count as existing; the others are looked up on disk, which the
    /// run has not yet changed (a course writes its pages after every chapter ran).
    private func page(of chapter: Chapter, format: String) -> String? {
        let good = PageNames(name: chapter.name, failed: false).stem, failed = PageNames(name: chapter.name, failed: true).stem
        let writes = formats.contains(format)
        if let written = chapter.written, writes {
            if !written.failed { return good }
            return exists(good, format) ? good : failed
        }
        // Not written this run: its pages stay as they were (or, for a format not written
        // now, as an earlier run left them).
        if exists(good, format) { return good }
        // A successful run removes stale failure pages of every format.
        if let written = chapter.written, !written.failed { return nil }
        return exists(failed, format) ? failed : nil
    }

    private func exists(_ stem: String, _ format: String) -> Bool {
        FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent("\(stem).\(format)").path)
    }
}
