/// JSON for values, as step results store them in the step cache and the lock file.
///
/// Plain JSON where JSON can say it unambiguously: `null`, `true`, `0.1`, `"text"`, `[…]`.
/// Two shapes are tagged objects: a number JSON cannot hold is `{"number": "nan"}` (see
/// `JSONNumber`; a bare `"nan"` would read back as a string), and a record is
/// `{"record": [["key", value], …]}`: pairs, not a JSON object, because decoders hand object
/// keys back in no particular order and records keep theirs.
extension Value: Codable {
    private enum Tag: String, CaseIterable { case number, record }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let x) where x.isFinite:
            var c = encoder.singleValueContainer()
            try c.encode(x)
        case .number(let x):
            var c = encoder.container(keyedBy: CaseTag.self)
            try c.encode(JSONNumber(x), forKey: CaseTag("number"))
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .record(let record):
            var c = encoder.container(keyedBy: CaseTag.self)
            try c.encode(record, forKey: CaseTag("record"))
        }
    }

    public init(from decoder: any Decoder) throws {
        // Scalars first; a failed `try?` here only means "not this JSON type".
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() { self = .null; return }
            if let b = try? c.decode(Bool.self) { self = .bool(b); return }
            if let x = try? c.decode(Double.self) { self = .number(x); return }
            if let s = try? c.decode(String.self) { self = .string(s); return }
        }
        // Containers: errors inside them propagate with their coding path.
        if var c = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !c.isAtEnd { items.append(try c.decode(Value.self)) }
            self = .list(items)
            return
        }
        let c = try decoder.container(keyedBy: CaseTag.self)
        switch try c.onlyTag(of: "a tagged value", as: Tag.self) {
        case .number: self = .number(try c.decode(JSONNumber.self, forKey: CaseTag("number")).value)
        case .record: self = .record(try c.decode(Record.self, forKey: CaseTag("record")))
        }
    }
}

/// A record is a JSON array of `[key, value]` pairs, in the record's key order.
extension Record: Codable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        for (key, value) in pairs {
            var pair = c.nestedUnkeyedContainer()
            try pair.encode(key)
            try pair.encode(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        var c = try decoder.unkeyedContainer()
        while !c.isAtEnd {
            var pair = try c.nestedUnkeyedContainer()
            let key = try pair.decode(String.self)
            let value = try pair.decode(Value.self)
            guard pair.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    in: pair, debugDescription: "a record entry must be a [key, value] pair; this one has more items")
            }
            guard self[key] == nil else {
                throw DecodingError.dataCorruptedError(in: pair, debugDescription: "duplicate record key \"\(key)\"")
            }
            self[key] = value
        }
    }
}
