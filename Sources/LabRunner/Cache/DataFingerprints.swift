import Foundation
import Checksum
import LabData

/// Content hashes of data sets for recipes. Each file's hash is remembered by its status
/// (size, times, inode) in a stamp file beside it (see `DataDirectory.contentHash`), so 55 MB
/// are hashed once, and again only when a file changed. The recipe holds the files' actual
/// content: damaged data makes the step run, and loading then refuses it with the fix.
final class DataFingerprints: @unchecked Sendable {
    private let dataDirectory: DataDirectory
    private var known: [DatasetKind: String] = [:]

    init(dataDirectory: URL) {
        self.dataDirectory = DataDirectory(url: dataDirectory)
    }

    /// One hash over the data set's files, or "missing" when one is not there or not a file
    /// (the step will then fail and say so; failures are never cached).
    func fingerprint(_ kind: DatasetKind) -> String {
        if let sha = known[kind] { return sha }
        var all = ""
        for file in kind.files {
            guard let sha = try? dataDirectory.contentHash(of: file, in: kind) else { return "missing" }
            all += sha
        }
        let sha = SHA256.hex(of: Array(all.utf8))
        known[kind] = sha
        return sha
    }
}
