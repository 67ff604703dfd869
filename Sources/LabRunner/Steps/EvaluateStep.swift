import Foundation
import LabData
import LabDocument

/// `evaluate`: accuracy, size and size reduction of converted models on a data-set split, each
/// test image run through our interpreter one invoke at a time (as on a device).
///
/// ```yaml
/// models: [f32, f16, dynamic, int8]
/// split: test
/// ```
///
/// Fields: per model id `{accuracy, correct, count, size_bytes, size_kb, reduction,
/// accuracy_drop, seconds}` (`compare.int8.accuracy`), `rows` (the same records with `id` and
/// `variant`, in order), `best` (the most accurate model's id; the smaller one on a tie),
/// `baseline`, `dataset`, `split`, `count`.
public enum EvaluateStep: Step {
    public static let name = "evaluate"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("rows", "list of mappings", "one per model, in order: id, variant and the per-model fields", repeats: true),
        ResultField("best", "text", "the id of the most accurate model (the smaller one on a tie)"),
        ResultField("baseline", "text", "the id sizes and accuracies are compared to"),
        ResultField("dataset", "text", "the data set classified"),
        ResultField("split", "text", "test or validation"),
        ResultField("count", "number", "images classified"),
    ], perEntry: ("models", [
        ResultField("accuracy", "number", "fraction classified right, 0…1", aliases: ["acc", "test_accuracy"]),
        ResultField("correct", "number", "images classified right"),
        ResultField("count", "number", "images classified"),
        ResultField("size_bytes", "number", "the model file's size in bytes", aliases: ["bytes", "size"]),
        ResultField("size_kb", "number", "the model file's size in KB", aliases: ["kb"]),
        ResultField("reduction", "number", "the baseline's size over this model's size"),
        ResultField("accuracy_drop", "number", "the baseline's accuracy minus this model's", aliases: ["drop"]),
        ResultField("seconds", "number", "how long classifying took, in seconds"),
    ]))
    public static let summary = "accuracy, size and size reduction of converted models on a data-set split"
    public static let parameters = [
        ParameterSpec("models", .references(["convert"]), help: "the convert steps whose models to evaluate"),
        ParameterSpec("dataset", .choice(DatasetKind.allCases.map(\.rawValue)), default: "mnist",
                      help: "mnist or fashion-mnist").preferringLabParameter(),
        ParameterSpec("split", .choice(["test", "validation"]), default: "test", help: "which images to classify"),
        ParameterSpec("limit", .integer(min: 1, max: 1_000_000), default: .null, help: "use only the first N images"),
        ParameterSpec("baseline", .string, default: .null,
                      help: "the model sizes and accuracies are compared to (default: the first of 'models')"),
    ]

    /// Field names of the step itself; a model id may not take one of them.
    static let ownFields = ["rows", "best", "baseline", "dataset", "split", "count"]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out = p.modelListProblems()
        let ids = (p.list("models") ?? []).compactMap(\.string)
        for id in ids where ownFields.contains(id) {
            out.append(Diagnostic(p.location(of: "models"), "a model listed in 'models' cannot be called '\(id)': "
                + "'\(p.id).\(id)' is a field of the step", hint: "rename the convert step"))
        }
        if let baseline = p.string("baseline"), !ids.contains(baseline) {
            out.append(Diagnostic(p.location(of: "baseline"), "'baseline' must be one of 'models' (\(ids.joined(separator: ", "))), got '\(baseline)'"))
        }
        return out
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let models = try ConvertedModel.loadAll(p, context)
        let data = try loadImages(p, context)
        var measured: [(model: ConvertedModel, run: ClassificationRun)] = []
        let total = Double(models.count * data.count)
        for (k, m) in models.enumerated() {
            let done = Counter()
            let run: ClassificationRun
            do {
                run = try ImageClassifier.run(model: m.model, images: data.images, pixelsPerImage: data.pixelsPerImage,
                                              labels: data.labels) { n in
                    let d = done.add(n)
                    context.progress.update(fraction: (Double(k * data.count + d)) / total, detail: "\(m.id) · \(d)/\(data.count) images")
                }
            } catch {
                throw StepFailure("cannot run '\(m.id)': \(error)")
            }
            context.progress.log("\(m.id): \(Filters.fixed(run.accuracy * 100, 2))% of \(run.count) images in \(Filters.fixed(run.seconds, 2)) s")
            measured.append((m, run))
        }
        let baselineID = p.string("baseline") ?? models[0].id
        guard let base = measured.first(where: { $0.model.id == baselineID }) else {
            throw StepFailure("'baseline' names '\(baselineID)', which is not among 'models'")
        }
        var fields = Record()
        var rows: [Value] = []
        for (m, run) in measured {
            var r = Record()
            r["accuracy"] = .number(run.accuracy)
            r["correct"] = .number(Double(run.correct))
            r["count"] = .number(Double(run.count))
            r["size_bytes"] = .number(Double(m.sizeBytes))
            r["size_kb"] = .number(m.sizeKB)
            r["reduction"] = .number(Double(base.model.sizeBytes) / Double(max(m.sizeBytes, 1)))
            r["accuracy_drop"] = .number(base.run.accuracy - run.accuracy)
            r["seconds"] = .number(run.seconds)
            fields[m.id] = .record(r)
            var row = Record([("id", .string(m.id)), ("variant", .string(m.variant))])
            for (k, v) in r.pairs { row[k] = v }
            rows.append(.record(row))
        }
        let best = measured.min { a, b in
            a.run.accuracy != b.run.accuracy ? a.run.accuracy > b.run.accuracy : a.model.sizeBytes < b.model.sizeBytes
        }!
        fields["rows"] = .list(rows)
        fields["best"] = .string(best.model.id)
        fields["baseline"] = .string(baselineID)
        fields["dataset"] = .string(data.kind.rawValue)
        fields["split"] = .string(data.split.rawValue)
        fields["count"] = .number(Double(data.count))
        let caption = p.string("caption") ?? "\(data.kind.displayName) \(data.split.rawValue) split, \(Filters.fixed(Double(data.count), 0)) images;"
            + " drop and reduction against \(baselineID)"
        // A file of rounded low-bit weights still stores them as float: its bar says so.
        let sizeNames = measured.map { m in
            (try? context.result(of: m.model.id).fields["weight_bits"]?.number).flatMap { $0 }.map { _ in "\(m.model.id) (as float)" }
                ?? m.model.id
        }
        return StepOutcome(StepResult(fields: fields, outputs: [
            .table(table(measured, baseline: base, caption: caption)),
            .chart(Chart(kind: .bar, title: "Model size", xLabel: "model", yLabel: "KB", categories: sizeNames,
                         series: [.init(name: "size (KB)", y: measured.map(\.model.sizeKB))])),
            .chart(Chart(kind: .bar, title: "Accuracy", xLabel: "model", yLabel: "accuracy (%)", categories: measured.map(\.model.id),
                         series: [.init(name: "accuracy (%)", y: measured.map { $0.run.accuracy * 100 })])),
        ]))
    }

    static func table(_ measured: [(model: ConvertedModel, run: ClassificationRun)],
                      baseline: (model: ConvertedModel, run: ClassificationRun), caption: String) -> ResultTable {
        ResultTable(
            columns: ["model", "variant", "size (KB)", "accuracy", "drop", "reduction"],
            rows: measured.map { m, run in
                [m.id, m.variant, Filters.fixed(m.sizeKB, 1), Filters.fixed(run.accuracy * 100, 2) + "%",
                 Filters.fixed((baseline.run.accuracy - run.accuracy) * 100, 2) + " pp",
                 Filters.fixed(Double(baseline.model.sizeBytes) / Double(max(m.sizeBytes, 1)), 1) + "×"]
            },
            alignments: [.left, .left, .right, .right, .right, .right], caption: caption)
    }

    public static func datasets(_ p: Parameters, labParams: Record) -> [DatasetKind] {
        p.datasets(labParams: labParams)
    }

    /// The images of the chosen split, cut to `limit`.
    static func loadImages(_ p: Parameters, _ context: RunContext) throws -> Dataset {
        let kind = try p.datasetKind(labParams: context.labParams)
        let split: DatasetSplit = p.string("split") == "validation" ? .validation : .test
        var data: Dataset
        do { data = try DataDirectory(url: context.dataDirectory).load(kind, split: split) } catch {
            throw StepFailure("\(error)")
        }
        if let limit = p.int("limit"), limit < data.count { data = data.slice(0..<limit) }
        return data
    }
}

/// A thread-safe running total (progress from worker threads).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) -> Int { lock.withLock { total += n; return total } }
}
