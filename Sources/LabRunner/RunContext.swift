import Foundation
import LabDocument

/// What a running step can see: earlier results, where to write, the data sets, progress.
public final class RunContext: @unchecked Sendable {
    /// `Output/<lab>_files/`: artifacts (models, C arrays) go here.
    public let artifactsDirectory: URL
    /// Where data sets live (`Data/`, `$LABRUN_DATA` or `--data-dir`).
    public let dataDirectory: URL
    public let labParams: Record
    /// Reports progress of the running step (a bar on the terminal).
    public let progress: ProgressReporter
    private let outcomes: [String: StepOutcome]
    private let evaluator: (Expr) throws -> Value
    private let restore: (String) throws -> (any Sendable)?

    /// `restore` rebuilds the payload of a step whose result came from the cache.
    public init(artifactsDirectory: URL, dataDirectory: URL, labParams: Record, progress: ProgressReporter,
                outcomes: [String: StepOutcome], evaluator: @escaping (Expr) throws -> Value,
                restore: @escaping (String) throws -> (any Sendable)? = { _ in nil }) {
        self.artifactsDirectory = artifactsDirectory
        self.dataDirectory = dataDirectory
        self.labParams = labParams
        self.progress = progress
        self.outcomes = outcomes
        self.evaluator = evaluator
        self.restore = restore
    }

    /// The result of an earlier step (one this step depends on).
    public func result(of id: String) throws -> StepResult {
        guard let o = outcomes[id] else { throw StepFailure("no result for '\(id)'") }
        return o.result
    }

    /// The in-memory object an earlier step left, e.g. a trained network.
    public func payload<T>(of id: String, as type: T.Type) throws -> T {
        guard let p = try (outcomes[id]?.payload ?? restore(id)) as? T else {
            throw StepFailure("'\(id)' did not produce a \(String(describing: T.self))")
        }
        return p
    }

    /// Evaluates an expression of the lab's language against the results so far.
    public func evaluate(_ expression: Expr) throws -> Value { try evaluator(expression) }
}

/// Receives progress from a running step. Thread-safe; cheap enough to call per batch.
public protocol ProgressReporter: Sendable {
    /// `fraction` in 0…1; `detail` e.g. "batch 120/1688 · loss 0.142 · 8,900 img/s · ETA 12 s".
    func update(fraction: Double, detail: String)
    /// A line that stays (e.g. one summary line per epoch).
    func log(_ line: String)
}
