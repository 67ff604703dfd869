import Testing
import LabData

@Suite struct DeflateTests {
    @Test func zerosCompressToAlmostNothing() {
        let size = Deflate.compressedSize([UInt8](repeating: 0, count: 100_000))
        #expect(size > 0 && size < 200, "100,000 zero bytes deflate to \(size) bytes")
    }

    @Test func randomBytesDoNotCompress() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        let bytes = (0..<100_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let size = Deflate.compressedSize(bytes)
        // Stored blocks: the bytes plus a few header bytes per 64 KiB block.
        #expect(size >= 100_000 && size < 100_100, "100,000 random bytes deflate to \(size) bytes")
    }

    @Test func knownSmallInputs() {
        // zlib's raw deflate of nothing is one empty fixed block (2 bytes: 03 00).
        #expect(Deflate.compressedSize([]) == 2)
        // Repeating text compresses well below its length.
        let text = [UInt8](String(repeating: "pruned weights are zeros. ", count: 400).utf8)
        #expect(Deflate.compressedSize(text) < text.count / 20)
    }
}
