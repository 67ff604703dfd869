import Checksum
import Foundation

/// SHA-256 of data files, remembered by file status so the 55 MB of a data set are hashed once,
/// not on every run. A stamp file in each data set's folder (`.labrun-sha256.json`) keeps the
/// hashes across runs; a file whose size, modification time, status-change time or inode
/// changed is hashed again. Losing the stamps only costs time.
final class ContentHashes: @unchecked Sendable {
    static let shared = ContentHashes()
    static let stampFileName = ".labrun-sha256.json"

    private struct Stamp: Codable { var status: FileStatus; var sha256: String }
    private var memo: [String: Stamp] = [:]
    private var loadedFolders: Set<String> = []
    private let lock = NSLock()

    /// The file's SHA-256; `status` is its current status (a regular file).
    func sha256(of url: URL, status: FileStatus) throws -> String {
        let folder = url.deletingLastPathComponent()
        let known = lock.withLock { () -> Stamp? in
            loadStamps(in: folder)
            return memo[url.path]
        }
        if let known, known.status == status { return known.sha256 }
        let sha = try SHA256.hex(ofFile: url)
        // Only remember the hash when the file did not change while it was read.
        guard FileStatus.of(url.path) == status else { return sha }
        lock.withLock {
            memo[url.path] = Stamp(status: status, sha256: sha)
            saveStamps(in: folder)
        }
        return sha
    }

    private func loadStamps(in folder: URL) {
        guard loadedFolders.insert(folder.path).inserted else { return }
        let file = folder.appendingPathComponent(Self.stampFileName)
        guard FileStatus.of(file.path)?.isRegularFile == true,
              let data = try? Data(contentsOf: file),
              let stamps = try? JSONDecoder().decode([String: Stamp].self, from: data) else { return }
        for (name, stamp) in stamps where memo[folder.appendingPathComponent(name).path] == nil {
            memo[folder.appendingPathComponent(name).path] = stamp
        }
    }

    private func saveStamps(in folder: URL) {
        let prefix = folder.path + "/"
        var stamps: [String: Stamp] = [:]
        for (path, stamp) in memo where path.hasPrefix(prefix) && !path.dropFirst(prefix.count).contains("/") {
            stamps[String(path.dropFirst(prefix.count))] = stamp
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Best effort: a read-only data folder just means hashing again next run.
        try? encoder.encode(stamps).write(to: folder.appendingPathComponent(Self.stampFileName), options: .atomic)
    }
}
