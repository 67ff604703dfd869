import Foundation
import LabData
import LabDocument
import LabEngine

/// `lab train`: trains a model from a layer list with Keras's recipe (Glorot-uniform, Adam,
/// batch 32, reshuffle every epoch, validation = last 10% of train) and reports accuracy, speed
/// and learning curves. `from: <train id>` fine-tunes that step's model instead. The trained
/// `Sequential` is the payload (for convert/export).
public struct TrainStep: NetworkPayloadStep {
    public static let name = "train"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("test_accuracy", "number", "accuracy on the test split after the last epoch, 0…1", aliases: ["accuracy_test", "acc"]),
        ResultField("test_loss", "number", "loss on the test split"),
        ResultField("val_accuracy", "number", "validation accuracy after the last epoch", aliases: ["validation_accuracy"]),
        ResultField("val_loss", "number", "validation loss after the last epoch", aliases: ["validation_loss"]),
        ResultField("accuracy", "number", "training accuracy of the last epoch"),
        ResultField("loss", "number", "training loss of the last epoch"),
        ResultField("params", "number", "trainable and non-trainable parameters", aliases: ["parameters"]),
        ResultField("seconds", "number", "training time in seconds", aliases: ["time", "duration"]),
        ResultField("images_per_second", "number", "training speed", aliases: ["speed", "throughput"]),
        ResultField("epochs", "number", "epochs trained"),
        ResultField("train_count", "number", "images trained on (after limit, without validation)"),
        ResultField("validation_count", "number", "images validated on"),
        ResultField("dataset", "text", "mnist or fashion-mnist"),
        ResultField("optimizer", "text", "adam or sgd"),
        ResultField("qat", "true/false", "trained with fake quantization"),
        ResultField("activation_ranges", "list of mappings", "qat: each fake-quantized activation's layer, min, max"),
        ResultField("history", "list of mappings", "per epoch: epoch, loss, accuracy, val_loss, val_accuracy"),
    ])
    public static let summary = "trains a model from a layer list and shows accuracy, speed and learning curves"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("dataset", .choice(DatasetKind.allCases.map(\.rawValue)), default: .null,
                      help: "mnist or fashion-mnist (default: the lab parameter 'dataset', else mnist)"),
        ParameterSpec("epochs", .integer(min: 1, max: 1000), default: 5, help: "passes over the training images"),
        ParameterSpec("batch_size", .integer(min: 1, max: 4096), default: 32, help: "images per optimizer step"),
        ParameterSpec("seed", .integer(min: 0, max: 4_294_967_295), default: 42, help: "fixes initial weights and shuffling (bit-reproducible)"),
        ParameterSpec("optimizer", .choice(["adam", "sgd"]), default: "adam", help: "adam, or sgd with momentum 0.9"),
        ParameterSpec("learning_rate", .number(min: 0, max: 10), default: .null, help: "default 0.001 for adam, 0.01 for sgd"),
        ParameterSpec("model", .any, default: .null, help: "the layer list (required unless 'from' is given; see Layers below)",
                      shape: .layers(TrainLayers.shape)),
        ParameterSpec("qat", .bool, default: false,
                      help: "quantization-aware training: fake int8 weights (per channel) and activations (ranges calibrated, then moving)"),
        ParameterSpec("from", .reference(["train"]), default: .null, help: "fine-tune the model of this train step"),
        ParameterSpec("limit", .integer(min: 1, max: 1_000_000), default: .null, help: "use only the first N images of the training file; the 90/10 train/validation split is made after, so N·0.9 train and N·0.1 validate"),
    ]

    static let input = Shape(height: 28, width: 28, channels: 1)

    public static func validate(_ params: Parameters) -> [Diagnostic] {
        do {
            switch (params.list("model"), params.value("from")) {
            case (nil, nil):
                if let v = params.value("model") { throw ParameterProblem(key: "model", message: "'model' must be a list of layers, got \(v.kindName)") }
                throw ParameterProblem(key: "model", message: "a train step needs a 'model' layer list (or 'from: <train id>')")
            case (_?, _?): throw ParameterProblem(key: "model", message: "give either 'model' or 'from', not both")
            case (let list?, nil): _ = try buildModel(list)
            case (nil, _?): break
            }
            return []
        } catch let problem as ParameterProblem {
            return [Diagnostic(params.location(of: problem.key), problem.message, hint: problem.hint)]
        } catch {
            return [Diagnostic(params.location(of: "model"), "\(error)")]
        }
    }

    static func buildModel(_ list: [Value]) throws -> Sequential {
        let specs = try TrainLayers.parse(list)
        do { return try Sequential(input: input, specs: specs) } catch {
            throw ParameterProblem(key: "model", message: error.description)
        }
    }

    public static let labParameters = ["dataset"]

    public static func datasets(_ params: Parameters, labParams: Record) -> [DatasetKind] {
        params.datasets(labParams: labParams)
    }

    public static let networkKind = "trained"

    public static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome {
        let kind = try params.datasetKind(labParams: context.labParams)
        var model: Sequential
        if let from = params.string("from") {
            model = try context.payload(of: from, as: Sequential.self)
        } else {
            do { model = try buildModel(params.list("model") ?? []) } catch let p as ParameterProblem { throw StepFailure(p.message, hint: p.hint) }
            model.initialize(seed: UInt64(params.int("seed") ?? 42))
        }
        let splits: DatasetSplits
        do { splits = try DataDirectory.at(context.dataDirectory).loadSplits(kind) } catch { throw StepFailure("\(error)") }
        var train = splits.trainAll
        if let limit = params.int("limit") { train = train.slice(0..<min(limit, train.count)) }
        let trainSet = try LabeledImages(shape: input, pixels: train.images, labels: train.labels.map(Int32.init))
        let testSet = try LabeledImages(shape: input, pixels: splits.test.images, labels: splits.test.labels.map(Int32.init))
        if params.bool("qat") == true {
            model = try model.withFakeQuantization()
            // Activation ranges start from the first 1,000 training images, not a fixed [-6, 6].
            model.calibrate(trainSet, limit: 1000)
        }

        let sgd = params.string("optimizer") == "sgd"
        let rate = params.number("learning_rate").map(Float.init)
        let options = Trainer.Options(
            epochs: params.int("epochs") ?? 5, batchSize: params.int("batch_size") ?? 32, seed: UInt64(params.int("seed") ?? 42),
            optimizer: sgd ? .sgd(learningRate: rate ?? 0.01, momentum: 0.9) : .adam(learningRate: rate ?? 0.001))
        var lastReport = -1
        let report = try Trainer(options).fit(&model, on: trainSet) { event in
            switch event {
            case .batch(let b):
                guard b.batch - lastReport >= 50 || b.batch == b.batches else { return }
                lastReport = b.batch == b.batches ? -1 : b.batch
                let done = Double((b.epoch - 1) * b.batches + b.batch) / Double(b.epochs * b.batches)
                context.progress.update(fraction: done, detail: TrainReport.progressLine(b))
            case .epoch(let e):
                context.progress.log(TrainReport.epochLine(e, of: options.epochs))
            }
        }
        let test = try model.evaluate(testSet)
        let summary = TrainReport(report: report, test: test, model: model, kind: kind, options: options)
        return StepOutcome(StepResult(fields: summary.fields(), outputs: summary.outputs()), payload: model)
    }
}
