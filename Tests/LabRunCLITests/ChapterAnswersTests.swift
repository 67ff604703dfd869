import Foundation
import Testing

/// Issue 14's check: in a fresh clone (no `Data/`, no `.labrun/`), the chapter's answers are
/// graded from the committed lock file, every one of them, and nothing lands in the temp folder.
@Suite(.serialized) struct ChapterAnswersTests {
    /// A folder holding only the chapter and its lock file, and an empty TMPDIR to watch.
    static func freshClone(_ chapter: String = "03-quantization") throws -> URL {
        let dir = LabrunBinary.packageRoot.appendingPathComponent(".build/answers-clone-\(UUID().uuidString)")
        let labs = dir.appendingPathComponent("Labs")
        try FileManager.default.createDirectory(at: labs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        for file in ["\(chapter).md", "\(chapter).lab.lock"] {
            try FileManager.default.copyItem(at: LabrunBinary.packageRoot.appendingPathComponent("Labs/\(file)"),
                                             to: labs.appendingPathComponent(file))
        }
        return dir
    }

    /// The right answers, from the quizzes' results in the lock file, some written as people write them.
    static func rightAnswers(in dir: URL) throws -> [String: String] {
        var answers = try lockedAnswers(in: dir, chapter: "03-quantization")
        answers["cnn-params"] = "12,810"
        answers["bytes-per-weight"] = "100 KB"
        answers["zero-point"] = "\u{2212}27"
        answers["error-driver"] = "(b)"
        return answers
    }

    /// Each quiz answer as the lock file records it.
    static func lockedAnswers(in dir: URL, chapter: String) throws -> [String: String] {
        let lock = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("Labs/\(chapter).lab.lock")))
        var answers: [String: String] = [:]
        for step in (lock as? [String: Any])?["steps"] as? [[String: Any]] ?? [] where step["step"] as? String == "quiz" {
            let fields = (step["result"] as? [String: Any])?["fields"] as? [[Any]] ?? []
            let record = fields.first { $0.first as? String == "answers" }?.last as? [String: Any]
            for pair in record?["record"] as? [[Any]] ?? [] {
                guard let id = pair.first as? String, let value = pair.last else { continue }
                let data = try JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed)
                answers[id] = String(decoding: data, as: UTF8.self)  // JSON scalars are YAML too
            }
        }
        return answers
    }

    static func write(_ answers: [String: String], to url: URL) throws {
        let text = answers.keys.sorted().map { "\($0): \(answers[$0]!)" }.joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func allRightAnswersPassFromTheLockFileAndOneWrongFails() throws {
        let dir = try Self.freshClone()
        defer { try? FileManager.default.removeItem(at: dir) }
        var answers = try Self.rightAnswers(in: dir)
        #expect(answers.count == 13)
        try Self.write(answers, to: dir.appendingPathComponent("right.yaml"))
        let arguments = ["answers", "Labs/03-quantization.md", "--data-dir", dir.appendingPathComponent("Data").path]
        let env = ["TMPDIR": dir.appendingPathComponent("tmp").path]
        let right = try LabrunBinary.run(arguments + ["--answers", "right.yaml"], in: dir, environment: env)
        #expect(right.status == 0, "\(right.stdout)\n\(right.stderr)")
        #expect(right.stdout.hasPrefix("note: #baseline, "))
        #expect(right.stdout.contains(" could not run here, so their values come from Labs/03-quantization.lab.lock; "))
        #expect(right.stdout.hasSuffix("\nScore: 13 of 13 right\n"))
        #expect(right.stdout.contains("✓ cnn-params: 12,810 (read as 12810) is right; expected 12810, exactly\n"))

        answers["cnn-params"] = "12 811"
        try Self.write(answers, to: dir.appendingPathComponent("wrong.yaml"))
        let wrong = try LabrunBinary.run(arguments + ["--answers", "wrong.yaml"], in: dir, environment: env)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("✗ cnn-params: 12 811 (read as 12811) is not right; expected 12810, exactly\n"))
        #expect(wrong.stdout.hasSuffix("\nScore: 12 of 13 right, 1 wrong\n"))

        let frozen = try LabrunBinary.run(arguments + ["--answers", "right.yaml", "--frozen"], in: dir, environment: env)
        #expect(frozen.status == 0)
        #expect(frozen.stdout.hasPrefix("note: every value comes from Labs/03-quantization.lab.lock (--frozen)\n"))

        // Nothing in the temp folder, no scratch folder left beside the cache.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("tmp").path) == [])
        let cache = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".labrun").path)
        #expect(!cache.contains { $0.hasPrefix("answers-") })
    }

    @Test func thePruningChapterGradesEveryQuestionFromItsLockFile() throws {
        let dir = try Self.freshClone("04-pruning")
        defer { try? FileManager.default.removeItem(at: dir) }
        let answers = try Self.lockedAnswers(in: dir, chapter: "04-pruning")
        #expect(answers.keys.sorted() == ["download", "file-size", "halfway", "int8-zero", "speed", "zeros-kept"])
        try Self.write(answers, to: dir.appendingPathComponent("right.yaml"))
        let run = try LabrunBinary.run(["answers", "Labs/04-pruning.md", "--answers", "right.yaml",
                                        "--data-dir", dir.appendingPathComponent("Data").path], in: dir)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("✓ halfway: 70 "))
        #expect(run.stdout.hasSuffix("\nScore: 6 of 6 right\n"))

        // The template shows the questions as the page does: values from the lock file, no `{{`.
        let template = try LabrunBinary.run(["answers", "Labs/04-pruning.md", "--template",
                                             "--data-dir", dir.appendingPathComponent("Data").path], in: dir)
        #expect(template.status == 0)
        #expect(template.stdout.contains("\n# The first convolution has 144 kernel weights. How many of them are non-zero after pruning it to 75%?\nzeros-kept: ~\n"))
        #expect(!template.stdout.contains("{{"))
    }

    @Test func aDamagedLockFileLeavesTheTemplatesQuestionsAsWrittenAndSaysWhy() throws {
        let dir = try Self.freshClone("04-pruning")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{".write(to: dir.appendingPathComponent("Labs/04-pruning.lab.lock"), atomically: true, encoding: .utf8)
        let template = try LabrunBinary.run(["answers", "Labs/04-pruning.md", "--template",
                                             "--data-dir", dir.appendingPathComponent("Data").path], in: dir)
        #expect(template.status == 0)
        #expect(template.stdout.contains("\n# The first convolution has {{ p75.layers[0].count | int }} kernel weights."))
        #expect(template.stderr.hasPrefix("warning: "))
        #expect(template.stderr.hasSuffix("; the questions keep their {{ }} source text (hint: run 'labrun Labs/04-pruning.md' to record the lock file again)\n"))
        #expect(!template.stderr.contains("error:"))
    }

    @Test func withoutALockFileTheQuestionsThatCannotBeComputedAreNamed() throws {
        let dir = try Self.freshClone()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Labs/03-quantization.lab.lock"))
        try "zero-point: -27\n".write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let run = try LabrunBinary.run(["answers", "Labs/03-quantization.md", "--answers", "mine.yaml",
                                        "--data-dir", dir.appendingPathComponent("Data").path], in: dir)
        #expect(run.status == 1)
        #expect(run.stdout.contains("! cnn-params: cannot be graded\n    its answer could not be computed: "))
        #expect(run.stdout.hasSuffix("Score: 1 of 13 right, 4 unanswered, 8 could not be graded\n"))
    }
}
