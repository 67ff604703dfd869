import Foundation
import Testing
@testable import LabData

/// Reading only some records of an IDX file: same records as reading it all, same checks.
@Suite struct IDXRecordTests {
    /// `count` records of 2×3 bytes; record i holds 6i…6i+5 (mod 256).
    static func idx(records count: Int, rows: Int = 2, columns: Int = 3) -> [UInt8] {
        let header = IDXFile(elementType: .uint8, dimensions: [count, rows, columns], bytes: []).encoded()
        return header + (0..<count * rows * columns).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
    }

    static func write(_ bytes: [UInt8], name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: [false, true])
    func recordsEqualTheSameSliceOfTheWholeFile(gzip: Bool) throws {
        let dir = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 3,000 records of 28×28: 2.35 MB inflated, so the wanted range crosses zlib's 1 MiB chunks.
        let raw = Self.idx(records: 3000, rows: 28, columns: 28)
        let url = try Self.write(gzip ? IDXTestFiles.gzip(raw) : raw, name: "f", in: dir)
        let whole = try IDXFile.read(contentsOf: url)
        var seen = 0
        let part = try IDXFile.read(contentsOf: url) { seen = $0; return 1300..<1400 }
        #expect(seen == 3000)
        #expect(part.dimensions == [100, 28, 28])
        #expect(part.bytes == Array(whole.bytes[1300 * 784..<1400 * 784]))
        // Ranges are clamped to the file.
        let tail = try IDXFile.read(contentsOf: url) { _ in 2990..<4000 }
        #expect(tail.dimensions == [10, 28, 28])
        #expect(tail.bytes == Array(whole.bytes[(2990 * 784)...]))
        #expect(try IDXFile.read(contentsOf: url) { _ in 0..<0 }.bytes.isEmpty)
    }

    @Test(arguments: [false, true])
    func lengthIsCheckedEvenWhenOnlyTheFirstRecordsAreWanted(gzip: Bool) throws {
        let dir = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = Self.idx(records: 10)
        let short = try Self.write(gzip ? IDXTestFiles.gzip(Array(raw.dropLast(5))) : Array(raw.dropLast(5)), name: "s", in: dir)
        #expect(message { try IDXFile.read(contentsOf: short) { _ in 0..<1 } }
            == "s: truncated: header says 10×2×3 = 60 bytes of data, file has 55")
        let long = try Self.write(gzip ? IDXTestFiles.gzip(raw + [1, 2]) : raw + [1, 2], name: "l", in: dir)
        #expect(message { try IDXFile.read(contentsOf: long) { _ in 0..<1 } }
            == "l: 2 unexpected bytes after the data: header says 10×2×3 = 60 bytes of data, file has 62")
        let header = try Self.write(gzip ? IDXTestFiles.gzip([0, 0, 8, 3, 0, 0]) : [0, 0, 8, 3, 0, 0], name: "h", in: dir)
        #expect(message { try IDXFile.read(contentsOf: header) { _ in 0..<1 } }
            == "h: truncated header: 3 dimensions need 16 bytes, file has 6")
        let magic = try Self.write(gzip ? IDXTestFiles.gzip([0x50, 0x4B, 3, 4, 0, 0]) : [0x50, 0x4B, 3, 4, 0, 0], name: "m", in: dir)
        #expect(message { try IDXFile.read(contentsOf: magic) { _ in 0..<1 } }
            == "m: not an IDX file: magic bytes 50 4b 03 04, expected 00 00 <type> <dimension count>")
    }

    @Test func gzipIsInflatedToItsEndAndChecked() throws {
        let dir = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var compressed = IDXTestFiles.gzip(Self.idx(records: 10))
        let trailing = try Self.write(compressed + [0], name: "t.gz", in: dir)
        #expect(message { try IDXFile.read(contentsOf: trailing) { _ in 0..<1 } }
            == "t.gz: corrupt gzip data: 1 bytes after the end of the gzip stream")
        compressed[compressed.count - 8] ^= 1  // the CRC-32 of the inflated data
        let badCRC = try Self.write(compressed, name: "c.gz", in: dir)
        #expect(message { try IDXFile.read(contentsOf: badCRC) { _ in 0..<1 } } == "c.gz: corrupt gzip data: incorrect data check")
    }

    @Test func firstImagesOfASplitAreThoseOfTheWholeSplit() throws {
        let root = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var dir = DataDirectory(url: root)
        dir.checksPins = false  // hand-made files, not MNIST's
        try FileManager.default.createDirectory(at: dir.directory(of: .mnist), withIntermediateDirectories: true)
        let labels = { (n: Int) in IDXFile(elementType: .uint8, dimensions: [n], bytes: (0..<n).map { UInt8($0 % 10) }).encoded() }
        try Data(Self.idx(records: 20)).write(to: dir.location(of: DatasetKind.mnist.file(.trainImages), in: .mnist))
        try Data(IDXTestFiles.gzip(labels(20))).write(to: dir.location(of: DatasetKind.mnist.file(.trainLabels), in: .mnist))
        try Data(IDXTestFiles.gzip(Self.idx(records: 5))).write(to: dir.location(of: DatasetKind.mnist.file(.testImages), in: .mnist))
        try Data(labels(5)).write(to: dir.location(of: DatasetKind.mnist.file(.testLabels), in: .mnist))
        for split in DatasetSplit.allCases {
            let whole = try dir.load(.mnist, split: split)
            for count in [0, 1, 3, 100] {
                let first = try dir.load(.mnist, split: split, prefix: count)
                #expect(first == whole.slice(0..<min(count, whole.count)), "\(split), \(count)")
            }
        }
        try Data(labels(19)).write(to: dir.location(of: DatasetKind.mnist.file(.trainLabels), in: .mnist))
        #expect(message { try dir.load(.mnist, split: .validation, prefix: 1) }
            == "\(root.path)/mnist/train-labels.idx1-ubyte: 19 labels for 20 images in \(root.path)/mnist/train-images.idx3-ubyte"
            + " (run 'labrun data fetch --force mnist' to fetch it again)")
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}
