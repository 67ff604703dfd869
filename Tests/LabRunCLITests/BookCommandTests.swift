import Foundation
import Testing

/// `labrun book DIR`: a folder of labs rendered as one course (index, chapter links, exit codes).
@Suite(.serialized) struct BookCommandTests {
    @Test func theIndexListsEveryChapterWithTitleSummaryStatusAndLink() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["book", "Labs", "-o", "Output"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let index = try CourseLab.read("index.html", in: dir)
        #expect(index.contains("<title>A small course</title>"))
        #expect(index.contains("<h2><a href=\"01-first.html\">First steps</a></h2><p class=\"summary\">The first chapter opens here.</p>"))
        #expect(index.contains("<h2><a href=\"02-second.html\">Second steps</a></h2><p class=\"summary\">Codes, scales and zero points</p>"))
        #expect(!index.contains("Not a chapter"))
        #expect(!index.contains("It goes on"))
        let statuses = index.components(separatedBy: "<p class=\"status\">rendered ").dropFirst()
        #expect(statuses.count == 2)
        #expect(statuses.allSatisfy { $0.contains(" UTC · asserts held (1 of 1)</p>") })
        #expect(index.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; style-src 'sha256-"))
        let markdown = try CourseLab.read("index.md", in: dir)
        #expect(markdown.hasPrefix("# A small course\n\n1. **[First steps](01-first.md)**: The first chapter opens here.  \n   rendered "))
        #expect(markdown.contains("1. **[Second steps](02-second.md)**: Codes, scales and zero points  \n"))
        for page in ["01-first.html", "01-first.md", "02-second.html", "02-second.md"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/\(page)").path), "\(page)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Labs/01-first.lab.lock").path))
    }

    @Test func bookPagesLinkTheirNeighboursAndTheIndexWhileRunPagesDoNot() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["book", "Labs", "-q"], in: dir).status == 0)
        let first = try CourseLab.read("01-first.html", in: dir)
        let second = try CourseLab.read("02-second.html", in: dir)
        #expect(first.contains("<a class=\"next\" rel=\"next\" href=\"02-second.html\"><span class=\"nav-label\">Next →</span> Second steps</a>"))
        #expect(!first.contains("rel=\"prev\""))
        #expect(second.contains("<a class=\"prev\" rel=\"prev\" href=\"01-first.html\"><span class=\"nav-label\">← Previous</span> First steps</a>"))
        #expect(!second.contains("rel=\"next\""))
        #expect(first.contains("<a class=\"index\" href=\"index.html\">A small course: all chapters</a>"))
        // The links' styles are a second <style>, allowed by hash like the first.
        #expect(first.components(separatedBy: "<style>").count == 3)
        #expect(CourseLab.stylesNotAllowed(in: first).isEmpty)
        #expect(CourseLab.stylesNotAllowed(in: try CourseLab.read("index.html", in: dir)).isEmpty)
        let firstMarkdown = try CourseLab.read("01-first.md", in: dir)
        #expect(firstMarkdown.contains("\n---\n\n[A small course: all chapters](index.md) · Next: [Second steps](02-second.md) →\n"))
        let secondMarkdown = try CourseLab.read("02-second.md", in: dir)
        #expect(secondMarkdown.contains("\n---\n\n← Previous: [First steps](01-first.md) · [A small course: all chapters](index.md)\n"))

        #expect(try LabrunBinary.run(["run", "Labs/01-first.md", "-o", "Solo", "-q"], in: dir).status == 0)
        let alone = try CourseLab.read("01-first.html", in: dir, folder: "Solo")
        #expect(!alone.contains("chapter-nav"))
        #expect(!alone.contains("index.html"))
        #expect(alone.components(separatedBy: "<style>").count == 2, "one style element, as before courses")
        #expect(!(try CourseLab.read("01-first.md", in: dir, folder: "Solo")).contains("index.md"))
    }

    @Test func aFailingAssertExits1AndTheIndexLinksTheFailedPage() throws {
        let dir = try CourseLab.scratch(second: CourseLab.chapter(title: "Second steps", prose: "Wrong.", expected: 18))
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["book", "Labs"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("02-second: an assert did not hold; see Output/02-second.failed.html\n"))
        let index = try CourseLab.read("index.html", in: dir)
        #expect(index.contains("<h2><a href=\"02-second.failed.html\">Second steps</a></h2>"))
        #expect(index.contains(" UTC: an assert did not hold · asserts held (0 of 1)</p>"))
        #expect(index.contains("<p class=\"status failed\">failed "))
        #expect(index.contains(" UTC · asserts held (1 of 1)</p>"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/02-second.failed.html").path))
        #expect(try CourseLab.read("index.md", in: dir).contains("1. **[Second steps](02-second.failed.md)**"))
    }

    @Test func errorsInOneLabAreAllReportedAndTheOtherChaptersRender() throws {
        let broken = CourseLab.chapter(title: "Second steps", prose: "Broken.", extra: "\n```lab nosuchstep #x\na: 1\n```\n")
        let dir = try CourseLab.scratch(second: broken)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["book", "Labs"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Labs/02-second.md:") && run.stderr.contains(": error: "))
        #expect(run.stderr.contains("1 error in Labs/02-second.md; nothing was run.\n"))
        #expect(run.stderr.contains("02-second: not rendered, the lab's text has errors (above)\n"))
        let index = try CourseLab.read("index.html", in: dir)
        #expect(index.contains("<h2>Second steps</h2><p class=\"status failed\">not rendered: 1 error in the lab text (run &#39;labrun lint Labs/02-second.md&#39; to see it)</p>"))
        #expect(index.contains("<h2><a href=\"01-first.html\">First steps</a></h2>"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/02-second.html").path))
    }

    @Test func theHelpSaysWhatIsRenderedWhereTheIndexIsTheExitCodesAndAnExample() throws {
        let help = try LabrunBinary.run(["book", "--help"], in: FileManager.default.temporaryDirectory)
        #expect(help.status == 0)
        for line in ["Every *.md in the folder except README.md is a chapter, in file-name order.",
                     "The index is OUTPUT/index.html, with its twin OUTPUT/index.md (OUTPUT is -o,",
                     "Exit codes:\n  0   every chapter rendered and every assert held\n",
                     "  1   a step, an assert or a prose value failed (see NAME.failed.html)\n",
                     "  2   errors in a lab's text: those chapters were not rendered\n  64  a bad command line\n",
                     "Examples:\n  labrun book Labs                 # Output/index.html and a page per chapter\n"] {
            #expect(help.stdout.contains(line), "\(line)")
        }
        // Each example fits its line (the help is wrapped at 80 columns).
        #expect(help.stdout.contains("\n  labrun book Labs --frozen        # the lock files' results; runs nothing\n\nUSAGE: "))
    }

    @Test func aBadCommandLineExits64() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try LabrunBinary.run(["book", "Nowhere"], in: dir)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no such folder: 'Nowhere' (hint: give the folder that holds the labs, e.g. 'labrun book Labs')"))
        let verify = try LabrunBinary.run(["book", "Labs", "--verify"], in: dir)
        #expect(verify.status == 64)
        #expect(verify.stderr.contains("--verify checks one lab: run 'labrun run LAB.md --verify' for each chapter"))
    }

    /// root reads any folder, so the test needs another user.
    @Test(.enabled(if: getuid() != 0)) func anUnreadableFolderIsSaidSoNotCalledEmpty() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labs = dir.appendingPathComponent("Labs").path
        try FileManager.default.setAttributes([.posixPermissions: 0o300], ofItemAtPath: labs)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: labs) }
        let run = try LabrunBinary.run(["book", "Labs"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.contains("cannot read the folder 'Labs' ("), "\(run.stderr)")
        #expect(run.stderr.contains(") (hint: check its permissions)"), "\(run.stderr)")
        #expect(!run.stderr.contains("holds no lab"))
    }

    @Test func aProseEditReRendersTheCourseWithNoStepRun() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-book-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let first = try LabrunBinary.run(["book", "Labs", "--cache-dir", cache, "--explain", "-q"], in: dir)
        #expect(first.status == 0)
        #expect(first.stdout.contains("#fixed (quantize): ran: no earlier result\n"), "\(first.stdout)")
        // One sentence of the first chapter changes; no step's parameters do.
        try CourseLab.write(CourseLab.chapter(title: "First steps", prose: "A rewritten opening. It goes on for a while."),
                            "01-first.md", in: dir)
        let start = Date()
        let run = try LabrunBinary.run(["book", "Labs", "--cache-dir", cache, "--explain"], in: dir)
        let seconds = Date().timeIntervalSince(start)
        print("course re-render after a prose edit (debug build, 2 chapters): \(String(format: "%.3f", seconds)) s")
        #expect(run.status == 0)
        let explained = run.stdout.split(separator: "\n")
        #expect(explained.count == 4 && explained.allSatisfy { $0.contains(": reused: recipe unchanged since ") },
                "no step runs after a prose edit: \(run.stdout)")
        let progress = run.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(progress.count == 4 && progress.allSatisfy { $0.hasSuffix(" … cached") }, "\(run.stderr)")
        for page in ["01-first.html", "01-first.md", "02-second.html", "02-second.md"] {
            #expect(run.stderr.contains("/Output/\(page)\n"), "\(page) rewritten")
        }
        for (page, value) in [("01-first.html", "<span class=\"value\">17</span>"), ("01-first.md", "17")] {
            let text = try CourseLab.read(page, in: dir)
            #expect(text.contains("A rewritten opening. It goes on for a while."), "\(page)")
            #expect(!text.contains("The first chapter opens here."), "\(page)")
            #expect(text.contains("The fixed value becomes code \(value)."), "\(page)")
        }
        #expect(try CourseLab.read("index.html", in: dir).contains("<p class=\"summary\">A rewritten opening.</p>"))
        #expect(try CourseLab.read("index.md", in: dir).contains("1. **[First steps](01-first.md)**: A rewritten opening.  \n"))
        #expect(seconds <= 1.5, "a course re-render after a prose edit should take at most 1.5 s")
    }

    @Test func aFrozenCourseRendersByteForByteTheSame() throws {
        let dir = try CourseLab.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["book", "Labs", "-q"], in: dir).status == 0)
        #expect(try LabrunBinary.run(["book", "Labs", "--frozen", "-q", "-o", "A"], in: dir).status == 0)
        // A trailing slash names the same folder: the footer says 'Labs' either way.
        #expect(try LabrunBinary.run(["book", "Labs/", "--frozen", "-q", "-o", "B"], in: dir).status == 0)
        // The time shown is the newest recorded result's, not the clock's.
        let steps = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("Labs/01-first.lab.lock")))
        let dates = ((steps as? [String: Any])?["steps"] as? [[String: Any]] ?? []).compactMap { $0["date"] as? String }
        let newest = try #require(dates.max())
        let shown = newest.prefix(10) + " " + newest.dropFirst(11).prefix(5) + " UTC"
        #expect(try CourseLab.read("index.html", in: dir, folder: "A").contains("rendered \(shown) · asserts held (1 of 1)"))
        for page in ["index.html", "index.md", "01-first.html", "02-second.md"] {
            #expect(try CourseLab.read(page, in: dir, folder: "A") == CourseLab.read(page, in: dir, folder: "B"), "\(page)")
        }
    }
}
