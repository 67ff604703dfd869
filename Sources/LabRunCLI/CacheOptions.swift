import ArgumentParser
import Foundation
import LabData
import LabRunner

/// How a run reuses earlier results: the step cache, `--rerun`, the lock file.
struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run this step even if its result is cached: a directive id, a step name (e.g. benchmark), or all. Repeatable.",
        valueName: "ID|STEP|all"))
    var rerun: [String] = []

    @Flag(help: "Say for each step why it ran or was reused.")
    var explain = false

    @OptionGroup var source: ResultSourceOptions
    var frozen: Bool { source.frozen }
    var cacheDir: String { source.cacheDir }

    @Flag(help: "Re-run every step and report each figure that moved beyond its tolerance from the lock file; write nothing.")
    var verify = false

    @Flag(help: "Run every step and store nothing (no .labrun/ folder).")
    var noCache = false

    func validate() throws {
        if frozen, verify { throw ValidationError("--frozen and --verify cannot be used together: --frozen runs nothing, --verify runs everything") }
        if frozen, !rerun.isEmpty { throw ValidationError("--frozen runs nothing, so --rerun cannot be used with it") }
    }

    /// Every `--rerun` word must name something in one of the labs (a course has several), so
    /// a typo cannot silently re-run nothing.
    func checkRerun(_ plans: [Plan]) throws {
        let known = ["all"] + StepRegistry.standard.names + plans.flatMap { $0.steps.map(\.directive.id) }
        for word in rerun where !known.contains(word) {
            let hint = Suggest.closest(to: word, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("--rerun \(word): no step or directive id '\(word)' in \(plans.count == 1 ? "this lab" : "these labs")\(hint)")
        }
    }

    var cache: StepCache? { noCache ? nil : StepCache(directory: URL(fileURLWithPath: cacheDir)) }

    /// The last run of this lab, kept in the cache folder for `--explain` (with or without `--set`).
    func lastRun(ofLab lab: String) -> URL? { cache.map { Self.lastRun(ofLab: lab, in: $0) } }

    static func lastRun(ofLab lab: String, in cache: StepCache) -> URL {
        cache.directory.appendingPathComponent("last").appendingPathComponent(LockFile.location(ofLab: lab).lastPathComponent)
    }

    /// The lock file, which `--frozen` and `--verify` need: a missing or damaged one is an error.
    func readLock(_ lab: String) throws -> LockFile {
        let url = LockFile.location(ofLab: lab)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("\(url.relativePath): no lock file (hint: run 'labrun \(lab)' once to record one)")
        }
        do { return try LockFile.read(url) } catch {
            throw ValidationError("\(error) (hint: run 'labrun \(lab)' to record it again)")
        }
    }

    /// Recipes and durations of the last run: this lab's last run from the cache folder, else
    /// the lock file. A damaged file is reported and ignored (the run then explains less).
    func previousRun(_ lab: String, console: Console) -> [String: StepSummary] {
        Self.previousRun(lab, lastRun: lastRun(ofLab: lab), console: console)
    }

    static func previousRun(_ lab: String, lastRun: URL?, console: Console) -> [String: StepSummary] {
        for url in [lastRun, LockFile.location(ofLab: lab)].compactMap({ $0 })
        where FileManager.default.fileExists(atPath: url.path) {
            do { return try LockFile.summaries(url) } catch { console.error("warning: \(error); it will be written again after this run") }
        }
        return [:]
    }

    /// A run set up with the cache, `--rerun` and the last results. Returns the lock file that
    /// `--frozen` renders or `--verify` compares with, read before anything runs.
    @discardableResult
    func configure(_ run: inout LabRun, lab: String, console: Console) throws -> LockFile? {
        run.cache = verify ? nil : cache  // --verify re-runs everything and must leave the cache as it was
        run.rerun = Set(verify ? ["all"] : rerun)
        guard frozen || verify else {
            run.previous = previousRun(lab, console: console)
            return nil
        }
        let lock = try readLock(lab)
        if frozen {
            run.frozen = lock.records
            run.frozenParams = lock.params
            if let note = lock.engineNote { console.error("warning: \(note)") }
        }
        return lock
    }

    /// After a run: remember it for `--explain`, and rewrite the lock file when the lab ran as
    /// written (no `--set`) and every step succeeded.
    func record(_ report: LabRun.Report, plan: Plan, lab: String, overridden: Bool, console: Console) {
        guard !frozen, !verify else { return }
        Self.record(report, plan: plan, lab: lab, lastRun: lastRun(ofLab: lab), overridden: overridden, console: console)
    }

    static func record(_ report: LabRun.Report, plan: Plan, lab: String, lastRun: URL?, overridden: Bool, console: Console) {
        let records = plan.steps.compactMap { report.records[$0.directive.id] }
        let bytes: Data
        do { bytes = try LockFile(lab: lab, params: plan.labParams, steps: records).encoded() } catch {
            console.error("warning: cannot record this run's results (\(error)); \(LockFile.location(ofLab: lab).relativePath) not updated")
            return
        }
        // The last run only feeds --explain: losing it is worth a warning, not a failed run.
        if let lastRun {
            do { _ = try LockFile.write(bytes, to: lastRun) } catch {
                console.error("warning: cannot write \(lastRun.path) (\(FileStatus.reason(error))); --explain will compare with the lock file")
            }
        }
        guard records.count == plan.steps.count, !overridden else {
            if overridden { console.info("lock file not updated: --set changes the lab") }
            return
        }
        let url = LockFile.location(ofLab: lab)
        if FileManager.default.fileExists(atPath: url.path), (try? Data(contentsOf: url)) != bytes,
           (try? LockFile.summaries(url)) == nil {
            console.error("warning: \(url.relativePath) was damaged; written again from this run")
        }
        do { if try LockFile.write(bytes, to: url) { console.info("wrote \(url.relativePath)") } } catch {
            console.error("warning: cannot write \(url.path) (\(FileStatus.reason(error))); the lock file keeps its earlier results")
        }
    }
}
