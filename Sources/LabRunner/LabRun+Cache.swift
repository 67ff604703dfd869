import Foundation
import Checksum
import LabData
import LabDocument

/// How a run decides, per step, between running it and reusing a recorded result.
extension LabRun {
    enum Decision {
        case reuse(StepRecord, reason: String, stale: String? = nil)
        case run(Recipe, reason: String)
        /// `--frozen` without a recorded result.
        case missing(String)
    }

    /// Reuse when the cache holds the step's recipe (and its files check out), unless `--rerun`
    /// names it; otherwise run, saying what changed since the last recorded run.
    func decide(_ planned: PlannedStep, _ state: RunState, _ fingerprints: DataFingerprints,
                restoring: Bool = true) -> Decision {
        let data = Dictionary(uniqueKeysWithValues: planned.step.datasets(planned.parameters, labParams: state.labParams).map { ($0, fingerprints.fingerprint($0)) })
        let uses = Dictionary(uniqueKeysWithValues: planned.dependencies.map { ($0, state.records[$0]?.digest ?? "none") })
        let files = Dictionary(planned.step.inputFiles(planned.parameters).map { path in
            (path, (try? Data(contentsOf: URL(fileURLWithPath: path))).map { SHA256.hex(of: $0) } ?? "missing")
        }) { a, _ in a }
        let recipe = Recipe.of(planned, labParams: state.labParams, uses: uses, data: data, files: files)
        if let word = [planned.directive.id, planned.step.name, "all"].first(where: rerun.contains) {
            return .run(recipe, reason: "--rerun \(word)")
        }
        guard let cache else { return .run(recipe, reason: "the step cache is off") }
        switch cache.lookup(recipe.key) {
        case .hit(let stored):
            do {
                // Found by recipe: it may have been stored for another directive id.
                let record = try stored.rebound(to: planned)
                if restoring {
                    try cache.restoreArtifacts(of: record, into: artifactsDirectory)
                    registerPayload(of: record, planned, cache, state)
                }
                return .reuse(record, reason: reuseReason(record, planned))
            } catch {
                return damaged(planned, why: "\(error)", recipe: recipe, report: restoring)
            }
        case .damaged(let why):
            return damaged(planned, why: why, recipe: recipe, report: restoring)
        case .miss:
            guard let earlier = previous[planned.directive.id] else { return .run(recipe, reason: "no earlier result") }
            let changes = recipe.changes(since: earlier.recipe)
            return .run(recipe, reason: changes.isEmpty ? "not in the step cache" : changes.joined(separator: "; "))
        }
    }

    /// A cache entry that cannot be used: said on the console (not only with `--explain`),
    /// then the step runs and its new result replaces the entry.
    private func damaged(_ planned: PlannedStep, why: String, recipe: Recipe, report: Bool) -> Decision {
        if report { console.error("warning: cache entry for #\(planned.directive.id) was damaged; recomputed (\(why))") }
        return .run(recipe, reason: "\(why); recomputed")
    }

    /// `--frozen`: the recorded result, noting what changed in the lab since it was recorded.
    func frozenDecision(_ planned: PlannedStep, _ state: RunState, _ recorded: [String: StepRecord]) -> Decision {
        let id = planned.directive.id
        guard let record = recorded[id] else {
            return .missing("no recorded result for '#\(id)' in the lock file; run the lab without --frozen to record it")
        }
        guard record.isIntact else {
            return .missing("the recorded result for '#\(id)' in the lock file is damaged (it does not match its digest);"
                + " run the lab without --frozen to record it again")
        }
        let uses = Dictionary(uniqueKeysWithValues: planned.dependencies.map { ($0, state.records[$0]?.digest ?? "none") })
        var recipe = Recipe.of(planned, labParams: state.labParams, uses: uses, data: [:])
        for (name, value) in record.recipe.parts where name.hasPrefix("data ") { recipe.parts[name] = value }
        // The engine is compared once for the whole lock file (`LockFile.engineNote`), not per step.
        var changes = LabRunVersion.withoutVersions(recipe).changes(since: LabRunVersion.withoutVersions(record.recipe))
        // A step whose input is stale is stale too: its recorded result came from the old input.
        let staleInputs = planned.dependencies.filter { dep in state.explanations.contains { $0.id == dep && $0.stale != nil } }
        if !staleInputs.isEmpty {
            changes.append(staleInputs.map { "'\($0)'" }.joined(separator: " and ") + ", which it uses, changed")
        }
        let stale = changes.isEmpty ? nil : "the lab changed since this was recorded: " + changes.joined(separator: "; ")
        var reason = "recorded \(record.date.prefix(10)) on \(record.machine)"
        if let stale { reason += "; " + stale }
        return .reuse(record, reason: reason, stale: stale)
    }

