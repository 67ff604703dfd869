/// The key of a one-key JSON object that stands for an enum case, e.g. `{"table": {…}}`.
///
/// Enums with associated values are written this way ("externally tagged") rather than with a
/// `"kind"` field: with sorted keys a `"kind"` field would land among the payload's own fields
/// (and `Chart` already has a `kind`), while the tag as the only key reads first.
struct CaseTag: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == CaseTag {
    /// The one key of this object, which must name a case of `Tag`; `what` names the value in
    /// errors, with its article ("an output").
    func onlyTag<Tag: RawRepresentable & CaseIterable>(of what: String, as _: Tag.Type) throws -> Tag
    where Tag.RawValue == String {
        let keys = allKeys.map(\.stringValue).sorted()
        let choices = Tag.allCases.map(\.rawValue).joined(separator: ", ")
        guard keys.count == 1, let tag = keys.first else {
            let found = keys.isEmpty ? "no keys" : "keys " + keys.joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath,
                debugDescription: "\(what) must be an object with one key, its kind (one of \(choices)); found \(found)"))
        }
        guard let known = Tag(rawValue: tag) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath, debugDescription: "unknown kind \"\(tag)\" for \(what); expected one of \(choices)"))
        }
        return known
    }
}
