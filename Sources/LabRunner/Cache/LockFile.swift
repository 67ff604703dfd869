import Foundation

/// The lab's results as committed beside it (`Labs/NAME.lab.lock`, JSON): every step's
/// result, recipe, hashes, duration and machine. `--frozen` renders from it without running
/// anything; `--verify` re-runs and compares.
public struct LockFile: Sendable, Codable {
    /// The labrun version that wrote the file.
    public var labrun: String
    /// The lab file the results belong to, as given on the command line.
    public var lab: String
    /// In run order.
    public var steps: [StepRecord]

    public init(lab: String, steps: [StepRecord]) {
        labrun = LabRunVersion.current
        self.lab = lab
        self.steps = steps
    }

    /// `Labs/03-quantization.md` → `Labs/03-quantization.lab.lock`.
    public static func location(ofLab lab: String) -> URL {
        URL(fileURLWithPath: lab).deletingPathExtension().appendingPathExtension("lab.lock")
    }

    public var records: [String: StepRecord] {
        Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Reads a lock file; a damaged one is an error that says so, never a crash.
    public static func read(_ url: URL) throws -> LockFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw LockFileError.unreadable(url.path) }
        do { return try JSONDecoder().decode(LockFile.self, from: data) } catch {
            throw LockFileError.damaged(url.path)
        }
    }

    /// Writes the file atomically, pretty-printed with sorted keys so it diffs well.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder.stable
        encoder.outputFormatting.insert(.prettyPrinted)
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

public enum LockFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case damaged(String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the lock file"
        case .damaged(let path): return "\(path): the lock file is damaged (not a labrun lock file, or cut short)"
        }
    }
}
