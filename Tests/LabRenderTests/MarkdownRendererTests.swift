import Foundation
import LabDocument
import Testing
@testable import LabRender

@Suite struct MarkdownRendererTests {
    let rendered = MarkdownRenderer.render(SampleLab.input, filesDirectoryName: "sample_files")
    var markdown: String { rendered.markdown }

    @Test func aStaleResultCarriesAWarningFirst() {
        var input = SampleLab.input
        input.stale = ["sizes": "'epochs' changed (5 → 3)"]
        let (markdown, _) = MarkdownRenderer.render(input, filesDirectoryName: "sample_files")
        #expect(markdown.contains("> [!WARNING]\n> **Stale:** 'epochs' changed (5 → 3)\n\n```yaml\n# lab table #sizes"))
        input.stale["hidden"] = "'bits' changed (8 → 4)"  // a `show: none` step is named at the top only
        let (both, _) = MarkdownRenderer.render(input, filesDirectoryName: "sample_files")
        #expect(both.contains("> [!WARNING]\n> **Stale:** 2 results on this page are not up to date with the lab: #sizes, #hidden."))
        #expect(!both.contains("'bits' changed"))
    }

    @Test func proseComesBackAsMarkdown() {
        #expect(markdown.hasPrefix("# Quantization \\<lab\\>\n\nFloat32 weights & activations take **4 bytes** each; *int8* takes one."))
        #expect(markdown.contains("[LiteRT](https://ai.google.dev/edge/litert \"LiteRT\"), `tf.lite.Optimize`, and ~~magic~~."))
        #expect(markdown.contains("A line break follows:\\\na \\| pipe, \\$5 and \\*stars\\*."))
        #expect(markdown.contains("3. Train the model.\n4. Convert it.\n\n   - float16"))
        #expect(markdown.contains("- [x] Done\n\n- [ ] Not yet"))
        #expect(markdown.contains("> Quantization is lossy."))
    }

    @Test func mathKeepsDollarDelimiters() {
        #expect(markdown.contains("A real value is $r = S(q - Z)$ with scale $S$."))
        #expect(markdown.contains("$$\nS = \\frac{r_{max} - r_{min}}{2^b - 1} < 1\n$$"))
    }

    @Test func tablesArePipeTablesWithAlignment() {
        #expect(markdown.contains("| Type | Bytes |\n| :--- | ---: |\n| `float32` | 4 |\n| a\\|b | 1 |"))
        #expect(markdown.contains("| variant | size \\| KB |\n| :--- | ---: |\n| float32 | 400.5 |"))
    }

    @Test func figuresAreFilesLinkedByDirectiveIdAndIndex() throws {
        #expect(markdown.contains("![Model size](sample_files/sizes-1.svg)\n\n*Smaller is better.*"))
        #expect(markdown.contains("![Weights](sample_files/curves-4.svg)"))
        let svg = String(decoding: try #require(rendered.files["sizes-1.svg"]), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\""))
        #expect(svg.contains("width=\"640\" height=\"360\"><style>"))
        #expect(svg.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"))
        #expect(!svg.contains("var(--"))  // a file on its own has no page variables to draw on
        let png = try #require(rendered.files["mnist-1.png"])
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(markdown.contains("Labels, row by row: 0 1 · 2 3"))
    }

    @Test func quizAnswersAreFoldedAway() {
        #expect(markdown.contains("""
            2. `q2` Which variant is smallest?
               - (a) float32
               - (b) float16
               - (c) int8 \\<full\\>

            <details><summary>Answers</summary>

            1. **Answer: 1 bytes**. 8 bits are one byte.
            """))
    }

    @Test func checksErrorsAndSkipsReadOnTheirOwn() {
        #expect(markdown.contains("- ✗ **failed** `int8.size_kb < 50`: left = 104.9, right = 50\n"))  // locations are for the console
        #expect(markdown.contains("> [!CAUTION]\n> **This step failed** at `Labs/sample.md:72:8`\n>\n> out of memory while training\n> batch 12"))
        #expect(markdown.contains("> [!NOTE]\n> **Skipped:** it needs 'broken', which failed"))
    }

    @Test func explorerShowsTheInitialViewAndAllFacts() {
        #expect(markdown.contains("| Bits | levels | max error |\n| :--- | ---: | ---: |\n| 2 bits | 4 | 0.25 |"))
        #expect(markdown.contains("![8-bit staircase](sample_files/bits-1.svg)"))
    }

    @Test func artifactsAreLinked() {
        #expect(markdown.contains("Files: [`sample_files/model_int8.cc`](sample_files/model_int8.cc), "
            + "[`sample_files/model int8.tflite`](<sample_files/model int8.tflite>)"))
    }

    @Test func hiddenAndUnrunDirectivesLeaveNothing() {
        #expect(!markdown.contains("you never see this"))
        #expect(!markdown.contains("\n\n\n"))
    }

    @Test func theTitleIsAddedWhenTheProseHasNoLevelOneHeading() {
        let doc = Document(path: "a.md", title: "Title *x*", params: Record(),
                           blocks: [Block(.paragraph([.text("Hi")]), at: SourceLocation(file: "a.md", line: 1, column: 1))], diagnostics: [])
        #expect(MarkdownRenderer.render(RenderInput(document: doc), filesDirectoryName: "a_files").markdown == "# Title \\*x\\*\n\nHi\n")
    }

    @Test func codeBlocksGetAFenceLongerThanAnyInside() {
        let doc = Document(path: "a.md", title: "", params: Record(),
                           blocks: [Block(.code(info: "md", text: "```lab train\n```\n"), at: SourceLocation(file: "a.md", line: 1, column: 1))],
                           diagnostics: [])
        #expect(MarkdownRenderer.render(RenderInput(document: doc), filesDirectoryName: "a_files").markdown
            == "````md\n```lab train\n```\n````\n")
    }
}
