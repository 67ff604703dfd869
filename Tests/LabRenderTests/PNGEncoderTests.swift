import Foundation
import Testing
import LabDocument
@testable import LabRender

/// Decodes our PNGs with code written from the PNG and zlib specifications, independent of the encoder.
enum PNGReader {
    struct Image { var width: Int; var height: Int; var colorType: UInt8; var rows: [[UInt8]] }

    /// CRC-32 bit by bit (no table), as in the PNG specification's annex.
    static func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ ((crc & 1) == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    static func bigEndian(_ b: ArraySlice<UInt8>) -> UInt32 { b.reduce(0) { $0 << 8 | UInt32($1) } }

    static func decode(_ data: Data) throws -> Image {
        let bytes = [UInt8](data)
        try #require(Array(bytes.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
        var at = 8
        var chunks: [(String, [UInt8])] = []
        while at + 12 <= bytes.count {
            let length = Int(bigEndian(bytes[at..<(at + 4)]))
            let typeAndData = Array(bytes[(at + 4)..<(at + 8 + length)])
            let crc = bigEndian(bytes[(at + 8 + length)..<(at + 12 + length)])
            #expect(crc == bitwiseCRC(typeAndData), "CRC of chunk at \(at)")
            chunks.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            at += 12 + length
        }
        #expect(at == bytes.count)
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].1
        let width = Int(bigEndian(header[0..<4])), height = Int(bigEndian(header[4..<8]))
        #expect(header[8] == 8 && header[10] == 0 && header[11] == 0 && header[12] == 0)
        let raw = try inflateStored(chunks[1].1)
        let channels = header[9] == 4 ? 2 : 1
        try #require(raw.count == height * (1 + width * channels))
        let rows = (0..<height).map { y -> [UInt8] in
            let start = y * (1 + width * channels)
            #expect(raw[start] == 0, "filter type of row \(y)")
            return Array(raw[(start + 1)..<(start + 1 + width * channels)])
        }
        return Image(width: width, height: height, colorType: header[9], rows: rows)
    }

    /// zlib (RFC 1950) holding only stored deflate blocks (RFC 1951 §3.2.4), with the Adler-32 checked.
    static func inflateStored(_ z: [UInt8]) throws -> [UInt8] {
        try #require(z.count >= 6)
        #expect((UInt16(z[0]) << 8 | UInt16(z[1])) % 31 == 0 && z[0] & 0x0F == 8)
        var out: [UInt8] = []
        var at = 2
        while true {
            let header = z[at]
            try #require(header & 0b110 == 0, "only stored blocks expected")
            let len = Int(z[at + 1]) | Int(z[at + 2]) << 8
            let nlen = Int(z[at + 3]) | Int(z[at + 4]) << 8
            #expect(len ^ nlen == 0xFFFF)
            out += z[(at + 5)..<(at + 5 + len)]
            at += 5 + len
            if header & 1 == 1 { break }
        }
        var a = 1, b = 0
        for x in out { a = (a + Int(x)) % 65521; b = (b + a) % 65521 }
        #expect(bigEndian(z[at..<(at + 4)]) == UInt32(b << 16 | a), "Adler-32")
        #expect(at + 4 == z.count)
        return out
    }
}

@Suite struct PNGEncoderTests {
    @Test func checksumsMatchPublishedCheckValues() {
        // CRC-32 of "123456789" is 0xCBF43926 (the standard check value); Adler-32 of "Wikipedia" is 0x11E60398.
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGReader.bitwiseCRC(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGEncoder.adler32([]) == 1)
    }

    @Test func aGrayImageDecodesToItsPixels() throws {
        let pixels: [UInt8] = [0, 64, 128, 255, 1, 2, 3, 4]
        let png = try #require(PNGEncoder.encode(width: 4, height: 2, pixels: pixels))
        let image = try PNGReader.decode(png)
        #expect(image.width == 4 && image.height == 2 && image.colorType == 0)
        #expect(image.rows == [[0, 64, 128, 255], [1, 2, 3, 4]])
    }

    @Test func largeImagesSpanSeveralStoredBlocks() throws {
        // 300 × 300 gray + alpha: 300 × 601 = 180,300 bytes of scanlines, three blocks of at most 65,535.
        let pixels = (0..<(300 * 300 * 2)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let png = try #require(PNGEncoder.encode(width: 300, height: 300, pixels: pixels, format: .grayAlpha))
        let image = try PNGReader.decode(png)
        #expect(image.colorType == 4)
        #expect(image.rows.flatMap { $0 } == pixels)
    }

    @Test func mismatchedSizesAreRefused() {
        #expect(PNGEncoder.encode(width: 3, height: 3, pixels: [0, 0]) == nil)
        #expect(PNGEncoder.encode(width: 0, height: 1, pixels: []) == nil)
        #expect(PNGEncoder.encode(width: 2, height: 1, pixels: [0, 0], format: .grayAlpha) == nil)
    }

    @Test func imageGridsLeaveTransparentGapsBetweenCells() throws {
        let grid = ImageGrid(width: 2, height: 2, columns: 2, images: [[10, 20, 30, 40], [50, 60, 70, 80], [1, 2, 3, 4]])
        let picture = try #require(ImageGridPicture(grid))
        let image = try PNGReader.decode(picture.png)
        // 2 columns of 2 px with a 2 px gap; 2 rows of 2 px with a 2 px gap and no label space.
        #expect(image.width == 6 && image.height == 6)
        #expect(image.rows[0] == [10, 255, 20, 255, 0, 0, 0, 0, 50, 255, 60, 255])
        #expect(image.rows[5] == [3, 255, 4, 255, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(picture.svg(label: "x").contains("data:image/png;base64,\(picture.png.base64EncodedString())"))
    }

    @Test func emptyOrWronglySizedGridsDoNotCrash() {
        #expect(ImageGridPicture(ImageGrid(width: 0, height: 2, columns: 1, images: [[]])) == nil)
        #expect(ImageGridPicture(ImageGrid(width: 2, height: 2, columns: 3, images: [])) == nil)
        #expect(ImageGridPicture(ImageGrid(width: 2, height: 2, columns: 0, images: [[1, 2, 3]], labels: ["a", "b"])) != nil)
    }
}
