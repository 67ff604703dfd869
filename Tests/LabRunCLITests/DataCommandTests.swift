import ArgumentParser
import Foundation
import LabData
import Testing
@testable import LabRunCLI

@Suite struct DataCommandTests {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("data-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func parsesFetchWithSelectionAndDirectory() throws {
        let command = try DataCommand.parseAsRoot(["fetch", "fashion-mnist", "--data-dir", "/srv/d"])
        let fetch = try #require(command as? DataCommand.Fetch)
        #expect(fetch.selection == .fashionMNIST)
        #expect(fetch.options.directory.url.path == "/srv/d")
        let all = try #require(try DataCommand.parseAsRoot(["fetch"]) as? DataCommand.Fetch)
        #expect(all.selection == .all)
    }

    @Test func rejectsAnUnknownDataSet() {
        do {
            _ = try DataCommand.parseAsRoot(["fetch", "cifar"])
            Issue.record("parsed")
        } catch {
            #expect(DataCommand.message(for: error).contains("The value 'cifar' is invalid for '<data-set>'"))
        }
    }

    @Test func listsMissingDataSetsWithTheCommandThatFetchesThem() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let lines = DataCommand.List.listing(DataDirectory(url: root, displayPath: "D"), verify: true)
        #expect(lines == [
            "MNIST          missing  D/mnist  (run 'labrun data fetch mnist')",
            "Fashion-MNIST  missing  D/fashion-mnist  (run 'labrun data fetch fashion-mnist')",
        ])
    }

    @Test func listsCountsAndChecksums() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let images = IDXFile(elementType: .uint8, dimensions: [3, 1, 1], bytes: [0, 1, 2]).encoded()
        let labels = IDXFile(elementType: .uint8, dimensions: [3], bytes: [0, 1, 2]).encoded()
        for file in DatasetKind.mnist.files {
            try Data(file.name.contains("images") ? images : labels).write(to: dir.appendingPathComponent(file.name))
        }
        let directory = DataDirectory(url: root, displayPath: "D")
        #expect(DataCommand.List.listing(directory, verify: false).first == "MNIST          present  D/mnist  3 train + 3 test  not verified")
        let verified = DataCommand.List.listing(directory, verify: true).first ?? ""
        #expect(verified.hasPrefix("MNIST          present  D/mnist  3 train + 3 test  NOT verified: D/mnist/train-images.idx3-ubyte: SHA-256 mismatch"))
        #expect(verified.hasSuffix(": the file is damaged or not MNIST's (run 'labrun data fetch --force mnist' to fetch it again)"))
    }

    /// Copies Debian's Fashion-MNIST when installed; a second fetch finds it already there.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: DataFetcher.debianFashionDirectory.path),
                   "Debian's dataset-fashion-mnist is not installed"))
    func fetchesFashionMNISTFromDebian() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let fetch = try #require(try DataCommand.parseAsRoot(["fetch", "fashion-mnist", "--data-dir", root.path]) as? DataCommand.Fetch)
        try fetch.run()
        let line = DataCommand.List.listing(DataDirectory(url: root, displayPath: "D"), verify: true)[1]
        #expect(line == "Fashion-MNIST  present  D/fashion-mnist  60,000 train + 10,000 test  verified")
    }

    /// Downloads MNIST with pip; needs the network, so it runs only with LABRUN_NETWORK_TESTS=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LABRUN_NETWORK_TESTS"] == "1", "needs the network: LABRUN_NETWORK_TESTS=1"))
    func fetchesMNISTWithPip() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let fetch = try #require(try DataCommand.parseAsRoot(["fetch", "mnist", "--data-dir", root.path]) as? DataCommand.Fetch)
        try fetch.run()
        let line = DataCommand.List.listing(DataDirectory(url: root, displayPath: "D"), verify: true)[0]
        #expect(line == "MNIST          present  D/mnist  60,000 train + 10,000 test  verified")
    }
}
