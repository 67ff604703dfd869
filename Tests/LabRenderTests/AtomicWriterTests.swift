import Foundation
import Testing
@testable import LabRender

@Suite struct AtomicWriterTests {
    func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrender-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func replacesTheFileAndLeavesNoTemporaryBehind() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.html")
        try AtomicWriter.write("old", to: file)
        try AtomicWriter.write("new content", to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new content")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["page.html"])
    }

    @Test func aFailedWriteKeepsTheOldFile() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.html")
        try AtomicWriter.write("old", to: file)
        // A directory where the target should be: the rename fails after the temporary file was written.
        let blocked = dir.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("child"), withIntermediateDirectories: true)
        #expect(throws: AtomicWriteError.self) { try AtomicWriter.write("new", to: blocked) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocked", "page.html"])
    }

    @Test func aMissingDirectoryIsReportedWithThePath() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("missing/page.html")
        do {
            try AtomicWriter.write("x", to: file)
            Issue.record("expected an error")
        } catch let error as AtomicWriteError {
            #expect(error.description == "error: cannot write \(file.path): No such file or directory")
        }
    }
}
