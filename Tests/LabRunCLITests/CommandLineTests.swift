import Foundation
import Testing

/// The `labrun` binary end to end: exit codes, messages, files written (or not).
@Suite(.serialized) struct CommandLineTests {
    @Test func fiveMistakesAreAllReportedAndNothingIsWritten() throws {
        let dir = try LabrunBinary.scratch(lab: """
            # Five mistakes

            ```lab quantise #a
            values: [1]
            ```

            ```lab quantize #b
            values: [1, 2
            ```

            ```lab quantize #c
            values: [0.5]
            bits: eight
            ```

            ```lab export #d
            model: nothere
            ```

            The answer is {{ nosuch.value }}.
            """)
        let run = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr == """
            lab.md:3:1: error: unknown step 'quantise' (did you mean 'quantize'?)
            lab.md:9:1: error: a list in [ ] is not closed (it starts at line 8)
              hint: end the list with ']' and separate items with ','
            lab.md:13:7: error: 'bits' must be an integer from 2 to 16, got "eight"
            lab.md:17:8: error: 'model' refers to 'nothere', but no directive has that id
            lab.md:20:18: error: unknown name 'nosuch'
              hint: names are directive ids or params.NAME
            5 errors in lab.md; nothing was run.

            """)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output").path))
    }

    @Test func aGoodLabRendersBothFormats() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ---
            title: Small lab
            ---
            ```lab quantize #w
            range: [-1.5, 2.3]
            values: [0.5]
            ```

            Zero point {{ w.zero_point }}, and 0.5 becomes {{ w.q[0] }}.
            """)
        let run = try LabrunBinary.run(["lab.md", "--quiet"], in: dir)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let md = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(md.contains("Zero point -27, and 0.5 becomes 7."))
        let html = try String(contentsOf: dir.appendingPathComponent("Output/lab.html"), encoding: .utf8)
        #expect(html.contains("<title>Small lab</title>"))
    }

    @Test func aFailedAssertExitsOneAfterRendering() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #w
            values: [0.42]
            scale: 0.025
            zero_point: 0
            ```

            ```lab assert
            - w.q[0] == 18
            ```
            """)
        let run = try LabrunBinary.run(["lab.md", "--quiet"], in: dir)
        #expect(run.status == 1)
        // The page is rendered as a failure page; there was no good page to keep.
        let failed = dir.appendingPathComponent("Output/lab.failed.html").path
        #expect(run.stderr.hasPrefix("lab.md:8: assert failed: w.q[0] == 18 (left = 17, right = 18)\nthe run failed: wrote "))
        #expect(FileManager.default.fileExists(atPath: failed))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.html").path))
    }

    @Test func badCommandLinesExit64() throws {
        let dir = try LabrunBinary.scratch(lab: "---\nparams:\n  epochs: 5\n---\n# x\n")
        let unknownParam = try LabrunBinary.run(["lab.md", "--set", "epoch=3"], in: dir)
        #expect(unknownParam.status == 64)
        #expect(unknownParam.stderr.contains("--set epoch: the lab has no parameter 'epoch' (did you mean 'epochs'?)"))
        let missing = try LabrunBinary.run(["missing.md"], in: dir)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no such lab file: 'missing.md'"))
        let format = try LabrunBinary.run(["lab.md", "--format", "pdf"], in: dir)
        #expect(format.status == 64)
        #expect(format.stderr.contains("--format: unknown format 'pdf' (known: html, md)"))
    }

    @Test func answersAreGraded() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #w
            range: [-1.5, 2.3]
            values: [0.5]
            ```

            ```lab quiz
            - id: zp
              question: Zero point?
              answer: w.zero_point
            - id: q
              question: q of 0.5?
              answer: w.q[0]
            - id: pick
              question: Which?
              choices: [a, b, c]
              answer: 2
            ```
            """)
        try "zp: -27\nq: 7\npick: c\n".write(to: dir.appendingPathComponent("right.yaml"), atomically: true, encoding: .utf8)
        try "zp: -26\nq: 7\npick: 0\n".write(to: dir.appendingPathComponent("wrong.yaml"), atomically: true, encoding: .utf8)
        let right = try LabrunBinary.run(["answers", "lab.md", "--answers", "right.yaml"], in: dir)
        #expect(right.status == 0)
        #expect(right.stdout.hasSuffix("Score: 3 of 3 right\n"))
        let wrong = try LabrunBinary.run(["answers", "lab.md", "--answers", "wrong.yaml"], in: dir)
        #expect(wrong.status == 1)
        #expect(wrong.stdout == """
            ✗ zp: -26 is not right; expected -27, exactly
            ✓ q: 7 is right; expected 7, exactly
            ✗ pick: 0 (read as (a) a) is not right; expected (c) c

            Score: 1 of 3 right, 2 wrong

            """)
    }
}
