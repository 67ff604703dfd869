import LabDocument

/// `labrun answers` on a machine that cannot run a step (no data, nothing cached): the lock
/// file's result stands in for it, so every question is graded from what the committed page
/// was rendered from, and the run says which steps came from there.
extension LabRun {
    /// The start of the reason recorded for a step that came from the fallback.
    public static let fallbackReason = "could not run here"

    /// The fallback's record for a step that just failed with `message`, with the reason to
    /// report and whether the lab changed since it was recorded.
    func fallbackRecord(_ planned: PlannedStep, _ state: RunState, failure message: String)
        -> (record: StepRecord, reason: String, stale: String?)? {
        guard let fallback, case .reuse(let record, let reason, let stale) = frozenDecision(planned, state, fallback) else {
            return nil
        }
        return (record, "\(Self.fallbackReason): \(message); used the lock file's result, \(reason)", stale)
    }
}

extension LabRun.Explanation {
    /// The step could not run and its result is the lock file's.
    public var usedFallback: Bool { !ran && reason.hasPrefix(LabRun.fallbackReason) }
}
