import Foundation
import Testing
@testable import LabRunCLI
@testable import LabRunner
import LabDocument
import LabRender

/// The lab format's promises, as `labrun` keeps them on the command line.
@Suite struct LabFormatCommandTests {
    @Test func eachMistakeFailsLintAtItsPlace() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #b2
            distribution: {std: "0.05x", count: 100}
            ```

            ```lab train #t
            model:
              - conv2d: {filters: 0, kernel: 3}
              - dense: {units: ten}
              - pool
            ```

            ```lab quantize #tab
            values: [1]
            \tbits: 4
            ```

            Error {{ b2.rmse }}, scale {{ b2.scale | pct }}.
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["lint", "lab.md"], in: dir)
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("  hint:") }
        #expect(lines == [
            "lab.md:2:22: error: 'distribution.std' must be a number ≥ 0, got \"0.05x\"",
            "lab.md:7:23: error: layer 1 (conv2d): 'filters' must be an integer from 1 to 1000000, got 0",
            "lab.md:8:20: error: layer 2 (dense): 'units' must be an integer from 1 to 1000000, got \"ten\"",
            "lab.md:9:5: error: layer 3: unknown layer kind 'pool'",
            "lab.md:14:1: error: a tab cannot indent YAML; use spaces",
            "lab.md:17:13: error: 'b2' (quantize) has no result field 'rmse' (did you mean 'max_error'?)",
            "lab.md:17:42: error: unknown filter 'pct' (did you mean 'percent'?)",
            "7 errors in lab.md; nothing was run.",
        ])
    }

    static let comparing = """
        ---
        title: Which is larger
        params:
          wide: 1
        ---
        ```lab quantize #fine
        range: [-1, 1]
        values: [0.3, 0.7]
        bits: 8
        ```

        ```lab quantize #coarse
        range: [-1, 1]
        values: [0.3, 0.7]
        bits: 4
        caption: "Largest error {{ coarse.max_error | fixed(3) }}"
        ```

        Eight bits are {{ fine.max_error <= coarse.max_error | choose("at least as precise as", "less precise than") }} four.

        <!-- lab if: fine.max_error <= coarse.max_error -->
        More bits, smaller steps.
        <!-- lab else -->
        Fewer bits won this time.
        <!-- lab end -->
        """

    @Test func proseFollowsWhichResultIsLarger() throws {
        let dir = try LabrunBinary.scratch(lab: Self.comparing)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 0)
        let asWritten = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(asWritten.contains("Eight bits are at least as precise as four."))
        #expect(asWritten.contains("More bits, smaller steps.") && !asWritten.contains("Fewer bits"))
        #expect(!asWritten.contains("lab if") && !asWritten.contains("{{"))
        #expect(asWritten.contains("*Largest error 0.033*"))
        let html = try String(contentsOf: dir.appendingPathComponent("Output/lab.html"), encoding: .utf8)
        #expect(html.contains("Largest error 0.033") && !html.contains("{{"))

        #expect(try LabrunBinary.run(["lab.md", "-q", "--set", "fine.bits=2"], in: dir).status == 0)
        let changed = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(changed.contains("Eight bits are less precise than four."))
        #expect(changed.contains("Fewer bits won this time.") && !changed.contains("More bits"))
    }

    /// On GitHub the markers are comments: both branches read as plain paragraphs.
    @Test func theSourceStillReadsAsMarkdown() {
        let document = Document.parse(text: Self.comparing, path: "lab.md")
        let plain = MarkdownRenderer.render(RenderInput(document: document), filesDirectoryName: "f").markdown
        #expect(plain.contains("More bits, smaller steps.\n\nFewer bits won this time."))
        #expect(Self.comparing.contains("<!-- lab if: fine.max_error <= coarse.max_error -->\nMore bits"))
    }

    /// A page links only the files that are there (a `--frozen` render writes no models).
    @Test func filesThatAreNotWrittenAreNotLinked() throws {
        let dir = try LabrunBinary.scratch(lab: "# T\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("here.tflite"))
        var result = StepResult()
        result.artifacts = ["here.tflite", "gone.tflite"]
        let document = Document.parse(text: "# T\n", path: "lab.md")
        let report = LabRun.Report(results: ["m": result], values: [:], failures: [], records: [:], explanations: [])
        let plan = Planner().plan(document)
        let input = RenderInput(plan: plan, document: document, report: report, filesDirectory: "lab_files", artifactsDirectory: dir)
        #expect(input.results["m"]?.artifacts == ["lab_files/here.tflite"])
    }
}
