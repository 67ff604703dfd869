import Foundation
import Testing

/// `NAME_files/` belongs to the pages of one run: a failed run writes its files into
/// `NAME.failed_files/`, a successful run replaces the folder whole (files no directive writes any
/// more go), `--frozen` keeps the committed models, and no staging folder stays behind.
@Suite(.serialized) struct FilesFolderTests {
    /// A data-free lab with one chart whose bars follow `height`; the assert fails from 10 up.
    static func lab(height: Int = 3, show: String = "result", second: Bool = true) -> String {
        """
        ---
        title: Files
        params:
          height: \(height)
        ---
        # Files

        ```lab plot #bars
        categories: [a, b]
        series:
          - {name: Height, y: [params.height, 2]}
        show: \(show)
        ```
        \(second ? "\n```lab plot #more\ncategories: [c]\nseries:\n  - {name: Width, y: [4]}\n```\n" : "")
        ```lab assert #checks
        - params.height < 10
        ```
        """
    }

    /// The trained lab (fixture images) with its float32 model linked from the page.
    static func trained(epochs: Int = 1, extra: String = "") -> String {
        TrainedLabCommandTests.lab(epochs: epochs).replacingOccurrences(of: "variant: float32\nshow: none\n", with: "variant: float32\n") + extra
    }

