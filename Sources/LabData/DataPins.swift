import Checksum
import Foundation

/// Which contents a data set's file may have: its pinned SHA-256 (`DatasetKind.files`), and
/// for tests that run labs on small hand-made data sets, hashes accepted besides: given to
/// `accept(_:)`, or in `$LABRUN_TEST_DATA_SHA256` (comma-separated) for a `labrun` process
/// a test starts. Nothing else is accepted: a damaged or relabelled file is refused.
public enum DataPins {
    public static let environmentVariable = "LABRUN_TEST_DATA_SHA256"

    private static let extra = Extra()

    /// Accepts files with this SHA-256 in this process (tests only).
    public static func accept(_ sha256: String) { extra.insert(sha256.lowercased()) }

    static func allows(_ sha256: String, for file: DatasetFile) -> Bool {
        sha256 == file.sha256 || extra.contains(sha256)
    }

    private final class Extra: @unchecked Sendable {
        private var hashes: Set<String>
        private let lock = NSLock()
        init() {
            let listed = ProcessInfo.processInfo.environment[DataPins.environmentVariable] ?? ""
            hashes = Set(listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        }
        func insert(_ sha: String) { _ = lock.withLock { hashes.insert(sha) } }
        func contains(_ sha: String) -> Bool { lock.withLock { hashes.contains(sha) } }
    }
}
