import LiteFormat

/// Settings of one conversion: the one options value `labrun quantize` and the `convert` step both map
/// their inputs to before calling `Quantizer.convert`.
public struct QuantizationOptions: Sendable, Equatable {
    public var variant: ModelVariant
    /// Input/output type of an int8 model; always `.float` for the other variants (set by `init`).
    public var io: IOType
    /// Per-channel weight scales (TensorFlow's default); `false` uses one scale per tensor.
    public var perChannel: Bool
    /// How calibration turns observed values into ranges (int8 only).
    public var method: CalibrationMethod
    /// Writes a `serving_default` signature (TensorFlow's Python API looks models up by it).
    public var keepSignature: Bool
    /// Dynamic range: smaller weight tensors stay float32 (TensorFlow: 1024).
    public var minimumElementsForWeights: Int
    /// Rounds the float weights per channel to this many bits (2…8) before converting (`WeightOnlyRounding`).
    public var weightBits: Int?

    public init(variant: ModelVariant, io: IOType = .float, perChannel: Bool = true, method: CalibrationMethod = .minMax,
                keepSignature: Bool = false, minimumElementsForWeights: Int = 1024, weightBits: Int? = nil) {
        self.variant = variant
        self.io = variant == .int8 ? io : .float
        self.weightBits = weightBits
        self.perChannel = perChannel
        self.method = method
        self.keepSignature = keepSignature
        self.minimumElementsForWeights = minimumElementsForWeights
    }
}

/// A converted model and, for int8, what was decided for each activation.
public struct QuantizedModel: Sendable {
    public var model: LiteModel
    /// int8 only: one entry per activation tensor, in the written model's tensor order.
    public var activations: [ActivationRange]
}

/// Converts a float32 `.tflite` model (ours or TensorFlow's) into one of the four variants.
///
/// Every variant first goes through the same clean-up: a static batch of 1, one RESHAPE
/// with a constant shape, short tensor names, no metadata and no signature unless asked.
public enum Quantizer {
    /// Converts `model`. For `.int8`, `samples` are the calibration inputs: each one holds
    /// the model input's values (e.g. 784 pixels/255), run one at a time through the float
    /// model in the Interpreter. Tensors that carry min/max (QAT) use those instead.
    public static func convert(_ model: LiteModel, options: QuantizationOptions,
                               samples: [[Float]] = []) throws -> QuantizedModel {
        var editor = try GraphEditor(try rounded(model, options))
        try GraphSimplifier.simplify(&editor)
        var ranges: [Int32: (min: Float, max: Float)] = [:]
        if options.variant == .int8, !allRangesRecorded(editor) {
            ranges = try calibrate(editor, samples: samples, method: options.method)
        }
        return try finish(editor, options: options, ranges: ranges)
    }

    /// Runs the float model on `samples` and returns each float activation's range, keyed by
    /// tensor index in `model`, ready for `convert(_:options:ranges:)` (so several variants
    /// can share one calibration).
    public static func calibrate(_ model: LiteModel, samples: [[Float]],
                                 method: CalibrationMethod = .minMax) throws -> [Int: (min: Float, max: Float)] {
        var editor = try GraphEditor(model)
        try GraphSimplifier.simplify(&editor)
        let ranges = try calibrate(editor, samples: samples, method: method)
        return Dictionary(uniqueKeysWithValues: ranges.map { (Int($0.key), $0.value) })
    }

    private static func calibrate(_ editor: GraphEditor, samples: [[Float]],
                                  method: CalibrationMethod) throws -> [Int32: (min: Float, max: Float)] {
        guard !samples.isEmpty else { throw QuantizerError.noCalibrationData }
        var calibrator = try Calibrator(editor.model, keepValues: method.needsValues)
        for (i, sample) in samples.enumerated() { try calibrator.observe(sample, index: i) }
        return calibrator.ranges(method: method)
    }

    /// Converts `model` with ranges already known, keyed by tensor index in `model`
    /// (e.g. from an earlier calibration, or computed elsewhere).
    public static func convert(_ model: LiteModel, options: QuantizationOptions,
                               ranges: [Int: (min: Float, max: Float)]) throws -> QuantizedModel {
        var editor = try GraphEditor(try rounded(model, options))
        try GraphSimplifier.simplify(&editor)
        let keyed = Dictionary(uniqueKeysWithValues: ranges.map { (Int32($0.key), $0.value) })
        return try finish(editor, options: options, ranges: keyed)
    }

    private static func finish(_ simplified: GraphEditor, options: QuantizationOptions,
                               ranges: [Int32: (min: Float, max: Float)]) throws -> QuantizedModel {
        var editor = simplified
        var decided: [Int32: ActivationRange] = [:]
        switch options.variant {
        case .float32:
            break
        case .float16:
            Float16Conversion.apply(&editor)
        case .dynamic:
            DynamicRangeQuantization.apply(&editor, perChannel: options.perChannel,
                                           minimumElements: options.minimumElementsForWeights)
        case .int8:
            decided = try Int8Quantization.apply(&editor, ranges: ranges, io: options.io, perChannel: options.perChannel)
        }
        let names = TensorNamer.names(editor)
        let written = ModelCompactor.compact(editor, keepSignature: options.keepSignature)
        let position = Dictionary(uniqueKeysWithValues: written.subgraphs[0].tensors.enumerated().compactMap { i, t in
            t.name.map { ($0, i) }
        })
        let activations = decided.compactMap { t, record -> (Int, ActivationRange)? in
            guard let name = names[t], let index = position[name] else { return nil }
            var renamed = record
            renamed.tensor = name
            return (index, renamed)
        }.sorted { $0.0 < $1.0 }.map(\.1)
        return QuantizedModel(model: written, activations: activations)
    }

    /// `model` with its weights rounded to `options.weightBits`, or as it is.
    private static func rounded(_ model: LiteModel, _ options: QuantizationOptions) throws -> LiteModel {
        guard let bits = options.weightBits else { return model }
        return try WeightOnlyRounding.apply(model, bits: bits)
    }

    /// True when every float activation already carries min/max (a QAT export).
    private static func allRangesRecorded(_ editor: GraphEditor) -> Bool {
        var activations = Set(editor.graph.inputs)
        for op in editor.graph.operators { activations.formUnion(op.outputs) }
        return activations.allSatisfy { t in
            let q = editor.tensor(t).quantization
            return !(q?.min.isEmpty ?? true) && !(q?.max.isEmpty ?? true)
        }
    }
}