    /// A scratch folder with the fixture images and `trained(…)` as `lab.md`.
    static func trainedScratch() throws -> URL {
        let dir = try TrainedLabCommandTests.scratch()
        try trained().write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Every file under `folder` (relative path → bytes); empty when it does not exist.
    static func files(in folder: URL) throws -> [String: Data] {
        guard let paths = FileManager.default.subpaths(atPath: folder.path) else { return [:] }
        var files: [String: Data] = [:]
        for path in paths {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// What an output folder holds that a user did not ask for: staging and backup folders.
    static func hidden(in output: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    @Test func aFailedRunLeavesTheGoodPagesModelsAndFiguresAsTheyWere() throws {
        let dir = try Self.trainedScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir).status == 0)
        let good = dir.appendingPathComponent("Output/lab_files")
        let before = try Self.files(in: good)
        let page = try Data(contentsOf: dir.appendingPathComponent("Output/lab.md"))
        #expect(before["f32.tflite"] != nil && before["speed-1.svg"] != nil, "\(before.keys.sorted())")
        // Two epochs train other weights; the assert after every model and chart step fails.
        let failing = Self.trained(epochs: 2, extra: "\n\n```lab assert #late\n- compare.int8.accuracy > 2\n```\n")
        try failing.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let failed = try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir)
        #expect(failed.status == 1)
        #expect(try Self.files(in: good) == before, "the failed run changed the last good page's files")
        #expect(try Data(contentsOf: dir.appendingPathComponent("Output/lab.md")) == page)
        let failedFiles = try Self.files(in: dir.appendingPathComponent("Output/lab.failed_files"))
        #expect(failedFiles["f32.tflite"] != nil && failedFiles["f32.tflite"] != before["f32.tflite"])
        #expect(failedFiles["speed-1.svg"] != nil)
        let failedPage = try String(contentsOf: dir.appendingPathComponent("Output/lab.failed.md"), encoding: .utf8)
        #expect(failedPage.contains("](lab.failed_files/speed-1.svg)"))
        #expect(!failedPage.contains("lab_files/"))
        let failedHTML = try String(contentsOf: dir.appendingPathComponent("Output/lab.failed.html"), encoding: .utf8)
        #expect(failedHTML.contains("href=\"lab.failed_files/f32.tflite\""))
        #expect(!failedHTML.contains("\"lab_files/"))
        #expect(Self.hidden(in: dir.appendingPathComponent("Output")).isEmpty)

        // The next good run replaces the files and removes the failure's.
        try Self.trained(epochs: 2).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        #expect(try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir).status == 0)
        #expect(try Self.files(in: good)["f32.tflite"] == failedFiles["f32.tflite"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.failed_files").path))
    }

    @Test func theFilesOfARemovedOrHiddenDirectiveGoAway() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 0)
        let folder = dir.appendingPathComponent("Output/lab_files")
        #expect(try Self.files(in: folder).keys.sorted() == ["bars-1.svg", "more-1.svg"])
        try Self.lab(show: "none", second: false).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.files(in: folder).isEmpty)
        #expect(Self.hidden(in: dir.appendingPathComponent("Output")).isEmpty)
    }

    @Test func aFailedRunOfTheChartLabKeepsTheGoodFigures() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 0)
        let folder = dir.appendingPathComponent("Output/lab_files")
        let before = try Self.files(in: folder)
        try Self.lab(height: 12).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 1)
        #expect(try Self.files(in: folder) == before)
        let failed = try Self.files(in: dir.appendingPathComponent("Output/lab.failed_files"))
        #expect(failed.keys.sorted() == ["bars-1.svg", "more-1.svg"])
        #expect(failed["bars-1.svg"] != before["bars-1.svg"])
        #expect(Self.hidden(in: dir.appendingPathComponent("Output")).isEmpty)
    }

    @Test func aFrozenRenderKeepsTheCommittedModelsAndDropsStaleFiles() throws {
        let dir = try Self.trainedScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir).status == 0)
        let committed = try Self.files(in: dir.appendingPathComponent("Output/lab_files"))
        // A clone: the lab, its lock file and the committed Output/, no data and no step cache.
        let clone = try LabrunBinary.scratch(lab: Self.trained())
        defer { try? FileManager.default.removeItem(at: clone) }
        try FileManager.default.copyItem(at: CacheLab.lockURL(dir), to: CacheLab.lockURL(clone))
        try FileManager.default.copyItem(at: dir.appendingPathComponent("Output"), to: clone.appendingPathComponent("Output"))
        try Data("old".utf8).write(to: clone.appendingPathComponent("Output/lab_files/gone-1.svg"))
        let run = try LabrunBinary.run(["lab.md", "--frozen", "--data-dir", "no-such-folder"], in: clone)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.files(in: clone.appendingPathComponent("Output/lab_files")) == committed)
        #expect(try Data(contentsOf: clone.appendingPathComponent("Output/lab.md"))
            == Data(contentsOf: dir.appendingPathComponent("Output/lab.md")))
        #expect(try String(contentsOf: clone.appendingPathComponent("Output/lab.html"), encoding: .utf8)
            .contains("href=\"lab_files/f32.tflite\""))
        #expect(Self.hidden(in: clone.appendingPathComponent("Output")).isEmpty)
    }

    @Test func verifyWritesNothingAndTextErrorsLeaveNoStagingFolder() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 0)
        let output = dir.appendingPathComponent("Output")
        let before = try Self.files(in: output)
        #expect(try LabrunBinary.run(["lab.md", "-q", "--verify"], in: dir).status == 0)
        try (Self.lab() + "\n```lab nosuchstep #x\na: 1\n```\n").write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 2)
        #expect(try Self.files(in: output) == before)
        #expect(Self.hidden(in: output).isEmpty)
    }

    @Test func anOutputFolderThatCannotBeCreatedIsAnErrorWithAHint() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a folder".utf8).write(to: dir.appendingPathComponent("Output"))
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "error: cannot create the output folder \(dir.path)/Output (File exists)\n"
            + "  hint: check that the output folder is writable and run again; the pages were not changed\n")
    }

    @Test func aRunInterruptedBetweenTheTwoRenamesIsRepairedByTheNextRun() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 0)
        let output = dir.appendingPathComponent("Output")
        let before = try Self.files(in: output.appendingPathComponent("lab_files"))
        // As a crash leaves it: the old folder renamed away, the new one not yet in place.
        try FileManager.default.moveItem(at: output.appendingPathComponent("lab_files"), to: output.appendingPathComponent(".lab_files.old"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent(".lab_files.partial"), withIntermediateDirectories: true)
        try Self.lab(height: 12).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        #expect(try LabrunBinary.run(["lab.md", "-q"], in: dir).status == 1)
        #expect(try Self.files(in: output.appendingPathComponent("lab_files")) == before)
        #expect(Self.hidden(in: output).isEmpty)
    }

    /// root removes anything, so the test needs another user.
    @Test(.enabled(if: getuid() != 0)) func aStagingFolderThatCannotBeClearedStopsTheRun() throws {
        let dir = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: dir) }
        let locked = dir.appendingPathComponent("Output/.lab_files.partial/locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: locked.appendingPathComponent("stale.txt"))
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: cannot remove \(dir.path)/Output/.lab_files.partial, which an interrupted run left ("), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab_files/locked/stale.txt").path))
    }

    @Test func aCourseWithAFailingChapterKeepsItsGoodFilesAndLinksPagesThatExist() throws {
        let chart = "\n```lab plot #bars\ncategories: [a]\nseries:\n  - name: Code\n    y: [\"fixed.q[0]\"]\n```\n"
        let dir = try CourseLab.scratch(second: CourseLab.chapter(title: "Second steps", prose: "Text.", extra: chart))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["book", "Labs", "-q"], in: dir).status == 0)
        let output = dir.appendingPathComponent("Output")
        let good = try Self.files(in: output.appendingPathComponent("02-second_files"))
        #expect(good.keys.sorted() == ["bars-1.svg"])
        let broken = CourseLab.chapter(title: "Second steps", prose: "Text.", expected: 18,
                                       extra: chart.replacingOccurrences(of: "fixed.q[0]", with: "fixed.q[0] + 5"))
        try CourseLab.write(broken, "02-second.md", in: dir)
        let run = try LabrunBinary.run(["book", "Labs", "-q"], in: dir)
        #expect(run.status == 1)
        #expect(try Self.files(in: output.appendingPathComponent("02-second_files")) == good)
        let failed = try Self.files(in: output.appendingPathComponent("02-second.failed_files"))
        #expect(failed.keys.sorted() == ["bars-1.svg"] && failed["bars-1.svg"] != good["bars-1.svg"])
        #expect(try CourseLab.read("02-second.failed.md", in: dir).contains("](02-second.failed_files/bars-1.svg)"))
        // The first chapter's next link opens the last good page, which is still there.
        #expect(try CourseLab.read("01-first.html", in: dir).contains("rel=\"next\" href=\"02-second.html\""))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("02-second.html").path))
        #expect(Self.hidden(in: output).isEmpty)

        try CourseLab.write(CourseLab.chapter(title: "Second steps", prose: "Text.", extra: chart), "02-second.md", in: dir)
        #expect(try LabrunBinary.run(["book", "Labs", "-q"], in: dir).status == 0)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("02-second.failed_files").path))
        #expect(Self.hidden(in: output).isEmpty)
    }
}
