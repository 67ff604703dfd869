import Foundation
import LiteFormat

/// Runs models in LiteRT through `Tests/Interop/litert_run.py` with the package's `.venv`
/// (made by `make test`). Tests that need it are skipped, with a message, when it is missing.
enum LiteRT {
    static let python = Fixtures.packageRoot.appendingPathComponent(".venv/bin/python")
    static let script = Fixtures.packageRoot.appendingPathComponent("Tests/Interop/litert_run.py")
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python.path) }
    static let skipMessage = "LiteRT interop skipped: no .venv/bin/python at the package root (run `make test` to create it)"

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Outputs of `model` in LiteRT (reference kernels) for `samples` (float inputs, quantized by
    /// the script when the model input is integer), as Double, one row per sample.
    static func run(_ model: LiteModel, samples: [[Float]], inputShape: [Int]) throws -> [[Double]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-litert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelURL = directory.appendingPathComponent("model.tflite")
        let inputs = directory.appendingPathComponent("inputs.npy")
        let outputs = directory.appendingPathComponent("outputs.npy")
        try model.write(to: modelURL)
        try Npy.write(samples.flatMap { $0 }, shape: [samples.count] + inputShape, to: inputs)
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, modelURL.path, inputs.path, outputs.path, "--ref"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "litert_run.py failed: " + String(decoding: message, as: UTF8.self))
        }
        let (values, shape) = try Npy.read(outputs)
        let width = shape.dropFirst().reduce(1, *)
        return (0..<samples.count).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
    }
}
