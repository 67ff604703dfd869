import Foundation
import LabData
import LabDocument

/// `lab dataset`: loads a data set and describes it: split sizes, class counts and a grid of
/// sample images. Leaves the loaded `DatasetSplits` as its payload for later steps.
public struct DatasetStep: Step {
    public static let name = "dataset"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("name", "text", "mnist or fashion-mnist"),
        ResultField("train_count", "number", "images in the training file (train and validation together)"),
        ResultField("validation_count", "number", "images held out of the training file for validation (the last 10%)"),
        ResultField("train_split_count", "number", "images left to train on (the first 90%)"),
        ResultField("test_count", "number", "images in the test file"),
        ResultField("classes", "list of text", "the class names"),
        ResultField("class_counts", "mapping", "training images per class name"),
        ResultField("image_size", "number", "image height (and width) in pixels"),
    ])
    public static let summary = "loads a data set and shows its splits, class counts and sample images"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("name", .choice(DatasetKind.allCases.map(\.rawValue)), default: .null,
                      help: "mnist or fashion-mnist (default: the lab parameter 'dataset', else mnist)"),
        ParameterSpec("samples", .integer(min: 0, max: 200), default: 20, help: "images in the sample grid"),
        ParameterSpec("columns", .integer(min: 1, max: 40), default: 10, help: "columns of the sample grid"),
    ]

    public static let labParameters = ["dataset"]

    public static func datasets(_ params: Parameters, labParams: Record) -> [DatasetKind] {
        params.datasets("name", labParams: labParams)
    }

    private static func load(_ kind: DatasetKind, _ context: RunContext) throws -> DatasetSplits {
        do { return try DataDirectory.at(context.dataDirectory).loadSplits(kind) } catch {
            throw StepFailure("\(error)")
        }
    }

    /// The splits of a cached result are loaded again from the data folder.
    public static func restore(_ archive: Data?, _ params: Parameters, _ context: RunContext) throws -> (any Sendable)? {
        try load(params.datasetKind("name", labParams: context.labParams), context)
    }

    public static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome {
        let splits = try load(params.datasetKind("name", labParams: context.labParams), context)
        let description = DatasetDescription(splits: splits)
        var outputs: [Output] = [.table(description.countsTable()), .chart(description.classChart())]
        let samples = params.int("samples") ?? 20
        if samples > 0 {
            outputs.append(.images(description.sampleGrid(count: samples, columns: params.int("columns") ?? 10)))
        }
        return StepOutcome(StepResult(fields: description.fields(), outputs: outputs), payload: splits)
    }
}

/// Counts, tables and pictures describing loaded splits.
struct DatasetDescription {
    var splits: DatasetSplits

    func fields() -> Record {
        let all = splits.trainAll
        let counts = all.classCounts
        return Record([
            ("name", .string(splits.kind.rawValue)),
            ("train_count", .number(Double(all.count))),
            ("validation_count", .number(Double(DatasetSplit.validation.range(inFileOf: all.count).count))),
            ("train_split_count", .number(Double(DatasetSplit.train.range(inFileOf: all.count).count))),
            ("test_count", .number(Double(splits.test.count))),
            ("classes", .list(all.classNames.map { .string($0) })),
            ("class_counts", .record(Record(zip(all.classNames, counts).map { ($0, .number(Double($1))) }))),
            ("image_size", .number(Double(all.rows))),
        ])
    }

    func countsTable() -> ResultTable {
        let all = splits.trainAll.count
        let rows: [(String, Int, String)] = [
            ("train (first 90%)", DatasetSplit.train.range(inFileOf: all).count, "fitting the weights"),
            ("validation (last 10%)", DatasetSplit.validation.range(inFileOf: all).count, "watching for overfitting"),
            ("test", splits.test.count, "the final score"),
        ]
        return ResultTable(columns: ["split", "images", "used for"],
                           rows: rows.map { [$0.0, Filters.fixed(Double($0.1), 0), $0.2] },
                           alignments: [.none, .right, .none],
                           caption: "\(splits.kind.displayName): \(Filters.fixed(Double(all), 0)) training images of"
                               + " \(splits.trainAll.rows)×\(splits.trainAll.columns) pixels in \(splits.trainAll.classNames.count) classes")
    }

    func classChart() -> Chart {
        let all = splits.trainAll
        return Chart(kind: .bar, title: "Training images per class", xLabel: "class", yLabel: "images",
                     categories: all.classNames, series: [.init(name: "train", y: all.classCounts.map(Double.init))])
    }

    /// The first image of each class in class order, then further images in file order.
    func sampleGrid(count: Int, columns: Int) -> ImageGrid {
        let data = splits.trainAll
        var picked: [Int] = []
        for label in data.classNames.indices {
            if picked.count < count, let i = data.labels.firstIndex(of: UInt8(label)) { picked.append(i) }
        }
        var next = 0
        while picked.count < min(count, data.count) {
            if !picked.contains(next) { picked.append(next) }
            next += 1
        }
        return ImageGrid(width: data.columns, height: data.rows, columns: columns,
                         images: picked.map { Array(data.image($0)) },
                         labels: picked.map { data.classNames[Int(data.labels[$0])] })
    }
}
