import Foundation
import Testing
import LabDocument
import LiteFormat
@testable import LabRunner

@Suite struct ConvertStepTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let f32 = root.appendingPathComponent("Tests/Fixtures/f32.tflite").path

    @Test func float16FromATensorFlowFile() throws {
        let p = DataStepFixture.parameters(ConvertStep.self, [("path", .string(Self.f32)), ("variant", "float16")], id: "f16")
        #expect(ConvertStep.validate(p).isEmpty)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let context = RunContext(artifactsDirectory: directory, dataDirectory: URL(fileURLWithPath: "/nonexistent"),
                                 labParams: Record(), progress: DataStepFixture.SilentProgress(), outcomes: [:],
                                 evaluator: { _ in throw StepFailure("none") })
        let outcome = try ConvertStep.run(p, context)
        #expect(outcome.result.fields["path"] == .string("f16.tflite"))
        let written = try Data(contentsOf: directory.appendingPathComponent("f16.tflite"))
        #expect(outcome.result.fields["size_bytes"] == .number(Double(written.count)))
        #expect(outcome.result.fields["variant"] == .string("float16"))
        #expect(outcome.result.fields["ops"] == .number(13))
        #expect(outcome.payload is LiteModel)
        guard case .table(let table)? = outcome.result.outputs.first else { Issue.record("no table"); return }
        #expect(table.rows[0][2] == "DEQUANTIZE×6, CONV_2D×2, MAX_POOL_2D×2, RESHAPE, FULLY_CONNECTED, SOFTMAX")
    }

    @Test func modelAndPathAreExclusive() {
        let none = DataStepFixture.parameters(ConvertStep.self, [("variant", "int8")])
        #expect(ConvertStep.validate(none).map(\.message) == ["'convert' needs exactly one of 'model' and 'path'"])
    }

    @Test func calibrationSettingsAreChecked() {
        let bad = DataStepFixture.parameters(ConvertStep.self, [
            ("path", "m.tflite"), ("calibration", .record(Record([("method", "median")]))),
        ])
        #expect(ConvertStep.validate(bad).map(\.message) == [
            "calibration 'method' must be one of minmax, percentile, entropy, mse, got \"median\"",
        ])
        let unknown = DataStepFixture.parameters(ConvertStep.self, [
            ("path", "m.tflite"), ("calibration", .record(Record([("sample", 100)]))),
        ])
        #expect(ConvertStep.validate(unknown).first?.message == "unknown calibration key 'sample'\nhint: keys: samples, source, method, percentile")
    }

    @Test func calibrationDefaultsFollowTheChapterText() throws {
        let settings = try CalibrationSettings(Record(), labSamples: nil)
        #expect(settings == CalibrationSettings(samples: 200, source: .validation, method: .minMax))
        #expect(try CalibrationSettings(Record(), labSamples: 100).samples == 100)
        let chosen = try CalibrationSettings(Record([("samples", 300), ("source", "train"), ("method", "percentile"), ("percentile", 99.9)]), labSamples: 100)
        #expect(chosen == CalibrationSettings(samples: 300, source: .train, method: .percentile(99.9)))
    }
}
