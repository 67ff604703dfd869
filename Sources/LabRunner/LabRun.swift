import Foundation
import LabDocument

/// Runs a checked plan: each step in order with progress, reusing cached results whose recipe
/// has not changed, error boxes for failures, skipped dependents, then the prose's `{{ }}` values.
public struct LabRun {
    public struct Report: Sendable {
        public var results: [String: StepResult]
        /// Formatted `{{ }}` values of the prose by location; failures carry the message.
        public var values: [SourceLocation: Result<String, Evaluator.Failure>]
        /// Steps that failed, asserts that failed, prose values that could not be computed.
        public var failures: [String]
        /// Every step that succeeded (ran or reused), as the lock file records it.
        public var records: [String: StepRecord]
        /// Per step in run order: whether it ran and why (`--explain`).
        public var explanations: [Explanation]
        /// Captions with their `{{ }}` values filled in, by directive id (only those that have spans).
        public var captions: [String: String] = [:]
        /// 0: everything ran and held; 1: a step, an assert or a value failed.
        public var exitCode: Int32 { failures.isEmpty ? 0 : 1 }
    }

    /// Why a step ran or was reused.
    public struct Explanation: Sendable, Equatable {
        public var id: String
        public var step: String
        public var ran: Bool
        public var reason: String
        /// Set when the result shown is not the lab's current one: recorded before the lab
        /// changed (`--frozen`), or waiting to run (`cachedOnly`). Says what changed.
        public var stale: String?
        /// `#baseline (train): ran: 'epochs' changed (5 → 3)`.
        public var line: String { "#\(id) (\(step)): \(ran ? "ran" : "reused"): \(reason)" }
    }

    public var artifactsDirectory: URL
    public var dataDirectory: URL
    public var console: Console
    /// Results of earlier runs; nil runs every step.
    public var cache: StepCache?
    /// Steps to run even when cached: directive ids, step names, or `all`.
    public var rerun: Set<String> = []
    /// The last run's recipes and durations by id: `--explain` compares with them, the
    /// progress line estimates from them.
    public var previous: [String: StepSummary] = [:]
    /// `--frozen`: render these recorded results (the lock file's) and run nothing.
    public var frozen: [String: StepRecord]?
    /// The lab parameters the frozen results were computed with: `{{ params.NAME }}` shows
    /// these, so the prose agrees with the results (stale badges still compare with the lab's).
    public var frozenParams: Record?
    /// Reuse what is cached and run nothing else: a step that would run shows this earlier
    /// result (or a note) and is marked stale (`preview` renders this at once, then runs).
    public var cachedOnly: [String: StepResult]?
    /// Recorded results (the lock file's) used for a step that fails to run here (`labrun answers`).
    public var fallback: [String: StepRecord]?

    public init(artifactsDirectory: URL, dataDirectory: URL, console: Console) {
        self.artifactsDirectory = artifactsDirectory
        self.dataDirectory = dataDirectory
        self.console = console
    }

    public func run(_ plan: Plan, document: Document, only: Set<String>? = nil) -> Report {
        var state = RunState(labParams: plan.labParams)
        if frozen != nil, let frozenParams { state.scope["params"] = .record(frozenParams) }
        let steps = plan.steps.filter { only?.contains($0.directive.id) ?? true }
        let fingerprints = DataFingerprints(dataDirectory: dataDirectory)
        // Estimated only once a step has to run: a run that reuses everything stays fast.
        var expected: [String: Double]?
        for (n, planned) in steps.enumerated() {
            let id = planned.directive.id
            let label = "[\(n + 1)/\(steps.count)] \(planned.step.name) #\(id)"
            if let bad = planned.dependencies.first(where: state.failed.contains) {
                state.fail(id, StepResult(outputs: [.skipped(reason: "not run: '\(bad)', which it uses, failed")]))
                console.stepDone(label, seconds: nil, status: "skipped ('\(bad)' failed)")
                continue
            }
            let decision = frozen.map { frozenDecision(planned, state, $0) } ?? decide(planned, state, fingerprints)
            switch decision {
            case .reuse(let record, let reason, let stale):
                state.reuse(record, planned, reason: reason, stale: stale)
                console.stepDone(label, seconds: nil, status: frozen == nil ? "cached" : "frozen")
            case .missing(let message):
                state.fail(id, StepResult(outputs: [.error(message: message, location: planned.directive.location)]))
                state.failures.append("\(planned.directive.location): error: \(message)")
                console.stepDone(label, seconds: nil, status: "FAILED")
            case .run(_, let reason) where cachedOnly != nil:
                state.pending(planned, shown: cachedOnly?[id], reason: reason)
                console.stepDone(label, seconds: nil, status: "stale")
            case .run(let recipe, let reason):
                if expected == nil { expected = expectedSeconds(plan, fingerprints) }
                // This step and the ones after it that will run, as long as they took last time.
                let left = steps[n...].reduce(0) { $0 + (expected?[$1.directive.id] ?? 0) }
                let progressLabel = left >= 1 ? "\(label) (about \(Console.duration(left)) left)" : label
                execute(planned, recipe: recipe, reason: reason, label: label, progressLabel: progressLabel, state: &state)
            }
        }
        let values = proseValues(document, state: state, reportFailures: only == nil)
        state.failures += values.failures
        // A cached-only render is a preview of a run to come: its page shows every problem.
        if cachedOnly == nil { for f in state.failures { console.error(f) } }
        var report = Report(results: state.outcomes.mapValues(\.result), values: values.values, failures: state.failures,
                            records: state.records, explanations: state.explanations)
        report.captions = captions(steps, state: state)
        return report
    }

