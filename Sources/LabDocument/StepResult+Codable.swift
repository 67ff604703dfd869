import Foundation

/// A step result as JSON, for the step cache and the committed lock file:
/// `{"artifacts": […], "fields": [["name", value], …], "outputs": [output, …]}`.
///
/// The format is pinned by a golden test (`StepResultCodingTests`): change it only on purpose,
/// since committed lock files must keep reading back. Every double reads back with the same bits,
/// non-finite ones included (`JSONNumber`); record key order is kept (`Record`'s pairs).
extension StepResult: Codable {
    private enum Keys: String, CodingKey { case fields, outputs, artifacts }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(fields, forKey: .fields)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(artifacts, forKey: .artifacts)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(fields: try c.decode(Record.self, forKey: .fields), outputs: try c.decode([Output].self, forKey: .outputs),
                  artifacts: try c.decode([String].self, forKey: .artifacts))
    }
}

extension StepResult {
    /// The encoder for lab JSON: sorted keys (stable diffs), `/` unescaped (paths stay readable),
    /// compact unless `pretty`. Use it for any file that embeds step results.
    public static func jsonEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// This result as compact JSON with sorted keys (see `jsonEncoder`).
    public func jsonData(pretty: Bool = false) throws -> Data {
        try Self.jsonEncoder(pretty: pretty).encode(self)
    }

    /// Reads a result written by `jsonData()`. Throws `DecodingError` for malformed or truncated
    /// JSON, an unknown output kind or a missing field.
    public init(json: Data) throws {
        self = try JSONDecoder().decode(StepResult.self, from: json)
    }
}
