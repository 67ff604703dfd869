import Foundation
import LabDocument

/// Runs a checked plan: each step in order with progress, error boxes for failures, skipped
/// dependents, then the prose's `{{ }}` values.
public struct LabRun {
    public struct Report: Sendable {
        public var results: [String: StepResult]
        /// Formatted `{{ }}` values of the prose by location; failures carry the message.
        public var values: [SourceLocation: Result<String, Evaluator.Failure>]
        /// Steps that failed, asserts that failed, prose values that could not be computed.
        public var failures: [String]
        /// 0: everything ran and held; 1: a step, an assert or a value failed.
        public var exitCode: Int32 { failures.isEmpty ? 0 : 1 }
    }

    public var artifactsDirectory: URL
    public var dataDirectory: URL
    public var console: Console

    public init(artifactsDirectory: URL, dataDirectory: URL, console: Console) {
        self.artifactsDirectory = artifactsDirectory
        self.dataDirectory = dataDirectory
        self.console = console
    }

    public func run(_ plan: Plan, document: Document, only: Set<String>? = nil) -> Report {
        var outcomes: [String: StepOutcome] = [:]
        var failed: Set<String> = []
        var failures: [String] = []
        var scope = Record()
        scope["params"] = .record(plan.labParams)
        let steps = plan.steps.filter { only?.contains($0.directive.id) ?? true }
        for (n, planned) in steps.enumerated() {
            let id = planned.directive.id
            let label = "[\(n + 1)/\(steps.count)] \(planned.step.name) #\(id)"
            if let bad = planned.dependencies.first(where: failed.contains) {
                failed.insert(id)
                outcomes[id] = StepOutcome(StepResult(outputs: [.skipped(reason: "not run: '\(bad)', which it uses, failed")]))
                console.stepDone(label, seconds: nil, status: "skipped ('\(bad)' failed)")
                continue
            }
            let evaluator = Evaluator(scope: scope)
            let context = RunContext(artifactsDirectory: artifactsDirectory, dataDirectory: dataDirectory,
                                     labParams: plan.labParams, progress: console.progress(for: label),
                                     outcomes: outcomes, evaluator: { e in try evaluator.evaluate(e) })
            let start = DispatchTime.now()
            do {
                var outcome = try planned.step.run(planned.parameters, context)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                for check in outcome.result.outputs.flatMap(Self.failedChecks) {
                    failures.append("\(check.location.file):\(check.location.line): assert failed: \(check.text) (\(check.detail))")
                }
                outcome.result.fields["seconds_to_run"] = outcome.result.fields["seconds_to_run"] ?? .number(seconds)
                outcomes[id] = outcome
                scope[id] = .record(outcome.result.fields)
                console.stepDone(label, seconds: seconds, status: nil)
            } catch {
                failed.insert(id)
                let message = (error as? StepFailure)?.description ?? "\(error)"
                outcomes[id] = StepOutcome(StepResult(outputs: [.error(message: message, location: planned.directive.location)]))
                failures.append("\(planned.directive.location): error: step '\(planned.step.name)' #\(id) failed: \(message)")
                console.stepDone(label, seconds: nil, status: "FAILED")
            }
        }
        let evaluator = Evaluator(scope: scope)
        var values: [SourceLocation: Result<String, Evaluator.Failure>] = [:]
        for span in document.valueSpans {
            if let root = span.expression.rootNames.first(where: failed.contains) {
                values[span.location] = .failure(Evaluator.Failure("'\(root)' failed"))
                continue
            }
            do throws(Evaluator.Failure) {
                values[span.location] = .success(try evaluator.text(span.expression))
            } catch {
                values[span.location] = .failure(error)
                if only == nil { failures.append("\(span.location): error: {{ \(span.source) }}: \(error.message)") }
            }
        }
        for f in failures { console.error(f) }
        return Report(results: outcomes.mapValues(\.result), values: values, failures: failures)
    }

    static func failedChecks(_ output: Output) -> [Check] {
        if case .checks(let checks) = output { return checks.filter { $0.status == .failed } }
        return []
    }
}
