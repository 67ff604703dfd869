import Foundation
import LabDocument
import LiteFormat
@testable import LabRunner

/// Models for the `explore` and `fixedpoint` tests: TensorFlow's files in `Tests/Fixtures`, and
/// tiny hand-made ones, handed to a step as a `convert` step's payload or by its `path` field.
enum ConvertedModelFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func read(_ file: String) throws -> LiteModel {
        try LiteModel.read(contentsOf: directory.appendingPathComponent(file))
    }

    /// A context in which the step `conv` left `model` as its payload.
    static func context(payload model: LiteModel) -> RunContext {
        context(outcomes: ["conv": StepOutcome(StepResult(fields: Record([("path", "none.tflite")])), payload: model)])
    }

    /// A context in which the step `conv` left no payload, only `path` (relative to `Tests/Fixtures`).
    static func context(path: String) -> RunContext {
        context(outcomes: ["conv": StepOutcome(StepResult(fields: Record([("path", .string(path))])))])
    }

    private static func context(outcomes: [String: StepOutcome]) -> RunContext {
        RunContext(artifactsDirectory: directory, dataDirectory: URL(fileURLWithPath: "/nonexistent"), labParams: Record(),
                   progress: DataStepFixture.SilentProgress(), outcomes: outcomes,
                   evaluator: { _ in throw StepFailure("no expressions in these tests") })
    }

    /// One FULLY_CONNECTED op `[1, 1] × [1, 1]` with the given int8 scales (per-tensor filter).
    static func fullyConnected(inputScale: Float, filterScale: Float, outputScale: Float, outputZeroPoint: Int64) -> LiteModel {
        func q(_ s: Float, _ z: Int64 = 0) -> QuantizationParameters { QuantizationParameters(scale: [s], zeroPoint: [z]) }
        let tensors = [
            Tensor(shape: [1, 1], type: .int8, name: "in", quantization: q(inputScale, -128)),
            Tensor(shape: [1, 1], type: .int8, buffer: 1, name: "weights", quantization: q(filterScale)),
            Tensor(shape: [1, 1], type: .int8, name: "out", quantization: q(outputScale, outputZeroPoint)),
        ]
        let op = Operator(opcodeIndex: 0, inputs: [0, 1, -1], outputs: [2], options: .fullyConnected(FullyConnectedOptions()))
        return LiteModel(operatorCodes: [OperatorCode(builtin: .fullyConnected)],
                         subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [2], operators: [op])],
                         buffers: [Buffer(), Buffer(int8s: [1])])
    }
}
