import Checksum
import Foundation
import LabData
import LabDocument
import Testing
@testable import LabRunner

@Suite struct StepCacheTests {
    @Test func aSecondRunReusesEveryStepAndGivesTheSameResults() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        #expect(first.failures.count == 1)  // the assert fails on purpose: its failure must survive reuse
        #expect(StepCacheFixture.ran(first) == ["net: no earlier result", "small: no earlier result",
                                                "arith: no earlier result", "checks: no earlier result"])
        let (second, _) = f.run(StepCacheFixture.lab(), previous: first.records)
        #expect(StepCacheFixture.ran(second).isEmpty)
        #expect(second.explanations.map(\.reason).allSatisfy { $0.hasPrefix("recipe unchanged since 20") })
        #expect(second.failures == first.failures)
        for id in ["net", "small", "arith"] {
            #expect(second.results[id]?.fields == first.results[id]?.fields)
        }
        #expect(second.values.mapValues { try? $0.get() } == first.values.mapValues { try? $0.get() })
    }

    @Test func editingProseRunsNothingAndChecksMoveWithTheirLines() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let edited = StepCacheFixture.lab(prose: "A new first paragraph.\n\nAnd a second one.\n\nSome prose.")
        let (second, _) = f.run(edited, previous: first.records)
        #expect(StepCacheFixture.ran(second).isEmpty)
        // Four lines were added above the assert: its failure now points four lines down.
        let failure = try #require(first.failures.first)
        let line = try #require(Int(failure.split(separator: ":")[1]))
        #expect(second.failures == [failure.replacingOccurrences(of: "lab.md:\(line):", with: "lab.md:\(line + 4):")])
    }

    @Test func changingEpochsRerunsTrainingAndWhatUsesItAndSaysWhy() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let (second, _) = f.run(StepCacheFixture.lab(epochs: 2), previous: first.records)
        #expect(StepCacheFixture.ran(second) == ["net: 'epochs' changed (1 → 2)",
                                                 "small: 'net', which it uses, changed",
                                                 "checks: 'small', which it uses, changed"])
    }

    @Test func aCachedNetworkIsRestoredWhenOnlyItsConversionChanges() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab(variant: "dynamic"))
        let (second, _) = f.run(StepCacheFixture.lab(variant: "int8"), previous: first.records)
        // Full-integer conversion calibrates on images: the data set joins the recipe.
        #expect(StepCacheFixture.ran(second).first == "small: 'variant' changed (\"dynamic\" → \"int8\"); data set mnist added")
        #expect(!StepCacheFixture.ran(second).contains { $0.hasPrefix("net") })
        let restored = try Data(contentsOf: f.artifacts.appendingPathComponent("small.tflite"))
        // The same conversion from a network trained in this run, with no cache at all.
        let g = try StepCacheFixture()
        _ = g.run(StepCacheFixture.lab(variant: "int8"), cached: false)
        #expect(try Data(contentsOf: g.artifacts.appendingPathComponent("small.tflite")) == restored)
    }

    @Test func damagedEntriesAreRecomputedAndSaySo() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let small = try #require(first.records["small"])
        let object = try #require(small.artifacts["small.tflite"])
        try Data("garbage".utf8).write(to: f.cache.object(object))
        let (second, _) = f.run(StepCacheFixture.lab(), previous: first.records)
        #expect(StepCacheFixture.ran(second) == ["small: a stored file of its cache entry is missing or damaged; recomputed",
                                                 "checks: 'small', which it uses, changed"])

        let net = try #require(second.records["net"])
        let entry = f.cache.directory.appendingPathComponent("steps/\(net.key).json")
        let bytes = try Data(contentsOf: entry)
        try bytes.prefix(bytes.count / 2).write(to: entry)
        let (third, _) = f.run(StepCacheFixture.lab(), previous: second.records)
        #expect(StepCacheFixture.ran(third).first == "net: its cache entry \(net.key).json cannot be read; recomputed")
        #expect(third.results["net"]?.fields["test_accuracy"] == first.results["net"]?.fields["test_accuracy"])
    }

    @Test func rerunForcesByIdOrStepName() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let (byName, _) = f.run(StepCacheFixture.lab(), previous: first.records, rerun: ["quantize"])
        #expect(StepCacheFixture.ran(byName) == ["arith: --rerun quantize"])
        let (byID, _) = f.run(StepCacheFixture.lab(), previous: first.records, rerun: ["net"])
        // Training is deterministic, but its record (duration, date) is new, so its users run too.
        #expect(StepCacheFixture.ran(byID) == ["net: --rerun net", "small: 'net', which it uses, changed",
                                               "checks: 'small', which it uses, changed"])
    }

    @Test func predictionSaysWhatWouldRunWithoutRunningIt() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let document = Document.parse(text: StepCacheFixture.lab(epochs: 3), path: "lab.md")
        let labRun = f.labRun(previous: first.records)
        let fingerprints = DataFingerprints(dataDirectory: f.root.appendingPathComponent("Data"))
        #expect(labRun.predict(Planner().plan(document), fingerprints) == [
            "net": "'epochs' changed (1 → 3)", "small": "'net', which it uses, will run",
            "checks": "'small', which it uses, will run",
        ])
    }

    @Test func frozenRendersRecordedResultsWithoutDataAndNamesWhatIsMissing() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        try FileManager.default.removeItem(at: f.root.appendingPathComponent("Data"))
        var records = first.records
        records["arith"] = nil
        let (frozen, plan) = f.run(StepCacheFixture.lab(epochs: 2), previous: records, frozen: true, cached: false)
        let arith = try #require(plan.steps.first { $0.directive.id == "arith" }).directive.location
        #expect(StepCacheFixture.ran(frozen).isEmpty)
        #expect(frozen.results["net"]?.fields == first.results["net"]?.fields)
        let net = try #require(frozen.explanations.first { $0.id == "net" })
        #expect(net.stale == "the lab changed since this was recorded: 'epochs' changed (1 → 2)")
        #expect(net.reason == "recorded \(first.records["net"]!.date.prefix(10)) on \(Machine.description); \(net.stale!)")
        #expect(frozen.failures.contains("\(arith): error: no recorded result for '#arith' in the lock file; run the lab without --frozen to record it"))
    }

    @Test func aCachedOnlyRunShowsEarlierResultsAsStaleAndRunsNothing() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let document = Document.parse(text: StepCacheFixture.lab(epochs: 2), path: "lab.md")
        var labRun = f.labRun(previous: first.records)
        labRun.cachedOnly = ["net": try #require(first.results["net"])]
        let report = labRun.run(Planner().plan(document), document: document)
        #expect(report.explanations.filter(\.ran).isEmpty)
        #expect(report.explanations.compactMap { e in e.stale.map { "\(e.id): \($0)" } } == [
            "net: 'epochs' changed (1 → 2)", "small: 'net', which it uses, changed", "checks: 'small', which it uses, changed",
        ])
        #expect(report.results["net"]?.fields == first.results["net"]?.fields)
        #expect(report.results["arith"]?.fields == first.results["arith"]?.fields)
        guard case .skipped(let note) = report.results["small"]?.outputs.first else {
            Issue.record("a stale step with nothing to show should say it has not run")
            return
        }
        #expect(note == "not run yet: 'net', which it uses, changed")
        // The prose still shows the earlier accuracy; the epochs value is the new one.
        let values = report.values.values.compactMap { try? $0.get() }
        #expect(values.contains("2"))
    }

    @Test func changedDataReRunsTheStepsThatReadIt() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        // One label of the training file changes (same size): its content hash changes.
        let labels = f.root.appendingPathComponent("Data/mnist/\(DatasetKind.mnist.file(.trainLabels).name)")
        var bytes = try Data(contentsOf: labels)
        bytes[bytes.count - 1] = (bytes[bytes.count - 1] + 1) % 10
        try bytes.write(to: labels)
        DataPins.accept(SHA256.hex(of: [UInt8](bytes)))  // an edited fixture, not damaged data
        let (second, _) = f.run(StepCacheFixture.lab(), previous: first.records)
        #expect(StepCacheFixture.ran(second) == ["net: data set mnist changed", "small: data set mnist changed; 'net', which it uses, changed",
                                                 "checks: 'small', which it uses, changed"])
    }
}
