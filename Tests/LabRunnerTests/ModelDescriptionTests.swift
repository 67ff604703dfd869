import Foundation
import LiteFormat
import LiteRuntime
import Testing
@testable import LabRunner

/// The operator lines `inspect` draws and `labrun inspect` prints, for every committed fixture model,
/// against `Tests/Fixtures/model-descriptions.txt`. Run with `LABRUN_UPDATE_GOLDENS=1` to rewrite it.
@Suite struct ModelDescriptionTests {
    static let models = [
        "f32.tflite", "f16.tflite", "dynamic.tflite", "labrun_dynamic.tflite", "int8_int8.tflite", "int8_uint8.tflite",
        "hard_swish/float.tflite", "hard_swish/int8_fine.tflite",
    ]

    /// `== f32.tflite`, then per operator its title and one indented line per detail.
    static func dump(_ file: String) throws -> String {
        let d = ModelDescription(try ConvertedModelFixture.read(file))
        var text = "== \(file)\n"
        for op in d.operators {
            text += "\(op.index) \(op.name): \(op.title)\n" + op.details.map { "    \($0)\n" }.joined()
        }
        return text
    }

    @Test func fixtureDescriptionsAreUnchanged() throws {
        let actual = try Self.models.map(Self.dump).joined(separator: "\n")
        let url = ConvertedModelFixture.directory.appendingPathComponent("model-descriptions.txt")
        if ProcessInfo.processInfo.environment["LABRUN_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try String(contentsOf: url, encoding: .utf8)))
    }

    /// Every registered operator says how it is titled and which inputs are its weights and bias, so
    /// descriptions need no list of operators of their own.
    @Test(arguments: OperatorRegistry.ordered.map(\.builtin))
    func everyOperatorHasDescriptionFacts(_ builtin: BuiltinOperator) throws {
        let registration = try #require(OperatorRegistry.registration(builtin))
        let bare = Operator(opcodeIndex: 0, inputs: [], outputs: [], options: .none)
        #expect(registration.title(bare, []).hasPrefix(builtin.name))
        #expect(registration.inputRoles.count <= 2)
        if registration.weightsAxis != nil {
            #expect(registration.inputRoles.map(\.word) == ["weights", "bias"])
        }
    }

    /// What the fixtures do not show: strides, other activations, depthwise and pool windows.
    @Test func titlesSayWindowStrideAndActivation() throws {
        func title(_ builtin: BuiltinOperator, _ options: BuiltinOptions, _ shapes: [[Int32]] = []) throws -> String {
            let op = Operator(opcodeIndex: 0, inputs: [], outputs: [], options: options)
            return try #require(OperatorRegistry.registration(builtin)).title(op, shapes)
        }
        let conv = Conv2DOptions(padding: .same, strideW: 2, strideH: 2, activation: .relu6)
        #expect(try title(.conv2D, .conv2D(conv), [[1, 8, 8, 1], [4, 5, 5, 1], [4]]) == "CONV_2D 5×5 · stride 2 · relu6")
        let depthwise = DepthwiseConv2DOptions(padding: .valid, strideW: 1, strideH: 1, depthMultiplier: 1, activation: .reluN1To1)
        #expect(try title(.depthwiseConv2D, .depthwiseConv2D(depthwise), [[1, 8, 8, 3], [1, 3, 3, 3]]) == "DEPTHWISE_CONV_2D 3×3 · relu −1…1")
        let pool = Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 3, filterHeight: 3)
        #expect(try title(.averagePool2D, .pool2D(pool)) == "AVERAGE_POOL_2D 3×3 · stride 2")
        #expect(try title(.add, .add(AddOptions(activation: .relu))) == "ADD · relu")
        #expect(try title(.fullyConnected, .fullyConnected(FullyConnectedOptions(activation: .tanh)), [[1, 4]]) == "FULLY_CONNECTED · tanh")
        #expect(try title(.hardSwish, .none) == "HARD_SWISH")
    }
}