    /// Which steps would run now and why, without running or restoring anything (for the
    /// estimate on the progress line).
    func predict(_ plan: Plan, _ fingerprints: DataFingerprints) -> [String: String] {
        var state = RunState(labParams: plan.labParams)
        var stale: [String: String] = [:]
        for planned in plan.steps {
            let id = planned.directive.id
            if let dep = planned.dependencies.first(where: { stale[$0] != nil }) {
                stale[id] = "'\(dep)', which it uses, will run"
                continue
            }
            switch decide(planned, state, fingerprints, restoring: false) {
            case .reuse(let record, _, _): state.records[id] = record
            case .run(_, let reason): stale[id] = reason
            case .missing(let message): stale[id] = message
            }
        }
        return stale
    }

    /// Seconds each step about to run took last time (for the ETA on the progress line).
    func expectedSeconds(_ plan: Plan, _ fingerprints: DataFingerprints) -> [String: Double] {
        guard !previous.isEmpty else { return [:] }
        let stale = predict(plan, fingerprints)
        return Dictionary(uniqueKeysWithValues: stale.keys.compactMap { id in previous[id].map { (id, $0.seconds) } })
    }

    private func reuseReason(_ record: StepRecord, _ planned: PlannedStep) -> String {
        var reason = "recipe unchanged since \(record.date.prefix(10))"
        if planned.step.measuresMachine, record.machine != Machine.description {
            reason += "; measured on \(record.machine) (--rerun \(planned.step.name) to measure here)"
        }
        return reason
    }

    /// Lets steps that run later ask for the payload of a reused step (a trained network).
    private func registerPayload(of record: StepRecord, _ planned: PlannedStep, _ cache: StepCache, _ state: RunState) {
        let payloads = state.payloads, labParams = state.labParams
        let (artifacts, data, console) = (artifactsDirectory, dataDirectory, console)
        payloads.register(planned.directive.id) {
            do {
                let archive = try record.payload.map(cache.checkedObject)
                let context = RunContext(artifactsDirectory: artifacts, dataDirectory: data, labParams: labParams,
                                         progress: console.progress(for: "restoring #\(record.id)"), outcomes: [:],
                                         evaluator: { _ in .null }, restore: { try payloads.payload(of: $0) })
                return try planned.step.restore(archive, planned.parameters, context)
            } catch {
                throw StepFailure("cannot use the cached result of '\(record.id)': \(error)",
                                  hint: "run again with --rerun \(record.id)")
            }
        }
    }

    /// The record of a step that just ran; stored in the cache when there is one.
    func record(_ planned: PlannedStep, recipe: Recipe, outcome: StepOutcome, seconds: Double) throws -> StepRecord {
        let names = outcome.result.artifacts
        let files = try names.map { try Data(contentsOf: artifactsDirectory.appendingPathComponent($0)) }
        let archive = outcome.payload.flatMap(planned.step.archive)
        let hashes = Dictionary(zip(names, files.map { SHA256.hex(of: $0) }), uniquingKeysWith: { a, _ in a })
        let record = try StepRecord(planned: planned, recipe: recipe, result: outcome.result, artifacts: hashes,
                                    payload: archive.map { SHA256.hex(of: $0) }, seconds: seconds,
                                    machine: Machine.description, date: Date())
        do { try cache?.store(record, objects: files + [archive].compactMap { $0 }) } catch {
            console.error("warning: '#\(planned.directive.id)' could not be stored in the step cache: \(error)")
        }
        return record
    }
}
