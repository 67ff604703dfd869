import Foundation
import Testing

/// A run that fails writes NAME.failed.html/.md and leaves the last good page alone; the next
/// run that succeeds removes the failure pages.
@Suite struct FailedRunPageTests {
    @Test func aFailedRunKeepsTheLastGoodPageAndWritesAFailurePage() throws {
        let dir = try CacheLab.ranOnce()
        let good = try ["html", "md"].map { try Data(contentsOf: dir.appendingPathComponent("Output/lab.\($0)")) }
        // 0.5 quantizes to 20, not 17: the assert fails and the run exits 1.
        try CacheLab.write(CacheLab.text(fixed: "0.5"), in: dir)
        let failed = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(failed.status == 1)
        #expect(try ["html", "md"].map { try Data(contentsOf: dir.appendingPathComponent("Output/lab.\($0)")) } == good)
        let failurePage = try String(contentsOf: dir.appendingPathComponent("Output/lab.failed.html"), encoding: .utf8)
        #expect(failurePage.contains("assert"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.failed.md").path))
        #expect(failed.stderr.contains("the run failed: wrote "))
        #expect(failed.stderr.contains("/Output/lab.failed.html; "))
        #expect(failed.stderr.contains("/Output/lab.html keeps the last good page"))

        try CacheLab.write(CacheLab.text(), in: dir)
        let fixed = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(fixed.status == 0)
        for ext in ["html", "md"] {
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.failed.\(ext)").path))
        }
    }

    @Test func aFirstRunThatFailsSaysThereIsNoGoodPageYet() throws {
        let dir = try CacheLab.ranOnce()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Output"))
        try CacheLab.write(CacheLab.text(fixed: "0.5"), in: dir)
        let failed = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(failed.status == 1)
        #expect(!failed.stderr.contains("keeps the last good page"))
        #expect(failed.stderr.contains("/Output/lab.failed.html; there is no good page yet ("))
        #expect(failed.stderr.contains("/Output/lab.html was never written)"))
    }
}
