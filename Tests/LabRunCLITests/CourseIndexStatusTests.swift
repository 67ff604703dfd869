import Foundation
import Testing

/// `labrun book`: the index's status line for each way a chapter's render can go, the same in
/// HTML and Markdown, with the failure page linked.
@Suite(.serialized) struct CourseIndexStatusTests {
    /// The index with each time shown as TIME.
    static func read(_ page: String, in dir: URL) throws -> String {
        let text = try CourseLab.read(page, in: dir)
        let time = try NSRegularExpression(pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC")
        return time.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "TIME")
    }

    @Test func eachChapterSaysHowItsRenderWentInHTMLAndMarkdown() throws {
        let dir = try CourseLinkTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 01 renders; 02 has a text error; 03's dataset step fails, so its assert is not checked;
        // 04's assert does not hold; 05 has no assert and a value that cannot be computed.
        try CourseLab.write(CourseLinkTests.failing + "\n```lab assert\n- data.train_count > 0\n```\n", "03-failing.md", in: dir)
        try CourseLab.write(CourseLab.chapter(title: "Last steps", prose: "Code {{ fixed.q[0] }} at the end.", expected: 18),
                            "04-last.md", in: dir)
        try CourseLab.write("# Values\n\nOne value {{ 2 * 3 }}. Then more.\n\n```lab quantize #w\nvalues: [1]\nscale: 1\n```\n\nOut of range: {{ w.q[4] }}.\n",
                            "05-values.md", in: dir)
        let run = try CourseLinkTests.book(in: dir)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("03-failing: a step failed; see Output/03-failing.failed.html\n"))
        #expect(run.stderr.contains("04-last: an assert did not hold; see Output/04-last.failed.html\n"))
        #expect(run.stderr.contains("05-values: a value in the prose could not be computed; see Output/05-values.failed.html\n"))

        let html = try Self.read("index.html", in: dir)
        #expect(html.contains("""
            <li><h2><a href="01-first.html">First steps</a></h2><p class="summary">The first chapter opens here.</p>\
            <p class="status">rendered TIME · asserts held (1 of 1)</p></li>
            <li><h2>Broken steps</h2><p class="status failed">not rendered: 1 error in the lab text \
            (run &#39;labrun lint Labs/02-broken.md&#39; to see it)</p></li>
            <li><h2><a href="03-failing.failed.html">Failing steps</a></h2><p class="summary">No data here.</p>\
            <p class="status failed">failed TIME: a step failed · asserts held (0 of 1; 1 not checked)</p></li>
            <li><h2><a href="04-last.failed.html">Last steps</a></h2><p class="summary">Code 17 at the end.</p>\
            <p class="status failed">failed TIME: an assert did not hold · asserts held (0 of 1)</p></li>
            <li><h2><a href="05-values.failed.html">Values</a></h2><p class="summary">One value 6.</p>\
            <p class="status failed">failed TIME: a value in the prose could not be computed · no asserts</p></li>
            """), "\(html)")
        let markdown = try Self.read("index.md", in: dir)
        #expect(markdown.contains("""
            1. **[First steps](01-first.md)**: The first chapter opens here.  
               rendered TIME · asserts held (1 of 1)
            1. **Broken steps**  
               not rendered: 1 error in the lab text (run 'labrun lint Labs/02-broken.md' to see it)
            1. **[Failing steps](03-failing.failed.md)**: No data here.  
               failed TIME: a step failed · asserts held (0 of 1; 1 not checked)
            1. **[Last steps](04-last.failed.md)**: Code 17 at the end.  
               failed TIME: an assert did not hold · asserts held (0 of 1)
            1. **[Values](05-values.failed.md)**: One value 6.  
               failed TIME: a value in the prose could not be computed · no asserts
            """), "\(markdown)")
    }
}
