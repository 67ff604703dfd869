import Foundation
import Checksum
import LabData

/// Content hashes of data sets for recipes. Hashing 55 MB takes a while, so each file's hash
/// is remembered with its size and modification time (`data-hashes.json` in the cache folder):
/// a file that was replaced or edited is hashed again.
final class DataFingerprints: @unchecked Sendable {
    private struct Seen: Codable { var size: Int; var modified: Double; var sha256: String }
    private let dataDirectory: DataDirectory
    private let memoFile: URL?
    private var memo: [String: Seen]
    private var changed = false

    init(dataDirectory: URL, cacheDirectory: URL?) {
        self.dataDirectory = DataDirectory(url: dataDirectory)
        memoFile = cacheDirectory?.appendingPathComponent("data-hashes.json")
        memo = memoFile.flatMap { try? JSONDecoder().decode([String: Seen].self, from: Data(contentsOf: $0)) } ?? [:]
    }

    /// One hash over the data set's files, or "missing" when one is not there (the step
    /// will then fail and say so; failures are never cached).
    func fingerprint(_ kind: DatasetKind) -> String {
        var all = ""
        for file in kind.files {
            guard let sha = hash(dataDirectory.location(of: file, in: kind)) else { return "missing" }
            all += sha
        }
        return SHA256.hex(of: Array(all.utf8))
    }

    private func hash(_ url: URL) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? Int,
              let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 else { return nil }
        if let seen = memo[url.path], seen.size == size, seen.modified == modified { return seen.sha256 }
        guard let sha = try? SHA256.hex(ofFile: url) else { return nil }
        memo[url.path] = Seen(size: size, modified: modified, sha256: sha)
        changed = true
        return sha
    }

    /// Writes the remembered hashes back (best effort: losing them only costs time).
    func save() {
        guard changed, let memoFile else { return }
        try? FileManager.default.createDirectory(at: memoFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? JSONEncoder.stable.encode(memo).write(to: memoFile, options: .atomic)
    }
}
