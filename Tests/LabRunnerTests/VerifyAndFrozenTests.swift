import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// `--verify` compares each figure once and leaves a step's own durations alone; `--frozen`
/// marks the steps that used a changed step's result as stale too.
@Suite struct VerifyAndFrozenTests {
    static let evaluated = StepCacheFixture.lab() + """


        ```lab evaluate #compare
        models: [small]
        limit: 50
        ```
        """

    @Test func evaluateSecondsAreNoiseAndRowsAreNotCountedTwice() throws {
        let f = try StepCacheFixture()
        let (report, _) = f.run(Self.evaluated)
        var recorded = try #require(report.records["compare"])
        var small = try #require(recorded.result.fields["small"]?.record)
        small["seconds"] = .number((small["seconds"]?.number ?? 0) * 10 + 1)
        recorded.result.fields["small"] = .record(small)
        let verification = Verification(recorded: [recorded], measured: report.records)
        #expect(verification.moved.isEmpty)
        let all = Verification.numbers(.record(recorded.result.fields), prefix: "compare")
        #expect(all.keys.contains("compare.rows[0].accuracy"))
        // Counted once: not the rows, not seconds, not seconds_to_run.
        let once = all.keys.filter { !$0.hasPrefix("compare.rows") && !$0.hasSuffix(".seconds") && !$0.hasSuffix("seconds_to_run") }
        #expect(verification.compared == once.count)
        #expect(Verification.Tolerance.of("seconds") == .ignored)
    }

    @Test func aFrozenChangeMarksTheStepsThatUsedItStale() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let (frozen, _) = f.run(StepCacheFixture.lab(epochs: 2), previous: first.records, frozen: true)
        func stale(_ id: String) -> String? { frozen.explanations.first { $0.id == id }?.stale }
        #expect(stale("net")?.contains("'epochs' changed") == true)
        #expect(stale("small") == "the lab changed since this was recorded: 'net', which it uses, changed")
        #expect(stale("arith") == nil)
    }
}
