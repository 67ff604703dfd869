import Foundation
import Checksum
import LabData
import LabDocument

/// Results of earlier runs, by recipe key, in a folder (`.labrun/` by default, gitignored):
/// `steps/KEY.json` holds a `StepRecord`; `objects/SHA256` holds artifact and payload bytes,
/// stored once by content. Everything read back is checked; a damaged entry is a miss that
/// says why, and the step runs again.
public struct StepCache: Sendable {
    public let directory: URL
    /// Records already read in this process: a run looks each key up more than once.
    private let memo = Memo()

    public init(directory: URL) { self.directory = directory }

    /// The folder used when none is given: `.labrun` in the working directory.
    public static let defaultFolder = ".labrun"

    public enum Lookup: Sendable {
        case hit(StepRecord)
        case miss
        /// An entry exists but cannot be used; the text says why.
        case damaged(String)
    }

    private var steps: URL { directory.appendingPathComponent("steps") }
    private var objects: URL { directory.appendingPathComponent("objects") }
    private func entry(_ key: String) -> URL { steps.appendingPathComponent("\(key).json") }
    func object(_ sha: String) -> URL { objects.appendingPathComponent(sha) }

    /// The record stored under `key`, once its JSON, its digest and every object it names
    /// (by hash) check out.
    public func lookup(_ key: String) -> Lookup {
        if let record = memo[key] { return .hit(record) }
        let found = read(key)
        if case .hit(let record) = found { memo[key] = record }
        return found
    }

    private func read(_ key: String) -> Lookup {
        guard let data = try? Data(contentsOf: entry(key)) else { return .miss }
        let record: StepRecord
        do { record = try JSONDecoder().decode(StepRecord.self, from: data) } catch {
            return .damaged("its cache entry \(entry(key).lastPathComponent) cannot be read")
        }
        guard record.key == key else { return .damaged("its cache entry \(entry(key).lastPathComponent) is for another recipe") }
        // An edited value or a flipped bit must never be shown as a result.
        guard record.isIntact else {
            return .damaged("its cache entry \(entry(key).lastPathComponent) does not match its digest")
        }
        for sha in record.artifacts.values + [record.payload].compactMap({ $0 }) where (try? checkedObject(sha)) == nil {
            return .damaged("a stored file of its cache entry is missing or damaged")
        }
        return .hit(record)
    }

    /// Stores a finished step: its artifact and payload bytes as objects, then the record.
    func store(_ record: StepRecord, objects: [Data]) throws {
        for bytes in objects { try put(bytes) }
        try FileManager.default.createDirectory(at: steps, withIntermediateDirectories: true)
        try JSONEncoder.stable.encode(record).write(to: entry(record.key), options: .atomic)
        memo[record.key] = record
    }

    /// Copies a record's artifacts into `artifactsDirectory`, checking each one's hash.
    func restoreArtifacts(of record: StepRecord, into artifactsDirectory: URL) throws {
        for (name, sha) in record.artifacts.sorted(by: { $0.key < $1.key }) {
            let bytes = try checkedObject(sha)
            let target = artifactsDirectory.appendingPathComponent(name)
            if (try? Data(contentsOf: target)) != bytes { try bytes.write(to: target, options: .atomic) }
        }
    }

    /// The stored bytes with this hash, checked against it.
    func checkedObject(_ sha: String) throws -> Data {
        guard let bytes = try? Data(contentsOf: object(sha)), SHA256.hex(of: bytes) == sha else {
            throw CacheDamage("the stored file \(sha.prefix(12))… is missing or damaged")
        }
        return bytes
    }

    private func put(_ bytes: Data) throws {
        let sha = SHA256.hex(of: bytes)
        let url = object(sha)
        if (try? Data(contentsOf: url)).map(SHA256.hex(of:)) != sha {
            try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
            try bytes.write(to: url, options: .atomic)
        }
    }
}

/// Records by key, shared by copies of one `StepCache`.
private final class Memo: @unchecked Sendable {
    private var records: [String: StepRecord] = [:]
    private let lock = NSLock()
    subscript(key: String) -> StepRecord? {
        get { lock.withLock { records[key] } }
        set { lock.withLock { records[key] = newValue } }
    }
}

/// A cache entry found unusable while restoring it.
struct CacheDamage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONEncoder {
    /// Sorted keys, so stored and committed JSON diffs cleanly.
    static var stable: JSONEncoder { StepResult.jsonEncoder() }
}
