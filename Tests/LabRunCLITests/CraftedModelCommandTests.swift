import Foundation
import LiteFormat
import Testing

/// `eval`, `bench` and `quantize` on a crafted `.tflite` that used to overflow the heap, and on bad
/// count options and output paths: a message and exit 1 (64 for options), never a crash.
@Suite(.serialized) struct CraftedModelCommandTests {
    static let data = LabrunBinary.packageRoot.appendingPathComponent("Data")
    static let hasMNIST = FileManager.default.fileExists(atPath: data.appendingPathComponent("mnist").path)
    static let expected = "operator 0 (FULLY_CONNECTED): input has 28 features per row but the weights expect 14"

    /// One FULLY_CONNECTED with keep_num_dims, input [28, 28] (an MNIST image) and weights [10, 14]: the old
    /// prepare sized the output for 28 rows while the kernel wrote 56.
    static func craftedFile(int8: Bool, in dir: URL) throws -> String {
        let q = { (s: Float, z: Int64) in int8 ? QuantizationParameters(scale: [s], zeroPoint: [z]) : nil }
        let type: TensorType = int8 ? .int8 : .float32
        let tensors = [
            Tensor(shape: [28, 28], type: type, name: "input", quantization: q(1 / 255, -128)),
            Tensor(shape: [10, 14], type: type, buffer: 1, name: "weights", quantization: q(0.01, 0)),
            Tensor(shape: [28, 10], type: type, name: "output", quantization: q(0.05, 1)),
        ]
        let weights = Buffer(data: (0..<(140 * (int8 ? 1 : 4))).map { UInt8(truncatingIfNeeded: $0 % 5) })
        let fc = Operator(opcodeIndex: 0, inputs: [0, 1, -1], outputs: [2],
                          options: .fullyConnected(FullyConnectedOptions(keepNumDims: true)))
        let model = LiteModel(operatorCodes: [OperatorCode(builtin: .fullyConnected, version: int8 ? 4 : 1)],
                              subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [2], operators: [fc])],
                              buffers: [Buffer(), weights])
        let path = dir.appendingPathComponent(int8 ? "crafted_int8.tflite" : "crafted_f32.tflite")
        try Data(model.serialized()).write(to: path)
        return path.path
    }

    @Test(arguments: [false, true]) func benchReportsTheOperator(int8: Bool) throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.craftedFile(int8: int8, in: dir)
        let run = try LabrunBinary.run(["bench", file, "--runs", "3"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(file): invalid model: \(Self.expected)\n"
            + "  hint: the file is damaged or was not written by a TensorFlow Lite converter; re-export it\n")
    }

    @Test(.enabled(if: hasMNIST), arguments: [false, true]) func evalReportsTheOperator(int8: Bool) throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.craftedFile(int8: int8, in: dir)
        let run = try LabrunBinary.run(["eval", file, "--limit", "10", "--data-dir", Self.data.path], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(file): invalid model: \(Self.expected)\n"
            + "  hint: the file is damaged or was not written by a TensorFlow Lite converter; re-export it\n")
    }

    @Test(.enabled(if: hasMNIST)) func quantizeReportsTheOperator() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.craftedFile(int8: false, in: dir)
        let run = try LabrunBinary.run(["quantize", file, "--variant", "int8", "--samples", "10",
                                        "--data-dir", Self.data.path, "-o", "out.tflite"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains(Self.expected), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.tflite").path))
    }

    @Test func countOptionsOutsideTheirRangeExit64() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f32 = LabrunBinary.packageRoot.appendingPathComponent("Tests/Fixtures/f32.tflite").path
        for (arguments, message) in [
            (["bench", f32, "--runs", "9223372036854775807"], "--runs must be between 1 and 1000000, got 9223372036854775807"),
            (["bench", f32, "--runs", "0"], "--runs must be between 1 and 1000000, got 0"),
            (["bench", f32, "--warmup=-1"], "--warmup must be between 0 and 1000000, got -1"),
            (["bench", f32, "--warmup", "1000001"], "--warmup must be between 0 and 1000000, got 1000001"),
            (["eval", f32, "--limit", "9223372036854775807"], "--limit must be between 1 and 10000000, got 9223372036854775807"),
            (["quantize", f32, "--samples", "9223372036854775807", "-o", "x.tflite"], "--samples must be 1…60000, got 9223372036854775807"),
        ] {
            let run = try LabrunBinary.run(arguments, in: dir)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.hasPrefix("Error: \(message)\n"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func quantizeNamesAnUnwritablePathPlainly() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f32 = LabrunBinary.packageRoot.appendingPathComponent("Tests/Fixtures/f32.tflite").path
        let run = try LabrunBinary.run(["quantize", f32, "--variant", "float16", "-o", "/nonexistent/x.tflite"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot write /nonexistent/x.tflite: no such directory\n")
    }
}
