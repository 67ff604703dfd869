/// A `Double` as JSON, read back with the same bits.
///
/// Finite numbers are JSON numbers (`JSONEncoder` writes the shortest digits that read back to the
/// same double, `-0` included). JSON has no spelling for the others, so they are strings:
/// `"inf"`, `"-inf"`, `"nan"` for `Double.nan`, and `"nan:0x…"` (the 16 hex digits of the bit
/// pattern) for any other NaN, e.g. the negative NaN that `0/0` gives on x86.
struct JSONNumber: Codable {
    var value: Double

    init(_ value: Double) { self.value = value }

    /// The string for a non-finite number.
    static func name(of x: Double) -> String {
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        if x.bitPattern == Double.nan.bitPattern { return "nan" }
        let hex = String(x.bitPattern, radix: 16)
        return "nan:0x" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The number a string from `name(of:)` stands for, or nil.
    static func parse(_ s: String) -> Double? {
        switch s {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default:
            guard s.hasPrefix("nan:0x"), s.count == 22, let bits = UInt64(s.dropFirst(6), radix: 16) else { return nil }
            let x = Double(bitPattern: bits)
            return x.isNaN ? x : nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if value.isFinite { try c.encode(value) } else { try c.encode(Self.name(of: value)) }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) {
            value = x
        } else if let s = try? c.decode(String.self), let x = Self.parse(s) {
            value = x
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a number, or \"inf\", \"-inf\", \"nan\" or \"nan:0x…\"")
        }
    }
}

extension KeyedEncodingContainer {
    /// Encodes a double that may be non-finite (see `JSONNumber`).
    mutating func encodeNumber(_ x: Double, forKey key: Key) throws { try encode(JSONNumber(x), forKey: key) }
    mutating func encodeNumbers(_ xs: [Double], forKey key: Key) throws { try encode(xs.map(JSONNumber.init), forKey: key) }
}

extension KeyedDecodingContainer {
    func decodeNumber(forKey key: Key) throws -> Double { try decode(JSONNumber.self, forKey: key).value }
    func decodeNumbers(forKey key: Key) throws -> [Double] { try decode([JSONNumber].self, forKey: key).map(\.value) }
}
