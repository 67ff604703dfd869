import Foundation
import Checksum

/// The directory holding the data sets: an explicit one (`--data-dir`), else `$LABRUN_DATA`,
/// else `Data/` under the current directory. Each data set lives in a subdirectory named after
/// it (see `DatasetKind`).
public struct DataDirectory: Sendable, Equatable {
    /// The directory.
    public var url: URL
    /// Whether loading checks each file against its pinned SHA-256 first (`labrun data list
    /// --no-verify` does not). Data that fails it is refused, never used.
    public var checksPins = true
    /// The path as the user gave it (relative paths stay relative), for messages.
    public var displayPath: String

    /// The environment variable naming the data directory.
    public static let environmentVariable = "LABRUN_DATA"

    public init(url: URL, displayPath: String? = nil) {
        self.url = url
        self.displayPath = displayPath ?? url.path
    }

    /// Resolves the data directory: `explicit` > `$LABRUN_DATA` > `Data` in `currentDirectory`.
    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) -> DataDirectory {
        let given = explicit ?? environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? "Data"
        let expanded = (given as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded)
            : URL(fileURLWithPath: currentDirectory).appendingPathComponent(expanded)
        return DataDirectory(url: url.standardizedFileURL, displayPath: given)
    }

    /// The subdirectory of a data set.
    public func directory(of kind: DatasetKind) -> URL { url.appendingPathComponent(kind.directoryName) }

    /// Where one file of a data set is.
    public func location(of file: DatasetFile, in kind: DatasetKind) -> URL {
        directory(of: kind).appendingPathComponent(file.name)
    }

    /// The data set's subdirectory as shown in messages, e.g. `Data/mnist`.
    public func displayPath(of kind: DatasetKind) -> String {
        (displayPath as NSString).appendingPathComponent(kind.directoryName)
    }

    /// Names of the data set's files that are not there.
    public func missingFiles(of kind: DatasetKind) -> [String] {
        kind.files.filter { !FileManager.default.fileExists(atPath: location(of: $0, in: kind).path) }.map(\.name)
    }

    /// True when all four files are there (not checked against their hashes).
    public func isPresent(_ kind: DatasetKind) -> Bool { missingFiles(of: kind).isEmpty }

    /// A data file as shown in messages, e.g. `Data/mnist/t10k-labels.idx1-ubyte`.
    public func displayPath(of file: DatasetFile, in kind: DatasetKind) -> String {
        (displayPath(of: kind) as NSString).appendingPathComponent(file.name)
    }

    /// Checks every file of a data set against its pinned SHA-256; throws on the first mismatch
    /// or missing file.
    public func verify(_ kind: DatasetKind) throws {
        try requirePresent(kind)
        for file in kind.files { _ = try checkedLocation(of: file, in: kind, pinned: true) }
    }

    /// Where `file` is, once it is known to be a readable regular file and (when `pinned`) to
    /// hold the pinned content. Hashes are remembered by file status (`ContentHashes`), so only
    /// a changed file is hashed again.
    func checkedLocation(of file: DatasetFile, in kind: DatasetKind, pinned: Bool) throws -> URL {
        let url = location(of: file, in: kind)
        let shown = displayPath(of: file, in: kind)
        guard let status = FileStatus.of(url.path) else { throw DataError.missing(kind, directory: displayPath(of: kind), files: [file.name]) }
        guard status.isRegularFile else { throw DataError.notAFile(path: shown, type: status.type, kind: kind) }
        guard pinned else { return url }
        let actual: String
        do { actual = try ContentHashes.shared.sha256(of: url, status: status) } catch {
            throw DataError.unreadable(path: shown, reason: FileStatus.reason(error), kind: kind)
        }
        guard DataPins.allows(actual, for: file) else {
            throw DataError.checksumMismatch(path: shown, expected: file.sha256, actual: actual, kind: kind)
        }
        return url
    }

    /// The SHA-256 of a data set's file (remembered by file status), for cache keys.
    public func contentHash(of file: DatasetFile, in kind: DatasetKind) throws -> String {
        let url = location(of: file, in: kind)
        guard let status = FileStatus.of(url.path) else { throw DataError.missing(kind, directory: displayPath(of: kind), files: [file.name]) }
        guard status.isRegularFile else { throw DataError.notAFile(path: displayPath(of: file, in: kind), type: status.type, kind: kind) }
        return try ContentHashes.shared.sha256(of: url, status: status)
    }

    /// Throws `checksumMismatch` naming the file unless its SHA-256 is `expected` (for a file
    /// being fetched, before it is put in place).
    public static func verify(_ url: URL, expected: String) throws {
        guard let status = FileStatus.of(url.path) else {
            throw DataError.unreadable(path: url.path, reason: "No such file or directory", kind: nil)
        }
        guard status.isRegularFile else { throw DataError.notAFile(path: url.path, type: status.type, kind: nil) }
        let actual: String
        do { actual = try SHA256.hex(ofFile: url) } catch {
            throw DataError.unreadable(path: url.path, reason: FileStatus.reason(error), kind: nil)
        }
        guard actual == expected else {
            throw DataError.checksumMismatch(path: url.path, expected: expected, actual: actual, kind: nil)
        }
    }

    func requirePresent(_ kind: DatasetKind) throws {
        let missing = missingFiles(of: kind)
        guard missing.isEmpty else {
            throw DataError.missing(kind, directory: displayPath(of: kind), files: missing)
        }
    }
}
