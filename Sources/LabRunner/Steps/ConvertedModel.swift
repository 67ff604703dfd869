import Foundation
import LabDocument
import LiteFormat

/// A model made by a `convert` step, as the steps that measure models see it.
struct ConvertedModel {
    /// The convert step's id (`int8`), used as the model's name in results.
    var id: String
    var model: LiteModel
    /// File size in bytes (the convert step's `size_bytes`, else the file's).
    var sizeBytes: Int
    /// `float32`, `float16`, `dynamic`, `int8`, or "" when the step did not say.
    var variant: String

    var sizeKB: Double { Double(sizeBytes) / 1024 }

    /// The model of convert step `id`: its payload, else the file its `path` field names.
    static func load(_ id: String, _ context: RunContext) throws -> ConvertedModel {
        let result = try context.result(of: id)
        let variant = result.fields["variant"]?.string ?? ""
        if let model = try context.liteModelPayload(of: id) {
            let size = result.fields["size_bytes"]?.number.map { Int($0) } ?? model.serialized().count
            return ConvertedModel(id: id, model: model, sizeBytes: size, variant: variant)
        }
        guard let path = result.fields["path"]?.string else {
            throw StepFailure("'\(id)' has no model: no payload and no 'path' field")
        }
        let url = context.artifactsDirectory.appendingPathComponent(path)
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch {
            throw StepFailure("cannot read the model of '\(id)': no file \(path)",
                              hint: "the convert step '\(id)' should have written it; run the lab again")
        }
        do {
            return ConvertedModel(id: id, model: try LiteModel.read(bytes), sizeBytes: bytes.count, variant: variant)
        } catch {
            throw StepFailure("the model of '\(id)' (\(path)) is not a valid .tflite file: \(error)")
        }
    }

    /// Every model of a `models` list parameter, in order; at least one.
    static func loadAll(_ p: Parameters, _ context: RunContext) throws -> [ConvertedModel] {
        let ids = (p.list("models") ?? []).compactMap(\.string)
        guard !ids.isEmpty else { throw StepFailure("'models' lists no model") }
        return try ids.map { try load($0, context) }
    }
}

extension RunContext {
    /// The `LiteModel` step `id` left in memory, or nil when it left none or another kind of payload.
    /// A payload that exists but cannot be rebuilt from the step cache throws with its cause: `try?` here
    /// used to turn that into "no model" and the user saw an unrelated message instead.
    func liteModelPayload(of id: String) throws -> LiteModel? {
        // `(any Sendable)?` accepts both a missing payload (nil) and any value, so only restore errors throw.
        try payload(of: id, as: (any Sendable)?.self) as? LiteModel
    }
}

extension Parameters {
    /// Diagnostics for an empty or repeated `models` list.
    func modelListProblems() -> [Diagnostic] {
        let ids = (list("models") ?? []).compactMap(\.string)
        if ids.isEmpty { return [Diagnostic(location(of: "models"), "'models' must list at least one convert step")] }
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            return [Diagnostic(location(of: "models"), "'models' lists '\(id)' twice")]
        }
        return []
    }
}
