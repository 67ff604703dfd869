import Foundation
import LabDocument
import Testing
@testable import LabRunner

@Suite struct LockFileTests {
    @Test func aLockFileRoundTripsAndADamagedOneSaysSo() throws {
        let f = try StepCacheFixture()
        let (report, plan) = f.run(StepCacheFixture.lab())
        let lock = LockFile(lab: "lab.md", params: plan.labParams, steps: plan.steps.compactMap { report.records[$0.directive.id] })
        let url = f.root.appendingPathComponent("lab.lab.lock")
        #expect(try lock.write(to: url))
        #expect(try !lock.write(to: url))  // unchanged: not rewritten
        let back = try LockFile.read(url)
        #expect(back.steps.map(\.key) == lock.steps.map(\.key))
        #expect(back.records["net"]?.result.fields == report.results["net"]?.fields)
        #expect(try LockFile.summaries(url)["net"]?.recipe == report.records["net"]?.recipe)
        // One record per line, so a diff names the steps that changed.
        #expect(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").count == lock.steps.count + 2)

        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 10).write(to: url)
        #expect(throws: LockFileError.damaged(url.relativePath)) { try LockFile.read(url) }
        #expect(throws: LockFileError.damaged(url.relativePath)) { try LockFile.summaries(url) }
        #expect(LockFileError.damaged("x.lab.lock").description == "x.lab.lock: the lock file is damaged (not a labrun lock file, or cut short)")
        #expect(LockFileError.unreadable("x.lab.lock").description == "x.lab.lock: cannot read the lock file")
    }

    @Test func verificationAllowsTimingNoiseButNotMovedResults() throws {
        let f = try StepCacheFixture()
        let (report, _) = f.run(StepCacheFixture.lab())
        var recorded = try #require(report.records["arith"])
        recorded.result.fields["scale"] = .number((recorded.result.fields["scale"]?.number ?? 0) * 1.001)
        recorded.result.fields["seconds_to_run"] = .number((recorded.result.fields["seconds_to_run"]?.number ?? 0) * 3)
        let verification = Verification(recorded: [recorded], measured: report.records)
        #expect(verification.moved.map(\.path) == ["arith.scale"])
        // Every number but the step's own duration.
        #expect(verification.compared == Verification.numbers(.record(recorded.result.fields), prefix: "arith").count - 1)
        #expect(Verification.Tolerance.of("seconds_to_run") == .ignored)
        #expect(Verification.Tolerance.of("std_ms") == .ignored)
        #expect(Verification.Tolerance.of("std") == .relative(1e-6))  // a distribution's, not a timing's
        #expect(Verification.Tolerance.relative(1e-6).description == "±0.0001%")
        #expect(Verification.Tolerance.of("test_accuracy") == .absolute(0.005))
        #expect(Verification.Tolerance.of("mean_ms") == .relative(0.5))
        #expect(Verification.Tolerance.of("scale") == .relative(1e-6))
        let moved = Verification.Moved(path: "net.test_accuracy", recorded: 0.987, measured: 0.95, tolerance: .absolute(0.005))
        #expect(moved.description == "net.test_accuracy: 0.987 → 0.95 (tolerance ±0.005)")
    }
}
