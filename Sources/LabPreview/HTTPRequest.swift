/// The request line of an HTTP/1.x request: all the server routes on (it serves GET without bodies).
struct HTTPRequest: Equatable, Sendable {
    var method: String
    /// The path of the request target, without query or fragment, still percent-encoded.
    var path: String

    /// Parses the request head; nil when the request line is not `METHOD /target HTTP/1.x`.
    init?(head: [UInt8]) {
        // Header bytes are ASCII by the spec; anything else in the request line makes it malformed.
        let lineEnd = head.firstIndex(of: 0x0A) ?? head.endIndex
        guard let line = String(validating: head[..<lineEnd], as: UTF8.self) else { return nil }
        let parts = line.trimmingSuffix("\r").split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else {
            return nil
        }
        method = String(parts[0])
        let target = parts[1]
        path = String(target.prefix { $0 != "?" && $0 != "#" })
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : Substring(self)
    }
}
