import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// A cache entry or a lock-file record that was edited or damaged is never shown as a result.
@Suite struct CacheIntegrityTests {
    /// The JSON file of a step's cache entry.
    private func entry(_ f: StepCacheFixture, _ record: StepRecord) -> URL {
        f.cache.directory.appendingPathComponent("steps/\(record.key).json")
    }

    @Test func anEditedValueInACacheEntryIsRecomputedNotReused() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let arith = try #require(first.records["arith"])
        let url = entry(f, arith)
        var text = try String(contentsOf: url, encoding: .utf8)
        // One edited value: the first code of the quantized values.
        let q = try #require(text.range(of: "[\"q\",["))
        let digit = text[q.upperBound...].prefix { $0 == "-" || $0.isNumber }
        text.replaceSubrange(q.upperBound..<text.index(q.upperBound, offsetBy: digit.count), with: "99")
        try text.write(to: url, atomically: true, encoding: .utf8)

        let (second, _) = f.run(StepCacheFixture.lab(), previous: first.records)
        let explanation = try #require(second.explanations.first { $0.id == "arith" })
        #expect(explanation.ran)
        #expect(explanation.reason == "its cache entry \(arith.key).json does not match its digest; recomputed")
        #expect(second.results["arith"]?.fields["q"] == first.results["arith"]?.fields["q"])
        #expect(second.records["arith"]?.result.fields["q"] != [99])
        #expect(second.failures == first.failures)  // the fixture's assert fails on purpose
        // The entry was written again from the new run.
        #expect(try StepRecord.decodeForTest(Data(contentsOf: url)).isIntact)
    }

    @Test func aFlippedBitInAStoredFileIsRecomputedNotReused() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let net = try #require(first.records["net"]?.payload)
        let object = f.cache.directory.appendingPathComponent("objects/\(net)")
        var bytes = try Data(contentsOf: object)
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: object)
        let (second, _) = f.run(StepCacheFixture.lab(), previous: first.records)
        #expect(StepCacheFixture.ran(second).first == "net: a stored file of its cache entry is missing or damaged; recomputed")
        #expect(second.results["net"]?.fields["test_accuracy"] == first.results["net"]?.fields["test_accuracy"])
    }

    @Test func aDamagedLockFileRecordIsNotRenderedByFrozen() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        var records = first.records
        records["arith"]?.result.fields["q"] = [99]
        let (frozen, plan) = f.run(StepCacheFixture.lab(), previous: records, frozen: true, cached: false)
        let arith = try #require(plan.steps.first { $0.directive.id == "arith" }).directive.location
        #expect(frozen.results["arith"]?.fields["q"] != [99])
        #expect(frozen.failures.contains("\(arith): error: the recorded result for '#arith' in the lock file is damaged"
            + " (it does not match its digest); run the lab without --frozen to record it again"))
        #expect(frozen.results["net"]?.fields == first.results["net"]?.fields)
    }

    /// The chapter's committed lock file passes the check (its digests are reproducible).
    @Test func theCommittedChapterLockFileIsIntact() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lock = try LockFile.read(root.appendingPathComponent("Labs/03-quantization.lab.lock"))
        #expect(!lock.steps.isEmpty)
        #expect(lock.steps.filter { !$0.isIntact }.map(\.id) == [])
    }
}

extension StepRecord {
    static func decodeForTest(_ data: Data) throws -> StepRecord { try JSONDecoder().decode(StepRecord.self, from: data) }
}
