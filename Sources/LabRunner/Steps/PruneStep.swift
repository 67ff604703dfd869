import Foundation
import LabData
import LabDocument
import LabEngine

/// `lab prune`: fine-tunes a trained model (`from: <train id>`) while magnitude-pruning its
/// conv2d and dense kernels on a schedule (TFMOT's `PolynomialDecay` or `ConstantSparsity`),
/// and reports each layer's sparsity and the test accuracy before and after. The pruned
/// `Sequential` is the payload: `convert` writes it with its zeros, which deflate well.
public enum PruneStep: NetworkPayloadStep {
    public static let name = "prune"
    public static let results = ResultFields([
        ResultField("sparsity", "number", "zeros over all pruned kernels' weights, 0…1"),
        ResultField("layers", "list of mappings", "per pruned layer: layer, zeros, count, sparsity"),
        ResultField("test_accuracy", "number", "accuracy on the test split after pruning, 0…1", aliases: ["accuracy", "acc"]),
        ResultField("test_accuracy_before", "number", "accuracy on the test split of the model before pruning"),
        ResultField("epochs", "number", "epochs of fine-tuning"),
        ResultField("steps", "number", "optimizer steps of fine-tuning"),
        ResultField("schedule_steps", "list of numbers", "the optimizer steps at which the masks were recomputed"),
        ResultField("schedule_sparsity", "list of numbers", "the sparsity the schedule set at each of those steps, 0…1"),
        ResultField("seconds", "number", "fine-tuning time in seconds", aliases: ["time", "duration"]),
    ])
    public static let summary = "fine-tunes a trained model while pruning its smallest weights to a target sparsity"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("from", .reference(["train", "prune"]), help: "the train (or prune) step whose model to fine-tune and prune"),
        ParameterSpec("sparsity", .number(min: 0, max: 0.99), default: 0.5, help: "the final fraction of zero weights in each pruned kernel"),
        ParameterSpec("schedule", .choice(["polynomial_decay", "constant"]), default: "polynomial_decay",
                      help: "polynomial_decay (from initial_sparsity to sparsity between begin_step and end_step) or constant"),
        ParameterSpec("initial_sparsity", .number(min: 0, max: 0.99), default: 0, help: "polynomial_decay: the sparsity at begin_step"),
        ParameterSpec("begin_step", .integer(min: 0, max: 100_000_000), default: 0, help: "the first optimizer step that prunes"),
        ParameterSpec("end_step", .integer(min: 1, max: 100_000_000), default: .null,
                      help: "polynomial_decay: the step that reaches 'sparsity' (default: the last step of fine-tuning)"),
        ParameterSpec("frequency", .integer(min: 1, max: 100_000_000), default: 100, help: "prune every N steps"),
        ParameterSpec("layers", .any, default: .null,
                      help: "layer kinds (conv2d, depthwise_conv2d, dense) or names (conv2d_1) to prune; default conv2d and dense",
                      shape: .list(.text, what: "a list of layer kinds or names")),
        ParameterSpec("epochs", .integer(min: 0, max: 1000), default: 1,
                      help: "passes over the training images; 0 prunes once to 'sparsity' without fine-tuning (one-shot)"),
        ParameterSpec("batch_size", .integer(min: 1, max: 4096), default: 32, help: "images per optimizer step"),
        ParameterSpec("seed", .integer(min: 0, max: 4_294_967_295), default: 42, help: "fixes the shuffling (bit-reproducible)"),
        ParameterSpec("learning_rate", .number(min: 0, max: 10), default: 0.001, help: "Adam's learning rate"),
        ParameterSpec("limit", .integer(min: 1, max: 1_000_000), default: .null, help: "use only the first N training images"),
        ParameterSpec("dataset", .choice(DatasetKind.allCases.map(\.rawValue)), default: .null,
                      help: "mnist or fashion-mnist (default: the lab parameter 'dataset', else mnist)"),
    ]

    public static let labParameters = ["dataset"]

    public static func datasets(_ params: Parameters, labParams: Record) -> [DatasetKind] {
        params.datasets(labParams: labParams)
    }

    public static func validate(_ params: Parameters) -> [Diagnostic] {
        do { _ = try targets(params); return [] } catch {
            return [Diagnostic(params.location(of: "layers"), error.message)]
        }
    }

    /// `layers` as pruning targets: a kind keyword, or else a layer name.
    static func targets(_ params: Parameters) throws(StepFailure) -> [PruningPlan.Target] {
        guard let value = params.value("layers") else { return [.kind(.conv2d), .kind(.dense)] }
        guard let list = value.list, !list.isEmpty, list.allSatisfy({ $0.string != nil }) else {
            throw StepFailure("'layers' must be a list of layer kinds or names, e.g. [conv2d, dense_1]")
        }
        return list.compactMap(\.string).map { PruningPlan.Kind(rawValue: $0).map(PruningPlan.Target.kind) ?? .name($0) }
    }

    public static let networkKind = "pruned"

    public static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome {
        let kind = try params.datasetKind(labParams: context.labParams)
        var model = try context.payload(of: params.string("from") ?? "", as: Sequential.self)
        let splits: DatasetSplits
        do { splits = try DataDirectory.at(context.dataDirectory).loadSplits(kind) } catch { throw StepFailure("\(error)") }
        var train = splits.trainAll
        if let limit = params.int("limit") { train = train.slice(0..<min(limit, train.count)) }
        let trainSet = try LabeledImages(shape: model.inputShape, pixels: train.images, labels: train.labels.map(Int32.init))
        let testSet = try LabeledImages(shape: model.inputShape, pixels: splits.test.images, labels: splits.test.labels.map(Int32.init))

        let epochs = params.int("epochs") ?? 1, batchSize = params.int("batch_size") ?? 32
        let trainCount = Int((Double(trainSet.count) * 0.9).rounded(.up))   // the Trainer's validation split
        let steps = epochs * ((trainCount + batchSize - 1) / batchSize)
        let schedule = schedule(params, steps: steps)
        let plan = PruningPlan(schedule: schedule, targets: try targets(params))
        let options = Trainer.Options(epochs: epochs, batchSize: batchSize, seed: UInt64(params.int("seed") ?? 42),
                                      optimizer: .adam(learningRate: Float(params.number("learning_rate") ?? 0.001)),
                                      pruning: plan)
        // Checked before training: targets the model lacks, or a schedule that cannot run.
        let pruned: [String]
        do { pruned = try Pruner(plan, model: model).layerNames } catch {
            throw StepFailure(error.description, hint: "layers: \(model.layers.map(\.name).joined(separator: ", "))")
        }
        let original = model
        let before = try model.evaluate(testSet)
        let seconds: Double, events: [(step: Int, sparsity: Double)]
        if epochs == 0 {
            let start = Date()
            do { try Pruner.prune(&model, plan, sparsity: params.number("sparsity") ?? 0.5) } catch {
                throw StepFailure(error.description)
            }
            seconds = Date().timeIntervalSince(start)
            events = [(0, params.number("sparsity") ?? 0.5)]
        } else {
            seconds = try Trainer(options).fit(&model, on: trainSet).seconds
            events = (0..<steps).compactMap { step in schedule.target(at: step).map { (step, $0) } }
        }
        let after = try model.evaluate(testSet)
        let layers = model.kernelSparsity().filter { pruned.contains($0.layer) }
        let zeros = layers.reduce(0) { $0 + $1.zeros }, count = layers.reduce(0) { $0 + $1.count }
        let fields = Record([
            ("sparsity", .number(count == 0 ? 0 : Double(zeros) / Double(count))),
            ("layers", .list(layers.map { l in
                .record(Record([("layer", .string(l.layer)), ("zeros", .number(Double(l.zeros))),
                                ("count", .number(Double(l.count))), ("sparsity", .number(l.sparsity))]))
            })),
            ("test_accuracy", .number(after.accuracy)),
            ("test_accuracy_before", .number(before.accuracy)),
            ("epochs", .number(Double(epochs))),
            ("steps", .number(Double(epochs == 0 ? 0 : steps))),
            ("schedule_steps", .list(events.map { .number(Double($0.step)) })),
            ("schedule_sparsity", .list(events.map { .number($0.sparsity) })),
            ("seconds", .number(seconds)),
        ])
        let table = ResultTable(
            columns: ["layer", "zero weights", "sparsity"],
            rows: layers.map { [$0.layer, "\($0.zeros) of \($0.count)", String(format: "%.1f%%", 100 * $0.sparsity)] },
            alignments: [.none, .right, .right],
            caption: String(format: "test accuracy %.2f%% before, %.2f%% after ", 100 * before.accuracy, 100 * after.accuracy)
                + (epochs == 0 ? "one-shot pruning (no fine-tuning)" : "\(steps) step\(steps == 1 ? "" : "s") of pruning"))
        let chart = weightHistogram(before: original.kernelWeights(of: pruned), after: model.kernelWeights(of: pruned))
        return StepOutcome(StepResult(fields: fields, outputs: [.table(table), .chart(chart)]), payload: model)
    }

    /// The pruned kernels' weights before and after, on the same bins; the exact zeros after
    /// pruning are left out of the drawing (their spike would flatten everything else) and counted.
    static func weightHistogram(before: [Float], after: [Float]) -> Chart {
        let old = before.map(Double.init), kept = after.filter { $0 != 0 }.map(Double.init)
        let low = min(old.min() ?? 0, kept.min() ?? 0), high = max(old.max() ?? 0, kept.max() ?? 0)
        let a = histogram(old, bins: 60, low: low, high: high), b = histogram(kept, bins: 60, low: low, high: high)
        let zeros = after.count - kept.count
        return Chart(kind: .histogram, title: "Weights of the pruned kernels", xLabel: "weight value", yLabel: "count",
                     series: [.init(name: "before pruning", x: a.centres, y: a.counts),
                              .init(name: "kept after pruning", x: b.centres, y: b.counts)],
                     caption: "\(zeros) of \(after.count) weights are exactly 0 after pruning and are not drawn.")
    }

    static func schedule(_ params: Parameters, steps: Int) -> PruningSchedule {
        let final = params.number("sparsity") ?? 0.5
        let begin = params.int("begin_step") ?? 0, frequency = params.int("frequency") ?? 100
        if params.string("schedule") == "constant" {
            return .constant(sparsity: final, begin: begin, end: params.int("end_step"), frequency: frequency)
        }
        return .polynomialDecay(initial: params.number("initial_sparsity") ?? 0, final: final, begin: begin,
                                end: params.int("end_step") ?? max(steps - 1, begin + 1), frequency: frequency)
    }
}
