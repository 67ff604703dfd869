import LabDocument

/// What a run has produced so far: outcomes, the expression scope, failures, records, and why
/// each step ran or was reused.
struct RunState {
    let labParams: Record
    var outcomes: [String: StepOutcome] = [:]
    var scope = Record()
    var failed: Set<String> = []
    var failures: [String] = []
    var records: [String: StepRecord] = [:]
    var explanations: [LabRun.Explanation] = []
    /// Steps waiting to run with nothing to show yet (`cachedOnly`).
    var notYetRun: Set<String> = []
    /// Payloads of reused steps, rebuilt only when a step that runs asks for one.
    let payloads = PayloadStore()

    init(labParams: Record) {
        self.labParams = labParams
        scope["params"] = .record(labParams)
    }

    mutating func fail(_ id: String, _ result: StepResult) {
        failed.insert(id)
        outcomes[id] = StepOutcome(result)
    }

    mutating func ran(_ outcome: StepOutcome, _ record: StepRecord, _ planned: PlannedStep, reason: String) {
        add(outcome, record, planned, ran: true, reason: reason, stale: nil)
    }

    /// A step that would run, shown with an earlier result for now (no record: its
    /// dependents are stale too).
    mutating func pending(_ planned: PlannedStep, shown: StepResult?, reason: String) {
        let id = planned.directive.id
        let result = shown ?? StepResult(outputs: [.skipped(reason: "not run yet: \(reason)")])
        outcomes[id] = StepOutcome(result)
        if shown != nil { scope[id] = .record(result.fields) } else { notYetRun.insert(id) }
        explanations.append(LabRun.Explanation(id: id, step: planned.step.name, ran: false, reason: reason, stale: reason))
    }

    /// A recorded result used as it is.
    mutating func reuse(_ record: StepRecord, _ planned: PlannedStep, reason: String, stale: String?) {
        add(StepOutcome(record.result(at: planned.directive.location)), record, planned, ran: false, reason: reason, stale: stale)
    }

    private mutating func add(_ outcome: StepOutcome, _ record: StepRecord, _ planned: PlannedStep, ran: Bool,
                              reason: String, stale: String?) {
        let id = planned.directive.id
        // A failed assert fails the run whether it was just checked or comes from the cache.
        for case .checks(let checks) in outcome.result.outputs {
            for check in checks where check.status == .failed {
                failures.append("\(check.location.file):\(check.location.line): assert failed: \(check.text) (\(check.detail))")
            }
        }
        outcomes[id] = outcome
        scope[id] = .record(outcome.result.fields)
        records[id] = record
        explanations.append(LabRun.Explanation(id: id, step: planned.step.name, ran: ran, reason: reason, stale: stale))
    }
}

/// Rebuilds the payloads of reused steps on first use, once each.
final class PayloadStore: @unchecked Sendable {
    private var makers: [String: () throws -> (any Sendable)?] = [:]
    private var made: [String: any Sendable] = [:]

    func register(_ id: String, _ make: @escaping () throws -> (any Sendable)?) { makers[id] = make }

    func payload(of id: String) throws -> (any Sendable)? {
        if let p = made[id] { return p }
        guard let make = makers[id] else { return nil }
        let p = try make()
        made[id] = p
        return p
    }
}
