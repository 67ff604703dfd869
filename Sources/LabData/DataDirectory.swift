import Foundation
import Checksum

/// The directory holding the data sets: an explicit one (`--data-dir`), else `$LABRUN_DATA`,
/// else `Data/` under the current directory. Each data set lives in a subdirectory named after
/// it (see `DatasetKind`).
public struct DataDirectory: Sendable, Equatable {
    /// The directory.
    public var url: URL
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

    /// Checks every file of a data set against its pinned SHA-256; throws on the first mismatch
    /// or missing file.
    public func verify(_ kind: DatasetKind) throws {
        try requirePresent(kind)
        for file in kind.files {
            try Self.verify(location(of: file, in: kind), expected: file.sha256)
        }
    }

    /// Throws `checksumMismatch` naming the file unless its SHA-256 is `expected`.
    public static func verify(_ url: URL, expected: String) throws {
        let actual: String
        do { actual = try SHA256.hex(ofFile: url) } catch {
            throw IDXError.unreadable(file: url.lastPathComponent, reason: (error as NSError).localizedDescription)
        }
        guard actual == expected else {
            throw DataError.checksumMismatch(file: url.lastPathComponent, expected: expected, actual: actual)
        }
    }

    func requirePresent(_ kind: DatasetKind) throws {
        let missing = missingFiles(of: kind)
        guard missing.isEmpty else {
            throw DataError.missing(kind, directory: displayPath(of: kind), files: missing)
        }
    }
}
