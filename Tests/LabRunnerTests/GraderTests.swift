import LabDocument
import Testing
@testable import LabRunner

/// `labrun answers` reads typed answers by the shared table (the page's script is held to the
/// same table in LabRenderTests).
@Suite struct GraderTests {
    @Test func theTableIsThere() {
        #expect(AnswerRule.all.count > 50)
    }

    @Test(arguments: AnswerRule.all)
    func typedAnswersFollowTheSharedTable(_ rule: AnswerRule) {
        let (right, _, _) = Grader.check(rule.question, .string(rule.input))
        #expect(right == rule.accepted, "\(rule.why)")
    }

    @Test func yamlNumbersAndBooleansAreAnswersToo() {
        let numeric = Question(id: "n", prompt: "?", answer: .numeric(-27, tolerance: 0, unit: ""), explanation: "")
        #expect(Grader.check(numeric, .number(-27)).right)
        let yesNo = Question(id: "c", prompt: "?", choices: ["yes", "no"], answer: .choice(1), explanation: "")
        #expect(Grader.check(yesNo, .bool(false)).right)
        #expect(!Grader.check(yesNo, .bool(true)).right)
        #expect(Grader.check(yesNo, .number(1)).right)
    }

    @Test func unknownIDsComeFirstWithASuggestionAndFail() {
        let q = Question(id: "zero-point", prompt: "Z?", answer: .numeric(-27, tolerance: 0, unit: ""), explanation: "Z = -27.")
        var answers = Record()
        answers["zero-piont"] = .number(-27)
        let report = Grader.grade([q], answers: answers)
        #expect(report.unknown == [.init(id: "zero-piont", suggestion: "zero-point")])
        #expect(!report.passed)
        #expect(report.text == """
            ? zero-piont: no question has this id (did you mean 'zero-point'?)

            ✗ zero-point: no answer; expected -27, exactly
                Z = -27.

            Score: 0 of 1 right, 1 unanswered, 1 unknown id
            """)
    }

    @Test func aRightAnswerShowsHowItWasReadAndTheExplanation() {
        let q = Question(id: "kb", prompt: "KB?", answer: .numeric(12810, tolerance: 0, unit: "KB"), explanation: "Because.")
        var answers = Record()
        answers["kb"] = .string("12 810 KB")
        let report = Grader.grade([q], answers: answers)
        #expect(report.passed)
        #expect(report.text == """
            ✓ kb: 12 810 KB (read as 12810) is right; expected 12810 KB, exactly
                Because.

            Score: 1 of 1 right
            """)
    }

    @Test func anUnreadableAnswerIsWrongAndSaysWhy() {
        let q = Question(id: "p", prompt: "?", choices: ["x", "y"], answer: .choice(0), explanation: "")
        var answers = Record()
        answers["p"] = .string("z")
        let item = Grader.grade([q], answers: answers).questions[0]
        #expect(item.verdict == .wrong)
        #expect(item.note == "not one of the choices (write its letter, e.g. b, or its text)")
    }

    @Test func aQuestionThatCannotBeGradedIsListedNotDropped() {
        let report = Grader.grade([], ungradable: [.init(id: "cnn-params", prompt: "How many?", reason: "no data")],
                                  answers: Record([("cnn-params", .number(12810))]))
        #expect(report.unknown.isEmpty)
        #expect(!report.passed)
        #expect(report.text.hasSuffix("! cnn-params: cannot be graded\n    no data\n\nScore: 0 of 1 right, 1 could not be graded"))
    }
}
