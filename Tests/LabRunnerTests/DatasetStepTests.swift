import Checksum
import Foundation
import LabData
import LabDocument
import Testing
@testable import LabRunner

@Suite struct DatasetStepTests {
    /// A data directory holding a tiny "MNIST": 20 training images of 2×2 pixels whose labels are
    /// 3, 3, 1, 0, 9, 9, … (image i has every pixel = i), and 5 test images.
    private func tinyDataDirectory() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-step-\(UUID().uuidString)")
        let dir = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let trainLabels: [UInt8] = [3, 3, 1, 0] + [UInt8](repeating: 9, count: 16)
        let files: [(DatasetFile.Role, IDXFile)] = [
            (.trainImages, IDXFile(elementType: .uint8, dimensions: [20, 2, 2], bytes: (0..<20).flatMap { [UInt8](repeating: UInt8($0), count: 4) })),
            (.trainLabels, IDXFile(elementType: .uint8, dimensions: [20], bytes: trainLabels)),
            (.testImages, IDXFile(elementType: .uint8, dimensions: [5, 2, 2], bytes: [UInt8](repeating: 0, count: 20))),
            (.testLabels, IDXFile(elementType: .uint8, dimensions: [5], bytes: [0, 1, 2, 3, 4])),
        ]
        for (role, file) in files {
            try Data(file.encoded()).write(to: dir.appendingPathComponent(DatasetKind.mnist.file(role).name))
            DataPins.accept(SHA256.hex(of: file.encoded()))  // hand-made, not MNIST's pinned files
        }
        return root
    }

    @Test func describesTheSplitsAndClasses() throws {
        let root = try tinyDataDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let params = DataStepFixture.parameters(DatasetStep.self, [("samples", 5), ("columns", 5)])
        let outcome = try DatasetStep.run(params, DataStepFixture.context(dataDirectory: root))
        let f = outcome.result.fields
        #expect(f["name"] == "mnist")
        #expect(f.num("train_count") == 20 && f.num("validation_count") == 2 && f.num("train_split_count") == 18)
        #expect(f.num("test_count") == 5 && f.num("image_size") == 2)
        #expect(f["classes"] == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        let counts = f["class_counts"]?.record
        #expect(counts?.num("0") == 1 && counts?.num("1") == 1 && counts?.num("3") == 2 && counts?.num("9") == 16)
        #expect(counts?.num("5") == 0)
        #expect(outcome.payload is DatasetSplits)

        guard outcome.result.outputs.count == 3, case .images(let grid) = outcome.result.outputs[2],
              case .chart(let chart) = outcome.result.outputs[1] else { Issue.record("unexpected outputs"); return }
        // First of each class in class order (0 at 3, 1 at 2, 3 at 0, 9 at 4), then file order (1).
        #expect(grid.labels == ["0", "1", "3", "9", "3"])
        #expect(grid.images.map { $0[0] } == [3, 2, 0, 4, 1])
        #expect(grid.width == 2 && grid.height == 2 && grid.columns == 5)
        #expect(chart.kind == .bar && chart.series.first?.y == [1, 1, 0, 2, 0, 0, 0, 0, 0, 16])
    }

    @Test func nameDefaultsToTheLabParameter() throws {
        let params = DataStepFixture.parameters(DatasetStep.self, [])
        let context = DataStepFixture.context(dataDirectory: URL(fileURLWithPath: "/nonexistent/Data"),
                                              labParams: Record([("dataset", "fashion-mnist")]))
        do {
            _ = try DatasetStep.run(params, context)
            Issue.record("no error")
        } catch let failure as StepFailure {
            #expect(failure.message == "Fashion-MNIST is not in /nonexistent/Data/fashion-mnist"
                + " (run 'labrun data fetch fashion-mnist' or 'make data')")
        }
    }

    /// The real MNIST when it has been fetched (package root `Data/`, else the integration tree's).
    @Test(.enabled(if: DataStepFixture.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func realMNISTIfPresent() throws {
        let root = DataStepFixture.packageData.url
        let f = try DatasetStep.run(DataStepFixture.parameters(DatasetStep.self, [("name", "mnist")]),
                                    DataStepFixture.context(dataDirectory: root)).result.fields
        #expect(f.num("train_count") == 60_000 && f.num("validation_count") == 6_000)
        #expect(f.num("train_split_count") == 54_000 && f.num("test_count") == 10_000 && f.num("image_size") == 28)
        #expect(f["class_counts"]?.record?.num("5") == 5421)  // MNIST's rarest training digit
    }
}
