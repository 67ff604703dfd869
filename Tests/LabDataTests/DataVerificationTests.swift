import Checksum
import Foundation
import Testing
@testable import LabData

/// Data that fails its pinned SHA-256, or is not a file at all, is refused with its full path
/// and the next step; it is never used.
@Suite struct DataVerificationTests {
    /// A tiny "MNIST" in a scratch data directory: 10 training and 10 test images of 2×3 pixels.
    /// Random pixels and labels: each test's files are its own (accepted hashes are per process).
    private func tinyMNIST() throws -> (DataDirectory, [DatasetFile.Role: Data]) {
        let root = try IDXTestFiles.scratchDirectory()
        let dir = DataDirectory(url: root)
        try FileManager.default.createDirectory(at: dir.directory(of: .mnist), withIntermediateDirectories: true)
        let images = Data(IDXFile(elementType: .uint8, dimensions: [10, 2, 3], bytes: (0..<60).map { _ in .random(in: 0...255) }).encoded())
        let labels = Data(IDXFile(elementType: .uint8, dimensions: [10], bytes: (0..<10).map { _ in .random(in: 0...9) }).encoded())
        var written: [DatasetFile.Role: Data] = [:]
        for file in DatasetKind.mnist.files {
            let bytes = file.name.contains("images") ? images : labels
            try bytes.write(to: dir.location(of: file, in: .mnist))
            written[file.role] = bytes
        }
        return (dir, written)
    }

    private func path(_ dir: DataDirectory, _ role: DatasetFile.Role) -> String {
        dir.location(of: DatasetKind.mnist.file(role), in: .mnist).path
    }

    @Test func dataThatFailsItsPinnedHashIsRefusedWithItsPathAndTheFix() throws {
        let (dir, written) = try tinyMNIST()
        defer { try? FileManager.default.removeItem(at: dir.url) }
        // The images file is checked first.
        let actual = SHA256.hex(of: [UInt8](written[.testImages]!))
        #expect(message { try dir.load(.mnist, split: .test) } == "\(path(dir, .testImages)): SHA-256 mismatch: expected"
            + " 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7, got \(actual): the file is damaged or not"
            + " MNIST's (run 'labrun data fetch --force mnist' to fetch it again)")
        // The first `count` images are checked the same way.
        #expect(message { try dir.load(.mnist, split: .test, prefix: 2) }.hasPrefix("\(path(dir, .testImages)): SHA-256 mismatch"))
        // With the images accepted, the labels are refused the same way.
        DataPins.accept(actual)
        #expect(message { try dir.load(.mnist, split: .test) }.hasPrefix("\(path(dir, .testLabels)): SHA-256 mismatch: expected"
            + " ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2, got "))
    }

    @Test func acceptedContentLoadsAndAnEditKeepingSizeAndTimeIsCaught() throws {
        let (dir, written) = try tinyMNIST()
        defer { try? FileManager.default.removeItem(at: dir.url) }
        for bytes in Set(written.values) { DataPins.accept(SHA256.hex(of: [UInt8](bytes))) }
        #expect(try dir.load(.mnist, split: .test).labels == [UInt8](written[.testLabels]!.dropFirst(8)))
        // Relabel one image in place, same size, and set the modification time back.
        let labels = dir.location(of: DatasetKind.mnist.file(.testLabels), in: .mnist)
        let modified = try FileManager.default.attributesOfItem(atPath: labels.path)[.modificationDate] as! Date
        let handle = try FileHandle(forUpdating: labels)
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data([(written[.testLabels]![8] + 1) % 10]))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: labels.path)
        #expect(message { try dir.load(.mnist, split: .test) }.hasPrefix("\(labels.path): SHA-256 mismatch"))
    }

    @Test func aDirectoryInPlaceOfAFileIsNamedAsSuch() throws {
        let (dir, written) = try tinyMNIST()
        for bytes in Set(written.values) { DataPins.accept(SHA256.hex(of: [UInt8](bytes))) }
        defer { try? FileManager.default.removeItem(at: dir.url) }
        let labels = path(dir, .testLabels)
        try FileManager.default.removeItem(atPath: labels)
        try FileManager.default.createDirectory(atPath: labels, withIntermediateDirectories: false)
        #expect(message { try dir.load(.mnist, split: .test) }
            == "\(labels): is a directory, not a data file (remove it, then run 'labrun data fetch --force mnist' to fetch it again)")
        #expect(message { try dir.verify(.mnist) }.hasSuffix("is a directory, not a data file (remove it, then run 'labrun data fetch --force mnist' to fetch it again)"))
    }

    @Test func aFIFOInPlaceOfAFileIsNamedAndNeverOpened() throws {
        let (dir, _) = try tinyMNIST()
        defer { try? FileManager.default.removeItem(at: dir.url) }
        let images = path(dir, .testImages)
        try FileManager.default.removeItem(atPath: images)
        #expect(mkfifo(images, 0o644) == 0)
        // Opening a FIFO with no writer would block this test forever.
        #expect(message { try dir.load(.mnist, split: .test) }
            == "\(images): is a FIFO, not a data file (remove it, then run 'labrun data fetch --force mnist' to fetch it again)")
    }

    @Test(.enabled(if: getuid() != 0, "root reads any file"))
    func anUnreadableFileSaysSoPlainly() throws {
        let (dir, _) = try tinyMNIST()
        defer { try? FileManager.default.removeItem(at: dir.url) }
        let labels = path(dir, .testLabels)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: labels)
        #expect(message { try dir.load(.mnist, split: .test) }
            == "\(labels): cannot read: Permission denied (check its permissions, then run 'labrun data fetch --force mnist' to fetch it again)")
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}

extension DataVerificationTests {
    /// The IDX reader itself never opens a FIFO (it would wait for a writer forever).
    @Test func theIDXReaderRefusesAFIFO() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("f")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(message { try IDXFile.read(contentsOf: fifo) } == "f: cannot read: it is a FIFO, not a file")
        #expect(message { try IDXFile.read(contentsOf: fifo) { _ in 0..<1 } } == "f: cannot read: it is a FIFO, not a file")
    }
}
