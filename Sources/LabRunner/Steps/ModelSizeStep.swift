import Foundation
import LabDocument

/// `lab model_size`: parameters and storage of one or more layer lists, before and after int8
/// quantization, without training anything (the chapter's Example 3).
///
/// Sizes: float32 stores every parameter in 4 bytes. int8 stores weights in 1 byte and biases in
/// 4 (int32, as TFLite does); batchnorm's per-channel values count as biases. Per-tensor scales and
/// zero points and the file's own overhead are left out. KB = 1,024 bytes.
public struct ModelSizeStep: Step {
    public static let name = "model_size"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields(ModelSize.fieldList + [
        ResultField("models", "mapping", "with `models`: each model's name → the fields above"),
    ], open: "with `models`, each model's name (ID.NAME.params, or ID.models[\"Small MNIST\"].params)")
    public static let summary = "parameters, output shapes and float32/int8 sizes of layer lists"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("input", .any, default: [28, 28, 1], help: "input shape [height, width, channels]"),
        ParameterSpec("layers", .any, default: .null,
                      help: "layer list: conv2d, depthwise_conv2d, maxpool2d, avgpool2d, global_avgpool, flatten, dense, batchnorm",
                      shape: .layers(SizedLayer.shape)),
        ParameterSpec("models", .any, default: .null,
                      help: "several named models to compare: name → layer list, or name → {input, layers}"),
    ]

    /// A named layer list on an input shape.
    struct Model {
        var name: String
        var input: [Int]
        var layers: [SizedLayer]
    }

    public static func validate(_ params: Parameters) -> [Diagnostic] {
        do {
            _ = try models(params)
            return []
        } catch let problem as ParameterProblem {
            return [Diagnostic(params.location(of: problem.key), problem.message, hint: problem.hint)]
        } catch {
            return [Diagnostic(params.directive.location, "\(error)")]
        }
    }

    public static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome {
        let specs: [Model]
        do { specs = try models(params) } catch let problem as ParameterProblem {
            throw StepFailure(problem.message, hint: problem.hint)
        }
        let sized = try specs.map { try ModelSize(model: $0) }
        var fields = Record()
        var outputs: [Output] = []
        if params.value("models") == nil, let only = sized.first {
            fields = only.fields()
            outputs.append(.table(only.layerTable(caption: nil)))
        } else {
            // `sizes.models["Small MNIST"].params`; names that are plain words also work as `sizes.small.params`.
            fields["models"] = .record(Record(sized.map { ($0.model.name, .record($0.fields())) }))
            for m in sized where m.model.name != "models" { fields[m.model.name] = .record(m.fields()) }
            outputs.append(.table(summaryTable(sized)))
            outputs.append(.chart(Chart(kind: .groupedBar, title: "Model size: float32 vs int8", xLabel: "model", yLabel: "KB",
                                        categories: sized.map(\.model.name),
                                        series: [.init(name: "float32", y: sized.map(\.float32KB)),
                                                 .init(name: "int8", y: sized.map(\.int8KB))])))
            outputs += sized.map { .table($0.layerTable(caption: $0.model.name)) }
        }
        return StepOutcome(StepResult(fields: fields, outputs: outputs))
    }

    static func summaryTable(_ sized: [ModelSize]) -> ResultTable {
        ResultTable(columns: ["model", "params", "float32 KB", "int8 KB", "reduction"],
                    rows: sized.map {
                        [$0.model.name, Filters.fixed(Double($0.params), 0), Filters.fixed($0.float32KB, 1),
                         Filters.fixed($0.int8KB, 1), String(format: "%.2f×", $0.reduction)]
                    },
                    alignments: [.none, .right, .right, .right, .right])
    }

    /// The model(s) the parameters describe: `layers` on `input`, or each entry of `models`.
    static func models(_ params: Parameters) throws -> [Model] {
        let input = try shape(params.value("input") ?? [28, 28, 1], key: "input")
        switch (params.value("layers"), params.value("models")) {
        case (nil, nil):
            throw ParameterProblem(key: "layers", message: "model_size needs 'layers' or 'models'",
                                   hint: "e.g. layers: [{conv2d: {filters: 16, kernel: 3}}, flatten, {dense: {units: 10}}]")
        case (_?, _?):
            throw ParameterProblem(key: "models", message: "give either 'layers' or 'models', not both")
        case (let layers?, nil):
            return [Model(name: params.id, input: input, layers: try layerList(layers, key: "layers"))]
        case (nil, let models?):
            guard let record = models.record, !record.isEmpty else {
                throw ParameterProblem(key: "models", message: "'models' must be a mapping of model names to layer lists")
            }
            return try record.pairs.map { name, value in
                if let r = value.record {
                    if let unknown = r.keys.first(where: { !["input", "layers"].contains($0) }) {
                        throw ParameterProblem(key: "models", message: "model '\(name)': unknown key '\(unknown)'",
                                               hint: "a model is a layer list or {input, layers}")
                    }
                    return Model(name: name, input: try r["input"].map { try shape($0, key: "models") } ?? input,
                                 layers: try layerList(r["layers"] ?? .null, key: "models", model: name))
                }
                return Model(name: name, input: input, layers: try layerList(value, key: "models", model: name))
            }
        }
    }

    private static func shape(_ v: Value, key: String) throws -> [Int] {
        let dims = v.list?.compactMap(\.number) ?? []
        guard (1...3).contains(dims.count), dims.count == v.list?.count,
              dims.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 <= 100_000 }) else {
            throw ParameterProblem(key: key, message: "'\(key)' must be a shape like [28, 28, 1]")
        }
        return dims.map { Int($0) }
    }

    private static func layerList(_ v: Value, key: String, model: String? = nil) throws -> [SizedLayer] {
        guard let items = v.list, !items.isEmpty else {
            let whose = model.map { "model '\($0)': " } ?? ""
            throw ParameterProblem(key: key, message: "\(whose)layers must be a non-empty list")
        }
        return try items.enumerated().map { i, item in
            do { return try SizedLayer.parse(item, index: i) } catch var problem as ParameterProblem {
                problem.key = key
                if let model { problem.message = "model '\(model)', " + problem.message }
                throw problem
            }
        }
    }

}

