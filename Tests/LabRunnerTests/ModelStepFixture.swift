import Checksum
import Foundation
import LabData
import LabDocument
import LiteFormat
@testable import LabRunner

/// The TensorFlow fixtures as results of `convert` steps, and a data directory holding the 200
/// fixture test images, for the evaluate/benchmark/inspect/memory step tests.
enum ModelStepFixture {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let variants = ["f32": "float32", "f16": "float16", "dynamic": "dynamic", "int8_uint8": "int8", "int8_int8": "int8"]

    /// A convert step's outcome for fixture `name` (`f32`, `int8_uint8`, …): the file copied into
    /// `artifacts`, its fields, and (unless `payload` is false) the model as payload.
    static func convertOutcome(_ name: String, artifacts: URL, payload: Bool = true) throws -> StepOutcome {
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("\(name).tflite"))
        try bytes.write(to: artifacts.appendingPathComponent("\(name).tflite"))
        let fields = Record([("path", .string("\(name).tflite")), ("size_bytes", .number(Double(bytes.count))),
                             ("size_kb", .number(Double(bytes.count) / 1024)), ("variant", .string(variants[name] ?? ""))])
        return StepOutcome(StepResult(fields: fields), payload: payload ? try LiteModel.read(bytes) : nil)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ tag: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A context whose earlier results are the given fixtures' convert steps.
    static func context(models: [String], root: URL, payload: Bool = true, labParams: Record = Record()) throws -> RunContext {
        var outcomes: [String: StepOutcome] = [:]
        for m in models { outcomes[m] = try convertOutcome(m, artifacts: root, payload: payload) }
        return RunContext(artifactsDirectory: root, dataDirectory: root.appendingPathComponent("Data"), labParams: labParams,
                          progress: DataStepFixture.SilentProgress(), outcomes: outcomes,
                          evaluator: { _ in throw StepFailure("no expressions in these tests") })
    }

    /// Writes the 200 fixture images and labels as the MNIST test files under `root/Data/mnist`
    /// (the training files get the same 200, so `validation` is their last 20), their hashes
    /// accepted besides MNIST's pinned ones.
    static func writeMNIST(under root: URL) throws {
        let dir = root.appendingPathComponent("Data/mnist")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let images = try NpyFile(fixtures.appendingPathComponent("mnist_test_200_images.npy")).payload
        let labels = try NpyFile(fixtures.appendingPathComponent("mnist_test_200_labels.npy")).payload
        let imageBytes = IDXFile(elementType: .uint8, dimensions: [200, 28, 28], bytes: images).encoded()
        let labelBytes = IDXFile(elementType: .uint8, dimensions: [200], bytes: labels).encoded()
        for (imagesRole, labelsRole) in [(DatasetFile.Role.testImages, DatasetFile.Role.testLabels), (.trainImages, .trainLabels)] {
            try Data(imageBytes).write(to: dir.appendingPathComponent(DatasetKind.mnist.file(imagesRole).name))
            try Data(labelBytes).write(to: dir.appendingPathComponent(DatasetKind.mnist.file(labelsRole).name))
        }
        // Not MNIST's pinned files: accepted as data in this test process only.
        DataPins.accept(SHA256.hex(of: imageBytes))
        DataPins.accept(SHA256.hex(of: labelBytes))
    }

    /// How many of the first `count` fixture images LiteRT classified right (argmax of the
    /// expected outputs TensorFlow's script saved, first maximum on ties like numpy).
    static func liteRTCorrect(_ name: String, first count: Int = 200) throws -> Int {
        let expected = try NpyFile(fixtures.appendingPathComponent("expected_\(name).npy"))
        let labels = try NpyFile(fixtures.appendingPathComponent("mnist_test_200_labels.npy")).payload
        let values: [Double]
        switch expected.descr {
        case "|u1": values = expected.payload.map(Double.init)
        case "|i1": values = expected.payload.map { Double(Int8(bitPattern: $0)) }
        default:
            values = expected.payload.withUnsafeBytes { raw in
                (0..<expected.payload.count / 4).map { Double(raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self)) }
            }
        }
        return (0..<count).filter { i in
            let row = values[i * 10..<(i + 1) * 10]
            return row.firstIndex(of: row.max()!)! - i * 10 == Int(labels[i])
        }.count
    }
}

/// Minimal `.npy` reader for the fixtures (version 1 header, little-endian).
struct NpyFile {
    let descr: String
    let shape: [Int]
    let payload: [UInt8]

    init(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        func field(_ key: String, _ close: Character) -> String {
            guard let r = header.range(of: "'\(key)': ") else { return "" }
            return String(header[r.upperBound...].dropFirst().prefix { $0 != close })
        }
        descr = field("descr", "'")
        shape = field("shape", ")").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        payload = Array(bytes[(10 + headerLength)...])
    }
}
