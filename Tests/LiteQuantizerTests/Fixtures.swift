import Foundation
import LiteFormat

/// Paths of the package's test fixtures (found from this file's location, not the working directory).
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// One of TensorFlow's converter files: f32, f16, dynamic, int8_uint8, int8_int8.
    static func model(_ name: String) throws -> LiteModel {
        try LiteModel.read(contentsOf: url("\(name).tflite"))
    }

    /// Operator names of subgraph 0 in execution order.
    static func ops(_ model: LiteModel) -> [String] {
        model.subgraphs[0].operators.map { model.operatorCodes[Int($0.opcodeIndex)].builtin.name }
    }

    /// Operator versions in execution order.
    static func versions(_ model: LiteModel) -> [Int32] {
        model.subgraphs[0].operators.map { model.operatorCodes[Int($0.opcodeIndex)].version }
    }

    /// The tensor named `name`.
    static func tensor(_ model: LiteModel, _ name: String) -> Tensor? {
        model.subgraphs[0].tensors.first { $0.name == name }
    }

    /// The uint8 MNIST test images stored as .npy ([200, 28, 28]), scaled to [0, 1].
    static func testImages() throws -> [[Float]] {
        let data = try Data(contentsOf: url("mnist_test_200_images.npy"))
        let bytes = [UInt8](data)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let start = 10 + headerLength
        return (0..<200).map { i in bytes[(start + i * 784)..<(start + (i + 1) * 784)].map { Float($0) / 255 } }
    }
}
