import Foundation
import Checksum
import LabData
import LabDocument

/// One step's result as stored in the step cache and in the lab's lock file: what it
/// produced, what it was made from, how long it took and where.
public struct StepRecord: Sendable, Codable {
    public var id: String
    public var step: String
    public var key: String
    public var recipe: Recipe
    public var result: StepResult
    /// Artifact file (relative to the output folder) → SHA-256 of its bytes.
    public var artifacts: [String: String]
    /// SHA-256 of the stored payload (e.g. trained weights), if the step stores one.
    public var payload: String?
    /// Digest of result, artifacts and payload: what `uses ID` in a dependent's recipe records.
    public var digest: String
    public var seconds: Double
    /// The machine that ran the step (see `Machine.description`).
    public var machine: String
    /// When the step ran, ISO 8601 in UTC.
    public var date: String
    /// The directive's line when it ran: a reused result's locations move with the directive.
    public var line: Int

    /// What a later run needs to explain itself and estimate its time.
    public var summary: StepSummary { StepSummary(recipe: recipe, seconds: seconds) }

    init(planned: PlannedStep, recipe: Recipe, result: StepResult, artifacts: [String: String], payload: String?,
         seconds: Double, machine: String, date: Date) throws {
        id = planned.directive.id
        step = planned.step.name
        key = recipe.key
        self.recipe = recipe
        self.result = result
        self.artifacts = artifacts
        self.payload = payload
        self.seconds = seconds
        self.machine = machine
        self.date = ISO8601DateFormatter().string(from: date)
        line = planned.directive.location.line
        digest = try Self.digest(result: result, artifacts: artifacts, payload: payload)
    }

    /// The digest of a result with its artifacts and payload hashes.
    static func digest(result: StepResult, artifacts: [String: String], payload: String?) throws -> String {
        var text = try result.jsonData()
        text += Data(artifacts.keys.sorted().map { "\n\($0)\t\(artifacts[$0] ?? "")" }.joined().utf8)
        text += Data("\n\(payload ?? "")".utf8)
        return SHA256.hex(of: text)
    }

    /// True when the record is as it was written: its digest matches its result, artifacts
    /// and payload, and its key matches its recipe. A record read back (from the cache or the
    /// lock file) that fails this was edited or damaged and must not be used.
    var isIntact: Bool {
        recipe.key == key && (try? Self.digest(result: result, artifacts: artifacts, payload: payload)) == digest
    }

    /// This result as the result of `planned`, which found it by recipe: a renamed directive,
    /// or another with the same recipe (in this lab or another sharing the cache), gets it
    /// under its own id. Artifact files named after the old id (`a.tflite`) are renamed
    /// (`b.tflite`), in the result too, and the digest follows, so what uses it sees the change.
    func rebound(to planned: PlannedStep) throws -> StepRecord {
        let newID = planned.directive.id
        guard newID != id else { return self }
        var renamed: [String: String] = [:]
        for name in artifacts.keys where name.hasPrefix(id + ".") {
            renamed[name] = newID + name.dropFirst(id.count)
        }
        var copy = self
        copy.id = newID
        if !renamed.isEmpty {
            // Whole JSON strings only: "a.tflite" becomes "b.tflite", "data.tflite" stays.
            var json = String(decoding: try result.jsonData(), as: UTF8.self)
            for (old, new) in renamed { json = json.replacingOccurrences(of: Self.quoted(old), with: Self.quoted(new)) }
            copy.result = try StepResult(json: Data(json.utf8))
            copy.artifacts = Dictionary(artifacts.map { (renamed[$0.key] ?? $0.key, $0.value) }) { a, _ in a }
            copy.digest = try Self.digest(result: copy.result, artifacts: copy.artifacts, payload: payload)
        }
        return copy
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
    }

    /// The result placed where the directive is now (checks keep pointing at their lines).
    func result(at location: SourceLocation) -> StepResult {
        let delta = location.line - line
        guard delta != 0 || !result.outputs.isEmpty else { return result }
        var moved = result
        moved.outputs = result.outputs.map { output in
            guard case .checks(let checks) = output else { return output }
            return .checks(checks.map { check in
                var c = check
                c.location.line += delta
                c.location.file = location.file
                return c
            })
        }
        return moved
    }
}

/// A step's recipe and duration, read from the last run without decoding its results.
public struct StepSummary: Sendable, Codable {
    public var recipe: Recipe
    public var seconds: Double
}
