import Foundation
import LabDocument
import Testing
@testable import LabRunner

@Suite struct EvaluateStepTests {
    @Test func accuracySizeAndReductionMatchLiteRT() throws {
        let root = try ModelStepFixture.temporaryDirectory("evaluate")
        defer { try? FileManager.default.removeItem(at: root) }
        try ModelStepFixture.writeMNIST(under: root)
        let models = ["f32", "int8_uint8", "dynamic"]
        let context = try ModelStepFixture.context(models: models, root: root)
        let params = DataStepFixture.parameters(EvaluateStep.self, [("models", .list(models.map(Value.string)))], id: "compare")
        let f = try EvaluateStep.run(params, context).result.fields

        let sizes = try models.map { try Data(contentsOf: ModelStepFixture.fixtures.appendingPathComponent("\($0).tflite")).count }
        let f32 = try #require(f["f32"]?.record), int8 = try #require(f["int8_uint8"]?.record)
        let f32Correct = try ModelStepFixture.liteRTCorrect("f32")
        let int8Correct = try ModelStepFixture.liteRTCorrect("int8_uint8")
        #expect(f32.num("correct") == Double(f32Correct) && f32.num("count") == 200)
        #expect(int8.num("correct") == Double(int8Correct))
        #expect(f32.num("accuracy") == Double(f32Correct) / 200)
        #expect(f["dynamic"]?.record?.num("correct") == Double(try ModelStepFixture.liteRTCorrect("dynamic")))
        #expect(int8.num("size_bytes") == Double(sizes[1]) && int8.num("size_kb") == Double(sizes[1]) / 1024)
        #expect(int8.num("reduction") == Double(sizes[0]) / Double(sizes[1]))
        #expect(f32.num("reduction") == 1 && f32.num("accuracy_drop") == 0)
        #expect(int8.num("accuracy_drop") == Double(f32Correct - int8Correct) / 200)
        #expect(f["rows"]?.list?.count == 3 && f["rows"]?.list?[1].record?["id"] == "int8_uint8")
        #expect(f["rows"]?.list?[1].record?["variant"] == "int8")
        #expect(f["baseline"] == "f32" && f["split"] == "test" && f.num("count") == 200)
        // Equal accuracy on these 200 images: the smallest model is the best.
        if f32Correct == int8Correct, int8Correct == (try ModelStepFixture.liteRTCorrect("dynamic")) {
            #expect(f["best"] == "dynamic")
        }
    }

    @Test func limitBaselineAndValidationSplit() throws {
        let root = try ModelStepFixture.temporaryDirectory("evaluate")
        defer { try? FileManager.default.removeItem(at: root) }
        try ModelStepFixture.writeMNIST(under: root)
        let context = try ModelStepFixture.context(models: ["f32", "int8_int8"], root: root, payload: false)
        let params = DataStepFixture.parameters(EvaluateStep.self, [
            ("models", ["f32", "int8_int8"]), ("limit", 50), ("baseline", "int8_int8"),
        ])
        let outcome = try EvaluateStep.run(params, context)
        let f = outcome.result.fields
        #expect(f["int8_int8"]?.record?.num("correct") == Double(try ModelStepFixture.liteRTCorrect("int8_int8", first: 50)))
        #expect(f["int8_int8"]?.record?.num("count") == 50 && f["int8_int8"]?.record?.num("reduction") == 1)
        #expect((f["f32"]?.record?.num("reduction") ?? 9) < 1)
        guard case .table(let table) = outcome.result.outputs.first else { Issue.record("no table"); return }
        #expect(table.columns == ["model", "variant", "size (KB)", "accuracy", "drop", "reduction"])
        #expect(table.rows[1][0] == "int8_int8" && table.rows[1][4] == "0.00 pp" && table.rows[1][5] == "1.0×")

        let validation = DataStepFixture.parameters(EvaluateStep.self, [("models", ["int8_int8"]), ("split", "validation")])
        #expect(try EvaluateStep.run(validation, context).result.fields.num("count") == 20)
    }

    @Test func validationNamesBadBaselinesAndRepeats() {
        let bad = DataStepFixture.parameters(EvaluateStep.self, [("models", ["a", "b", "a"]), ("baseline", "c")])
        #expect(EvaluateStep.validate(bad).map(\.message) == [
            "'models' lists 'a' twice",
            "'baseline' must be one of 'models' (a, b, a), got 'c'",
        ])
        let reserved = DataStepFixture.parameters(EvaluateStep.self, [("models", ["rows"])], id: "compare")
        #expect(EvaluateStep.validate(reserved).map(\.message) == [
            "a model listed in 'models' cannot be called 'rows': 'compare.rows' is a field of the step",
        ])
    }

    @Test func missingModelFileIsAStepFailure() throws {
        let root = try ModelStepFixture.temporaryDirectory("evaluate")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["f32"], root: root, payload: false)
        try FileManager.default.removeItem(at: root.appendingPathComponent("f32.tflite"))
        let params = DataStepFixture.parameters(EvaluateStep.self, [("models", ["f32"])])
        #expect {
            try EvaluateStep.run(params, context)
        } throws: { error in
            (error as? StepFailure)?.description == "cannot read the model of 'f32': no file f32.tflite\n"
                + "hint: the convert step 'f32' should have written it; run the lab again"
        }
    }

    @Test func missingDataSetIsAStepFailure() throws {
        let root = try ModelStepFixture.temporaryDirectory("evaluate")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["f32"], root: root)
        let params = DataStepFixture.parameters(EvaluateStep.self, [("models", ["f32"])])
        #expect {
            try EvaluateStep.run(params, context)
        } throws: { error in
            (error as? StepFailure)?.message.hasPrefix("MNIST is not in ") == true
        }
    }
}