/// A model's shapes, parameter counts and sizes, layer by layer.
struct ModelSize {
    struct Row {
        var layer: SizedLayer
        var output: [Int]
        var count: SizedLayer.Count
        /// Multiply-adds of one inference: every weight of a convolution is used once per output
        /// position, every weight of a dense layer once.
        var macs: Int {
            switch layer {
            case .conv2d, .depthwiseConv2d, .dense: return count.weights * output.dropLast().reduce(1, *)
            default: return 0
            }
        }
    }
    var model: ModelSizeStep.Model
    var rows: [Row] = []

    init(model: ModelSizeStep.Model) throws {
        self.model = model
        var shape = model.input
        for (i, layer) in model.layers.enumerated() {
            let (out, count) = try layer.apply(to: shape, index: i)
            rows.append(Row(layer: layer, output: out, count: count))
            shape = out
        }
    }

    var weights: Int { rows.reduce(0) { $0 + $1.count.weights } }
    var biases: Int { rows.reduce(0) { $0 + $1.count.biases } }
    var params: Int { weights + biases }
    var macs: Int { rows.reduce(0) { $0 + $1.macs } }
    var float32Bytes: Int { 4 * params }
    /// int8 weights, int32 biases.
    var int8Bytes: Int { weights + 4 * biases }
    var float32KB: Double { Double(float32Bytes) / 1024 }
    var int8KB: Double { Double(int8Bytes) / 1024 }
    var reduction: Double { int8Bytes > 0 ? Double(float32Bytes) / Double(int8Bytes) : 1 }

    /// The fields `fields()` reports.
    static let fieldList = [
        ResultField("params", "number", "parameters (weights and biases)", aliases: ["parameters"]),
        ResultField("macs", "number", "multiply-adds for one input (convolutions and dense layers)"),
        ResultField("weights", "number", "weights"),
        ResultField("biases", "number", "biases"),
        ResultField("float32_bytes", "number", "size with float32 parameters, in bytes"),
        ResultField("int8_bytes", "number", "size with int8 weights and int32 biases, in bytes"),
        ResultField("float32_kb", "number", "float32 size in KB"),
        ResultField("int8_kb", "number", "int8 size in KB"),
        ResultField("reduction", "number", "float32 size over int8 size"),
        ResultField("input", "list of numbers", "the input shape"),
        ResultField("output", "list of numbers", "the output shape"),
        ResultField("layers", "list of mappings", "per layer: layer, output (shape), params"),
    ]

    func fields() -> Record {
        Record([
            ("params", .number(Double(params))), ("macs", .number(Double(macs))), ("weights", .number(Double(weights))), ("biases", .number(Double(biases))),
            ("float32_bytes", .number(Double(float32Bytes))), ("int8_bytes", .number(Double(int8Bytes))),
            ("float32_kb", .number(float32KB)), ("int8_kb", .number(int8KB)), ("reduction", .number(reduction)),
            ("input", .list(model.input.map { .number(Double($0)) })),
            ("output", .list((rows.last?.output ?? model.input).map { .number(Double($0)) })),
            ("layers", .list(rows.map { row in
                .record(Record([("layer", .string(row.layer.label)),
                                ("output", .list(row.output.map { .number(Double($0)) })),
                                ("params", .number(Double(row.count.total))),
                                ("macs", .number(Double(row.macs)))]))
            })),
        ])
    }

    func layerTable(caption: String?) -> ResultTable {
        func count(_ n: Int) -> String { Filters.fixed(Double(n), 0) }
        var body = [["input", SizedLayer.describe(model.input), "", "", ""]]
        body += rows.map { r in
            [r.layer.label, SizedLayer.describe(r.output), count(r.count.total),
             count(4 * r.count.total), count(r.count.weights + 4 * r.count.biases)]
        }
        body.append(["total", "", count(params), count(float32Bytes), count(int8Bytes)])
        return ResultTable(columns: ["layer", "output", "params", "float32 B", "int8 B"], rows: body,
                           alignments: [.none, .right, .right, .right, .right], caption: caption)
    }
}