    /// Runs one step, records it (and stores it in the cache), or shows its error box.
    private func execute(_ planned: PlannedStep, recipe: Recipe, reason: String, label: String, progressLabel: String,
                         state: inout RunState) {
        let id = planned.directive.id
        let evaluator = Evaluator(scope: state.scope)
        let context = RunContext(artifactsDirectory: artifactsDirectory, dataDirectory: dataDirectory,
                                 labParams: state.labParams, progress: console.progress(for: progressLabel),
                                 outcomes: state.outcomes, evaluator: { e in try evaluator.evaluate(e) },
                                 restore: { [state] id in try state.payloads.payload(of: id) })
        console.stepStarted(progressLabel)
        let start = DispatchTime.now()
        do {
            var outcome = try planned.step.run(planned.parameters, context)
            // A caption drawn into a figure gets its values, its own step's result included.
            if let caption = planned.parameters.string("caption"), caption.contains("{{") {
                var scope = state.scope
                scope[id] = .record(outcome.result.fields)
                let text = try Template.parse(caption, at: planned.parameters.location(of: "caption")).render(Evaluator(scope: scope))
                outcome.result.outputs = outcome.result.outputs.map { $0.replacingCaption(caption, with: text) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            outcome.result.fields["seconds_to_run"] = outcome.result.fields["seconds_to_run"] ?? .number(seconds)
            if planned.step.measuresMachine {
                outcome.result.outputs.append(.text("Measured on \(Machine.description), \(Self.day(Date()))."))
            }
            let record = try self.record(planned, recipe: recipe, outcome: outcome, seconds: seconds)
            state.ran(outcome, record, planned, reason: reason)
            console.stepDone(label, seconds: seconds, status: nil)
        } catch {
            let message = (error as? StepFailure)?.description ?? "\(error)"
            if let (record, why, stale) = fallbackRecord(planned, state, failure: message) {
                state.reuse(record, planned, reason: why, stale: stale)
                console.stepDone(label, seconds: nil, status: "from the lock file")
                return
            }
            state.fail(id, StepResult(outputs: [.error(message: message, location: planned.directive.location)]))
            state.failures.append("\(planned.directive.location): error: step '\(planned.step.name)' #\(id) failed: \(message)")
            state.explanations.append(Explanation(id: id, step: planned.step.name, ran: true, reason: reason, stale: nil))
            console.stepDone(label, seconds: nil, status: "FAILED")
        }
    }

    /// The prose's `{{ }}` values, and failures for those that could not be computed.
    private func proseValues(_ document: Document, state: RunState, reportFailures: Bool)
        -> (values: [SourceLocation: Result<String, Evaluator.Failure>], failures: [String]) {
        let evaluator = Evaluator(scope: state.scope)
        var values: [SourceLocation: Result<String, Evaluator.Failure>] = [:]
        var failures: [String] = []
        for span in document.valueSpans {
            if let root = span.expression.rootNames.first(where: state.failed.contains) {
                values[span.location] = .failure(Evaluator.Failure("'\(root)' failed"))
                continue
            }
            if let root = span.expression.rootNames.first(where: state.notYetRun.contains) {
                values[span.location] = .failure(Evaluator.Failure("'\(root)' has not run yet"))
                continue
            }
            do throws(Evaluator.Failure) {
                values[span.location] = .success(try evaluator.text(span.expression))
            } catch {
                values[span.location] = .failure(error)
                if reportFailures { failures.append("\(span.location): error: {{ \(span.source) }}: \(error.message)") }
            }
        }
        return (values, failures)
    }

    /// Every caption with `{{ }}` spans, rendered against the results (a failed value shows its message).
    private func captions(_ steps: [PlannedStep], state: RunState) -> [String: String] {
        let evaluator = Evaluator(scope: state.scope)
        var out: [String: String] = [:]
        for planned in steps {
            guard let caption = planned.parameters.string("caption"), caption.contains("{{"), state.outcomes[planned.directive.id] != nil,
                  let template = try? Template.parse(caption, at: planned.parameters.location(of: "caption")) else { continue }
            do throws(Evaluator.Failure) { out[planned.directive.id] = try template.render(evaluator) } catch {
                out[planned.directive.id] = caption + " (\(error.message))"
            }
        }
        return out
    }

    static func day(_ date: Date) -> String { String(ISO8601DateFormatter().string(from: date).prefix(10)) }
}
