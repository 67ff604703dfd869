import Foundation
import LabData
import LabDocument
import LabEngine
import LiteFormat
import LiteQuantizer

/// `lab convert`: writes a `.tflite` file of a float model (a trained network, or a float32
/// `.tflite` such as TensorFlow's) as float32, float16, dynamic-range or full int8, calibrating
/// int8 on a representative set run through our Interpreter. Leaves the `LiteModel` as payload.
public enum ConvertStep: Step {
    public static let name = "convert"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("path", "text", "the .tflite file, relative to the page's files folder"),
        ResultField("size_bytes", "number", "the file's size in bytes", aliases: ["bytes", "size"]),
        ResultField("size_kb", "number", "the file's size in KB (1024 bytes)", aliases: ["kb"]),
        ResultField("deflated_bytes", "number", "what the file deflates to (its size in a .zip): zeros from pruning compress"),
        ResultField("deflated_kb", "number", "deflated_bytes in KB (1024 bytes)"),
        ResultField("variant", "text", "float32, float16, dynamic or int8"),
        ResultField("io", "text", "the input/output type: float, uint8 or int8"),
        ResultField("per_channel", "true/false", "one weight scale per output channel"),
        ResultField("weight_bits", "number or nothing", "the bits the weights were rounded to (float32 with weight_bits)"),
        ResultField("ops", "number", "operators in the graph"),
        ResultField("seconds", "number", "how long the conversion took, in seconds"),
        ResultField("calibration", "mapping", "int8 only: samples, source, method, dataset and tensors (each tensor's min, max, scale, zero_point)"),
    ])
    public static let summary = "writes a .tflite: float32, float16, dynamic-range or int8 (calibrated), with its size"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("model", .reference(["train", "prune"]), default: .null,
                      help: "the train (or prune) step whose network to export (or give 'path')"),
        ParameterSpec("path", .string, default: .null,
                      help: "a float32 .tflite file instead of 'model', relative to the current directory"),
        ParameterSpec("variant", .choice(ModelVariant.allCases.map(\.rawValue)), default: "float32",
                      help: "float32, float16, dynamic or int8"),
        ParameterSpec("io", .choice(IOType.allCases.map(\.rawValue)), default: "float",
                      help: "int8 only: the input/output type, float, uint8 or int8"),
        ParameterSpec("per_channel", .bool, default: true,
                      help: "one weight scale per output channel (false: one per tensor)"),
        ParameterSpec("calibration", .any, default: .null,
                      help: "int8 only: {samples, source: validation|train, method: minmax|percentile|entropy|mse, percentile}",
                      shape: .record([
                          .init("samples", .integer(min: CalibrationSettings.sampleRange.lowerBound, max: CalibrationSettings.sampleRange.upperBound),
                                help: "how many images (default: the lab parameter calibration_samples, else \(defaultSamples))"),
                          .init("source", .choice(CalibrationSettings.Source.allCases.map(\.rawValue)), help: "validation (default) or train"),
                          .init("method", .choice(CalibrationMethod.names), help: "how ranges are chosen (default minmax)"),
                          .init("percentile", .number(min: 50, max: 100), help: "for method percentile (default 99.99)"),
                      ])),
        ParameterSpec("dataset", .choice(DatasetKind.allCases.map(\.rawValue)), default: "mnist",
                      help: "the data set calibration samples come from (mnist or fashion-mnist)").preferringLabParameter(),
        ParameterSpec("signature", .bool, default: false, help: "write a serving_default signature"),
        ParameterSpec("weight_bits", .integer(min: 2, max: 8), default: .null,
                      help: "float32 only: round the weights per channel to this many bits, stored back as float (simulates low-bit weights)"),
    ]

    /// Calibration samples when neither `calibration.samples` nor the lab parameter
    /// `calibration_samples` says otherwise.
    public static let defaultSamples = 200

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if (p.string("model") == nil) == (p.string("path") == nil) {
            problems.append(Diagnostic(p.directive.location, "'convert' needs exactly one of 'model' and 'path'",
                                       hint: "model: a train step's id; path: a float32 .tflite file"))
        }
        if p.int("weight_bits") != nil, p.string("variant") != "float32" {
            problems.append(Diagnostic(p.location(of: "weight_bits"), "'weight_bits' needs variant: float32, got \(p.string("variant") ?? "")"))
        }
        guard let value = p.value("calibration") else { return problems }
        guard let record = value.record else {
            return problems + [Diagnostic(p.location(of: "calibration"),
                                          "'calibration' must be a mapping {samples, source, method, percentile}, got \(value.kindName)")]
        }
        do { _ = try CalibrationSettings(record, labSamples: nil) } catch {
            problems.append(Diagnostic(p.location(of: "calibration"), "\(error)"))
        }
        return problems
    }

    public static let labParameters = ["calibration_samples"]
    public static let labParameterSpecs = [
        ParameterSpec("calibration_samples", .integer(min: CalibrationSettings.sampleRange.lowerBound,
                                                      max: CalibrationSettings.sampleRange.upperBound),
                      default: .null, help: "calibration images of every convert step"),
    ]

    /// Only full-integer conversion reads data (the calibration images).
    public static func datasets(_ p: Parameters, labParams: Record) -> [DatasetKind] {
        p.string("variant") == ModelVariant.int8.rawValue ? p.datasets(labParams: labParams) : []
    }

    /// A float `.tflite` given by `path`.
    public static func inputFiles(_ p: Parameters) -> [String] { p.string("path").map { [$0] } ?? [] }

    /// The `.tflite` file the step writes in the artifacts folder.
    static func fileName(_ p: Parameters) -> String { "\(p.id).tflite" }

    /// A cached conversion's model is read back from its `.tflite` file.
    public static func restore(_ archive: Data?, _ p: Parameters, _ context: RunContext) throws -> (any Sendable)? {
        try LiteModel.read(contentsOf: context.artifactsDirectory.appendingPathComponent(fileName(p)))
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let variant = ModelVariant(rawValue: p.string("variant") ?? "") ?? .float32
        let io = IOType(rawValue: p.string("io") ?? "") ?? .float
        let settings = try CalibrationSettings(p.value("calibration")?.record ?? Record(),
                                               labSamples: context.labParams["calibration_samples"].flatMap {
                                                   LabInteger.exact($0, in: CalibrationSettings.sampleRange) })
        let options = QuantizationOptions(variant: variant, io: io, perChannel: p.bool("per_channel") ?? true,
                                          method: settings.method, keepSignature: p.bool("signature") ?? false,
                                          weightBits: p.int("weight_bits"))
        let source = try floatModel(p, context)
        let kind = try p.datasetKind(labParams: context.labParams)
        let start = Date()
        var samples: [[Float]] = []
        if variant == .int8 {
            samples = try settings.samples(from: DataDirectory.at(context.dataDirectory), kind: kind)
        }
        let converted: QuantizedModel
        do { converted = try Quantizer.convert(source, options: options, samples: samples) } catch {
            throw StepFailure("\(error)")
        }
        let bytes = converted.model.serialized()
        let seconds = Date().timeIntervalSince(start)
        let file = fileName(p)
        try FileManager.default.createDirectory(at: context.artifactsDirectory, withIntermediateDirectories: true)
        try Data(bytes).write(to: context.artifactsDirectory.appendingPathComponent(file), options: .atomic)

        var fields = Record()
        fields["path"] = .string(file)
        fields["size_bytes"] = .number(Double(bytes.count))
        fields["size_kb"] = .number(Double(bytes.count) / 1024)
        let deflated = Deflate.compressedSize(bytes)
        fields["deflated_bytes"] = .number(Double(deflated))
        fields["deflated_kb"] = .number(Double(deflated) / 1024)
        fields["variant"] = .string(variant.rawValue)
        fields["io"] = .string(options.io.rawValue)
        fields["per_channel"] = .bool(options.perChannel)
        fields["weight_bits"] = p.int("weight_bits").map { .number(Double($0)) } ?? .null
        fields["ops"] = .number(Double(converted.model.subgraphs[0].operators.count))
        fields["seconds"] = .number(seconds)
        if variant == .int8 { fields["calibration"] = .record(settings.record(converted.activations, kind: kind)) }
        let table = ResultTable(
            columns: ["file", "size", "ops", "variant"],
            rows: [[file, "\(bytes.count) bytes (\(String(format: "%.1f", Double(bytes.count) / 1024)) KB)",
                    opSummary(converted.model), variant == .int8 ? "int8, \(options.io.rawValue) i/o" : variant.rawValue]],
            alignments: [.none, .right, .none, .none])
        return StepOutcome(StepResult(fields: fields, outputs: [.table(table)], artifacts: [file]), payload: converted.model)
    }

    /// The float model: a `.tflite` file, or the network a train step left.
    static func floatModel(_ p: Parameters, _ context: RunContext) throws -> LiteModel {
        if let path = p.string("path") {
            do { return try LiteModel.read(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw StepFailure("cannot read '\(path)': \(error)", hint: "give a float32 .tflite file")
            }
        }
        let id = p.string("model") ?? ""
        if let model = try context.liteModelPayload(of: id) { return model }
        let network = try context.payload(of: id, as: Sequential.self)
        do { return try LiteExport.export(network) } catch {
            throw StepFailure("cannot export '\(id)' as a .tflite model: \(error)")
        }
    }

    /// "CONV_2D×2, MAX_POOL_2D×2, …" in order of first use.
    static func opSummary(_ model: LiteModel) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for op in model.subgraphs[0].operators {
            let name = model.operatorCodes[Int(op.opcodeIndex)].builtin.name
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0)×\(counts[$0]!)" : $0 }.joined(separator: ", ")
    }
}
