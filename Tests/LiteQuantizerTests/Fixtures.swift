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

import LabData
import LiteQuantizer

extension Fixtures {
    /// MNIST from the package's data directory (`Data/`, or `$LABRUN_DATA`), if fetched.
    static let dataDirectory = DataDirectory.resolve(currentDirectory: packageRoot.path)
    static var mnistAvailable: Bool { dataDirectory.isPresent(.mnist) }
    static let mnistSkipMessage = "MNIST calibration tests skipped: no MNIST in Data/ (run `labrun data fetch mnist`)"

    /// The first `count` training images as pixel/255, the chapter's calibration set.
    static func firstTrainingImages(_ count: Int) throws -> [[Float]] {
        Array(try trainingHead.get().prefix(count))
    }

    /// The first 200 training images, read once for all tests.
    private static let trainingHead = Result<[[Float]], any Error> {
        let train = try dataDirectory.load(.mnist, split: .trainAll)
        return (0..<200).map { train.image($0).map { Float($0) / 255 } }
    }

    /// TensorFlow's float32 file calibrated on the first 200 training images (min/max), once.
    static let chapterRanges = Result<[Int: (min: Float, max: Float)], any Error> {
        try Quantizer.calibrate(try model("f32"), samples: try firstTrainingImages(200))
    }
}
