import Foundation
import LiteFormat
@testable import LiteRuntime
import Testing

/// HARD_SWISH against LiteRT's reference kernels (`BUILTIN_REF`): the models below are committed in
/// Tests/Fixtures/hard_swish/ with the outputs LiteRT computed for them
/// (Tests/Interop/make_hard_swish_fixtures.py); labrun must produce the same bytes.
@Suite struct HardSwishTests {
    /// One HARD_SWISH from input to output. int8 models take all 256 int8 values at once.
    static func model(_ type: TensorType, count: Int32, input: QuantizationParameters? = nil,
                      output: QuantizationParameters? = nil) -> LiteModel {
        var g = TestGraph()
        let x = g.tensor([1, count], type, input), y = g.tensor([1, count], type, output)
        g.op(.hardSwish, [x], [y])
        return g.model(inputs: [x], outputs: [y])
    }

    /// name → model. The int8 input scales cover reluish exponents 5, 3 and 1 (left shifts) and −1
    /// (`int8_tiny`, rounding right shift); zero points away from 0.
    static let models: [(String, LiteModel)] = [
        ("float", model(.float32, count: 161)),
        ("int8_wide", model(.int8, count: 256, input: TestGraph.quant(0.05, 3), output: TestGraph.quant(0.04, -100))),
        ("int8_fine", model(.int8, count: 256, input: TestGraph.quant(0.0125, -20), output: TestGraph.quant(0.01, -90))),
        ("int8_coarse", model(.int8, count: 256, input: TestGraph.quant(0.2, 0), output: TestGraph.quant(0.11, -128))),
        ("int8_tiny", model(.int8, count: 256, input: TestGraph.quant(0.004, 10), output: TestGraph.quant(0.003, -50))),
    ]

    /// Float inputs: −8…8 in steps of 0.1 (161 values), as the fixture script uses.
    static let floatInputs: [Float] = (0..<161).map { Float(-8) + Float($0) * Float(0.1) }

    static var directory: URL { Fixtures.url("hard_swish") }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["LABRUN_WRITE_FIXTURES"] != nil))
    func writeFixtureModels() throws {
        for (name, model) in Self.models {
            try Data(model.serialized()).write(to: Self.directory.appendingPathComponent("\(name).tflite"))
        }
    }

    @Test func committedModelsAreTheOnesBuiltHere() throws {
        for (name, model) in Self.models {
            let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("\(name).tflite")))
            #expect(bytes == model.serialized(), "\(name).tflite")
        }
    }

    @Test(arguments: [InterpreterOptions.Kernels.reference, .fast])
    func matchesLiteRTReference(kernels: InterpreterOptions.Kernels) throws {
        for (name, model) in Self.models {
            let interpreter = try Interpreter(model: try LiteModel.read(bytes: model.serialized()),
                                              options: InterpreterOptions(kernels: kernels))
            let expected = try Npy(Self.directory.appendingPathComponent("expected_\(name).npy"))
            if name == "float" {
                try interpreter.setInput(Self.floatInputs)
                interpreter.invoke()
                let got = try interpreter.output(0, as: Float.self)
                #expect(got.map(\.bitPattern) == expected.floats.map(\.bitPattern), "\(name)")
            } else {
                try interpreter.setInput((0..<256).map { Int8(truncatingIfNeeded: $0 - 128) })
                interpreter.invoke()
                let got = try interpreter.output(0, as: Int8.self)
                let mismatches = (0..<256).filter { got[$0] != expected.int8s[$0] }
                #expect(mismatches.isEmpty, "\(name): \(mismatches.count) values differ, first at input \(mismatches.first.map { $0 - 128 } ?? 0)")
            }
        }
    }

    @Test func outputScaleBelowInputScaleOver128IsRefused() {
        let model = Self.model(.int8, count: 4, input: TestGraph.quant(1, 0), output: TestGraph.quant(0.001, 0))
        #expect(errorMessage { _ = try Interpreter(model: model) }
                == "unsupported: operator 0 (HARD_SWISH): output scale 0.001 is below input scale 1.0 / 128")
    }
}
