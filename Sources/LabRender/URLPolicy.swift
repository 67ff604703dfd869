import Foundation

/// Which link and image addresses from the lab's text may reach the page.
///
/// A `javascript:` or `vbscript:` link runs code when clicked, and a `data:text/html` image or link
/// opens a page of the lab's making; neither is something a reader expects from a chapter. Allowed:
/// http, https, mailto, addresses without a scheme (relative paths, `#fragments`, `?queries`) and, for
/// images only, `data:` URIs of PNG, JPEG, GIF or WebP pictures.
enum URLPolicy {
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]
    static let imageDataTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// True when `address` may be a link's `href` (or, with `image`, an `<img>`'s `src`).
    static func allows(_ address: String, image: Bool) -> Bool {
        guard let scheme = scheme(of: address) else { return true }
        if allowedSchemes.contains(scheme) { return true }
        guard image, scheme == "data" else { return false }
        let afterColon = normalized(address).drop { $0 != ":" }.dropFirst()
        let type = afterColon.prefix { $0 != ";" && $0 != "," }.lowercased().trimmingCharacters(in: .whitespaces)
        return imageDataTypes.contains(type)
    }

    /// The scheme a browser would see, lowercased; nil for an address without one.
    ///
    /// Browsers strip leading and trailing C0 controls and spaces, drop tabs and newlines anywhere, and
    /// decode character references in attributes; all of that happens here first, so `jav&#x61;script:`,
    /// ` JaVaScRiPt:` and `java\tscript:` are all seen as `javascript`.
    static func scheme(of address: String) -> String? {
        let text = normalized(address)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let candidate = text[..<colon]
        guard let first = candidate.unicodeScalars.first, first.isASCIILetter,
              candidate.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        return candidate.lowercased()
    }

    private static func normalized(_ address: String) -> String {
        let decoded = CharacterReferences.decode(address)
        let scalars = decoded.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let view = String(String.UnicodeScalarView(scalars))
        return view.trimmingCharacters(in: CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x20)))
    }
}

private extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Decoding of HTML numeric character references and the few named ones that spell URL schemes.
/// Only used to judge an address, never to write it: the written address is escaped as given.
enum CharacterReferences {
    private static let named: [String: String] = [
        "colon": ":", "tab": "\t", "newline": "\n", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "#" }
            if let value = value(of: name) {
                out += value
                rest = rest.dropFirst(name.count)
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                out += "&"
            }
        }
        return out + rest
    }

    private static func value(of name: Substring) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
        }
        if name.hasPrefix("#") {
            return UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String($0) }
        }
        return named[name.lowercased()]
    }
}
