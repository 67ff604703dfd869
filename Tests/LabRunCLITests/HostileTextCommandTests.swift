import Foundation
import Testing

/// Text from lab and answers files reaches the terminal only made visible, and Markdown
/// nested too deep is a located error, not a crash.
@Suite(.serialized) struct HostileTextCommandTests {
    /// ESC, BEL, backspace, CR: none may reach the terminal raw.
    static let rawControls: Set<UInt8> = [0x1B, 0x07, 0x08, 0x0D]

    func expectNoRawControls(_ run: LabrunBinary.Run, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(run.stdout.utf8) + Array(run.stderr.utf8)
        #expect(!bytes.contains(where: Self.rawControls.contains), sourceLocation: sourceLocation)
        #expect(!run.stdout.contains("\u{202E}") && !run.stderr.contains("\u{202E}"), sourceLocation: sourceLocation)
    }

    @Test func answersFileEscapesPrintVisibly() throws {
        let dir = try LabrunBinary.scratch(lab: "```lab quiz\n- id: a\n  question: One?\n  answer: 1\n```\n")
        // YAML's own escapes make real control characters.
        try #"""
            a: "\e[2J1\a\b\r\u202E"
            "zz\e[31m": 3
            """#.write(to: dir.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let run = try LabrunBinary.run(["answers", "lab.md", "--answers", "answers.yaml"], in: dir)
        #expect(run.status == 1)
        expectNoRawControls(run)
        #expect(run.stdout.contains("? zz\\u{1B}[31m: no question has this id\n"))
        #expect(run.stdout.contains("✗ a: \\u{1B}[2J1\\u{7}\\u{8}\\u{D}\\u{202E} is not right; expected 1, exactly\n"))
    }

    @Test func labValuesInErrorsPrintVisibly() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #q
            values: [1, 2]
            scale: "\\e]0;title\\a"
            zero_point: 0
            ```

            ```lab quant\u{1B}[2Jize #r\u{7}\u{8}
            ```
            """)
        let run = try LabrunBinary.run(["lint", "lab.md"], in: dir)
        #expect(run.status == 2)
        expectNoRawControls(run)
        #expect(run.stderr.contains("lab.md:3:9: error: 'scale' must be a number, got \"\\u{1B}]0;title\\u{7}\"\n"))
        #expect(run.stderr.contains("lab.md:7:1: error: unknown step 'quant\\u{1B}[2Jize'\n"))
        #expect(run.stderr.contains("error: invalid id '#r\\u{7}\\u{8}'\n"))
    }

    @Test func commandLineErrorsQuotingASetValuePrintVisibly() throws {
        let dir = try LabrunBinary.scratch(lab: "# Lab\n")
        let run = try LabrunBinary.run(["lint", "lab.md", "--set", "a\u{1B}[2J.b=3"], in: dir)
        #expect(run.status == 64)
        expectNoRawControls(run)
        #expect(run.stderr.hasPrefix("Error: --set a\\u{1B}[2J.b: no directive has the id 'a\\u{1B}[2J'"))
    }

    @Test func markdownNestedTenThousandDeepIsExit2() throws {
        let dir = try LabrunBinary.scratch(lab: "# Lab\n\n" + String(repeating: "> ", count: 10_000) + "x\n")
        let expected = "lab.md:3:129: error: Markdown nests deeper than 64 levels here; flatten the lists or quotes\n1 error in lab.md; nothing was run.\n"
        for arguments in [["lint", "lab.md"], ["lab.md", "--quiet"]] {
            let run = try LabrunBinary.run(arguments, in: dir)
            #expect(run.status == 2)
            #expect(run.stderr == expected)
        }
    }
}
