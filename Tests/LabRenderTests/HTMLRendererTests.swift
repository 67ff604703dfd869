import Foundation
import LabDocument
import Testing
@testable import LabRender
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct HTMLRendererTests {
    let page = HTMLRenderer.render(SampleLab.input)

    /// Every `id="…"` on the page.
    var ids: [String] {
        page.components(separatedBy: " id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test func pageIsSelfContained() {
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>Quantization &lt;lab&gt;</title>"))
        for remote in ["http://", "https://", "<link", "@import", "url("] {
            let uses = page.components(separatedBy: remote).count - 1
            // The only remote address is the author's own link in the prose, and the SVG namespace name.
            let allowed = remote == "https://" ? 1 : remote == "http://" ? page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1 : 0
            #expect(uses == allowed, "\(remote)")
        }
        #expect(page.contains("<img src=\"data:image/png;base64,iVBORw==\" alt=\"pipeline\">"))
        #expect(page.contains("prefers-color-scheme:dark"))
    }

    @Test func idsAreUniqueAndTheContentsLinkToThem() {
        #expect(Set(ids).count == ids.count)
        #expect(page.contains("<nav class=\"toc\" aria-label=\"Contents\"><p class=\"toc-title\">Contents</p><ol>"
            + "<li><a href=\"#the-affine-map\">The affine map</a><ol><li><a href=\"#steps\">Steps</a></li></ol></li>"
            + "<li><a href=\"#results\">Results</a></li><li><a href=\"#results-2\">Results</a></li></ol></nav>"))
        #expect(page.contains("<h2 id=\"results-2\">Results</h2>"))
    }

    /// A lab without `##` headings has no contents, so the page keeps no empty column for them.
    @Test func noContentsColumnWithoutContents() {
        let plain = Document.parse(text: "# Title\n\nJust prose.\n", path: "lab.md")
        let page = HTMLRenderer.render(RenderInput(document: plain))
        #expect(page.contains("<div class=\"layout no-toc\">"))
        #expect(!page.contains("<nav class=\"toc\""))
        #expect(self.page.contains("<div class=\"layout\">"))
        #expect(PageStyle.css.contains(".layout.no-toc{grid-template-columns:minmax(0,46rem)}"))
    }

    @Test func theTitleHeadingIsShownOnceInTheHeader() {
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("<h1>Quantization &lt;lab&gt;</h1>"))
    }

    @Test func mathIsTypesetWithItsTeXKeptEscapedInTheTitle() {
        #expect(page.contains("<span class=\"math\" title=\"r = S(q - Z)\"><i>r</i> = <i>S</i>(<i>q</i> − <i>Z</i>)</span>"))
        #expect(page.contains("<div class=\"math scroll-x\" title=\"S = \\frac{r_{max} - r_{min}}{2^b - 1} &lt; 1\">"))
    }

    @Test func valuesAndTheirErrorsAreInline() {
        #expect(page.contains("reached <span class=\"value\">98.9 %</span>;"))
        #expect(page.contains("<span class=\"value-error\" title=\"Labs/sample.md:9:70: sizes has no field &#39;int8_kb&#39;\">"
            + "⚠ {{ sizes.int8_kb }}: sizes has no field &#39;int8_kb&#39;</span>"))
        #expect(page.contains("⚠ {{ nowhere }}: no value was computed for this expression</span>"))
    }

    @Test func aStaleResultCarriesItsBadgeFirst() {
        var input = SampleLab.input
        input.stale = ["sizes": "'epochs' changed (5 → 3)"]
        #expect(HTMLRenderer.render(input).contains("<p class=\"stale-badge\"><strong>Stale</strong> &#39;epochs&#39; changed (5 → 3)</p>\n"
            + "<pre class=\"directive-source\">"))
        #expect(HTMLRenderer.render(input).contains("<main id=\"content\">\n<p class=\"stale-badge\"><strong>Stale</strong> "
            + "1 result on this page is not up to date with the lab: #sizes.</p>\n"))
        #expect(!page.contains("<p class=\"stale-badge\">"))
    }

    @Test func directivesFollowTheirShowSetting() {
        #expect(!page.contains("you never see this"))
        #expect(!page.contains("step-never-run"))
        #expect(page.contains("<pre class=\"directive-source\"><code class=\"language-yaml\"># lab table #sizes\ncolumns: [variant, size]\n</code></pre>"))
        // The directive's caption comes once, after all of its outputs.
        #expect(page.contains("<p class=\"caption\">Charts of every kind.</p>\n</div>"))
    }

    @Test func resultTablesAlignNumbersRight() {
        #expect(page.contains("<thead><tr><th>variant</th><th class=\"num\">size | KB</th></tr></thead>"))
        #expect(page.contains("<tr><td>float32</td><td class=\"num\">400.5</td></tr>"))
        #expect(page.contains("<figcaption>File sizes.</figcaption>"))
    }

    @Test func quizQuestionsCarryWhatTheScriptChecks() {
        #expect(page.contains("<li class=\"quiz-q\" data-kind=\"numeric\" data-answer=\"1.0\" data-tolerance=\"0.0\" data-unit=\"bytes\">"))
        #expect(page.contains("<li class=\"quiz-q\" data-kind=\"choice\" data-answer=\"2\">"))
        #expect(page.contains("<label><input type=\"radio\" name=\"quiz-q2\" value=\"c\"> <span class=\"letter\">(c)</span> "
            + "<span class=\"choice-text\">int8 &lt;full&gt;</span></label>"))
        #expect(page.contains("<script>var labrunAnswers=(function(){"))
    }

    /// Issue 14: without JavaScript every question still has its answer and explanation behind a
    /// click, and the answer box the script needs stays hidden.
    @Test func everyAnswerIsBehindAClickWithoutJavaScript() {
        let questions = page.components(separatedBy: "<li class=\"quiz-q\"").dropFirst()
        #expect(questions.count == 2)
        for q in questions {
            #expect(q.contains("<p class=\"answer-row\" hidden>"))
            #expect(q.contains("<details class=\"solution\"><summary>Show answer</summary><p><strong>Answer: "))
        }
        #expect(page.contains("<details class=\"solution\"><summary>Show answer</summary><p><strong>Answer: (c) int8 &lt;full&gt;</strong></p>"))
        #expect(page.contains(".quiz [hidden]{display:none}"))
    }

    @Test func errorsAndSkippedStepsAreBoxes() {
        #expect(page.contains("<div class=\"error-box\" role=\"alert\"><p class=\"box-title\">This step failed</p>"
            + "<p><code>Labs/sample.md:72:8</code></p><pre>out of memory while training\nbatch 12</pre></div>"))
        #expect(page.contains("<div class=\"skipped-box\"><p class=\"box-title\">Skipped</p><p>it needs &#39;broken&#39;, which failed</p></div>"))
    }

    @Test func artifactsAreLinked() {
        #expect(page.contains("<p class=\"artifacts\">Files: <a href=\"sample_files/model_int8.cc\"><code>sample_files/model_int8.cc</code></a>, "))
    }

    @Test func aPageWithoutWidgetsHasNoScript() {
        let doc = Document(path: "a.md", title: "T", params: Record(), blocks: [], diagnostics: [])
        let html = HTMLRenderer.render(RenderInput(document: doc))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<nav"))
        #expect(!html.contains("<footer"))
    }

    #if canImport(FoundationXML) || os(macOS)
    @Test func everyFigureIsWellFormedXML() throws {
        var figures: [String] = []
        var rest = Substring(page)
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            figures.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        #expect(figures.count == 19)  // 5 charts twice (wide, narrow), the image grid, the two-column diagram twice (side by side, stacked), 3 explorer views twice
        let files = MarkdownRenderer.render(SampleLab.input, filesDirectoryName: "f").files.filter { $0.key.hasSuffix(".svg") }
        for svg in figures + files.values.map({ String(decoding: $0, as: UTF8.self) }) {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") in \(svg.prefix(200))")
        }
    }
    #endif
}
