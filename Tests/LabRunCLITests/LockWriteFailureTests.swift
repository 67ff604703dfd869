import Foundation
import Testing

/// A lock file or last-run record that cannot be written is reported, never dropped silently.
@Suite struct LockWriteFailureTests {
    @Test func anUnwritableLastRunRecordIsReported() throws {
        let dir = try LabrunBinary.scratch(lab: CacheLab.text())
        // `.labrun/last` is a file, so the folder for the last run cannot be made.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".labrun"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.appendingPathComponent(".labrun/last"))
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: cannot write "))
        #expect(run.stderr.contains(".labrun/last/lab.lab.lock ("))
        #expect(run.stderr.contains("); --explain will compare with the lock file"))
    }

    @Test func anUnwritableLockFileIsReportedAndTheRunStillRenders() throws {
        let dir = try LabrunBinary.scratch(lab: CacheLab.text())
        // A folder where the lock file goes: it cannot be replaced by a file.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lab.lab.lock/x"), withIntermediateDirectories: true)
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        #expect(run.status == 0)
        #expect(run.stderr.contains("/lab.lab.lock ("))
        #expect(run.stderr.contains("); the lock file keeps its earlier results"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.html").path))
    }
}
