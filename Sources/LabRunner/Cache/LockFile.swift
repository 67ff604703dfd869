import Foundation
import LabDocument

/// The lab's results as committed beside it (`Labs/NAME.lab.lock`, JSON): every step's
/// result, recipe, hashes, duration and machine. `--frozen` renders from it without running
/// anything; `--verify` re-runs and compares.
public struct LockFile: Sendable, Codable {
    /// The labrun version that wrote the file.
    public var labrun: String
    /// The engine that computed the results (`LabRunVersion.engine`); nil in files written
    /// before it was recorded.
    public var engine: String?
    /// The lab file the results belong to, as given on the command line.
    public var lab: String
    /// The lab parameters the results were computed with (`{{ params.NAME }}` in a frozen page).
    public var params: Record?
    /// In run order.
    public var steps: [StepRecord]

    public init(lab: String, params: Record, steps: [StepRecord]) {
        labrun = LabRunVersion.current
        engine = LabRunVersion.engine
        self.lab = lab
        self.params = params
        self.steps = steps
    }

    /// For `--frozen`: a note when the results were computed by other engine code than this
    /// labrun's (they still render; re-running would recompute them), else nil.
    public var engineNote: String? {
        guard engine != LabRunVersion.engine else { return nil }
        let recorded = engine.map { "engine \($0.prefix(12))" } ?? "an engine that was not recorded"
        return "the lock file's results were computed by labrun \(labrun) (\(recorded)); this labrun's engine is"
            + " \(LabRunVersion.engine.prefix(12)): the page shows the recorded results (run the lab without --frozen to recompute them)"
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
        do { data = try Data(contentsOf: url) } catch { throw LockFileError.unreadable(url.relativePath) }
        do { return try JSONDecoder().decode(LockFile.self, from: data) } catch {
            throw LockFileError.damaged(url.relativePath)
        }
    }

    /// Only each step's recipe and duration (fast: results are not decoded).
    public static func summaries(_ url: URL) throws -> [String: StepSummary] {
        struct Step: Decodable { var id: String; var recipe: Recipe; var seconds: Double }
        struct Steps: Decodable { var steps: [Step] }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw LockFileError.unreadable(url.relativePath) }
        do {
            let steps = try JSONDecoder().decode(Steps.self, from: data).steps
            return Dictionary(steps.map { ($0.id, StepSummary(recipe: $0.recipe, seconds: $0.seconds)) }) { _, last in last }
        } catch {
            throw LockFileError.damaged(url.relativePath)
        }
    }

    /// The file's bytes: one step per line (sorted keys), so a diff shows which steps changed
    /// without pretty-printing thousands of numbers one per line.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder.stable
        var text = Data("{".utf8)
        if let engine { text += Data("\"engine\":".utf8) + (try encoder.encode(engine)) + Data(",".utf8) }
        text += Data("\"lab\":".utf8) + (try encoder.encode(lab)) + Data(",\"labrun\":".utf8) + (try encoder.encode(labrun))
        if let params { text += Data(",\"params\":".utf8) + (try encoder.encode(params)) }
        text += Data(",\"steps\":[\n".utf8)
        for (i, step) in steps.enumerated() {
            text += try encoder.encode(step) + Data((i == steps.count - 1 ? "\n" : ",\n").utf8)
        }
        text += Data("]}\n".utf8)
        return text
    }

    /// Writes the file atomically, unless it already holds these bytes. Returns whether it wrote.
    @discardableResult
    public func write(to url: URL) throws -> Bool { try Self.write(encoded(), to: url) }

    /// Writes `bytes` atomically unless the file already holds them.
    public static func write(_ bytes: Data, to url: URL) throws -> Bool {
        if (try? Data(contentsOf: url)) == bytes { return false }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url, options: .atomic)
        return true
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
