import Foundation
import LabData
import Testing

/// `labrun inspect`, `eval` and `bench` on the TensorFlow fixtures.
@Suite(.serialized) struct ModelCommandTests {
    static let fixtures = LabrunBinary.packageRoot.appendingPathComponent("Tests/Fixtures")

    @Test func evalDumpsLiteRTsOutputsBitForBit() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mnist = dir.appendingPathComponent("Data/mnist")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        let images = try npyPayload("mnist_test_200_images.npy"), labels = try npyPayload("mnist_test_200_labels.npy")
        try Data(IDXFile(elementType: .uint8, dimensions: [200, 28, 28], bytes: images).encoded())
            .write(to: mnist.appendingPathComponent("t10k-images.idx3-ubyte"))
        try Data(IDXFile(elementType: .uint8, dimensions: [200], bytes: labels).encoded())
            .write(to: mnist.appendingPathComponent("t10k-labels.idx1-ubyte"))
        // Hand-made files, not MNIST's pinned ones: accepted for this folder's runs.
        try LabrunBinary.acceptDataFiles([Data(contentsOf: mnist.appendingPathComponent("t10k-images.idx3-ubyte")),
                                          Data(contentsOf: mnist.appendingPathComponent("t10k-labels.idx1-ubyte"))], in: dir)
        // The loader wants all four files present.
        for (from, to) in [("t10k-images.idx3-ubyte", "train-images.idx3-ubyte"), ("t10k-labels.idx1-ubyte", "train-labels.idx1-ubyte")] {
            try FileManager.default.copyItem(at: mnist.appendingPathComponent(from), to: mnist.appendingPathComponent(to))
        }
        for name in ["int8_uint8", "int8_int8"] {
            let run = try LabrunBinary.run(["eval", Self.fixtures.appendingPathComponent("\(name).tflite").path,
                                            "--dataset", "mnist", "--dump-outputs", "out.npy"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("accuracy "))
            let ours = try Data(contentsOf: dir.appendingPathComponent("out.npy"))
            let theirs = try Data(contentsOf: Self.fixtures.appendingPathComponent("expected_\(name).npy"))
            // Same dtype and shape in the header, same bytes after it (LiteRT BUILTIN_REF).
            #expect(header(ours).contains(name == "int8_uint8" ? "'descr': '|u1'" : "'descr': '|i1'"))
            #expect(header(ours).contains("'shape': (200, 10)"))
            #expect(ours.suffix(2000) == theirs.suffix(2000))
            #expect(ours.count % 64 == 2000 % 64)
        }
    }

    @Test func inspectListsOperatorsAndSizes() throws {
        let dir = try LabrunBinary.scratch(lab: "")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabrunBinary.run(["inspect", Self.fixtures.appendingPathComponent("int8_int8.tflite").path], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout.contains(": 7 operators, 15 tensors\n\n  0  CONV_2D 3×3 · relu\n       in int8 1×28×28×1 s=0.003922 z=-128\n"))
        #expect(run.stdout.contains("\n  4  RESHAPE\n       in int8 1×5×5×32 s=0.01787 z=-128\n       const int32 2\n"))
        #expect(run.stdout.contains("\nflash    17,784 bytes"))
        #expect(run.stdout.contains("\narena    13,520 bytes of activations"))
    }

    @Test func badFilesGiveAMessageAndExitOne() throws {
        let dir = try LabrunBinary.scratch(lab: "not a model")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try LabrunBinary.run(["bench", "nope.tflite"], in: dir)
        #expect(missing.status == 1 && missing.stderr == "error: no such file: 'nope.tflite'\n")
        let text = try LabrunBinary.run(["inspect", "lab.md"], in: dir)
        #expect(text.status == 1 && text.stderr.hasPrefix("error: lab.md: not a .tflite file: "))
        let bench = try LabrunBinary.run(["bench", Self.fixtures.appendingPathComponent("f32.tflite").path, "--runs", "3"], in: dir)
        #expect(bench.status == 0)
        #expect(bench.stdout.split(separator: "\n").map { $0.split(separator: " ").first ?? "" } == ["mean", "std", "median", "min", "max"])
        #expect(bench.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(" µs") })
    }

    private func npyPayload(_ name: String) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
        return Array(bytes[(10 + (Int(bytes[8]) | Int(bytes[9]) << 8))...])
    }

    private func header(_ data: Data) -> String { String(decoding: data.prefix(128), as: UTF8.self) }
}
