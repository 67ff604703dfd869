import ArgumentParser
import Foundation
import LabRunner

/// How a run reuses earlier results: the step cache, `--rerun`, the lock file.
struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run this step even if its result is cached: a directive id, a step name (e.g. benchmark), or all. Repeatable.",
        valueName: "ID|STEP|all"))
    var rerun: [String] = []

    @Flag(help: "Say for each step why it ran or was reused.")
    var explain = false

    @Flag(help: "Render the results recorded in the lab's lock file (NAME.lab.lock); run nothing, need no data.")
    var frozen = false

    @Flag(help: "Re-run every step and report each figure that moved beyond its tolerance from the lock file; write nothing.")
    var verify = false

    @Flag(help: "Run every step and store nothing (no .labrun/ folder).")
    var noCache = false

    @Option(help: ArgumentHelp("Where step results are cached.", valueName: "DIR"))
    var cacheDir = ".labrun"

    func validate() throws {
        if frozen, verify { throw ValidationError("--frozen and --verify cannot be used together: --frozen runs nothing, --verify runs everything") }
        if frozen, !rerun.isEmpty { throw ValidationError("--frozen runs nothing, so --rerun cannot be used with it") }
    }

    var cache: StepCache? { noCache ? nil : StepCache(directory: URL(fileURLWithPath: cacheDir)) }

    /// The last run of this lab, kept in the cache folder for `--explain` (with or without `--set`).
    func lastRun(ofLab lab: String) -> URL? {
        cache.map { $0.directory.appendingPathComponent("last").appendingPathComponent(LockFile.location(ofLab: lab).lastPathComponent) }
    }

    /// The lock file, or nil when there is none; a damaged one is reported and ignored
    /// (everything is then recomputed), except for `--frozen` and `--verify`, which need it.
    func readLock(_ lab: String, console: Console) throws -> LockFile? {
        let url = LockFile.location(ofLab: lab)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if frozen || verify {
                throw ValidationError("\(url.path): no lock file (hint: run 'labrun \(lab)' once to record one)")
            }
            return nil
        }
        do { return try LockFile.read(url) } catch {
            if frozen || verify { throw ValidationError("\(error) (hint: run 'labrun \(lab)' to record it again)") }
            console.error("warning: \(error); it will be written again after this run")
            return nil
        }
    }

    /// A run set up with the cache, `--rerun` and the last results.
    func configure(_ run: inout LabRun, lab: String, console: Console) throws {
        let lock = try readLock(lab, console: console)
        run.cache = cache
        run.rerun = Set(verify ? ["all"] : rerun)
        run.frozen = frozen
        run.previous = lock?.records ?? [:]
        if !frozen, let last = lastRun(ofLab: lab), let recent = try? LockFile.read(last) {
            run.previous.merge(recent.records) { _, newer in newer }
        }
    }

    /// After a run: remember it for `--explain`, and rewrite the lock file when the lab ran as
    /// written (no `--set`) and every step succeeded.
    func record(_ report: LabRun.Report, plan: Plan, lab: String, overridden: Bool, console: Console) {
        guard !frozen, !verify else { return }
        let records = plan.steps.compactMap { report.records[$0.directive.id] }
        let lock = LockFile(lab: lab, steps: records)
        if let last = lastRun(ofLab: lab) {
            try? FileManager.default.createDirectory(at: last.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? lock.write(to: last)
        }
        guard records.count == plan.steps.count, !overridden else {
            if overridden { console.info("lock file not updated: --set changes the lab") }
            return
        }
        let url = LockFile.location(ofLab: lab)
        do { try lock.write(to: url); console.info("wrote \(url.relativePath)") } catch {
            console.error("warning: cannot write \(url.path): \(error)")
        }
    }
}
