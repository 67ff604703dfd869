import Foundation
import Testing

/// `labrun answers` as a student runs it (issue 14).
@Suite(.serialized) struct AnswersCommandTests {
    static let lab = """
        ```lab quantize #w
        range: [-1.5, 2.3]
        values: [0.5]
        ```

        ```lab quiz
        - id: zero-point
          question: Zero point?
          answer: w.zero_point
          explanation: "z = round(-128 - (-1.5)/s)."
        - id: size
          question: How many KB?
          answer: 12810
          unit: KB
        - id: pick
          question: Which?
          choices: [small, wide, none]
          answer: 1
          explanation: "(b): a wider range means larger steps."
        ```
        """

    func grade(_ answers: String, _ extra: [String] = []) throws -> LabrunBinary.Run {
        let dir = try LabrunBinary.scratch(lab: Self.lab)
        defer { try? FileManager.default.removeItem(at: dir) }
        try answers.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        return try LabrunBinary.run(["answers", "lab.md", "--answers", "mine.yaml"] + extra, in: dir)
    }

    @Test func writtenFormsOfTheRightValueAreAccepted() throws {
        for (zero, size) in [("−27", "12,810"), ("-27", "12 810"), ("-27.0", "12810 KB"), ("\"-27\"", "12\u{202F}810 KB")] {
            let run = try grade("zero-point: \(zero)\nsize: \(size)\npick: (b)\n")
            #expect(run.status == 0, "\(zero), \(size): \(run.stdout)")
            #expect(run.stdout.hasSuffix("Score: 3 of 3 right\n"))
        }
    }

    @Test func everyQuestionIsReportedWithItsExpectedValueAndExplanation() throws {
        let run = try grade("zero-point: -26\nsize: 12,81\npick: b\n")
        #expect(run.status == 1)
        #expect(run.stdout == """
            ✗ zero-point: -26 is not right; expected -27, exactly
                z = round(-128 - (-1.5)/s).
            ✗ size: 12,81 (read as 12.81) is not right; expected 12810 KB, exactly
            ✓ pick: b (read as (b) wide) is right; expected (b) wide
                (b): a wider range means larger steps.

            Score: 1 of 3 right, 2 wrong

            """)
    }

    @Test func anIDTypoIsReportedFirstWithASuggestion() throws {
        let run = try grade("zero-piont: -27\nsize: 12810\npick: wide\n")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("? zero-piont: no question has this id (did you mean 'zero-point'?)\n\n✗ zero-point: no answer"))
    }

    @Test func aBrokenAnswersFileIsOnePlainLineAnd64() throws {
        let cases: [(String?, String)] = [
            ("", "error: mine.yaml: the file is empty (hint: 'labrun answers LAB.md --template > mine.yaml' writes one to fill in)\n"),
            ("zero-point: [1, 2\nsize: 3\n", "mine.yaml:2:5: error: invalid YAML: did not find expected ',' or ']' "
                + "(hint: while parsing a flow sequence that starts at 1:13)\n"),
            ("these are my answers\n", "error: mine.yaml: expected lines of 'question-id: answer', found a string "
                + "(hint: this is not an answers file; 'labrun answers LAB.md --template > mine.yaml' writes one to fill in)\n"),
        ]
        for (text, message) in cases {
            let run = try grade(text ?? "")
            #expect(run.status == 64)
            #expect(run.stderr == message)
            #expect(run.stdout == "")
        }
        let dir = try LabrunBinary.scratch(lab: Self.lab)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try LabrunBinary.run(["answers", "lab.md", "--answers", "nope.yaml"], in: dir)
        #expect(missing.status == 64)
        #expect(missing.stderr == "error: nope.yaml: no such file\n")
    }

    @Test func jsonCarriesTheSameReport() throws {
        let run = try grade("zero-point: -27\nsize: 1\n", ["--json"])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        #expect(report["right"] as? Int == 1)
        let verdicts = (report["questions"] as? [[String: Any]])?.compactMap { $0["verdict"] as? String }
        #expect(verdicts == ["right", "wrong", "unanswered"])
    }

    @Test func theTemplateListsEveryQuestion() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["answers", "lab.md", "--template"], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout == """
            # Answers for lab.md. Replace each ~ with your answer, then run
            #   labrun answers lab.md --answers FILE
            # Numbers: 12810, 12,810, 0.5 or -27, with the unit if you like (100 KB).
            # Choices: the letter, e.g. b, or the choice's text.

            # Zero point?
            zero-point: ~

            # How many KB? (in KB)
            size: ~

            # Which?
            #   (a) small
            #   (b) wide
            #   (c) none
            pick: ~

            """)
        // Filled in as it is, every question is unanswered: exit 1, no error about the file.
        try run.stdout.write(to: dir.appendingPathComponent("blank.yaml"), atomically: true, encoding: .utf8)
        let blank = try LabrunBinary.run(["answers", "lab.md", "--answers", "blank.yaml"], in: dir)
        #expect(blank.status == 1)
        #expect(blank.stdout.hasSuffix("Score: 0 of 3 right, 3 unanswered\n"))
    }
}
