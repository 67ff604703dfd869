import Foundation

/// A minimal PNG writer for 8-bit grayscale pictures (with or without alpha).
/// The zlib stream uses stored (uncompressed) deflate blocks: the pictures are small, and this keeps
/// the encoder a few lines that are easy to check.
public enum PNGEncoder {
    /// The pixel layout of the bytes passed to `encode`.
    public enum Format: UInt8, Sendable {
        /// One byte per pixel, 0 = black.
        case gray = 0
        /// Two bytes per pixel: gray, then alpha (0 = transparent).
        case grayAlpha = 4

        var bytesPerPixel: Int { self == .gray ? 1 : 2 }
    }

    /// Encodes `pixels` (row-major, `width * height * bytesPerPixel` bytes) as a PNG file.
    /// Returns nil when the sizes do not match or are not positive.
    public static func encode(width: Int, height: Int, pixels: [UInt8], format: Format = .gray) -> Data? {
        let rowBytes = width * format.bytesPerPixel
        guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24, pixels.count == rowBytes * height else {
            return nil
        }
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter type None
            raw.append(contentsOf: pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
        }
        var header = [UInt8]()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, format.rawValue, 0, 0, 0]  // bit depth, colour type, deflate, adaptive filters, no interlace

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", zlibStored(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return Data(png)
    }

    /// A zlib stream of stored deflate blocks (each at most 65,535 bytes) and the Adler-32 trailer.
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32K window, no dictionary; (0x7801 % 31 == 0)
        var start = 0
        repeat {
            let count = min(65_535, bytes.count - start)
            let isLast = start + count == bytes.count
            out.append(isLast ? 1 : 0)  // BFINAL, BTYPE = 00 (stored)
            let len = UInt16(count)
            out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
            out.append(contentsOf: bytes[start..<(start + count)])
            start += count
        } while start < bytes.count
        out.appendBigEndian(adler32(bytes))
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        png += typed
        png.appendBigEndian(crc32(typed))
    }

    /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) as PNG chunks use it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc = crcTable[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Adler-32 (RFC 1950).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for chunk in stride(from: 0, to: bytes.count, by: 5_552) {  // largest run without UInt32 overflow
            for x in bytes[chunk..<min(chunk + 5_552, bytes.count)] {
                a += UInt32(x)
                b += a
            }
            a %= 65_521
            b %= 65_521
        }
        return b << 16 | a
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendBigEndian(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)])
    }
}
