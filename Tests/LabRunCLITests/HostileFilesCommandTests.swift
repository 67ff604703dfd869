import Foundation
import Testing

/// Hostile lab and answers files end in a located error and a clean exit, never a crash.
@Suite(.serialized) struct HostileFilesCommandTests {
    @Test func invalidUTF8InALabIsExit2AtItsByte() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        var bytes = Data("# Lab\n\nab".utf8)
        bytes.append(0xFF)
        try bytes.write(to: dir.appendingPathComponent("lab.md"))
        let run = try LabrunBinary.run(["lint", "lab.md"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr == "lab.md:3:3: error: the file is not valid UTF-8 (byte 0xFF)\n  hint: save it as UTF-8\n")
    }

    @Test func hugeIntegersAreExit2WithTheirRange() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #q
            values: [1, 2]
            zero_point: 99999999999999999999999
            scale: 0.1
            ```
            """)
        let run = try LabrunBinary.run(["lint", "lab.md"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("lab.md:3:13: error: 'zero_point' must be an integer from -65536 to 65535, got 1e+23\n"))
    }

    @Test func calibrationSamplesSetTooLargeIsExit64() throws {
        let dir = try LabrunBinary.scratch(lab: "---\nparams:\n  calibration_samples: 10\n---\n# Lab\n")
        let run = try LabrunBinary.run(["lint", "lab.md", "--set", "calibration_samples=1e300"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: 'calibration_samples' must be an integer from 1 to 60000, got 1e+300\n"))
    }

    @Test func answersFileProblemsAreOneLineExit64() throws {
        let dir = try LabrunBinary.scratch(lab: "```lab quiz\n- id: a\n  question: One?\n  answer: 1\n```\n")
        try "a: &x 1\nb: *x\n".write(to: dir.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)
        let bomb = try LabrunBinary.run(["answers", "lab.md", "--answers", "bomb.yaml"], in: dir)
        #expect(bomb.status == 64)
        #expect(bomb.stderr == "bomb.yaml:1:4: error: YAML anchors and aliases are not supported in an answers file (&x at line 1) (hint: write the values out in full)\n")
        var bytes = Data("a: 1\nb: ".utf8)
        bytes.append(0xFE)
        try bytes.write(to: dir.appendingPathComponent("bad.yaml"))
        let bad = try LabrunBinary.run(["answers", "lab.md", "--answers", "bad.yaml"], in: dir)
        #expect(bad.status == 64)
        #expect(bad.stderr == "bad.yaml:2:4: error: the file is not valid UTF-8 (byte 0xFE) (hint: save it as UTF-8)\n")
    }

    @Test func directiveSetProblemsAreExit64NamingTheArgument() throws {
        let dir = try LabrunBinary.scratch(lab: "```lab quantize #cnn\nvalues: [1, 2]\nscale: 0.1\nzero_point: 0\n```\n")
        let huge = try LabrunBinary.run(["lint", "lab.md", "--set", "cnn.zero_point=1e300"], in: dir)
        #expect(huge.status == 64)
        #expect(huge.stderr.hasPrefix("Error: --set cnn.zero_point: 'zero_point' must be an integer from -65536 to 65535, got 1e+300\n"))
        let typo = try LabrunBinary.run(["lab.md", "--set", "cnn.zero_pint=3"], in: dir)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("Error: --set cnn.zero_pint: step 'quantize' has no key 'zero_pint' (did you mean 'zero_point'?)\n"))
        let unknownID = try LabrunBinary.run(["lint", "lab.md", "--set", "cn.bits=3"], in: dir)
        #expect(unknownID.status == 64)
        #expect(unknownID.stderr.hasPrefix("Error: --set cn.bits: no directive has the id 'cn' (did you mean 'cnn'?)\n"))
    }
}

