import ArgumentParser
import Foundation
import LiteFormat
import Testing
@testable import LabRunCLI

@Suite struct QuantizeCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let f32 = root.appendingPathComponent("Tests/Fixtures/f32.tflite").path

    @Test func parsesTheChaptersCommandLine() throws {
        let command = try QuantizeCommand.parseAsRoot([
            "m.tflite", "--variant", "int8", "--io", "uint8", "--dataset", "mnist", "--samples", "200",
            "--source", "train", "--method", "minmax", "-o", "out.tflite",
        ])
        let quantize = try #require(command as? QuantizeCommand)
        #expect(quantize.variant == .int8 && quantize.io == .uint8 && quantize.samples == 200)
        #expect(quantize.source == "train" && quantize.output == "out.tflite" && !quantize.perTensor)
    }

    @Test func rejectsBadOptions() {
        for (arguments, message) in [
            (["m.tflite", "--source", "test", "-o", "x"], "--source must be validation or train, got 'test'"),
            (["m.tflite", "--method", "median", "-o", "x"], "--method must be one of minmax, percentile, entropy, mse, got 'median'"),
            (["m.tflite", "--samples", "0", "-o", "x"], "--samples must be 1…60000, got 0"),
        ] {
            do {
                _ = try QuantizeCommand.parseAsRoot(arguments)
                Issue.record("parsed \(arguments)")
            } catch {
                #expect(QuantizeCommand.message(for: error) == message)
            }
        }
    }

    @Test func writesAFloat16File() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString).tflite")
        defer { try? FileManager.default.removeItem(at: out) }
        var command = try #require(try QuantizeCommand.parseAsRoot([Self.f32, "--variant", "float16", "-o", out.path]) as? QuantizeCommand)
        try command.run()
        let model = try LiteModel.read(contentsOf: out)
        #expect(model.subgraphs[0].tensors.contains { $0.type == .float16 })
    }
}
