import Foundation
import Testing
@testable import LabData

@Suite struct IDXFileTests {
    @Test func readsRawGolden() throws {
        let file = try IDXFile.parse(IDXTestFiles.images, name: "x.idx3-ubyte")
        #expect(file.elementType == .uint8)
        #expect(file.dimensions == [2, 2, 3])
        #expect(file.bytes == Array(1...12))
        #expect(file.count == 12)
        #expect(file.encoded() == IDXTestFiles.images)
    }

    @Test func readsGzipGolden() throws {
        let gz = IDXTestFiles.gzip(IDXTestFiles.labels)
        #expect(gz.prefix(2) == [0x1F, 0x8B])
        let file = try IDXFile.parse(gz, name: "labels.gz")
        #expect(file.dimensions == [2])
        #expect(file.bytes == [7, 3])
    }

    @Test func readsFromDisk() throws {
        let dir = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("images.gz")
        try Data(IDXTestFiles.gzip(IDXTestFiles.images)).write(to: url)
        #expect(try IDXFile.read(contentsOf: url).bytes == Array(1...12))
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let dir = try IDXTestFiles.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.idx")
        try Data(count: 2000).write(to: url)
        #expect(message { try IDXFile.read(contentsOf: url, byteLimit: 10) }
            == "big.idx: 2,000 bytes, more than the limit of 10 bytes of data; refusing (not an IDX data set?)")
    }

    @Test func missingFileMessage() {
        #expect(throws: IDXError.self) { try IDXFile.read(contentsOf: URL(fileURLWithPath: "/nonexistent/a.idx")) }
    }

    @Test func truncatedMessageWordForWord() {
        // The MNIST header with only 1,234 bytes of pixels.
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]
        let bytes = header + [UInt8](repeating: 0, count: 1234)
        #expect(message { try IDXFile.parse(bytes, name: "train-images.idx3-ubyte") }
            == "train-images.idx3-ubyte: truncated: header says 60000×28×28 = 47,040,000 bytes of data, file has 1,234")
    }

    @Test func trailingBytesMessage() {
        #expect(message { try IDXFile.parse(IDXTestFiles.labels + [9, 9], name: "l") }
            == "l: 2 unexpected bytes after the data: header says 2 = 2 bytes of data, file has 4")
    }

    @Test func wrongMagicMessage() {
        #expect(message { try IDXFile.parse([0x50, 0x4B, 3, 4, 0, 0], name: "a.zip") }
            == "a.zip: not an IDX file: magic bytes 50 4b 03 04, expected 00 00 <type> <dimension count>")
        #expect(message { try IDXFile.parse([0, 0, 8, 0], name: "z") }
            == "z: not an IDX file: magic bytes 00 00 08 00, expected 00 00 <type> <dimension count>")
    }

    @Test func unknownTypeMessage() {
        #expect(message { try IDXFile.parse([0, 0, 0x0A, 1, 0, 0, 0, 0], name: "t") }
            == "t: unknown IDX element type 0x0a (expected 08, 09, 0b, 0c, 0d or 0e)")
    }

    @Test func shortAndTruncatedHeaderMessages() {
        #expect(message { try IDXFile.parse([0, 0], name: "s") } == "s: not an IDX file: 2 bytes, shorter than an IDX header")
        #expect(message { try IDXFile.parse([0, 0, 8, 3, 0, 0, 0, 2, 0, 0], name: "h") }
            == "h: truncated header: 3 dimensions need 16 bytes, file has 10")
    }

    @Test func hugeDimensionsAreRefusedWithoutAllocating() {
        let header: [UInt8] = [0, 0, 0x0E, 3] + [0xFF, 0xFF, 0xFF, 0xFF] + [0xFF, 0xFF, 0xFF, 0xFF] + [0x7F, 0, 0, 0]
        #expect(message { try IDXFile.parse(header, name: "big") }
            == "big: header says 4294967295×4294967295×2130706432, more than the limit of 268,435,456 bytes")
        let justOver: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 11]
        #expect(message { try IDXFile.parse(justOver, name: "b", byteLimit: 10) }
            == "b: header says 11, more than the limit of 10 bytes")
    }

    /// Found by `make fuzz` (Fuzz/crashes/idx): no records, but one record would overflow `Int`.
    @Test func zeroRecordsWithHugeRecordsAreRefused() {
        let header: [UInt8] = [0, 0, 0x0E, 4] + [0, 0, 0, 0] + [0x0C, 0, 0, 0x01] + [0x02, 0, 0, 0] + [0x02, 0x03, 0x2D, 0xE0]
        #expect(message { try IDXFile.parse(header, name: "empty") }
            == "empty: header says 0×201326593×33554432×33762784, more than the limit of 268,435,456 bytes")
    }

    @Test func corruptAndTruncatedGzip() {
        let gz = IDXTestFiles.gzip(IDXTestFiles.images)
        #expect(message { try IDXFile.parse(Array(gz.dropLast(9)), name: "c.gz") }
            == "c.gz: corrupt gzip data: unexpected end of the compressed data")
        #expect(message { try IDXFile.parse(gz + [1, 2, 3], name: "c.gz") }
            == "c.gz: corrupt gzip data: 3 bytes after the end of the gzip stream")
        var flipped = gz
        flipped[3] = 0xE0  // reserved header flag bits set
        #expect(message { try IDXFile.parse(flipped, name: "c.gz") } == "c.gz: corrupt gzip data: unknown header flags set")
    }

    @Test func decompressionBombIsCapped() {
        let zeros = IDXTestFiles.gzip([UInt8](repeating: 0, count: 4 << 20))
        #expect(zeros.count < 10_000)
        #expect(message { try Gzip.inflate(zeros, name: "bomb.gz", limit: 1 << 20) }
            == "bomb.gz: inflates to more than 1,048,576 bytes; refusing (not an IDX data set?)")
    }

    /// Random truncations and bit flips of raw and gzip files: each either parses to something
    /// consistent or throws an `IDXError`, never crashes.
    @Test func fuzzTruncationsAndBitFlips() {
        var rng = SeededGenerator(seed: 2026)  // reproducible: a failure shows up again on rerun
        for original in [IDXTestFiles.images, IDXTestFiles.labels, IDXTestFiles.gzip(IDXTestFiles.images)] {
            for trial in 0..<400 {
                var bytes = original
                if trial % 2 == 0 {
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
                } else {
                    for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                    }
                }
                do {
                    let file = try IDXFile.parse(bytes, name: "fuzz", byteLimit: 1 << 16)
                    #expect(file.bytes.count == file.count * file.elementType.size)
                } catch {
                    #expect(error is IDXError)
                }
            }
        }
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}

/// A fixed-seed generator (SplitMix64) for the fuzz test.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
