import Foundation
import Testing

/// `labrun book`: every previous/next link opens a page that exists once the run is over (the
/// last good page, else the failure page), and a chapter with no page is left out of the chain.
@Suite(.serialized) struct CourseLinkTests {
    /// 01 renders, 02 has an unknown step (text error), 03's dataset step fails at run time
    /// (the data folder is empty), 04 renders.
    static func scratch() throws -> URL {
        let dir = try CourseLab.scratch()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Labs/02-second.md"))
        try CourseLab.write(CourseLab.chapter(title: "Broken steps", prose: "Broken.", extra: "\n```lab nosuchstep #x\na: 1\n```\n"),
                            "02-broken.md", in: dir)
        try CourseLab.write(failing, "03-failing.md", in: dir)
        try CourseLab.write(CourseLab.chapter(title: "Last steps", prose: "The end."), "04-last.md", in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("EmptyData"), withIntermediateDirectories: true)
        return dir
    }

    static let failing = "---\ntitle: Failing steps\n---\n# Failing steps\n\nNo data here.\n\n```lab dataset #data\nsamples: 20\n```\n"

    static func book(in dir: URL) throws -> LabrunBinary.Run {
        try LabrunBinary.run(["book", "Labs", "--data-dir", "EmptyData", "-q"], in: dir)
    }

    static func html(_ rel: String, _ name: String, _ label: String, _ title: String) -> String {
        "<a class=\"\(rel)\" rel=\"\(rel)\" href=\"\(name).html\"><span class=\"nav-label\">\(label)</span> \(title)</a>"
    }

    static let index = "<a class=\"index\" href=\"index.html\">A small course: all chapters</a>"
    static let markdownIndex = "[A small course: all chapters](index.md)"

    /// The chapter links of a page: its `<nav>` in HTML, the line above the footer in Markdown.
    static func nav(_ page: String, in dir: URL) throws -> String {
        let text = try CourseLab.read(page, in: dir)
        if page.hasSuffix(".html") {
            return text.components(separatedBy: "<nav class=\"chapter-nav\" aria-label=\"Chapters\">").dropFirst().first?
                .components(separatedBy: "</nav>").first ?? ""
        }
        return text.split(separator: "\n").first { $0.contains(markdownIndex) }.map(String.init) ?? ""
    }

    /// Every page in Output links only files that are there.
    static func missingTargets(in dir: URL) throws -> [String] {
        let output = dir.appendingPathComponent("Output")
        var missing: [String] = []
        for page in try FileManager.default.contentsOfDirectory(atPath: output.path) where page.hasSuffix(".html") || page.hasSuffix(".md") {
            let text = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            let targets = page.hasSuffix(".html")
                ? text.components(separatedBy: "href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
                : text.components(separatedBy: "](").dropFirst().compactMap { $0.components(separatedBy: ")").first }
            for target in targets where target.hasSuffix(".html") || target.hasSuffix(".md") {
                if !FileManager.default.fileExists(atPath: output.appendingPathComponent(target).path) { missing.append("\(page) → \(target)") }
            }
        }
        return missing
    }

    @Test func linksSkipAChapterWithNoPageAndOpenTheFailurePageWhenThereIsNoGoodOne() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.book(in: dir)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("03-failing: a step failed; see Output/03-failing.failed.html\n"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/02-broken.html").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/03-failing.html").path))

        #expect(try Self.nav("01-first.html", in: dir)
                == Self.index + Self.html("next", "03-failing.failed", "Next →", "Failing steps"))
        #expect(try Self.nav("03-failing.failed.html", in: dir)
                == Self.html("prev", "01-first", "← Previous", "First steps") + Self.index
                    + Self.html("next", "04-last", "Next →", "Last steps"))
        #expect(try Self.nav("04-last.html", in: dir)
                == Self.html("prev", "03-failing.failed", "← Previous", "Failing steps") + Self.index)

        #expect(try Self.nav("01-first.md", in: dir)
                == Self.markdownIndex + " · Next: [Failing steps](03-failing.failed.md) →")
        #expect(try Self.nav("03-failing.failed.md", in: dir)
                == "← Previous: [First steps](01-first.md) · " + Self.markdownIndex + " · Next: [Last steps](04-last.md) →")
        #expect(try Self.nav("04-last.md", in: dir)
                == "← Previous: [Failing steps](03-failing.failed.md) · " + Self.markdownIndex)
        #expect(try Self.missingTargets(in: dir) == [])
    }

    @Test func linksOpenTheLastGoodPageOfAChapterThatNowFailsOrHasErrors() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A first render where 02 and 03 are good, so both have a last good page...
        let broken = try String(contentsOf: dir.appendingPathComponent("Labs/02-broken.md"), encoding: .utf8)
        try CourseLab.write(CourseLab.chapter(title: "Broken steps", prose: "Not broken yet."), "02-broken.md", in: dir)
        try CourseLab.write(CourseLab.chapter(title: "Failing steps", prose: "Not failing yet."), "03-failing.md", in: dir)
        #expect(try Self.book(in: dir).status == 0)
        // ...then 02 gets a text error and 03 fails at run time: the links keep to those pages.
        try CourseLab.write(broken, "02-broken.md", in: dir)
        try CourseLab.write(Self.failing, "03-failing.md", in: dir)
        #expect(try Self.book(in: dir).status == 2)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/03-failing.failed.html").path))

        #expect(try Self.nav("01-first.html", in: dir)
                == Self.index + Self.html("next", "02-broken", "Next →", "Broken steps"))
        #expect(try Self.nav("03-failing.failed.html", in: dir)
                == Self.html("prev", "02-broken", "← Previous", "Broken steps") + Self.index
                    + Self.html("next", "04-last", "Next →", "Last steps"))
        #expect(try Self.nav("04-last.html", in: dir)
                == Self.html("prev", "03-failing", "← Previous", "Failing steps") + Self.index)
        #expect(try Self.nav("01-first.md", in: dir) == Self.markdownIndex + " · Next: [Broken steps](02-broken.md) →")
        #expect(try Self.nav("04-last.md", in: dir) == "← Previous: [Failing steps](03-failing.md) · " + Self.markdownIndex)
        // The index links the broken chapter's earlier page too, and says whose page it is.
        let index = try String(contentsOf: dir.appendingPathComponent("Output/index.html"), encoding: .utf8)
        #expect(index.contains("<h2><a href=\"02-broken.html\">Broken steps</a></h2><p class=\"status failed\">not rendered: "
            + "1 error in the lab text (run &#39;labrun lint Labs/02-broken.md&#39; to see it); the link opens the page of an earlier run</p>"))
        let markdown = try String(contentsOf: dir.appendingPathComponent("Output/index.md"), encoding: .utf8)
        #expect(markdown.contains("1. **[Broken steps](02-broken.md)**"))
        #expect(try Self.missingTargets(in: dir) == [])
    }

    @Test func aFormatNotWrittenThisRunLinksOnlyPagesThatExist() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Only HTML: 02 has no Markdown page, so 01's Markdown twin (written below) cannot link one.
        #expect(try LabrunBinary.run(["book", "Labs", "--format", "html", "-q"], in: dir).status == 0)
        try CourseLab.write(CourseLab.chapter(title: "Second steps", prose: "Broken.", extra: "\n```lab nosuchstep #x\na: 1\n```\n"),
                            "02-second.md", in: dir)
        #expect(try LabrunBinary.run(["book", "Labs", "--format", "md", "-q"], in: dir).status == 2)
        #expect(try Self.nav("01-first.md", in: dir) == Self.markdownIndex)
        #expect(try Self.missingTargets(in: dir) == [])
    }
}
