import Checksum
import Foundation

/// The page's Content-Security-Policy hashes: SHA-256 (the one in Checksum) in base64.
enum Digest {
    /// The digest of the UTF-8 bytes of `text`, base64-encoded as CSP hash sources write it.
    static func sha256Base64(_ text: String) -> String {
        Data(sha256(Array(text.utf8))).base64EncodedString()
    }

    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(message)
        return hash.finalize()
    }
}
