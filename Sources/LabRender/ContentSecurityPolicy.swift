import Foundation

/// The page's Content-Security-Policy: only the scripts and styles labrun wrote may run or apply,
/// each allowed by the SHA-256 of its exact text, so nothing the lab's text smuggles in can.
///
/// A `<meta>` tag rather than a header: the page is a file, opened without a server.
struct ContentSecurityPolicy {
    /// Texts of the inline `<script>` elements, exactly as between the tags.
    var scripts: [String]
    /// Texts of the inline `<style>` elements.
    var styles: [String]
    /// Values of `style="…"` attributes (allowed with 'unsafe-hashes', which covers attributes only).
    var styleAttributes: [String]

    var policy: String {
        let scriptSources = scripts.isEmpty ? "'none'" : Self.hashes(scripts)
        var styleSources = styles.isEmpty && styleAttributes.isEmpty ? "'none'" : Self.hashes(styles)
        if !styleAttributes.isEmpty { styleSources += (styles.isEmpty ? "" : " ") + "'unsafe-hashes' " + Self.hashes(styleAttributes) }
        return "script-src \(scriptSources); style-src \(styleSources); object-src 'none'; base-uri 'none'"
    }

    var metaTag: String {
        "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"
    }

    /// Distinct hash sources in first-use order (the same attribute value is common in charts).
    private static func hashes(_ texts: [String]) -> String {
        var seen: Set<String> = []
        return texts.map { "'sha256-\(Digest.sha256Base64($0))'" }.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    /// The values of the `style="…"` attributes in rendered HTML, decoded as a browser reads them.
    ///
    /// Every attribute labrun writes is escaped with ``Escape/html(_:)``, so a quote inside text or a
    /// value is `&quot;`: a bare ` style="` in the output is an attribute labrun (or opted-in raw HTML) wrote.
    /// Scans the UTF-8 bytes: `range(of:)` on a large page goes through UTF-16 offsets and was
    /// a fifth of a whole no-step course render.
    static func styleAttributes(in html: String) -> [String] {
        let marker = Array(" style=\"".utf8)
        let quote = UInt8(ascii: "\"")
        var values: [String] = []
        var html = html
        html.withUTF8 { bytes in
            var i = 0
            while i + marker.count <= bytes.count {
                guard bytes[i] == marker[0], zip(marker.indices, marker).allSatisfy({ bytes[i + $0] == $1 }) else {
                    i += 1
                    continue
                }
                let start = i + marker.count
                guard let end = bytes[start...].firstIndex(of: quote) else { break }
                values.append(unescape(Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))))
                i = end + 1
            }
        }
        return values
    }

    /// Undoes ``Escape/html(_:)``.
    private static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
