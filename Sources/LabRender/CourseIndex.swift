import Foundation

/// The index page of a course (`labrun book`): its title, then each chapter with its one-line
/// summary and how its last render went. Same page style and Content-Security-Policy as a chapter.
public struct CourseIndex: Sendable {
    public struct Chapter: Sendable {
        /// How the chapter's render went.
        public enum Status: Sendable, Equatable {
            /// Every step ran and every assert held.
            case rendered
            /// The run failed and wrote this page (`NAME.failed.html`) instead of `NAME.html`.
            case failed(page: String, cause: Failure)
            /// Errors in the lab text (`lab` is its path): nothing was run or written. `earlier`:
            /// per format ("html", "md"), the page an earlier run left (`NAME.html`), if any.
            case textErrors(count: Int, lab: String, earlier: [String: String] = [:])
        }

        /// What made a run fail, the first of these that happened.
        public enum Failure: Sendable, Equatable {
            case step, assert, value

            public var phrase: String {
                switch self {
                case .step: "a step failed"
                case .assert: "an assert did not hold"
                case .value: "a value in the prose could not be computed"
                }
            }
        }

        public var title: String
        /// The page's file name without extension (`01-basics`).
        public var name: String
        public var summary: String
        public var status: Status
        /// When it was rendered, UTC (`2026-12-04 22:10 UTC`); nil when it was not.
        public var renderedAt: String?
        /// Conditions that held, of the lab's asserts; those a failed step kept from being
        /// checked count in `assertsTotal` but not in `assertsChecked`.
        public var assertsHeld: Int
        public var assertsChecked: Int
        public var assertsTotal: Int

        public init(title: String, name: String, summary: String, status: Status, renderedAt: String?,
                    assertsHeld: Int, assertsChecked: Int, assertsTotal: Int) {
            self.title = title
            self.name = name
            self.summary = summary
            self.status = status
            self.renderedAt = renderedAt
            self.assertsHeld = assertsHeld
            self.assertsChecked = assertsChecked
            self.assertsTotal = assertsTotal
        }

        /// One line: "rendered 2026-12-04 22:10 UTC · asserts held (3 of 3)".
        public var statusLine: String {
            switch status {
            case .rendered:
                return "rendered \(renderedAt ?? "") · \(asserts)"
            case .failed(_, let cause):
                return "failed \(renderedAt ?? ""): \(cause.phrase) · \(asserts)"
            case .textErrors(let count, let lab, let earlier):
                return "not rendered: \(count) error\(count == 1 ? "" : "s") in the lab text (run 'labrun lint \(lab)' to see \(count == 1 ? "it" : "them"))"
                    + (earlier.isEmpty ? "" : "; the link opens the page of an earlier run")
            }
        }

        /// "asserts held (2 of 3)", "asserts held (0 of 3; 3 not checked)", "no asserts".
        private var asserts: String {
            guard assertsTotal > 0 else { return "no asserts" }
            let unchecked = assertsTotal - assertsChecked
            return "asserts held (\(assertsHeld) of \(assertsTotal)\(unchecked > 0 ? "; \(unchecked) not checked" : ""))"
        }
    }

    public var title: String
    public var chapters: [Chapter]
    public var footer: String?

    public init(title: String, chapters: [Chapter], footer: String? = nil) {
        self.title = title
        self.chapters = chapters
        self.footer = footer
    }

    public var html: String {
        let title = Escape.html(self.title)
        var body = """
            <header class="page-header"><div class="header-inner"><p class="kicker">Course</p><h1>\(title)</h1></div></header>
            <div class="layout no-toc">
            <main id="content">
            <ol class="chapters">

            """
        for chapter in chapters {
            let failed: Bool
            let page: String
            switch chapter.status {
            case .rendered: (failed, page) = (false, "\(chapter.name).html")
            case .failed(let failedPage, _): (failed, page) = (true, failedPage)
            case .textErrors(_, _, let earlier): (failed, page) = (true, earlier["html"] ?? "")
            }
            let heading = page.isEmpty ? Escape.html(chapter.title)
                : "<a href=\"\(Escape.html(page))\">\(Escape.html(chapter.title))</a>"
            body += "<li><h2>\(heading)</h2>"
            if !chapter.summary.isEmpty { body += "<p class=\"summary\">\(Escape.html(chapter.summary))</p>" }
            body += "<p class=\"status\(failed ? " failed" : "")\">\(Escape.html(chapter.statusLine))</p></li>\n"
        }
        body += "</ol>\n</main>\n</div>\n"
        if let footer, !footer.isEmpty { body += "<footer class=\"page-footer\"><p>\(Escape.html(footer))</p></footer>\n" }
        let styles = [PageStyle.css, CourseStyle.css]
        let policy = ContentSecurityPolicy(scripts: [], styles: styles,
                                           styleAttributes: ContentSecurityPolicy.styleAttributes(in: body))
        return PageHead.html(title: title, policy: policy, styles: styles) + body + "</body>\n</html>\n"
    }

    /// The Markdown twin: the title, then one list item per chapter.
    public var markdown: String {
        var parts = ["# " + Escape.markdown(title)]
        let items = chapters.map { chapter -> String in
            var link = Escape.markdown(chapter.title)
            switch chapter.status {
            case .rendered: link = "[\(link)](\(chapter.name).md)"
            case .failed(let page, _): link = "[\(link)](\((page as NSString).deletingPathExtension).md)"
            case .textErrors(_, _, let earlier): if let page = earlier["md"] { link = "[\(link)](\(page))" }
            }
            let summary = chapter.summary.isEmpty ? "" : ": " + Escape.markdown(chapter.summary)
            return "1. **\(link)**\(summary)  \n   " + Escape.markdown(chapter.statusLine)
        }
        parts.append(items.joined(separator: "\n"))
        if let footer, !footer.isEmpty { parts.append("---\n\n<sub>\(Escape.html(footer))</sub>") }
        return parts.joined(separator: "\n\n") + "\n"
    }
}
