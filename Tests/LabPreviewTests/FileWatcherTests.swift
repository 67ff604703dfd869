import Foundation
import Testing
@testable import LabPreview

@Suite struct FileWatcherTests {
    /// A watched file with some content, a started watcher, and the log of its calls.
    private func watch(_ body: (URL, CallLog) throws -> Void) throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("LAB.md")
        try Data("# Lab\n".utf8).write(to: file)
        let log = CallLog()
        let watcher = FileWatcher(file: file) { log.record() }
        watcher.start()
        defer { watcher.stop() }
        try body(file, log)
    }

    /// Waits for the first call (up to 1 s) and then long enough to see a second one if it came.
    private func expectOneCall(_ log: CallLog, since start: Date) {
        #expect(eventually(timeout: 1) { !log.calls.isEmpty })
        if let first = log.calls.first {
            let delay = first.timeIntervalSince(start)
            #expect(delay < 1, "handler ran after \(delay) s")
        }
        usleep(600_000)
        #expect(log.calls.count == 1)
    }

    @Test func aWriteIsReportedOnce() throws {
        try watch { file, log in
            let start = Date()
            try Data("# Lab\nmore\n".utf8).write(to: file)
            expectOneCall(log, since: start)
        }
    }

    @Test func aWriteInStepsIsReportedOnceWhenItSettles() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("LAB.md")
        try Data("# Lab\n".utf8).write(to: file)
        let log = CallLog()
        // Polls 300 ms apart and steps 100 ms apart: without the debounce a poll would see a partial state
        // and report it; with it, no partial state lasts for two polls.
        let watcher = FileWatcher(file: file, interval: 0.3) { log.record() }
        watcher.start()
        defer { watcher.stop() }
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        for part in ["# Lab, ", "rewritten ", "in steps\n"] {
            usleep(100_000)
            try handle.write(contentsOf: Data(part.utf8))
        }
        try handle.close()
        #expect(eventually(timeout: 2) { !log.calls.isEmpty })
        usleep(800_000)
        #expect(log.calls.count == 1)
    }

    @Test func anAtomicRenameSaveIsReportedOnce() throws {
        try watch { file, log in
            let start = Date()
            // Same size as before, so only the inode and mtime tell the change.
            let temporary = file.deletingLastPathComponent().appendingPathComponent(".LAB.md.swp")
            try Data("# Lbb\n".utf8).write(to: temporary)
            #expect(rename(temporary.path, file.path) == 0)
            expectOneCall(log, since: start)
        }
    }

    @Test func aFileBrieflyMissingIsReportedOnceWhenItComesBack() throws {
        try watch { file, log in
            let start = Date()
            try FileManager.default.removeItem(at: file)
            usleep(400_000)
            #expect(log.calls.isEmpty)
            try Data("# Lab, back\n".utf8).write(to: file)
            expectOneCall(log, since: start)
        }
    }

    @Test func nothingIsReportedWithoutAChange() throws {
        try watch { _, log in
            usleep(500_000)
            #expect(log.calls.isEmpty)
        }
    }

    @Test func twoSavesFarApartAreReportedTwice() throws {
        try watch { file, log in
            try Data("one\n".utf8).write(to: file)
            #expect(eventually(timeout: 1) { log.calls.count == 1 })
            try Data("two, longer\n".utf8).write(to: file)
            #expect(eventually(timeout: 1) { log.calls.count == 2 })
        }
    }

    @Test func nothingIsReportedAfterStop() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("LAB.md")
        try Data("a\n".utf8).write(to: file)
        let log = CallLog()
        let watcher = FileWatcher(file: file) { log.record() }
        watcher.start()
        let started = Date()
        watcher.stop()
        #expect(Date().timeIntervalSince(started) < 0.5)
        try Data("changed\n".utf8).write(to: file)
        usleep(500_000)
        #expect(log.calls.isEmpty)
    }
}
