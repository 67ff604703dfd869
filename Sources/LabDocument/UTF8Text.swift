import Foundation

/// Decodes a user's file (a lab, an answers file) as UTF-8, or says where it is not.
public enum UTF8Text {
    /// The text of `data`, or `path:LINE:COL: error: the file is not valid UTF-8 (byte 0xFF)`
    /// at the first byte that starts no valid UTF-8 sequence.
    public static func decode(_ data: Data, path: String) throws(Diagnostic) -> String {
        let bytes = [UInt8](data)
        guard let offset = firstInvalidByte(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        let before = bytes[..<offset]
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        throw Diagnostic(SourceLocation(file: path, line: line, column: offset - lineStart + 1),
                         "the file is not valid UTF-8 (byte 0x\(byte.count == 1 ? "0" + byte : byte))",
                         hint: "save it as UTF-8")
    }

    /// The offset of the first byte of the first invalid sequence (bad lead byte, missing
    /// continuation, overlong form, surrogate, beyond U+10FFFF), or nil for valid UTF-8.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xED: length = 3; second = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF4: length = 4; second = 0x80...0x8F
            case 0xF1...0xF3: length = 4
            default: return i
            }
            guard i + length <= bytes.count, second.contains(bytes[i + 1]) else { return i }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}
