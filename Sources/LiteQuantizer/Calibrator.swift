import LiteFormat
import LiteRuntime

/// Runs the float model in our Interpreter on representative samples, one at a time, and
/// records for every float activation the global minimum and maximum over all samples
/// (TensorFlow's calibrator does the same), plus all values when the method needs a histogram.
struct Calibrator {
    let model: LiteModel
    private(set) var statistics: [Int32: TensorStatistics] = [:]
    let keepValues: Bool
    private let interpreter: Interpreter
    private let tracked: [Int32]
    private let inputCount: Int

    init(_ model: LiteModel, keepValues: Bool) throws {
        self.model = model
        self.keepValues = keepValues
        do {
            // Every activation is observed, so no CONV_2D output may be skipped by a fused pool.
            interpreter = try Interpreter(model: model, options: InterpreterOptions(fusesPools: false))
        } catch {
            throw QuantizerError.calibrationFailed("the float model does not load: \(error)")
        }
        let graph = model.subgraphs[0]
        var tracked = graph.inputs
        for op in graph.operators { tracked += op.outputs }
        self.tracked = tracked.filter { graph.tensors[Int($0)].type == .float32 }
        inputCount = interpreter.inputs.first.map { $0.shape.reduce(1, *) } ?? 0
    }

    mutating func observe(_ sample: [Float], index: Int) throws {
        guard sample.count == inputCount else {
            throw QuantizerError.sampleSize(index: index, got: sample.count, expected: inputCount)
        }
        do {
            try interpreter.setInput(sample)
            interpreter.invoke()
            for t in tracked {
                let values = try interpreter.realValues(tensor: Int(t))
                values.withUnsafeBufferPointer { statistics[t, default: TensorStatistics()].observe($0, keepValues: keepValues) }
            }
        } catch {
            throw QuantizerError.calibrationFailed("sample \(index): \(error)")
        }
    }

    /// Ranges per tensor; graph inputs always keep their observed min/max, since their
    /// quantization is part of the model's interface (e.g. pixel/255 → scale 1/255).
    func ranges(method: CalibrationMethod) -> [Int32: (min: Float, max: Float)] {
        let inputs = Set(model.subgraphs.first?.inputs ?? [])
        return statistics.mapValues { $0.range(method: method) }.reduce(into: [:]) { result, entry in
            result[entry.key] = inputs.contains(entry.key) ? statistics[entry.key]!.range(method: .minMax) : entry.value
        }
    }
}

/// Running extremes of one tensor over the calibration samples, plus its values if kept.
struct TensorStatistics {
    var min = Float.infinity
    var max = -Float.infinity
    var values: [Float] = []

    mutating func observe(_ buffer: UnsafeBufferPointer<Float>, keepValues: Bool) {
        for x in buffer where !x.isNaN {
            if x < min { min = x }
            if x > max { max = x }
        }
        if keepValues { values.append(contentsOf: buffer) }
    }

    func range(method: CalibrationMethod) -> (min: Float, max: Float) {
        guard min <= max else { return (0, 0) }
        if method == .minMax || values.isEmpty { return (min, max) }
        return RangeEstimator.range(of: values, method: method)
    }
}
