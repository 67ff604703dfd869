import Foundation
import Testing

/// The issue's check "`--frozen` on a fresh clone renders the committed chapter without data or
/// training": the committed lock files render the committed reference pages byte for byte. They
/// are the course `make lab` writes (`labrun book Labs`): the chapter with its links, and the index.
@Suite struct ChapterFrozenTests {
    @Test func theLockFileRendersTheCommittedChapterWithoutData() throws {
        let root = LabrunBinary.packageRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-frozen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        // A clone has the committed models and C array in Output/; a --frozen render links only files that are there.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Output/03-quantization_files"),
                                         to: out.appendingPathComponent("03-quantization_files"))
        let run = try LabrunBinary.run(["book", "Labs", "--frozen", "-o", out.path, "--data-dir", "/nonexistent",
                                        "--cache-dir", out.appendingPathComponent("no-cache").path], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        for page in ["03-quantization.md", "03-quantization.html", "index.html", "index.md"] {
            let rendered = try Data(contentsOf: out.appendingPathComponent(page))
            let committed = try Data(contentsOf: root.appendingPathComponent("Output/\(page)"))
            #expect(rendered == committed, "\(page) differs from the committed rendering: re-render with 'labrun book Labs --frozen'")
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("no-cache").path))
        #expect(run.stderr.contains("[17/61] train #baseline … frozen\n"))
    }
}
