import Foundation
import Testing
@testable import LabData

@Suite struct DatasetTests {
    @Test func splitRangesFollowKerasValidationSplit() {
        // Keras: split_at = int(60000 * 0.9) = 54000; validation is x[54000:], taken before shuffling.
        #expect(DatasetSplit.train.range(inFileOf: 60_000) == 0..<54_000)
        #expect(DatasetSplit.validation.range(inFileOf: 60_000) == 54_000..<60_000)
        #expect(DatasetSplit.trainAll.range(inFileOf: 60_000) == 0..<60_000)
        #expect(DatasetSplit.test.range(inFileOf: 10_000) == 0..<10_000)
        #expect(DatasetSplit.validation.range(inFileOf: 25) == 22..<25)  // int(22.5) = 22
    }

    @Test func validationIsTheLastTenthOfTheTrainingImages() {
        let n = 20
        let all = Dataset(kind: .mnist, split: .trainAll, rows: 1, columns: 2,
                          images: (0..<(2 * n)).map { UInt8($0) }, labels: (0..<n).map { UInt8($0 % 10) })
        let validation = all.subset(.validation)
        let train = all.subset(.train)
        #expect(train.count == 18 && validation.count == 2)
        #expect(validation.split == .validation)
        #expect(validation.labels == [8, 9])
        #expect(validation.images == [36, 37, 38, 39])
        #expect(Array(all.image(19)) == [38, 39])
        #expect(train.labels.last == 7)
    }

    @Test func classNamesAndCounts() {
        #expect(DatasetKind.mnist.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(DatasetKind.fashionMNIST.classNames == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
        let d = Dataset(kind: .fashionMNIST, split: .test, rows: 1, columns: 1, images: [0, 0, 0], labels: [9, 9, 1])
        #expect(d.classCounts == [0, 1, 0, 0, 0, 0, 0, 0, 0, 2])
    }

    @Test func floatImagesDivideBy255() {
        let d = Dataset(kind: .mnist, split: .test, rows: 1, columns: 3, images: [0, 51, 255], labels: [0])
        #expect(d.floatImages == [0, 0.2, 1])
    }

    @Test func resolveDirectoryPrecedence() {
        let cwd = "/home/u/lab"
        #expect(DataDirectory.resolve(environment: [:], currentDirectory: cwd).url.path == "/home/u/lab/Data")
        #expect(DataDirectory.resolve(environment: [:], currentDirectory: cwd).displayPath == "Data")
        #expect(DataDirectory.resolve(environment: ["LABRUN_DATA": "/srv/d"], currentDirectory: cwd).url.path == "/srv/d")
        #expect(DataDirectory.resolve(explicit: "x", environment: ["LABRUN_DATA": "/srv/d"], currentDirectory: cwd)
            .url.path == "/home/u/lab/x")
    }

    @Test func directoryInsideTheCurrentOneIsShownRelative() {
        let inside = DataDirectory.at(URL(fileURLWithPath: "/home/u/lab/Data"), currentDirectory: "/home/u/lab")
        #expect(inside.displayPath == "Data" && inside.displayPath(of: .mnist) == "Data/mnist")
        let outside = DataDirectory.at(URL(fileURLWithPath: "/srv/data"), currentDirectory: "/home/u/lab")
        #expect(outside.displayPath == "/srv/data")
    }

    @Test func missingDataSetNamesTheFetchCommand() {
        let dir = DataDirectory.resolve(environment: [:], currentDirectory: "/nonexistent")
        #expect(message { try dir.load(.mnist, split: .train) }
            == "MNIST is not in Data/mnist (run 'labrun data fetch mnist' or 'make data')")
        #expect(message { try dir.load(.fashionMNIST, split: .test) }
            == "Fashion-MNIST is not in Data/fashion-mnist (run 'labrun data fetch fashion-mnist' or 'make data')")
    }

    @Test func loadsTinyFilesAndChecksThemTogether() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let images = root.appendingPathComponent("i"), labels = root.appendingPathComponent("l")
        try Data(IDXTestFiles.images).write(to: images)
        try Data(IDXTestFiles.gzip(IDXTestFiles.labels)).write(to: labels)
        let d = try DataDirectory.loadPair(kind: .mnist, images: images, labels: labels, split: .test)
        #expect(d.rows == 2 && d.columns == 3 && d.count == 2 && d.labels == [7, 3])
        #expect(Array(d.image(1)) == Array(7...12))

        try Data([0, 0, 8, 1, 0, 0, 0, 2, 7, 12]).write(to: labels)
        #expect(message { try DataDirectory.loadPair(kind: .mnist, images: images, labels: labels, split: .test) }
            == "l: label 12 at index 1 is not a class (0…9)")
        try Data([0, 0, 8, 1, 0, 0, 0, 1, 7]).write(to: labels)
        #expect(message { try DataDirectory.loadPair(kind: .mnist, images: images, labels: labels, split: .test) }
            == "l: 1 labels for 2 images in i")
    }

    /// The real MNIST, when it has been fetched: package root `Data/`, else the integration tree's.
    @Test(.enabled(if: DataTestSupport.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func realMNISTIfPresent() throws {
        let dir = DataTestSupport.packageData
        let train = try dir.load(.mnist, split: .train)
        let validation = try dir.load(.mnist, split: .validation)
        let test = try dir.load(.mnist, split: .test)
        #expect(train.count == 54_000 && validation.count == 6_000 && test.count == 10_000)
        #expect(train.rows == 28 && train.columns == 28 && train.images.count == 54_000 * 784)
        // Well-known facts about MNIST: the first training digit is a 5, the first test digit a 7,
        // and the 60,000 training labels count 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949.
        #expect(train.labels.first == 5 && test.labels.first == 7)
        let all = try dir.load(.mnist, split: .trainAll)
        #expect(all.classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(all.subset(.validation) == validation)
        #expect(try dir.load(.mnist, split: .validation, prefix: 200) == validation.slice(0..<200))
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}
