import Foundation
import Testing

/// The lab's lock file end to end: damaged or missing ones, `--frozen`, `--verify`, `--set`.
@Suite(.serialized) struct LockFileCommandTests {
    private static func truncate(_ url: URL) throws {
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
    }

    /// Every file under `dir` by relative path, with its bytes.
    private static func snapshot(_ dir: URL) throws -> [String: Data] {
        let paths = FileManager.default.subpaths(atPath: dir.path) ?? []
        var files: [String: Data] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            let url = dir.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func aTruncatedLockFileIsReportedAndWrittenAgain() throws {
        // As in a fresh clone: no cache folder, so the lock file is the only earlier run.
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".labrun"))
        try Self.truncate(CacheLab.lockURL(dir))
        let run = try LabrunBinary.run(["lab.md", "--explain"], in: dir)
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("warning: lab.lab.lock: the lock file is damaged "
            + "(not a labrun lock file, or cut short); it will be written again after this run\n"))
        #expect(run.stdout == CacheLab.allRan("no earlier result"))
        #expect(run.stderr.contains("\nwrote lab.lab.lock\n"))
        #expect((try CacheLab.lock(dir)["steps"] as? [Any])?.count == CacheLab.steps.count)
    }

    @Test func aTruncatedLockFileIsRestoredFromTheCache() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lock = try Data(contentsOf: CacheLab.lockURL(dir))
        try Self.truncate(CacheLab.lockURL(dir))
        let run = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(run.status == 0)
        #expect(run.stderr.contains("\nwarning: lab.lab.lock was damaged; written again from this run\nwrote lab.lab.lock\n"))
        #expect(try Data(contentsOf: CacheLab.lockURL(dir)) == lock)
    }

    @Test func frozenNeedsAReadableLockFileAndNoOtherMode() throws {
        let dir = try LabrunBinary.scratch(lab: CacheLab.text())
        defer { try? FileManager.default.removeItem(at: dir) }
        var run = try LabrunBinary.run(["lab.md", "--frozen"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: lab.lab.lock: no lock file (hint: run 'labrun lab.md' once to record one)\n"))

        _ = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        try Self.truncate(CacheLab.lockURL(dir))
        run = try LabrunBinary.run(["lab.md", "--frozen"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: lab.lab.lock: the lock file is damaged "
            + "(not a labrun lock file, or cut short) (hint: run 'labrun lab.md' to record it again)\n"))

        run = try LabrunBinary.run(["lab.md", "--frozen", "--verify"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: --frozen and --verify cannot be used together: "
            + "--frozen runs nothing, --verify runs everything\n"))
        run = try LabrunBinary.run(["lab.md", "--frozen", "--rerun", "all"], in: dir)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: --frozen runs nothing, so --rerun cannot be used with it\n"))
    }

    @Test func frozenInAFreshCopyRendersTheSamePageWithoutCacheOrData() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = try LabrunBinary.scratch(lab: CacheLab.text())
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: CacheLab.lockURL(dir), to: CacheLab.lockURL(copy))
        let run = try LabrunBinary.run(["lab.md", "--frozen", "--explain", "--data-dir", "no-such-folder"], in: copy)
        #expect(run.status == 0)
        let record = try CacheLab.record("w", in: dir)
        let recorded = "recorded \(try CacheLab.day(of: "w", in: dir)) on \(record["machine"] as? String ?? "?")"
        #expect(run.stdout == CacheLab.steps.map { "#\($0.0) (\($0.1)): reused: \(recorded)\n" }.joined())
        #expect(CacheLab.progress(run.stderr).allSatisfy { $0.hasSuffix(" … frozen") })
        for page in ["Output/lab.md", "Output/lab.html"] {
            #expect(try Data(contentsOf: copy.appendingPathComponent(page)) == Data(contentsOf: dir.appendingPathComponent(page)))
        }
        #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent(".labrun").path))
        #expect(try Data(contentsOf: CacheLab.lockURL(copy)) == Data(contentsOf: CacheLab.lockURL(dir)))
    }

    @Test func frozenNamesAStepAddedAfterTheLockWasWritten() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = CacheLab.text(extra: "\n```lab quantize #late\nvalues: [0.1]\n```\n")
        try CacheLab.write(text, in: dir)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0 == "```lab quantize #late" }) + 1
        let run = try LabrunBinary.run(["lab.md", "--frozen"], in: dir)
        #expect(run.status == 1)
        #expect(CacheLab.progress(run.stderr).last == "[8/8] quantize #late … FAILED")
        #expect(run.stderr.contains("\nlab.md:\(line):1: error: no recorded result for '#late' in the lock file; "
            + "run the lab without --frozen to record it\n"))
    }

    @Test func frozenMarksResultsRecordedBeforeTheLabChanged() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        try CacheLab.write(CacheLab.text(weight: "0.7"), in: dir)
        let run = try LabrunBinary.run(["lab.md", "--frozen", "--explain"], in: dir)
        #expect(run.status == 0)
        let record = try CacheLab.record("w", in: dir)
        let recorded = "recorded \(try CacheLab.day(of: "w", in: dir)) on \(record["machine"] as? String ?? "?")"
        let changed = "the lab changed since this was recorded: "
        let weight = "lab parameter 'weight' changed (0.5 → 0.7)", usesW = "'w', which it uses, changed"
        // The steps that used #w's result are stale too, and say why.
        let why = ["w": weight, "again": usesW, "codes": weight + "; " + usesW, "checks": usesW]
        #expect(run.stdout == CacheLab.steps.map { id, step in
            "#\(id) (\(step)): reused: \(recorded)\(why[id].map { "; " + changed + $0 } ?? "")\n"
        }.joined())
        // #w shows nothing; the table #codes shows its recorded rows under a warning; the banner names all four.
        let page = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(page.components(separatedBy: "> [!WARNING]\n> **Stale:** \(changed + weight + "; " + usesW)\n").count == 2)
        #expect(page.contains("4 results on this page are not up to date with the lab: #w, #again, #codes, #checks."))
        #expect(try CacheLab.record("w", in: dir)["key"] as? String == record["key"] as? String)
    }

    @Test func verifyRightAfterARunFindsNothingMovedAndWritesNothing() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Self.snapshot(dir.appendingPathComponent(".labrun"))
        let lock = try Data(contentsOf: CacheLab.lockURL(dir))
        let run = try LabrunBinary.run(["lab.md", "--verify", "-q"], in: dir)
        let lines = run.stdout.split(separator: "\n")
        // A step's own duration is not compared: it is noise, not a result.
        #expect(!lines.contains { $0.hasPrefix("moved: ") })
        let summary = try #require(lines.last)
        let total = try #require(Int(summary.split(separator: " ").dropFirst(2).first ?? ""))
        #expect(total > 50)
        #expect(summary == "\(total) of \(total) recorded figures within tolerance; 0 moved")
        #expect(run.status == 0)
        // Nothing written: the cache and the lock file are as they were, and the next run reuses everything.
        #expect(try Self.snapshot(dir.appendingPathComponent(".labrun")) == before)
        #expect(try Data(contentsOf: CacheLab.lockURL(dir)) == lock)
        let next = try LabrunBinary.run(["lab.md"], in: dir)
        #expect(!next.stderr.contains("wrote lab.lab.lock"))
        #expect(try Data(contentsOf: CacheLab.lockURL(dir)) == lock)
    }

    @Test func verifyReportsAFigureEditedInTheLockFile() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lock = try CacheLab.lock(dir)
        var steps = try #require(lock["steps"] as? [[String: Any]])
        let index = try #require(steps.firstIndex { $0["id"] as? String == "fixed" })
        var result = try #require(steps[index]["result"] as? [String: Any])
        // Result fields are stored as [name, value] pairs, in order.
        var fields = try #require(result["fields"] as? [[Any]])
        let scale = try #require(fields.firstIndex { $0.first as? String == "scale" })
        #expect((fields[scale][1] as? NSNumber)?.doubleValue == 0.025)
        fields[scale][1] = 0.03
        result["fields"] = fields
        steps[index]["result"] = result
        lock["steps"] = steps
        try JSONSerialization.data(withJSONObject: lock).write(to: CacheLab.lockURL(dir))

        let run = try LabrunBinary.run(["lab.md", "--verify", "-q"], in: dir)
        #expect(run.status == 1)
        let moved = run.stdout.split(separator: "\n").filter { $0.hasPrefix("moved: ") }
        #expect(moved.contains("moved: fixed.scale: 0.03 → 0.025 (tolerance ±0.0001%)"))
        #expect(moved.allSatisfy { $0.hasPrefix("moved: fixed.scale: ") || $0.contains(".seconds_to_run: ") })
        let summary = try #require(run.stdout.split(separator: "\n").last)
        #expect(summary.hasSuffix(" recorded figures within tolerance; \(moved.count) moved"))
    }

    @Test func aRunWithSetLeavesTheLockFileAlone() throws {
        let dir = try CacheLab.ranOnce()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lock = try Data(contentsOf: CacheLab.lockURL(dir))
        let day = try CacheLab.day(of: "fixed", in: dir)
        let run = try LabrunBinary.run(["lab.md", "--explain", "--set", "weight=0.9"], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout == CacheLab.explanation(ran: [
            "w": "lab parameter 'weight' changed (0.5 → 0.9)",
            "again": "'w', which it uses, changed",
            "codes": "lab parameter 'weight' changed (0.5 → 0.9); 'w', which it uses, changed",
            "checks": "'w', which it uses, changed",
        ], reusedFrom: day))
        #expect(run.stderr.contains("\nlock file not updated: --set changes the lab\n"))
        #expect(!run.stderr.contains("wrote lab.lab.lock"))
        #expect(try Data(contentsOf: CacheLab.lockURL(dir)) == lock)
        // q = round(0.9 · 127.5) - 1 = round(114.75) - 1 = 114.
        let page = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(page.contains("The weight 0.9 becomes code 114;"))
    }
}
